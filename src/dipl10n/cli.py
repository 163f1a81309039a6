"""The ``dipl10n`` command line: parse options, call the pipeline, report.

Exit codes: 0 success, 1 checks failed (``run`` and ``build`` too, after
writing, while a catalog holds check errors: the publishing gate), 2 bad
input or usage (no project here or above, a missing glossary, a file the
operating system will not let dipl10n read or write), 3 the project is busy
(another run holds it, a catalog kept changing under this run, another
program holds the translation memory).
"""

from __future__ import annotations

import functools
import json
import logging
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from dipl10n import __version__
from dipl10n.errors import (
    EXIT_CHECKS_FAILED,
    Dipl10nError,
    FileBusyError,
    FileSystemError,
    TranslationMemoryError,
    os_error,
)


class Dipl10nGroup(click.Group):
    """Turns every :class:`Dipl10nError` into one message and its exit code, in one place.

    An :class:`OSError` or a SQLite error that no I/O helper wrapped becomes
    the same kind of line, naming the file the operating system named, with
    exit status 2 (3 when another program holds the file): never a traceback,
    never exit status 1, which means "checks failed".
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                return super().invoke(ctx)
            except OSError as exc:
                raise os_error(exc) from exc
            except sqlite3.Error as exc:
                from dipl10n.memory import memory_error

                raise memory_error(exc, None) from exc
        except Dipl10nError as exc:
            click.echo(f"error: {_located(exc, ctx.meta.get(_ROOT))}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted: every catalog is as it was or fully written", err=True)
            ctx.exit(130)


#: Where a command's project root is kept for the error line (``click.Context.meta``, shared by nested contexts).
_ROOT = "dipl10n.root"


def _located(exc: Dipl10nError, root: Path | None) -> str:
    """The error's line: a file the OS or SQLite failed on is shown relative to the project, as other errors are."""
    path = exc.path
    if isinstance(exc, (FileSystemError, FileBusyError, TranslationMemoryError)) and path is not None and root:
        for resolve in (False, True):
            try:
                inside = path.resolve() if resolve else path.absolute()
                return f"{inside.relative_to(root.resolve() if resolve else root.absolute()).as_posix()}: {exc.message}"
            except (ValueError, OSError, RuntimeError):  # elsewhere; a link loop
                continue
    return str(exc)


def project_options(command: Callable | None = None, *, required: bool = True) -> Callable:
    """Options shared by every command that works on a project tree.

    The project is ``--project DIR``, else the project of the first catalog
    the command names (``catalogs``), else the nearest one from the current
    directory upwards (:func:`dipl10n.project.find_root`). With
    ``required=False`` (the ``model`` commands, which manage the user's
    translation packages) a command also runs outside any project, with the
    default settings.
    """
    if command is None:
        return functools.partial(project_options, required=required)

    @click.option(
        "--project",
        "-C",
        "project",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Project directory (holding pyproject.toml with [tool.dipl10n]); default: the nearest one from the "
        "catalog given, or from the current directory, upwards.",
    )
    @click.option("--source-dir", type=click.Path(path_type=Path), help="Override [tool.dipl10n] source_dir.")
    @click.option("--locales-dir", type=click.Path(path_type=Path), help="Override [tool.dipl10n] locales_dir.")
    @click.option("--glossary", type=click.Path(path_type=Path), help="Override [tool.dipl10n] glossary.")
    @click.option(
        "--no-glossary", is_flag=True, help="Work without a glossary (as glossary = false in [tool.dipl10n])."
    )
    @click.option("--output-dir", type=click.Path(path_type=Path), help="Override [tool.dipl10n] output_dir.")
    @click.option(
        "--lang",
        "languages",
        multiple=True,
        metavar="CODE",
        help="Target language (repeatable); overrides [tool.dipl10n] languages.",
    )
    @functools.wraps(command)
    def wrapper(
        *args: Any, project: Path | None, languages: tuple[str, ...], no_glossary: bool, **kwargs: Any
    ) -> Any:
        from dipl10n.errors import ConfigError
        from dipl10n.project import Project, find_root

        overrides: dict[str, Any] = {
            name: kwargs.pop(name)
            for name in ("source_dir", "locales_dir", "glossary", "output_dir")
        }
        if no_glossary:
            if overrides["glossary"] is not None:
                raise click.UsageError("give --glossary FILE or --no-glossary, not both")
            overrides["glossary"] = False
        catalogs = tuple(Path(path).absolute() for path in kwargs.get("catalogs") or ())
        if "catalogs" in kwargs:
            kwargs["catalogs"] = catalogs
        try:
            root = find_root(explicit=project, catalogs=catalogs)
        except ConfigError:
            if required or project is not None:
                raise
            root = Path.cwd()
        click.get_current_context().meta[_ROOT] = root
        loaded = Project.load(root, languages=list(languages) or None, **overrides)
        return command(*args, project=loaded, **kwargs)

    return wrapper


def _needs_glossary(project) -> None:
    """Load the glossary now: a missing or unreadable one stops the command before anything is written."""
    _ = project.glossary


@click.group(cls=Dipl10nGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dipl10n")
@click.option("-v", "--verbose", count=True, help="Say more (repeat for debug output).")
def cli(verbose: int) -> None:
    """Translate English articles into reviewed Korean through gettext catalogs.

    \b
    A reviewer's loop:
      1. dipl10n run          extract, merge, draft, build
      2. edit locales/ko/LC_MESSAGES/<doc>.po in Poedit, Lokalize or Weblate
      3. dipl10n run          your translations are kept; the HTML is rebuilt
      4. dipl10n check        find what is wrong before publishing
    """
    logging.basicConfig(
        level=logging.WARNING - 10 * min(verbose, 2),
        format="%(levelname)s: %(message)s",
        stream=sys.stderr,
    )


def _report_templates(results) -> None:
    for result in results:
        state = "written" if result.written else "unchanged"
        click.echo(f"{_rel(result.path)}: {result.entries} entries ({state})")


def _report_catalogs(report) -> None:
    for result in report.catalogs:
        s = result.stats
        parts = [f"{s.translated} translated", f"{s.fuzzy} fuzzy", f"{s.untranslated} untranslated"]
        if result.merge is not None:
            m = result.merge
            changes = [
                f"{m.added} new" if m.added else "",
                f"{m.fuzzy_matched} changed" if m.fuzzy_matched else "",
                f"{m.obsoleted} obsolete" if m.obsoleted else "",
                f"{m.revived} revived" if m.revived else "",
            ]
            parts += [c for c in changes if c]
        f = result.fills
        if f.total:
            machine = f"{f.machine} by machine translation"
            if f.machine:
                machine += f" ({f.machine - f.cached} translated now, {f.cached} from the machine-translation cache)"
            parts.append(f"filled {f.glossary} from glossary, {f.memory} from memory, {machine}")
        if f.flagged:
            parts.append(f"{_n(f.flagged, 'draft')} lost a glossary term (noted)")
        if result.restored:
            parts.append(f"restored {_n(result.restored, 'reviewed translation')} this catalog had lost, from the translation memory")
        state = "created" if result.created else ("written" if result.written else "unchanged")
        click.echo(f"{_rel(result.path)}: {', '.join(parts)} ({state})")


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@cli.command()
@project_options
def extract(*, project) -> None:
    """Split source documents into sentences and write locales/<doc>.pot."""
    from dipl10n.pipeline import extract as run_extract

    _needs_glossary(project)
    with project.lock():
        results, _ = run_extract(project)
    _report_templates(results)


@cli.command()
@project_options
def update(*, project) -> None:
    """Merge the templates into each language's catalog (like msgmerge).

    Translations are kept; a changed sentence becomes fuzzy with its previous
    text; a removed sentence becomes obsolete (#~), never deleted.
    """
    from dipl10n.pipeline import read_templates, sync

    _needs_glossary(project)
    with project.lock():
        report = sync(project, read_templates(project))
    _report_catalogs(report)


def _progress_bar(label: str) -> Callable[[int, int | None], None] | None:
    """A progress bar on a terminal; nothing otherwise (a one-line summary follows anyway).

    The callback takes how much is done and the total (``None`` when unknown).
    """
    if not sys.stderr.isatty():
        return None
    state: dict[str, Any] = {}

    def progress(done: int, total: int | None) -> None:
        if total is None:
            return
        bar = state.get("bar")
        if bar is None:
            # One bar per task: a finished bar is dropped, the next task (another language) starts a new one.
            bar = state["bar"] = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
            state["done"] = 0
        bar.update(done - state["done"])
        state["done"] = done
        if done >= total:
            bar.__exit__(None, None, None)
            del state["bar"]

    return progress


def _n(count: int, singular: str, plural: str | None = None) -> str:
    """``1 draft``, ``2 drafts``."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def _report_machine(statuses) -> None:
    """One line per language that had sentences for machine translation.

    Its drafts are the sum of the per-catalog lines' "by machine translation"
    counts, split the same way (made now / from the machine-translation cache);
    the sentences sent to the engine are fewer when catalogs share a sentence.
    """
    for status in statuses:
        if status.available:
            click.echo(
                f"machine translation ({status.lang}): {_n(status.drafted, 'draft')} by {status.engine} "
                f"({status.drafted_now} translated now, {status.drafted_from_cache} from the machine-translation "
                f"cache); {_n(status.translated, 'sentence')} sent to the engine"
            )
        else:
            click.echo(f"MT unavailable ({status.lang}): {status.message}")


@cli.command()
@project_options
@click.option("--refresh", is_flag=True, help="Re-draft machine drafts nobody has edited (after a model or glossary change).")
@click.option("--offline", is_flag=True, help="Never download a translation package.")
def draft(*, project, refresh: bool, offline: bool) -> None:
    """Fill untranslated entries: glossary, translation memory, then machine translation.

    Machine drafts are fuzzy and name their engine. A translation a person
    wrote or edited is never replaced, with or without --refresh.
    """
    from dipl10n.mt import engine_factory
    from dipl10n.pipeline import DraftOptions, read_templates, sync

    _needs_glossary(project)
    factory = engine_factory(project.config.mt, offline=offline, progress=_progress_bar("Downloading"))
    options = DraftOptions(factory, refresh=refresh, progress=_progress_bar("Translating"))
    with project.lock():
        report = sync(project, read_templates(project), draft=options)
    _report_catalogs(report)
    _report_machine(report.machine)


@cli.command()
@project_options
@click.option("--refresh", is_flag=True, help="Re-draft machine drafts nobody has edited.")
@click.option("--offline", is_flag=True, help="Never download a translation package.")
@click.option("--no-mt", is_flag=True, help="Skip machine translation (glossary and memory still pre-fill).")
def run(*, project, refresh: bool, offline: bool, no_mt: bool) -> None:
    """Do everything: extract, update, draft, build, and sum up the checks.

    Running it twice in a row leaves every file byte-identical; when nothing
    changed since the last run it says so and does nothing. The exit status
    is 1 when the catalogs hold check errors (the pages are written all the
    same), also on a rerun that had nothing to do.
    """
    from dipl10n.mt import engine_factory
    from dipl10n.pipeline import DraftOptions, run_project

    _needs_glossary(project)
    factory = (
        None if no_mt else engine_factory(project.config.mt, offline=offline, progress=_progress_bar("Downloading"))
    )
    report = run_project(project, draft=DraftOptions(factory, refresh=refresh, progress=_progress_bar("Translating")))
    if report.unchanged or report.sync is None:
        click.echo("nothing changed since the last run: catalogs and pages are up to date")
    else:
        _report_templates(report.templates)
        _report_catalogs(report.sync)
        _report_machine(report.sync.machine)
        for result in report.builds:
            click.echo(result.summary())
    click.echo(report.checks)
    if report.errors:
        click.echo(_gate(report.errors, report.error_catalogs, "the pages were written"), err=True)
        sys.exit(EXIT_CHECKS_FAILED)


def _gate(errors: int, catalogs: int, pages: str) -> str:
    """The publishing gate's line: how many check errors stop publication, and what was written."""
    return (
        f"{_n(errors, 'error')} in {_n(catalogs, 'catalog')}: {pages}; fix them before publishing, "
        "see 'dipl10n check'"
    )


@cli.command()
@project_options
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="Lines for people, or JSON for scripts.",
)
def stats(*, project, fmt: str) -> None:
    """Count entries of each catalog: translated, fuzzy, untranslated, source words."""
    from dipl10n.pipeline import stats as catalog_stats
    from dipl10n.states import State

    rows = catalog_stats(project)
    if fmt == "json":
        data = [{"catalog": project.show(path), **s.to_dict()} for path, s in rows]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no catalogs yet: run 'dipl10n run'")
        return
    for path, s in rows:
        states = ", ".join(state.counted(s.count(state)) for state in State if s.count(state))
        click.echo(
            f"{project.show(path)}: {_n(s.entries, 'entry', 'entries')} ({states or 'none'}); "
            f"{_n(s.source_words, 'source word')}, {s.words_to_review} to review; {s.obsolete} obsolete"
        )


@cli.group(cls=Dipl10nGroup)
def glossary() -> None:
    """Work with the terminology glossary (glossary.csv)."""


@glossary.command("check")
@project_options
def glossary_check(*, project) -> None:
    """Validate glossary.csv: columns, empty translations, duplicates, collisions, encoding."""
    from dipl10n.errors import ConfigError
    from dipl10n.glossary import check_glossary

    config = project.config
    if config.glossary is None:
        raise ConfigError(
            "this project has no glossary (glossary = false in [tool.dipl10n], or --no-glossary): nothing to check"
        )
    shown = project.show(config.glossary)
    issues = check_glossary(config.glossary, display=shown, languages=config.languages)
    for issue in issues:
        click.echo(str(issue))
    errors = sum(1 for issue in issues if issue.severity == "error")
    warnings = len(issues) - errors
    click.echo(f"{shown}: {errors} errors, {warnings} warnings")
    if errors:
        sys.exit(EXIT_CHECKS_FAILED)


@cli.command()
@project_options
@click.argument("catalogs", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="Lines for people (file:line: severity: check: message), or JSON for scripts.",
)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings, fuzzy and untranslated entries too.")
@click.option("--verbose", "verbose", is_flag=True, help="List fuzzy and untranslated entries one by one.")
def check(*, project, catalogs: tuple[Path, ...], fmt: str, strict: bool, verbose: bool) -> None:
    """Check translations: glossary terms, numbers, dates, markup, brackets, particles, ...

    Checks every catalog of the project, or the CATALOGS given (from any
    directory: the project is the one the first catalog belongs to). Prints
    file:line: severity: check: message, then the counts; exit status 1 when
    there is an error (with --strict, also a warning, fuzzy or untranslated entry).
    """
    from dipl10n.checks import check_catalogs

    _needs_glossary(project)
    report = check_catalogs(project, list(catalogs) or None, verbose=verbose)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    elif not report.catalogs:
        click.echo("no catalogs to check: run 'dipl10n run'")
    else:
        for finding in report.findings:
            click.echo(str(finding))
        if len(report.catalogs) > 1:
            for summary in report.catalogs:
                click.echo(str(summary))
        click.echo(report.summary())
    if report.failed(strict=strict):
        sys.exit(EXIT_CHECKS_FAILED)


@cli.command()
@project_options
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
def build(*, project, reviewed_only: bool, min_translated: float | None, mo: bool, strict: bool) -> None:
    """Write build/<lang>/<doc>.html, .txt and .review.html from the catalogs.

    The exit status is 1 when a catalog has check errors (the pages are
    written all the same; with --strict that document's article, .txt and
    .mo are not), or a document is under --min-translated (not written). A
    refused document's earlier article, .txt and .mo are removed; its review
    page is written, and the other documents are still built.
    """
    from dipl10n.build import build_all

    _needs_glossary(project)
    with project.lock():
        results = build_all(project, reviewed_only=reviewed_only, min_translated=min_translated, mo=mo, strict=strict)
    for result in results:
        click.echo(result.summary(), err=not result.ok)
    if not results:
        click.echo("no source documents to build")
    errors = sum(result.errors for result in results)
    if errors:
        catalogs = len({result.catalog for result in results if result.errors})
        pages = "their articles were not written (--strict)" if strict else "the pages were written"
        click.echo(_gate(errors, catalogs, pages), err=True)
    if errors or any(not result.ok for result in results):
        sys.exit(EXIT_CHECKS_FAILED)


@cli.group(cls=Dipl10nGroup)
def model() -> None:
    """Manage Argos Translate packages (the offline translation models)."""


def _packages_dir(config) -> Path:
    from dipl10n.packages import resolve_packages_dir

    return resolve_packages_dir(config.mt.packages_dir)


@model.command("list")
@project_options(required=False)
@click.option("--available", is_flag=True, help="Also list the packages the Argos package index offers.")
def model_list(*, project, available: bool) -> None:
    """List installed translation packages (and, with --available, the index's)."""
    from dipl10n.packages import fetch_index, list_installed

    config = project.config
    packages_dir = _packages_dir(config)
    installed = list_installed(packages_dir)
    click.echo(f"installed in {packages_dir}:")
    for package in installed:
        click.echo(f"  {package.from_code}→{package.to_code}  {package.describe()}")
    if not installed:
        click.echo("  (none)")
    if available:
        offered = fetch_index(config.mt.package_index)
        click.echo("available from the package index:")
        for package in sorted(offered, key=lambda p: (p.from_code, p.to_code)):
            click.echo(f"  {package.from_code}→{package.to_code}  {package.describe()}")


@model.command("install")
@project_options(required=False)
@click.argument("what", nargs=-1, required=True, metavar="FROM TO | FILE.argosmodel")
def model_install(*, project, what: tuple[str, ...]) -> None:
    """Install a package: from the index by language pair, or from a file.

    \b
      dipl10n model install en ko
      dipl10n model install translate-en_ko-1_1.argosmodel
    """
    from dipl10n.packages import install_from_file, install_from_index

    config = project.config
    packages_dir = _packages_dir(config)
    if len(what) == 1:
        # A file must translate into the project's language: refuse an en→de package for a Korean desk.
        # Argos packages name languages, not locales: a ko_KR desk installs an en→ko package.
        from dipl10n.language import base_language

        expect = (config.mt.from_code, base_language(config.languages[0])) if len(config.languages) == 1 else None
        info = install_from_file(Path(what[0]), packages_dir=packages_dir, expect=expect)
    elif len(what) == 2:
        info = install_from_index(
            what[0], what[1], index_url=config.mt.package_index, packages_dir=packages_dir,
            progress=_progress_bar("Downloading"),
        )
    else:
        raise click.UsageError("give a language pair (en ko) or one .argosmodel file")
    click.echo(f"installed {info.describe()} in {packages_dir}")


@model.command("remove")
@project_options(required=False)
@click.argument("from_code", metavar="FROM")
@click.argument("to_code", metavar="TO")
def model_remove(*, project, from_code: str, to_code: str) -> None:
    """Remove the installed packages for a language pair."""
    from dipl10n.errors import PackageError
    from dipl10n.packages import remove

    removed = remove(from_code, to_code, packages_dir=_packages_dir(project.config))
    if not removed:
        raise PackageError(f"no {from_code}→{to_code} package is installed")
    for package in removed:
        click.echo(f"removed {package.describe()}")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="dipl10n")


if __name__ == "__main__":  # pragma: no cover
    main()
