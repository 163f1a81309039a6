"""Weblate's save settings, reproduced with translate-toolkit as Weblate configures it, then ``dipl10n run``, twice.

For each width Weblate offers (``po_line_wrap``: 77, its default; 65535, "only wrap at newlines"; -1, "no line
wrapping"), with and without Weblate's msgmerge add-on: the team project of ``tests/run/test_interop.py``, a
reviewer edits one machine draft in Weblate (:func:`helpers.interop.weblate_save`: the unit's text, not fuzzy, the
header fields Weblate sets, saved at the component's width; the add-on's msgmerge first, as after Weblate pulls),
``dipl10n run --no-mt``, Weblate again, the run again. Nothing is lost, and the second cycle changes no byte:
translate-toolkit rewrites only the units Weblate saves, at the component's width, so the saved catalog mixes two
wrappings, and the run keeps every line it does not change (:mod:`dipl10n.po.keep`).

How Weblate does it, from its source, is :class:`helpers.interop.Weblate`'s docstring.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.interop import (
    WEBLATE_AUTHOR,
    WEBLATE_EDITED,
    WEBLATE_NOW,
    WEBLATE_TEAM,
    WEBLATE_TEXT,
    WEBLATE_VARIANTS,
    WEBLATES,
    Cycles,
    Weblate,
    catalog_path,
    entry,
    has_toolkit,
    make_team_project,
    template_path,
    two_cycles,
    weblate_msgmerge,
    weblate_save,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not has_toolkit(), reason="translate-toolkit (Weblate's PO library) is not installed"),
    pytest.mark.skipif(shutil.which("msgmerge") is None or shutil.which("msgfmt") is None,
                       reason="GNU gettext (msgmerge, msgfmt) is not installed: Weblate's msgmerge add-on runs it"),
]

IDS = [s.name for s in WEBLATES]


@pytest.fixture(scope="module")
def team(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("weblate-team") / "project"
    make_team_project(root)
    return root


@pytest.fixture(scope="module")
def cycles(team, tmp_path_factory):
    """The two cycles of each Weblate variant, run once per module (the loss and the settling tests share them)."""
    done: dict[str, Cycles] = {}

    def get(settings: Weblate) -> Cycles:
        if settings.name not in done:
            work = tmp_path_factory.mktemp("weblate") / "project"
            done[settings.name] = two_cycles(WEBLATE_VARIANTS[settings.name], team, work)
        return done[settings.name]

    return get


# -- the reproduction ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "args"),
    [(Weblate(77), ["--previous"]), (Weblate(65535), ["--previous", "--no-wrap"]), (Weblate(-1), ["--previous", "--no-wrap"]),
     (Weblate(77, fuzzy_matching=False, keep_previous=False, no_location=True), ["--no-fuzzy-matching", "--no-location"])],
    ids=["77", "65535", "-1", "no-fuzzy-no-previous-no-location"],
)  # fmt: skip
def test_the_msgmerge_add_on_passes_what_weblate_passes(settings: Weblate, args: list[str]) -> None:
    assert settings.msgmerge_args() == args


@pytest.mark.parametrize("settings", [Weblate(77), Weblate(65535), Weblate(-1)], ids=["77", "65535", "-1"])
def test_weblate_rewrites_only_the_entry_it_saves_and_the_header(settings: Weblate, team: Path, tmp_path: Path) -> None:
    """translate-toolkit keeps the lines of every unit it did not change; Weblate's header fields are set."""
    import polib

    root = tmp_path / "project"
    shutil.copytree(team, root)
    path = catalog_path(root)
    before = path.read_text(encoding="utf-8")
    weblate_save(path, settings)
    after = path.read_text(encoding="utf-8")
    po = polib.pofile(after)
    assert po.metadata["Last-Translator"] == WEBLATE_AUTHOR
    assert po.metadata["PO-Revision-Date"] == WEBLATE_NOW
    assert po.metadata["Language-Team"] == WEBLATE_TEAM
    assert po.metadata["X-Generator"].startswith("Weblate ")
    assert po.metadata["Language"] == "ko" and po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    edited = entry(po, WEBLATE_EDITED)
    assert edited.msgstr == WEBLATE_TEXT and not edited.fuzzy and edited.previous_msgid is None
    # Every entry but the header and the edited one is byte for byte as it was.
    blocks = lambda text: text.split("\n\n")[1:]  # noqa: E731
    changed = [block for block in blocks(after) if block not in blocks(before)]
    assert len(changed) == 1 and WEBLATE_EDITED.split()[0] in changed[0]
    msgstr = changed[0][changed[0].index("msgstr "):].splitlines()
    if settings.width in (-1, 65535):
        assert msgstr == [f'msgstr "{WEBLATE_TEXT}"']
    else:
        assert msgstr[0] == 'msgstr ""' and len(msgstr) > 2
    header = after.split("\n\n")[0]
    assert ('msgstr "Project-Id-Version: ' in header) == (settings.width == -1)  # -1: not even broken after \n


def test_the_msgmerge_add_on_writes_a_new_file_with_msgmerge(team: Path, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(team, root)
    path = catalog_path(root)
    weblate_msgmerge(path, template_path(root), Weblate(-1, msgmerge=True))
    text = path.read_text(encoding="utf-8")
    assert max(len(line) for line in text.splitlines()) > 200  # --no-wrap
    assert not list(path.parent.glob("*.po~")) and len(list(path.parent.iterdir())) == 1  # no backup, no temp file


# -- the cycles ---------------------------------------------------------------------------------


@pytest.mark.parametrize("settings", WEBLATES, ids=IDS)
def test_weblate_then_run_loses_nothing(settings: Weblate, cycles) -> None:
    result = cycles(settings)
    for entry_key in result.expected:
        assert result.after.get(entry_key) == result.expected[entry_key], (result.name, entry_key)
    assert set(result.after) == set(result.expected), result.name
    text = result.first.decode("utf-8")
    assert "#. glossary (ko): Secretary General = 사무총장" in text and "#. role: headline" in text
    assert "# edited by Kim Min-ji, 2024-07-12\n" in text  # the reviewer, from Weblate's header
    assert result.msgfmt_ok, f"msgfmt --check fails after {result.name} → run"
    assert result.after_second == result.after, "the second cycle lost something"
    # dipl10n never rewrites what Weblate saved when there is nothing to record: the second run changes nothing.
    assert result.second_run_diff == [], "".join(result.second_run_diff)


@pytest.mark.parametrize("settings", WEBLATES, ids=IDS)
def test_weblate_then_run_settles(settings: Weblate, cycles) -> None:
    result = cycles(settings)
    print(f"{result.name}: the first cycle changed {len(result.first_diff)} lines")
    assert result.second == result.first, (
        f"the second {result.name} → run cycle changed {result.second_bytes} bytes:\n" + "".join(result.second_diff)
    )
