"""The registry of checks: each check's declared name and severity, the findings it really makes, crashes.

A check is declared once (``@check("numbers", ERROR)``); these tests hold the
declarations to a table, to the docs, and to what the checks find on the
corpus with one mistake per check seeded (tests/helpers/corpus.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from dipl10n.checks import runner
from dipl10n.checks.registry import ERROR, REGISTRY, WARNING, Check, CheckContext, Issue, Registry
from dipl10n.checks.report import COLLAPSED
from dipl10n.checks.runner import CHECK_NAMES, CHECKS, check_catalog, check_catalogs, select_checks
from dipl10n.cli.app import cli
from dipl10n.errors import ConfigError
from dipl10n.po import parse_po
from dipl10n.project.session import Project
from dipl10n.terms.glossary import Glossary, load_glossary
from helpers.corpus import SEEDS, make_corpus_project, seed_corpus

REPO = Path(__file__).resolve().parents[2]

#: Every check and its severity: what docs/checks.md says, what the registry declares, what the findings carry.
SEVERITY = {
    "untranslated": WARNING,
    "fuzzy": WARNING,
    "conflict": ERROR,
    "controls": ERROR,
    "glossary": ERROR,
    "numbers": ERROR,
    "markup": ERROR,
    "brackets": ERROR,
    "particles": ERROR,
    "identical": WARNING,
    "latin": WARNING,
    "length": WARNING,
    "spaces": WARNING,
    "punctuation": WARNING,
}


def test_the_registry_declares_each_check_once_with_its_severity() -> None:
    assert {c.name: c.severity for c in CHECKS} == SEVERITY
    assert {c.name: c.severity for c in REGISTRY} == SEVERITY
    assert CHECK_NAMES == set(SEVERITY)
    # The order findings are listed in for an entry.
    assert [c.name for c in CHECKS] == list(SEVERITY)
    assert all(isinstance(c, Check) and REGISTRY[c.name] is c for c in CHECKS)
    assert set(COLLAPSED) <= CHECK_NAMES  # counted, not listed: checks of their own


def test_the_docs_give_each_check_its_declared_severity() -> None:
    table = (REPO / "docs" / "checks.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\| `([a-z]+)` \| (error|warning)\b", table, re.MULTILINE))
    assert documented == SEVERITY


@pytest.fixture(scope="module")
def seeded_report(tmp_path_factory: pytest.TempPathFactory):
    root = make_corpus_project(tmp_path_factory.mktemp("seeded") / "corpus")
    seeded = seed_corpus(root)
    return seeded, check_catalogs(Project.load(root), verbose=True)


@pytest.mark.parametrize("seed", SEEDS, ids=[seed.name for seed in SEEDS])
def test_a_seeded_mistake_is_found_with_its_check_s_severity(seed, seeded_report) -> None:
    seeded, report = seeded_report
    catalog, msgid = seeded[seed.name]
    found = [f for f in report.all_findings if Path(f.path).name == catalog and f.msgid == msgid and f.check == seed.check]
    assert found, f"{seed.check} found nothing on {msgid!r}"
    assert {f.severity for f in found} == {SEVERITY[seed.check]}


def test_every_finding_on_the_seeded_corpus_has_its_check_s_severity(seeded_report) -> None:
    _, report = seeded_report
    assert {(f.check, f.severity) for f in report.all_findings} <= set(SEVERITY.items())
    assert {f.check for f in report.all_findings} == set(SEVERITY)


GLOSSARY = "en,ko,note,case,dnt,variants,reading\nNATO,NATO,,yes,yes,,나토\n"


@pytest.fixture(scope="module")
def glossary(tmp_path_factory: pytest.TempPathFactory) -> Glossary:
    path = tmp_path_factory.mktemp("glossary") / "glossary.csv"
    path.write_text(GLOSSARY, encoding="utf-8")
    return load_glossary(path)


def _entry(msgid: str, msgstr: str, linenum: int = 7) -> polib.POEntry:
    made = polib.POEntry(msgid=msgid, msgstr=msgstr, encoding="utf-8")
    made.linenum = linenum
    return made


def test_markup_says_why_a_remote_image_is_only_a_warning(glossary: Glossary) -> None:
    """``markup`` declares ERROR; its one finding of the other severity is an :class:`Issue`, said where it is made."""
    context = CheckContext(path="x.po", lang="ko", glossary=glossary)
    made = _entry("See ![map](https://a.example/m.png).", "![지도](https://a.example/m.png)를 보라.")
    findings = list(runner.check_markup(made, context))
    assert [(f.check, f.severity) for f in findings] == [("markup", WARNING)]
    assert findings[0].message.startswith('image "https://a.example/m.png" is not a relative path')
    lost = list(runner.check_markup(_entry("It is *very* important.", "매우 중요하다."), context))
    assert [(f.check, f.severity) for f in lost] == [("markup", ERROR)]


def test_a_check_yields_messages_and_gets_its_name_severity_and_line() -> None:
    local = Registry()

    @local.check("sample", WARNING)
    def check_sample(entry: polib.POEntry, context: CheckContext) -> Iterator[str | Issue]:
        """Says two things."""
        yield "first \x1b[2J"
        yield Issue("second, worse", ERROR)

    context = CheckContext(path="x.po", lang="ko", glossary=load_glossary(Path("/nonexistent/glossary.csv")))
    assert [str(f) for f in check_sample(_entry("a", "b", linenum=12), context)] == [
        "x.po:12: warning: sample: first ␛[2J",
        "x.po:12: error: sample: second, worse",
    ]
    assert check_sample.__name__ == "check_sample" and check_sample.__doc__ == "Says two things."
    assert list(local) == [check_sample] and local.names() == {"sample"}


def test_the_registry_refuses_what_ignore_lines_could_not_name() -> None:
    local = Registry()

    def nothing(entry: polib.POEntry, context: CheckContext) -> Iterator[str]:
        yield from ()

    local.check("once", ERROR)(nothing)
    with pytest.raises(ValueError, match="two checks are named 'once'"):
        local.check("once", WARNING)(nothing)
    for name in ("Numbers", "no-dash", "suppression", ""):
        with pytest.raises(ValueError, match="lowercase letters"):
            local.check(name, ERROR)(nothing)
    with pytest.raises(ValueError, match="severity"):
        local.check("loud", "fatal")(nothing)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"left out \['once'\]"):
        local.in_order()


def test_select_checks() -> None:
    assert select_checks() == CHECKS
    assert [c.name for c in select_checks(only=["spaces", "numbers"])] == ["numbers", "spaces"]  # the registry's order
    assert [c.name for c in select_checks(skip=["fuzzy", "untranslated"])] == list(SEVERITY)[2:]
    assert [c.name for c in select_checks(only=["numbers", "glossary"], skip=["glossary"])] == ["numbers"]
    with pytest.raises(ConfigError, match=r"no check is named 'nubmers', 'x'; the checks are brackets, conflict, "):
        select_checks(only=["nubmers"], skip=["numbers", "x"])


# -- a check that crashes ---------------------------------------------------------

_CRASHING = Registry()


@_CRASHING.check("crashing", ERROR)
def check_crashing(entry: polib.POEntry, context: CheckContext) -> Iterator[str]:
    """Finds something on every entry, then fails on the ones that mention July."""
    yield "found before the crash"
    if "July" in entry.msgid:
        raise ValueError(f"cannot read {entry.msgid!r}")


PO = """\
msgid ""
msgstr ""
"Language: ko\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "They met on July 11."
msgstr "그들은 7월 12일 만났다"

msgid "Nothing yet."
msgstr ""
"""


def test_a_crashing_check_is_an_error_finding_and_the_others_still_run(glossary: Glossary) -> None:
    catalog = parse_po(PO.encode(), path="a.po")
    findings = check_catalog(catalog, path="a.po", lang="ko", glossary=glossary, checks=(check_crashing, *CHECKS))
    assert [str(f) for f in findings] == [
        "a.po:6: error: crashing: found before the crash",
        "a.po:6: error: crashing: the check crashed on this entry: ValueError: cannot read 'They met on July 11.'",
        'a.po:6: error: numbers: date "July 11" (in Korean "7월 11일") of the source is missing (the translation has 7월 12일)',
        "a.po:6: warning: punctuation: the source ends with '.', the translation has no final punctuation",
        "a.po:9: error: crashing: found before the crash",
        "a.po:9: warning: untranslated: not translated yet",
    ]


def test_dipl10n_check_reports_a_crash_as_a_finding_not_a_traceback(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.dipl10n]\nlanguages = ["ko"]\nglossary = false\n', encoding="utf-8")
    (tmp_path / "source").mkdir()
    directory = tmp_path / "locales" / "ko" / "LC_MESSAGES"
    directory.mkdir(parents=True)
    (directory / "a.po").write_text(PO, encoding="utf-8")
    monkeypatch.setattr(runner, "CHECKS", (check_crashing, *CHECKS))
    result = CliRunner().invoke(cli, ["check", "--project", str(tmp_path), "--skip", "numbers"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.output.splitlines() == [
        "locales/ko/LC_MESSAGES/a.po:6: error: crashing: found before the crash",
        "locales/ko/LC_MESSAGES/a.po:6: error: crashing: the check crashed on this entry: ValueError: "
        "cannot read 'They met on July 11.'",
        "locales/ko/LC_MESSAGES/a.po:6: warning: punctuation: the source ends with '.', the translation has no final "
        "punctuation",
        "locales/ko/LC_MESSAGES/a.po:9: error: crashing: found before the crash",
        "check: 1 catalog, 3 errors, 1 warning, 0 fuzzy, 1 untranslated "
        "(fuzzy and untranslated entries are listed by 'dipl10n check --verbose')",
    ]
