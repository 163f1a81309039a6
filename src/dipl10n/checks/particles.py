"""The ``particles`` check (Korean catalogs): a particle after a glossary term or a date that disagrees with it.

``NATO을`` for ``NATO를``: the particle must agree with how the word is read
(NATO is 나토, which ends in a vowel). How Korean particles agree is
:mod:`dipl10n.lang.particle_agreement`'s business; the words come from the
glossary (with the reading it gives) and the source's dates.
"""

from __future__ import annotations

from collections.abc import Iterator

import polib

from dipl10n.checks.registry import ERROR, CheckContext, check
from dipl10n.checks.text import quote, texts
from dipl10n.errors import InputError
from dipl10n.lang.dates import find_dates


@check("particles", ERROR)
def check_particles(entry: polib.POEntry, context: CheckContext) -> Iterator[str]:
    """A Korean particle that disagrees with the glossary term or date it is attached to."""
    from dipl10n.lang.particle_agreement import particle_disagreements

    msgid, msgstr = texts(entry)
    if not msgstr or not context.korean:
        return
    from dipl10n.terms.mentions import accepted

    words: dict[str, str | None] = {}
    for match in context.glossary.find(msgid):
        for form in accepted(match, context.lang, msgid):
            if form in msgstr:
                # The reading is that of the preferred form (a Latin form such as NATO).
                words.setdefault(form, match.term.reading if form == match.term.target(context.lang) else None)
    for date in find_dates(msgid):
        if date.ko in msgstr:
            words.setdefault(date.ko, None)
    try:
        issues = particle_disagreements(msgstr, words.items())
    except InputError:
        return
    for issue in issues:
        yield (
            f"{quote(issue.word + issue.found)} should be {quote(issue.word + issue.expected)}: "
            f"the particle must agree with how {issue.word!r} is read"
        )
