"""Catalogs through the tools a translation team uses, each followed by ``dipl10n run``, twice.

The catalog starts drafted and partly reviewed: machine drafts left as they
are, one approved unchanged, one corrected by a reviewer whose source sentence
then changed (fuzzy, ``#|``), one draft that lost a glossary term (a
``term-missing:`` note), an obsolete entry, and two entries another tool
added (one with a message context, one with plural forms). Then, for each
tool: tool → ``dipl10n run`` → tool → ``dipl10n run``. After the first cycle
nothing the tool kept is lost (translations, fuzzy marks, provenance,
previous msgids, obsolete entries) and dipl10n's template hints are back;
the second cycle changes no byte.

Where a tool itself destroys information, :data:`helpers.interop.LOSSES` states
what, and dipl10n loses nothing more. The tools, the project and the cycles are
``tests/helpers/interop.py``'s, which ``bench/interop_table.py`` prints as the
table of ``docs/catalogs.md`` (Weblate: ``tests/run/test_weblate.py``).
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from helpers.interop import (
    FOREIGN_CONTEXT,
    FOREIGN_PLURAL,
    TOOLS,
    WEBLATE_VARIANTS,
    Cycles,
    facts,
    interop_rows,
    make_team_project,
    markdown_table,
    two_cycles,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def team_catalog(tmp_path_factory) -> tuple[Path, bytes]:
    """A project after drafting, reviewing and a source edit; returns it and its catalog's bytes."""
    root = tmp_path_factory.mktemp("team") / "project"
    return root, make_team_project(root).read_bytes()


def test_the_starting_catalog_has_every_kind_of_entry(team_catalog) -> None:
    _, data = team_catalog
    po = polib.pofile(data.decode("utf-8"))
    found = facts(po)
    states = list(found.values())
    assert any(f["fuzzy"] and f["notes"] and f["notes"][0].startswith("origin: machine") for f in states)
    assert any(not f["fuzzy"] and f["notes"] and f["msgstr"][0] for f in states)  # approved draft
    assert any(f["fuzzy"] and f["previous"] for f in states)  # out of date, with #|
    assert any(f["obsolete"] for f in states)
    assert any(n.startswith("term-missing: NATO") for f in states for n in f["notes"])
    assert FOREIGN_CONTEXT in found and not found[FOREIGN_CONTEXT]["obsolete"]
    assert (None, FOREIGN_PLURAL) in found
    assert "#. glossary (ko): Secretary General = 사무총장" in data.decode("utf-8")


def assert_nothing_lost(result: Cycles) -> None:
    """After the first cycle the catalog has what the tool left, dipl10n's hints, and passes msgfmt --check."""
    for entry_key in result.expected:
        assert result.after.get(entry_key) == result.expected[entry_key], (result.name, entry_key)
    assert set(result.after) == set(result.expected), result.name
    text = result.first.decode("utf-8")
    assert "#. glossary (ko): Secretary General = 사무총장" in text
    assert "#. role: headline" in text
    assert result.msgfmt_ok is not False, f"msgfmt --check fails after {result.name} → run"
    # Whatever the second cycle does to the lines, it loses nothing either.
    assert result.after_second == result.after, result.name


@pytest.mark.parametrize("tool", list(TOOLS))
def test_tool_then_run_loses_nothing_and_settles(tool: str, team_catalog, tmp_path) -> None:
    variant = TOOLS[tool]
    reason = variant.missing()
    if reason is not None:
        pytest.skip(reason)
    result = two_cycles(variant, team_catalog[0], tmp_path / "project")
    assert_nothing_lost(result)
    assert result.second == result.first, f"a second {tool} → run cycle changed the catalog:\n" + "".join(
        result.second_diff)


def test_the_interop_table_is_these_cycles(tmp_path) -> None:
    """bench/interop_table.py's table: a row per tool and Weblate variant, each as the tests above find it."""
    rows = interop_rows(tmp_path, poedit=False)
    assert [row.tool for row in rows] == [*TOOLS, *WEBLATE_VARIANTS]
    table = markdown_table(rows)
    assert table.count("\n") == len(rows) + 2
    for row in rows:
        if row.skipped is not None:
            continue
        assert row.cycles is not None
        assert_nothing_lost(row.cycles)
        assert "dipl10n: nothing" in row.lost or row.lost == "nothing", row.lost
        assert row.cycles.second_bytes == 0, (row.tool, row.second_bytes)
