"""The ``numbers`` check: every number and date of the source in the translation, in any form it may take.

``1,000`` = ``1000`` = ``천``, ``July 11`` = ``7월 11일``; the year and month
the article's own date gives may go unsaid (``11일``). What a number or a date
is, and which forms are the same, is :mod:`dipl10n.lang.dates`'s business.
"""

from __future__ import annotations

from collections.abc import Iterator

import polib

from dipl10n.checks.registry import ERROR, CheckContext, check
from dipl10n.checks.text import masked, quote, texts
from dipl10n.lang.dates import find_dates, find_korean_dates, find_numbers, number_values
from dipl10n.lang.dates import missing_dates as dates_missing


def _without_terms(msgid: str, msgstr: str, context: CheckContext) -> tuple[str, str]:
    """Both texts with glossary terms blanked out: a number inside a term (IP4) is the term's business."""
    from dipl10n.terms.mentions import accepted

    matches = context.glossary.find(msgid)
    source = masked(msgid, [(m.start, m.end) for m in matches])
    target = msgstr
    for match in matches:
        for form in sorted(accepted(match, context.lang, msgid), key=len, reverse=True):
            target = target.replace(form, " ")
    return source, target


@check("numbers", ERROR)
def check_numbers(entry: polib.POEntry, context: CheckContext) -> Iterator[str]:
    """A number or date of the source that the translation lacks in every locale form."""
    msgid, msgstr = texts(entry)
    if not msgstr:
        return
    source, target = _without_terms(msgid, msgstr, context)
    numbers, translated = number_values(source), number_values(target)
    missing = numbers - translated
    if missing:
        written = {n.value: n.text for n in find_numbers(source)}
        extra = translated - numbers
        instead = ""
        if extra:
            shown = {n.value: n.text for n in find_numbers(target)}
            instead = f" (the translation has {', '.join(shown.get(v, str(v)) for v in extra)})"
        for value in missing:
            yield f"number {quote(written.get(value, str(value)))} of the source is missing{instead}"
    missing_dates = dates_missing(source, target, article=context.article)
    if missing_dates:
        found = sorted(find_korean_dates(target) + find_dates(target), key=lambda d: d.start)
        instead = f" (the translation has {', '.join(d.text for d in found)})" if found else ""
        for date in missing_dates:
            if date.ko != date.text and context.korean:
                what = f"date {quote(date.text)} (in Korean {quote(date.ko)})"
            else:
                what = f"date {quote(date.text)}"
            yield f"{what} of the source is missing{instead}"
