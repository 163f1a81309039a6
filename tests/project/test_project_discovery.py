"""Finding the project like git finds a repository, and a glossary that is never silently missing.

The project is the nearest directory, from the current one (or from a catalog
named on the command line) upwards, whose ``pyproject.toml`` holds a
``[tool.dipl10n]`` table; ``--project DIR`` names it instead and must be one.
A glossary that does not exist or cannot be read stops every command that uses
it, unless the configuration says the project has none (``glossary = false``,
``--no-glossary``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dipl10n.cli.app import cli
from dipl10n.errors import ConfigError
from dipl10n.project.config import load_config
from dipl10n.project.session import Project, find_root
from helpers.projects import KOREAN, make_project, translate

CATALOG = "locales/ko/LC_MESSAGES/article.po"
NO_PROJECT = (
    "a project is a directory with a pyproject.toml holding a [tool.dipl10n] table (or give --project DIR)"
)


def dipl10n(*args: str):
    """The CLI in-process, from the current directory (no --project)."""
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def wrong(tmp_path: Path) -> Project:
    """A one-document project whose catalog holds a glossary error and a particle error."""
    project = make_project(tmp_path / "project", second=False)
    translations = dict(KOREAN)
    translations["Diplomacy"] = "디플로머시"  # the glossary says 외교
    translations["NATO leaders meet in Madrid"] = "NATO이 마드리드에서 회동"  # NATO is read 나토: NATO가
    translate(project, "article", translations)
    return project


def test_check_finds_the_project_from_a_subfolder_and_from_a_catalog_path(wrong: Project, tmp_path, monkeypatch):
    monkeypatch.chdir(wrong.root)
    at_root = dipl10n("check")
    assert at_root.exit_code == 1, at_root.output
    assert f"{CATALOG}:22: error: glossary: " in at_root.output
    assert f'{CATALOG}:28: error: particles: "NATO이" should be "NATO가"' in at_root.output

    monkeypatch.chdir(wrong.root / "locales" / "ko" / "LC_MESSAGES")
    from_subfolder = dipl10n("check", "article.po")
    assert (from_subfolder.exit_code, from_subfolder.output) == (1, at_root.output)
    assert (dipl10n("check").exit_code, dipl10n("check").output) == (1, at_root.output)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    from_elsewhere = dipl10n("check", str(Path("..") / "project" / CATALOG))
    assert (from_elsewhere.exit_code, from_elsewhere.output) == (1, at_root.output)
    absolute = dipl10n("check", str(wrong.root / CATALOG), "--format", "json")
    assert absolute.exit_code == 1
    assert absolute.output == CliRunner().invoke(cli, ["check", "-C", str(wrong.root), "--format", "json"]).output


def test_the_catalogs_project_wins_over_the_current_directorys(wrong: Project, tmp_path, monkeypatch):
    other = make_project(tmp_path / "other", second=False)
    monkeypatch.chdir(other.root)
    assert dipl10n("check").exit_code == 0  # the other project's catalog is empty: nothing wrong
    result = dipl10n("check", str(wrong.root / CATALOG))
    assert result.exit_code == 1
    assert f'{CATALOG}:28: error: particles: "NATO이" should be "NATO가"' in result.output


def test_outside_any_project_the_message_says_what_is_missing(tmp_path, monkeypatch):
    nowhere = tmp_path / "nowhere"
    nowhere.mkdir()
    monkeypatch.chdir(nowhere)
    for command in (["check"], ["run", "--no-mt"], ["build"], ["extract"], ["update"], ["stats"], ["glossary", "check"]):
        result = dipl10n(*command)
        assert result.exit_code == 2, (command, result.output)
        assert result.output == f"error: no dipl10n project here or above {nowhere}: {NO_PROJECT}\n", command
    assert not (nowhere / "locales").exists() and not (nowhere / "build").exists()


def test_a_catalog_outside_any_project(tmp_path, monkeypatch):
    nowhere = tmp_path / "nowhere"
    nowhere.mkdir()
    stray = tmp_path / "stray.po"
    stray.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n', encoding="utf-8")
    monkeypatch.chdir(nowhere)
    result = dipl10n("check", str(stray))
    assert result.exit_code == 2
    assert result.output == (
        f"error: no dipl10n project in {tmp_path} or above, nor here or above {nowhere}: {NO_PROJECT}\n"
    )


def test_a_catalog_outside_the_project_is_refused(wrong: Project, tmp_path, monkeypatch):
    other = make_project(tmp_path / "other", second=False)
    outside = other.catalog_path("ko", "article")
    result = CliRunner().invoke(cli, ["check", "-C", str(wrong.root), str(outside)])
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {outside}: the catalog lies outside the project {wrong.root}")
    # Two catalogs of two projects: the first one's project, and the second lies outside it.
    monkeypatch.chdir(tmp_path)
    both = dipl10n("check", str(wrong.root / CATALOG), str(outside))
    assert both.exit_code == 2
    assert f"error: {outside}: the catalog lies outside the project {wrong.root}" in both.output


def test_explicit_project_must_be_one(tmp_path):
    bare = tmp_path / "bare"
    (bare / "source").mkdir(parents=True)
    result = CliRunner().invoke(cli, ["run", "--no-mt", "--project", str(bare)])
    assert result.exit_code == 2
    assert result.output == (
        f"error: {bare}: not a dipl10n project: there is no {bare / 'pyproject.toml'}; a project is a directory "
        "with a pyproject.toml holding a [tool.dipl10n] table\n"
    )
    (bare / "pyproject.toml").write_text('[project]\nname = "other"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "-C", str(bare)])
    assert result.exit_code == 2
    assert f"not a dipl10n project: {bare / 'pyproject.toml'} has no [tool.dipl10n] table" in result.output
    assert not (bare / "locales").exists()


def test_the_nearest_project_with_the_table_wins(tmp_path, monkeypatch):
    outer = make_project(tmp_path / "outer", second=False)
    # A Python package inside the project, with a pyproject.toml of its own but no [tool.dipl10n]: not a project.
    package = outer.root / "tools" / "helper"
    package.mkdir(parents=True)
    (package / "pyproject.toml").write_text('[project]\nname = "helper"\n', encoding="utf-8")
    assert find_root(cwd=package) == outer.root
    # An empty table is a project; [tool.dipl10n.mt] alone declares the table too.
    inner = outer.root / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[tool.dipl10n]\n", encoding="utf-8")
    assert find_root(cwd=inner / ".") == inner
    (inner / "pyproject.toml").write_text("[tool.dipl10n.mt]\nbeam_size = 2\n", encoding="utf-8")
    assert find_root(cwd=inner) == inner
    monkeypatch.chdir(package)
    result = dipl10n("stats")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{CATALOG}: 12 entries")


def test_a_broken_pyproject_on_the_way_up_is_named(tmp_path):
    root = tmp_path / "p"
    root.mkdir()
    (root / "pyproject.toml").write_text("[tool.dipl10n\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        find_root(cwd=root)
    assert str(info.value).startswith(f"{root / 'pyproject.toml'}:1: invalid TOML")


def test_model_commands_work_outside_a_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = dipl10n("model", "list")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("installed in ")


# -- the glossary ---------------------------------------------------------------------------------------


MISSING = (
    "the glossary does not exist; create it, fix the path ([tool.dipl10n] glossary or --glossary), "
    "or set glossary = false in [tool.dipl10n] for a project without one"
)


@pytest.mark.parametrize(
    "command",
    [["extract"], ["update"], ["draft", "--offline"], ["run", "--no-mt"], ["check"], ["build"]],
    ids=lambda c: c[0],
)
def test_a_missing_glossary_stops_every_command_that_uses_it(tmp_path, command):
    project = make_project(tmp_path / "project")
    (project.root / "glossary.csv").unlink()
    before = {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file()}
    result = CliRunner().invoke(cli, [*command, "-C", str(project.root)])
    assert result.exit_code == 2, result.output
    assert result.output == f"error: glossary.csv: {MISSING}\n"
    assert {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file() and ".dipl10n" not in p.parts} == {
        p: b for p, b in before.items() if ".dipl10n" not in p.parts
    }


def test_a_misspelt_glossary_path_is_named(tmp_path):
    project = make_project(tmp_path / "project")
    (project.root / "pyproject.toml").write_text(
        '[tool.dipl10n]\nglossary = "glosary.csv"\nlanguages = ["ko"]\n', encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["check", "-C", str(project.root)])
    assert (result.exit_code, result.output) == (2, f"error: glosary.csv: {MISSING}\n")
    # glossary check reports it its own way, as before.
    listed = CliRunner().invoke(cli, ["glossary", "check", "-C", str(project.root)])
    assert listed.exit_code == 1
    assert "glosary.csv:1: error: glossary file not found" in listed.output


def test_an_unreadable_glossary_is_one_line_naming_it(tmp_path):
    project = make_project(tmp_path / "project")
    (project.root / "glossary.csv").unlink()
    (project.root / "glossary.csv").mkdir()  # exists, but reading it fails (the suite may run as root)
    result = CliRunner().invoke(cli, ["run", "--no-mt", "-C", str(project.root)])
    assert result.exit_code == 2
    assert result.output == "error: glossary.csv: cannot read the glossary: Is a directory\n"


def test_glossary_false_is_a_project_without_a_glossary(tmp_path):
    project = make_project(tmp_path / "project")
    (project.root / "glossary.csv").unlink()
    (project.root / "pyproject.toml").write_text(
        '[tool.dipl10n]\nproject = "Test"\nlanguages = ["ko"]\nglossary = false\n', encoding="utf-8"
    )
    assert load_config(project.root).glossary is None
    loaded = Project.load(project.root)
    assert loaded.glossary.terms == () and loaded.glossary.find("NATO leaders meet in Madrid") == []
    result = CliRunner().invoke(cli, ["run", "--no-mt", "-C", str(project.root)])
    assert result.exit_code == 0, result.output
    assert "check: 2 catalogs, 0 errors" in result.output
    listed = CliRunner().invoke(cli, ["glossary", "check", "-C", str(project.root)])
    assert listed.exit_code == 2
    assert "this project has no glossary (glossary = false in [tool.dipl10n], or --no-glossary)" in listed.output


def test_no_glossary_option(tmp_path):
    project = make_project(tmp_path / "project")
    (project.root / "glossary.csv").unlink()
    result = CliRunner().invoke(cli, ["check", "--no-glossary", "-C", str(project.root)])
    assert result.exit_code == 0, result.output
    both = CliRunner().invoke(cli, ["check", "--no-glossary", "--glossary", "g.csv", "-C", str(project.root)])
    assert both.exit_code == 2
    assert "give --glossary FILE or --no-glossary, not both" in both.output


def test_glossary_true_is_refused_with_its_line(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.dipl10n]\nlanguages = ["ko"]\nglossary = true\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert (info.value.path, info.value.line) == (tmp_path / "pyproject.toml", 3)
    assert "or false for a project without one" in info.value.message
