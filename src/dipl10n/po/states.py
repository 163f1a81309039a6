"""Provenance and state of a catalog entry: one state, decided in one place, named the same everywhere.

dipl10n records who or what filled a translation in translator comments (see
:mod:`dipl10n.po.catalog` for why there)::

    # origin: machine translation (argos translate-en_ko 1.1) #1a2b3c4d
    # origin: machine translation (argos translate-en_ko 1.1), approved #1a2b3c4d
    # origin: machine translation (argos translate-en_ko 1.1) #1a2b3c4d
    # edited by Kim Min-ji, 2026-12-07
    # for source #5e6f7a8b
    # origin: glossary (glossary.csv:2) #fbcd7a19
    # origin: translation memory, reviewed in locales/ko/LC_MESSAGES/a.po #0c1d2e3f
    # rejected: machine translation (argos translate-en_ko 1.1)
    # term-missing: Secretary_General

The digest of an ``origin:`` line is that of the text filled in: while the
msgstr still has it, nobody has edited the text. The ``for source`` line holds
the digest of the source sentence (msgctxt and msgid) the translation was made
or approved for: an entry whose source no longer matches it is *stale*,
whatever a tool did with the previous msgid (``#|``: GNU msgmerge writes none
for an entry that was already fuzzy, plain msgmerge, Babel and XLIFF drop it).
From these, the fuzzy mark and ``#|``, :func:`entry_state` decides the one
:class:`State` of an entry:

=================  =======================================================
state              meaning
=================  =======================================================
``untranslated``   no translation
``glossary``       filled from the glossary, untouched
``memory``         filled from a translation reviewed in another catalog
``machine_draft``  machine translation nobody has edited or approved (fuzzy)
``approved``       a machine draft a reviewer approved unchanged (fuzzy cleared)
``reviewed``       a translation a person wrote or edited, not fuzzy
``out_of_date``    a reviewed or approved translation whose source sentence
                   changed (fuzzy and stale, the old translation kept)
``human_fuzzy``    a person's text still marked fuzzy
=================  =======================================================

Edits are recorded too: the first run that sees a machine draft whose text a
person changed adds an ``edited by`` line under its origin line, naming who
(the catalog's ``Last-Translator`` and ``PO-Revision-Date``, else ``a
reviewer``), so that Poedit's comment panel or a TMX export never presents a
person's correction as machine translation. It is a line of its own, short
enough that no tool wraps it: polib and Babel wrap translator comments at 78
and 76 columns, which would cut an origin line from its digest.

The source digest is recorded whenever dipl10n fills an entry, and by the
first run that sees a translation nobody marks fuzzy (a person or a tool
vouches for it as the translation of the sentence it now has); a fuzzy entry
keeps the digest it had, so a merge that gives it another sentence, by any
tool, leaves it stale. A stale machine draft nobody approved is re-drafted,
and never shown as the draft of the new sentence.

Approvals are recorded: the first run that sees a machine draft approved
(fuzzy cleared, text unchanged) adds ``approved`` to its origin line, so that
after its source changes, even through another tool's msgmerge, it is out of
date and never silently re-drafted. A machine draft that a reviewer empties is
*rejected*: its origin line becomes ``rejected: <engine>``, and machine
translation leaves the sentence to a person from then on (deleting the
``rejected:`` line in the editor asks for a draft again).
"""

from __future__ import annotations

import enum
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import polib

from dipl10n.fs import controls
from dipl10n.po.comments import babel_previous
from dipl10n.po.model import comment_lines, join_comment, translation

__all__ = [
    "MACHINE_ORIGIN",
    "Origin",
    "State",
    "automatic_origin",
    "entry_state",
    "is_unedited_draft",
    "missing_terms",
    "open_for_machine",
    "open_for_prefill",
    "origin_of",
    "catalog_editor",
    "read_babel_previous",
    "edited_by",
    "is_stale",
    "recorded_source",
    "settle_source",
    "source_digest",
    "record_reviewer_actions",
    "rejected_by",
    "set_rejected",
    "set_missing_terms",
    "set_origin",
    "text_digest",
    "upgrade_legacy_notes",
]

ORIGIN_PREFIX = "origin: "
REJECTED_PREFIX = "rejected: "
EDITED_PREFIX = "edited by "
SOURCE_PREFIX = "for source #"
MISSING_PREFIX = "term-missing: "
MACHINE_ORIGIN = "machine translation"
GLOSSARY_ORIGIN = "glossary"
MEMORY_ORIGIN = "translation memory"
_APPROVED = ", approved"
#: Who edited a machine draft when the catalog does not say (no ``Last-Translator``).
A_REVIEWER = "a reviewer"
#: The longest name an ``edited by`` line holds: the line stays within Babel's 76 columns.
_EDITOR_WIDTH = 48


class State(enum.Enum):
    """The state of one catalog entry; ``value`` is its name in JSON, ``label`` in sentences."""

    UNTRANSLATED = "untranslated"
    GLOSSARY = "glossary"
    MEMORY = "memory"
    MACHINE_DRAFT = "machine_draft"
    APPROVED = "approved"
    REVIEWED = "reviewed"
    OUT_OF_DATE = "out_of_date"
    HUMAN_FUZZY = "human_fuzzy"

    @property
    def label(self) -> str:
        return _LABELS[self]

    def counted(self, n: int) -> str:
        """``n`` entries in this state, in words: "1 machine draft", "3 machine drafts", "2 out of date"."""
        return f"{n} {self.noun(n)}"

    def noun(self, n: int) -> str:
        """What :meth:`counted` writes after the number: "machine draft", "machine drafts"."""
        return _PLURAL_LABELS.get(self, self.label) if n != 1 else self.label

    @property
    def published(self) -> bool:
        """Whether the translation is current and vouched for (by a person, the glossary or the memory)."""
        return self in (State.GLOSSARY, State.MEMORY, State.APPROVED, State.REVIEWED)

    @property
    def fuzzy(self) -> bool:
        return self in (State.MACHINE_DRAFT, State.OUT_OF_DATE, State.HUMAN_FUZZY)


_LABELS = {
    State.UNTRANSLATED: "untranslated",
    State.GLOSSARY: "from the glossary",
    State.MEMORY: "from the translation memory",
    State.MACHINE_DRAFT: "machine draft",
    State.APPROVED: "approved machine draft",
    State.REVIEWED: "reviewed",
    State.OUT_OF_DATE: "out of date",
    State.HUMAN_FUZZY: "fuzzy (a person's text awaiting review)",
}


_PLURAL_LABELS = {
    State.MACHINE_DRAFT: "machine drafts",
    State.APPROVED: "approved machine drafts",
}


@dataclass(frozen=True)
class Origin:
    """What an ``origin:`` line says: the kind of fill, its full description, its digest, an approval."""

    description: str
    digest: str
    approved: bool = False

    @property
    def kind(self) -> str:
        for kind in (MACHINE_ORIGIN, GLOSSARY_ORIGIN, MEMORY_ORIGIN):
            if self.description.startswith(kind):
                return kind
        return self.description

    @property
    def machine(self) -> bool:
        return self.kind == MACHINE_ORIGIN

    def line(self) -> str:
        return f"{self.description}{_APPROVED if self.approved else ''} #{self.digest}"


def text_digest(text: str) -> str:
    """The short digest an ``origin:`` line records of the text it filled in."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def source_digest(entry: polib.POEntry) -> str:
    """The digest of the source sentence of ``entry``: its msgctxt, msgid and msgid_plural."""
    parts = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
    if entry.msgid_plural:
        parts += "\x00" + entry.msgid_plural
    return text_digest(parts)


# -- dipl10n's translator comments ---------------------------------------------------


def _notes(entry: polib.POEntry) -> list[str]:
    return comment_lines(entry.tcomment)


def _set_notes(entry: polib.POEntry, prefix: str, values: Iterable[str]) -> None:
    """Replace the translator comments starting with ``prefix`` by ``values``.

    They take the place of the first line they replace (after the others when there was none),
    so that recording an approval or a rejection moves no line.
    """
    lines = _notes(entry)
    new = [prefix + value for value in values]
    at = next((i for i, line in enumerate(lines) if line.startswith(prefix)), None)
    kept = [line for line in lines if not line.startswith(prefix)]
    if at is None:
        kept += new
    else:
        at -= sum(1 for line in lines[:at] if line.startswith(prefix))
        kept[at:at] = new
    entry.tcomment = join_comment(kept)


_ORIGIN = re.compile(r"^origin: (?P<what>.*?)(?P<approved>, approved)? #(?P<digest>[0-9a-f]{8})$")


def origin_of(entry: polib.POEntry) -> Origin | None:
    """The ``origin:`` line of ``entry``, whether or not the text is still what was filled in."""
    for line in _notes(entry):
        match = _ORIGIN.match(line)
        if match:
            return Origin(match.group("what"), match.group("digest"), bool(match.group("approved")))
    return None


def set_origin(entry: polib.POEntry, description: str, *, approved: bool = False) -> None:
    """Record that the translation of ``entry`` was filled automatically, as ``description`` says, for its source."""
    origin = Origin(description, text_digest(translation(entry)), approved)
    _set_notes(entry, ORIGIN_PREFIX, [origin.line()])
    _set_notes(entry, EDITED_PREFIX, [])
    _set_notes(entry, REJECTED_PREFIX, [])
    _set_notes(entry, SOURCE_PREFIX, [source_digest(entry)])


_SOURCE = re.compile(r"^for source #(?P<digest>[0-9a-f]{8})$")


def recorded_source(entry: polib.POEntry) -> str | None:
    """The digest of the source sentence the translation was made or approved for (its ``for source`` line)."""
    for line in _notes(entry):
        match = _SOURCE.match(line)
        if match:
            return match.group("digest")
    return None


def is_stale(entry: polib.POEntry) -> bool:
    """Whether the fuzzy translation of ``entry`` was made for another source sentence than the entry's.

    Known from the previous msgid (``#|``) when a tool kept it, else from the
    ``for source`` digest, which every tool keeps with the translation.
    """
    if "fuzzy" not in entry.flags or not translation(entry):
        return False
    if entry.previous_msgid is not None:
        return True
    recorded = recorded_source(entry)
    return recorded is not None and recorded != source_digest(entry)


def settle_source(entry: polib.POEntry) -> bool:
    """Record the source digest a translation stands for, as the catalog now says; whether ``entry`` changed.

    Runs on a catalog as the reviewer or a tool left it. A translation not
    marked fuzzy stands for the sentence it now has (someone cleared the mark,
    or it was never fuzzy); so does a fuzzy one without a digest or ``#|``
    (written before digests were recorded). A fuzzy translation with a
    digest keeps it: if the sentence changed, it is stale. An empty entry
    stands for nothing.
    """
    recorded = recorded_source(entry)
    if not translation(entry):
        wanted = None
    elif "fuzzy" not in entry.flags or (recorded is None and entry.previous_msgid is None):
        wanted = source_digest(entry)
    else:
        wanted = recorded
    if wanted == recorded:
        return False
    _set_notes(entry, SOURCE_PREFIX, [wanted] if wanted is not None else [])
    return True


def _untouched(entry: polib.POEntry) -> Origin | None:
    """The origin of the translation if its text is still exactly what was filled in."""
    text = translation(entry)
    origin = origin_of(entry)
    if text and origin is not None and origin.digest == text_digest(text):
        return origin
    return None


def entry_state(entry: polib.POEntry) -> State:
    """The one state of ``entry`` (see the module's table)."""
    if not translation(entry):
        return State.UNTRANSLATED
    origin = _untouched(entry)
    fuzzy = "fuzzy" in entry.flags
    if not fuzzy:
        if origin is None:
            return State.REVIEWED
        if origin.machine:
            return State.APPROVED
        return State.GLOSSARY if origin.kind == GLOSSARY_ORIGIN else State.MEMORY
    if is_stale(entry):
        # Its source sentence changed: a draft nobody vouched for is still a draft, anything else is out of date.
        if origin is not None and origin.machine and not origin.approved:
            return State.MACHINE_DRAFT
        return State.OUT_OF_DATE
    if origin is not None and origin.machine and not origin.approved:
        return State.MACHINE_DRAFT
    return State.HUMAN_FUZZY


def automatic_origin(entry: polib.POEntry) -> str | None:
    """The description of an automatic fill that nobody has touched (a person's work: ``None``).

    An approved machine draft is a reviewer's work: ``None``.
    """
    state = entry_state(entry)
    origin = _untouched(entry)
    if origin is None or state in (State.APPROVED, State.OUT_OF_DATE, State.HUMAN_FUZZY):
        return None
    return origin.description


def is_unedited_draft(entry: polib.POEntry) -> bool:
    return entry_state(entry) is State.MACHINE_DRAFT


# -- what reviewers did, recorded ----------------------------------------------------


def record_reviewer_actions(entry: polib.POEntry, *, editor: str = A_REVIEWER) -> bool:
    """Record an approval, an edit or a rejection of a machine draft in its origin line; whether ``entry`` changed.

    Runs on a catalog as the reviewer left it, before anything else touches it.
    A draft whose text a person changed keeps its origin line (and its
    digest, the machine's text), and gets an ``edited by <editor>`` line
    under it, so no tool shows a person's correction as machine translation.
    ``editor`` is :func:`catalog_editor` of the catalog (the person the
    catalog names as its last translator), else ``a reviewer``.
    """
    origin = origin_of(entry)
    if origin is None or not origin.machine:
        return False
    text = translation(entry)
    if text and edited_by(entry) is None and text_digest(text) != origin.digest:
        lines = _notes(entry)
        at = next(i for i, line in enumerate(lines) if line.startswith(ORIGIN_PREFIX)) + 1
        lines[at:at] = [EDITED_PREFIX + editor]
        entry.tcomment = join_comment(lines)
        return True
    if not text:
        # The reviewer emptied the draft: machine translation leaves the sentence to a person.
        lines = [line for line in _notes(entry) if not line.startswith((EDITED_PREFIX, SOURCE_PREFIX))]
        entry.tcomment = join_comment(
            REJECTED_PREFIX + origin.description if line.startswith(ORIGIN_PREFIX) else line for line in lines
        )
        return True
    if entry_state(entry) is State.APPROVED and not origin.approved:
        _set_notes(entry, ORIGIN_PREFIX, [Origin(origin.description, origin.digest, True).line()])
        return True
    return False


#: What ``msginit`` and editors leave in a header nobody filled in.
_PLACEHOLDERS = ("FULL NAME", "YEAR-MO-DA")


def catalog_editor(metadata: dict[str, str]) -> str:
    """Who edits a catalog's machine drafts, as its header says: ``Kim Min-ji, 2026-12-07``, else ``a reviewer``.

    The person is the header's ``Last-Translator`` without the e-mail address
    (what Poedit, Lokalize and Weblate write when they save), the date that of
    its ``PO-Revision-Date``; an empty or template header names nobody.
    """
    name = re.sub(r"\s*<[^>]*>\s*", " ", controls.ANY.sub("", metadata.get("Last-Translator", ""))).strip()
    name = name[:_EDITOR_WIDTH].strip()
    if not name or name.startswith(_PLACEHOLDERS) or "#" in name:  # "#": not a name, a tool's mark
        return A_REVIEWER
    date = re.match(r"\d{4}-\d{2}-\d{2}", metadata.get("PO-Revision-Date", "").strip())
    return f"{name}, {date.group()}" if date else name


def edited_by(entry: polib.POEntry) -> str | None:
    """Who edited the machine draft this translation was made from, as its ``edited by`` line says (else ``None``)."""
    for line in _notes(entry):
        if line.startswith(EDITED_PREFIX):
            return line[len(EDITED_PREFIX) :]
    return None


def set_rejected(entry: polib.POEntry, engines: Iterable[str]) -> None:
    """Record that a reviewer rejected the drafts of these engines for ``entry`` (its ``rejected:`` lines)."""
    _set_notes(entry, REJECTED_PREFIX, list(dict.fromkeys(engines)))


def rejected_by(entry: polib.POEntry) -> list[str]:
    """The machine translations a reviewer rejected for this entry (emptied their drafts)."""
    return [line[len(REJECTED_PREFIX) :] for line in _notes(entry) if line.startswith(REJECTED_PREFIX)]


# -- what drafting may fill -----------------------------------------------------------


def open_for_prefill(entry: polib.POEntry, *, refresh: bool) -> bool:
    """Whether the glossary or the translation memory may (re)fill ``entry``.

    Empty entries, machine drafts of a sentence that changed (or any machine
    draft with ``refresh``), and glossary or memory fills nobody touched whose
    sentence changed (or any, with ``refresh``).
    """
    state = entry_state(entry)
    if state is State.UNTRANSLATED:
        return True
    stale = is_stale(entry)
    if state is State.MACHINE_DRAFT:
        return refresh or stale
    if state in (State.GLOSSARY, State.MEMORY):
        return refresh
    if state is State.OUT_OF_DATE and stale:
        origin = _untouched(entry)
        return origin is not None and not origin.machine
    return False


def open_for_machine(entry: polib.POEntry, *, refresh: bool) -> bool:
    """Whether machine translation may (re)fill ``entry``.

    Empty entries, unless a reviewer rejected a machine draft of it (then the
    sentence waits for a person: deleting the ``rejected:`` line asks for a
    draft again); machine drafts nobody touched whose sentence changed, or
    any with ``refresh``. Machine translation never replaces a person's work,
    an approval, or a glossary or memory fill.
    """
    state = entry_state(entry)
    if state is State.UNTRANSLATED:
        return not rejected_by(entry)
    if state is State.MACHINE_DRAFT:
        return refresh or is_stale(entry)
    return False


def upgrade_legacy_notes(entry: polib.POEntry) -> bool:
    """Move what dipl10n 0.1 kept where gettext tools lose it into translator comments.

    dipl10n 0.1 wrote ``origin:`` as an extracted comment (``#.``), which a
    merge replaces with the template's, and ``term-missing:`` as a flag,
    which GNU tools drop. Returns whether ``entry`` changed.
    """
    extracted = comment_lines(entry.comment)
    origins = [line for line in extracted if line.startswith(ORIGIN_PREFIX)]
    legacy_flags = [flag for flag in entry.flags if flag.startswith(_LEGACY_MISSING_FLAG)]
    if not origins and not legacy_flags:
        return False
    entry.comment = join_comment(line for line in extracted if not line.startswith(ORIGIN_PREFIX))
    if origins and not any(line.startswith(ORIGIN_PREFIX) for line in _notes(entry)):
        _set_notes(entry, ORIGIN_PREFIX, [origins[-1][len(ORIGIN_PREFIX) :]])
    if legacy_flags:
        entry.flags = [flag for flag in entry.flags if flag not in legacy_flags]
        labels = [flag[len(_LEGACY_MISSING_FLAG) :] for flag in legacy_flags]
        set_missing_terms(entry, dict.fromkeys([*missing_terms(entry), *labels]))
    return True


_LEGACY_MISSING_FLAG = "term-missing:"


def read_babel_previous(entry: polib.POEntry) -> bool:
    """Read back the previous msgid that Babel turned into translator comments (``# | msgid "…"``); whether it did.

    Babel has no previous msgctxt: the entry's own stands for it. An entry
    that also has a real ``#|`` keeps that one.
    """
    previous, rest = babel_previous(_notes(entry))
    if "msgid" not in previous:
        return False
    if entry.previous_msgid is None:
        entry.previous_msgctxt = previous.get("msgctxt")
        entry.previous_msgid = previous["msgid"]
        entry.previous_msgid_plural = previous.get("msgid_plural")
    entry.tcomment = join_comment(rest)
    return True


# -- notes about terms -----------------------------------------------------------------


def missing_terms(entry: polib.POEntry) -> list[str]:
    """The glossary terms that machine translation lost from this entry's draft."""
    return [line[len(MISSING_PREFIX) :] for line in _notes(entry) if line.startswith(MISSING_PREFIX)]


def set_missing_terms(entry: polib.POEntry, labels: Iterable[str]) -> None:
    _set_notes(entry, MISSING_PREFIX, labels)
