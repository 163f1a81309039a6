"""How a Korean reader reads the end of a word aloud, and so its final sound.

A particle agrees with how the word before it *ends when read aloud*: for
Hangul the last syllable, for Latin letters, digits and symbols the way a
Korean reader says them (``NATO`` 나토, ``UN`` 유엔, ``11`` 십일, ``3.5%``
삼점오퍼센트). This module holds that reading: the tables of letter names,
acronyms said as words, symbols, currencies and units, Sino-Korean numbers,
an approximation of English words by Korean loanword orthography, and which
trailing characters (punctuation, a parenthetical gloss) are not read.

* :func:`read_aloud` gives the Hangul reading of the end of a word;
* :func:`final_consonant` gives its final consonant (None after a vowel);
* :func:`final_sound` is the form the particle code uses: "" after a vowel
  and None, not an error, when the end cannot be read.

See ``docs/korean.md`` for the rules and the sources behind the tables.
"""

from __future__ import annotations

import re

from dipl10n.errors import InputError
from dipl10n.lang.hangul import MEDIALS, compose, final_of, is_syllable

__all__ = ["final_consonant", "final_sound", "read_aloud"]

# The names of the consonant letters all end in the letter itself
# (기역, 니은, ..., 히읗), so a lone consonant jamo reads as its name.
_JAMO_NAMES = {
    "ㄱ": "기역", "ㄲ": "쌍기역", "ㄴ": "니은", "ㄷ": "디귿", "ㄸ": "쌍디귿", "ㄹ": "리을",
    "ㅁ": "미음", "ㅂ": "비읍", "ㅃ": "쌍비읍", "ㅅ": "시옷", "ㅆ": "쌍시옷", "ㅇ": "이응",
    "ㅈ": "지읒", "ㅉ": "쌍지읒", "ㅊ": "치읓", "ㅋ": "키읔", "ㅌ": "티읕", "ㅍ": "피읖",
    "ㅎ": "히읗",
}


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
            return compose(_onset(w[-3]), "ㅡ", "ㄹ")
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
        return compose(onset, nucleus)  # Hello 로, Tossi 시
    if coda in _SONORANT_FINALS or coda[-2:] == "ng":
        return compose(onset, nucleus, _SONORANT_FINALS[coda if coda in _SONORANT_FINALS else "ng"])
    short = len(vowels) == 1 or (vowels == "oo" and coda == "k")  # Facebook 북
    if coda in _STOP_FINALS and short and not released:
        return compose(onset, nucleus, _STOP_FINALS[coda])
    for letters, syllable in _RELEASED.items():
        if coda.endswith(letters):
            return syllable
    if coda[-1] in "hw":  # Allah 알라, show 쇼: not pronounced
        return compose(onset, nucleus)
    if coda[-1] == "r":  # Peter 피터, Qatar 카타르
        return compose(onset, "ㅓ") if len(coda) == 1 else "르"
    return compose(_onset(coda[-1]), "ㅡ")  # Trump 프, Ford 드, Boris 스


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
        elif char in MEDIALS:
            out.append(compose("ㅇ", char))
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


def final_sound(word: str, reading: str | None = None) -> str | None:
    """Final consonant jamo, "" after a vowel, None when it cannot be told.

    ``reading`` (Hangul) overrides the automatic reading; one that does not end
    in a Hangul syllable is an :class:`InputError`.
    """
    said: str | None
    if reading is not None:
        said = _deciding_text(reading)
        if not said or not is_syllable(said[-1]):
            raise InputError(f"the reading {reading!r} of {word!r} does not end in a Hangul syllable")
    else:
        said = _reading(word)
    if said is None:
        return None
    return final_of(said[-1])


def final_consonant(word: str, reading: str | None = None) -> str | None:
    """The final consonant of ``word`` as read aloud (``'ㄴ'``, ``'ㄹ'``, ...).

    Returns None when the word ends in a vowel. ``reading`` (Hangul)
    overrides the automatic reading. Raises :class:`InputError` when neither
    gives a Hangul syllable to decide by.
    """
    final = final_sound(word, reading)
    if final is None:
        raise InputError(f"cannot tell how the end of {word!r} is read aloud; give its reading in Hangul")
    return final or None
