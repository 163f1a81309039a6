"""What the commands print never holds a raw control or bidirectional control (issue 21, part 5).

A file name or a sentence can hold U+202E RIGHT-TO-LEFT OVERRIDE (a terminal
that obeys it shows ``invoice<U+202E>fdp.md`` as ``invoicepdf.md``), and a
catalog can hold C1 controls (U+009B is a terminal's CSI). The text reports
of ``run``, ``check``, ``status``, ``stats`` and ``build`` show them with the
pages' visible signs (``[U+202E]``, ``[U+009B]``); their JSON writes them as
``\\uXXXX`` escapes and parses back to the exact strings.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest

from dipl10n.po import generate_po, read_po
from helpers.projects import GLOSSARY, finished

#: What no output may hold: C0 but tab and line feed, DEL, C1, and the bidirectional controls.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

DOC = "invoice\u202efdp"
SOURCE = """\
---
headline: Invoice
---

The leaders met on July 11.

Open the Evil\u202eterm now.

Open \u202egnp.exe now.
"""
#: A glossary term with an override in it and in its Korean: the glossary check quotes both.
TERM = "Evil\u202eterm,악\u202e용어,,yes,no,,\n"
#: An entry a catalog holds with C1 and bidirectional controls in its msgid and a C1 control in its msgstr.
HOSTILE_MSGID = "Pay\x9b31m now \u202eexe.\u2066x\u2069 \x85done"
HOSTILE_MSGSTR = "지불\x9b31m 하라."
#: A translation that leaves the glossary term out.
UNSAID_MSGSTR = "지금 열어라."


@pytest.fixture
def hostile(tmp_path: Path, invoke) -> Path:
    """A project whose document is named ``invoice<U+202E>fdp``, with hostile text in its catalog; after one run."""
    root = tmp_path / "desk"
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.dipl10n]\nproject = "Test"\nlanguages = ["ko"]\n', encoding="utf-8")
    (root / "glossary.csv").write_text(GLOSSARY + TERM, encoding="utf-8")
    (root / "source" / f"{DOC}.md").write_text(SOURCE, encoding="utf-8")
    first = invoke(root, "run", "--no-mt")
    assert first.exit_code == 0, first.output
    assert_shown(first.output)
    assert "locales/ko/LC_MESSAGES/invoice[U+202E]fdp.po: " in first.output
    path = root / "locales" / "ko" / "LC_MESSAGES" / f"{DOC}.po"
    catalog = read_po(path)
    for entry in catalog:
        if entry.msgid == "Open the Evil\u202eterm now.":
            entry.msgstr = UNSAID_MSGSTR
    catalog.append(polib.POEntry(msgid=HOSTILE_MSGID, msgstr=HOSTILE_MSGSTR))
    path.write_text(generate_po(catalog), encoding="utf-8")
    return root


def assert_shown(output: str) -> None:
    raw = RAW.search(output)
    assert raw is None, f"raw U+{ord(raw.group()):04X} in:\n{output}"


def test_check_shows_names_and_quoted_text_without_raw_controls(hostile: Path, invoke) -> None:
    result = invoke(hostile, "check")
    assert result.exit_code == 1, result.output
    assert_shown(result.output)
    catalog = "locales/ko/LC_MESSAGES/invoice[U+202E]fdp.po"
    controls = rf"^{re.escape(catalog)}:\d+: error: controls: control characters? U\+009B \(CSI\)"
    assert re.search(controls, result.output, re.M), result.output
    # The glossary check quotes the term and its Korean: the overrides are visible signs.
    assert '"Evil[U+202E]term" needs its approved translation "악[U+202E]용어"' in result.output, result.output
    verbose = invoke(hostile, "check", "-v")
    assert_shown(verbose.output)


def test_check_json_parses_back_to_the_exact_strings(hostile: Path, invoke) -> None:
    result = invoke(hostile, "check", "--format", "json")
    assert result.exit_code == 1, result.output
    assert_shown(result.output)
    data = json.loads(result.output)
    paths = {finding["path"] for finding in data["findings"]}
    assert paths == {f"locales/ko/LC_MESSAGES/{DOC}.po"}
    msgids = {finding["msgid"] for finding in data["findings"]}
    assert HOSTILE_MSGID in msgids and "Open the Evil\u202eterm now." in msgids
    assert any("\"악\u202e용어\"" in finding["message"] for finding in data["findings"])
    assert data["catalogs"][0]["path"] == f"locales/ko/LC_MESSAGES/{DOC}.po"
    assert "\\u202e" in result.output and "\\u009b" in result.output


@pytest.mark.parametrize("command", ["stats", "status"])
def test_stats_and_status_show_the_file_name(hostile: Path, invoke, command: str) -> None:
    text = invoke(hostile, command)
    assert text.exit_code == 0, text.output
    assert_shown(text.output)
    assert "locales/ko/LC_MESSAGES/invoice[U+202E]fdp.po: " in text.output
    result = invoke(hostile, command, "--format", "json")
    assert result.exit_code == 0, result.output
    assert_shown(result.output)
    data = json.loads(result.output)
    rows = data if command == "stats" else data["documents"]
    assert [row["catalog"] for row in rows] == [f"locales/ko/LC_MESSAGES/{DOC}.po"]
    if command == "status":
        assert rows[0]["document"] == DOC


def test_run_and_build_show_the_file_name_on_both_streams(hostile: Path, invoke) -> None:
    # The hostile entry was no template's: this run's merge makes it obsolete; the glossary error stays.
    for args in (("run", "--no-mt", "-v"), ("build", "-v"), ("build", "--strict")):
        result = invoke(hostile, *args)
        assert result.exit_code == 1, result.output
        assert_shown(result.output)
        assert "invoice[U+202E]fdp" in result.output, result.output
        if args[-1] == "--strict":  # the refused document's line, on stderr
            assert "invoice[U+202E]fdp.po: " in result.stderr and not RAW.search(result.stderr), result.stderr
        else:
            assert finished(result.exit_code, result.output)


def test_an_error_line_shows_the_name(hostile: Path, invoke) -> None:
    # Two documents with one name: the error names both files.
    (hostile / "source" / f"{DOC}.txt").write_text("Another one.\n", encoding="utf-8")
    result = invoke(hostile, "run", "--no-mt")
    assert result.exit_code == 2, result.output
    assert_shown(result.output)
    assert "invoice[U+202E]fdp" in result.output
