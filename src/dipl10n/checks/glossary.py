"""The ``glossary`` check: every glossary mention of the source said in the translation, no forbidden form.

What counts as saying a mention (a name and its acronym, fused compounds and
lists of names, the readers' own country before a title, admitted forms) is
:mod:`dipl10n.terms.mentions`'s business; this module turns what it finds
into messages, and reports the ``# term-missing:`` notes drafting left.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import polib

from dipl10n.checks.registry import ERROR, CheckContext, check
from dipl10n.checks.text import quote, texts
from dipl10n.po.states import missing_terms

if TYPE_CHECKING:
    from dipl10n.terms.mentions import Mention


@check("glossary", ERROR)
def check_glossary(entry: polib.POEntry, context: CheckContext) -> Iterator[str]:
    """A glossary mention of the source that the translation does not say; a forbidden rendering."""
    from dipl10n.terms.mentions import accepted, forbidden_forms, mentions, said

    msgid, msgstr = texts(entry)
    reported: set[str] = set()
    if msgstr:
        seen: set[str] = set()
        for mention in mentions(context.glossary, msgid, context.lang):
            usable = [m for m in mention.matches if accepted(m, context.lang, msgid)]
            if not usable or mention.text in seen or said(mention, msgstr, source=msgid, lang=context.lang):
                continue
            seen.add(mention.text)
            reported.update(m.term.label for m in mention.matches)
            yield _unsaid(mention, msgid, context.lang)
        for match in context.glossary.find(msgid):
            for form in forbidden_forms(match.term, msgstr, context.lang):
                preferred = match.term.target(context.lang, matched=match.form)
                yield f"{quote(form)} is a forbidden rendering of {quote(match.form)}; use {quote(preferred or '')}"
    for label in sorted(missing_terms(entry)):
        if label in reported:
            continue
        yield (
            f"machine translation lost {quote(label.replace('_', ' '))} (term-missing: {label}): put its "
            "approved form in; the note goes once the term is there"
        )


def _unsaid(mention: Mention, source: str, lang: str) -> str:
    """The message for a mention the translation does not say."""
    from dipl10n.terms.mentions import accepted

    if mention.kind in ("compound", "list"):
        names = []
        for unit in mention.units:
            match = unit.matches[0]
            forms = accepted(match, lang, source)
            combining = match.term.renderings(lang).combining
            names.append(forms[0] + (f" ({combining[0]}-)" if combining else ""))
        return (
            f"{quote(mention.text)} needs its names in the translation: {', '.join(names)}, "
            "each on its own or fused in one word"
        )
    first = mention.matches[0]
    if first.term.dnt:
        return f"{quote(first.form)} must stay as written (do not translate)"
    forms = [f for m in mention.matches for f in accepted(m, lang, source)]
    preferred, others = forms[0], list(dict.fromkeys(forms[1:]))
    also = f" (or {', '.join(quote(f) for f in others)})" if others else ""
    return f"{quote(mention.text)} needs its approved translation {quote(preferred)}{also}"
