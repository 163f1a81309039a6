"""What a translation owes the glossary: mentions of terms, and whether a translation says them.

:meth:`Glossary.find <dipl10n.terms.glossary.Glossary.find>` finds terms (longest
first, so a longer name that the glossary knows, "Democratic People's
Republic of Korea", is never read as the shorter "Republic of Korea"). A
reviewer reads *mentions*, and so does this module:

* a term on its own ("Secretary General" → 사무총장, or any admitted form);
* a name followed by its acronym in parentheses, "Republic of Korea (ROK)":
  one mention, said by either name (Korean writes the name once);
* a fused compound or list of names, "U.S.-ROK alliance", "Japan-U.S.-ROK
  Summit", "the United States, Japan, and the ROK": said when every name is
  there on its own, or when one word of the translation holds all of them in
  their combining or full forms, in any order (한미동맹, 한미일, 한·일·호주·뉴질랜드);
* the readers' own country before a title or an office ("ROK Foreign
  Minister Park" → 박진 외교부 장관): it may be left out.

A form carrying an acronym in parentheses (인도·태평양 파트너국(IP4)) is also
said without it when the source does not have the acronym; a combining form
also says its country after a Sino-Korean prefix (방한, 주한, 대북). Word
spacing does not matter (감항 인증 = 감항인증). ``docs/glossary.md`` has the
cases and the reasons.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from dipl10n.terms.glossary import Glossary, Term, TermMatch

__all__ = ["Mention", "forbidden_forms", "mentions", "said"]

#: Sino-Korean prefixes that take a country's combining form: 방한 (visit to), 주한 (resident in), 대북 (toward) ...
SINO_KOREAN_PREFIXES = ("방", "주", "대", "재", "친", "반")

_PAIR_OPEN = re.compile(r"\s*\(\s*")
_PAIR_CLOSE = re.compile(r"\s*\)")
_COMPOUND = re.compile(r"\s*[-‐‑–]\s*")
_LIST = re.compile(r"(?:\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+)(?:the\s+)?")
_BEFORE_TITLE = re.compile(r"(?:['’]s)?\s+[A-Z]")
_TOKEN = re.compile(r"[\w·・‧\-‐‑–]+")
_ACRONYM_TAIL = re.compile(r"\s*\(([^()]+)\)\s*\Z")


@dataclass(frozen=True)
class Unit:
    """One term, or a name with its parenthesised acronym (up to the closing parenthesis): said by either."""

    matches: tuple[TermMatch, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A mention of glossary terms in a source sentence, as a reviewer reads it."""

    units: tuple[Unit, ...]
    text: str
    #: "term", "pair" (a name and its acronym), "compound" or "list"
    kind: str
    #: The readers' own country before a title: it may be left out.
    optional: bool = False

    @property
    def matches(self) -> tuple[TermMatch, ...]:
        return tuple(match for unit in self.units for match in unit.matches)


def mentions(glossary: Glossary, source: str, lang: str) -> list[Mention]:
    """The mentions of glossary terms in ``source``, in order."""
    found = glossary.find(source)
    units: list[Unit] = []
    i = 0
    while i < len(found):
        match = found[i]
        following = found[i + 1] if i + 1 < len(found) else None
        close = _PAIR_CLOSE.match(source, following.end) if following is not None else None
        if following is not None and close is not None and _PAIR_OPEN.fullmatch(source, match.end, following.start):
            units.append(Unit((match, following), match.start, close.end()))
            i += 2
        else:
            units.append(Unit((match,), match.start, match.end))
            i += 1
    result: list[Mention] = []
    j = 0
    while j < len(units):
        chain = [units[j]]
        kind = ""
        while j + 1 < len(units):
            between = source[chain[-1].end : units[j + 1].start]
            nxt = units[j + 1]
            if _COMPOUND.fullmatch(between) and kind in ("", "compound"):
                kind = "compound"
            elif _LIST.fullmatch(between) and kind in ("", "list") and _combines(chain[-1], lang) and _combines(nxt, lang):
                kind = "list"
            else:
                break
            chain.append(nxt)
            j += 1
        j += 1
        text = source[chain[0].start : chain[-1].end]
        if len(chain) > 1:
            result.append(Mention(tuple(chain), text, kind))
            continue
        unit = chain[0]
        optional = any(m.term.is_home(lang) for m in unit.matches) and bool(_BEFORE_TITLE.match(source, unit.end))
        result.append(Mention((unit,), text, "pair" if len(unit.matches) > 1 else "term", optional))
    return result


def _combines(unit: Unit, lang: str) -> bool:
    return any(match.term.renderings(lang).combining for match in unit.matches)


def _squash(text: str) -> str:
    # Korean word spacing varies (감항 인증 / 감항인증): compare without it.
    return re.sub(r"\s+", "", text)


def accepted(match: TermMatch, lang: str, source: str) -> list[str]:
    """The forms that say ``match`` in ``lang`` on their own, preferred first."""
    term = match.term
    if term.dnt:
        return [match.form]
    forms = list(term.renderings(lang).admitted)
    for form in list(forms):
        tail = _ACRONYM_TAIL.search(form)
        if tail and tail.group(1).strip() not in source:
            forms.append(form[: tail.start()])
    return forms


def _combining(match: TermMatch, lang: str) -> list[str]:
    return [] if match.term.dnt else list(match.term.renderings(lang).combining)


def said(mention: Mention, translation: str, *, source: str, lang: str) -> bool:
    """Whether ``translation`` says ``mention`` (see the module's rules)."""
    squashed = _squash(translation)
    if mention.optional:
        return True

    def unit_said(unit: Unit) -> bool:
        for match in unit.matches:
            if any(_squash(form) in squashed for form in accepted(match, lang, source)):
                return True
            combining = _combining(match, lang)
            if combining and _after_prefix(combining, translation):
                return True
        return False

    if all(unit_said(unit) for unit in mention.units):
        return True
    if len(mention.units) < 2:
        return False
    # One word holding every name, in combining or full forms: 한미일, 한·일·호주·뉴질랜드.
    members = [
        sorted(
            {_squash(f) for m in unit.matches for f in (*accepted(m, lang, source), *_combining(m, lang))},
            key=len,
            reverse=True,
        )
        for unit in mention.units
    ]
    return any(_fits(token, members) for token in _TOKEN.findall(translation))


def _after_prefix(combining: Sequence[str], translation: str) -> bool:
    pattern = r"(?<!\w)(?:" + "|".join(SINO_KOREAN_PREFIXES) + r")(?:" + "|".join(map(re.escape, combining)) + ")"
    return re.search(pattern, translation) is not None


def _fits(token: str, members: Sequence[Sequence[str]]) -> bool:
    """Whether each member has one of its forms in ``token``, at places that do not overlap."""

    def place(index: int, used: list[tuple[int, int]]) -> bool:
        if index == len(members):
            return True
        for form in members[index]:
            start = token.find(form)
            while start >= 0:
                end = start + len(form)
                if all(end <= a or start >= b for a, b in used) and place(index + 1, [*used, (start, end)]):
                    return True
                start = token.find(form, start + 1)
        return False

    return place(0, [])


def forbidden_forms(term: Term, translation: str, lang: str) -> Iterator[str]:
    """The forbidden forms of ``term`` that ``translation`` uses."""
    squashed = _squash(translation)
    for form in term.renderings(lang).forbidden:
        if _squash(form) in squashed:
            yield form
