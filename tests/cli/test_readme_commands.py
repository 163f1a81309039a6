"""README.md's command table and the command line say the same: every command, and every option the table names."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from dipl10n.cli.app import cli

README = Path(__file__).resolve().parents[2] / "README.md"


def _table() -> list[tuple[tuple[str, ...], set[str]]]:
    """(command path, options named) for each command the README's command table lists."""
    section = README.read_text(encoding="utf-8").split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    rows: list[tuple[tuple[str, ...], set[str]]] = []
    for line in section.splitlines():
        if not line.startswith("| `dipl10n "):
            continue
        cell = line.split("|")[1]
        for usage in re.findall(r"`([^`]+)`", cell):
            words = usage.split()
            if words[0] == "dipl10n":
                words = words[1:]
                group = words[0]
            else:  # "/ `install en ko`": a further subcommand of the group named before it
                words = [group, *words]
            path = [word for word in words if re.fullmatch(r"[a-z]+", word)]
            path = path[:2] if path[0] in ("model", "glossary") else path[:1]
            options = {option for option in re.findall(r"--?[a-z][a-z-]*", usage)}
            rows.append((tuple(path), options))
    return rows


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], click.Command]:
    found: dict[tuple[str, ...], click.Command] = {}
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found.update(_commands(command, (*prefix, name)))
        else:
            found[(*prefix, name)] = command
    return found


COMMANDS = _commands(cli)
ROWS = _table()


def test_the_table_lists_every_command_and_only_real_ones() -> None:
    listed = {path for path, _ in ROWS}
    assert listed == set(COMMANDS)


@pytest.mark.parametrize(("path", "options"), ROWS, ids=[" ".join(path) for path, _ in ROWS])
def test_every_option_the_table_names_is_one_the_command_takes(path: tuple[str, ...], options: set[str]) -> None:
    command = COMMANDS[path]
    taken = {name for parameter in command.params for name in (*parameter.opts, *parameter.secondary_opts)}
    assert options <= taken, f"dipl10n {' '.join(path)} has no {sorted(options - taken)}"


def test_every_command_has_a_row_with_a_description() -> None:
    section = README.read_text(encoding="utf-8").split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    for line in section.splitlines():
        if line.startswith("| `dipl10n "):
            assert line.rstrip().endswith("|") and len(line.split("|")[2].strip()) > 10, line
