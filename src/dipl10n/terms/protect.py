"""Protecting glossary terms and dates through machine translation.

Before a sentence goes to the engine, every glossary term and English date in
it is replaced by a placeholder; afterwards each placeholder is replaced by the
approved Korean, and the particle attached to it is made to agree
(:func:`dipl10n.lang.particle_agreement.agree_particles`).

The placeholder form is chosen knowing the engine. An Argos package is a
CTranslate2 model behind a SentencePiece vocabulary: a character outside the
vocabulary becomes ``<unk>``, which CTranslate2 copies back only by attention
(``replace_unknowns``), and Argos's own decoder turns ``_`` into spaces. So a
placeholder is built only from characters every English vocabulary has and a
model copies verbatim, capital Latin letters and digits, in a shape no English
word has: ``ZX1``, ``ZX2``, ... (a code the model treats like a part number).
:func:`placeholder_prefix` checks the form against the engine's own tokenizer
and against the text, and falls back to other letter pairs.

Restoring checks every placeholder: one the engine dropped, duplicated, split
(``ZX 1``) or garbled is reported, so the draft stays fuzzy and carries a flag
naming the missing term: never a silent draft without the term.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dipl10n.lang.dates import find_dates
from dipl10n.lang.locales import is_korean
from dipl10n.terms.glossary import Glossary

#: Letter pairs tried in order; the first that the text and the vocabulary allow wins.
PREFIXES = ("ZX", "QZ", "XQ", "ZQ", "QX", "XZ")


@dataclass(frozen=True)
class Replacement:
    """A span of the source to protect, and what it becomes in the translation."""

    start: int
    end: int
    target: str
    label: str
    reading: str | None = None
    kind: str = "term"


@dataclass(frozen=True)
class Slot:
    """One placeholder of a protected sentence."""

    placeholder: str
    source: str
    target: str
    label: str
    reading: str | None = None


@dataclass(frozen=True)
class Protected:
    """A sentence with its terms replaced by placeholders."""

    text: str
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class Restored:
    """A translation with its placeholders replaced, and what went wrong."""

    text: str
    missing: tuple[Slot, ...] = ()
    duplicated: tuple[Slot, ...] = ()
    residue: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not (self.missing or self.duplicated or self.residue)

    @property
    def failed_labels(self) -> tuple[str, ...]:
        """Labels of the terms the engine did not carry through, for ``term-missing:`` notes."""
        labels = [slot.label for slot in (*self.missing, *self.duplicated)]
        return tuple(dict.fromkeys(labels))


def replacements(text: str, glossary: Glossary, lang: str) -> list[Replacement]:
    """The glossary terms and dates of ``text`` as non-overlapping replacements."""
    found: list[Replacement] = []
    for match in glossary.find(text):
        target = match.term.target(lang, matched=match.form)
        if target is None:
            continue
        found.append(Replacement(match.start, match.end, target, match.term.label, match.term.reading))
    if is_korean(lang):
        for date in find_dates(text):
            label = re.sub(r"[\s,]+", "_", date.text)
            found.append(Replacement(date.start, date.end, date.ko, label, kind="date"))
    found.sort(key=lambda r: (r.start, -(r.end - r.start)))
    kept: list[Replacement] = []
    for item in found:
        if kept and item.start < kept[-1].end:
            continue  # overlaps an earlier, longer span: the glossary term wins
        kept.append(item)
    return kept


def placeholder_prefix(text: str, unknown_pieces: Callable[[str], Sequence[str]] | None = None) -> str:
    """The first prefix of :data:`PREFIXES` absent from ``text`` whose placeholders the engine's vocabulary covers.

    ``unknown_pieces`` is the engine's tokenizer check (pieces that would become ``<unk>``).
    """
    for prefix in PREFIXES:
        if prefix.lower() in text.lower():
            continue
        if unknown_pieces is not None and unknown_pieces(f"{prefix}1 {prefix}23 {prefix}4567"):
            continue
        return prefix
    return PREFIXES[0] + "Z"


def protect(text: str, spans: Sequence[Replacement], *, prefix: str = PREFIXES[0]) -> Protected:
    """Replace each span of ``text`` by a numbered placeholder ``{prefix}{n}``."""
    parts: list[str] = []
    slots: list[Slot] = []
    position = 0
    for number, span in enumerate(spans, start=1):
        placeholder = f"{prefix}{number}"
        parts.append(text[position : span.start])
        parts.append(placeholder)
        slots.append(Slot(placeholder, text[span.start : span.end], span.target, span.label, span.reading))
        position = span.end
    parts.append(text[position:])
    return Protected("".join(parts), tuple(slots))


def restore(output: str, protected: Protected, *, lang: str = "ko") -> Restored:
    """Put the approved forms back into the engine's ``output``."""
    if not protected.slots:
        return Restored(output)
    prefix = re.match(r"[A-Z]+", protected.slots[0].placeholder).group()  # type: ignore[union-attr]
    missing: list[Slot] = []
    duplicated: list[Slot] = []
    found: list[tuple[int, int, Slot]] = []
    for slot in protected.slots:
        hits = list(re.finditer(rf"(?<![A-Za-z0-9]){re.escape(slot.placeholder)}(?![0-9])", output))
        if not hits:
            missing.append(slot)
            continue
        if len(hits) > 1:
            duplicated.append(slot)
        found.extend((hit.start(), hit.end(), slot) for hit in hits)
    found.sort(key=lambda item: item[0])
    parts: list[str] = []
    spans: list[tuple[int, int, str | None]] = []
    position = 0
    length = 0
    for start, end, slot in found:
        before = output[position:start]
        parts.append(before)
        length += len(before)
        parts.append(slot.target)
        spans.append((length, length + len(slot.target), slot.reading))
        length += len(slot.target)
        position = end
    parts.append(output[position:])
    text = "".join(parts)
    residue = tuple(m.group() for m in re.finditer(_residue_pattern(prefix), text))
    if is_korean(lang):
        from dipl10n.lang.particle_agreement import agree_particles

        text = agree_particles(text, spans)
    return Restored(text, tuple(missing), tuple(duplicated), residue)


def _residue_pattern(prefix: str) -> str:
    """Fragments of a placeholder the engine split or garbled: ``ZX 1``, ``Z X1``, ``ZX``."""
    letters = r"\s?".join(re.escape(c) for c in prefix)
    return rf"(?<![A-Za-z]){letters}(?:\s?\d+)?(?![a-z])"
