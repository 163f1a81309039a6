"""Every command and every option of the command line explains itself."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from dipl10n.cli import cli


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
