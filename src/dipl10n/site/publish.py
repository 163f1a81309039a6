"""Publishing one document in one language: what is written, what is refused, and writing it.

For each source document and target language ``dipl10n build`` writes
``build/<lang>/<doc>.html`` and ``.txt`` (the article:
:mod:`dipl10n.site.article`), ``build/<lang>/<doc>.review.html`` (the
reviewer's page: :mod:`dipl10n.site.review`) and, with ``mo``,
``build/<lang>/LC_MESSAGES/<doc>.mo``: the compiled catalog, published
translations only (:func:`dipl10n.po.mo.mo_bytes`).

This module holds the decisions between reading and writing, in two steps:
:func:`prepare` reads the catalog and renders every page into a
:class:`Plan`, writing nothing, and :func:`carry_out` writes it. Every write
and removal goes through :meth:`Project.write` and :meth:`Project.remove`
(nothing at all with ``project.dry_run``), and a file that already holds the
bytes is not written again (:func:`write_if_changed`).

The publishing gate (:class:`BuildOptions`): ``min_translated`` (a
percentage) refuses to write a document's article, text and ``.mo`` when
fewer of its sentences are published, and ``strict`` when its catalog has
check errors; the result says so (``dipl10n build`` exits 1) and the other
documents still build. A refused document's article, text and ``.mo`` from
an earlier build are removed, so that no page stays behind looking current.
The review page is written either way: it is how to get there. Every result
counts its catalog's check errors (``dipl10n build`` exits 1 when there are
any, pages written or not); those numbers come from one check report
(:class:`Checked`), the one ``dipl10n check`` makes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from dipl10n.lang.locales import count_noun as _n
from dipl10n.po.mo import mo_bytes
from dipl10n.po.states import State
from dipl10n.site.article import Article, article_text, read_article, render_article
from dipl10n.site.render import html_lang, text_output
from dipl10n.site.result import BuildResult
from dipl10n.site.review import render_review
from dipl10n.source.document import Document

if TYPE_CHECKING:
    from dipl10n.checks.registry import Finding
    from dipl10n.checks.report import CatalogSummary, CheckReport
    from dipl10n.project.session import Project

__all__ = [
    "BuildOptions",
    "Checked",
    "PagePaths",
    "Plan",
    "build_document",
    "carry_out",
    "check_report",
    "prepare",
    "write_if_changed",
]


@dataclass(frozen=True)
class BuildOptions:
    """How ``build`` publishes: the options of ``dipl10n build``, the same for every document."""

    #: Show only published translations: every other sentence appears in the source language.
    reviewed_only: bool = False
    #: The publishing gate: the share of published sentences (a percentage) an article needs to be written.
    min_translated: float | None = None
    #: Write each catalog's ``.mo`` too.
    mo: bool = False
    #: The publishing gate: a catalog with check errors gets only its review page.
    strict: bool = False


@dataclass(frozen=True)
class Checked:
    """The check report behind every number the pages show, by catalog (as :meth:`Project.show` shows it)."""

    report: CheckReport
    summaries: Mapping[str, CatalogSummary]
    findings: Mapping[str, Sequence[Finding]]

    @classmethod
    def of(cls, report: CheckReport, findings: Mapping[str, Sequence[Finding]] | None = None) -> Checked:
        """``report``'s catalogs; their findings from ``findings`` instead when given (the older way to pass them)."""
        if findings is None:
            found: dict[str, list[Finding]] = {}
            for finding in report.all_findings:
                found.setdefault(finding.path, []).append(finding)
            findings = found
        return cls(report, {summary.path: summary for summary in report.catalogs}, findings)


def check_report(project: Project, paths: Sequence[Path]) -> CheckReport:
    """The check report of ``paths`` (every finding, ``verbose``), as ``dipl10n check`` makes it."""
    from dipl10n.checks.runner import check_catalogs

    return check_catalogs(project, paths, verbose=True)


@dataclass(frozen=True)
class PagePaths:
    """The files ``build`` writes for one document in one language (``output_path`` and ``mo_path``)."""

    html: Path
    text: Path
    review: Path
    mo: Path

    @classmethod
    def of(cls, project: Project, lang: str, name: str) -> PagePaths:
        return cls(project.output_path(lang, name, ".html"), project.output_path(lang, name, ".txt"),
                   project.output_path(lang, name, ".review.html"), project.mo_path(lang, name))  # fmt: skip

    def article(self, mo: bool) -> tuple[Path, ...]:
        """The article's files: what the publishing gate withholds (the page first: the summary names it)."""
        return (self.html, self.text) + ((self.mo,) if mo else ())

    @property
    def refused(self) -> tuple[Path, ...]:
        """What a refused document's earlier build may have left: its article, text and ``.mo``."""
        return (self.html, self.text, self.mo)


@dataclass(frozen=True)
class Plan:
    """One document in one language, rendered and not yet written: what :func:`carry_out` writes."""

    result: BuildResult
    outputs: tuple[tuple[Path, bytes], ...] = ()
    #: The pages to remove because the document was refused (its article, text and ``.mo``).
    refused: tuple[Path, ...] = ()
    review_path: Path | None = None
    reasons: tuple[str, ...] = ()
    article: tuple[Path, ...] = ()
    #: The document's title as its pages show it (the translated headline), and that title's language.
    title: str = ""
    title_lang: str = ""


def prepare(
    project: Project, doc: Document, lang: str, options: BuildOptions, checked: Checked, *, index_href: str | None
) -> Plan:
    """Read the catalog and render every page of one document in one language, writing nothing.

    The catalog's line of the check report (``checked``) gives its errors and
    warnings, the numbers ``dipl10n check`` gives (suppressed findings not
    counted); its errors are the publishing gate's. ``index_href`` links the
    review page to the site's index.
    """
    catalog_path = project.catalog_path(lang, doc.name)
    shown_catalog = project.show(catalog_path)
    catalog = project.catalog(catalog_path)
    if catalog is None:
        return _skipped(project, doc, lang, shown_catalog)
    article = read_article(
        doc, project.segments(doc), lang, catalog, source_code=project.config.mt.from_code,
        reviewed_only=options.reviewed_only,
    )  # fmt: skip
    paths = PagePaths.of(project, lang, doc.name)
    summary = checked.summaries.get(shown_catalog)
    errors = summary.errors if summary is not None else 0
    warnings = summary.warnings if summary is not None else 0
    review = render_review(
        article, project.glossary, catalog=shown_catalog, findings=checked.findings.get(shown_catalog, ()), errors=errors,
        warnings=warnings, article_path=paths.html, index_href=index_href,
    )  # fmt: skip
    outputs = ((paths.review, text_output(review)),)
    result = _counted(project, article, shown_catalog, errors, reviewed_only=options.reviewed_only)
    reasons = _refusals(result, options)
    if reasons:
        return Plan(result, outputs, paths.refused, paths.review, reasons, paths.article(options.mo),
                    title=article.title, title_lang=article.title_lang)  # fmt: skip
    return Plan(result, outputs + _article_outputs(article, catalog, paths, mo=options.mo), review_path=paths.review,
                article=paths.article(options.mo), title=article.title, title_lang=article.title_lang)  # fmt: skip


def _skipped(project: Project, doc: Document, lang: str, shown_catalog: str) -> Plan:
    """A document whose catalog does not exist yet: nothing to build."""
    result = BuildResult(doc.name, lang, shown_catalog, "skipped",
                         message="no catalog yet: run 'dipl10n update' (or 'dipl10n run') first")  # fmt: skip
    return Plan(result, title=doc.name, title_lang=html_lang(project.config.mt.from_code))


def _counted(project: Project, article: Article, shown_catalog: str, errors: int, *, reviewed_only: bool) -> BuildResult:
    """The result of a built document: its sentences counted by state, its conflicts and control characters apart."""
    every = article.every
    return BuildResult(
        doc=article.doc.name,
        lang=article.lang,
        catalog=shown_catalog,
        status="built",
        segments=len(every),
        states=article.counts,
        reviewed_only=reviewed_only,
        errors=errors,
        dry_run=project.dry_run,
        conflicts={state: n for state in State if (n := sum(1 for s in every if s.conflict and s.state is state))},
        controls={
            state: n
            for state in State
            if (n := sum(1 for s in every if s.controls and not s.conflict and s.state is state))
        },
        stale_drafts=sum(
            1 for s in every if s.stale and s.state is State.MACHINE_DRAFT and not s.conflict and not s.controls
        ),
    )


def _refusals(result: BuildResult, options: BuildOptions) -> tuple[str, ...]:
    """Why the publishing gate refuses the document's article, text and ``.mo``; empty when it does not."""
    share, errors, min_translated = result.share, result.errors, options.min_translated
    reasons = []
    if min_translated is not None and share * 100 < min_translated:
        reasons.append(
            f"only {share:.0%} of {_n(result.segments, 'sentence', 'sentences')} are translated and reviewed, "
            "below --min-translated "
            f"{min_translated:g}%"
        )
    if options.strict and errors:
        reasons.append(
            f"the catalog has {errors} check error{'' if errors == 1 else 's'} (--strict; see 'dipl10n check')"
        )
    return tuple(reasons)


def _article_outputs(article: Article, catalog: polib.POFile, paths: PagePaths, *, mo: bool) -> tuple[tuple[Path, bytes], ...]:
    """The article, its text and (with ``mo``) the compiled catalog, as written."""
    outputs = ((paths.html, text_output(render_article(article))), (paths.text, text_output(article_text(article))))
    return outputs + (((paths.mo, mo_bytes(catalog)),) if mo else ())


def carry_out(project: Project, plan: Plan) -> BuildResult:
    """Write what :func:`prepare` rendered (only what changed) and remove a refused document's earlier pages."""
    counted = plan.result
    if counted.status != "built":
        return counted
    written: list[str] = []
    unchanged: list[str] = []
    for path, data in plan.outputs:
        (written if write_if_changed(project, path, data) else unchanged).append(project.show(path))
    if plan.reasons:
        skipped = ", ".join(project.show(p) for p in plan.article)
        removed = tuple(project.show(p) for p in _remove_refused(project, plan.refused))
        review = project.show(plan.review_path) if plan.review_path else ""
        message = f"{' and '.join(plan.reasons)}: {skipped} not written (review page: {review})"
        if removed:
            message += f"; removed the earlier {', '.join(removed)}"
        return dataclasses.replace(
            counted,
            status="refused",
            written=tuple(written),
            unchanged=tuple(unchanged),
            message=message,
            removed=removed,
        )
    # The article first: summary() names it.
    order = {project.show(plan.article[0]): 0, project.show(plan.article[1]): 1}
    return dataclasses.replace(
        counted,
        written=tuple(sorted(written, key=lambda p: order.get(p, 2))),
        unchanged=tuple(sorted(unchanged, key=lambda p: order.get(p, 2))),
    )


def _remove_refused(project: Project, paths: Sequence[Path]) -> list[Path]:
    """Remove the pages of a refused document an earlier build left, so that none stays behind looking current.

    Only the paths ``build`` itself writes for the document (``output_path``
    and ``mo_path`` keep them inside the output directory), and only files or
    links (a link is removed, never what it points to), each through
    :meth:`Project.remove` (one ``unlink``; with ``--dry-run``, only recorded).
    Returns what was (or would be) removed.
    """
    return [path for path in paths if project.remove(path)]


def write_if_changed(project: Project, path: Path, data: bytes) -> bool:
    """Write ``data`` (through :meth:`Project.write`) unless the file already holds it; whether it was (or would be).

    The bytes are compared first, so that an unchanged page is neither
    rewritten nor reported as a change (``--dry-run`` lists only real ones).
    """
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass  # not there yet (or unreadable: project.write says what is wrong when it tries)
    project.write(path, data)
    return True


def build_document(
    project: Project,
    doc: Document,
    lang: str,
    *,
    reviewed_only: bool = False,
    min_translated: float | None = None,
    mo: bool = False,
    strict: bool = False,
    findings: Sequence[Finding] | None = None,
    report: CheckReport | None = None,
) -> BuildResult:
    """Build one document in one language; see the module's docstring for what is written (not the site's index).

    ``findings`` are the catalog's check findings, ``report`` the check
    report holding its counts, when the caller has them already. With
    ``strict`` a catalog with check errors gets only its review page.
    """
    path = project.catalog_path(lang, doc.name)
    if report is None:
        report = check_report(project, [path] if path.is_file() else [])
    checked = Checked.of(report, None if findings is None else {project.show(path): findings})
    options = BuildOptions(reviewed_only=reviewed_only, min_translated=min_translated, mo=mo, strict=strict)
    return carry_out(project, prepare(project, doc, lang, options, checked, index_href=None))
