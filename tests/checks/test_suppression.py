"""Per-entry suppression (``# ignore-<check>``) and msgcat conflict markers, through the real tools."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from dipl10n.po import generate_po, read_po
from helpers.projects import make_project

needs_gettext = pytest.mark.skipif(
    not (shutil.which("msgmerge") and shutil.which("msgcat")), reason="GNU gettext is not installed"
)
SENTENCE = "The leaders met on July 11."


def _translate(path: Path, text: str, *, comment: str = "") -> None:
    po = read_po(path)
    entry = next(e for e in po if e.msgid == SENTENCE)
    entry.msgstr = text
    entry.tcomment = comment
    path.write_text(generate_po(po), encoding="utf-8")


def _check(invoke, root: Path, *args: str) -> tuple[int, dict]:
    result = invoke(root, "check", "--format", "json", *args)
    return result.exit_code, json.loads(result.output)


def _numbers(data: dict) -> list[dict]:
    return [f for f in data["findings"] if f["check"] == "numbers" and f["msgid"] == SENTENCE]


@needs_gettext
def test_ignore_survives_msgmerge_and_is_reported_as_suppressed(tmp_path, invoke) -> None:
    project = make_project(tmp_path / "p", second=False)
    path = project.catalog_path("ko", "article")
    # A date is missing on purpose: the desk decided the day is said elsewhere in the article.
    _translate(path, "정상들은 만났다.")
    code, data = _check(invoke, project.root)
    assert code == 1 and [f["suppressed"] for f in _numbers(data)] == [False]

    _translate(path, "정상들은 만났다.", comment="checked with the desk\nignore-numbers")
    pot = project.template_path("article")
    subprocess.run(["msgmerge", "--quiet", "--update", "--backup=off", str(path), str(pot)], check=True)
    assert "# ignore-numbers" in path.read_text(encoding="utf-8")
    code, data = _check(invoke, project.root)
    assert code == 0
    assert [f["suppressed"] for f in _numbers(data)] == [True]
    assert data["summary"]["errors"] == 0 and data["summary"]["suppressed"] == 1

    text = invoke(project.root, "check").output
    assert "numbers" not in text and "1 suppressed" in text.splitlines()[-1]
    verbose = invoke(project.root, "check", "--verbose").output
    assert "(suppressed by ignore-numbers)" in verbose


def test_weblate_style_flag_counts_and_unknown_names_warn(tmp_path, invoke) -> None:
    project = make_project(tmp_path / "p", second=False)
    path = project.catalog_path("ko", "article")
    _translate(path, "정상들은 만났다.", comment="ignore-numbrs")
    code, data = _check(invoke, project.root)
    assert code == 1
    assert [f["message"] for f in data["findings"] if f["check"] == "suppression"] == [
        "ignore-numbrs names no check; the checks are brackets, conflict, controls, fuzzy, glossary, identical, latin, "
        "length, markup, numbers, particles, punctuation, spaces, untranslated"
    ]
    po = read_po(path)
    entry = next(e for e in po if e.msgid == SENTENCE)
    entry.tcomment = ""
    entry.flags.append("ignore-numbers")
    path.write_text(generate_po(po), encoding="utf-8")
    code, data = _check(invoke, project.root)
    assert code == 0 and [f["suppressed"] for f in _numbers(data)] == [True]


@needs_gettext
def test_msgcat_conflict_markers_are_an_error(tmp_path, invoke) -> None:
    project = make_project(tmp_path / "p", second=False)
    path = project.catalog_path("ko", "article")
    _translate(path, "정상들은 7월 11일 만났다.")
    other = tmp_path / "other.po"
    shutil.copy(path, other)
    _translate(other, "정상들은 7월 11일 회동했다.")
    subprocess.run(["msgcat", "-o", str(path), str(path), str(other)], check=True)
    assert "#-#-#-#-#" in path.read_text(encoding="utf-8")
    code, data = _check(invoke, project.root)
    assert code == 1
    conflicts = [f for f in data["findings"] if f["check"] == "conflict"]
    assert [f["msgid"] for f in conflicts] == [SENTENCE]
    assert conflicts[0]["severity"] == "error"
