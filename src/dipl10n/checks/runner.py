"""Running the checks: every check on every entry of a catalog, then over a project's catalogs.

:data:`CHECKS` is the order the checks run in, and so the order of an entry's
findings; each check's name and severity are its own declaration
(:mod:`dipl10n.checks.registry`). Nothing stops at the first problem: every
check runs on every entry, fuzzy ones included (the build shows drafts to
readers), and a check that crashes on an entry is an error finding of that
check on that entry, not the end of the command.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import re
import statistics
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from dipl10n.checks.entries import check_conflict, check_controls, check_fuzzy, check_untranslated
from dipl10n.checks.glossary import check_glossary
from dipl10n.checks.markup import check_brackets, check_markup
from dipl10n.checks.numbers import check_numbers
from dipl10n.checks.particles import check_particles
from dipl10n.checks.registry import ERROR, REGISTRY, WARNING, Check, CheckContext, Finding
from dipl10n.checks.report import COLLAPSED, CatalogSummary, CheckReport
from dipl10n.checks.style import (
    LENGTH_MIN_ENTRIES,
    check_identical,
    check_latin,
    check_length,
    check_punctuation,
    check_spaces,
    latin_allowed,
    length_ratio,
)
from dipl10n.checks.text import texts
from dipl10n.errors import ConfigError, InputError
from dipl10n.po.model import comment_lines, live
from dipl10n.terms.glossary import Glossary

if TYPE_CHECKING:
    from dipl10n.project.session import Project

__all__ = [
    "CHECKS",
    "CHECK_NAMES",
    "article_date",
    "catalog_language",
    "check_catalog",
    "check_catalogs",
    "ignored_checks",
    "select_checks",
]

log = logging.getLogger(__name__)

#: Every check, in the order findings are listed for an entry (each declared check, once).
CHECKS: tuple[Check, ...] = REGISTRY.in_order(
    check_untranslated,
    check_fuzzy,
    check_conflict,
    check_controls,
    check_glossary,
    check_numbers,
    check_markup,
    check_brackets,
    check_particles,
    check_identical,
    check_latin,
    check_length,
    check_spaces,
    check_punctuation,
)

#: The name of each check, as findings, ``ignore-<check>`` and ``--only``/``--skip`` name it.
CHECK_NAMES = REGISTRY.names()
_IGNORE_LINE = re.compile(r"ignore-[a-z]+(?:\s*,\s*ignore-[a-z]+)*")


def select_checks(only: Iterable[str] = (), skip: Iterable[str] = ()) -> tuple[Check, ...]:
    """The checks to run, in :data:`CHECKS` order: those ``only`` names (all, if it names none) but those of ``skip``.

    A name that is no check's is a :class:`~dipl10n.errors.ConfigError`
    (exit status 2) that lists the checks.
    """
    chosen, skipped = set(only), set(skip)
    unknown = [name for name in dict.fromkeys([*only, *skip]) if name not in CHECK_NAMES]
    if unknown:
        names = ", ".join(repr(name) for name in unknown)
        raise ConfigError(f"no check is named {names}; the checks are {', '.join(sorted(CHECK_NAMES))}")
    return tuple(c for c in CHECKS if (not chosen or c.name in chosen) and c.name not in skipped)


def _median_ratio(catalog: polib.POFile) -> float | None:
    """The median :func:`~dipl10n.checks.style.length_ratio` of the catalog's translations: the ``length`` norm."""
    ratios = []
    for entry in live(catalog):
        msgid, msgstr = texts(entry)
        ratio = length_ratio(msgid, msgstr)
        if ratio is not None and msgstr.strip() != msgid.strip():
            ratios.append(ratio)
    return statistics.median(ratios) if len(ratios) >= LENGTH_MIN_ENTRIES else None


def ignored_checks(entry: polib.POEntry) -> list[str]:
    """The checks a reviewer switched off for this entry.

    A translator comment line ``ignore-numbers`` (or ``ignore-numbers,
    ignore-glossary``): every gettext tool keeps translator comments. Flags
    such as Weblate writes (``#, ignore-numbers``) count too while they last
    (GNU tools drop flags they do not know).
    """
    names = [flag[len("ignore-") :] for flag in entry.flags if flag.startswith("ignore-")]
    for line in comment_lines(entry.tcomment):
        if _IGNORE_LINE.fullmatch(line.strip()):
            names += [part.strip()[len("ignore-") :] for part in line.split(",")]
    return list(dict.fromkeys(names))


def _run(check: Check, entry: polib.POEntry, context: CheckContext) -> list[Finding]:
    """The findings of ``check`` on ``entry``; if it crashes, what it found so far and an error that says so."""
    findings: list[Finding] = []
    try:
        findings.extend(check(entry, context))
    except Exception as exc:  # a bug in one check must not hide what the others find
        log.debug("check %s crashed on %s:%s", check.name, context.path, entry.linenum, exc_info=True)
        findings.append(
            context.finding(entry, ERROR, check.name, f"the check crashed on this entry: {type(exc).__name__}: {exc}")
        )
    return findings


def check_catalog(
    catalog: polib.POFile,
    *,
    path: str,
    lang: str,
    glossary: Glossary,
    checks: Sequence[Check] | None = None,
    article: datetime.date | None = None,
) -> list[Finding]:
    """Every finding of every check (``checks``, or :data:`CHECKS`) on every entry of ``catalog``, in file order.

    Findings of a check the entry ignores (:func:`ignored_checks`) are marked
    ``suppressed``; an ``ignore-`` that names no check is a warning.
    """
    context = CheckContext(
        path=path,
        lang=lang,
        glossary=glossary,
        length_ratio=_median_ratio(catalog),
        article=article,
        _latin_allowed=latin_allowed(glossary, lang),
    )
    findings: list[Finding] = []
    for entry in live(catalog):
        ignored = ignored_checks(entry)
        for name in ignored:
            if name not in CHECK_NAMES:
                findings.append(context.finding(
                    entry, WARNING, "suppression",
                    f"ignore-{name} names no check; the checks are {', '.join(sorted(CHECK_NAMES))}",
                ))
        for check in CHECKS if checks is None else checks:
            for finding in _run(check, entry, context):
                findings.append(dataclasses.replace(finding, suppressed=True) if finding.check in ignored else finding)
    return findings


def catalog_language(catalog: polib.POFile, path: Path, default: str) -> str:
    """The language of a catalog: its ``Language`` header, else its directory, else ``default``."""
    declared = catalog.metadata.get("Language", "").strip()
    if declared:
        return declared
    if path.parent.name == "LC_MESSAGES" and path.parent.parent.name:
        return path.parent.parent.name
    return default


def check_catalogs(
    project: Project,
    paths: Iterable[Path] | None = None,
    *,
    verbose: bool = False,
    checks: Sequence[Check] | None = None,
) -> CheckReport:
    """Check the named catalogs, or every catalog of the project, with ``checks`` (:data:`CHECKS` by default)."""
    targets = list(paths) if paths is not None else project.catalog_paths()
    default = project.languages[0] if project.languages else "ko"
    listed: list[Finding] = []
    suppressed: list[Finding] = []
    summaries: list[CatalogSummary] = []
    for path in targets:
        shown = project.show(path)
        catalog = project.catalog(path)
        if catalog is None:
            raise InputError("the catalog does not exist", path=shown)
        lang = catalog_language(catalog, path, default)
        findings = check_catalog(
            catalog, path=shown, lang=lang, glossary=project.glossary, checks=checks, article=article_date(project, path)
        )
        counted = [f for f in findings if not f.suppressed]
        # Only the warnings of fuzzy and untranslated are counted instead of listed: an error of theirs (a crash) is not.
        collapsed = [f for f in counted if f.severity == WARNING and f.check in COLLAPSED]
        suppressed.extend(f for f in findings if f.suppressed)
        listed.extend(
            f for f in findings
            if (verbose or f.check not in COLLAPSED or f.severity == ERROR) and (verbose or not f.suppressed)
        )
        summaries.append(
            CatalogSummary(
                path=shown,
                lang=lang,
                entries=sum(1 for _ in live(catalog)),
                errors=sum(1 for f in counted if f.severity == ERROR),
                warnings=sum(1 for f in counted if f.severity == WARNING and f.check not in COLLAPSED),
                fuzzy=sum(1 for f in collapsed if f.check == "fuzzy"),
                untranslated=sum(1 for f in collapsed if f.check == "untranslated"),
                suppressed=len(findings) - len(counted),
            )
        )
    return CheckReport(tuple(listed), tuple(summaries), verbose, tuple(suppressed))


def article_date(project: Project, catalog_path: Path) -> datetime.date | None:
    """The ``date`` of the source document a catalog translates (its front matter), if it has one."""
    path = project.source_path(catalog_path.stem)
    return project.document(path).date if path is not None else None
