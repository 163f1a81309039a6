"""Finding many glossary forms in a text at once: an Aho–Corasick automaton (pyahocorasick).

One regular expression alternating every form is compiled and tried form by
form at each position of the text: its cost grows with the glossary (a
50,000-term glossary took a minute per run). An Aho–Corasick automaton finds
every form in one pass over the text, whatever the number of forms; the
matches are then filtered and chosen the way dipl10n reads terms:

* hyphens (``-``, U+2010, U+2011) are one character and any run of
  whitespace is one space, in the forms and in the text ("Korea‑NATO",
  "Secretary  General");
* a form starts after a character that is not a letter or digit and ends
  before one, though a possessive or plural ending may follow ("NATO's",
  "summits"): "ROK" is not in "BROKEN", and hyphens are boundaries
  ("NATO-ROK");
* a case-insensitive form matches the text lowercased;
* of overlapping matches the leftmost wins, and at one position the longest.

Offsets refer to the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")

__all__ = ["TermIndex", "normal_form", "normalise"]

_HYPHENS = {"\u2010": "-", "\u2011": "-"}
_HYPHEN_TABLE = str.maketrans(_HYPHENS)
_WHITESPACE = re.compile(r"\s+")
_ENDINGS = ("'s", "’s", "es", "s")


#: What :func:`normalise` changes: a whitespace character other than a space, two in a row, a hyphen variant.
_TO_NORMALISE = re.compile(r"[^\S ]|\s\s|[\u2010\u2011]")


def normal_form(text: str) -> str:
    """``text`` with hyphen variants as ``-`` and whitespace runs as one space: :func:`normalise` without the positions."""
    return _WHITESPACE.sub(" ", text).translate(_HYPHEN_TABLE)


def normalise(text: str) -> tuple[str, Sequence[int]]:
    """``text`` with hyphen variants as ``-`` and whitespace runs as one space, and where each character came from.

    ``positions[i]`` is the offset in ``text`` of character ``i`` of the result;
    ``positions[len(result)]`` is ``len(text)``.
    """
    if not _TO_NORMALISE.search(text):
        return text, range(len(text) + 1)  # most sentences: nothing to change
    out: list[str] = []
    positions: list[int] = []
    previous_space = False
    for index, char in enumerate(text):
        if char.isspace():
            if previous_space:
                continue
            out.append(" ")
            positions.append(index)
            previous_space = True
            continue
        previous_space = False
        out.append(_HYPHENS.get(char, char))
        positions.append(index)
    positions.append(len(text))
    return "".join(out), positions


def _lower(text: str) -> str:
    """Lowercase without changing the length (a character whose lowercase is longer stays as it is)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _word(char: str) -> bool:
    return char.isalnum()


class TermIndex(Generic[T]):
    """The forms of a glossary, each with a value (its term), searchable in one pass."""

    def __init__(self, forms: Iterable[tuple[str, bool, T]]) -> None:
        import ahocorasick

        self._exact = ahocorasick.Automaton()
        self._folded = ahocorasick.Automaton()
        count = [0, 0]
        for form, case_sensitive, value in forms:
            key = normal_form(form.strip())
            if not key:
                continue
            automaton, slot = (self._exact, 0) if case_sensitive else (self._folded, 1)
            if not case_sensitive:
                key = _lower(key)
            if key not in automaton:  # the first term with a form keeps it
                automaton.add_word(key, (len(key), value))
                count[slot] += 1
        self._has = (count[0] > 0, count[1] > 0)
        for automaton, present in zip((self._exact, self._folded), self._has, strict=True):
            if present:
                automaton.make_automaton()

    def find(self, text: str) -> list[tuple[int, int, T]]:
        """``(start, end, value)`` of every form in ``text``: leftmost first, longest at one position, not overlapping."""
        if not any(self._has):
            return []
        normal, positions = normalise(text)
        candidates: list[tuple[int, int, T]] = []
        for automaton, haystack in self._haystacks(normal):
            for last, (length, value) in automaton.iter(haystack):
                start, end = last + 1 - length, last + 1
                if start > 0 and _word(normal[start - 1]):
                    continue
                if not _ends_at_boundary(normal, end):
                    continue
                candidates.append((start, end, value))
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        chosen: list[tuple[int, int, T]] = []
        taken_until = 0
        for start, end, value in candidates:
            if start < taken_until:
                continue
            chosen.append((positions[start], positions[end - 1] + 1, value))
            taken_until = end
        return chosen

    def mentioned(self, text: str) -> list[T]:
        """The value of every form that occurs anywhere in ``text``, once each, in order of first occurrence.

        More than :meth:`find` returns: overlapping forms and forms inside
        longer words count too. An incremental run asks which terms a
        document could use at all (:mod:`dipl10n.run.incremental`): a superset is safe.
        """
        if not any(self._has):
            return []
        seen: dict[int, T] = {}
        for automaton, haystack in self._haystacks(normal_form(text)):
            for _, (_, value) in automaton.iter(haystack):
                seen.setdefault(id(value), value)
        return list(seen.values())

    def _haystacks(self, normal: str) -> Iterator[tuple[Any, str]]:
        """Each automaton that holds forms, with the text it searches: ``normal`` as it is, or lowercased."""
        if self._has[0]:
            yield self._exact, normal
        if self._has[1]:
            yield self._folded, _lower(normal)


def _ends_at_boundary(text: str, end: int) -> bool:
    """Whether a form ending at ``end`` ends a word: nothing but a possessive or plural ending before a non-word."""
    if end >= len(text) or not _word(text[end]):
        return True
    return any(
        text.startswith(ending, end) and (end + len(ending) >= len(text) or not _word(text[end + len(ending)]))
        for ending in _ENDINGS
    )
