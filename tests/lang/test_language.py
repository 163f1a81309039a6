"""Target language codes are locales (Babel/CLDR), never string prefixes.

``ko-KR`` and ``ko_KR`` are one locale (catalog folder ``locales/ko_KR``),
``KO`` is ``ko``, ``kok`` is Konkani (a language of its own: no Korean
particles, dates or notes), and codes that are not plain locale identifiers
are refused, on the command line and in ``pyproject.toml``, before anything
is written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dipl10n.checks.registry import CheckContext
from dipl10n.errors import ConfigError
from dipl10n.lang.locales import base_language, is_korean, parse_language
from dipl10n.po import read_po
from dipl10n.project.config import load_config
from dipl10n.project.session import Project
from dipl10n.run.pipeline import extract, sync
from dipl10n.run.results import DraftOptions
from dipl10n.terms.glossary import Term, load_glossary
from dipl10n.terms.protect import protect, replacements, restore
from helpers.engines import DoubleEngine, koreanish
from helpers.projects import DOC, by_msgid, files, po_path

STANDFIRST = "Strengthening partnership with NATO in defense, cyber, AI, etc."
DATED = "The leaders met on July 11."

REFUSED = ["kor", "und", "iw", "ko.UTF-8", "ko@x", "ko.", "..", "x", "ko/x", "../ko", "ko_KR.UTF-8", ""]


@pytest.mark.parametrize(
    ("code", "normal"),
    [("ko", "ko"), ("ko-KR", "ko_KR"), ("ko_KR", "ko_KR"), ("ko-kr", "ko_KR"), ("KO", "ko"), ("kok", "kok"),
     ("kok_IN", "kok_IN"), ("zh-hant-tw", "zh_Hant_TW"), ("ja", "ja")],
)
def test_codes_are_normalised_as_locales(code, normal):
    assert parse_language(code) == normal


@pytest.mark.parametrize("code", REFUSED)
def test_codes_that_are_no_plain_locale_are_refused_with_a_reason(code):
    with pytest.raises(ConfigError) as info:
        parse_language(code)
    message = info.value.message
    assert repr(code) in message
    assert any(
        reason in message
        for reason in ("is not a language code", "is another name of", "names no particular language")
    )


def test_aliases_name_the_code_to_use():
    with pytest.raises(ConfigError, match="'kor' is another name of 'ko': use 'ko'"):
        parse_language("kor")
    with pytest.raises(ConfigError, match="'iw' is another name of 'he': use 'he'"):
        parse_language("iw")


@pytest.mark.parametrize(
    ("code", "korean", "base"),
    [("ko", True, "ko"), ("ko_KR", True, "ko"), ("ko-Kore-KR", True, "ko"), ("kok", False, "kok"),
     ("kok_IN", False, "kok"), ("ja", False, "ja")],
)
def test_korean_is_the_language_ko_not_a_prefix(code, korean, base):
    assert is_korean(code) is korean
    assert base_language(code) == base


def test_konkani_is_never_treated_as_korean(project):
    glossary = load_glossary(project / "glossary.csv")
    # No Korean date conversion, no date placeholder.
    assert [r.kind for r in replacements(DATED, glossary, "kok")] == []
    assert [r.kind for r in replacements(DATED, glossary, "ko_KR")] == ["date"]
    # No glossary column for Konkani: only do-not-translate terms are protected, never the ko column.
    assert [r.target for r in replacements(STANDFIRST, glossary, "kok")] == ["NATO", "AI"]
    # No particle agreement: a Korean particle the engine wrote stays as it is.
    spans = replacements(STANDFIRST, glossary, "kok")
    protected = protect(STANDFIRST, spans)
    output = koreanish(protected.text)
    assert "NATO을" in restore(output, protected, lang="kok").text
    assert "NATO를" in restore(output, protected, lang="ko_KR").text
    # The Korean checks (particles, Korean dates, full stops) are off.
    assert not CheckContext("a.po", "kok", glossary).korean
    assert CheckContext("a.po", "ko_KR", glossary).korean


def test_term_target_finds_the_language_column_for_a_locale():
    term = Term("Diplomacy", {"ko": "외교", "ja": "外交"}, line=2)
    assert term.target("ko") == "외교"
    assert term.target("ko_KR") == "외교"
    assert term.target("ja_JP") == "外交"
    assert term.target("kok") is None
    regional = Term("Diplomacy", {"ko": "외교", "ko_KP": "외교사업"}, line=2)
    assert regional.target("ko_KP") == "외교사업"  # the locale's own column wins
    assert regional.target("ko_KR") == "외교"
    empty = Term("Diplomacy", {"ko": "외교", "ko_KR": ""}, line=2)
    assert empty.target("ko_KR") == "외교"


def _draft(root: Path, lang: str, engine: DoubleEngine):
    project = Project.load(root, languages=[lang])
    _, templates = extract(project)
    return sync(project, templates, draft=DraftOptions(lambda code: engine))


def test_ko_kr_is_drafted_as_korean_and_kok_is_not(project):
    korean = DoubleEngine(koreanish)
    report = _draft(project, "ko-KR", korean)
    assert [status.lang for status in report.machine] == ["ko_KR"]
    catalog = by_msgid(read_po(po_path(project, lang="ko_KR")))
    assert catalog[STANDFIRST].msgstr == "Strengthening partnership with NATO를 in defense, cyber, AI를, etc."
    assert catalog["Diplomacy"].msgstr == "외교"  # the ko column serves ko_KR
    assert "Language: ko_KR" in po_path(project, lang="ko_KR").read_text(encoding="utf-8")

    konkani = DoubleEngine(koreanish)
    _draft(project, "kok", konkani)
    catalog = by_msgid(read_po(po_path(project, lang="kok")))
    assert catalog[STANDFIRST].msgstr == "Strengthening partnership with NATO을 in defense, cyber, AI을, etc."
    assert catalog["Diplomacy"].msgstr.startswith("Diplomacy")  # drafted, not the Korean glossary form
    [batch] = konkani.calls
    assert any("July 11" in sentence for sentence in batch)  # no Korean date placeholder
    template = (project / "locales" / f"{DOC}.pot").read_text(encoding="utf-8")
    assert "(kok)" not in template  # no glossary or date notes for Konkani reviewers


@pytest.mark.parametrize(("given", "folder"), [("ko-KR", "ko_KR"), ("ko_KR", "ko_KR"), ("KO", "ko")])
def test_cli_lang_names_the_catalog_folder_by_the_normal_form(invoke, project, given, folder):
    assert invoke(project, "extract").exit_code == 0
    result = invoke(project, "update", "--lang", given)
    assert result.exit_code == 0, result.output
    assert po_path(project, lang=folder).exists()
    assert sorted(p.name for p in (project / "locales").iterdir() if p.is_dir()) == [folder]


def test_pyproject_languages_are_normalised_too(project):
    (project / "pyproject.toml").write_text('[tool.dipl10n]\nlanguages = ["ko-KR", "KO", "ko_KR"]\n', encoding="utf-8")
    assert load_config(project).languages == ("ko_KR", "ko")


@pytest.mark.parametrize("code", ["kor", "und", "iw", "ko.UTF-8", "ko@x", "ko.", "..", "x"])
def test_cli_refuses_a_bad_lang_before_writing_anything(invoke, project, code):
    before = files(project)
    result = invoke(project, "run", "--no-mt", "--lang", code)
    assert result.exit_code == 2, result.output
    [line] = result.output.strip().splitlines()
    assert line.startswith(f"error: --lang: {code!r}")
    assert files(project) == before


@pytest.mark.parametrize("code", ["kor", "und", "iw", "ko.UTF-8", "ko@x", "ko.", "..", "x"])
def test_pyproject_refuses_a_bad_language_with_file_and_line_before_writing_anything(invoke, project, code):
    (project / "pyproject.toml").write_text(
        f'[tool.dipl10n]\nproject = "Desk"\nlanguages = ["ko", "{code}"]\n', encoding="utf-8"
    )
    before = files(project)
    result = invoke(project, "run", "--no-mt")
    assert result.exit_code == 2, result.output
    [line] = result.output.strip().splitlines()
    assert line.startswith(f"error: {project / 'pyproject.toml'}:3: languages: {code!r}")
    assert files(project) == before
