"""Tests for dipl10n.lang (hangul, reading, particles, particle agreement): reading words aloud and particle agreement."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dipl10n.errors import InputError
from dipl10n.lang.particle_agreement import ParticleIssue, agree_particles, particle_disagreements
from dipl10n.lang.particles import ParticlePair, attach, particle_pair
from dipl10n.lang.reading import final_consonant, read_aloud

# (word, particle, expected)
ATTACH_CASES = [
    # 은/는, 이/가, 을/를, 과/와 after a final consonant and after a vowel
    ("협정", "은/는", "협정은"),
    ("외교부", "은/는", "외교부는"),
    ("대통령", "이/가", "대통령이"),
    ("총리", "이/가", "총리가"),
    ("조약", "을/를", "조약을"),
    ("합의", "을/를", "합의를"),
    ("회담", "과/와", "회담과"),
    ("국회", "과/와", "국회와"),
    # 으로/로: a ㄹ-final word takes 로
    ("워싱턴", "으로/로", "워싱턴으로"),
    ("국방부", "으로/로", "국방부로"),
    ("서울", "으로/로", "서울로"),
    ("이스라엘", "으로/로", "이스라엘로"),
    ("규칙", "으로서/로서", "규칙으로서"),
    ("주최국", "으로서/로서", "주최국으로서"),
    ("의장", "으로서/로서", "의장으로서"),
    ("제재", "으로써/로써", "제재로써"),
    ("결렬", "으로써/로써", "결렬로써"),
    ("베를린", "으로부터/로부터", "베를린으로부터"),
    ("브뤼셀", "으로부터/로부터", "브뤼셀로부터"),
    ("규칙", "으론/론", "규칙으론"),
    ("서울", "으론/론", "서울론"),
    # the other alternating particles
    ("장관", "이나/나", "장관이나"),
    ("제재", "이나/나", "제재나"),
    ("동맹", "이랑/랑", "동맹이랑"),
    ("총리", "이랑/랑", "총리랑"),
    ("지민", "아/야", "지민아"),
    ("영희", "아/야", "영희야"),
    ("조국", "이여/여", "조국이여"),
    ("겨레", "이여/여", "겨레여"),
    ("중국", "과는/와는", "중국과는"),
    ("러시아", "과는/와는", "러시아와는"),
    ("진전", "은커녕/는커녕", "진전은커녕"),
    ("합의", "은커녕/는커녕", "합의는커녕"),
    ("한 번", "이나마/나마", "한 번이나마"),
    ("잠시", "이나마/나마", "잠시나마"),
    ("지금", "이라도/라도", "지금이라도"),
    ("나중에", "이라도/라도", "나중에라도"),
    # the copula
    ("협정", "이다/다", "협정이다"),
    ("정상회의", "이다/다", "정상회의다"),
    ("성명", "이에요/예요", "성명이에요"),
    ("우크라이나", "이에요/예요", "우크라이나예요"),
    ("회담", "이었/였", "회담이었"),
    ("파트너", "이었/였", "파트너였"),
    ("파트너십", "이라고/라고", "파트너십이라고"),
    ("동반자", "이라고/라고", "동반자라고"),
    ("동맹", "이란/란", "동맹이란"),
    ("외교", "이란/란", "외교란"),
    ("의장국", "이며/며", "의장국이며"),
    ("옵서버", "이며/며", "옵서버며"),
    # a pair in the other order, and pairs no table knows
    ("성명", "와/과", "성명과"),
    ("국회", "를/을", "국회를"),
    ("협정", "이라니/라니", "협정이라니"),
    ("정상회의", "이라니/라니", "정상회의라니"),
    # single forms, including compounds by their leading particle
    ("조약", "를", "조약을"),
    ("정상회의", "을", "정상회의를"),
    ("협정", "로", "협정으로"),
    ("서울", "으로", "서울로"),
    ("동맹", "는", "동맹은"),
    ("성명", "와", "성명과"),
    ("조약", "예요", "조약이에요"),
    ("합의", "다", "합의다"),
    ("협정", "였", "협정이었"),
    ("대표단", "로서의", "대표단으로서의"),
    ("외교부", "으로서의", "외교부로서의"),
    ("동맹", "랑도", "동맹이랑도"),
    ("총리", "이라고는", "총리라고는"),
    ("서울", "로부터는", "서울로부터는"),
    ("조약", "관", "조약관"),
    ("총리", "관", "총리완"),
    ("한국", "론", "한국으론"),
    # written alternatives
    ("워싱턴", "(으)로", "워싱턴으로"),
    ("이스라엘", "(으)로서", "이스라엘로서"),
    ("총리", "은(는)", "총리는"),
    ("협정", "이(가)", "협정이"),
    ("회담", "를(을)", "회담을"),
    ("서울", "(이)나", "서울이나"),
    ("국회", "과(와)", "국회와"),
    ("동맹", "(는)은", "동맹은"),
    ("조약", "와(과)는", "조약과는"),
    ("합의", "(이)에요", "합의예요"),
    # particles that do not alternate
    ("서울", "에서", "서울에서"),
    ("NATO", "의", "NATO의"),
    # Latin acronyms read as words
    ("NATO", "은/는", "NATO는"),
    ("NATO", "으로/로", "NATO로"),
    ("UNESCO", "과/와", "UNESCO와"),
    ("ASEAN", "은/는", "ASEAN은"),
    ("ASEAN", "으로/로", "ASEAN으로"),
    ("OPEC", "을/를", "OPEC을"),
    ("NASA", "이/가", "NASA가"),
    ("APEC", "과/와", "APEC과"),
    ("IPEF", "으로/로", "IPEF으로"),
    ("AUKUS", "을/를", "AUKUS를"),
    ("Nato", "이/가", "Nato가"),
    # Latin acronyms read letter by letter
    ("UN", "은/는", "UN은"),
    ("UN", "으로/로", "UN으로"),
    ("EU", "과/와", "EU와"),
    ("ITPP", "을/를", "ITPP를"),
    ("OECD", "이/가", "OECD가"),
    ("IMF", "을/를", "IMF를"),
    ("NLL", "을/를", "NLL을"),
    ("NLL", "으로/로", "NLL로"),
    ("ICBM", "으로/로", "ICBM으로"),
    ("DMZ", "은/는", "DMZ는"),
    ("U.S.", "은/는", "U.S.는"),
    ("PhD", "이에요/예요", "PhD예요"),
    # letters with digits
    ("G7", "은/는", "G7은"),
    ("G20", "과/와", "G20과"),
    ("IP4", "을/를", "IP4를"),
    ("P5", "이/가", "P5가"),
    ("5G", "으로/로", "5G로"),
    # digits and numbers
    ("11", "으로/로", "11로"),
    ("11", "은/는", "11은"),
    ("2024", "을/를", "2024를"),
    ("3.5", "이/가", "3.5가"),
    ("1,000", "은/는", "1,000은"),
    ("10,000", "으로/로", "10,000으로"),
    ("100", "을/를", "100을"),
    ("0", "은/는", "0은"),
    ("7", "으로/로", "7로"),
    ("6", "으로/로", "6으로"),
    ("3", "을/를", "3을"),
    ("10", "이/가", "10이"),
    ("3.5%", "이/가", "3.5%가"),
    ("2.0", "으로/로", "2.0으로"),
    ("$100", "을/를", "$100를"),
    ("₩1,000", "이/가", "₩1,000이"),
    ("10 km", "을/를", "10 km를"),
    ("25℃", "으로/로", "25℃로"),
    # parentheses, quotes, brackets and trailing punctuation
    ("한-NATO 개별 맞춤형 파트너십 프로그램(ITPP)", "을/를", "한-NATO 개별 맞춤형 파트너십 프로그램(ITPP)을"),
    ("국제원자력기구(IAEA)", "은/는", "국제원자력기구(IAEA)는"),
    ("IAEA(국제원자력기구)", "과/와", "IAEA(국제원자력기구)와"),
    ("규칙(rule)", "으로/로", "규칙(rule)으로"),
    ("(3, 6)", "으로/로", "(3, 6)으로"),
    ("《워싱턴 선언》", "을/를", "《워싱턴 선언》을"),
    ("“캠프 데이비드”", "과/와", "“캠프 데이비드”와"),
    ("'서울'", "으로/로", "'서울'로"),
    ("공동성명...", "이/가", "공동성명...이"),
    ("합의)", "을/를", "합의)를"),
    # jamo and unreadable endings: the undecided written form
    ("ㄱ", "은/는", "ㄱ은"),
    ("東京", "으로/로", "東京(으)로"),
    ("漢字", "을/를", "漢字을(를)"),
    ("?_?", "이/가", "?_?이(가)"),
    ("§", "이에요/예요", "§(이)에요"),
]


@pytest.mark.parametrize(("word", "particle", "expected"), ATTACH_CASES)
def test_attach(word: str, particle: str, expected: str) -> None:
    assert attach(word, particle) == expected


def test_attach_has_enough_cases() -> None:
    assert len(ATTACH_CASES) >= 60
    pairs = {particle_pair(p) for _, p, _ in ATTACH_CASES}
    assert len(pairs) >= 25


@pytest.mark.parametrize("word", ["", "   "])
def test_attach_to_empty_word_is_an_error(word: str) -> None:
    with pytest.raises(InputError):
        attach(word, "을/를")


@pytest.mark.parametrize("particle", ["", "ul/reul", "을/", "(으로", "로)"])
def test_bad_particle_is_an_error(particle: str) -> None:
    with pytest.raises(InputError):
        attach("협정", particle)


@pytest.mark.parametrize(
    ("particle", "consonant", "vowel"),
    [
        ("을/를", "을", "를"),
        ("를/을", "을", "를"),
        ("를", "을", "를"),
        ("(으)로부터의", "으로부터의", "로부터의"),
        ("로서의", "으로서의", "로서의"),
        ("과(와)는", "과는", "와는"),
        ("(은)는", "은", "는"),
        ("완", "관", "완"),
        ("란", "이란", "란"),
        ("야", "아", "야"),  # the vocative, the common reading of a lone 야
        ("이야", "이야", "야"),
        ("에게", "에게", "에게"),
        ("이라든지", "이라든지", "라든지"),
    ],
)
def test_particle_pair(particle: str, consonant: str, vowel: str) -> None:
    pair = particle_pair(particle)
    assert (pair.consonant, pair.vowel) == (consonant, vowel)


@pytest.mark.parametrize(
    ("pair", "undecided"),
    [
        (ParticlePair("을", "를"), "을(를)"),
        (ParticlePair("으로", "로"), "(으)로"),
        (ParticlePair("이나", "나"), "(이)나"),
        (ParticlePair("에서", "에서"), "에서"),
    ],
)
def test_undecided_form(pair: ParticlePair, undecided: str) -> None:
    assert pair.undecided() == undecided


READINGS = [
    ("협정", "협정"),
    ("NATO", "나토"),
    ("UNESCO", "유네스코"),
    ("UN", "유엔"),
    ("ITPP", "아이티피피"),
    ("IP4", "아이피사"),
    ("G7", "지세븐"),
    ("11", "십일"),
    ("2024", "이천이십사"),
    ("3.5", "삼점오"),
    ("1,000", "천"),
    ("10,000", "만"),
    ("11,000", "만천"),
    ("100000000", "일억"),
    ("100", "백"),
    ("0", "영"),
    ("3.5%", "삼점오퍼센트"),
    ("$100", "백달러"),
    ("10km", "십킬로미터"),
    ("10 km", "킬로미터"),
    ("U.S.", "유에스"),
    ("한-NATO 개별 맞춤형 파트너십 프로그램(ITPP)", "프로그램"),
    ("레벨30", "레벨삼십"),
    ("ㅋ", "키읔"),
    ("Google", "글"),
    ("iPhone", "폰"),
    ("Internet", "넷"),
    ("Facebook", "북"),
]


@pytest.mark.parametrize(("word", "reading"), READINGS)
def test_read_aloud(word: str, reading: str) -> None:
    assert read_aloud(word) == reading


@pytest.mark.parametrize("word", ["", "?_?", "東京", "1" + "0" * 80, "(   )"])
def test_read_aloud_unreadable(word: str) -> None:
    with pytest.raises(InputError):
        read_aloud(word)


@pytest.mark.parametrize(
    ("word", "reading", "final"),
    [
        ("협정", None, "ㅇ"),
        ("총리", None, None),
        ("서울", None, "ㄹ"),
        ("UN", None, "ㄴ"),
        ("ICBM", None, "ㅁ"),
        ("16", None, "ㄱ"),
        ("19", None, None),
        ("20", None, "ㅂ"),
        ("1.10", None, "ㅇ"),
        ("1" + "0" * 41, None, "ㅇ"),  # 10^41: 십정
        ("100000", None, "ㄴ"),  # 십만
        ("Nao", "나오", None),
        ("God", "갓", "ㅅ"),
        ("東京", "도쿄", None),
        ("NATO", "나토", None),
        ("Seoul", "서울", "ㄹ"),
    ],
)
def test_final_consonant(word: str, reading: str | None, final: str | None) -> None:
    assert final_consonant(word, reading) == final


@pytest.mark.parametrize(("word", "reading"), [("東京", None), ("NATO", "nato"), ("NATO", "")])
def test_final_consonant_needs_a_reading(word: str, reading: str | None) -> None:
    with pytest.raises(InputError):
        final_consonant(word, reading)


def _expected_final_of_integer(n: int) -> str:
    """Independent model: the last non-zero digit and its place decide."""
    if n == 0:
        return "ㅇ"
    place = 0
    while n % 10 == 0:
        n //= 10
        place += 1
    if place >= 4:  # the myriad of the lowest non-zero group is said last
        return {1: "ㄴ", 2: "ㄱ", 3: "", 4: "ㅇ"}[place // 4]
    if place == 0:
        return {1: "ㄹ", 3: "ㅁ", 6: "ㄱ", 7: "ㄹ", 8: "ㄹ"}.get(n % 10, "")
    return {1: "ㅂ", 2: "ㄱ", 3: "ㄴ"}[place]


_integers = st.one_of(
    st.integers(min_value=0, max_value=10**19 - 1),
    st.builds(lambda n, zeros: n * 10**zeros, st.integers(0, 99_999), st.integers(0, 15)),
)


@given(_integers)
def test_final_consonant_of_integers(n: int) -> None:
    assert (final_consonant(str(n)) or "") == _expected_final_of_integer(n)
    assert (final_consonant(f"{n:,}") or "") == _expected_final_of_integer(n)


_syllables = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)


@given(st.text(_syllables, min_size=1, max_size=6))
def test_attach_to_hangul_follows_the_last_syllable(word: str) -> None:
    has_final = (ord(word[-1]) - 0xAC00) % 28 != 0
    ends_in_rieul = (ord(word[-1]) - 0xAC00) % 28 == 8
    assert attach(word, "을/를") == word + ("을" if has_final else "를")
    assert attach(word, "과/와") == word + ("과" if has_final else "와")
    assert attach(word, "으로/로") == word + ("으로" if has_final and not ends_in_rieul else "로")
    assert read_aloud(word) == word


# ---------------------------------------------------------------- agree_particles


def _spans(text: str, *terms: str, reading: str | None = None) -> list[tuple[int, int, str | None]]:
    spans = []
    for term in terms:
        start = text.index(term)
        spans.append((start, start + len(term), reading))
    return spans


AGREE_CASES = [
    # (text, inserted terms, expected)
    ("NATO을 지지한다.", ["NATO"], "NATO를 지지한다."),
    ("NATO를 지지한다.", ["NATO"], "NATO를 지지한다."),
    ("서울으로 간다.", ["서울"], "서울로 간다."),
    ("워싱턴로 간다.", ["워싱턴"], "워싱턴으로 간다."),
    ("협정다.", ["협정"], "협정이다."),
    ("동맹였다.", ["동맹"], "동맹이었다."),
    ("협정라고 말했다", ["협정"], "협정이라고 말했다"),
    ("UN예요?", ["UN"], "UN이에요?"),
    ("NATO이에요.", ["NATO"], "NATO예요."),
    ("NATO이 말했다", ["NATO"], "NATO가 말했다"),
    ("서울으로부터 왔다", ["서울"], "서울로부터 왔다"),
    ("NATO과는 달리", ["NATO"], "NATO와는 달리"),
    ("협정로도 부족하다", ["협정"], "협정으로도 부족하다"),
    ("파트너십 프로그램(ITPP)를 통해", ["파트너십 프로그램(ITPP)"], "파트너십 프로그램(ITPP)을 통해"),
    ("“워싱턴 선언”를 채택", ["“워싱턴 선언”"], "“워싱턴 선언”을 채택"),
    ("G7가 모였다", ["G7"], "G7이 모였다"),
    ("11로 늘었다", ["11"], "11로 늘었다"),
    ("1,000를 넘었다", ["1,000"], "1,000을 넘었다"),
    # not attached, or not a particle: untouched
    ("NATO 을 지지", ["NATO"], "NATO 을 지지"),
    ("NATO, 을", ["NATO"], "NATO, 을"),
    ("협정가운데", ["협정"], "협정가운데"),
    ("협정나라", ["협정"], "협정나라"),
    ("협정이번", ["협정"], "협정이번"),
    ("서울로봇", ["서울"], "서울로봇"),
    # the copula's 이 may stay after a vowel; 이나/이라도 may be the copula
    ("NATO이다.", ["NATO"], "NATO이다."),
    ("NATO이나 EU", ["NATO"], "NATO이나 EU"),
    ("NATO이었다", ["NATO"], "NATO이었다"),
    ("NATO입니다", ["NATO"], "NATO입니다"),
    ("협정인 셈", ["협정"], "협정인 셈"),
    # 야 after a consonant: vocative 아 or copula 이야? Left alone.
    ("협정야", ["협정"], "협정야"),
    # an unreadable span is left alone
    ("東京을 방문", ["東京"], "東京을 방문"),
]


@pytest.mark.parametrize(("text", "terms", "expected"), AGREE_CASES)
def test_agree_particles(text: str, terms: list[str], expected: str) -> None:
    assert agree_particles(text, _spans(text, *terms)) == expected


def test_agree_particles_several_spans_shift_offsets() -> None:
    text = "한국은 NATO을 지지하고 파트너십 프로그램(ITPP)를 서울으로 옮기며 협정다."
    spans = _spans(text, "NATO", "파트너십 프로그램(ITPP)", "서울", "협정")
    assert agree_particles(text, list(reversed(spans))) == (
        "한국은 NATO를 지지하고 파트너십 프로그램(ITPP)을 서울로 옮기며 협정이다."
    )


def test_agree_particles_touches_only_text_after_spans() -> None:
    text = "사과을 먹고 NATO을 지지한다. 칫솔를 샀다."
    assert agree_particles(text, _spans(text, "NATO")) == "사과을 먹고 NATO를 지지한다. 칫솔를 샀다."
    assert agree_particles(text, []) == text


def test_agree_particles_reading_overrides() -> None:
    text = "Nao을 만났다"
    assert agree_particles(text, _spans(text, "Nao", reading="나오")) == "Nao를 만났다"
    text = "God가 있다"
    assert agree_particles(text, _spans(text, "God", reading="갓")) == "God이 있다"


def test_agree_particles_stops_at_the_next_span() -> None:
    text = "NATO과거"
    spans = [(0, 4, None), (4, 5, None)]  # "과" is itself inserted text
    assert agree_particles(text, spans) == text


def test_agree_particles_empty_and_trailing_space_spans() -> None:
    text = "NATO 을"
    assert agree_particles(text, [(0, 0, None), (0, 5, None)]) == text


@pytest.mark.parametrize("spans", [[(0, 99, None)], [(-1, 2, None)], [(3, 2, None)], [(0, 4, None), (2, 6, None)]])
def test_agree_particles_bad_spans(spans: list[tuple[int, int, str | None]]) -> None:
    with pytest.raises(InputError):
        agree_particles("NATO을 지지한다", spans)


# ---------------------------------------------------------- particle_disagreements


def test_particle_disagreements() -> None:
    text = "NATO을 지지한다. NATO는 서울으로 간다. 서울에서 NATO이 말했다."
    issues = particle_disagreements(text, [("NATO", None), ("서울", None)])
    assert issues == [
        ParticleIssue(4, 5, "NATO", "을", "를"),
        ParticleIssue(20, 22, "서울", "으로", "로"),
        ParticleIssue(36, 37, "NATO", "이", "가"),
    ]
    fixed = text
    for issue in reversed(issues):
        assert fixed[issue.start : issue.end] == issue.found
        fixed = fixed[: issue.start] + issue.expected + fixed[issue.end :]
    assert particle_disagreements(fixed, [("NATO", None), ("서울", None)]) == []


def test_particle_disagreements_with_reading_and_boundaries() -> None:
    assert particle_disagreements("Nao을 만났다", [("Nao", "나오")]) == [
        ParticleIssue(3, 4, "Nao", "을", "를")
    ]
    # "UN" inside "FUN" is another word; 협정 inside 무역협정 ends the same way.
    assert particle_disagreements("FUN가 좋다", [("UN", None)]) == []
    assert particle_disagreements("무역협정를 맺었다", [("협정", None)]) == [
        ParticleIssue(4, 5, "협정", "를", "을")
    ]


def test_particle_disagreements_ignores_agreeing_and_unreadable() -> None:
    text = "NATO는 서울로 간다. 東京을 방문"
    assert particle_disagreements(text, [("NATO", None), ("서울", None), ("東京", None), ("", None)]) == []


_alphabet = st.sampled_from(list("협정NATO서울을를이가과와로으다였예요 ()11.5%,ㄱ東?-"))


@given(st.text(_alphabet, min_size=1, max_size=12), st.sampled_from(["을/를", "(으)로", "이다/다", "관", "에서"]))
def test_attach_never_fails_on_a_non_empty_word(word: str, particle: str) -> None:
    if word.strip():
        result = attach(word, particle)
        assert result.startswith(word)
        assert len(result) > len(word)


@given(st.text(_alphabet, max_size=30), st.lists(st.integers(0, 30), max_size=6))
def test_agree_particles_only_touches_text_after_spans(text: str, cuts: list[int]) -> None:
    points = sorted({min(c, len(text)) for c in cuts})
    spans = [(a, b, None) for a, b in zip(points[::2], points[1::2], strict=False)]
    result = agree_particles(text, spans)
    first = spans[0][1] if spans else len(text)
    assert result[:first] == text[:first]
    assert agree_particles(result, []) == result
    if not spans:
        assert result == text
