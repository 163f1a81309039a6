"""The grammar every command shares: the global options, and command classes that turn errors into one line.

``--project/-C DIR``, ``--quiet/-q`` and ``--verbose/-v`` are accepted before
the command and after it (where both are given, the later one wins): each is
kept in ``click.Context.meta`` where every command finds it.
:class:`Dipl10nGroup` is the one place a :class:`~dipl10n.errors.Dipl10nError`
(or an ``OSError`` or SQLite error no I/O helper wrapped) becomes
``error: ...`` and its exit status.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import click

from dipl10n.errors import Dipl10nError, FileBusyError, FileSystemError, TranslationMemoryError, os_error

#: Where the command line keeps what the global options said (``click.Context.meta``, shared by nested contexts).
PROJECT_KEY = "dipl10n.project"
#: -1 with ``--quiet``, else how many times ``--verbose`` was given.
VERBOSITY_KEY = "dipl10n.verbosity"
#: The project root a command found, for the error line.
ROOT_KEY = "dipl10n.root"

_VERBOSE_HELP = "Say more: every file written (-vv: debug output too)."


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Keep a global option where every command finds it; an option given later (after the command) wins."""
    if value:  # not given: False, 0 or None
        if param.name == "project":
            ctx.meta[PROJECT_KEY] = value
        elif param.name == "quiet":
            ctx.meta[VERBOSITY_KEY] = -1
        else:
            ctx.meta[VERBOSITY_KEY] = value
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
        _configure_logging(ctx.meta.get(VERBOSITY_KEY, 0))
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
            click.echo(f"error: {_located(exc, ctx.meta.get(ROOT_KEY))}", err=True)
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


def verbosity() -> int:
    """-1 with --quiet, else how many times --verbose was given (0 outside a command)."""
    ctx = click.get_current_context(silent=True)
    return int(ctx.meta.get(VERBOSITY_KEY, 0)) if ctx is not None else 0
