"""The ``dipl10n`` command line: parse options, call the pipeline, report.

One grammar for every command: the global options ``--project/-C DIR``,
``--quiet/-q`` and ``--verbose/-v`` are accepted before the command and after
it (``dipl10n -C DIR stats`` and ``dipl10n stats -C DIR`` are the same; where
both are given, the later one wins), and each command offers only the
options it uses. ``-q`` prints nothing on success (what explains a failure
still goes to stderr; exit statuses are the same); ``-v`` prints every file
written, ``-vv`` debug output too. ``--dry-run`` (``run``, ``update``,
``draft``, ``build``) says what would change and writes nothing.

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
import sys
from collections.abc import Callable, Iterable
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
from dipl10n.lang.locales import count_noun as _n

#: Where the command line keeps what the global options said (``click.Context.meta``, shared by nested contexts).
_PROJECT = "dipl10n.project.session"
#: -1 with ``--quiet``, else how many times ``--verbose`` was given.
_VERBOSITY = "dipl10n.verbosity"
#: The project root a command found, for the error line.
_ROOT = "dipl10n.root"

_VERBOSE_HELP = "Say more: every file written (-vv: debug output too)."


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Keep a global option where every command finds it; an option given later (after the command) wins."""
    if value:  # not given: False, 0 or None
        if param.name == "project":
            ctx.meta[_PROJECT] = value
        elif param.name == "quiet":
            ctx.meta[_VERBOSITY] = -1
        else:
            ctx.meta[_VERBOSITY] = value
    return value


def global_options(verbose_help: str = _VERBOSE_HELP) -> list[click.Parameter]:
    """``--project/-C``, ``--quiet/-q``, ``--verbose/-v``: on the group and on every command (fresh objects each)."""
    return [
        click.Option(
            ["--project", "-C", "project"],
            type=click.Path(file_okay=False, path_type=Path),
            default=None,
            expose_value=False,
            callback=_remember,
            metavar="DIR",
            help="Project directory (holding pyproject.toml with [tool.dipl10n]); default: the nearest one from the "
            "catalog given, or from the current directory, upwards. Before or after the command.",
        ),
        click.Option(
            ["--quiet", "-q"],
            is_flag=True,
            expose_value=False,
            callback=_remember,
            help="Print nothing on success (for cron and CI); errors still go to stderr, exit statuses are unchanged.",
        ),
        click.Option(
            ["--verbose", "-v"], count=True, expose_value=False, callback=_remember, help=verbose_help
        ),
    ]


class _Echo(logging.Handler):
    """Log records as ``LEVEL: message`` lines on the current stderr (the one click's test runner captures too)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            click.echo(self.format(record), err=True)
        except Exception:  # pragma: no cover - logging must never fail a command
            self.handleError(record)


_LOG_HANDLER = _Echo()
_LOG_HANDLER.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))


def _configure_logging(verbosity: int) -> None:
    """Warnings by default; errors only with -q; -v info, -vv debug."""
    logger = logging.getLogger("dipl10n")
    if _LOG_HANDLER not in logger.handlers:
        logger.addHandler(_LOG_HANDLER)
    level = logging.ERROR if verbosity < 0 else logging.WARNING - 10 * min(verbosity, 2)
    _LOG_HANDLER.setLevel(level)
    logger.setLevel(level if verbosity > 0 else logging.NOTSET)


class Dipl10nCommand(click.Command):
    """A command with the global options, and logging set from them before it runs."""

    def __init__(self, *args: Any, verbose_help: str = _VERBOSE_HELP, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(global_options(verbose_help))

    def invoke(self, ctx: click.Context) -> Any:
        _configure_logging(ctx.meta.get(_VERBOSITY, 0))
        return super().invoke(ctx)


class Dipl10nGroup(click.Group):
    """Turns every :class:`Dipl10nError` into one message and its exit code, in one place.

    An :class:`OSError` or a SQLite error that no I/O helper wrapped becomes
    the same kind of line, naming the file the operating system named, with
    exit status 2 (3 when another program holds the file): never a traceback,
    never exit status 1, which means "checks failed".

    Its commands are :class:`Dipl10nCommand`, its subgroups Dipl10nGroups:
    each takes the global options.
    """

    command_class = Dipl10nCommand
    group_class = type  # a subgroup is a Dipl10nGroup too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(global_options())

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                return super().invoke(ctx)
            except OSError as exc:
                raise os_error(exc) from exc
            except Exception as exc:
                # sqlite3 is imported by what uses it, never here: a SQLite error means it was loaded.
                sqlite3 = sys.modules.get("sqlite3")
                if sqlite3 is None or not isinstance(exc, sqlite3.Error):
                    raise
                from dipl10n.mt.memory import memory_error

                raise memory_error(exc, None) from exc
        except Dipl10nError as exc:
            click.echo(f"error: {_located(exc, ctx.meta.get(_ROOT))}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted: every catalog is as it was or fully written", err=True)
            ctx.exit(130)


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


# -- what a command says -----------------------------------------------------------------


def _verbosity() -> int:
    """-1 with --quiet, else how many times --verbose was given (0 outside a command)."""
    ctx = click.get_current_context(silent=True)
    return int(ctx.meta.get(_VERBOSITY, 0)) if ctx is not None else 0


def _say(text: str) -> None:
    """A line of the command's report on stdout; nothing with --quiet."""
    if _verbosity() >= 0:
        click.echo(text)


def _explain(lines: Iterable[str], *, failed: bool) -> None:
    """A report that explains an exit status: on stdout; with --quiet, on stderr when the command fails, else nothing."""
    quiet = _verbosity() < 0
    if quiet and not failed:
        return
    for line in lines:
        click.echo(line, err=quiet)


# -- options that say where a command works ---------------------------------------------------

#: The settings of ``[tool.dipl10n]`` a command may override, and the options that do.
_SETTING_OPTIONS: dict[str, Callable[[Callable], Callable]] = {
    "source_dir": click.option(
        "--source-dir", type=click.Path(path_type=Path), metavar="DIR", help="Override [tool.dipl10n] source_dir."
    ),
    "locales_dir": click.option(
        "--locales-dir", type=click.Path(path_type=Path), metavar="DIR", help="Override [tool.dipl10n] locales_dir."
    ),
    "glossary": click.option(
        "--glossary", type=click.Path(path_type=Path), metavar="FILE", help="Override [tool.dipl10n] glossary."
    ),
    "no_glossary": click.option(
        "--no-glossary", is_flag=True, help="Work without a glossary (as glossary = false in [tool.dipl10n])."
    ),
    "output_dir": click.option(
        "--output-dir", type=click.Path(path_type=Path), metavar="DIR", help="Override [tool.dipl10n] output_dir."
    ),
    "lang": click.option(
        "--lang",
        "languages",
        multiple=True,
        metavar="CODE",
        help="Target language (repeatable); overrides [tool.dipl10n] languages.",
    ),
}
#: What a command that does everything uses.
EVERY_SETTING = ("source_dir", "locales_dir", "glossary", "no_glossary", "output_dir", "lang")

_DRY_RUN = click.option(
    "--dry-run",
    is_flag=True,
    help="Say what would change (one line per file) and write nothing: no catalog, page, translation memory, "
    "state or lock file; no translation package is downloaded.",
)


def project_options(*settings: str, required: bool = True, dry_run: bool = False) -> Callable[[Callable], Callable]:
    """Load the project a command works on, offering the overrides of the ``settings`` it uses (and ``--dry-run``).

    The project is ``--project DIR`` (before or after the command), else the
    project of the first catalog the command names (``catalogs``), else the
    nearest one from the current directory upwards
    (:func:`dipl10n.project.session.find_root`). With ``required=False`` (the
    ``model`` commands, which manage the user's translation packages) a
    command also runs outside any project, with the default settings. The
    command gets the loaded :class:`~dipl10n.project.session.Project` as ``project``.
    """
    unknown = set(settings) - set(_SETTING_OPTIONS)
    if unknown:
        raise ValueError(f"no such setting: {sorted(unknown)}")

    def decorate(command: Callable) -> Callable:
        @functools.wraps(command)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            from dipl10n.errors import ConfigError
            from dipl10n.project.session import Project, find_root

            ctx = click.get_current_context()
            overrides: dict[str, Any] = {
                name: kwargs.pop(name) for name in ("source_dir", "locales_dir", "glossary", "output_dir") if name in settings
            }
            if kwargs.pop("no_glossary", False):
                if overrides.get("glossary") is not None:
                    raise click.UsageError("give --glossary FILE or --no-glossary, not both")
                overrides["glossary"] = False
            languages = kwargs.pop("languages", ())
            dry = bool(kwargs.pop("dry_run", False))
            explicit = ctx.meta.get(_PROJECT)
            catalogs = tuple(Path(path).absolute() for path in kwargs.get("catalogs") or ())
            if "catalogs" in kwargs:
                kwargs["catalogs"] = catalogs
            try:
                root = find_root(explicit=explicit, catalogs=catalogs)
            except ConfigError:
                if required or explicit is not None:
                    raise
                root = Path.cwd()
            ctx.meta[_ROOT] = root
            loaded = Project.load(root, dry_run=dry, languages=list(languages) or None, **overrides)
            return command(*args, project=loaded, **kwargs)

        decorated: Callable = wrapper
        chosen = [_SETTING_OPTIONS[name] for name in _SETTING_OPTIONS if name in settings]
        if dry_run:
            chosen.append(_DRY_RUN)
        for option in reversed(chosen):
            decorated = option(decorated)
        return decorated

    return decorate


def _needs_glossary(project) -> None:
    """Load the glossary now: a missing or unreadable one stops the command before anything is written."""
    _ = project.glossary


# -- the commands -----------------------------------------------------------------------------


@click.group(
    cls=Dipl10nGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="dipl10n", help="Show the version and exit.")
def cli() -> None:
    """Translate English articles into reviewed Korean through gettext catalogs.

    \b
    A reviewer's loop:
      1. dipl10n run          extract, merge, draft, build
      2. edit locales/ko/LC_MESSAGES/<doc>.po in Poedit, Lokalize or Weblate
      3. dipl10n run          your translations are kept; the HTML is rebuilt
      4. dipl10n status       what needs you, document by document
      5. dipl10n check        find what is wrong before publishing

    -C DIR, -q and -v work before or after the command.
    """


def _report_templates(results, *, dry_run: bool) -> None:
    for result in results:
        state = ("would be written" if dry_run else "written") if result.written else "unchanged"
        _say(f"{_rel(result.path)}: {_n(result.entries, 'entry', 'entries')} ({state})")


def _entries(stats) -> str:
    """``12 entries (1 reviewed, 11 machine drafts)``: the states as ``stats`` and ``status`` name them."""
    from dipl10n.po.states import State

    states = ", ".join(state.counted(stats.count(state)) for state in State if stats.count(state))
    return f"{_n(stats.entries, 'entry', 'entries')} ({states or 'none'})"


def _stats_line(stats) -> str:
    """One catalog's (or the project's) counts, the same words in ``stats``, ``status`` and ``run``."""
    return (
        f"{_entries(stats)}; {_n(stats.source_words, 'source word')}, {stats.words_to_review} to review; "
        f"{stats.obsolete} obsolete"
    )


def _report_catalogs(report, *, dry_run: bool) -> None:
    """One line per catalog: its entries by state, what the merge changed, what was filled.

    The obsolete count here is what *this* merge made obsolete ("2 made
    obsolete"); ``stats`` and ``status`` count every obsolete entry the
    catalog holds ("3 obsolete").
    """
    for result in report.catalogs:
        parts = [_entries(result.stats)]
        if result.merge is not None:
            m = result.merge
            changes = [
                f"{m.added} new" if m.added else "",
                f"{m.fuzzy_matched} changed" if m.fuzzy_matched else "",
                f"{m.obsoleted} made obsolete" if m.obsoleted else "",
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
            parts.append(
                f"restored {_n(result.restored, 'reviewed translation')} this catalog had lost, "
                "from the translation memory"
            )
        if result.created:
            state = "would be created" if dry_run else "created"
        elif result.written:
            state = "would be written" if dry_run else "written"
        else:
            state = "unchanged"
        _say(f"{_rel(result.path)}: {', '.join(parts)} ({state})")


def _report_changes(project) -> None:
    """With --dry-run, every file that would be written or removed, then that nothing was; with -v, every file that was."""
    changes = list(dict.fromkeys(project.changes))
    if project.dry_run:
        for kind, path in changes:
            _say(f"would {kind} {path}")
        writes = sum(1 for kind, _ in changes if kind == "write")
        removes = len(changes) - writes
        if not changes:
            _say("dry run: nothing would change")
        else:
            would = [_n(writes, "file") + " would be written" if writes else "", f"{removes} removed" if removes else ""]
            _say(f"dry run: {' and '.join(w for w in would if w)}; nothing was written")
    elif _verbosity() > 0:
        for kind, path in changes:
            _say(f"{'wrote' if kind == 'write' else 'removed'} {path}")


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@cli.command(short_help="Split source documents into sentences: locales/<doc>.pot.")
@project_options("source_dir", "locales_dir", "glossary", "no_glossary", "lang")
def extract(*, project) -> None:
    """Split source documents into sentences and write locales/<doc>.pot."""
    from dipl10n.run.pipeline import extract as run_extract

    _needs_glossary(project)
    with project.lock():
        results, _ = run_extract(project)
    _report_templates(results, dry_run=project.dry_run)
    _report_changes(project)


@cli.command(short_help="Merge the templates into each language's catalog (msgmerge).")
@project_options("locales_dir", "glossary", "no_glossary", "lang", dry_run=True)
def update(*, project) -> None:
    """Merge the templates into each language's catalog (like msgmerge).

    Translations are kept; a changed sentence becomes fuzzy with its previous
    text; a removed sentence becomes obsolete (#~), never deleted.
    """
    from dipl10n.run.pipeline import read_templates, sync

    _needs_glossary(project)
    with project.lock():
        report = sync(project, read_templates(project))
    _report_catalogs(report, dry_run=project.dry_run)
    _report_changes(project)


def _progress_bar(label: str) -> Callable[[int, int | None], None] | None:
    """A progress bar on a terminal; nothing otherwise, or with --quiet (a one-line summary follows anyway).

    The callback takes how much is done and the total (``None`` when unknown).
    """
    if not sys.stderr.isatty() or _verbosity() < 0:
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


def _report_machine(statuses) -> None:
    """One line per language that had sentences for machine translation.

    Its drafts are the sum of the per-catalog lines' "by machine translation"
    counts, split the same way (made now / from the machine-translation cache);
    the sentences sent to the engine are fewer when catalogs share a sentence.
    """
    for status in statuses:
        if status.available:
            _say(
                f"machine translation ({status.lang}): {_n(status.drafted, 'draft')} by {status.engine}"
                f"{f' on {status.runs_on}' if status.runs_on else ''} "
                f"({status.drafted_now} translated now, {status.drafted_from_cache} from the machine-translation "
                f"cache); {_n(status.translated, 'sentence')} sent to the engine"
            )
        elif status.off:
            _say(
                f"machine translation ({status.lang}): off for this run (--no-mt); "
                f"{_n(status.waiting, 'sentence')} left for it"
            )
        else:
            _say(f"MT unavailable ({status.lang}): {status.message}")


@cli.command(short_help="Fill open entries: glossary, memory, machine translation.")
@project_options("locales_dir", "glossary", "no_glossary", "lang", dry_run=True)
@click.option("--refresh", is_flag=True, help="Re-draft machine drafts nobody has edited (after a model or glossary change).")
@click.option("--offline", is_flag=True, help="Never download a translation package.")
def draft(*, project, refresh: bool, offline: bool) -> None:
    """Fill untranslated entries: glossary, translation memory, then machine translation.

    Machine drafts are fuzzy and name their engine. A translation a person
    wrote or edited is never replaced, with or without --refresh.
    """
    from dipl10n.mt.engine import engine_factory
    from dipl10n.run.pipeline import read_templates, sync
    from dipl10n.run.results import DraftOptions

    _needs_glossary(project)
    factory = engine_factory(
        project.config.mt, offline=offline or project.dry_run, progress=_progress_bar("Downloading")
    )
    options = DraftOptions(factory, refresh=refresh, progress=_progress_bar("Translating"))
    with project.lock():
        report = sync(project, read_templates(project), draft=options)
    _report_catalogs(report, dry_run=project.dry_run)
    _report_machine(report.machine)
    _report_changes(project)


@cli.command(short_help="Do everything: extract, update, draft, build, check.")
@project_options(*EVERY_SETTING, dry_run=True)
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
    from dipl10n.mt.engine import engine_factory
    from dipl10n.run.pipeline import run_project
    from dipl10n.run.results import DraftOptions

    _needs_glossary(project)
    factory = (
        None
        if no_mt
        else engine_factory(project.config.mt, offline=offline or project.dry_run, progress=_progress_bar("Downloading"))
    )
    report = run_project(project, draft=DraftOptions(factory, refresh=refresh, progress=_progress_bar("Translating")))
    if report.unchanged or report.sync is None:
        _say("nothing changed since the last run: catalogs and pages are up to date")
    else:
        if report.skipped:
            _say(
                f"{report.skipped} of {_n(report.documents, 'document')} unchanged since the last run: skipped "
                "(their catalogs, pages and check counts are as that run left them)"
            )
        _report_templates(report.templates, dry_run=project.dry_run)
        _report_catalogs(report.sync, dry_run=project.dry_run)
        _report_machine(report.sync.machine)
        for result in report.builds:
            _say(result.summary())
        for index in report.site:
            _say(index.summary())
        _report_changes(project)
    _say(report.checks)
    if report.errors:
        pages = "the pages would be written (--dry-run)" if project.dry_run else "the pages were written"
        click.echo(_gate(report.errors, report.error_catalogs, pages), err=True)
        sys.exit(EXIT_CHECKS_FAILED)


def _gate(errors: int, catalogs: int, pages: str) -> str:
    """The publishing gate's line: how many check errors stop publication, and what was written."""
    return (
        f"{_n(errors, 'error')} in {_n(catalogs, 'catalog')}: {pages}; fix them before publishing, "
        "see 'dipl10n check'"
    )


_FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="Lines for people, or JSON for scripts.",
)


@cli.command(short_help="Count each catalog's entries by state, and its words.")
@project_options("locales_dir", "lang")
@_FORMAT
def stats(*, project, fmt: str) -> None:
    """Count entries of each catalog: entries in each state, source words, words to review, obsolete entries.

    The same numbers as 'dipl10n status' and the review site's index page.
    """
    from dipl10n.run.pipeline import stats as catalog_stats

    rows = catalog_stats(project)
    if fmt == "json":
        data = [{"catalog": project.show(path), **s.to_dict()} for path, s in rows]
        _say(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if not rows:
        _say("no catalogs yet: run 'dipl10n run'")
        return
    for path, s in rows:
        _say(f"{project.show(path)}: {_stats_line(s)}")


@cli.command(short_help="Where the project stands: totals, then what needs work.")
@project_options("source_dir", "locales_dir", "glossary", "no_glossary", "lang")
@_FORMAT
def status(*, project, fmt: str) -> None:
    """Where the project stands: totals, then one line per document and language.

    Each line gives the entries in each state (as 'dipl10n stats' names
    them), the source words and the words still to review, the obsolete
    entries, and the check errors and warnings (as 'dipl10n check' counts
    them). Documents that need work come first: errors, then words to
    review, then untranslated entries. The numbers are those of 'stats',
    'check' and the review site's index page. The exit status is 0: use
    'dipl10n check' to fail on errors.
    """
    from dipl10n.site.status import project_status

    _needs_glossary(project)
    overview = project_status(project)
    if fmt == "json":
        _say(json.dumps(overview.to_dict(), ensure_ascii=False, indent=2))
        return
    if not overview.documents:
        _say("no catalogs yet: run 'dipl10n run'")
        return

    def findings(errors: int, warnings: int) -> str:
        return f"{_n(errors, 'error')}, {_n(warnings, 'warning')}"

    _say(
        f"total, {_n(len(overview.documents), 'catalog')}: {_stats_line(overview.totals)}; "
        f"{findings(overview.errors, overview.warnings)}"
    )
    for document in overview.documents:
        _say(f"{document.catalog}: {_stats_line(document.stats)}; {findings(document.errors, document.warnings)}")


@cli.group(short_help="Work with the terminology glossary (glossary.csv).")
def glossary() -> None:
    """Work with the terminology glossary (glossary.csv)."""


@glossary.command("check", short_help="Validate glossary.csv.")
@project_options("glossary", "lang")
def glossary_check(*, project) -> None:
    """Validate glossary.csv: columns, empty translations, duplicates, collisions, encoding."""
    from dipl10n.errors import ConfigError
    from dipl10n.terms.glossary import check_glossary

    config = project.config
    if config.glossary is None:
        raise ConfigError(
            "this project has no glossary (glossary = false in [tool.dipl10n], or --no-glossary): nothing to check"
        )
    shown = project.show(config.glossary)
    issues = check_glossary(config.glossary, display=shown, languages=config.languages)
    errors = sum(1 for issue in issues if issue.severity == "error")
    warnings = len(issues) - errors
    lines = [str(issue) for issue in issues] + [f"{shown}: {_n(errors, 'error')}, {_n(warnings, 'warning')}"]
    _explain(lines, failed=bool(errors))
    if errors:
        sys.exit(EXIT_CHECKS_FAILED)


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


@cli.command(
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
def check(*, project, catalogs: tuple[Path, ...], fmt: str, strict: bool, only: tuple[str, ...], skip: tuple[str, ...]) -> None:
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

    _needs_glossary(project)
    selected = select_checks(only, skip)
    report = check_catalogs(project, list(catalogs) or None, verbose=_verbosity() > 0, checks=selected)
    failed = report.failed(strict=strict)
    if fmt == "json":
        _explain([json.dumps(report.to_dict(), ensure_ascii=False, indent=2)], failed=failed)
    elif not report.catalogs:
        _say("no catalogs to check: run 'dipl10n run'")
    else:
        lines = [str(finding) for finding in report.findings]
        if len(report.catalogs) > 1:
            lines += [str(summary) for summary in report.catalogs]
        _explain([*lines, report.summary()], failed=failed)
    if failed:
        sys.exit(EXIT_CHECKS_FAILED)


@cli.command(short_help="Write the pages: articles, text and review pages.")
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
def build(*, project, reviewed_only: bool, min_translated: float | None, mo: bool, strict: bool) -> None:
    """Write build/<lang>/<doc>.html, .txt and .review.html from the catalogs.

    The exit status is 1 when a catalog has check errors (the pages are
    written all the same; with --strict that document's article, .txt and
    .mo are not), or a document is under --min-translated (not written). A
    refused document's earlier article, .txt and .mo are removed; its review
    page is written, and the other documents are still built.
    """
    from dipl10n.site.index import build_all

    _needs_glossary(project)
    with project.lock():
        results = build_all(project, reviewed_only=reviewed_only, min_translated=min_translated, mo=mo, strict=strict)
    for result in results:
        if result.ok:
            _say(result.summary())
        else:
            click.echo(result.summary(), err=True)
    for index in results.site:
        _say(index.summary())
    if not results:
        _say("no source documents to build")
    _report_changes(project)
    errors = sum(result.errors for result in results)
    if errors:
        catalogs = len({result.catalog for result in results if result.errors})
        if strict:
            pages = "their articles were not written (--strict)"
        else:
            pages = "the pages would be written (--dry-run)" if project.dry_run else "the pages were written"
        click.echo(_gate(errors, catalogs, pages), err=True)
    if errors or any(not result.ok for result in results):
        sys.exit(EXIT_CHECKS_FAILED)


@cli.group(short_help="Manage Argos Translate packages (offline models).")
def model() -> None:
    """Manage Argos Translate packages (the offline translation models)."""


def _packages_dir(config) -> Path:
    from dipl10n.mt.packages.directory import resolve_packages_dir

    return resolve_packages_dir(config.mt.packages_dir)


@model.command("list", short_help="List installed (and available) translation packages.")
@project_options(required=False)
@click.option("--available", is_flag=True, help="Also list the packages the Argos package index offers.")
def model_list(*, project, available: bool) -> None:
    """List installed translation packages (and, with --available, the index's)."""
    from dipl10n.mt.packages.directory import list_installed
    from dipl10n.mt.packages.index import fetch_index

    config = project.config
    packages_dir = _packages_dir(config)
    installed = list_installed(packages_dir)
    _say(f"installed in {packages_dir}:")
    for package in installed:
        _say(f"  {package.from_code}→{package.to_code}  {package.describe()}")
    if not installed:
        _say("  (none)")
    if available:
        offered = fetch_index(config.mt.package_index)
        _say("available from the package index:")
        for package in sorted(offered, key=lambda p: (p.from_code, p.to_code)):
            _say(f"  {package.from_code}→{package.to_code}  {package.describe()}")


@model.command("install", short_help="Install a package: FROM TO from the index, or a file.")
@project_options(required=False)
@click.argument("what", nargs=-1, required=True, metavar="FROM TO | FILE.argosmodel")
def model_install(*, project, what: tuple[str, ...]) -> None:
    """Install a package: from the index by language pair, or from a file.

    \b
      dipl10n model install en ko
      dipl10n model install translate-en_ko-1_1.argosmodel
    """
    from dipl10n.mt.packages.index import install_from_index
    from dipl10n.mt.packages.store import install_from_file

    config = project.config
    packages_dir = _packages_dir(config)
    if len(what) == 1:
        # A file must translate into the project's language: refuse an en→de package for a Korean desk.
        # Argos packages name languages, not locales: a ko_KR desk installs an en→ko package.
        from dipl10n.lang.locales import base_language

        expect = (config.mt.from_code, base_language(config.languages[0])) if len(config.languages) == 1 else None
        info = install_from_file(Path(what[0]), packages_dir=packages_dir, expect=expect)
    elif len(what) == 2:
        info = install_from_index(
            what[0], what[1], index_url=config.mt.package_index, packages_dir=packages_dir,
            progress=_progress_bar("Downloading"),
        )
    else:
        raise click.UsageError("give a language pair (en ko) or one .argosmodel file")
    _say(f"installed {info.describe()} in {packages_dir}")


@model.command("remove", short_help="Remove the installed packages for a language pair.")
@project_options(required=False)
@click.argument("from_code", metavar="FROM")
@click.argument("to_code", metavar="TO")
def model_remove(*, project, from_code: str, to_code: str) -> None:
    """Remove the installed packages for a language pair."""
    from dipl10n.errors import PackageError
    from dipl10n.mt.packages.store import remove

    removed = remove(from_code, to_code, packages_dir=_packages_dir(project.config))
    if not removed:
        raise PackageError(f"no {from_code}→{to_code} package is installed")
    for package in removed:
        _say(f"removed {package.describe()}")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="dipl10n")


if __name__ == "__main__":  # pragma: no cover
    main()
