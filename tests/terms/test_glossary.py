"""glossary.csv: schema, validation and term matching."""

from __future__ import annotations

from pathlib import Path

import pytest

from dipl10n.errors import GlossaryError
from dipl10n.terms.glossary import check_glossary, load_glossary

REPO = Path(__file__).resolve().parents[2]
HEADER = "en,ko,note,case,dnt,variants,reading\n"


def glossary_file(tmp_path: Path, body: str, *, header: str = HEADER, encoding: str = "utf-8") -> Path:
    path = tmp_path / "glossary.csv"
    path.write_bytes((header + body).encode(encoding))
    return path


@pytest.fixture(scope="module")
def article_glossary():
    return load_glossary(REPO / "glossary.csv", display="glossary.csv")


# -- matching against the project's own glossary ---------------------------------

MATCHES = [
    # longest first
    ("building on the NATO-IP4 Priority Cooperation Initiatives established", ["NATO-IP4 Priority Cooperation Initiatives"]),
    (
        "the NATO-ROK Individualized Tailored Partnership Program (ITPP), and",
        ["NATO-ROK Individualized Tailored Partnership Program (ITPP)"],
    ),
    ("Russo-DPRK military cooperation, which", ["Russo-DPRK military cooperation"]),
    ("escalating Russian-DPRK military cooperation", ["Russian-DPRK military cooperation"]),
    ("between Russia and the DPRK to strengthen", ["Russia", "DPRK"]),
    # word boundaries and case
    ("the BROKEN promise", []),
    ("a NATOesque idea", []),
    ("rok and nato in lower case", []),
    ("the ROK and NATO", ["ROK", "NATO"]),
    # hyphenated compounds
    ("Korea-NATO cooperation", ["Korea-NATO"]),
    ("the NATO-ROK relationship", ["NATO-ROK"]),
    ("a NATO-Japan summit", ["NATO", "Japan"]),
    # possessives and plurals
    ("NATO's support for Ukraine", ["NATO", "Ukraine"]),
    ("during Stoltenberg's tenure", ["Stoltenberg"]),
    ("the Secretary General’s contributions", ["Secretary General"]),
    ("countering hybrid threats including disinformation", ["hybrid threats", "disinformation"]),
    ("a hybrid threat", ["hybrid threat"]),
    # case-insensitive ordinary words; variants
    ("Disinformation spreads", ["Disinformation"]),
    ("cyber defence and AI", ["cyber defence", "AI"]),
    ("President Yoon Suk-yeol met", ["President Yoon Suk-yeol"]),
    ("President Yoon meets", ["President Yoon"]),
    ("Secretary General of the North Atlantic Treaty Organization (NATO) Jens Stoltenberg",
     ["Secretary General", "North Atlantic Treaty Organization", "NATO", "Jens Stoltenberg"]),
    # whitespace inside a term may differ
    ("the UN Security\u00a0Council resolutions", ["UN Security\u00a0Council resolutions"]),
]


@pytest.mark.parametrize(("text", "forms"), MATCHES)
def test_matching(article_glossary, text, forms):
    assert [m.form for m in article_glossary.find(text)] == forms
    for match in article_glossary.find(text):
        assert text[match.start : match.end] == match.form


@pytest.mark.parametrize(
    ("form", "ko"),
    [
        ("ITPP", "한-NATO 개별 맞춤형 파트너십 프로그램(ITPP)"),
        ("NATO-IP4 Priority Cooperation Initiatives", "NATO-IP4 중점협력사업"),
        ("IP4", "인도·태평양 파트너국(IP4)"),
        ("DPRK", "북한"),
        ("Russo-DPRK military cooperation", "러북 군사협력"),
        ("UN Security Council resolutions", "유엔 안보리 결의"),
        ("Secretary General", "사무총장"),
        ("Jens Stoltenberg", "옌스 스톨텐베르그"),
        ("values-based solidarity diplomacy", "가치 기반 연대 외교"),
        ("Certificate of Airworthiness", "감항 인증 인정서"),
        ("Euro-Atlantic", "유럽-대서양"),
        ("Indo-Pacific", "인도·태평양"),
        ("NATO", "NATO"),
    ],
)
def test_article_terms_have_their_approved_korean(article_glossary, form, ko):
    [match] = article_glossary.find(form)
    assert match.term.target("ko", matched=match.form) == ko
    assert match.term.note, "every entry records its source"


def test_do_not_translate_keeps_the_form_as_written(article_glossary):
    [match] = article_glossary.find("the NATO meeting")
    assert match.term.dnt
    assert match.term.target("ko", matched=match.form) == "NATO"
    assert match.term.reading == "나토"


def test_exact_whole_segment(article_glossary):
    assert article_glossary.exact("Diplomacy").target("ko") == "외교"
    assert article_glossary.exact(" Diplomacy ").en == "Diplomacy"
    assert article_glossary.exact("Diplomacy matters") is None
    assert article_glossary.exact("") is None


def test_project_glossary_is_clean():
    issues = check_glossary(REPO / "glossary.csv", display="glossary.csv")
    assert [str(i) for i in issues] == []


def test_version_changes_with_content(tmp_path):
    first = load_glossary(glossary_file(tmp_path, "NATO,NATO,,yes,yes,,나토\n"))
    second = load_glossary(glossary_file(tmp_path, "NATO,나토,,yes,no,,\n"))
    assert first.version != second.version and len(first.version) == 12


def test_missing_glossary_is_empty(tmp_path):
    glossary = load_glossary(tmp_path / "glossary.csv")
    assert glossary.terms == () and glossary.find("NATO") == []


def test_case_column_default_and_explicit(tmp_path):
    path = glossary_file(tmp_path, "summit,정상회의,,,,,\nROK,한국,,,,,\nwhite paper,백서,,yes,,,\n")
    glossary = load_glossary(path)
    assert [m.form for m in glossary.find("The Summit and the rok and the White Paper")] == ["Summit"]
    assert [m.form for m in glossary.find("the ROK white paper")] == ["ROK", "white paper"]


def test_bom_and_crlf(tmp_path):
    path = tmp_path / "glossary.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + "NATO,NATO,,yes,yes,,나토\n").replace("\n", "\r\n").encode())
    glossary = load_glossary(path)
    assert glossary.terms[0].reading == "나토"
    assert glossary.terms[0].line == 2


# -- glossary check -----------------------------------------------------------------

CHECKS = [
    ("missing columns", "en,note\nNATO,x\n", None, 1, "missing required column(s): ko"),
    ("empty translation", HEADER + "NATO,NATO,,yes,yes,,\nsummit,,,no,no,,\n", None, 3, "has no ko translation"),
    (
        "same term twice, different Korean",
        HEADER + "summit,정상회의,,no,no,,\nsummit,회담,,no,no,,\n",
        None,
        3,
        "already defined at line 2 with a different translation",
    ),
    (
        "variant collides with a term",
        HEADER + "summit,정상회의,,no,no,,\nmeeting,회담,,no,no,summit,\n",
        None,
        3,
        "variant 'summit' of 'meeting' collides with 'summit' at line 2",
    ),
    ("stray quote", HEADER + 'summit,정상"회의,,no,no,,\n', None, 2, "stray quote"),
    ("unbalanced quote", HEADER + 'summit,"정상회의,,no,no,,\nNATO,NATO,,,yes,,\n', None, 2, "malformed CSV"),
    (
        "cell over the CSV reader's limit",
        HEADER + "summit,정상회의,,no,no,,\nNATO,NATO," + "x" * 131073 + ",,yes,,\n",
        None,
        3,
        "a cell of this row is longer than 131,072 characters, the most a glossary cell may hold (the reader had got "
        "to line 3)",
    ),
    (
        "quote left open over the CSV reader's limit",
        HEADER + 'summit,"정상회의,,no,no,,\n' + "NATO,NATO,,,yes,,\n" * 8000,
        None,
        2,
        "if a quote opens the cell, its closing quote is probably missing",
    ),
    ("bad yes/no", HEADER + "summit,정상회의,,maybe,no,,\n", None, 2, "case must be yes or no"),
    ("reading not Hangul", HEADER + "NATO,NATO,,yes,yes,,nato\n", None, 2, "must be written in Hangul"),
    ("wrong field count", HEADER + "summit,정상회의\n", None, 2, "2 fields where the header has 7"),
    ("semicolons", "en;ko\nNATO;NATO\n", None, 1, "save the file as comma-separated"),
    ("spreadsheet CP949", HEADER + "summit,정상회의,,no,no,,\n", "cp949", 2, "looks like CP949/EUC-KR"),
    ("empty file", "", None, 1, "the file is empty"),
]


@pytest.mark.parametrize(("name", "content", "encoding", "line", "fragment"), CHECKS, ids=[c[0] for c in CHECKS])
def test_glossary_check_reports_line_and_problem(tmp_path, name, content, encoding, line, fragment):
    path = tmp_path / "glossary.csv"
    path.write_bytes(content.encode(encoding or "utf-8"))
    issues = [i for i in check_glossary(path, display="glossary.csv") if i.severity == "error"]
    assert issues, f"{name}: no error reported"
    assert any(i.line == line and fragment in i.message for i in issues), [str(i) for i in issues]
    with pytest.raises(GlossaryError) as info:
        load_glossary(path, display="glossary.csv")
    assert str(info.value.path) == "glossary.csv"


def test_duplicate_row_with_same_translation_is_a_warning(tmp_path):
    path = glossary_file(tmp_path, "summit,정상회의,,no,no,,\nsummit,정상회의,,no,no,,\n")
    [issue] = check_glossary(path, display="glossary.csv")
    assert (issue.severity, issue.line) == ("warning", 3)
    assert str(issue) == "glossary.csv:3: warning: term 'summit' repeats line 2"
    load_glossary(path)  # a warning does not stop a run


def test_extra_language_columns(tmp_path):
    path = glossary_file(
        tmp_path, "summit,정상회의,,no,no,,,首脳会談\n", header="en,ko,note,case,dnt,variants,reading,ja\n"
    )
    glossary = load_glossary(path)
    assert glossary.languages == ("ko", "ja")
    assert glossary.terms[0].target("ja") == "首脳会談"
    issues = check_glossary(path, languages=("ko", "zh"))
    assert any("missing required column(s): zh" in i.message for i in issues)
