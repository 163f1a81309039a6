"""Tests for ``dipl10n check`` through click's CliRunner on a temporary project."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dipl10n.cli.app import cli
from dipl10n.po import read_po
from dipl10n.project.session import Project
from helpers.projects import KOREAN, make_project, translate

CATALOG = "locales/ko/LC_MESSAGES/article.po"
SECOND = {"A short note": "짧은 메모", "Only one sentence here.": "여기에는 한 문장뿐이다."}


def check(project: Project, *args: str):
    return CliRunner().invoke(cli, ["check", *args, "--project", str(project.root)])


def line_of(project: Project, msgid: str) -> int:
    """The line of ``msgid``'s ``msgid`` keyword in the article's catalog."""
    (line,) = [e.linenum for e in read_po(project.catalog_path("ko", "article")) if e.msgid == msgid and not e.obsolete]
    return line


@pytest.fixture
def cfg(tmp_path: Path) -> Project:
    project = make_project(tmp_path / "project")
    translate(project, "article", KOREAN)
    translate(project, "second", SECOND)
    return project


def test_clean_catalogs_pass(cfg: Project) -> None:
    result = check(cfg)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "locales/ko/LC_MESSAGES/article.po: 12 entries, 0 errors, 0 warnings, 0 fuzzy, 0 untranslated\n"
        "locales/ko/LC_MESSAGES/second.po: 2 entries, 0 errors, 0 warnings, 0 fuzzy, 0 untranslated\n"
        "check: 2 catalogs, 0 errors, 0 warnings, 0 fuzzy, 0 untranslated\n"
    )
    assert check(cfg, "--strict").exit_code == 0


def test_an_error_fails_with_file_and_line(cfg: Project) -> None:
    translate(cfg, "article", {"The leaders met on July 11.": "정상들은 7월 12일 만났다."})
    result = check(cfg)
    assert result.exit_code == 1
    line = line_of(cfg, "The leaders met on July 11.")
    assert result.output.splitlines()[0] == (
        f'{CATALOG}:{line}: error: numbers: date "July 11" (in Korean "7월 11일") of the source is missing '
        "(the translation has 7월 12일)"
    )
    assert result.output.splitlines()[-1] == "check: 2 catalogs, 1 error, 0 warnings, 0 fuzzy, 0 untranslated"


def test_warnings_fail_only_with_strict(cfg: Project) -> None:
    translate(cfg, "article", {"Next steps": "다음  단계"})
    result = check(cfg)
    assert result.exit_code == 0
    line = line_of(cfg, "Next steps")
    assert f"{CATALOG}:{line}: warning: spaces: double space in the translation\n" in result.output
    assert check(cfg, "--strict").exit_code == 1


def test_fuzzy_and_untranslated_are_counted_unless_verbose(cfg: Project) -> None:
    translate(cfg, "article", {"Next steps": "다음 단계"}, fuzzy=frozenset({"Next steps"}))
    translate(cfg, "article", {"Share information.": ""})
    result = check(cfg)
    assert result.exit_code == 0
    assert "fuzzy:" not in result.output and "untranslated:" not in result.output
    assert result.output.splitlines()[-1] == (
        "check: 2 catalogs, 0 errors, 0 warnings, 1 fuzzy, 1 untranslated "
        "(fuzzy and untranslated entries are listed by 'dipl10n check --verbose')"
    )
    verbose = check(cfg, "--verbose")
    assert verbose.output.splitlines()[:2] == [
        f"{CATALOG}:{line_of(cfg, 'Next steps')}: warning: fuzzy: translation marked fuzzy: review it and clear the fuzzy mark",
        f"{CATALOG}:{line_of(cfg, 'Share information.')}: warning: untranslated: not translated yet",
    ]
    assert check(cfg, "--strict").exit_code == 1


def test_json(cfg: Project) -> None:
    translate(cfg, "article", {"Diplomacy": "Diplomacy"})
    result = check(cfg, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["summary"] == {"catalogs": 2, "errors": 1, "warnings": 0, "fuzzy": 0, "untranslated": 0, "suppressed": 0}
    assert data["findings"] == [
        {
            "path": CATALOG,
            "line": line_of(cfg, "Diplomacy"),
            "severity": "error",
            "check": "glossary",
            "message": '"Diplomacy" needs its approved translation "외교"',
            "msgid": "Diplomacy",
            "suppressed": False,
        }
    ]
    assert [c["path"] for c in data["catalogs"]] == [CATALOG, "locales/ko/LC_MESSAGES/second.po"]


def test_named_catalogs_only(cfg: Project) -> None:
    translate(cfg, "article", {"Diplomacy": "Diplomacy"})
    second = cfg.catalog_path("ko", "second")
    result = check(cfg, str(second))
    assert result.exit_code == 0
    assert result.output == "check: 1 catalog, 0 errors, 0 warnings, 0 fuzzy, 0 untranslated\n"


def test_a_missing_catalog_is_a_usage_error(cfg: Project) -> None:
    result = check(cfg, str(cfg.root / "nope.po"))
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_a_broken_catalog_is_bad_input(cfg: Project) -> None:
    cfg.catalog_path("ko", "second").write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    result = check(cfg)
    assert result.exit_code == 2
    assert result.output.startswith("error: locales/ko/LC_MESSAGES/second.po:2: ")


def test_no_catalogs(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.dipl10n]\nlanguages = ["ko"]\nglossary = false\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--project", str(tmp_path)])
    assert result.exit_code == 0
    assert result.output == "no catalogs to check: run 'dipl10n run'\n"


# -- --only and --skip --------------------------------------------------------------


@pytest.fixture
def two_problems(cfg: Project) -> Project:
    """An error (a date) and a warning (a double space) in the article's catalog."""
    translate(cfg, "article", {"The leaders met on July 11.": "정상들은 7월 12일 만났다.", "Next steps": "다음  단계"})
    return cfg


def _listed(output: str) -> list[str]:
    """The check of each finding line."""
    return [line.split(": ")[2] for line in output.splitlines() if line.startswith(f"{CATALOG}:") and " entries, " not in line]


def test_only_runs_the_named_checks(two_problems: Project) -> None:
    assert _listed(check(two_problems).output) == ["numbers", "spaces"]
    numbers = check(two_problems, "--only", "numbers")
    assert numbers.exit_code == 1 and _listed(numbers.output) == ["numbers"]
    assert numbers.output.splitlines()[-1] == "check: 2 catalogs, 1 error, 0 warnings, 0 fuzzy, 0 untranslated"
    spaces = check(two_problems, "--only", "spaces")
    assert spaces.exit_code == 0 and _listed(spaces.output) == ["spaces"]
    both = check(two_problems, "--only", "spaces", "--only", "numbers")
    assert both.exit_code == 1 and _listed(both.output) == ["numbers", "spaces"]


def test_skip_leaves_the_named_checks_out(two_problems: Project) -> None:
    result = check(two_problems, "--skip", "numbers")
    assert result.exit_code == 0 and _listed(result.output) == ["spaces"]
    assert check(two_problems, "--skip", "numbers", "--skip", "spaces", "--strict").exit_code == 0
    assert _listed(check(two_problems, "--only", "numbers", "--only", "spaces", "--skip", "spaces").output) == ["numbers"]


def test_only_and_skip_with_json(two_problems: Project) -> None:
    result = check(two_problems, "--only", "spaces", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [(f["check"], f["severity"]) for f in data["findings"]] == [("spaces", "warning")]
    assert data["summary"] == {"catalogs": 2, "errors": 0, "warnings": 1, "fuzzy": 0, "untranslated": 0, "suppressed": 0}
    skipped = json.loads(check(two_problems, "--skip", "spaces", "--format", "json").output)
    assert [f["check"] for f in skipped["findings"]] == ["numbers"]


@pytest.mark.parametrize("option", ["--only", "--skip"])
def test_a_check_name_that_is_no_check_is_a_usage_error(two_problems: Project, option: str) -> None:
    result = check(two_problems, option, "spaces", option, "nubmers", "--format", "json")
    assert result.exit_code == 2
    assert f"Invalid value for '{option}': no check is named 'nubmers'; the checks are brackets, conflict, controls, " in (
        result.output
    )
    assert "spaces, untranslated" in result.output and "Usage: " in result.output
    assert "{" not in result.output  # nothing was checked
