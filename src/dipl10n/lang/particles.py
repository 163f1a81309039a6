"""Korean particles (josa) that alternate after a consonant and after a vowel.

A particle such as ``을/를``, ``으로/로`` or the copula ``이다/다`` has two
forms; the final sound of the word before it (:mod:`dipl10n.lang.reading`)
decides which one follows. This module holds the table of pairs and the
parsing of a particle as callers write it (``을/를``, ``(으)로``, ``관``):

* :class:`ParticlePair` and :func:`particle_pair` parse a particle into its
  two forms;
* :func:`attach` attaches the form that agrees with a word;
* :func:`attached_particle` recognises, from the same tables, a particle form
  certainly attached at a position of running text, for
  :mod:`dipl10n.lang.particle_agreement`.

See ``docs/korean.md`` for the rules and the sources behind the tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dipl10n.errors import InputError
from dipl10n.lang.hangul import all_hangul, final_of, is_syllable, with_final, without_final
from dipl10n.lang.reading import final_sound

__all__ = ["ParticlePair", "attach", "attached_particle", "particle_pair"]


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
    if final_of(second[0]) and not final_of(first[0]):
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
    final = final_of(head)
    if final and without_final(head) in _CONTRACTION_BASES:
        base = _BY_FORM[without_final(head)][0]
        return ParticlePair(
            base.consonant[:-1] + with_final(base.consonant[-1], final) + rest,
            base.vowel[:-1] + with_final(base.vowel[-1], final) + rest,
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
    if not all(all_hangul(form) for form in forms):
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
    final = final_sound(word)
    if final is None:
        return word + pair.undecided()
    return word + pair.form_after(final)


# --------------------------------------------------------------------------
# Particles in running text


def attached_particle(text: str, position: int, limit: int) -> tuple[str, list[ParticlePair]] | None:
    """The particle form attached at ``position`` (the end of a word), if certain.

    Looks at the Hangul run that starts at ``position`` (not past ``limit``)
    and takes the longest known form at its start. The form counts only when
    it ends the run, or is an open particle followed by another particle
    (으로도, 과만), or is a stem followed by an ending (였다); otherwise the
    run is an ordinary word (``나라``, ``가운데``) and is left alone.
    """
    end = position
    while end < limit and is_syllable(text[end]):
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
