"""Every command and every option of the command line explains itself."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from dipl10n.cli.app import cli


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        found.append((path, command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, path))
    return found


COMMANDS = _commands(cli)


def test_there_are_commands() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"run", "extract", "update", "draft", "check", "build", "stats", "glossary check", "model install"} <= names


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_command_and_options_have_help(path: tuple[str, ...], command: click.Command) -> None:
    assert (command.help or "").strip(), f"dipl10n {' '.join(path)} has no help text"
    for param in command.params:
        if isinstance(param, click.Option):
            assert (param.help or "").strip(), f"dipl10n {' '.join(path)} {param.opts[0]} has no help text"


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=[" ".join(p) for p, _ in COMMANDS])
def test_help_runs(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usage: ")


def test_group_options_have_help() -> None:
    for param in cli.params:
        if isinstance(param, click.Option):
            assert (param.help or "").strip(), param.opts


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_a_short_help_that_fits_the_listing(path: tuple[str, ...], command: click.Command) -> None:
    """``dipl10n --help`` lists each command with its short help, whole: click would cut a long first sentence."""
    short = (command.short_help or "").strip()
    assert short, f"dipl10n {' '.join(path)} has no short help"
    assert len(short) <= 64, f"dipl10n {' '.join(path)}: {short!r} is too long for an 80-column listing"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_option_appears_in_the_help(path: tuple[str, ...], command: click.Command) -> None:
    text = CliRunner().invoke(cli, [*path, "--help"]).output
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert any(opt in text for opt in param.opts), (path, param.opts)
    for option in ("--project", "--quiet", "--verbose"):
        assert option in text, (path, option)


def test_the_group_help_lists_every_command_in_full() -> None:
    text = CliRunner().invoke(cli, ["--help"], terminal_width=80).output
    assert "..." not in text.split("Commands:", 1)[1]
    for name, command in cli.commands.items():
        assert name in text and " ".join((command.short_help or "").split()[:3]) in text
