"""Drafting: filling entries that nobody has translated yet.

The order of filling is

1. the glossary, when the whole sentence is a glossary term (a kicker such as
   "Diplomacy"): translated, not fuzzy;
2. the translation memory, when the sentence was reviewed in another
   catalog: translated, not fuzzy, noting the catalog it came from;
   (before any of these, :func:`restore_lost` puts back the reviewed translations
   that a catalog itself lost: see there);
3. machine translation, for everything else: fuzzy, with the engine named,
   glossary terms and dates protected through the engine and restored in
   their approved form.

Every automatic fill records its origin and a digest of the text it wrote
(see :mod:`dipl10n.po.catalog`). Only an empty entry, or one whose text is still
exactly what dipl10n wrote, is ever filled: a translation a person wrote or
touched, fuzzy or not, is never replaced.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polib

from dipl10n.fs import controls
from dipl10n.mt.memory import MachineKey, Memory, ReviewedMatch
from dipl10n.po.catalog import reviewed_entries
from dipl10n.po.merge import is_foreign
from dipl10n.po.model import live, set_fuzzy
from dipl10n.po.states import (
    MACHINE_ORIGIN,
    State,
    entry_state,
    open_for_machine,
    open_for_prefill,
    origin_of,
    set_missing_terms,
    set_origin,
)
from dipl10n.terms.glossary import Glossary
from dipl10n.terms.protect import placeholder_prefix, protect, replacements, restore

if TYPE_CHECKING:
    from dipl10n.mt.engine import Engine


@dataclass(frozen=True)
class Draft:
    """A machine translation ready for a catalog."""

    text: str
    failed: tuple[str, ...] = ()
    #: Whether the engine made it in this run (``False``: it came from the machine-translation cache).
    fresh: bool = True


@dataclass(frozen=True)
class FillCounts:
    """How many entries each source filled."""

    glossary: int = 0
    memory: int = 0
    #: Machine drafts put into entries, ``cached`` of them from the machine-translation cache.
    machine: int = 0
    cached: int = 0
    flagged: int = 0

    def __add__(self, other: FillCounts) -> FillCounts:
        return FillCounts(
            self.glossary + other.glossary,
            self.memory + other.memory,
            self.machine + other.machine,
            self.cached + other.cached,
            self.flagged + other.flagged,
        )

    @property
    def total(self) -> int:
        return self.glossary + self.memory + self.machine

    def machine_only(self) -> FillCounts:
        """The machine-translation part of these counts."""
        return FillCounts(machine=self.machine, cached=self.cached, flagged=self.flagged)


def is_open(entry: polib.POEntry, *, refresh: bool, machine: bool = False) -> bool:
    """Whether drafting may (re)fill ``entry``: see :func:`dipl10n.po.states.open_for_prefill` and
    (with ``machine``) :func:`~dipl10n.po.states.open_for_machine`.

    Entries dipl10n does not make (with a message context or plural forms) are never filled.
    """
    if entry.obsolete or is_foreign(entry):
        return False
    if machine:
        return open_for_machine(entry, refresh=refresh)
    return open_for_prefill(entry, refresh=refresh)


def open_entries(po: polib.POFile, *, refresh: bool, machine: bool = False) -> list[polib.POEntry]:
    return [e for e in live(po) if is_open(e, refresh=refresh, machine=machine)]


#: How an origin line begins for a reviewed translation the memory put back into the catalog that had lost it.
RESTORED_ORIGIN = "translation memory, restored"


def restore_lost(entries: Iterable[polib.POEntry], reviewed: Mapping[str, str], *, origin: str) -> int:
    """Put back the reviewed translations a catalog lost; how many.

    ``entries`` are the ones a merge just added to the catalog ``origin``
    because it did not hold them at all (it was cut off, or someone deleted
    them), ``reviewed`` what the translation memory recorded *from that same
    catalog*. Each is published again (not fuzzy) with the origin line
    ``translation memory, restored (reviewed in <catalog>)``, replacing the
    proposal a merge may have made from a similar sentence. An entry the
    catalog still holds, emptied by a reviewer, is never among ``entries``:
    an emptied translation is a decision, not a loss.
    """
    restored = 0
    for entry in entries:
        target = reviewed.get(entry.msgid)
        if not target or entry.obsolete or is_foreign(entry):
            continue
        if "fuzzy" in entry.flags:
            # What a fuzzy match brought along (the other sentence's notes) is not this translation's.
            entry.tcomment = ""
        _fill(entry, target, fuzzy=False)
        set_origin(entry, f"{RESTORED_ORIGIN} (reviewed in {origin})")
        restored += 1
    return restored


def is_restored(entry: polib.POEntry) -> bool:
    """Whether ``entry`` holds, untouched, a reviewed translation :func:`restore_lost` put back."""
    origin = origin_of(entry)
    return origin is not None and origin.description.startswith(RESTORED_ORIGIN) and entry_state(entry) is State.MEMORY


def recorded_entries(po: polib.POFile) -> Iterator[polib.POEntry]:
    """What the translation memory records of a catalog: its reviewed translations (:func:`reviewed_entries`)
    and those the memory restored to it (still that catalog's reviewed ones: a memory rebuilt from the
    catalogs keeps them)."""
    return itertools.chain(reviewed_entries(po), (e for e in live(po) if is_restored(e)))


def machine_origin(engine: str) -> str:
    """How an origin line describes a draft of ``engine`` (``argos translate-en_ko 1.1``)."""
    return f"{MACHINE_ORIGIN} ({engine})"


def prefill(
    catalog: polib.POFile,
    *,
    glossary: Glossary,
    lang: str,
    reviewed: Mapping[str, ReviewedMatch],
    refresh: bool,
) -> FillCounts:
    """Fill open entries from the glossary and from reviewed translations."""
    from_glossary = from_memory = 0
    for entry in open_entries(catalog, refresh=refresh):
        term = glossary.exact(entry.msgid)
        target = term.target(lang, matched=entry.msgid.strip()) if term is not None else None
        if term is not None and target is not None:
            _fill(entry, target, fuzzy=False)
            set_origin(entry, f"glossary ({glossary.path}:{term.line})")
            from_glossary += 1
            continue
        match = reviewed.get(entry.msgid)
        # This catalog's own reviewed translation, put back by restore_lost(), stays (also with refresh).
        if match is not None and not is_restored(entry):
            _fill(entry, match.target, fuzzy=False)
            set_origin(entry, f"translation memory, reviewed in {match.origin}")
            from_memory += 1
    return FillCounts(glossary=from_glossary, memory=from_memory)


def translate(
    sources: Sequence[str],
    *,
    engine: Engine,
    glossary: Glossary,
    lang: str,
    memory: Memory,
    key: MachineKey,
    progress: Callable[[int], None] | None = None,
) -> tuple[dict[str, Draft], int]:
    """Machine-translate ``sources`` in one batch, reusing the memory's outputs.

    Returns the drafts by source sentence and the number of sentences the
    engine was actually asked to translate.
    """
    unique = list(dict.fromkeys(sources))
    protected = {}
    for source in unique:
        spans = replacements(source, glossary, lang)
        prefix = placeholder_prefix(source, engine.unknown_pieces) if spans else "ZX"
        protected[source] = protect(source, spans, prefix=prefix)
    cached = memory.machine(unique, key)
    todo = [s for s in unique if s not in cached]
    outputs = dict(cached)
    if todo:
        fresh = engine.translate([protected[s].text for s in todo], progress=progress)
        new = {source: clean_output(output) for source, output in zip(todo, fresh, strict=True)}
        memory.record_machine(new, key)
        outputs.update(new)
    drafts = {}
    for source in unique:
        restored = restore(outputs[source], protected[source], lang=lang)
        failed = restored.failed_labels if not restored.ok else ()
        if not restored.ok and not failed:
            # Placeholder fragments left in the text but every term present: still flag it.
            failed = ("placeholder",)
        drafts[source] = Draft(restored.text, failed, fresh=source not in cached)
    return drafts, len(todo)


_CONTROL = controls.controls(extra="".join(map(chr, range(0xD800, 0xE000))), runs=True)


def clean_output(text: str) -> str:
    """Engine output without control characters (a model's byte fallback can emit any byte).

    A control character cannot go into a catalog: GNU tools reject it and EOT
    separates contexts in compiled catalogs. Line breaks and tabs become spaces.
    """
    return _CONTROL.sub(lambda m: " " if m.group().isspace() else "", text).strip()


def apply_machine(catalog: polib.POFile, drafts: Mapping[str, Draft], *, engine: str, refresh: bool) -> FillCounts:
    """Put ``engine``'s drafts into the open entries of ``catalog``: fuzzy, origin noted."""
    origin = machine_origin(engine)
    filled = cached = flagged = 0
    for entry in open_entries(catalog, refresh=refresh, machine=True):
        draft = drafts.get(entry.msgid)
        if draft is None or not draft.text.strip():
            continue
        _fill(entry, draft.text, fuzzy=True)
        set_missing_terms(entry, draft.failed)
        if draft.failed:
            flagged += 1
        set_origin(entry, origin)
        filled += 1
        cached += not draft.fresh
    return FillCounts(machine=filled, cached=cached, flagged=flagged)


def _fill(entry: polib.POEntry, text: str, *, fuzzy: bool) -> None:
    entry.msgstr = text
    entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
    set_missing_terms(entry, [])
    set_fuzzy(entry, fuzzy)


def sources_to_translate(catalogs: Iterable[polib.POFile], *, refresh: bool) -> list[str]:
    """The sentences of every catalog's entries open to machine translation, once each, in first-seen order."""
    seen: dict[str, None] = {}
    for catalog in catalogs:
        for entry in open_entries(catalog, refresh=refresh, machine=True):
            seen.setdefault(entry.msgid, None)
    return list(seen)
