"""The truncation guard: a catalog cut at a line break inside its last entry parses, but it lost text.

The reader refuses every cut that leaves an incomplete line or entry. A cut
right after one of the lines of the last entry's translation leaves valid
PO; :func:`refuse_if_cut` tells it from a complete file with what the
translation memory knows of the catalog (:class:`Known`: plain callables, so
that this module needs neither the memory nor the project). It owns the
decision and its messages; the caller reads the file and says what the memory
holds.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import polib

from dipl10n.errors import CatalogError
from dipl10n.po.lexer import cut_off_advice
from dipl10n.po.model import is_foreign, key, live, new_catalog
from dipl10n.po.states import Origin, State, entry_state, origin_of
from dipl10n.po.writer import generate_po

__all__ = ["Known", "refuse_if_cut"]

_REVIEWED = "the reviewed translation the translation memory recorded from this catalog"
_MACHINE = "the machine draft its origin line names (in the machine-translation cache)"
#: States of a text awaiting review, which may exist nowhere but in the catalog.
_AWAITING = (State.HUMAN_FUZZY, State.OUT_OF_DATE)


@dataclass(frozen=True)
class Known:
    """What the translation memory knows of one catalog's texts."""

    #: Source sentences → the reviewed translations the memory recorded from this catalog.
    reviewed: Callable[[Sequence[str]], Mapping[str, str]]
    #: An ``origin:`` line naming a machine draft, and the entry's sources → that draft, rebuilt from the
    #: machine-translation cache (none: it is not there).
    drafts: Callable[[Origin, Sequence[str]], Sequence[str]]


@dataclass(frozen=True)
class _Whole:
    """A whole translation the memory knows the last entry held."""

    text: str
    #: How a message names it.
    what: str
    reviewed: bool


@dataclass(frozen=True)
class _Tail:
    """The end of a catalog file: its lines, its last entry, the catalog and its template."""

    shown: str
    lines: list[str]
    last: polib.POEntry
    catalog: polib.POFile
    template: polib.POFile

    def followers_missing(self) -> bool:
        """Whether the template has entries after the last entry that the catalog does not hold at all."""
        order = [key(e) for e in self.template if not e.obsolete]
        if key(self.last) not in order:
            return False
        held = {key(e) for e in self.catalog}
        return any(k not in held for k in order[order.index(key(self.last)) + 1 :])


def refuse_if_cut(shown: str, data: bytes, catalog: polib.POFile, template: polib.POFile, known: Known) -> None:
    """Refuse the catalog ``data`` parsed to (``catalog``) when it was cut at a line break inside its last entry.

    The translation memory tells a cut from a complete file when it holds the
    whole translation (a reviewed one it recorded from this catalog, or the
    machine draft the entry's ``origin:`` line names, from the
    machine-translation cache) and the file holds exactly its first lines as
    they are written. A person's fuzzy text exists nowhere else: over several
    lines at the end of the file, it is refused when the entries that follow
    it in the template are missing too. A catalog left with its header
    alone, while its template has entries, is cut when its header lacks
    ``Plural-Forms`` (every catalog dipl10n, msginit or Poedit starts has it,
    after ``Content-Type``) or the memory recorded reviewed translations from
    it. A file that ends with a blank line ends after a complete entry: that
    is how to keep a translation shortened on purpose.

    ``shown`` is the catalog's path as messages name it. Raises
    :class:`~dipl10n.errors.CatalogError`, with the line where the loss begins.
    """
    data = data.replace(b"\r\n", b"\n")
    if data.endswith(b"\n\n"):
        return
    entries = list(catalog)
    if not entries:
        _refuse_header_alone(shown, data, catalog, template, known)
        return
    last = entries[-1]
    if is_foreign(last):
        return
    tail = _Tail(shown, data.decode("utf-8").split("\n")[:-1], last, catalog, template)
    wholes = _whole_texts(last, known)
    _refuse_shortened(tail, wholes)
    _refuse_unknown_awaiting_review(tail, wholes)


def _refuse_header_alone(shown: str, data: bytes, catalog: polib.POFile, template: polib.POFile, known: Known) -> None:
    """A catalog with its header alone, while its template has entries: cut, unless it looks freshly started."""
    if not any(not e.obsolete for e in template):
        return
    lost = len(known.reviewed([e.msgid for e in live(template)]))
    if "Plural-Forms" in catalog.metadata and not lost:
        return
    held = f"{lost} reviewed translation{'s' * (lost != 1)}"
    why = f"the translation memory holds {held} from it" if lost else "its header lacks Plural-Forms"
    raise CatalogError(
        f"the catalog holds its header alone, and {why}; {cut_off_advice(shown)}",
        path=shown,
        line=data.count(b"\n"),
    )


def _whole_texts(entry: polib.POEntry, known: Known) -> list[_Whole]:
    """Whole translations the memory knows ``entry`` held.

    The reviewed translations it recorded from this catalog (of the sentence,
    or of the sentence before it changed: an out-of-date entry keeps that
    translation), and the machine draft its ``origin:`` line names, made
    again from the machine-translation cache (no engine runs) and recognised
    by the digest on that line.
    """
    sources = [s for s in (entry.msgid, entry.previous_msgid) if s]
    found = [_Whole(text, _REVIEWED, True) for text in known.reviewed(sources).values()]
    origin = origin_of(entry)
    if origin is not None and origin.machine:
        found += [_Whole(text, _MACHINE, False) for text in known.drafts(origin, sources)]
    return found


def _refuse_shortened(tail: _Tail, wholes: Sequence[_Whole]) -> None:
    """Refuse a last entry that holds the first lines of a whole translation, as the writer writes them."""
    last = tail.last
    for whole in wholes:
        if whole.text == last.msgstr or not whole.text.startswith(last.msgstr):
            continue
        written = _msgstr_lines(last, whole.text)
        kept = next((n for n in range(1, len(written)) if tail.lines[-n:] == written[:n]), 0)
        if not kept or (kept == 1 and _emptied_on_purpose(tail, whole)):
            continue
        raise CatalogError(
            f"the file ends inside its last entry: its translation has only {kept - 1} of the "
            f"{len(written) - 1} line{'s' * (len(written) != 2)} of {whole.what}; {cut_off_advice(tail.shown)} "
            "(if you shortened that translation on purpose, end the file with a blank line)",
            path=tail.shown,
            line=len(tail.lines) - kept + 1,
        )


def _emptied_on_purpose(tail: _Tail, whole: _Whole) -> bool:
    """Whether a last entry left with ``msgstr ""`` alone may be a reviewer's rejection of ``whole`` (no loss).

    Not when the entries the template has after it are gone too. A reviewed
    translation that came from a machine draft is refused (once: the run
    that accepts it records the rejection), one a person wrote from scratch
    is not (nothing would record the decision). An obsolete entry is never
    written empty.
    """
    origin = origin_of(tail.last)
    machine = origin is not None and origin.machine
    return not tail.last.obsolete and not tail.followers_missing() and not (whole.reviewed and machine)


def _refuse_unknown_awaiting_review(tail: _Tail, wholes: Sequence[_Whole]) -> None:
    """Refuse a text awaiting review that exists nowhere else, over several lines, when the entries after it are gone.

    The file may end after any of its lines; the template's entries after
    it are missing, so this file lost its end.
    """
    last = tail.last
    written = _msgstr_lines(last, last.msgstr)
    if (
        last.obsolete
        or entry_state(last) not in _AWAITING
        or len(written) <= 1
        or tail.lines[-len(written) :] != written
        or any(whole.text == last.msgstr for whole in wholes)
        or not tail.followers_missing()
    ):
        return
    start = len(tail.lines) - len(written) + 1
    raise CatalogError(
        f"the file ends with an entry whose translation awaits review (from line {start}), "
        "a text the translation memory has no copy of, and the entries that follow it in the template are "
        f"missing; {cut_off_advice(tail.shown)} (if the file is complete, end it with a blank line)",
        path=tail.shown,
        line=start,
    )


def _msgstr_lines(entry: polib.POEntry, text: str) -> list[str]:
    """The lines of ``entry``'s msgstr, from its keyword on, as the writer writes ``text`` there."""
    probe = copy.copy(entry)
    probe.msgstr = text
    po = new_catalog()
    po.append(probe)
    lines = generate_po(po).split("\n")[:-1]
    start = next(n for n, line in enumerate(lines) if line.startswith(("msgstr", "#~ msgstr")))
    return lines[start:]
