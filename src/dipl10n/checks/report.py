"""What ``dipl10n check`` reports: the counts of each catalog and the findings listed, as lines or as JSON.

A fresh catalog is mostly untranslated and, after machine translation, mostly
fuzzy: listing each of those entries would bury the findings that matter. So
``fuzzy`` and ``untranslated`` findings are *counted* per catalog
(:data:`COLLAPSED`) and only listed when asked for (``verbose``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from dipl10n.checks.registry import Finding
from dipl10n.lang.locales import count_noun as _count

#: Findings counted per catalog rather than listed, unless asked for.
COLLAPSED = ("fuzzy", "untranslated")


@dataclass(frozen=True)
class CatalogSummary:
    """The counts of one checked catalog."""

    path: str
    lang: str
    entries: int
    errors: int
    warnings: int
    fuzzy: int
    untranslated: int
    suppressed: int = 0

    def __str__(self) -> str:
        suppressed = f", {self.suppressed} suppressed" if self.suppressed else ""
        return (
            f"{self.path}: {_count(self.entries, 'entry', 'entries')}, {_count(self.errors, 'error')}, "
            f"{_count(self.warnings, 'warning')}, {self.fuzzy} fuzzy, {self.untranslated} untranslated{suppressed}"
        )


@dataclass(frozen=True)
class CheckReport:
    """The findings of ``dipl10n check`` and the counts per catalog.

    ``findings`` holds what is listed: everything but ``fuzzy`` and
    ``untranslated`` findings, which are counted in ``catalogs`` and listed
    only when the report was made ``verbose``. ``warnings`` counts the
    other warnings.
    """

    findings: tuple[Finding, ...]
    catalogs: tuple[CatalogSummary, ...]
    verbose: bool = False
    #: Findings a reviewer suppressed; listed with ``verbose`` (and always in JSON), never counted.
    suppressed: tuple[Finding, ...] = ()

    @property
    def all_findings(self) -> list[Finding]:
        """What is listed, then the suppressed findings it does not list already."""
        listed = set(self.findings)
        return list(self.findings) + [f for f in self.suppressed if f not in listed]

    @property
    def errors(self) -> int:
        return sum(c.errors for c in self.catalogs)

    @property
    def warnings(self) -> int:
        return sum(c.warnings for c in self.catalogs)

    @property
    def fuzzy(self) -> int:
        return sum(c.fuzzy for c in self.catalogs)

    @property
    def untranslated(self) -> int:
        return sum(c.untranslated for c in self.catalogs)

    def failed(self, *, strict: bool = False) -> bool:
        """Errors fail; with ``strict``, so do warnings, fuzzy and untranslated entries."""
        if strict:
            return bool(self.errors or self.warnings or self.fuzzy or self.untranslated)
        return bool(self.errors)

    def summary(self) -> str:
        """One line: the totals over every checked catalog."""
        if not self.catalogs:
            return "check: no catalogs to check"
        hidden = sum(c.suppressed for c in self.catalogs)
        suppressed = f", {hidden} suppressed" if hidden else ""
        line = (
            f"check: {_count(len(self.catalogs), 'catalog')}, {_count(self.errors, 'error')}, "
            f"{_count(self.warnings, 'warning')}, {self.fuzzy} fuzzy, {self.untranslated} untranslated{suppressed}"
        )
        if not self.verbose and (self.fuzzy or self.untranslated):
            line += " (fuzzy and untranslated entries are listed by 'dipl10n check --verbose')"
        return line

    def to_dict(self) -> dict[str, Any]:
        listed = self.all_findings
        return {
            "findings": [f.to_dict() for f in sorted(listed, key=lambda f: (f.path, f.line))],
            "catalogs": [asdict(c) for c in self.catalogs],
            "summary": {
                "catalogs": len(self.catalogs),
                "errors": self.errors,
                "warnings": self.warnings,
                "fuzzy": self.fuzzy,
                "untranslated": self.untranslated,
                "suppressed": len(self.suppressed),
            },
        }
