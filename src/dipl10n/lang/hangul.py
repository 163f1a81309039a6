"""Hangul syllable arithmetic: composing syllables from jamo, and their final consonants.

Unicode lays out the 11,172 precomposed Hangul syllables (U+AC00..U+D7A3) as
initial x medial x final, so a syllable's final consonant (jongseong) and the
syllable with another final are computed, not looked up. Both the reading of
words aloud (:mod:`dipl10n.lang.reading`) and the particle tables
(:mod:`dipl10n.lang.particles`) build on these few helpers; they hold no
knowledge of words or particles.
"""

from __future__ import annotations

__all__ = [
    "MEDIALS",
    "all_hangul",
    "compose",
    "final_of",
    "is_syllable",
    "with_final",
    "without_final",
]

_SYLLABLE_FIRST = 0xAC00
_SYLLABLE_LAST = 0xD7A3
# Final consonants (jongseong) in syllable order, as compatibility jamo.
_FINALS = (
    "", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ",
    "ㄿ", "ㅀ", "ㅁ", "ㅂ", "ㅄ", "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ",
)
_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"


def is_syllable(char: str) -> bool:
    """Whether ``char`` is a precomposed Hangul syllable (가..힣)."""
    return _SYLLABLE_FIRST <= ord(char) <= _SYLLABLE_LAST


def compose(initial: str, medial: str, final: str = "") -> str:
    """The syllable of an initial, a medial and an optional final, given as compatibility jamo."""
    index = (_INITIALS.index(initial) * 21 + MEDIALS.index(medial)) * 28 + _FINALS.index(final)
    return chr(_SYLLABLE_FIRST + index)


def final_of(syllable: str) -> str:
    """The final consonant of ``syllable`` as a compatibility jamo, "" when it has none."""
    return _FINALS[(ord(syllable) - _SYLLABLE_FIRST) % 28]


def with_final(syllable: str, final: str) -> str:
    """``syllable`` with its final consonant replaced by ``final``."""
    base = ord(syllable) - (ord(syllable) - _SYLLABLE_FIRST) % 28
    return chr(base + _FINALS.index(final))


def without_final(syllable: str) -> str:
    """``syllable`` without its final consonant."""
    return with_final(syllable, "")


def all_hangul(text: str) -> bool:
    """Whether ``text`` is non-empty and all Hangul syllables."""
    return bool(text) and all(is_syllable(c) for c in text)
