"""The pipeline: composing the stages into what the commands do.

``extract``  source documents → sentence segments → ``locales/<doc>.pot``
``update``   templates → ``locales/<lang>/LC_MESSAGES/<doc>.po`` (merge, glossary notes)
``draft``    open entries ← glossary, translation memory, machine translation
``run``      extract → update + draft (one write per catalog) → build

Every catalog is written at most once per command, atomically, and only if
its content changed. If a reviewer saves a catalog between the moment it was
read and the moment it would be written, the write is refused
(:class:`~dipl10n.errors.ConcurrentEditError`), the catalog is read again
with the reviewer's changes and the work is redone on it. One run at a time
holds the project lock (``.dipl10n/lock``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from dipl10n.errors import CatalogError, ConcurrentEditError, EngineUnavailable
from dipl10n.fs.atomic import file_digest
from dipl10n.mt.draft import (
    Draft,
    FillCounts,
    apply_machine,
    is_open,
    open_entries,
    prefill,
    recorded_entries,
    restore_lost,
    sources_to_translate,
    translate,
)
from dipl10n.po import MergeResult, generate_po, merge, parse_po, read_po
from dipl10n.po.catalog import (
    CatalogStats,
    catalog_stats,
    doc_ref,
    init_catalog,
    make_template,
    reviewed_entries,
    settle_missing_terms,
    template_changed,
)
from dipl10n.po.merge import is_foreign
from dipl10n.po.model import key, live, msgstrs, new_catalog
from dipl10n.po.reader import cut_off_advice
from dipl10n.po.states import State, entry_state, origin_of, record_reviewer_actions, upgrade_legacy_notes
from dipl10n.project.session import Project, read_catalog

if TYPE_CHECKING:
    from collections.abc import Mapping

    from dipl10n.checks.core import CatalogSummary
    from dipl10n.mt.engine import EngineFactory, EngineInfo
    from dipl10n.mt.memory import Memory
    from dipl10n.po.states import Origin
    from dipl10n.run.incremental import DocumentRecord, RunPlan
    from dipl10n.site.build import BuildResult, IndexRecord, SiteIndex
    from dipl10n.source.document import Document

log = logging.getLogger(__name__)

#: How often a catalog that keeps changing under the run is re-read before giving up.
CONFLICT_RETRIES = 5

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class TemplateResult:
    """One document's template after ``extract``."""

    doc: str
    path: Path
    entries: int
    written: bool
    #: SHA-256 of the template as this run left it.
    digest: str = ""


@dataclass(frozen=True)
class CatalogResult:
    """One catalog after ``update``/``draft``."""

    doc: str
    lang: str
    path: Path
    created: bool
    written: bool
    merge: MergeResult | None
    fills: FillCounts
    stats: CatalogStats
    retries: int = 0
    #: SHA-256 of the catalog as this run left it ("": there is none).
    digest: str = ""
    #: Entries machine translation could still fill (it was off or unavailable).
    open: int = 0
    #: Reviewed translations the catalog had lost, put back from the translation memory.
    restored: int = 0

    def then(self, later: CatalogResult) -> CatalogResult:
        """This result followed by ``later``, the same catalog's in a second pass of the same run."""
        return dataclasses.replace(
            later,
            created=self.created or later.created,
            written=self.written or later.written,
            merge=self.merge,
            fills=self.fills + later.fills,
            retries=self.retries + later.retries,
            restored=self.restored + later.restored,
        )


@dataclass(frozen=True)
class MachineStatus:
    """Machine translation for one target language: whether it ran, with which engine, and what it filled.

    Two units, kept apart: ``translated`` and ``cached`` count distinct
    *sentences* (``translated`` went to the engine in this run, ``cached``
    came from the machine-translation cache, made by the same engine before);
    ``fills`` counts the catalog *entries* filled with machine drafts, summed
    over the language's catalogs (a sentence that two documents share fills
    two entries), ``fills.cached`` of them from the cache. ``fills`` is what
    the per-catalog lines add up to.
    """

    lang: str
    available: bool
    engine: str = ""
    #: Machine translation was turned off for this run (``run --no-mt``): a choice, not a failure.
    off: bool = False
    #: Distinct sentences machine translation would have drafted (with ``off``).
    waiting: int = 0
    #: Where the model ran (:attr:`dipl10n.mt.engine.EngineInfo.runs_on`): ``cpu, int8_float32``, ``ray: 2 workers on cpu, ...``.
    runs_on: str = ""
    translated: int = 0
    cached: int = 0
    message: str = ""
    fills: FillCounts = field(default_factory=FillCounts)

    @property
    def drafted(self) -> int:
        """Entries filled with a machine draft in this run."""
        return self.fills.machine

    @property
    def drafted_now(self) -> int:
        """Entries filled with a draft the engine made in this run."""
        return self.fills.machine - self.fills.cached

    @property
    def drafted_from_cache(self) -> int:
        """Entries filled with a draft from the machine-translation cache."""
        return self.fills.cached


@dataclass(frozen=True)
class SyncReport:
    templates: tuple[TemplateResult, ...] = ()
    catalogs: tuple[CatalogResult, ...] = ()
    #: One status per language that had sentences for machine translation.
    machine: tuple[MachineStatus, ...] = ()

    @property
    def fills(self) -> FillCounts:
        total = FillCounts()
        for result in self.catalogs:
            total = total + result.fills
        return total

    def __add__(self, later: SyncReport) -> SyncReport:
        """This report followed by ``later``, a second pass of the same run: one line per catalog and language."""
        results = {result.path: result for result in self.catalogs}
        for result in later.catalogs:
            results[result.path] = results[result.path].then(result) if result.path in results else result
        langs = {status.lang for status in self.machine}
        return SyncReport(
            self.templates + later.templates,
            tuple(results.values()),
            self.machine + tuple(status for status in later.machine if status.lang not in langs),
        )


@dataclass(frozen=True)
class DraftOptions:
    """What ``draft`` may use: ``engine_factory(lang)`` loads (or fails to load) an engine.

    :func:`dipl10n.mt.engine.engine_factory` makes the one the commands use; ``None``: machine translation is off.
    """

    engine_factory: EngineFactory | None
    refresh: bool = False
    progress: Progress | None = None


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(second=0, microsecond=0)


# -- extract -----------------------------------------------------------------


def extract(
    project: Project, *, documents: Sequence[Document] | None = None, now: dt.datetime | None = None
) -> tuple[list[TemplateResult], dict[str, polib.POFile]]:
    """Write each document's ``.pot`` if its entries changed; return the templates by document name.

    Every document of the project, or only ``documents`` (an incremental run's changed ones).
    """
    now = now or now_utc()
    results = []
    templates: dict[str, polib.POFile] = {}
    for doc in project.documents if documents is None else documents:
        template = make_template(
            doc,
            project.segments(doc),
            project=project.config.project,
            now=now,
            glossary=project.glossary,
            languages=project.languages,
        )
        path = project.template_path(doc.name)
        digest = file_digest(path)
        old = read_po(path, display_path=project.show(path)) if digest else None
        written = False
        if template_changed(old, template):
            digest = project.write(path, generate_po(template).encode("utf-8"), expected_digest=digest)
            written = True
        elif old is not None:
            template = old  # keep its creation date: nothing changed
        templates[doc.name] = template
        results.append(TemplateResult(doc.name, path, sum(1 for _ in live(template)), written, digest))
    return results, templates


def read_templates(project: Project) -> dict[str, polib.POFile]:
    """The templates on disk, for ``update`` without ``extract``."""
    return {path.stem: read_po(path, display_path=project.show(path)) for path in project.template_paths()}


# -- update and draft ----------------------------------------------------------


@dataclass
class _Work:
    doc: str
    lang: str
    path: Path
    template: polib.POFile
    digest: str = ""
    original: bytes = b""
    catalog: polib.POFile = field(default_factory=polib.POFile)
    snapshot: tuple | None = None
    created: bool = False
    merge: MergeResult | None = None
    fills: FillCounts = field(default_factory=FillCounts)
    retries: int = 0
    written: bool = False
    left: str = ""  # digest of the catalog as the run left it
    restored: int = 0


def sync(
    project: Project,
    templates: dict[str, polib.POFile],
    *,
    draft: DraftOptions | None = None,
    now: dt.datetime | None = None,
) -> SyncReport:
    """Merge ``templates`` into every language's catalog and, with ``draft``, fill open entries."""
    now = now or now_utc()
    glossary = project.glossary
    works = [
        _Work(doc, lang, project.catalog_path(lang, doc), template)
        for doc, template in sorted(templates.items())
        for lang in project.languages
    ]
    from dipl10n.mt.memory import Memory

    # Under --dry-run the memory is a copy in memory: what the run would record, it records there.
    with Memory.open(project.config.memory, read_only=project.dry_run) as memory:
        drafts: dict[str, dict[str, Draft]] = {}
        machine: tuple[MachineStatus, ...] = ()

        def prepare(work: _Work) -> None:
            _load(work, project, memory)
            _merge(work, project, now, memory)
            if draft is not None:
                reviewed = memory.reviewed(
                    [e.msgid for e in live(work.catalog)], work.lang, exclude_origin=project.show(work.path)
                )
                work.fills = prefill(
                    work.catalog, glossary=glossary, lang=work.lang, reviewed=reviewed, refresh=draft.refresh
                )

        for work in works:
            prepare(work)
        if draft is not None:
            machine, drafts = _machine_drafts(works, project, memory, draft)
        for work in works:
            for attempt in range(CONFLICT_RETRIES + 1):
                if draft is not None and work.lang in drafts:
                    engine = next(status.engine for status in machine if status.lang == work.lang)
                    work.fills = work.fills + apply_machine(
                        work.catalog, drafts[work.lang], engine=engine, refresh=draft.refresh
                    )
                try:
                    _write(work, project)
                    break
                except ConcurrentEditError:
                    if attempt == CONFLICT_RETRIES:
                        raise
                    log.info("%s changed while dipl10n worked on it; merging again", work.path)
                    work.retries += 1
                    prepare(work)
            project.remember(work.path, work.catalog)
        memory.record_reviewed(
            (e.msgid, work.lang, project.show(work.path), e.msgstr)
            for work in works
            for e in recorded_entries(work.catalog)
        )
        if memory.changed and memory.path is not None:
            # Among the files this command wrote (-v), or would write (--dry-run: the copy in memory took it).
            project.changes.append(("write", project.show(memory.path)))
    machine = tuple(
        dataclasses.replace(
            status,
            fills=sum((w.fills.machine_only() for w in works if w.lang == status.lang), FillCounts()),
        )
        for status in machine
    )
    return SyncReport(
        catalogs=tuple(
            CatalogResult(
                w.doc, w.lang, w.path, w.created, w.written, w.merge, w.fills, catalog_stats(w.catalog), w.retries,
                w.left, len(open_entries(w.catalog, refresh=False, machine=True)), w.restored,
            )
            for w in works
        ),
        machine=machine,
    )


def _load(work: _Work, project: Project, memory: Memory) -> None:
    shown = project.show(work.path)

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
    read = read_catalog(work.path, display=shown, check=has_header)
    work.snapshot = None
    work.created = read is None
    if read is None:
        work.original, work.digest = b"", ""
        return  # _merge starts it
    work.original, work.catalog = read
    work.digest = hashlib.sha256(work.original).hexdigest()
    _refuse_if_cut(work, project, memory)
    work.snapshot = _snapshot(work.catalog)


def _refuse_if_cut(work: _Work, project: Project, memory: Memory) -> None:
    """Refuse a catalog cut at a line break inside its last entry: it parses, but it lost text.

    The reader refuses every cut that leaves an incomplete line or entry. A
    cut right after one of the lines of the last entry's translation leaves
    valid PO: the translation memory tells it from a complete file when it
    holds the whole translation (a reviewed one it recorded from this catalog,
    or the machine draft the entry's ``origin:`` line names, from the
    machine-translation cache) and the file holds exactly its first lines as
    they are written. A person's fuzzy text exists nowhere else: over several
    lines at the end of the file, it is refused when the entries that follow
    it in the template are missing too. A catalog left with its header
    alone, while its template has entries, is cut when its header lacks
    ``Plural-Forms`` (every catalog dipl10n, msginit or Poedit starts has it,
    after ``Content-Type``) or the memory recorded reviewed translations from
    it. A file that ends with a blank line ends after a complete entry: that
    is how to keep a translation shortened on purpose.
    """
    shown = project.show(work.path)
    data = work.original.replace(b"\r\n", b"\n")
    if data.endswith(b"\n\n"):
        return
    entries = list(work.catalog)
    if not entries:
        if not any(not e.obsolete for e in work.template):
            return
        lost = len(memory.reviewed_from([e.msgid for e in live(work.template)], work.lang, shown))
        if "Plural-Forms" in work.catalog.metadata and not lost:
            return
        held = f"{lost} reviewed translation{'s' * (lost != 1)}"
        why = f"the translation memory holds {held} from it" if lost else "its header lacks Plural-Forms"
        raise CatalogError(
            f"the catalog holds its header alone, and {why}; {cut_off_advice(shown)}",
            path=shown,
            line=data.count(b"\n"),
        )
    last = entries[-1]
    if is_foreign(last):
        return
    lines = data.decode("utf-8").split("\n")[:-1]
    origin = origin_of(last)
    machine = origin is not None and origin.machine
    wholes = _whole_texts(last, work, project, memory)
    for full, what, reviewed in wholes:
        if full == last.msgstr or not full.startswith(last.msgstr):
            continue
        written = _msgstr_lines(last, full)
        kept = next((n for n in range(1, len(written)) if lines[-n:] == written[:n]), 0)
        if not kept:
            continue
        if kept == 1 and not last.obsolete and not _followers_missing(work, last) and not (reviewed and machine):
            # "msgstr """ alone: a reviewer may have emptied the last entry, rejecting a machine draft (no loss),
            # unless the entries the template has after it are gone too. A reviewed translation that came from a
            # machine draft is refused (once: the run that accepts it records the rejection), one a person wrote
            # from scratch is not (nothing would record the decision). An obsolete entry is never written empty.
            continue
        raise CatalogError(
            f"the file ends inside its last entry: its translation has only {kept - 1} of the "
            f"{len(written) - 1} line{'s' * (len(written) != 2)} of {what}; {cut_off_advice(shown)} "
            "(if you shortened that translation on purpose, end the file with a blank line)",
            path=shown,
            line=len(lines) - kept + 1,
        )
    written = _msgstr_lines(last, last.msgstr)
    if (
        not last.obsolete
        and entry_state(last) in (State.HUMAN_FUZZY, State.OUT_OF_DATE)
        and len(written) > 1
        and lines[-len(written) :] == written
        and not any(full == last.msgstr for full, _, _ in wholes)
        and _followers_missing(work, last)
    ):
        # A text awaiting review that exists nowhere else, written over several lines: the file may end after any
        # of them. The entries the template has after it are gone, so this file lost its end.
        raise CatalogError(
            f"the file ends with an entry whose translation awaits review (from line {len(lines) - len(written) + 1}), "
            "a text the translation memory has no copy of, and the entries that follow it in the template are "
            f"missing; {cut_off_advice(shown)} (if the file is complete, end it with a blank line)",
            path=shown,
            line=len(lines) - len(written) + 1,
        )


def _whole_texts(entry: polib.POEntry, work: _Work, project: Project, memory: Memory) -> list[tuple[str, str, bool]]:
    """Whole translations the memory knows ``entry`` held: each with how a message names it, and whether reviewed.

    The reviewed translations it recorded from this catalog (of the sentence,
    or of the sentence before it changed: an out-of-date entry keeps that
    translation), and the machine draft its ``origin:`` line names, made
    again from the machine-translation cache (no engine runs) and recognised
    by the digest on that line.
    """
    sources = [s for s in (entry.msgid, entry.previous_msgid) if s]
    shown = project.show(work.path)
    found = [
        (text, "the reviewed translation the translation memory recorded from this catalog", True)
        for text in memory.reviewed_from(sources, work.lang, shown).values()
    ]
    origin = origin_of(entry)
    if origin is not None and origin.machine:
        drafts = _cached_draft(origin, sources, work, project, memory)
        found += [(text, "the machine draft its origin line names (in the machine-translation cache)", False) for text in drafts]
    return found


def _cached_draft(origin: Origin, sources: list[str], work: _Work, project: Project, memory: Memory) -> list[str]:
    """The machine draft ``origin`` describes, rebuilt from the machine-translation cache; none if it is not there."""
    import re

    from dipl10n.mt.engine import EngineInfo
    from dipl10n.mt.memory import MachineKey
    from dipl10n.po.states import text_digest

    match = re.fullmatch(r"machine translation \((\S+) (\S+) (\S+)\)", origin.description)
    if match is None:
        return []
    info = EngineInfo(*match.groups())
    key = MachineKey(work.lang, info.engine, info.package, info.version, project.glossary.version)
    cached = list(memory.machine(sources, key))
    if not cached:
        return []
    drafts, _ = translate(cached, engine=_CacheOnly(info), glossary=project.glossary, lang=work.lang, memory=memory, key=key)
    return [draft.text for draft in drafts.values() if text_digest(draft.text) == origin.digest]


@dataclass
class _CacheOnly:
    """An engine for sentences whose outputs are all in the machine-translation cache: it is never asked."""

    info: EngineInfo

    def translate(self, sources: Sequence[str], *, progress: Callable[[int], None] | None = None) -> list[str]:
        raise AssertionError("every sentence was in the cache")

    def pieces(self, text: str) -> list[str]:
        return list(text)

    def unknown_pieces(self, text: str) -> list[str]:
        return []


def _msgstr_lines(entry: polib.POEntry, text: str) -> list[str]:
    """The lines of ``entry``'s msgstr, from its keyword on, as the writer writes ``text`` there."""
    import copy

    probe = copy.copy(entry)
    probe.msgstr = text
    po = new_catalog()
    po.append(probe)
    lines = generate_po(po).split("\n")[:-1]
    start = next(n for n, line in enumerate(lines) if line.startswith(("msgstr", "#~ msgstr")))
    return lines[start:]


def _followers_missing(work: _Work, last: polib.POEntry) -> bool:
    """Whether the template has entries after ``last`` that the catalog does not hold at all."""
    order = [key(e) for e in work.template if not e.obsolete]
    if key(last) not in order:
        return False
    held = {key(e) for e in work.catalog}
    return any(k not in held for k in order[order.index(key(last)) + 1 :])


def _merge(work: _Work, project: Project, now: dt.datetime, memory: Memory) -> None:
    if work.created:
        # The header's dates are the run's.
        work.catalog = init_catalog(
            work.template, work.lang, project=project.config.project, doc_ref=doc_ref(work.template), now=now
        )
    for entry in work.catalog:
        upgrade_legacy_notes(entry)
        # What the reviewer did (approved or rejected a machine draft) is recorded before the merge moves anything.
        record_reviewer_actions(entry)
    held = {key(entry) for entry in work.catalog}
    work.merge = merge(work.catalog, work.template)
    # Entries the merge added because the catalog did not hold them at all (not even obsolete): a catalog
    # cut off between two entries, or entries deleted. What the memory recorded from this catalog comes back.
    added = [e for e in live(work.catalog) if key(e) not in held and not is_foreign(e)]
    work.restored = 0
    if added:
        shown = project.show(work.path)
        reviewed = memory.reviewed_from([e.msgid for e in added], work.lang, shown)
        work.restored = restore_lost(added, reviewed, origin=shown)
        if work.restored:
            log.info(
                "%s: restored %d reviewed translation%s it had lost, from the translation memory",
                shown, work.restored, "s" * (work.restored != 1),
            )
    for entry in live(work.catalog):
        settle_missing_terms(entry, project.glossary, work.lang)


def _snapshot(po: polib.POFile) -> tuple:
    """Everything of ``po`` that its file shows, to tell whether processing changed it."""

    def entry(e: polib.POEntry) -> tuple:
        return (
            e.msgctxt, e.msgid, e.msgid_plural, tuple(msgstrs(e)), e.tcomment, e.comment, tuple(e.occurrences),
            tuple(sorted(e.flags)), e.previous_msgctxt, e.previous_msgid, e.previous_msgid_plural, e.obsolete,
        )

    return (po.header, tuple(po.metadata.items()), bool(po.metadata_is_fuzzy), tuple(entry(e) for e in po))


def _write(work: _Work, project: Project) -> None:
    # Unchanged content is not rewritten, not even reformatted: a catalog a
    # reviewer's editor saved stays byte for byte as it is.
    work.left = work.digest
    if work.snapshot is not None and _snapshot(work.catalog) == work.snapshot:
        work.written = False
        return
    data = generate_po(work.catalog).encode("utf-8")
    work.written = data != work.original
    if work.written:
        work.left = project.write(work.path, data, expected_digest=work.digest)
        # What the later stages see (checks' and review pages' line numbers) is the file as written.
        work.catalog = parse_po(data, path=work.path)


def _machine_drafts(
    works: Sequence[_Work], project: Project, memory: Memory, options: DraftOptions
) -> tuple[tuple[MachineStatus, ...], dict[str, dict[str, Draft]]]:
    """Machine-translate, language by language, what each language's catalogs leave open.

    Every language gets its own engine; one that cannot be loaded is reported
    for its language and does not stop the others.
    """
    from dipl10n.mt.memory import MachineKey

    drafts: dict[str, dict[str, Draft]] = {}
    statuses: list[MachineStatus] = []
    for lang in dict.fromkeys(w.lang for w in works):
        catalogs = [w.catalog for w in works if w.lang == lang]
        sources = sources_to_translate(catalogs, refresh=options.refresh)
        if not sources:
            continue
        if options.engine_factory is None:
            statuses.append(MachineStatus(lang, False, off=True, waiting=len(sources)))
            continue
        try:
            engine = options.engine_factory(lang)
            info = engine.info
            key = MachineKey(lang, info.engine, info.package, info.version, project.glossary.version)
            drafts[lang], asked = translate(
                sources,
                engine=engine,
                glossary=project.glossary,
                lang=lang,
                memory=memory,
                key=key,
                progress=_counting(options.progress, len(sources)),
            )
        except EngineUnavailable as exc:
            # Cannot be loaded, or failed while translating: this language waits, the others go on.
            statuses.append(MachineStatus(lang, False, message=exc.message))
            continue
        described = info.describe()
        statuses.append(
            MachineStatus(
                lang, True, engine=described, runs_on=info.runs_on, translated=asked, cached=len(sources) - asked
            )
        )
    return tuple(statuses), drafts


def _counting(progress: Progress | None, total: int) -> Callable[[int], None] | None:
    """``progress(done, total)`` as the engine reports it: ``progress(done)``."""
    if progress is None:
        return None
    report = progress

    def counted(done: int) -> None:
        report(done, total)

    return counted


def stats(project: Project) -> list[tuple[Path, CatalogStats]]:
    """Counts of every catalog on disk."""
    results = []
    for path in project.catalog_paths():
        po = project.catalog(path)
        if po is not None:
            results.append((path, catalog_stats(po)))
    return results


# -- run: everything, only for what changed --------------------------------------


@dataclass(frozen=True)
class RunReport:
    """What ``dipl10n run`` did; ``unchanged`` when nothing had changed since the last run."""

    templates: tuple[TemplateResult, ...] = ()
    sync: SyncReport | None = None
    builds: tuple[BuildResult, ...] = ()
    checks: str = ""
    unchanged: bool = False
    #: Check errors in the catalogs, and how many catalogs hold them: the publishing gate (exit 1).
    errors: int = 0
    error_catalogs: int = 0
    #: The review site's index pages, one per language.
    site: tuple[SiteIndex, ...] = ()
    #: Source documents, and how many of them this run skipped: unchanged since the last run.
    documents: int = 0
    skipped: int = 0


def run_project(project: Project, *, draft: DraftOptions, now: dt.datetime | None = None) -> RunReport:
    """extract → update + draft → check → build, for the documents that changed, under the project lock.

    The last run's state (:mod:`dipl10n.run.incremental`) says which documents
    are as it left them: those are skipped, their numbers (entries by state,
    check counts, their line on the index page) taken from the state. The
    others are extracted, merged, drafted, checked and built as a full run
    would; then the documents whose untranslated entries their reviewers
    just translated, for the translation memory to fill. When no document
    changed, there is nothing to do: the run says so without reading a
    catalog or calling the engine, and reports (and exits with) the check
    summary the last run recorded.
    """
    from dipl10n.checks.core import CheckReport, check_catalogs
    from dipl10n.run import incremental
    from dipl10n.site.build import build_all
    from dipl10n.site.status import ProjectStatus, document_status

    machine_off = draft.engine_factory is None
    with project.lock():
        state = incremental.read_state(project)
        plan = incremental.plan_run(project, state, refresh=draft.refresh, machine_off=machine_off)
        total = len(plan.observed.documents)
        if plan.unchanged:
            return RunReport(
                checks=state.checks, unchanged=True, errors=state.errors, error_catalogs=state.error_catalogs,
                documents=total, skipped=total,
            )
        documents = [project.document(_source(project, name)) for name in plan.dirty]
        templates, made = extract(project, documents=documents, now=now)
        report = sync(project, made, draft=draft, now=now)
        waiting = _waiting(project, report)
        # The translation memory now holds what these catalogs' reviewers translated: the documents
        # waiting for one of those sentences (skipped ones, or ones drafted before it was recorded) take it.
        # (Not under --dry-run: nothing was written for the second pass to start from.)
        reviewed = _reviewed_keys(project, report)
        done = {doc.name for doc in documents}
        later = [] if project.dry_run else plan.waiting_for(reviewed) + [
            result.doc for result in report.catalogs if waiting[result.path] & reviewed.get(result.lang, set())
        ]
        if later:
            more = {name: made.get(name) or _template(project, name) for name in dict.fromkeys(later)}
            second = sync(project, more, draft=draft, now=now)
            report = report + second
            waiting |= _waiting(project, second)
            documents += [project.document(_source(project, name)) for name in more if name not in done]
            done |= set(more)
        kept = {name: record for name, record in plan.kept.items() if name not in done}
        # The checks run once, on the catalogs of the documents processed and on those of no document.
        every = _catalog_paths(project, report)
        paths = [path for path in every if path.stem in done or project.source_path(path.stem) is None]
        checked = check_catalogs(project, paths, verbose=True)
        fresh = {summary.path: summary for summary in checked.catalogs}
        stats = {result.path: result.stats for result in report.catalogs}
        statuses = {
            project.show(path): document_status(project, path, po, fresh.get(project.show(path)), stats.get(path))
            for path in paths
            if (po := project.catalog(path)) is not None
        }
        site = ProjectStatus.ranked(
            [c.status(name) for name, record in kept.items() for c in record.catalogs.values()]
            + list(statuses.values())
        )
        known = [c.index for record in kept.values() for c in record.catalogs.values()]
        builds = build_all(project, report=checked, documents=documents, site=site, known=known)
        kept_summaries = {c.summary.path: c.summary for record in kept.values() for c in record.catalogs.values()}
        summaries = [
            summary for path in every if (summary := fresh.get(project.show(path)) or kept_summaries.get(project.show(path)))
        ]
        total_checks = CheckReport((), tuple(summaries))
        errors = total_checks.errors
        error_catalogs = sum(1 for summary in summaries if summary.errors)
        checks = total_checks.summary()
        records = dict(kept)
        everything = not kept
        made_digests = {result.doc: result.digest for result in templates}
        indexes = {(record.doc, record.lang): record for record in builds.records}
        results: dict[str, list[CatalogResult]] = {}
        for result in report.catalogs:
            results.setdefault(result.doc, []).append(result)
        for doc in documents:
            records[doc.name] = _record(
                project, doc.name, plan, made_digests, results.get(doc.name, []), waiting, fresh, indexes
            )
        glossary, wide = plan.glossary, plan.wide
        if everything:  # every record's terms were taken with the glossary loaded now
            glossary = incremental.loaded_digest(project)
            wide = incremental.wide_digest(project.glossary, project.languages)
        others = _others(project, plan)
        incremental.write_state(
            project,
            incremental.RunState(
                settings=plan.observed.settings, glossary=glossary, wide=wide, documents=records, others=others,
                checks=checks, errors=errors, error_catalogs=error_catalogs,
            ),
        )
    return RunReport(
        tuple(templates), report, tuple(builds), checks, errors=errors, error_catalogs=error_catalogs,
        site=builds.site, documents=total, skipped=total - len(documents),
    )


def _template(project: Project, name: str) -> polib.POFile:
    path = project.template_path(name)
    return read_po(path, display_path=project.show(path))


def _reviewed_keys(project: Project, report: SyncReport) -> dict[str, set[str]]:
    """Language → the sentences (:func:`~dipl10n.run.incremental.msgid_key`) the run's catalogs hold reviewed."""
    from dipl10n.run.incremental import msgid_key

    keys: dict[str, set[str]] = {}
    for result in report.catalogs:
        po = project.catalog(result.path)
        if po is not None:
            keys.setdefault(result.lang, set()).update(msgid_key(e.msgid) for e in reviewed_entries(po))
    return keys


def _source(project: Project, name: str) -> Path:
    path = project.source_path(name)
    assert path is not None, name  # the plan names only documents in the source folder
    return path


def _waiting(project: Project, report: SyncReport) -> dict[Path, frozenset[str]]:
    """Each catalog's untranslated sentences (:func:`~dipl10n.run.incremental.msgid_key`): what the memory could fill."""
    from dipl10n.run.incremental import msgid_key

    waiting: dict[Path, frozenset[str]] = {}
    for result in report.catalogs:
        po = project.catalog(result.path)
        entries = live(po) if po is not None else ()
        waiting[result.path] = frozenset(
            msgid_key(e.msgid) for e in entries if not e.msgstr and is_open(e, refresh=False)
        )
    return waiting


def _record(
    project: Project,
    name: str,
    plan: RunPlan,
    templates: Mapping[str, str],
    results: Sequence[CatalogResult],
    waiting: Mapping[Path, frozenset[str]],
    summaries: Mapping[str, CatalogSummary],
    indexes: Mapping[tuple[str, str], IndexRecord],
) -> DocumentRecord:
    """What the state keeps of a document this run processed.

    The digests are of what the run read (the source, before reading it) and
    of what it left (the template and catalogs as written, the pages): a file
    saved since then differs, and the next run processes the document again.
    """
    from dipl10n.run.incremental import CatalogRecord, DocumentRecord, digests, file_key, page_files, terms_digest

    source = _source(project, name)
    observed = plan.observed.documents.get(name, {})
    template_key = file_key(project, project.template_path(name))
    files = {
        file_key(project, source): observed.get(file_key(project, source), ""),
        template_key: templates.get(name, observed.get(template_key, "")),
        **{file_key(project, result.path): result.digest for result in results},
        **digests(project, page_files(project, name)),
    }
    catalogs: dict[str, CatalogRecord] = {}
    for result in results:
        po = project.catalog(result.path)
        catalogs[result.lang] = CatalogRecord(
            open=result.open,
            waiting=waiting[result.path],
            foreign=po is not None and any(is_foreign(e) for e in live(po)),
            stats=result.stats,
            summary=summaries[project.show(result.path)],
            index=indexes[(name, result.lang)],
        )
    return DocumentRecord(files=files, terms=terms_digest(project.glossary, source), catalogs=catalogs)


def _others(project: Project, plan: RunPlan) -> dict[str, str]:
    """The catalogs of no source document as the run found them, and the index pages as it left them."""
    from dipl10n.run.incremental import digests, index_files

    indexes = digests(project, index_files(project))
    return {**{key: d for key, d in plan.observed.others.items() if key not in indexes}, **indexes}


def _catalog_paths(project: Project, report: SyncReport) -> list[Path]:
    """Every catalog of the project, language by language: those on disk and those this run made.

    The same as :meth:`Project.catalog_paths` after a run that wrote; under
    ``--dry-run`` it also names the catalogs the run would have created, so
    that their checks are counted as a real run would count them.
    """
    return project.catalog_paths(extra=(result.path for result in report.catalogs))


