"""dipl10n.terms.mentions: which glossary mentions a translation says, on correct Korean of unseen texts."""

from __future__ import annotations

import pytest

from dipl10n.terms.glossary import Glossary, Renderings, load_glossary
from dipl10n.terms.mentions import forbidden_forms, mentions, said

GLOSSARY = """\
en,ko,note,case,dnt,variants,reading,home
Republic of Korea,대한민국|한국|한-,,yes,no,,,ko
ROK,한국|대한민국|한-|!남한,,yes,no,,,ko
Democratic People's Republic of Korea,북한,,yes,no,Democratic People’s Republic of Korea,,
DPRK,북한|북-,,yes,no,D.P.R.K.,,
United States,미국|미-,,yes,no,U.S.|US,,
Japan,일본|일-,,yes,no,,,
Australia,호주,,yes,no,,,
New Zealand,뉴질랜드,,yes,no,,,
alliance,동맹,,no,no,,,
Indo-Pacific Partners,인도·태평양 파트너국(IP4),,yes,no,IP4,,
Secretary General,사무총장,,yes,no,,,
UN Security Council resolutions,유엔 안보리 결의|유엔 안전보장이사회 결의,,yes,no,United Nations Security Council resolutions,,
NATO,NATO,,yes,yes,,나토,
"""


@pytest.fixture(scope="module")
def glossary(tmp_path_factory) -> Glossary:
    path = tmp_path_factory.mktemp("glossary") / "glossary.csv"
    path.write_text(GLOSSARY, encoding="utf-8")
    return load_glossary(path)


def unsaid(glossary: Glossary, source: str, translation: str) -> list[str]:
    return [m.text for m in mentions(glossary, source, "ko") if not said(m, translation, source=source, lang="ko")]


def test_cells_hold_preferred_admitted_combining_and_forbidden_forms() -> None:
    forms = Renderings.parse("한국|대한민국|한-|!남한")
    assert forms.preferred == "한국"
    assert forms.admitted == ("한국", "대한민국")
    assert forms.combining == ("한",)
    assert forms.forbidden == ("남한",)


# (source, correct Korean): each once a false alarm of the checker.
CORRECT = {
    "a longer name is not the term inside it": (
        "the growing nuclear and missile threats from the Democratic People's Republic of Korea (DPRK)",
        "증대되는 북한의 핵·미사일 위협",
    ),
    "a fused compound of acronyms": (
        "coordination between the U.S.-Japan Alliance and the U.S.-ROK Alliance",
        "한미동맹과 미일동맹 간 공조",
    ),
    "a three-country compound, Korea first in Korean": ("the Japan-U.S.-ROK Summit", "한미일 정상회의"),
    "a compound with names written in full": (
        "held Japan-Australia-New Zealand-ROK Leaders' Meeting",
        "한·일·호주·뉴질랜드 정상회의를 가졌다",
    ),
    "a list of countries": (
        "The United States, Republic of Korea, and Japan strongly condemn the launch.",
        "한미일은 발사를 강력히 규탄한다.",
    ),
    "a list with 'the'": ("the United States, Japan, and the ROK will cooperate", "한미일이 협력해 나갈 것"),
    "a name and its acronym are one mention": (
        "President of the Republic of Korea (ROK)",
        "대한민국 대통령",
    ),
    "an acronym the source does not have": (
        "welcomed the support of the Indo-Pacific Partners",
        "인도·태평양 파트너국의 지원을 환영했다",
    ),
    "an admitted alternative": (
        "in accordance with United Nations Security Council resolutions",
        "유엔 안전보장이사회 결의에 따라",
    ),
    "the readers' own country before a title": (
        "ROK Foreign Minister Park and Japanese Foreign Minister Hayashi",
        "박진 외교부 장관과 하야시 일본 외무상",
    ),
    "home country and acronym before a title": (
        "Republic of Korea (ROK) Minister of National Defense Lee Jong-Sup",
        "이종섭 국방부 장관",
    ),
    "the home country's office": (
        "the Republic of Korea’s Ministry of Foreign Affairs said",
        "외교부는 밝혔다",
    ),
    "a Sino-Korean prefix": ("in visit to Republic of Korea", "방한 계기"),
    "resident in": ("U.S. Embassy in the Republic of Korea", "주한 미국대사관"),
    "word spacing does not matter": ("the Secretary General said", "사무 총장은 말했다"),
}


@pytest.mark.parametrize("case", list(CORRECT))
def test_correct_korean_says_every_mention(glossary: Glossary, case: str) -> None:
    source, translation = CORRECT[case]
    assert unsaid(glossary, source, translation) == []


# (source, wrong Korean, what is not said): the check must still catch these.
WRONG = {
    "a missing term": ("the Secretary General said", "총장은 말했다", ["Secretary General"]),
    "a compound missing a country": ("the Japan-U.S.-ROK Summit", "미일 정상회의", ["Japan-U.S.-ROK"]),
    "a list missing a country": (
        "The United States, Republic of Korea, and Japan condemn it.",
        "미국과 일본은 규탄한다.",
        ["United States, Republic of Korea, and Japan"],
    ),
    "a fused word of the wrong countries": ("the U.S.-ROK Alliance", "미일동맹", ["U.S.-ROK"]),
    "the home country not before a title": (
        "the President of the Republic of Korea.",
        "대통령.",
        ["Republic of Korea"],
    ),
    "a name and acronym both missing": ("the Republic of Korea (ROK) and", "그리고", ["Republic of Korea (ROK)"]),
    "a term that is not the home country, before a title": (
        "Japanese Foreign Minister Hayashi and Japan Prime Minister Kishida",
        "하야시 외무상과 기시다 총리",
        ["Japan"],
    ),
    "a combining form alone is not the word": ("talks with Japan", "일 대화", ["Japan"]),
}


@pytest.mark.parametrize("case", list(WRONG))
def test_wrong_korean_is_still_caught(glossary: Glossary, case: str) -> None:
    source, translation, expected = WRONG[case]
    assert unsaid(glossary, source, translation) == expected


def test_kinds_of_mentions(glossary: Glossary) -> None:
    found = mentions(glossary, "ROK Foreign Minister Park met the Republic of Korea (ROK) envoy and the U.S.-ROK team", "ko")
    assert [(m.text, m.kind, m.optional) for m in found] == [
        ("ROK", "term", True),
        ("Republic of Korea (ROK)", "pair", False),
        ("U.S.-ROK", "compound", False),
    ]


def test_forbidden_forms_are_found(glossary: Glossary) -> None:
    (match,) = [m for m in glossary.find("the ROK delegation") if m.form == "ROK"]
    assert list(forbidden_forms(match.term, "남한 대표단", "ko")) == ["남한"]
    assert list(forbidden_forms(match.term, "한국 대표단", "ko")) == []


def test_a_do_not_translate_term_must_stay_as_written(glossary: Glossary) -> None:
    assert unsaid(glossary, "NATO allies", "나토 동맹국") == ["NATO"]
    assert unsaid(glossary, "NATO allies", "NATO 동맹국") == []
