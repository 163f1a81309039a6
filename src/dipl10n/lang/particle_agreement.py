"""Particles attached to a word in a translation that disagree with it: repair and report.

When dipl10n puts an approved glossary term into a machine translation, the
particle the engine attached to its own wording stays behind: ``동맹을``
becomes ``NATO을`` when it must read ``NATO를``. This module finds such
particles after given words and either repairs them (:func:`agree_particles`,
for inserted spans, used when terms are restored) or reports them
(:func:`particle_disagreements` and :class:`ParticleIssue`, for the checks).
Both change or report only forms that are certainly particles
(:func:`~dipl10n.lang.particles.attached_particle`) and certainly wrong.

See ``docs/korean.md`` for the rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dipl10n.errors import InputError
from dipl10n.lang.particles import attached_particle
from dipl10n.lang.reading import final_sound

__all__ = ["ParticleIssue", "agree_particles", "particle_disagreements"]


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


def _correction(text: str, position: int, limit: int, final: str) -> tuple[str, str] | None:
    """(found, expected) when the particle attached at ``position`` is certainly wrong."""
    attached = attached_particle(text, position, limit)
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
        final = final_sound(text[start:end], reading)
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
        final = final_sound(word, reading)
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
