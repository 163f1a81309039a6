"""What ``dipl10n run`` records of the documents it processed: the run state, put together from its results.

:mod:`dipl10n.run.incremental` owns the state (its records, how it is read,
written and compared with what is there); this module assembles a run's
records from what the stages reported (:mod:`dipl10n.run.results`), the
catalogs as the run left them, the check summaries and the index records of
the build: :func:`run_state`. It also says, catalog by catalog, which
sentences a run left waiting for the translation memory and which its
catalogs hold reviewed (:func:`waiting_keys`, :func:`reviewed_keys`): what decides
the run's second pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dipl10n.mt.draft import is_open
from dipl10n.po.catalog import reviewed_entries
from dipl10n.po.model import is_foreign, live
from dipl10n.run.incremental import (
    CatalogRecord,
    DocumentRecord,
    RunPlan,
    RunState,
    digests,
    file_digests,
    file_key,
    index_files,
    loaded_digest,
    memory_identity,
    msgid_key,
    page_files,
    terms_digest,
    wide_digest,
)
from dipl10n.run.results import CatalogResult, SyncReport, TemplateResult

if TYPE_CHECKING:
    from dipl10n.checks.report import CatalogSummary
    from dipl10n.project.session import Project
    from dipl10n.site.index import IndexRecord
    from dipl10n.site.status import ProjectStatus

__all__ = [
    "catalog_paths", "current_status", "document_record", "others", "reviewed_keys", "run_state", "source_path",
    "unchanged_stats", "waiting_keys",
]  # fmt: skip


def source_path(project: Project, name: str) -> Path:
    """The source document ``name`` (a run names only documents in the source folder)."""
    path = project.source_path(name)
    assert path is not None, name  # the plan names only documents in the source folder
    return path


def reviewed_keys(project: Project, report: SyncReport) -> dict[str, set[str]]:
    """Language → the sentences (:func:`~dipl10n.run.incremental.msgid_key`) the run's catalogs hold reviewed."""
    keys: dict[str, set[str]] = {}
    for result in report.catalogs:
        po = project.catalog(result.path)
        if po is not None:
            keys.setdefault(result.lang, set()).update(msgid_key(e.msgid) for e in reviewed_entries(po))
    return keys


def waiting_keys(project: Project, report: SyncReport) -> dict[Path, frozenset[str]]:
    """Each catalog's sentences the translation memory could fill (:func:`~dipl10n.run.incremental.msgid_key`):
    untranslated ones, stale machine drafts, and glossary or memory fills whose sentence changed
    (:func:`dipl10n.mt.draft.is_open`), so that an incremental run fills them as a full run does."""
    found: dict[Path, frozenset[str]] = {}
    for result in report.catalogs:
        po = project.catalog(result.path)
        entries = live(po) if po is not None else ()
        found[result.path] = frozenset(msgid_key(e.msgid) for e in entries if is_open(e, refresh=False))
    return found


def catalog_paths(project: Project, report: SyncReport) -> list[Path]:
    """Every catalog of the project, language by language: those on disk and those this run made.

    The same as :meth:`Project.catalog_paths` after a run that wrote; under
    ``--dry-run`` it also names the catalogs the run would have created, so
    that their checks are counted as a real run would count them.
    """
    return project.catalog_paths(extra=(result.path for result in report.catalogs))


def run_state(
    project: Project,
    plan: RunPlan,
    *,
    kept: Mapping[str, DocumentRecord],
    documents: Sequence[str],
    templates: Sequence[TemplateResult],
    report: SyncReport,
    waiting: Mapping[Path, frozenset[str]],
    summaries: Mapping[str, CatalogSummary],
    indexes: Iterable[IndexRecord],
    checks: str,
    errors: int,
    error_catalogs: int,
) -> RunState:
    """The state a run leaves: the ``kept`` records, and a new one for each of the ``documents`` it processed.

    ``summaries`` are the check summaries of the catalogs it checked (by
    shown path), ``indexes`` the index records of what it built; ``checks``,
    ``errors`` and ``error_catalogs`` what the whole project's checks came to.
    """
    records = dict(kept)
    made = {result.doc: result.digest for result in templates}
    by_page = {(record.doc, record.lang): record for record in indexes}
    results: dict[str, list[CatalogResult]] = {}
    for result in report.catalogs:
        results.setdefault(result.doc, []).append(result)
    for name in documents:
        records[name] = document_record(project, name, plan, made, results.get(name, []), waiting, summaries, by_page)
    glossary, wide = plan.glossary, plan.wide
    if not kept:  # every record's terms were taken with the glossary loaded now
        glossary = loaded_digest(project)
        wide = wide_digest(project.glossary, project.languages)
    return RunState(
        settings=plan.observed.settings, glossary=glossary, memory=memory_identity(project), wide=wide,
        documents=records, others=(other := others(project, plan)), stats=unchanged_stats(plan, records, other),
        checks=checks, errors=errors, error_catalogs=error_catalogs,
    )


def unchanged_stats(plan: RunPlan, records: Mapping[str, DocumentRecord], others: Mapping[str, str]) -> dict[str, str]:
    """The stats the run observed of the files whose recorded digest is still the one it observed (files it did not
    write): the next run may take those digests from the state while the stat is the same."""
    observed = file_digests(plan.observed.documents.values(), plan.observed.others)
    recorded = file_digests((record.files for record in records.values()), others)
    return {key: sig for key, sig in plan.observed.stats.items() if key in recorded and recorded[key] == observed.get(key)}


def document_record(
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
    source = source_path(project, name)
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


def others(project: Project, plan: RunPlan) -> dict[str, str]:
    """The catalogs of no source document as the run found them, and the index pages as it left them."""
    indexes = digests(project, index_files(project))
    return {**{key: d for key, d in plan.observed.others.items() if key not in indexes}, **indexes}


def current_status(project: Project) -> ProjectStatus:
    """Where the project stands (``dipl10n status``): from the verified run state when nothing changed since the
    last run (no catalog read), else from the catalogs themselves.

    The catalogs of no source document are not in the state: those are read and checked either way.
    """
    from dipl10n.checks.runner import check_catalogs
    from dipl10n.run.incremental import plan_run, read_state
    from dipl10n.site.status import ProjectStatus, document_status, project_status

    state = read_state(project)
    if not state.documents:
        return project_status(project)
    plan = plan_run(project, state, refresh=False, machine_off=True)
    if not plan.unchanged:
        return project_status(project)
    known = [c.status(name) for name, record in state.documents.items() for c in record.catalogs.values()]
    recorded = {status.catalog for status in known}
    others = [path for path in project.catalog_paths() if project.show(path) not in recorded]
    checked = {summary.path: summary for summary in check_catalogs(project, others).catalogs} if others else {}
    extra = [
        document_status(project, path, po, checked.get(project.show(path)))
        for path in others
        if (po := project.catalog(path)) is not None
    ]
    return ProjectStatus.ranked(known + extra)
