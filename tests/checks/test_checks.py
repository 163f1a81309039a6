"""Tests for dipl10n.checks: each check failing and passing, catalogs, reports."""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dipl10n.checks import runner as checks
from dipl10n.checks.registry import CheckContext, Finding
from dipl10n.checks.report import CatalogSummary, CheckReport
from dipl10n.checks.runner import catalog_language, check_catalog, check_catalogs
from dipl10n.po import parse_po
from dipl10n.po.model import join_comment
from dipl10n.po.states import MISSING_PREFIX, set_origin
from dipl10n.project.session import Project
from dipl10n.terms.glossary import Glossary, load_glossary

GLOSSARY = """\
en,ko,note,case,dnt,variants,reading
NATO,NATO,,yes,yes,,나토
Secretary General,사무총장,,yes,no,Secretary-General,
Individualized Tailored Partnership Program (ITPP),개별 맞춤형 파트너십 프로그램(ITPP),,yes,no,,
AI,AI,,yes,yes,,에이아이
Diplomacy Journal,Diplomacy Journal,,yes,yes,,
IP4,인도·태평양 파트너국,,yes,no,,
"""


@pytest.fixture(scope="module")
def glossary(tmp_path_factory: pytest.TempPathFactory) -> Glossary:
    path = tmp_path_factory.mktemp("glossary") / "glossary.csv"
    path.write_text(GLOSSARY, encoding="utf-8")
    return load_glossary(path)


def entry(msgid: str, msgstr: str, marks=(), *, linenum: int = 7) -> polib.POEntry:
    """A catalog entry as the reader makes it; ``marks`` are flags, or ``term-missing: X`` translator comments.

    dipl10n keeps ``term-missing:`` as a translator comment (``# term-missing: Foo_Bar``), not as a flag.
    """
    notes = [m for m in marks if m.startswith(MISSING_PREFIX)]
    made = polib.POEntry(
        msgid=msgid,
        msgstr=msgstr,
        flags=[m for m in marks if m not in notes],
        tcomment=join_comment(notes),
        encoding="utf-8",
    )
    made.linenum = linenum
    return made


def run(check, glossary: Glossary, msgid: str, msgstr: str, *, flags=(), lang="ko", ratio=None) -> list[str]:
    context = CheckContext(
        path="x.po",
        lang=lang,
        glossary=glossary,
        length_ratio=ratio,
        _latin_allowed=checks.latin_allowed(glossary, lang),
    )
    return [f.message for f in check(entry(msgid, msgstr, flags), context)]


# (check, msgid, msgstr, flags, expected messages): every check fails and passes.
# A "term-missing: X" mark is a translator comment of the entry (it used to be the flag "term-missing:X").
CASES = [
    # glossary
    (checks.check_glossary, "Stoltenberg met the Secretary General.", "스톨텐베르그는 사무국장을 만났다.", (),
     ['"Secretary General" needs its approved translation "사무총장"']),
    (checks.check_glossary, "NATO leaders met.", "나토 정상들이 만났다.", (),
     ['"NATO" must stay as written (do not translate)']),
    (checks.check_glossary, "NATO leaders met the Secretary-General.", "NATO 정상들이 사무총장을 만났다.", (), []),
    # Korean word spacing may differ from the glossary's
    (checks.check_glossary, "the Individualized Tailored Partnership Program (ITPP)",
     "개별 맞춤형 파트너십 프로그램 (ITPP)", (), []),
    (checks.check_glossary, "NATO leaders met.", "NATO 정상들이 만났다.", ("term-missing: Foo_Bar",),
     ['machine translation lost "Foo Bar" (term-missing: Foo_Bar): put its approved form in; '
      "the note goes once the term is there"]),
    # a note for a term already reported missing is not reported twice
    (checks.check_glossary, "NATO leaders met.", "나토 정상들이 만났다.", ("term-missing: NATO",),
     ['"NATO" must stay as written (do not translate)']),
    # numbers and dates
    (checks.check_numbers, "Troops rose by 1,000 in 2014.", "2015년 병력이 1,000명 늘었다.", (),
     ['number "2014" of the source is missing (the translation has 2015)']),
    (checks.check_numbers, "Troops rose by 1,000.", "병력이 천 명 늘었다.", (), []),
    (checks.check_numbers, "Spending rose 3.5% on July 11.", "7월 11일 지출이 3.5퍼센트 늘었다.", (), []),
    (checks.check_numbers, "They met on July 11.", "그들은 7월 12일 만났다.", (),
     ['date "July 11" (in Korean "7월 11일") of the source is missing (the translation has 7월 12일)']),
    (checks.check_numbers, "during his tenure (2014-2024)", "재임 기간(2014~2024) 중", (), []),
    # a number inside a glossary term belongs to the term
    (checks.check_numbers, "The IP4 leaders met.", "인도·태평양 파트너국 정상들이 만났다.", (), []),
    # markup
    (checks.check_markup, "NATO leaders met.", "ZX1 정상들이 만났다.", (),
     ['placeholder "ZX1" left by machine translation: put the term back']),
    (checks.check_markup, "See [the release](https://a.example/x).", "[보도자료](https://b.example/x)를 보라.", (),
     ["link URL changed: https://a.example/x became https://b.example/x"]),
    (checks.check_markup, "It is *very* important.", "매우 중요하다.", (),
     ["emphasis (*...*): the source has 1, the translation 0"]),
    (checks.check_markup, "Run `dipl10n check` first.", "먼저 dipl10n check를 실행하라.", (),
     ["code span (`...`): the source has 1, the translation 0"]),
    (checks.check_markup, "It is **vital**.", "**‘핵심’**이다.", (),
     ["strong emphasis (**...**): the source has 1, the translation 0",
      "unbalanced '*': Markdown did not pair it (in Korean, put emphasis around whole words and keep "
      "particles outside the punctuation: **‘강조’**를 does not work, ‘**강조**’를 does)"]),
    (checks.check_markup, "It is **vital**, see [this](https://a.example/).", "[이것](https://a.example/)처럼 **핵심**이다.", (), []),
    # brackets and quotes
    (checks.check_brackets, "He said it (again).", "그는 (다시 말했다.", (), ["'(' is opened but never closed (missing ')')"]),
    (checks.check_brackets, "He said so.", "그는 그렇게」 말했다.", (), ["'」' closes nothing (missing '「' before it)"]),
    (checks.check_brackets, "He said “yes”.", '그는 "예라고 말했다.', (), ["'\"' is opened but never closed (missing '\"')"]),
    (checks.check_brackets, "“We will,” he said.", "「우리는 할 것이다」라고 그는 말했다.", (), []),
    # a quotation spanning sentences leaves the source open too
    (checks.check_brackets, '"We will try.', '"우리는 노력할 것이다.', (), []),
    (checks.check_brackets, "NATO’s role grew.", "NATO’s 역할이 커졌다.", (), []),
    # particles
    (checks.check_particles, "NATO leaders met.", "NATO을 지지했다.", (),
     ['"NATO을" should be "NATO를": the particle must agree with how \'NATO\' is read']),
    (checks.check_particles, "with the Secretary General", "사무총장와 함께", (),
     ['"사무총장와" should be "사무총장과": the particle must agree with how \'사무총장\' is read']),
    (checks.check_particles, "NATO leaders met.", "NATO를 지지했다.", (), []),
    (checks.check_particles, "They met on July 11.", "7월 11일에 만났다.", (), []),
    # untranslated, fuzzy, identical
    (checks.check_untranslated, "They met.", "", (), ["not translated yet"]),
    (checks.check_untranslated, "They met.", "그들은 만났다.", (), []),
    (checks.check_fuzzy, "They met.", "그들은 만났다.", ("fuzzy",), ["translation marked fuzzy: review it and clear the fuzzy mark"]),
    (checks.check_fuzzy, "They met.", "그들은 만났다.", (), []),
    (checks.check_fuzzy, "They met.", "", ("fuzzy",), []),
    (checks.check_identical, "The two sides agreed.", "The two sides agreed.", (), ["the translation is identical to the source"]),
    (checks.check_identical, "By Diplomacy Journal Lee Jon-young", "By Diplomacy Journal Lee Jon-young", (),
     ["the translation is identical to the source"]),
    (checks.check_identical, "Jens Stoltenberg", "Jens Stoltenberg", (), []),
    (checks.check_identical, "Diplomacy Journal", "Diplomacy Journal", (), []),
    (checks.check_identical, "2024", "2024", (), []),
    # Latin words
    (checks.check_latin, "The leaders met.", "두 정상은 summit에서 만났다.", (),
     ["Latin-script word(s) neither in the source nor in the glossary: summit"]),
    (checks.check_latin, "Jens Stoltenberg spoke.", "Jens Stoltenberg가 말했다.", (), []),
    (checks.check_latin, "The partnership program grew.", "개별 맞춤형 파트너십 프로그램(ITPP)이 커졌다.", (), []),
    (checks.check_latin, "See [this](https://example.org/page).", "[이것](https://example.org/page)을 보라.", (), []),
    # spaces
    (checks.check_spaces, "They met.", "그들은  만났다.", (), ["double space in the translation"]),
    (checks.check_spaces, "They met.", "그들은 만났다 .", (), ["space before punctuation in the translation"]),
    (checks.check_spaces, "They met.", " 그들은 만났다.", (), ["leading whitespace differs from the source"]),
    (checks.check_spaces, "They met. ", "그들은 만났다.", (), ["trailing whitespace differs from the source"]),
    (checks.check_spaces, "They  met. ", "그들은  만났다. ", (), []),
    # final punctuation
    (checks.check_punctuation, "President Yoon meets Stoltenberg", "윤 대통령, 스톨텐베르그와 회담.", (),
     ["the source has no final punctuation (a headline?), the translation ends with '.'"]),
    (checks.check_punctuation, "They met.", "그들은 만났다", (), ["the source ends with '.', the translation has no final punctuation"]),
    (checks.check_punctuation, "Will they meet?", "그들은 만날 것이다.", (), ["the source ends with '?', the translation with '.'"]),
    (checks.check_punctuation, "They met.", "그들은 만났다。", (), ["Korean ends sentences with '.', not '。'"]),
    (checks.check_punctuation, "Partnership in defense, cyber, AI, etc.", "국방·사이버·AI 등 파트너십", (), []),
    (checks.check_punctuation, 'He said, "We will."', '그는 "우리는 할 것이다."라고 말했다.', (), []),
    (checks.check_punctuation, "Will they?", "그들이 할까?", (), []),
]


@pytest.mark.parametrize(("check", "msgid", "msgstr", "flags", "expected"), CASES)
def test_check(check, msgid: str, msgstr: str, flags, expected: list[str], glossary: Glossary) -> None:
    assert run(check, glossary, msgid, msgstr, flags=flags) == expected


def test_particles_only_for_korean(glossary: Glossary) -> None:
    assert run(checks.check_particles, glossary, "NATO leaders met.", "NATO을 지지했다.", lang="ja") == []


LONG_SOURCE = "The leaders agreed on a joint statement in Madrid."  # 50 characters


@pytest.mark.parametrize(
    ("msgid", "msgstr", "expected"),
    [
        (LONG_SOURCE, "가" * 50, ["2.5 times longer than usual in this catalog (1.00 characters per source character, "
                                  "median 0.40): something added or left out?"]),
        (LONG_SOURCE, "가" * 5, ["4.0 times shorter than usual in this catalog (0.10 characters per source character, "
                                 "median 0.40): something added or left out?"]),
        (LONG_SOURCE, "가" * 20, []),
        ("They met.", "가" * 30, []),  # too short to judge
    ],
)
def test_length(msgid: str, msgstr: str, expected: list[str], glossary: Glossary) -> None:
    assert run(checks.check_length, glossary, msgid, msgstr, ratio=0.4) == expected


def test_length_needs_a_norm(glossary: Glossary) -> None:
    assert run(checks.check_length, glossary, LONG_SOURCE, "가" * 50, ratio=None) == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab ()[]{}“”‘’「」\"'*_`.?!12,", max_size=40))
def test_a_translation_equal_to_its_source_is_never_unbalanced(text: str) -> None:
    glossary = load_glossary(Path("/nonexistent/glossary.csv"))
    for check in (checks.check_brackets, checks.check_markup, checks.check_numbers, checks.check_spaces):
        assert run(check, glossary, text, text) == [], check.__name__


# -- catalogs -------------------------------------------------------------------

PO = textwrap.dedent(
    """\
    msgid ""
    msgstr ""
    "Language: ko\\n"
    "Content-Type: text/plain; charset=UTF-8\\n"

    #: source/a.md:3
    msgid "NATO leaders met on July 11."
    msgstr "나토 정상들이 7월 11일 만났다."

    #, fuzzy
    msgid "They agreed."
    msgstr "그들은 합의했다."

    msgid "Nothing yet."
    msgstr ""

    msgid ""
    "A long sentence "
    "in two lines."
    msgstr "긴 문장  두 줄."

    #~ msgid "Gone."
    #~ msgstr "없다"
    """
)


def test_check_catalog_lists_findings_at_the_msgid_line(glossary: Glossary) -> None:
    catalog = parse_po(PO.encode(), path="locales/ko/LC_MESSAGES/a.po")
    findings = check_catalog(catalog, path="locales/ko/LC_MESSAGES/a.po", lang="ko", glossary=glossary)
    assert [str(f) for f in findings] == [
        'locales/ko/LC_MESSAGES/a.po:7: error: glossary: "NATO" must stay as written (do not translate)',
        "locales/ko/LC_MESSAGES/a.po:11: warning: fuzzy: translation marked fuzzy: review it and clear the fuzzy mark",
        "locales/ko/LC_MESSAGES/a.po:14: warning: untranslated: not translated yet",
        "locales/ko/LC_MESSAGES/a.po:17: warning: spaces: double space in the translation",
    ]
    assert findings[0] == Finding(
        "locales/ko/LC_MESSAGES/a.po", 7, "error", "glossary",
        '"NATO" must stay as written (do not translate)', "NATO leaders met on July 11.",
    )


def test_catalog_language() -> None:
    with_header = parse_po(PO.encode(), path=None)
    assert catalog_language(with_header, Path("x/a.po"), "en") == "ko"
    bare = parse_po(b'msgid "a"\nmsgstr "b"\n', path=None)
    assert catalog_language(bare, Path("locales/ja/LC_MESSAGES/a.po"), "ko") == "ja"
    assert catalog_language(bare, Path("a.po"), "ko") == "ko"


def _summary(errors=0, warnings=0, fuzzy=0, untranslated=0) -> CatalogSummary:
    return CatalogSummary("a.po", "ko", 10, errors, warnings, fuzzy, untranslated)


@pytest.mark.parametrize(
    ("summary", "failed", "strict"),
    [
        (_summary(), False, False),
        (_summary(errors=1), True, True),
        (_summary(warnings=1), False, True),
        (_summary(fuzzy=1), False, True),
        (_summary(untranslated=1), False, True),
    ],
)
def test_report_failure(summary: CatalogSummary, failed: bool, strict: bool) -> None:
    report = CheckReport((), (summary,))
    assert report.failed() is failed
    assert report.failed(strict=True) is strict


def test_report_summary_and_dict() -> None:
    report = CheckReport((), (_summary(1, 2, 3, 4), _summary(0, 1, 0, 0)))
    assert report.summary() == (
        "check: 2 catalogs, 1 error, 3 warnings, 3 fuzzy, 4 untranslated "
        "(fuzzy and untranslated entries are listed by 'dipl10n check --verbose')"
    )
    assert str(report.catalogs[0]) == "a.po: 10 entries, 1 error, 2 warnings, 3 fuzzy, 4 untranslated"
    data = report.to_dict()
    assert data["summary"] == {"catalogs": 2, "errors": 1, "warnings": 3, "fuzzy": 3, "untranslated": 4, "suppressed": 0}
    assert data["catalogs"][1]["warnings"] == 1
    assert CheckReport((), ()).summary() == "check: no catalogs to check"


def _project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text('[tool.dipl10n]\nlanguages = ["ko"]\n', encoding="utf-8")
    (tmp_path / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    (tmp_path / "source").mkdir()
    directory = tmp_path / "locales" / "ko" / "LC_MESSAGES"
    directory.mkdir(parents=True)
    (directory / "a.po").write_text(PO, encoding="utf-8")
    (directory / "b.po").write_text(
        'msgid ""\nmsgstr "Language: ko\\nContent-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "They met."\nmsgstr "그들은 만났다."\n',
        encoding="utf-8",
    )
    return tmp_path


def test_check_catalogs_collapses_fuzzy_and_untranslated(tmp_path: Path) -> None:
    project = Project.load(_project(tmp_path))
    report = check_catalogs(project)
    assert [c.path for c in report.catalogs] == ["locales/ko/LC_MESSAGES/a.po", "locales/ko/LC_MESSAGES/b.po"]
    assert [(f.line, f.check) for f in report.findings] == [(7, "glossary"), (17, "spaces")]
    assert (report.errors, report.warnings, report.fuzzy, report.untranslated) == (1, 1, 1, 1)
    verbose = check_catalogs(project, verbose=True)
    assert [(f.line, f.check) for f in verbose.findings] == [(7, "glossary"), (11, "fuzzy"), (14, "untranslated"), (17, "spaces")]
    assert "--verbose" not in verbose.summary()


def test_check_catalogs_named_paths(tmp_path: Path) -> None:
    project = Project.load(_project(tmp_path))
    report = check_catalogs(project, [tmp_path / "locales" / "ko" / "LC_MESSAGES" / "b.po"])
    assert [c.path for c in report.catalogs] == ["locales/ko/LC_MESSAGES/b.po"]
    assert report.findings == () and not report.failed(strict=True)


def test_import_is_light() -> None:
    import subprocess
    import sys

    code = (
        "import sys, dipl10n.checks.runner, dipl10n.site.index; "
        "print(sorted(m for m in ('torch', 'ctranslate2', 'jinja2', 'markdown_it') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def _with_origin(msgid: str, msgstr: str, *, fuzzy: bool, approved: bool = False, previous: str | None = None):
    made = entry(msgid, msgstr, ("fuzzy",) if fuzzy else ())
    set_origin(made, "machine translation (double translate-en_ko 1.0)", approved=approved)
    made.previous_msgid = previous
    return made


@pytest.mark.parametrize(
    ("made", "expected"),
    [
        (_with_origin("They met.", "그들은 만났다.", fuzzy=True), "machine draft: review it and clear the fuzzy mark"),
        (_with_origin("They met.", "그들은 만났다.", fuzzy=True, approved=True, previous="They meet."), "out of date: "),
        (entry("They met.", "그들은 만났다.", ("fuzzy",)), "translation marked fuzzy: "),
        (_with_origin("They met.", "그들은 만났다.", fuzzy=False), None),
    ],
    ids=["machine draft", "out of date", "human fuzzy", "approved"],
)
def test_fuzzy_finding_names_the_state(made, expected, glossary) -> None:
    context = CheckContext(path="x.po", lang="ko", glossary=glossary)
    messages = [f.message for f in checks.check_fuzzy(made, context)]
    if expected is None:
        assert messages == []
    else:
        assert len(messages) == 1 and messages[0].startswith(expected), messages


@pytest.mark.parametrize(
    ("article", "errors"),
    [(datetime.date(2024, 7, 11), []), (datetime.date(2024, 8, 1), ["numbers"]), (None, ["numbers"])],
)
def test_the_article_s_own_month_may_go_unsaid(glossary, article, errors) -> None:
    po = polib.POFile()
    po.append(entry("On July 11, they met.", "11일 두 사람은 만났다."))
    found = checks.check_catalog(po, path="x.po", lang="ko", glossary=glossary, article=article)
    assert [f.check for f in found if f.severity == "error"] == errors


def test_a_range_of_days_is_one_date(glossary) -> None:
    po = polib.POFile()
    po.append(entry("The summit was held July 9-11, 2024.", "정상회의는 2024년 7월 9일부터 11일까지 열렸다."))
    po.append(entry("The summit was held July 9-11, 2024.x", "정상회의는 2024년 7월 9일 열렸다."))
    found = checks.check_catalog(po, path="x.po", lang="ko", glossary=glossary)
    assert [(f.msgid[-1], f.message) for f in found if f.severity == "error"] == [
        ("x", 'date "July 9-11, 2024" (in Korean "2024년 7월 9일~11일") of the source is missing '
              "(the translation has 2024년 7월 9일)"),
    ]


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Seoul's role grew.", "Seoul’s 역할이 커졌다."),  # the editor made the apostrophe typographic
        ("Seoul's role grew.", "Seoul's 역할이 커졌다."),
        ("Seoul hosted the summit.", "Seoul’s 정상회의가 열렸다."),
        ("“We will,” he said of Seoul's role.", "“Seoul’s 역할을 다하겠다”고 그는 말했다."),
    ],
)
def test_a_possessive_kept_in_the_translation_is_not_a_bracket(msgid: str, msgstr: str, glossary: Glossary) -> None:
    """’ without an opening ‘ is an apostrophe, even where the source has none (or a straight one)."""
    assert run(checks.check_brackets, glossary, msgid, msgstr) == []
