"""One catalog's round in ``update`` and ``draft``: read it, merge its template in, write it if it changed.

Each step takes what it works on and returns what it made, as small frozen
values: :func:`load_catalog` returns the catalog as read (:class:`Loaded`,
refused if it was cut off: :mod:`dipl10n.po.truncation`), :func:`merge_template`
the merged catalog and its counts (:class:`Merged`), :func:`write_catalog`
what it wrote (:class:`Written`). The catalog itself is a :class:`polib.POFile`,
which the fills (:mod:`dipl10n.mt.draft`) change in place between the merge and
the write. :mod:`dipl10n.run.pipeline` composes the steps, and redoes them on a
catalog a reviewer saved in the meantime.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from dipl10n.errors import CatalogError
from dipl10n.mt.draft import FillCounts, restore_lost
from dipl10n.po import MergeResult, merge, parse_po
from dipl10n.po.catalog import doc_ref, init_catalog, reviewed_entries, settle_missing_terms
from dipl10n.po.keep import closest_wrapping, keep_unchanged
from dipl10n.po.model import content, is_foreign, key, live
from dipl10n.po.states import (
    Origin,
    catalog_editor,
    is_stale,
    read_babel_previous,
    record_reviewer_actions,
    recorded_source,
    set_rejected,
    settle_source,
    text_digest,
    upgrade_legacy_notes,
)
from dipl10n.po.truncation import Known, refuse_if_cut
from dipl10n.po.writer import Wrapping, detect_wrapping
from dipl10n.project.session import Project, read_catalog
from dipl10n.run.machine import cached_drafts

if TYPE_CHECKING:
    from dipl10n.mt.memory import Memory

__all__ = ["CatalogJob", "Loaded", "Merged", "Prepared", "Written", "load_catalog", "merge_template", "write_catalog"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CatalogJob:
    """One document's catalog in one language, and the template to merge into it."""

    doc: str
    lang: str
    path: Path
    template: polib.POFile


@dataclass(frozen=True)
class Loaded:
    """A catalog as read: its bytes, their SHA-256 (which guards the write) and what they parse to.

    ``catalog`` is ``None`` when there is no file: the merge starts it.
    """

    original: bytes = b""
    digest: str = ""
    catalog: polib.POFile | None = None
    #: :func:`snapshot` of the catalog as read, to tell whether the later steps changed it.
    snapshot: tuple | None = None

    @property
    def created(self) -> bool:
        return self.catalog is None


@dataclass(frozen=True)
class Merged:
    """The catalog with its template merged in, what the merge did, and the reviewed translations put back."""

    catalog: polib.POFile
    merge: MergeResult
    #: Reviewed translations the catalog had lost, put back from the translation memory.
    restored: int = 0
    #: The reviewed translations the catalog held as read, ``(msgid, msgstr)``: what a person vouched for, recorded
    #: in the memory even when the merge made them out of date (the memory then knows the sentence they translate).
    reviewed: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Prepared:
    """A catalog ready to write: as read, as merged (and filled since), and the entries the fills filled."""

    job: CatalogJob
    loaded: Loaded
    merged: Merged
    fills: FillCounts = field(default_factory=FillCounts)

    @property
    def catalog(self) -> polib.POFile:
        return self.merged.catalog


@dataclass(frozen=True)
class Written:
    """A catalog after :func:`write_catalog`: what the later stages see, and whether the file changed."""

    #: The catalog as the file now holds it (parsed again from what was written: the line numbers are the file's).
    catalog: polib.POFile
    written: bool
    #: SHA-256 of the catalog as the run left it ("": there is none).
    digest: str


def load_catalog(job: CatalogJob, project: Project, memory: Memory) -> Loaded:
    """Read the catalog of ``job``; refuse one without a header, or one cut off inside its last entry."""
    shown = project.show(job.path)

    def has_header(po: polib.POFile) -> None:
        if not po.metadata:
            # Writing it back would give a catalog without charset or language (msgfmt --check refuses it).
            raise CatalogError(
                'the catalog has no header entry (msgid ""), so its language and charset are unknown '
                "(an empty file is what an interrupted conversion such as 'iconv -o FILE FILE' leaves); "
                "restore it from version control or a backup, or delete it: the next run starts it afresh and "
                "puts back the reviewed translations the translation memory recorded from it",
                path=shown,
            )

    # One read: the digest that guards the write is the digest of exactly what was parsed.
    read = read_catalog(job.path, display=shown, check=has_header)
    if read is None:
        return Loaded()  # merge_template starts it
    original, catalog = read
    known = memory_knowledge(memory, project, job.lang, project.memory_origin(job.path))
    refuse_if_cut(shown, original, catalog, job.template, known)
    return Loaded(original, hashlib.sha256(original).hexdigest(), catalog, snapshot(catalog))


def memory_knowledge(memory: Memory, project: Project, lang: str, origin: str) -> Known:
    """What ``memory`` knows of the ``lang`` catalog it names ``origin``, as the truncation guard asks for it."""

    def reviewed(sources: Sequence[str]) -> dict[str, str]:
        return memory.reviewed_from(sources, lang, origin)

    def drafts(origin: Origin, sources: Sequence[str]) -> list[str]:
        return cached_drafts(origin, sources, lang=lang, glossary=project.glossary, memory=memory)

    return Known(reviewed, drafts)


def merge_template(job: CatalogJob, loaded: Loaded, project: Project, now: dt.datetime, memory: Memory) -> Merged:
    """Merge the template into the catalog as read (in place), or into a new one (its header's dates: ``now``).

    Entries the catalog had lost (it was cut between two entries, or they
    were deleted) get back what the translation memory recorded from it.
    """
    catalog = loaded.catalog
    if catalog is None:
        # The header's dates are the run's.
        catalog = init_catalog(job.template, job.lang, project=project.config.project, doc_ref=doc_ref(job.template), now=now)
    editor = catalog_editor(catalog.metadata)
    for entry in catalog:
        upgrade_legacy_notes(entry)
        read_babel_previous(entry)
        # What the reviewer did (approved, edited or rejected a machine draft) is recorded before the merge moves anything.
        record_reviewer_actions(entry, editor=editor)
        if not entry.obsolete and not is_foreign(entry):
            settle_source(entry)
    held = {key(entry) for entry in catalog}
    as_read = tuple((e.msgid, e.msgstr) for e in reviewed_entries(catalog))
    result = merge(catalog, job.template)
    # Entries the merge added because the catalog did not hold them at all (not even obsolete): a catalog
    # cut off between two entries, or entries deleted. What the memory recorded from this catalog comes back.
    added = [e for e in live(catalog) if key(e) not in held and not is_foreign(e)]
    restored = 0
    if added:
        shown, origin = project.show(job.path), project.memory_origin(job.path)
        reviewed = memory.reviewed_from([e.msgid for e in added], job.lang, origin)
        restored = restore_lost(added, reviewed, origin=shown)
        # A rejection the catalog lost with its entry (a tool that drops untranslated entries) stands.
        rejected = memory.rejected_from([e.msgid for e in added], job.lang, origin)
        for entry in added:
            if entry.msgid in rejected:
                set_rejected(entry, rejected[entry.msgid])
        if restored:
            log.info(
                "%s: restored %d reviewed translation%s it had lost, from the translation memory",
                shown, restored, "s" * (restored != 1),
            )
    recover_previous_sources(catalog, job.lang, memory)
    for entry in live(catalog):
        settle_missing_terms(entry, project.glossary, job.lang)
    return Merged(catalog, result, restored, as_read)


def recover_previous_sources(catalog: polib.POFile, lang: str, memory: Memory) -> int:
    """Give stale entries that lost their previous msgid (``#|``) the sentence their translation was made for; how many.

    A tool dropped it (plain msgmerge, Babel, an XLIFF round trip) or never
    wrote it (msgmerge for an entry already fuzzy). The translation memory
    knows which sentences it translated; the one whose digest the entry's
    ``for source`` line recorded is the sentence it was made for, so Poedit,
    Lokalize and the review page show what changed again.
    """
    lost = [
        e for e in live(catalog)
        if not is_foreign(e) and e.previous_msgid is None and is_stale(e) and recorded_source(e) is not None
    ]  # fmt: skip
    if not lost:
        return 0
    candidates = memory.sources_of(list(dict.fromkeys(e.msgstr for e in lost)), lang)
    recovered = 0
    for entry in lost:
        digest = recorded_source(entry)
        found = next((s for s in candidates.get(entry.msgstr, ()) if text_digest(s) == digest), None)
        if found is not None and found != entry.msgid:
            entry.previous_msgid = found
            recovered += 1
    return recovered


def snapshot(po: polib.POFile) -> tuple:
    """Everything of ``po`` that its file shows, to tell whether processing changed it."""

    return (po.header, tuple(po.metadata.items()), bool(po.metadata_is_fuzzy), tuple(content(e) for e in po))


def wrapping(loaded: Loaded, project: Project, path: Path) -> Wrapping:
    """How to wrap the catalog: ``po_wrap`` of ``[tool.dipl10n]``, else as the file was (GNU's for a new one).

    Keeping a catalog's own wrapping (Weblate's 77 columns, or none) means a
    reviewer's tool and dipl10n never rewrap each other's lines. A file that
    no one wrapping reproduces (a tool rewrote only the entries it saved, or
    its header its own way) gets the one that reproduces most of its entries.
    """
    if project.config.po_wrap is not None:
        return project.config.po_wrap
    if not loaded.original:
        return Wrapping()
    text = loaded.original.decode("utf-8")
    po = parse_po(loaded.original, path=path)
    detected = detect_wrapping(text, po)
    # GNU's is detect_wrapping's fallback too: then the wrapping that prints most of the file's entries as they are.
    return detected if detected != Wrapping() else closest_wrapping(text, po)


def write_catalog(prepared: Prepared, project: Project) -> Written:
    """Write the prepared catalog if it changed, guarded by the digest of what was read.

    Unchanged content is not rewritten, not even reformatted: a catalog a
    reviewer's editor saved stays byte for byte as it is. Raises
    :class:`~dipl10n.errors.ConcurrentEditError` when the file is no longer
    what was read.
    """
    loaded, catalog = prepared.loaded, prepared.catalog
    if loaded.snapshot is not None and snapshot(catalog) == loaded.snapshot:
        return Written(catalog, False, loaded.digest)
    how = wrapping(loaded, project, prepared.job.path)
    text = how.generate(catalog)
    if project.config.po_wrap is None and loaded.original and not how.poedit:
        # What the run did not change stays as the reviewer's tool wrote it (dipl10n.po.keep). Not for a
        # catalog Poedit saved: Poedit rewraps the whole file at one width on every save, as `how` does.
        text = keep_unchanged(text, loaded.original.decode("utf-8"))
    data = text.encode("utf-8")
    if data == loaded.original:
        return Written(catalog, False, loaded.digest)
    digest = project.write(prepared.job.path, data, expected_digest=loaded.digest)
    # What the later stages see (checks' and review pages' line numbers) is the file as written.
    return Written(parse_po(data, path=prepared.job.path), True, digest)
