"""Korean particle (josa) agreement for text that dipl10n inserts.

When dipl10n puts an approved glossary term into a machine translation, the
particle the engine attached to its own wording stays behind: ``동맹을`` becomes
``NATO을`` when it must read ``NATO를``. The particle has to agree with how the
term *ends when read aloud*, which for Hangul is the last syllable and for
Latin letters, digits and symbols is the way a Korean reader says them
(``NATO`` 나토, ``UN`` 유엔, ``11`` 십일, ``3.5%`` 삼점오퍼센트).

The module has three layers:

* :func:`read_aloud` and :func:`final_consonant` decide the final sound;
* :func:`particle_pair` and :func:`attach` choose between the two forms of a
  particle (``을/를``, ``으로/로``, the copula ``이다/다`` and compounds);
* :func:`agree_particles` and :func:`particle_disagreements` repair or report
  particles attached to inserted spans of a translation, changing only forms
  that are certainly particles and certainly wrong.

See ``docs/korean.md`` for the rules and the sources behind the tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dipl10n.errors import InputError

__all__ = [
    "ParticleIssue",
    "ParticlePair",
    "agree_particles",
    "attach",
    "final_consonant",
    "particle_disagreements",
    "particle_pair",
    "read_aloud",
]

# --------------------------------------------------------------------------
# Hangul arithmetic

_SYLLABLE_FIRST = 0xAC00
_SYLLABLE_LAST = 0xD7A3
# Final consonants (jongseong) in syllable order, as compatibility jamo.
_FINALS = (
    "", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ",
    "ㄿ", "ㅀ", "ㅁ", "ㅂ", "ㅄ", "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ",
)
_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
# The names of the consonant letters all end in the letter itself
# (기역, 니은, ..., 히읗), so a lone consonant jamo reads as its name.
_JAMO_NAMES = {
    "ㄱ": "기역", "ㄲ": "쌍기역", "ㄴ": "니은", "ㄷ": "디귿", "ㄸ": "쌍디귿", "ㄹ": "리을",
    "ㅁ": "미음", "ㅂ": "비읍", "ㅃ": "쌍비읍", "ㅅ": "시옷", "ㅆ": "쌍시옷", "ㅇ": "이응",
    "ㅈ": "지읒", "ㅉ": "쌍지읒", "ㅊ": "치읓", "ㅋ": "키읔", "ㅌ": "티읕", "ㅍ": "피읖",
    "ㅎ": "히읗",
}


def _is_syllable(char: str) -> bool:
    return _SYLLABLE_FIRST <= ord(char) <= _SYLLABLE_LAST


def _compose(initial: str, medial: str, final: str = "") -> str:
    index = (_INITIALS.index(initial) * 21 + _MEDIALS.index(medial)) * 28 + _FINALS.index(final)
    return chr(_SYLLABLE_FIRST + index)


def _final_of(syllable: str) -> str:
    return _FINALS[(ord(syllable) - _SYLLABLE_FIRST) % 28]


def _with_final(syllable: str, final: str) -> str:
    """``syllable`` with its final consonant replaced by ``final``."""
    base = ord(syllable) - (ord(syllable) - _SYLLABLE_FIRST) % 28
    return chr(base + _FINALS.index(final))


def _without_final(syllable: str) -> str:
    return _with_final(syllable, "")


def _all_hangul(text: str) -> bool:
    return bool(text) and all(_is_syllable(c) for c in text)


# --------------------------------------------------------------------------
# Reading numbers, Latin letters and symbols the way Korean readers do

_SINO_DIGITS = "영일이삼사오육칠팔구"
_SMALL_UNITS = ("", "십", "백", "천")
# Myriad units, 10^(4k). Past 무량대수 (10^68) there is no common name.
_MYRIADS = (
    "", "만", "억", "조", "경", "해", "자", "양", "구", "간", "정", "재", "극",
    "항하사", "아승기", "나유타", "불가사의", "무량대수",
)

# Korean names of the Latin letters (국립국어원 usage). Only L 엘, M 엠, N 엔 and
# R 알 end in a consonant.
_LETTER_NAMES = {
    "A": "에이", "B": "비", "C": "시", "D": "디", "E": "이", "F": "에프", "G": "지",
    "H": "에이치", "I": "아이", "J": "제이", "K": "케이", "L": "엘", "M": "엠", "N": "엔",
    "O": "오", "P": "피", "Q": "큐", "R": "알", "S": "에스", "T": "티", "U": "유",
    "V": "브이", "W": "더블유", "X": "엑스", "Y": "와이", "Z": "제트",
}

# Acronyms Korean readers say as words, with their established Korean
# spelling. Everything else in capitals is read letter by letter (UN 유엔,
# OECD 오이시디, ITPP 아이티피피).
_ACRONYM_WORDS = {
    "AIDS": "에이즈", "ANZUS": "앤저스", "APEC": "에이펙", "ASEAN": "아세안", "ASEM": "아셈",
    "AUKUS": "오커스", "BIMSTEC": "빔스텍", "BRICS": "브릭스", "CELAC": "셀락", "CERN": "세른",
    "CITES": "사이테스", "COVAX": "코백스", "COVID": "코비드", "ECOWAS": "에코와스",
    "EUROPOL": "유로폴", "FIFA": "피파", "GAVI": "가비", "GSOMIA": "지소미아", "ICANN": "아이캔",
    "INTERPOL": "인터폴", "IPEF": "아이펙", "KADIZ": "카디즈", "KEDO": "케도", "KOICA": "코이카",
    "KORUS": "코러스", "KOTRA": "코트라", "MERCOSUR": "메르코수르", "MERS": "메르스",
    "NAFTA": "나프타", "NASA": "나사", "NATO": "나토", "NEPAD": "네파드", "NORAD": "노라드",
    "OPEC": "오펙", "QUAD": "쿼드", "RCEP": "알셉", "RIMPAC": "림팩", "SALT": "솔트",
    "SARS": "사스", "SEATO": "시토", "START": "스타트", "SWIFT": "스위프트", "THAAD": "사드",
    "UNESCO": "유네스코", "UNICEF": "유니세프", "UNIDO": "유니도", "UNIFIL": "유니필",
    "UNRWA": "운라",
}

# Letter+digit names read in English rather than letter by letter + Sino-Korean.
_MIXED_NAMES = {"G7": "지세븐", "G8": "지에이트", "G20": "지이십", "P5": "피파이브"}

_SYMBOLS = {
    "%": "퍼센트", "‰": "퍼밀", "℃": "도", "℉": "도", "°": "도", "°C": "도", "°F": "도",
    "%p": "퍼센트포인트", "&": "앤드", "+": "플러스", "=": "이퀄", "#": "샵", "@": "앳",
}
# Currency signs are written before the number and read after it ($100 백달러).
_CURRENCIES = {"$": "달러", "€": "유로", "£": "파운드", "¥": "엔", "₩": "원"}
# Unit symbols after a number are read as Korean unit words (10km 십킬로미터).
_UNITS = {
    "km": "킬로미터", "m": "미터", "cm": "센티미터", "mm": "밀리미터", "kg": "킬로그램",
    "g": "그램", "t": "톤", "ha": "헥타르", "l": "리터", "L": "리터", "kW": "킬로와트",
    "MW": "메가와트", "GW": "기가와트", "kWh": "킬로와트시",
    "bp": "베이시스포인트", "p": "포인트",
}

# Characters skipped at the end of a word: they are not read aloud.
_TRANSPARENT = set(
    " \t\r\n\u00a0\u3000.,!?;:…·'\"‘’“”«»‹›《》〈〉「」『』【】〔〕]}>＞]~-–—/\\*†‡"
)
_OPENERS = {")": "(", "）": "（"}

_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}


def _is_transparent(char: str) -> bool:
    # Private-use characters (input-method artefacts, icon fonts) are not read.
    return char in _TRANSPARENT or 0xE000 <= ord(char) <= 0xF8FF


def _deciding_text(word: str) -> str:
    """The part of ``word`` whose end is read aloud before a particle.

    Trailing punctuation, closing quotes and brackets are skipped. A final
    parenthesis is a gloss (``프로그램(ITPP)``): the particle agrees with what
    stands before it, or with its content when nothing does (``(1, 2)``).
    """
    text = word.translate(_FULLWIDTH)
    while True:
        end = len(text)
        while end and _is_transparent(text[end - 1]):
            end -= 1
        text = text[:end]
        if not text or text[-1] not in _OPENERS:
            return text
        opener, closer = _OPENERS[text[-1]], text[-1]
        depth, index = 0, len(text) - 1
        while index >= 0:
            if text[index] == closer:
                depth += 1
            elif text[index] == opener:
                depth -= 1
                if depth == 0:
                    break
            index -= 1
        if index < 0:  # unbalanced ")": not read either
            text = text[:-1]
            continue
        before = text[:index]
        if any(not _is_transparent(c) for c in before):
            text = before
        else:
            text = text[index + 1 : -1]


def _read_group(group: int) -> str:
    """Read 1..9999; 일 is not said before 십, 백, 천 (천 not 일천)."""
    out = []
    for position in (3, 2, 1, 0):
        digit = group // 10**position % 10
        if digit == 0:
            continue
        if digit == 1 and position:
            out.append(_SMALL_UNITS[position])
        else:
            out.append(_SINO_DIGITS[digit] + _SMALL_UNITS[position])
    return "".join(out)


def _read_integer(value: int) -> str | None:
    """Sino-Korean reading of a non-negative integer, or None past 무량대수."""
    if value == 0:
        return "영"
    groups = []
    while value:
        groups.append(value % 10000)
        value //= 10000
    if len(groups) > len(_MYRIADS):
        return None
    out = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if not group:
            continue
        if group == 1 and index == 1 and len(groups) == 2:
            out.append("만")  # 만, not 일만, when it leads the number
        else:
            out.append(_read_group(group) + _MYRIADS[index])
    return "".join(out)


def _read_number(text: str) -> str | None:
    """Read ``1,000`` 천, ``2024`` 이천이십사, ``3.5`` 삼점오 (decimals digit by digit)."""
    whole, _, fraction = text.replace(",", "").partition(".")
    try:
        value = int(whole)
    except ValueError:
        return None
    reading = _read_integer(value)
    if reading is None:
        return None
    if fraction:
        reading += "점" + "".join(_SINO_DIGITS[int(d)] for d in fraction)
    return reading


def _read_letters(letters: str) -> str:
    return "".join(_LETTER_NAMES[c] for c in letters.upper())


_VOWEL_LETTERS = "aeiouy"
_ONSETS = {
    "b": "ㅂ", "c": "ㅋ", "d": "ㄷ", "f": "ㅍ", "g": "ㄱ", "h": "ㅎ", "j": "ㅈ", "k": "ㅋ",
    "l": "ㄹ", "m": "ㅁ", "n": "ㄴ", "p": "ㅍ", "q": "ㅋ", "r": "ㄹ", "s": "ㅅ", "t": "ㅌ",
    "v": "ㅂ", "w": "ㅇ", "x": "ㅅ", "z": "ㅈ", "ph": "ㅍ", "th": "ㅅ", "sh": "ㅅ", "ch": "ㅊ",
}
_NUCLEI = {"a": "ㅏ", "e": "ㅔ", "i": "ㅣ", "o": "ㅗ", "u": "ㅜ", "y": "ㅣ",
           "oo": "ㅜ", "ou": "ㅜ", "ee": "ㅣ", "ea": "ㅣ"}
# The only final consonants kept as a Korean final (외래어 표기법 제3장 제1절):
# m, n, ng, l, and p, t, k after a short vowel. Everything else is released
# with ㅡ (or is silent) and ends the word in a vowel.
_SONORANT_FINALS = {"m": "ㅁ", "n": "ㄴ", "l": "ㄹ", "ll": "ㄹ", "ng": "ㅇ"}
_STOP_FINALS = {"p": "ㅂ", "t": "ㅅ", "k": "ㄱ", "c": "ㄱ", "ck": "ㄱ"}
_RELEASED = {"sh": "시", "ch": "치", "tch": "치", "x": "스", "j": "지"}


def _onset(letters: str) -> str:
    return _ONSETS.get(letters[-2:], _ONSETS.get(letters[-1:], "ㅇ"))


def _read_english_word(word: str) -> str:
    """Approximate the last syllable of an English word as Korean spells it.

    A fallback for words in no table: ``Google`` 글, ``iPhone`` 폰,
    ``Internet`` 넷, ``Trump`` 프, ``Hello`` 로. Only the final sound is meant
    to be right, and only mostly; docs/korean.md lists the rules.
    """
    w = word.lower()
    released = False
    if len(w) > 2 and w[-1] == "e" and w[-2] not in _VOWEL_LETTERS:  # a silent e
        if w[-2] == "l" and w[-3] not in _VOWEL_LETTERS:  # apple 애플, google 구글
            return _compose(_onset(w[-3]), "ㅡ", "ㄹ")
        if w.endswith("ge"):  # orange 오렌지, bridge 브리지
            return "지"
        w = w[:-1]
        released = w[-1] not in "mnl"  # time 타임, lane 레인 but coke 코크
    match = re.search(r"([^aeiouy]*)([aeiouy]*)([^aeiouy]*)$", w)
    assert match is not None  # the pattern matches any string
    onset_letters, vowels, coda = match.groups()
    onset = _onset(onset_letters)
    nucleus = _NUCLEI.get(vowels[-2:], _NUCLEI.get(vowels[-1:], "ㅡ"))
    if not coda:
        return _compose(onset, nucleus)  # Hello 로, Tossi 시
    if coda in _SONORANT_FINALS or coda[-2:] == "ng":
        return _compose(onset, nucleus, _SONORANT_FINALS[coda if coda in _SONORANT_FINALS else "ng"])
    short = len(vowels) == 1 or (vowels == "oo" and coda == "k")  # Facebook 북
    if coda in _STOP_FINALS and short and not released:
        return _compose(onset, nucleus, _STOP_FINALS[coda])
    for letters, syllable in _RELEASED.items():
        if coda.endswith(letters):
            return syllable
    if coda[-1] in "hw":  # Allah 알라, show 쇼: not pronounced
        return _compose(onset, nucleus)
    if coda[-1] == "r":  # Peter 피터, Qatar 카타르
        return _compose(onset, "ㅓ") if len(coda) == 1 else "르"
    return _compose(_onset(coda[-1]), "ㅡ")  # Trump 프, Ford 드, Boris 스


def _read_latin(letters: str) -> str:
    """Read a run of Latin letters (dots between letters allowed: ``U.S.``)."""
    if "." in letters:
        return _read_letters(letters.replace(".", ""))
    upper = letters.upper()
    if upper in _ACRONYM_WORDS and (letters.isupper() or letters.istitle()):
        return _ACRONYM_WORDS[upper]
    if letters.isupper():
        return _read_letters(letters)
    if letters[-1].isupper():  # PhD: the capitals at the end are letters
        head = letters.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return _read_english_word(head) + _read_letters(letters[len(head) :])
    camel = re.search(r"[A-Z]?[a-z]+$", letters)
    return _read_english_word(camel.group(0) if camel else letters)


_SEGMENT = re.compile(
    r"(?P<hangul>[\uac00-\ud7a3]+)"
    r"|(?P<jamo>[\u3131-\u318e]+)"
    r"|(?P<number>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    r"|(?P<latin>[A-Za-z]+(?:\.[A-Za-z]+)*\.?)"
    r"|(?P<symbol>°[CF]|%p|[%‰℃℉°&+=#@])"
    r"|(?P<currency>[$€£¥₩])"
    r"|(?P<other>.)",
    re.S,
)


def _read_jamo(jamo: str) -> str:
    out = []
    for char in jamo:
        if char in _JAMO_NAMES:
            out.append(_JAMO_NAMES[char])
        elif char in _MEDIALS:
            out.append(_compose("ㅇ", char))
    return "".join(out)


def _read_token(token: str, previous: str) -> str | None:
    """Read one whitespace-free token; None when its end cannot be read.

    ``previous`` is the token before it, for unit symbols written after a
    space (``10 km``).
    """
    segments = [(m.lastgroup or "other", m.group(0)) for m in _SEGMENT.finditer(token)]
    if not segments or segments[-1][0] == "other":
        return None
    if len(segments) == 1 and segments[0][1] in _UNITS and previous[-1:].isdigit():
        return _UNITS[segments[0][1]]
    out: list[str] = []
    currency = ""
    index = 0
    while index < len(segments):
        kind, text = segments[index]
        following = segments[index + 1] if index + 1 < len(segments) else ("", "")
        if kind == "hangul":
            out.append(text)
        elif kind == "jamo":
            out.append(_read_jamo(text))
        elif kind == "number":
            reading = _read_number(text)
            if reading is None:
                return None
            out.append(reading + currency)
            currency = ""
        elif kind == "latin":
            plain = text.rstrip(".")
            mixed = (plain + following[1]).upper()
            if following[0] == "number" and mixed in _MIXED_NAMES:
                out.append(_MIXED_NAMES[mixed])
                index += 2
                continue
            if index and segments[index - 1][0] == "number" and plain in _UNITS:
                out.append(_UNITS[plain])
            else:
                out.append(_read_latin(plain))
        elif kind == "symbol":
            out.append(_SYMBOLS[text])
        elif kind == "currency":
            currency = _CURRENCIES[text]
        index += 1
    if currency:
        out.append(currency)
    return "".join(out) or None


def _reading(word: str) -> str | None:
    """The Hangul reading of the end of ``word``, or None when it is unreadable."""
    tokens = _deciding_text(word).split()
    if not tokens:
        return None
    return _read_token(tokens[-1], tokens[-2] if len(tokens) > 1 else "")


def read_aloud(word: str) -> str:
    """How a Korean reader reads the end of ``word``, in Hangul.

    Hangul is kept as it is; Latin letters, digits and symbols become the
    Korean reading (``NATO`` 나토, ``UN`` 유엔, ``G7`` 지세븐, ``11`` 십일,
    ``1,000`` 천, ``3.5%`` 삼점오퍼센트). Only the last token is read, and a
    final parenthesis defers to the word before it, so
    ``파트너십 프로그램(ITPP)`` reads 프로그램. Raises :class:`InputError` when
    the end cannot be read (an empty word, ``?_?``, Hanja, a number past
    무량대수); pass a reading to :func:`final_consonant` for those.
    """
    reading = _reading(word)
    if reading is None:
        raise InputError(f"cannot tell how the end of {word!r} is read aloud; give its reading in Hangul")
    return reading


def _final_sound(word: str, reading: str | None = None) -> str | None:
    """Final consonant jamo, "" after a vowel, None when it cannot be told."""
    said: str | None
    if reading is not None:
        said = _deciding_text(reading)
        if not said or not _is_syllable(said[-1]):
            raise InputError(f"the reading {reading!r} of {word!r} does not end in a Hangul syllable")
    else:
        said = _reading(word)
    if said is None:
        return None
    return _final_of(said[-1])


def final_consonant(word: str, reading: str | None = None) -> str | None:
    """The final consonant of ``word`` as read aloud (``'ㄴ'``, ``'ㄹ'``, ...).

    Returns None when the word ends in a vowel. ``reading`` (Hangul)
    overrides the automatic reading. Raises :class:`InputError` when neither
    gives a Hangul syllable to decide by.
    """
    final = _final_sound(word, reading)
    if final is None:
        raise InputError(f"cannot tell how the end of {word!r} is read aloud; give its reading in Hangul")
    return final or None


# --------------------------------------------------------------------------
# Particle pairs


@dataclass(frozen=True)
class ParticlePair:
    """The two forms of a particle: after a consonant and after a vowel.

    ``closed`` particles end the word (nothing can follow ``을``); ``stem``
    forms need an ending (``이었``/``였`` + ``다``); ``keep_after_vowel``
    marks copula forms whose ``이`` may stay after a vowel (``협정이다``,
    ``NATO이다`` are both standard), so they are not wrong there.
    """

    consonant: str
    vowel: str
    closed: bool = True
    stem: bool = False
    keep_after_vowel: bool = False

    @property
    def rieul_takes_vowel_form(self) -> bool:
        """The 으로 family: a word ending in ㄹ takes the vowel form (길로)."""
        return self.consonant == "으" + self.vowel

    def form_after(self, final: str | None) -> str:
        """The form after a final consonant jamo, or after a vowel (None or "")."""
        if not final:
            return self.vowel
        if final == "ㄹ" and self.rieul_takes_vowel_form:
            return self.vowel
        return self.consonant

    def undecided(self) -> str:
        """The written form used when the final sound is unknown: 을(를), (으)로."""
        if self.consonant == self.vowel:
            return self.consonant
        if len(self.consonant) > 1 and self.consonant[0] in "이으":
            return f"({self.consonant[0]}){self.consonant[1:]}"
        return f"{self.consonant}({self.vowel})"

    def accepts(self, form: str, final: str | None) -> bool:
        """Whether ``form`` is grammatical after ``final`` (None/"" = vowel)."""
        if form == self.form_after(final):
            return True
        return not final and self.keep_after_vowel and form == self.consonant


# (consonant form, vowel form, flags): o = open (other particles may follow),
# s = stem (an ending must follow), k = the copula 이 may stay after a vowel.
_PAIR_TABLE = (
    ("은", "는", ""), ("이", "가", ""), ("을", "를", ""), ("과", "와", "o"),
    ("으로", "로", "o"), ("아", "야", ""), ("이여", "여", ""), ("이시여", "시여", ""),
    ("이에요", "예요", ""), ("이랑", "랑", "o"), ("이야말로", "야말로", ""),
    ("으로서", "로서", "o"), ("으로써", "로써", "o"), ("으로부터", "로부터", "o"),
    ("으로부터의", "로부터의", ""), ("으로는", "로는", ""), ("으론", "론", ""),
    ("으로도", "로도", ""), ("으로만", "로만", "o"), ("으로의", "로의", ""),
    ("으로까지", "로까지", "o"), ("과는", "와는", ""), ("관", "완", ""), ("과도", "와도", ""),
    ("과의", "와의", ""), ("과만", "와만", "o"), ("은커녕", "는커녕", ""),
    ("이다", "다", "k"), ("이었", "였", "sk"), ("이어서", "여서", "k"), ("이어야", "여야", "ok"),
    ("이라", "라", "k"), ("이라고", "라고", "ok"), ("이라는", "라는", "k"), ("이란", "란", "k"),
    ("이라서", "라서", "k"), ("이라면", "라면", "k"), ("이라도", "라도", "k"),
    ("이라야", "라야", "k"), ("이라든지", "라든지", "k"), ("이라든가", "라든가", "k"),
    ("이며", "며", "k"), ("이고", "고", "k"), ("이지만", "지만", "k"), ("이므로", "므로", "k"),
    ("이니까", "니까", "k"), ("이든", "든", "k"), ("이든지", "든지", "k"), ("이든가", "든가", "k"),
    ("이나", "나", "ok"), ("이나마", "나마", "k"), ("이야", "야", ""),
)

_PAIRS = tuple(
    ParticlePair(c, v, closed="o" not in f, stem="s" in f, keep_after_vowel="k" in f)
    for c, v, f in _PAIR_TABLE
)
_BY_FORMS = {(p.consonant, p.vowel): p for p in _PAIRS}
# Every form -> the pairs it belongs to, the most common reading first
# (야: vocative 아/야 before 이야/야).
_BY_FORM: dict[str, list[ParticlePair]] = {}
for _pair in _PAIRS:
    _BY_FORM.setdefault(_pair.consonant, []).append(_pair)
    _BY_FORM.setdefault(_pair.vowel, []).append(_pair)
_FORMS_LONGEST_FIRST = sorted(_BY_FORM, key=len, reverse=True)
# A syllable with an added final consonant: 관 = 과 + ㄴ, 론 = 로 + ㄴ, 란 = 라 + ㄴ.
_CONTRACTION_BASES = ("과", "와", "로", "라")
# Particles that may follow an open particle inside the same word (으로도, 과만).
_FOLLOWERS = ("에서", "에게", "까지", "부터", "마저", "조차", "처럼", "보다", "나마",
              "라도", "이라도", "이나", "는", "은", "도", "의", "만", "에")


def _pair_of_two(first: str, second: str) -> ParticlePair:
    """The pair made of two forms given in either order."""
    for key in ((first, second), (second, first)):
        if key in _BY_FORMS:
            return _BY_FORMS[key]
    for consonant, vowel in ((first, second), (second, first)):
        if consonant in ("이" + vowel, "으" + vowel):
            return ParticlePair(consonant, vowel, closed=False)
    # 은/는-like pairs: the consonant form's first syllable has a final consonant.
    if _final_of(second[0]) and not _final_of(first[0]):
        return ParticlePair(second, first, closed=False)
    return ParticlePair(first, second, closed=False)


def _pair_of_one(form: str) -> ParticlePair:
    """The pair of a single form, by table, leading particle or contraction."""
    if form in _BY_FORM:
        return _BY_FORM[form][0]
    for known in _FORMS_LONGEST_FIRST:
        if form.startswith(known):
            base = _BY_FORM[known][0]
            if not base.closed:
                rest = form[len(known) :]
                return ParticlePair(base.consonant + rest, base.vowel + rest)
    head, rest = form[0], form[1:]
    final = _final_of(head)
    if final and _without_final(head) in _CONTRACTION_BASES:
        base = _BY_FORM[_without_final(head)][0]
        return ParticlePair(
            base.consonant[:-1] + _with_final(base.consonant[-1], final) + rest,
            base.vowel[:-1] + _with_final(base.vowel[-1], final) + rest,
        )
    return ParticlePair(form, form)  # 에서, 의, 도: the same after any sound


_PARENTHESISED = re.compile(r"^([^()]*)\(([^()]+)\)([^()]*)$")


def particle_pair(particle: str) -> ParticlePair:
    """Parse a particle as given by a caller into its :class:`ParticlePair`.

    Accepts a pair in either order (``을/를``, ``와/과``), a single form
    (``를``, ``로부터의``, ``관``) and the written alternatives ``(으)로``,
    ``은(는)``, ``이(가)``, ``를(을)``, ``(은)는``, ``과(와)는``. Particles that
    do not alternate (``에서``, ``의``) give a pair of two equal forms.
    """
    text = particle.strip()
    forms: tuple[str, ...]
    if "/" in text:
        first, _, second = (part.strip() for part in text.partition("/"))
        forms = (first, second)
    elif "(" in text:
        match = _PARENTHESISED.match(text)
        if match is None:
            raise InputError(f"cannot parse the particle {particle!r}")
        before, inside, after = match.groups()
        if not before and inside in ("으", "이"):
            forms = (inside + after, after)  # (으)로: an optional 으
        elif before:
            cut = before[: len(before) - len(inside)] if len(before) >= len(inside) else ""
            forms = (before + after, cut + inside + after)  # 과(와)는
        else:
            forms = (inside + after[len(inside) :], after)  # (은)는
    else:
        forms = (text,)
    if not all(_all_hangul(form) for form in forms):
        raise InputError(f"the particle {particle!r} must be written in Hangul syllables")
    if len(forms) == 1:
        return _pair_of_one(forms[0])
    first, second = forms
    if first == second:
        return _pair_of_one(first)
    # (이)에요 gives 이에요/에요: a known form brings its real partner (예요).
    for form in (first, second):
        if form in _BY_FORM and (first, second) not in _BY_FORMS and (second, first) not in _BY_FORMS:
            if len(_BY_FORM[form]) == 1 and form[0] in "이으" and len(form) > 1:
                return _BY_FORM[form][0]
    return _pair_of_two(first, second)


def attach(word: str, particle: str) -> str:
    """Return ``word`` with the form of ``particle`` that agrees with it attached.

    ``attach("칫솔", "을/를") == "칫솔을"``, ``attach("NATO", "은/는") == "NATO는"``,
    ``attach("서울", "으로/로") == "서울로"``. When the end of the word cannot be
    read (``?_?``), the undecided written form is attached: ``을(를)``,
    ``(으)로``. An empty word is an :class:`InputError`.
    """
    if not word.strip():
        raise InputError(f"cannot attach the particle {particle!r} to an empty word")
    pair = particle_pair(particle)
    final = _final_sound(word)
    if final is None:
        return word + pair.undecided()
    return word + pair.form_after(final)


# --------------------------------------------------------------------------
# Particles attached to inserted text


@dataclass(frozen=True)
class ParticleIssue:
    """A particle that disagrees with the word it is attached to.

    ``start``/``end`` delimit the particle form ``found`` in the text;
    ``expected`` is the form that agrees with ``word``.
    """

    start: int
    end: int
    word: str
    found: str
    expected: str


def _attached_particle(text: str, position: int, limit: int) -> tuple[str, list[ParticlePair]] | None:
    """The particle form attached at ``position`` (the end of a word), if certain.

    Looks at the Hangul run that starts at ``position`` (not past ``limit``)
    and takes the longest known form at its start. The form counts only when
    it ends the run, or is an open particle followed by another particle
    (으로도, 과만), or is a stem followed by an ending (였다); otherwise the
    run is an ordinary word (``나라``, ``가운데``) and is left alone.
    """
    end = position
    while end < limit and _is_syllable(text[end]):
        end += 1
    run = text[position:end]
    if not run:
        return None
    for form in _FORMS_LONGEST_FIRST:
        if not run.startswith(form):
            continue
        rest = run[len(form) :]
        pairs = _BY_FORM[form]
        if not rest:
            if all(p.stem for p in pairs):
                continue
            return form, pairs
        if any(p.stem for p in pairs):
            return form, [p for p in pairs if p.stem]
        if any(not p.closed for p in pairs) and rest.startswith(_FOLLOWERS):
            return form, [p for p in pairs if not p.closed]
    return None


def _correction(text: str, position: int, limit: int, final: str) -> tuple[str, str] | None:
    """(found, expected) when the particle attached at ``position`` is certainly wrong."""
    attached = _attached_particle(text, position, limit)
    if attached is None:
        return None
    form, pairs = attached
    if any(pair.accepts(form, final) for pair in pairs):
        return None
    expected = {pair.form_after(final) for pair in pairs}
    if len(expected) != 1:
        return None  # 칫솔야: vocative 아 or copula 이야? Leave it to a reviewer.
    return form, expected.pop()


def agree_particles(text: str, spans: Sequence[tuple[int, int, str | None]]) -> str:
    """Make the particles attached to inserted spans agree with them.

    Each span ``(start, end, reading)`` marks inserted text (a restored
    term); ``reading`` (Hangul) overrides how it is read. A particle is
    changed only when it is attached (the next character is Hangul) and is
    certainly a particle in the wrong form: ``NATO을`` becomes ``NATO를``,
    ``프로그램(ITPP)를`` becomes ``프로그램(ITPP)을``. Ambiguous text and
    ordinary words are left as they are. Offsets refer to ``text``.
    """
    ordered = sorted(spans, key=lambda span: (span[0], span[1]))
    previous_end = 0
    for start, end, _reading in ordered:
        if not 0 <= start <= end <= len(text):
            raise InputError(f"span ({start}, {end}) is outside a text of {len(text)} characters")
        if start < previous_end:
            raise InputError(f"span ({start}, {end}) overlaps the span before it")
        previous_end = end
    pieces = []
    copied = 0
    for index, (start, end, reading) in enumerate(ordered):
        if start == end or text[end - 1].isspace() or end < copied:
            continue
        limit = ordered[index + 1][0] if index + 1 < len(ordered) else len(text)
        final = _final_sound(text[start:end], reading)
        if final is None:
            continue
        correction = _correction(text, end, limit, final)
        if correction is None:
            continue
        found, expected = correction
        pieces.append(text[copied:end])
        pieces.append(expected)
        copied = end + len(found)
    pieces.append(text[copied:])
    return "".join(pieces)


def particle_disagreements(text: str, words: Iterable[tuple[str, str | None]]) -> list[ParticleIssue]:
    """Particles in a reviewed translation that disagree with the given words.

    ``words`` are (Korean surface, optional Hangul reading) pairs, typically
    the glossary terms of a segment. Every occurrence of each word followed
    by an attached particle in the wrong form is reported, in text order.
    A word starting with a Latin letter or digit must not continue a longer
    word (``UN`` inside ``FUN``).
    """
    issues: dict[tuple[int, int], ParticleIssue] = {}
    for word, reading in words:
        if not word:
            continue
        final = _final_sound(word, reading)
        if final is None:
            continue
        start = text.find(word)
        while start != -1:
            end = start + len(word)
            boundary = not (word[0].isascii() and word[0].isalnum() and start
                            and text[start - 1].isascii() and text[start - 1].isalnum())
            if boundary and not word[-1].isspace():
                correction = _correction(text, end, len(text), final)
                if correction is not None:
                    found, expected = correction
                    issues.setdefault((end, end + len(found)),
                                      ParticleIssue(end, end + len(found), word, found, expected))
            start = text.find(word, start + 1)
    return [issues[key] for key in sorted(issues)]
