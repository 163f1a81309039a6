"""The review site's index, and building the whole site: every document in every language, then each index.

``build/<lang>/index.html`` lists every document of the language with its
progress, the ones that need work first (:func:`dipl10n.site.status.project_status`:
the numbers of ``stats`` and ``check``), linking to each review page and
article. It is the one page that needs every document's build
(:class:`IndexRecord`: how it went, its title), so :func:`build_all`, which
builds them (:mod:`dipl10n.site.publish`), lives here with it.

``build_all`` writes nothing until every catalog it needs has been read and
every page rendered: a malformed catalog (or a page path that would leave
the output directory) stops the command with nothing written. An
incremental run (:mod:`dipl10n.run.incremental`) builds only the documents
that changed and keeps the :class:`IndexRecord` of the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dipl10n.errors import InputError
from dipl10n.lang.locales import count_noun as _n
from dipl10n.po.states import State
from dipl10n.site.publish import BuildOptions, Checked, Plan, carry_out, check_report, prepare, write_if_changed
from dipl10n.site.render import environment, html_lang, page_href, text_output
from dipl10n.site.result import SUMMARY_WORDS, BuildResult
from dipl10n.source.document import Document

if TYPE_CHECKING:
    from dipl10n.checks.registry import Finding
    from dipl10n.checks.report import CheckReport
    from dipl10n.project.session import Project
    from dipl10n.site.status import DocumentStatus, ProjectStatus

__all__ = ["BuildResults", "IndexRecord", "SiteIndex", "build_all", "index_path"]


@dataclass(frozen=True)
class IndexRecord:
    """What the index page needs from a document's build: how it went and its title.

    An incremental run keeps it for the documents it does not build again.
    """

    doc: str
    lang: str
    #: ``built``, ``refused`` or ``skipped`` (:attr:`BuildResult.status`).
    status: str
    title: str = ""
    title_lang: str = ""
    #: Why the document's article was refused, or why it was skipped.
    note: str = ""

    @classmethod
    def of(cls, result: BuildResult, *, title: str, title_lang: str, reasons: Sequence[str]) -> IndexRecord:
        """The record of one build: its result, the title its page shows, and why its article was refused."""
        note = result.message if result.status == "skipped" else " and ".join(reasons)
        return cls(result.doc, result.lang, result.status, title, title_lang, note)


@dataclass(frozen=True)
class SiteIndex:
    """The review site's index page of one language (``build/<lang>/index.html``): what the build did with it."""

    lang: str
    #: The page, as :meth:`Project.show` shows it.
    path: str
    #: ``written``, ``unchanged`` or ``skipped``.
    status: str
    documents: int = 0
    message: str = ""

    def summary(self) -> str:
        """One line for the command's output."""
        if self.status == "skipped":
            return f"{self.path}: skipped: {self.message}"
        return f"{self.path}: review site index, {_n(self.documents, 'document', 'documents')} ({self.status})"


class BuildResults(list[BuildResult]):
    """What :func:`build_all` did: a list of one :class:`BuildResult` per document and language, as before,
    and in :attr:`site` the review site's index pages, one per language."""

    def __init__(
        self, results: Iterable[BuildResult] = (), site: Iterable[SiteIndex] = (), records: Iterable[IndexRecord] = ()
    ) -> None:
        super().__init__(results)
        self.site: tuple[SiteIndex, ...] = tuple(site)
        #: What the index pages need from the documents built (an incremental run keeps them).
        self.records: tuple[IndexRecord, ...] = tuple(records)


def index_path(project: Project, lang: str) -> Path:
    """The review site's index page of ``lang``: ``build/<lang>/index.html``."""
    return project.output_path(lang, "index", ".html")


@dataclass(frozen=True)
class _IndexPlan:
    """The index page of one language, rendered and not yet written (``data`` is ``None`` when skipped)."""

    lang: str
    path: Path | None
    shown: str
    data: bytes | None
    documents: int
    message: str = ""


def _index_row(
    project: Project, lang: str, status: DocumentStatus | None, plan: IndexRecord | None, name: str
) -> dict[str, Any]:
    """One document of the index page: its numbers (``status``), its pages (``plan``), and a note on what is missing."""
    review_href = article_href = None
    note = ""
    if plan is None:
        note = "no source document: the catalog translates a document that is not in the source folder"
    elif plan.status == "skipped":
        note = plan.note
    else:
        review_href = page_href(project.output_path(lang, name, ".review.html"))
        if plan.status == "refused":
            note = "article not written: " + plan.note
        else:
            article_href = page_href(project.output_path(lang, name, ".html"))
    bar = []  # published states first, then what waits for a person (the build line's order)
    if status is not None and status.stats.entries:
        for state in SUMMARY_WORDS:
            n = status.stats.count(state)
            if n:
                bar.append((state, n, 100 * n / status.stats.entries))
    return {
        "name": name,
        "title": plan.title if plan is not None else name,
        "title_lang": plan.title_lang if plan is not None else "",
        "catalog": status.catalog if status is not None else project.show(project.catalog_path(lang, name)),
        "status": status,
        "review_href": review_href,
        "article_href": article_href,
        "note": note,
        "bar": bar,
        "published": round(100 * status.stats.translated_share) if status is not None else 0,
    }


def _prepare_index(project: Project, lang: str, records: Sequence[IndexRecord], site: ProjectStatus) -> _IndexPlan:
    """Render ``build/<lang>/index.html``: every document of the language, the ones that need work first."""
    from dipl10n.site.status import ProjectStatus

    path = index_path(project, lang)
    shown = project.show(path)
    names = {record.doc for record in records}
    if "index" in names:
        return _IndexPlan(lang, None, shown, None, 0,
                          "a source document named 'index' has this page as its article; the review site has no index")
    by_name = {record.doc: record for record in records}
    mine = [d for d in site.documents if d.catalog == project.show(project.catalog_path(lang, d.doc))]
    rows = [_index_row(project, lang, d, by_name.get(d.doc), d.doc) for d in mine]
    listed = {d.doc for d in mine}
    rows.extend(_index_row(project, lang, None, record, record.doc) for record in records if record.doc not in listed)
    if not rows:
        return _IndexPlan(lang, None, shown, None, 0, "no documents")
    totals = ProjectStatus(tuple(mine))
    env = environment(False)
    page = env.get_template("index.html").render(
        lang=html_lang(lang),
        project=project.config.project,
        rows=rows,
        totals=totals.totals,
        errors=totals.errors,
        warnings=totals.warnings,
        documents=len(rows),
        states=list(State),
    )
    return _IndexPlan(lang, path, shown, text_output(page), len(rows))


def _write_index(project: Project, plan: _IndexPlan) -> SiteIndex:
    """Write the index page (only when it changed) and say what became of it."""
    if plan.data is None or plan.path is None:
        return SiteIndex(plan.lang, plan.shown, "skipped", message=plan.message)
    status = "written" if write_if_changed(project, plan.path, plan.data) else "unchanged"
    return SiteIndex(plan.lang, plan.shown, status, documents=plan.documents)


def build_all(
    project: Project,
    *,
    reviewed_only: bool = False,
    min_translated: float | None = None,
    mo: bool = False,
    strict: bool = False,
    langs: Iterable[str] | None = None,
    findings: Mapping[str, Sequence[Finding]] | None = None,
    report: CheckReport | None = None,
    documents: Sequence[Document] | None = None,
    site: ProjectStatus | None = None,
    known: Sequence[IndexRecord] = (),
) -> BuildResults:
    """Build every document of the project in every language (or ``langs``), and each language's site index.

    An incremental run builds only ``documents`` (those that changed); the
    index pages then take the other documents' rows from ``site`` (the status
    of every catalog) and ``known`` (what their last build was), and
    ``report`` need only cover the catalogs of ``documents``.

    ``report`` is the check report of the project's catalogs
    (:func:`dipl10n.checks.runner.check_catalogs`, made ``verbose`` so that it lists
    every finding), when the caller has run the checks already; without it
    the checks run here, once. Every number the pages show comes from it and
    from the catalogs: the review pages' errors and warnings and the index
    page's rows (:func:`dipl10n.site.status.project_status`) are what ``check``,
    ``stats`` and ``status`` say. ``findings`` (catalogs as
    :meth:`Project.show` shows them, mapped to their findings) is the older
    way to pass the findings alone: the review pages list them, and the
    counts still come from a check report (made here). ``strict`` refuses the
    article, text and ``.mo`` of a document whose catalog has check errors.

    Everything is written through :meth:`Project.write` and
    :meth:`Project.remove` (nothing with ``project.dry_run``), and only what
    changed: a page already holding the bytes is left alone.
    """
    from dipl10n.site.status import project_status

    options = _options(reviewed_only=reviewed_only, min_translated=min_translated, mo=mo, strict=strict)
    languages = list(langs) if langs is not None else list(project.languages)
    checked = Checked.of(report if report is not None else _check_all(project, languages), findings)
    if site is None:
        site = project_status(project, checked.report)
    # Every catalog read and every page rendered first: a malformed catalog stops the build with nothing written.
    plans = _prepare_documents(project, languages, options, checked, documents)
    fresh = {
        lang: [
            IndexRecord.of(plan.result, title=plan.title, title_lang=plan.title_lang, reasons=plan.reasons)
            for plan in plans.by_lang[lang]
        ]
        for lang in languages
    }
    records = _index_records(languages, fresh, known)
    pages = [_prepare_index(project, lang, records[lang], site) for lang in languages]
    results = [carry_out(project, plan) for plan in plans.ordered]
    return BuildResults(
        results, [_write_index(project, page) for page in pages], [r for rs in fresh.values() for r in rs]
    )


def _options(*, reviewed_only: bool, min_translated: float | None, mo: bool, strict: bool) -> BuildOptions:
    """The options of ``dipl10n build``, ``min_translated`` checked: a percentage."""
    if min_translated is not None and not 0 <= min_translated <= 100:
        raise InputError(f"--min-translated must be a percentage from 0 to 100, not {min_translated:g}")
    return BuildOptions(reviewed_only=reviewed_only, min_translated=min_translated, mo=mo, strict=strict)


def _check_all(project: Project, languages: Sequence[str]) -> CheckReport:
    """The check report of every catalog of the project (as 'check' checks them), and those of a language built
    but not configured."""
    paths = list(project.catalog_paths())
    for lang in languages:
        if lang not in project.languages:
            paths += [path for doc in project.documents if (path := project.catalog_path(lang, doc.name)).is_file()]
    return check_report(project, paths)


@dataclass(frozen=True)
class _Prepared:
    """Every document to build in every language, rendered and not yet written."""

    #: Each language's plans, in document order.
    by_lang: Mapping[str, Sequence[Plan]]
    #: Every plan, document by document: the order of the results.
    ordered: Sequence[Plan]


def _prepare_documents(
    project: Project, languages: Sequence[str], options: BuildOptions, checked: Checked,
    documents: Sequence[Document] | None,
) -> _Prepared:  # fmt: skip
    """Render every page of ``documents`` (every document of the project by default) in every language."""
    indexes = {lang: index_path(project, lang) for lang in languages}
    # A source document named 'index' has the index page as its article: no page links to the index then.
    has_index_document = any(path.stem == "index" for path in project.source_paths())
    built = project.documents if documents is None else documents
    by_lang: dict[str, list[Plan]] = {lang: [] for lang in languages}
    ordered: list[Plan] = []
    for doc in built:
        for lang in languages:
            index_href = None if has_index_document else page_href(indexes[lang])
            plan = prepare(project, doc, lang, options, checked, index_href=index_href)
            by_lang[lang].append(plan)
            ordered.append(plan)
    return _Prepared(by_lang, ordered)


def _index_records(
    languages: Sequence[str], fresh: Mapping[str, list[IndexRecord]], known: Sequence[IndexRecord]
) -> dict[str, list[IndexRecord]]:
    """Each language's documents for its index page: those built now, then what the last build recorded of the others."""
    rebuilt = {(record.doc, record.lang) for records in fresh.values() for record in records}
    return {
        lang: fresh[lang] + [r for r in known if r.lang == lang and (r.doc, r.lang) not in rebuilt] for lang in languages
    }
