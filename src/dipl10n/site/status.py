"""Where the project stands: per document and language, every state, the words to review, the errors.

``dipl10n status`` prints it, and the review site's index page
(``build/<lang>/index.html``) shows it: both from :func:`project_status`, so
they give the same numbers as ``dipl10n stats`` (entries by state) and
``dipl10n check`` (errors and warnings).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dipl10n.po.catalog import CatalogStats, catalog_stats

if TYPE_CHECKING:
    import polib

    from dipl10n.checks.report import CatalogSummary, CheckReport
    from dipl10n.project.session import Project

__all__ = ["DocumentStatus", "ProjectStatus", "document_status", "project_status"]


@dataclass(frozen=True)
class DocumentStatus:
    """One document in one language."""

    doc: str
    lang: str
    catalog: str
    stats: CatalogStats
    errors: int
    warnings: int

    @property
    def needs_work(self) -> tuple[int, int, int, int]:
        """What sorts first: errors, then words a person still has to review, then untranslated entries."""
        return (self.errors, self.stats.words_to_review, self.stats.untranslated, self.warnings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.doc,
            "language": self.lang,
            "catalog": self.catalog,
            **self.stats.to_dict(),
            "errors": self.errors,
            "warnings": self.warnings,
        }


@dataclass(frozen=True)
class ProjectStatus:
    """Every document of the project, the ones that need work first, and the totals."""

    documents: tuple[DocumentStatus, ...]

    @property
    def totals(self) -> CatalogStats:
        total = CatalogStats(entries=0, source_words=0, obsolete=0, states={})
        for document in self.documents:
            total = total + document.stats
        return total

    @property
    def errors(self) -> int:
        return sum(d.errors for d in self.documents)

    @property
    def warnings(self) -> int:
        return sum(d.warnings for d in self.documents)

    @classmethod
    def ranked(cls, documents: Iterable[DocumentStatus]) -> ProjectStatus:
        """``documents``, those that need work first (then by document and language)."""
        return cls(tuple(sorted(documents, key=lambda d: (tuple(-n for n in d.needs_work), d.doc, d.lang))))

    def to_dict(self) -> dict[str, Any]:
        return {
            "totals": {
                "documents": len(self.documents),
                **self.totals.to_dict(),
                "errors": self.errors,
                "warnings": self.warnings,
            },
            "documents": [d.to_dict() for d in self.documents],
        }


def project_status(project: Project, report: CheckReport | None = None) -> ProjectStatus:
    """The status of every catalog of the project; ``report`` is the catalogs' check report when there is one."""
    from dipl10n.checks.runner import check_catalogs

    if report is None:
        report = check_catalogs(project)
    checked = {summary.path: summary for summary in report.catalogs}
    documents = []
    for path in project.catalog_paths():
        po = project.catalog(path)
        if po is not None:
            documents.append(document_status(project, path, po, checked.get(project.show(path))))
    return ProjectStatus.ranked(documents)


def document_status(
    project: Project, path: Path, po: polib.POFile, summary: CatalogSummary | None, stats: CatalogStats | None = None
) -> DocumentStatus:
    """The status of the catalog ``po`` at ``path``; ``summary`` is its check summary, if it was checked.

    ``stats`` are the catalog's counts when the caller has them already (:func:`catalog_stats` of ``po``).
    """
    from dipl10n.checks.runner import catalog_language

    default = project.languages[0] if project.languages else "ko"
    return DocumentStatus(
        doc=path.stem,
        lang=catalog_language(po, path, default),
        catalog=project.show(path),
        stats=stats if stats is not None else catalog_stats(po),
        errors=summary.errors if summary is not None else 0,
        warnings=summary.warnings if summary is not None else 0,
    )
