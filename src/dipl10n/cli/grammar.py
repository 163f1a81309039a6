"""The grammar every command shares: the global options, and command classes that turn errors into one line.

``--project/-C DIR``, ``--quiet/-q`` and ``--verbose/-v`` are accepted before
the command and after it (where both are given, the later one wins): each is
kept in ``click.Context.meta`` where every command finds it.
:class:`Dipl10nGroup` is the one place a :class:`~dipl10n.errors.Dipl10nError`
(or an ``OSError`` or SQLite error no I/O helper wrapped) becomes
``error: ...`` and its exit status; any other exception is a bug, said in one
line (``error: internal error: ValueError: ...``, exit status 70, the
traceback with ``-vv``), and a closed standard output (``dipl10n status |
head -1``) ends the command quietly with exit status 141.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path
from typing import Any

import click

from dipl10n.errors import (
    EXIT_BROKEN_PIPE,
    Dipl10nError,
    FileBusyError,
    FileSystemError,
    InternalError,
    TranslationMemoryError,
    os_error,
)
from dipl10n.fs.controls import for_terminal

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
            click.echo(for_terminal(self.format(record)), err=True)
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
    never exit status 1, which means "checks failed". Any other exception is
    an :class:`~dipl10n.errors.InternalError` (exit status 70; its traceback
    is printed with ``-vv`` only). A :class:`BrokenPipeError` (the program
    reading the output has gone) prints nothing and exits 141, as a shell
    reports git or grep ended by SIGPIPE.

    Its commands are :class:`Dipl10nCommand`, its subgroups Dipl10nGroups:
    each takes the global options.
    """

    command_class = Dipl10nCommand
    group_class = type  # a subgroup is a Dipl10nGroup too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(global_options())

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        # --help and --version print while the group's own options are parsed, before invoke.
        try:
            return super().make_context(*args, **kwargs)
        except BrokenPipeError:
            silence_stdout()
            raise click.exceptions.Exit(EXIT_BROKEN_PIPE) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                return super().invoke(ctx)
            except (click.ClickException, click.exceptions.Exit, click.Abort, Dipl10nError, BrokenPipeError):
                raise  # usage errors, --help, exits: click's; errors for the user: below; a closed pipe: below
            except OSError as exc:
                raise os_error(exc) from exc
            except Exception as exc:
                # sqlite3 is imported by what uses it, never here: a SQLite error means it was loaded.
                sqlite3 = sys.modules.get("sqlite3")
                if sqlite3 is not None and isinstance(exc, sqlite3.Error):
                    from dipl10n.mt.memory import memory_error

                    raise memory_error(exc, None) from exc
                raise internal_error(exc, traceback_shown=ctx.meta.get(VERBOSITY_KEY, 0) >= 2) from exc
        except Dipl10nError as exc:
            if isinstance(exc, InternalError) and ctx.meta.get(VERBOSITY_KEY, 0) >= 2 and exc.cause is not None:
                click.echo(for_terminal("".join(traceback.format_exception(exc.cause)).rstrip("\n")), err=True)
            # An error names files and quotes text: shown as every line of a command is (dipl10n.cli.report.say).
            click.echo(for_terminal(f"error: {_located(exc, ctx.meta.get(ROOT_KEY))}"), err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            # The reader went away (dipl10n status | head -1): end quietly, as git and grep do.
            silence_stdout()
            ctx.exit(EXIT_BROKEN_PIPE)
        except KeyboardInterrupt:
            click.echo("interrupted: every catalog is as it was or fully written", err=True)
            ctx.exit(130)


def internal_error(exc: BaseException, *, traceback_shown: bool = False) -> InternalError:
    """An exception nothing expected, as one line: its type and message (300 characters at most), and what to do."""
    message = " ".join(str(exc).split())
    if len(message) > 300:
        message = message[:300] + "..."
    advice = "report it with the traceback above" if traceback_shown else (
        "run the command again with -vv for the traceback, and report it"
    )
    return InternalError(
        f"internal error: {type(exc).__name__}" + (f": {message}" if message else "") + f" (a bug in dipl10n: {advice})",
        cause=exc,
    )


def silence_stdout() -> None:
    """Point standard output at the null device: what is still buffered for a closed pipe goes there at exit.

    Python's advice for a closed pipe (the ``signal`` module's documentation,
    "Note on SIGPIPE"): without it, the interpreter's last flush fails again
    and prints ``Exception ignored ... BrokenPipeError``.
    """
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, sys.stdout.fileno())
        finally:
            os.close(null)
    except (OSError, ValueError):  # no file descriptor (click's test runner), or closed
        pass


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
