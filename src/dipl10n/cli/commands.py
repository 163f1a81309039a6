"""The commands of the pipeline: extract, update, draft, run, stats, status, check, build.

Each one parses its options, calls one stage of :mod:`dipl10n.run` (or the
checks, or the site), and reports through :mod:`dipl10n.cli.report`; heavy
modules are imported inside the command that needs them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from dipl10n.cli.grammar import Dipl10nCommand, verbosity
from dipl10n.cli.options import EVERY_SETTING, FORMAT, needs_glossary, project_options
from dipl10n.cli.report import (
    explain,
    gate_line,
    json_text,
    progress_bar,
    report_catalogs,
    report_changes,
    report_machine,
    report_templates,
    say,
    say_error,
    stats_line,
)
from dipl10n.errors import EXIT_CHECKS_FAILED
from dipl10n.lang.locales import count_noun as _n

if TYPE_CHECKING:
    from dipl10n.project.session import Project

@click.command(cls=Dipl10nCommand, short_help="Split source documents into sentences: locales/<doc>.pot.")
@project_options("source_dir", "locales_dir", "glossary", "no_glossary", "lang")
def extract(*, project: Project) -> None:
    """Split source documents into sentences and write locales/<doc>.pot."""
    from dipl10n.run.pipeline import extract as run_extract

    needs_glossary(project)
    with project.lock():
        results, _ = run_extract(project)
    report_templates(results, dry_run=project.dry_run)
    report_changes(project.changes, dry_run=project.dry_run)


@click.command(cls=Dipl10nCommand, short_help="Merge the templates into each language's catalog (msgmerge).")
@project_options("locales_dir", "glossary", "no_glossary", "lang", dry_run=True)
def update(*, project: Project) -> None:
    """Merge the templates into each language's catalog (like msgmerge).

    Translations are kept; a changed sentence becomes fuzzy with its previous
    text; a removed sentence becomes obsolete (#~), never deleted.
    """
    from dipl10n.run.pipeline import read_templates, sync

    needs_glossary(project)
    with project.lock():
        report = sync(project, read_templates(project))
    report_catalogs(report, dry_run=project.dry_run)
    report_changes(project.changes, dry_run=project.dry_run)


@click.command(cls=Dipl10nCommand, short_help="Fill open entries: glossary, memory, machine translation.")
@project_options("locales_dir", "glossary", "no_glossary", "lang", dry_run=True)
@click.option("--refresh", is_flag=True, help="Re-draft machine drafts nobody has edited (after a model or glossary change).")
@click.option("--offline", is_flag=True, help="Never download a translation package.")
def draft(*, project: Project, refresh: bool, offline: bool) -> None:
    """Fill untranslated entries: glossary, translation memory, then machine translation.

    Machine drafts are fuzzy and name their engine. A translation a person
    wrote or edited is never replaced, with or without --refresh.
    """
    from dipl10n.mt.engine import engine_factory
    from dipl10n.run.pipeline import read_templates, sync
    from dipl10n.run.results import DraftOptions

    needs_glossary(project)
    factory = engine_factory(
        project.config.mt, offline=offline or project.dry_run, progress=progress_bar("Downloading")
    )
    options = DraftOptions(factory, refresh=refresh, progress=progress_bar("Translating"))
    with project.lock():
        report = sync(project, read_templates(project), draft=options)
    report_catalogs(report, dry_run=project.dry_run)
    report_machine(report.machine)
    report_changes(project.changes, dry_run=project.dry_run)


@click.command(cls=Dipl10nCommand, short_help="Do everything: extract, update, draft, build, check.")
@project_options(*EVERY_SETTING, dry_run=True)
@click.option("--refresh", is_flag=True, help="Re-draft machine drafts nobody has edited.")
@click.option("--offline", is_flag=True, help="Never download a translation package.")
@click.option("--no-mt", is_flag=True, help="Skip machine translation (glossary and memory still pre-fill).")
def run(*, project: Project, refresh: bool, offline: bool, no_mt: bool) -> None:
    """Do everything: extract, update, draft, build, and sum up the checks.

    Running it twice in a row leaves every file byte-identical; when nothing
    changed since the last run it says so and does nothing. The exit status
    is 1 when the catalogs hold check errors (the pages are written all the
    same), also on a rerun that had nothing to do.
    """
    from dipl10n.mt.engine import engine_factory
    from dipl10n.run.pipeline import run_project
    from dipl10n.run.results import DraftOptions

    needs_glossary(project)
    factory = (
        None
        if no_mt
        else engine_factory(project.config.mt, offline=offline or project.dry_run, progress=progress_bar("Downloading"))
    )
    report = run_project(project, draft=DraftOptions(factory, refresh=refresh, progress=progress_bar("Translating")))
    if report.unchanged or report.sync is None:
        say("nothing changed since the last run: catalogs and pages are up to date")
    else:
        if report.skipped:
            say(
                f"{report.skipped} of {_n(report.documents, 'document')} unchanged since the last run: skipped "
                "(their catalogs, pages and check counts are as that run left them)"
            )
        report_templates(report.templates, dry_run=project.dry_run)
        report_catalogs(report.sync, dry_run=project.dry_run)
        report_machine(report.sync.machine)
        for result in report.builds:
            say(result.summary())
        for index in report.site:
            say(index.summary())
        report_changes(project.changes, dry_run=project.dry_run)
    say(report.checks)
    if report.errors:
        pages = "the pages would be written (--dry-run)" if project.dry_run else "the pages were written"
        say_error(gate_line(report.errors, report.error_catalogs, pages))
        sys.exit(EXIT_CHECKS_FAILED)


@click.command(cls=Dipl10nCommand, short_help="Count each catalog's entries by state, and its words.")
@project_options("locales_dir", "lang")
@FORMAT
def stats(*, project: Project, fmt: str) -> None:
    """Count entries of each catalog: entries in each state, source words, words to review, obsolete entries.

    The same numbers as 'dipl10n status' and the review site's index page.
    """
    from dipl10n.run.pipeline import stats as catalog_stats

    rows = catalog_stats(project)
    if fmt == "json":
        data = [{"catalog": project.show(path), **s.to_dict()} for path, s in rows]
        say(json_text(data))
        return
    if not rows:
        say("no catalogs yet: run 'dipl10n run'")
        return
    for path, s in rows:
        say(f"{project.show(path)}: {stats_line(s)}", one_line=True)


@click.command(cls=Dipl10nCommand, short_help="Where the project stands: totals, then what needs work.")
@project_options("source_dir", "locales_dir", "glossary", "no_glossary", "lang")
@FORMAT
def status(*, project: Project, fmt: str) -> None:
    """Where the project stands: totals, then one line per document and language.

    Each line gives the entries in each state (as 'dipl10n stats' names
    them), the source words and the words still to review, the obsolete
    entries, and the check errors and warnings (as 'dipl10n check' counts
    them). Documents that need work come first: errors, then words to
    review, then untranslated entries. The numbers are those of 'stats',
    'check' and the review site's index page. The exit status is 0: use
    'dipl10n check' to fail on errors.
    """
    from dipl10n.run.records import current_status

    needs_glossary(project)
    overview = current_status(project)
    if fmt == "json":
        say(json_text(overview.to_dict()))
        return
    if not overview.documents:
        say("no catalogs yet: run 'dipl10n run'")
        return

    def findings(errors: int, warnings: int) -> str:
        return f"{_n(errors, 'error')}, {_n(warnings, 'warning')}"

    say(
        f"total, {_n(len(overview.documents), 'catalog')}: {stats_line(overview.totals)}; "
        f"{findings(overview.errors, overview.warnings)}"
    )
    for document in overview.documents:
        say(
            f"{document.catalog}: {stats_line(document.stats)}; {findings(document.errors, document.warnings)}",
            one_line=True,
        )


def _check_names(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """--only/--skip NAME: each NAME must be a check's (dipl10n.checks' registry), else a usage error listing them."""
    if value:
        from dipl10n.checks.runner import select_checks
        from dipl10n.errors import ConfigError

        try:
            select_checks(only=value)
        except ConfigError as exc:
            raise click.BadParameter(exc.message, ctx=ctx, param=param) from None
    return value


@click.command(cls=Dipl10nCommand,
    short_help="Check translations: terms, numbers, dates, markup, particles.",
    verbose_help="List fuzzy and untranslated entries one by one (-vv: debug output too).",
)
@project_options("source_dir", "locales_dir", "glossary", "no_glossary", "lang")
@click.argument("catalogs", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="Lines for people (file:line: severity: check: message), or JSON for scripts.",
)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings, fuzzy and untranslated entries too.")
@click.option("--only", metavar="NAME", multiple=True, callback=_check_names, help="Run only this check (repeatable).")
@click.option("--skip", metavar="NAME", multiple=True, callback=_check_names, help="Do not run this check (repeatable).")
def check(*, project: Project, catalogs: tuple[Path, ...], fmt: str, strict: bool, only: tuple[str, ...], skip: tuple[str, ...]) -> None:
    """Check translations: glossary terms, numbers, dates, markup, brackets, particles, ...

    Checks every catalog of the project, or the CATALOGS given (from any
    directory: the project is the one the first catalog belongs to). Prints
    file:line: severity: check: message, then the counts; exit status 1 when
    there is an error (with --strict, also a warning, fuzzy or untranslated entry).
    With --verbose (-v), fuzzy and untranslated entries are listed too.
    --only NAME runs only the checks named, --skip NAME all but those (both
    repeatable; NAME as findings name the check: numbers, glossary, ...).
    """
    from dipl10n.checks.runner import check_catalogs, select_checks

    needs_glossary(project)
    selected = select_checks(only, skip)
    report = check_catalogs(project, list(catalogs) or None, verbose=verbosity() > 0, checks=selected)
    failed = report.failed(strict=strict)
    if fmt == "json":
        explain([json_text(report.to_dict())], failed=failed)
    elif not report.catalogs:
        say("no catalogs to check: run 'dipl10n run'")
    else:
        lines = [str(finding) for finding in report.findings]
        if len(report.catalogs) > 1:
            lines += [str(summary) for summary in report.catalogs]
        explain([*lines, report.summary()], failed=failed, one_line=True)
    if failed:
        sys.exit(EXIT_CHECKS_FAILED)


@click.command(cls=Dipl10nCommand, short_help="Write the pages: articles, text and review pages.")
@project_options(*EVERY_SETTING, dry_run=True)
@click.option(
    "--reviewed-only",
    is_flag=True,
    help="Show only published translations: machine drafts, out-of-date translations and text under review "
    "appear in English.",
)
@click.option(
    "--min-translated",
    type=click.FloatRange(0, 100),
    metavar="PCT",
    help="Do not write a document with fewer translated, reviewed sentences (exit 1).",
)
@click.option("--mo", is_flag=True, help="Also compile build/<lang>/LC_MESSAGES/<doc>.mo (fuzzy entries left out).")
@click.option(
    "--strict",
    is_flag=True,
    help="Do not write the article, .txt and .mo of a document whose catalog has check errors (exit 1).",
)
def build(*, project: Project, reviewed_only: bool, min_translated: float | None, mo: bool, strict: bool) -> None:
    """Write build/<lang>/<doc>.html, .txt and .review.html from the catalogs.

    The exit status is 1 when a catalog has check errors (the pages are
    written all the same; with --strict that document's article, .txt and
    .mo are not), or a document is under --min-translated (not written). A
    refused document's earlier article, .txt and .mo are removed; its review
    page is written, and the other documents are still built.
    """
    from dipl10n.site.index import build_all

    needs_glossary(project)
    with project.lock():
        results = build_all(project, reviewed_only=reviewed_only, min_translated=min_translated, mo=mo, strict=strict)
    for result in results:
        if result.ok:
            say(result.summary())
        else:
            say_error(result.summary())
    for index in results.site:
        say(index.summary())
    if not results:
        say("no source documents to build")
    report_changes(project.changes, dry_run=project.dry_run)
    errors = sum(result.errors for result in results)
    if errors:
        catalogs = len({result.catalog for result in results if result.errors})
        if strict:
            pages = "their articles were not written (--strict)"
        else:
            pages = "the pages would be written (--dry-run)" if project.dry_run else "the pages were written"
        say_error(gate_line(errors, catalogs, pages))
    if errors or any(not result.ok for result in results):
        sys.exit(EXIT_CHECKS_FAILED)
