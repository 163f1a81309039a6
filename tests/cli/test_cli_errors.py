"""No input reaches the user as a traceback: a bug is one line and exit status 70; a closed pipe ends quietly.

The one error handler (:class:`dipl10n.cli.grammar.Dipl10nGroup`) turns an
exception nothing expected into ``error: internal error: <type>: <message>
(...)`` and exit status 70 (``EX_SOFTWARE``), with the traceback under
``-vv`` only; a standard output whose reader went away (``dipl10n status |
head -1``) ends the command with no error line and exit status 141 (128 +
SIGPIPE, what a shell shows for git or grep in the same pipe). The pipes here
are real: the installed entry point in a subprocess.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from dipl10n.errors import EXIT_BROKEN_PIPE, EXIT_INTERNAL
from helpers.projects import ran

CLI = [sys.executable, "-m", "dipl10n"]


def _failing(raised: BaseException):
    def failing(*args, **kwargs):
        raise raised

    return failing


@pytest.mark.parametrize(
    "raised, shown",
    [
        (ValueError("invalid literal for int() with base 10: 'x'"), "ValueError: invalid literal for int() with base 10: 'x'"),
        (KeyError("msgid"), "KeyError: 'msgid'"),
        (AssertionError(), "AssertionError"),
        (RuntimeError("two\nlines"), "RuntimeError: two lines"),
        (ValueError("x" * 1000), "ValueError: " + "x" * 300 + "..."),
    ],
    ids=["value-error", "key-error", "bare-assertion", "two-lines", "long-message"],
)
def test_an_unexpected_exception_is_one_line_and_exit_status_70(project, invoke, monkeypatch, raised, shown):
    monkeypatch.setattr("dipl10n.run.pipeline.run_project", _failing(raised))
    result = invoke(project, "run", "--no-mt")
    assert result.exit_code == EXIT_INTERNAL == 70, result.output
    assert result.output == (
        f"error: internal error: {shown} (a bug in dipl10n: run the command again with -vv for the traceback, "
        "and report it)\n"
    )
    assert isinstance(result.exception, SystemExit)


def test_with_vv_the_traceback_comes_before_the_line(project, invoke, monkeypatch):
    monkeypatch.setattr("dipl10n.run.pipeline.run_project", _failing(ZeroDivisionError("division by zero")))
    result = invoke(project, "run", "--no-mt", "-vv")
    assert result.exit_code == EXIT_INTERNAL, result.output
    assert result.output.startswith("Traceback (most recent call last):\n"), result.output
    assert "in failing\n" in result.output and "ZeroDivisionError: division by zero\n" in result.output
    assert result.output.endswith(
        "error: internal error: ZeroDivisionError: division by zero (a bug in dipl10n: report it with the "
        "traceback above)\n"
    )
    # -v alone is not enough for the traceback.
    assert "Traceback" not in invoke(project, "run", "--no-mt", "-v").output


def test_a_bug_in_a_subgroups_command_is_one_line_too(project, invoke, monkeypatch):
    monkeypatch.setattr("dipl10n.terms.glossary.check_glossary", _failing(TypeError("unhashable type: 'list'")))
    result = invoke(project, "glossary", "check")
    assert result.exit_code == EXIT_INTERNAL, result.output
    assert result.output.startswith("error: internal error: TypeError: unhashable type: 'list' (a bug in dipl10n")
    assert result.output.count("\n") == 1


def test_usage_errors_and_exits_stay_clicks(project, invoke):
    assert invoke(project, "check", "--only", "no-such-check").exit_code == 2
    assert invoke(project, "status", "--help").exit_code == 0
    assert invoke(project, "no-such-command").exit_code == 2


def test_a_closed_pipe_in_process_is_quiet(project, invoke, monkeypatch):
    ran(invoke(project, "run", "--no-mt"))

    def closed(*args, **kwargs):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(click, "echo", closed)
    result = invoke(project, "status")
    assert result.exit_code == EXIT_BROKEN_PIPE == 141
    assert result.output == ""


# -- real pipes ---------------------------------------------------------------------------------


@pytest.fixture
def ran_project(project: Path, invoke) -> Path:
    ran(invoke(project, "run", "--no-mt"))
    return project


@pytest.mark.slow
@pytest.mark.parametrize("args", [("status",), ("check", "-v"), ("stats", "--format", "json"), ("--help",)], ids=" ".join)
def test_a_pipe_closed_before_the_output_ends_the_command_quietly(ran_project, args):
    """The reading end is closed before the command writes: its first write fails (deterministically)."""
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run(
            [*CLI, *args, "-C", str(ran_project)], stdout=write, stderr=subprocess.PIPE, text=True, timeout=120
        )
    finally:
        os.close(write)
    assert result.returncode == EXIT_BROKEN_PIPE, result.stderr
    assert result.stderr == ""


@pytest.mark.slow
@pytest.mark.parametrize("command", ["status", "check"])
def test_head_dash_1_gets_its_line_and_nothing_else_is_said(ran_project, command):
    """``dipl10n status | head -1`` through a real pipe into a reader that stops after one line."""
    writer = subprocess.Popen(
        [*CLI, command, "-v", "-C", str(ran_project)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert writer.stdout is not None and writer.stderr is not None
    first = writer.stdout.readline()
    writer.stdout.close()  # what head does after its line
    errors = writer.stderr.read().decode()
    code = writer.wait(timeout=120)
    assert first.strip(), first
    assert errors == ""
    # 141 when the command wrote after the close, 0 when everything fit in the pipe before it closed.
    assert code in (0, EXIT_BROKEN_PIPE), code
