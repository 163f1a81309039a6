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

This module composes; the parts live beside it: one catalog's read, merge
and write in :mod:`dipl10n.run.catalogs` (the guard against a catalog cut
off in :mod:`dipl10n.po.truncation`), the engines per language in
:mod:`dipl10n.run.machine`, what the stages report in
:mod:`dipl10n.run.results`, and what a run records for the next in
:mod:`dipl10n.run.records` (the state itself: :mod:`dipl10n.run.incremental`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from dipl10n.errors import ConcurrentEditError
from dipl10n.fs.atomic import file_digest
from dipl10n.mt.draft import Draft, FillCounts, apply_machine, open_entries, prefill, recorded_entries
from dipl10n.po import read_po
from dipl10n.po.catalog import CatalogStats, catalog_stats, make_template, template_changed
from dipl10n.po.model import live
from dipl10n.po.states import rejected_by
from dipl10n.po.writer import Wrapping
from dipl10n.project.session import Project
from dipl10n.run.catalogs import CatalogJob, Prepared, Written, load_catalog, merge_template, write_catalog
from dipl10n.run.machine import machine_drafts
from dipl10n.run.results import CatalogResult, DraftOptions, MachineStatus, RunReport, SyncReport, TemplateResult

if TYPE_CHECKING:
    from collections.abc import Mapping

    from dipl10n.checks.report import CatalogSummary
    from dipl10n.mt.memory import Memory
    from dipl10n.run.incremental import DocumentRecord, RunPlan
    from dipl10n.site.index import BuildResults
    from dipl10n.site.status import ProjectStatus
    from dipl10n.source.document import Document

log = logging.getLogger(__name__)

#: How often a catalog that keeps changing under the run is re-read before giving up.
CONFLICT_RETRIES = 5


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
            wrap = project.config.po_wrap or Wrapping()
            digest = project.write(path, wrap.generate(template).encode("utf-8"), expected_digest=digest)
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


def sync(
    project: Project,
    templates: dict[str, polib.POFile],
    *,
    draft: DraftOptions | None = None,
    now: dt.datetime | None = None,
) -> SyncReport:
    """Merge ``templates`` into every language's catalog and, with ``draft``, fill open entries.

    Each catalog is read, merged and pre-filled (:func:`_prepare`), then the
    engines draft what the catalogs of each language leave open, then each
    catalog is written (:func:`_write_retrying`: read and redone when a
    reviewer saved it in the meantime).
    """
    now = now or now_utc()
    jobs = [
        CatalogJob(doc, lang, project.catalog_path(lang, doc), template)
        for doc, template in sorted(templates.items())
        for lang in project.languages
    ]
    from dipl10n.mt.memory import Memory

    # Under --dry-run the memory is a copy in memory: what the run would record, it records there.
    with Memory.open(project.config.memory, read_only=project.dry_run) as memory:
        if memory.new:
            rebuild_memory(memory, project)

        def prepare(job: CatalogJob) -> Prepared:
            return _prepare(job, project, now, memory, draft)

        prepared = [prepare(job) for job in jobs]
        machine: tuple[MachineStatus, ...] = ()
        drafts: dict[str, dict[str, Draft]] = {}
        if draft is not None:
            pairs = [(p.job.lang, p.catalog) for p in prepared]
            machine, drafts = machine_drafts(pairs, glossary=project.glossary, memory=memory, options=draft)
        fill = _machine_fill(machine, drafts, refresh=draft is not None and draft.refresh)
        done = []
        for one in prepared:
            finished = _write_retrying(one, project, prepare, fill)
            project.remember(finished.prepared.job.path, finished.written.catalog)
            done.append(finished)
        _record_reviewed(memory, project, done)
    return SyncReport(catalogs=tuple(f.result() for f in done), machine=_machine_totals(machine, done))


@dataclass(frozen=True)
class _Finished:
    """A catalog's round done: the catalog as last prepared, what the write did, how often it was prepared again."""

    prepared: Prepared
    written: Written
    retries: int

    def result(self) -> CatalogResult:
        prepared, catalog = self.prepared, self.written.catalog
        job, merged = prepared.job, prepared.merged
        return CatalogResult(
            job.doc, job.lang, job.path, prepared.loaded.created, self.written.written, merged.merge, prepared.fills,
            catalog_stats(catalog), self.retries, self.written.digest,
            len(open_entries(catalog, refresh=False, machine=True)), merged.restored,
        )


def _prepare(job: CatalogJob, project: Project, now: dt.datetime, memory: Memory, draft: DraftOptions | None) -> Prepared:
    """Read the catalog, merge its template in and, with ``draft``, fill it from the glossary and the memory."""
    loaded = load_catalog(job, project, memory)
    merged = merge_template(job, loaded, project, now, memory)
    if draft is None:
        return Prepared(job, loaded, merged)
    reviewed = memory.reviewed([e.msgid for e in live(merged.catalog)], job.lang, exclude_origin=project.memory_origin(job.path))
    fills = prefill(merged.catalog, glossary=project.glossary, lang=job.lang, reviewed=reviewed, refresh=draft.refresh)
    return Prepared(job, loaded, merged, fills)


def _machine_fill(
    machine: Sequence[MachineStatus], drafts: Mapping[str, Mapping[str, Draft]], *, refresh: bool
) -> Callable[[Prepared], Prepared]:
    """The step that fills a prepared catalog with its language's machine drafts (none: it stays as it is)."""
    engines = {status.lang: status.engine for status in machine}

    def fill(prepared: Prepared) -> Prepared:
        lang = prepared.job.lang
        if lang not in drafts:
            return prepared
        filled = apply_machine(prepared.catalog, drafts[lang], engine=engines[lang], refresh=refresh)
        return dataclasses.replace(prepared, fills=prepared.fills + filled)

    return fill


def _write_retrying(
    prepared: Prepared, project: Project, prepare: Callable[[CatalogJob], Prepared], fill: Callable[[Prepared], Prepared]
) -> _Finished:
    """Fill and write the catalog; when a reviewer saved it meanwhile, prepare it again from the file and retry."""
    retries = 0
    while True:
        prepared = fill(prepared)
        try:
            return _Finished(prepared, write_catalog(prepared, project), retries)
        except ConcurrentEditError:
            if retries == CONFLICT_RETRIES:
                raise
            log.info("%s changed while dipl10n worked on it; merging again", prepared.job.path)
            retries += 1
            prepared = prepare(prepared.job)


def rebuild_memory(memory: Memory, project: Project) -> int:
    """Fill a new translation memory from every catalog of the project, before anything relies on it; how many
    reviewed translations it learnt.

    The memory is a cache of the catalogs: a memory that was deleted, moved
    aside, replaced by an empty file or of an older schema learns again
    every reviewed translation and every rejection the catalogs hold, not
    only those of the documents a run happens to process. A catalog that
    cannot be read teaches nothing (the run that processes it says why).
    """
    from dipl10n.errors import Dipl10nError

    learnt = 0
    for path in project.catalog_paths():
        try:
            catalog = read_po(path, display_path=project.show(path))
        except Dipl10nError:
            continue
        lang = path.parent.parent.name  # the language the project names (locales/<lang>/LC_MESSAGES), as its jobs do
        shown = project.memory_origin(path)
        rows = [(e.msgid, lang, shown, e.msgstr) for e in recorded_entries(catalog)]
        memory.record_reviewed(rows)
        memory.record_rejected(lang, shown, {e.msgid: engines for e in live(catalog) if (engines := rejected_by(e))})
        learnt += len(rows)
    if learnt:
        log.info("translation memory: rebuilt from the catalogs (%d reviewed translations)", learnt)
    return learnt


def _remember_stats(project: Project, plan: RunPlan) -> None:
    """After a run with nothing to do, keep the stats of the files that have settled since the last one (those the
    last run wrote), so that the next run takes their digests from the state instead of hashing them."""
    from dipl10n.run import incremental
    from dipl10n.run.records import unchanged_stats

    state = plan.state
    stats = unchanged_stats(plan, state.documents, state.others)
    if stats != dict(state.stats) and not project.dry_run:
        incremental.write_state(project, dataclasses.replace(state, stats=stats))


def _record_reviewed(memory: Memory, project: Project, done: Sequence[_Finished]) -> None:
    """Record in the translation memory the reviewed translations the catalogs held as read and hold as written."""
    memory.record_reviewed(
        (msgid, f.prepared.job.lang, project.memory_origin(f.prepared.job.path), msgstr)
        for f in done
        for msgid, msgstr in (
            *f.prepared.merged.reviewed, *((e.msgid, e.msgstr) for e in recorded_entries(f.written.catalog))
        )
    )
    for f in done:
        # The rejections each catalog holds now, so that a tool dropping untranslated entries cannot undo one.
        rejections = {e.msgid: engines for e in live(f.written.catalog) if (engines := rejected_by(e))}
        memory.record_rejected(f.prepared.job.lang, project.memory_origin(f.prepared.job.path), rejections)
    if memory.changed and memory.path is not None:
        # Among the files this command wrote (-v), or would write (--dry-run: the copy in memory took it).
        project.changes.record("write", project.show(memory.path))


def _machine_totals(machine: Sequence[MachineStatus], done: Sequence[_Finished]) -> tuple[MachineStatus, ...]:
    """Each language's status with the entries its catalogs' machine drafts filled, summed over its catalogs."""
    return tuple(
        dataclasses.replace(
            status,
            fills=sum((f.prepared.fills.machine_only() for f in done if f.prepared.job.lang == status.lang), FillCounts()),
        )
        for status in machine
    )


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
class _Passes:
    """What a run's passes (extract, then update + draft) did, and to which documents."""

    templates: tuple[TemplateResult, ...]
    report: SyncReport
    #: Each catalog's untranslated sentences (:func:`dipl10n.run.records.waiting_keys`).
    waiting: Mapping[Path, frozenset[str]]
    #: The documents processed, in the order they were.
    documents: tuple[Document, ...]
    done: frozenset[str]


@dataclass(frozen=True)
class _Published:
    """The checks and the build of a run: what was built, the catalogs checked, and the whole project's counts."""

    builds: BuildResults
    #: The summaries of the catalogs this run checked, by shown path.
    summaries: Mapping[str, CatalogSummary]
    checks: str
    errors: int
    error_catalogs: int


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
    from dipl10n.run import incremental
    from dipl10n.run.records import run_state

    machine_off = draft.engine_factory is None
    with project.lock():
        state = incremental.read_state(project)
        plan = incremental.plan_run(project, state, refresh=draft.refresh, machine_off=machine_off)
        total = len(plan.observed.documents)
        if plan.unchanged:
            _remember_stats(project, plan)
            return RunReport(
                checks=state.checks, unchanged=True, errors=state.errors, error_catalogs=state.error_catalogs,
                documents=total, skipped=total,
            )
        passes = _passes(project, plan, draft=draft, now=now)
        kept = {name: record for name, record in plan.kept.items() if name not in passes.done}
        published = _check_and_build(project, passes, kept)
        incremental.write_state(
            project,
            run_state(
                project, plan, kept=kept, documents=[doc.name for doc in passes.documents], templates=passes.templates,
                report=passes.report, waiting=passes.waiting, summaries=published.summaries,
                indexes=published.builds.records, checks=published.checks, errors=published.errors,
                error_catalogs=published.error_catalogs,
            ),
        )
    return RunReport(
        passes.templates, passes.report, tuple(published.builds), published.checks, errors=published.errors,
        error_catalogs=published.error_catalogs, site=published.builds.site, documents=total,
        skipped=total - len(passes.documents),
    )


def _passes(project: Project, plan: RunPlan, *, draft: DraftOptions, now: dt.datetime | None) -> _Passes:
    """extract → update + draft for the plan's documents; then again for those waiting for what reviewers translated."""
    from dipl10n.run.records import reviewed_keys, source_path, waiting_keys

    documents = [project.document(source_path(project, name)) for name in plan.dirty]
    templates, made = extract(project, documents=documents, now=now)
    report = sync(project, made, draft=draft, now=now)
    waiting = waiting_keys(project, report)
    # The translation memory now holds what these catalogs' reviewers translated: the documents
    # waiting for one of those sentences (skipped ones, or ones drafted before it was recorded) take it.
    # (Not under --dry-run: nothing was written for the second pass to start from.)
    reviewed = reviewed_keys(project, report)
    done = {doc.name for doc in documents}
    later = [] if project.dry_run else plan.waiting_for(reviewed) + [
        result.doc for result in report.catalogs if waiting[result.path] & reviewed.get(result.lang, set())
    ]
    if later:
        more = {name: made.get(name) or _template(project, name) for name in dict.fromkeys(later)}
        second = sync(project, more, draft=draft, now=now)
        report = report + second
        waiting |= waiting_keys(project, second)
        documents += [project.document(source_path(project, name)) for name in more if name not in done]
        done |= set(more)
    return _Passes(tuple(templates), report, waiting, tuple(documents), frozenset(done))


def _check_and_build(project: Project, passes: _Passes, kept: Mapping[str, DocumentRecord]) -> _Published:
    """Check the catalogs the passes processed and those of no document, build their pages and the site index.

    The ``kept`` documents' numbers (their statuses, check summaries and index
    rows) come from the state; the project's check counts add both up.
    """
    from dipl10n.checks.report import CheckReport
    from dipl10n.checks.runner import check_catalogs
    from dipl10n.run.records import catalog_paths
    from dipl10n.site.index import build_all

    # The checks run once, on the catalogs of the documents processed and on those of no document.
    every = catalog_paths(project, passes.report)
    paths = [path for path in every if path.stem in passes.done or project.source_path(path.stem) is None]
    checked = check_catalogs(project, paths, verbose=True)
    fresh = {summary.path: summary for summary in checked.catalogs}
    site = _site_status(project, paths, passes.report, fresh, kept)
    known = [c.index for record in kept.values() for c in record.catalogs.values()]
    builds = build_all(project, report=checked, documents=list(passes.documents), site=site, known=known)
    kept_summaries = {c.summary.path: c.summary for record in kept.values() for c in record.catalogs.values()}
    summaries = [
        summary for path in every if (summary := fresh.get(project.show(path)) or kept_summaries.get(project.show(path)))
    ]
    total = CheckReport((), tuple(summaries))
    return _Published(builds, fresh, total.summary(), total.errors, sum(1 for summary in summaries if summary.errors))


def _site_status(
    project: Project,
    paths: Sequence[Path],
    report: SyncReport,
    fresh: Mapping[str, CatalogSummary],
    kept: Mapping[str, DocumentRecord],
) -> ProjectStatus:
    """Every catalog's line on the index pages: the checked ``paths`` as they are now, the ``kept`` from the state."""
    from dipl10n.site.status import ProjectStatus, document_status

    counts = {result.path: result.stats for result in report.catalogs}
    statuses = {
        project.show(path): document_status(project, path, po, fresh.get(project.show(path)), counts.get(path))
        for path in paths
        if (po := project.catalog(path)) is not None
    }
    return ProjectStatus.ranked(
        [c.status(name) for name, record in kept.items() for c in record.catalogs.values()] + list(statuses.values())
    )


def _template(project: Project, name: str) -> polib.POFile:
    path = project.template_path(name)
    return read_po(path, display_path=project.show(path))
