"""Checks of an entry's state rather than its wording: untranslated, fuzzy, msgcat conflicts, control characters.

``untranslated`` and ``fuzzy`` are warnings that :mod:`dipl10n.checks.report`
counts per catalog instead of listing them (``COLLAPSED``); ``conflict`` and
``controls`` are errors, and such a translation is never published
(``build`` shows the source sentence instead).
"""

from __future__ import annotations

from collections.abc import Iterator

import polib

from dipl10n.checks.registry import ERROR, WARNING, CheckContext, check
from dipl10n.checks.text import texts
from dipl10n.fs.controls import IN_TEXT, control_name
from dipl10n.po.model import has_conflict_markers, msgstrs, translation
from dipl10n.po.states import State, entry_state, is_stale


@check("untranslated", WARNING)
def check_untranslated(entry: polib.POEntry, context: CheckContext) -> Iterator[str]:
    """An entry without a translation."""
    _, msgstr = texts(entry)
    if not msgstr:
        yield "not translated yet"


_OUT_OF_DATE = "out of date: the source sentence changed since this translation was reviewed ({}); update it and clear the fuzzy mark"
_FUZZY_MESSAGES = {
    State.MACHINE_DRAFT: "machine draft: review it and clear the fuzzy mark",
    State.OUT_OF_DATE: _OUT_OF_DATE.format("#| shows the old one"),
    State.HUMAN_FUZZY: "translation marked fuzzy: review it and clear the fuzzy mark",
}
_STALE_DRAFT = (
    "machine draft of an earlier version of this sentence (its source changed): shown in English until "
    "a run with machine translation drafts it again, or a person translates it"
)


@check("fuzzy", WARNING)
def check_fuzzy(entry: polib.POEntry, context: CheckContext) -> Iterator[str]:
    """A translation waiting for review: a machine draft, an out-of-date translation, a person's fuzzy text."""
    state = entry_state(entry)
    if state is State.MACHINE_DRAFT and is_stale(entry):
        yield _STALE_DRAFT
    elif state is State.OUT_OF_DATE and entry.previous_msgid is None:
        yield _OUT_OF_DATE.format("the old one is not known")
    elif state in _FUZZY_MESSAGES:
        yield _FUZZY_MESSAGES[state]


@check("conflict", ERROR)
def check_conflict(entry: polib.POEntry, context: CheckContext) -> Iterator[str]:
    """``msgcat`` conflict markers: two catalogs translated the sentence differently and msgcat kept both."""
    if has_conflict_markers(translation(entry)):
        yield (
            "the translation holds msgcat conflict markers (#-#-#-#-#  file  #-#-#-#-#): keep one version, "
            "delete the marker lines and the other version; it is not published until then"
        )


@check("controls", ERROR)
def check_controls(entry: polib.POEntry, context: CheckContext) -> Iterator[str]:
    """Control characters in a translation (every plural form): never published, never written to a page."""
    found = [m.group() for form in msgstrs(entry) for m in IN_TEXT.finditer(form)]
    if found:
        names = ", ".join(control_name(c) for c in dict.fromkeys(found))
        yield (
            f"control character{'s' if len(found) > 1 else ''} {names} in the translation: terminals obey them "
            "(an ESC sequence can set the title or the clipboard) and editors hide them; delete "
            f"{'them' if len(found) > 1 else 'it'}; the translation is not published until then"
        )
