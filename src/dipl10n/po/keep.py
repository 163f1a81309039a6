"""Writing a catalog back without touching the entries a run did not change.

A reviewer's tool and dipl10n wrap lines their own ways: Weblate rewrites
only the entries it saves (at its own width, or unwrapped) and the header,
Poedit and Babel theirs. A catalog saved by such a tool mixes wrappings that
no single width reproduces. So when dipl10n writes a catalog it read,
:func:`keep_unchanged` takes every entry (and the header) whose content the
run did not change from the file as it was, byte for byte, and only the
entries it changed as the writer prints them: the tool and dipl10n then
never rewrap each other's lines, and a second cycle changes no byte.

The entries it changed are written with :func:`closest_wrapping`: the
wrapping (of those reviewers' tools use) that reproduces most of the file's
entries, so that what the run adds looks like what the tool wrote.

An entry the run changed only in its translator comments keeps the other
lines of its block. Entries are the file's blocks between blank lines (every PO writer puts one
between entries); a block is kept when it reads as exactly one entry, or the
header, with the same content as the one to write. Anything else (comments
cut off from their entry, several entries without a blank line) is written
anew.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence

import polib

from dipl10n.errors import CatalogError
from dipl10n.po.model import content
from dipl10n.po.reader import parse_po
from dipl10n.po.writer import CANDIDATES, Wrapping

__all__ = ["closest_wrapping", "keep_unchanged"]

_BLANK = re.compile(r"\n(?:[ \t]*\n)+")


def _blocks(text: str) -> list[str]:
    return [block for block in _BLANK.split(text.strip("\n")) if block.strip()]


def _read(block: str) -> polib.POFile | None:
    try:
        return parse_po((block + "\n").encode("utf-8"), path=None)
    except CatalogError:
        return None


def _what(po: polib.POFile | None) -> Hashable | None:
    """What one block holds: the header, one entry's content, or ``None`` (nothing it can stand for alone)."""
    if po is None:
        return None
    entries = list(po)
    if not entries and po.metadata:
        return ("header", po.header, tuple(po.metadata.items()), bool(po.metadata_is_fuzzy))
    if len(entries) == 1:
        return ("entry", content(entries[0]))
    return None


def _beside_notes(what: Hashable | None) -> Hashable | None:
    """What an entry's block holds but its translator comments (the notes dipl10n adds to an entry)."""
    if not isinstance(what, tuple) or what[0] != "entry":
        return None
    facts = what[1]
    return facts[:_NOTES] + facts[_NOTES + 1 :]


#: Where the translator comments are in :func:`dipl10n.po.model.content`.
_NOTES = 4


def _is_note(line: str) -> bool:
    """Whether a line of a block is a translator comment (``# …``, or ``#`` alone)."""
    return line == "#" or line.startswith("# ")


def keep_unchanged(generated: str, original: str) -> str:
    """``generated`` (a whole catalog as the writer prints it) with every block whose content ``original``
    holds unchanged taken from ``original``.

    An entry the run changed only in its translator comments (an ``edited
    by`` or ``for source`` line recorded) keeps its other lines as they were:
    its new comments, then the rest of the block as the tool wrote it.
    """
    old = _blocks(original)
    exact = set(old)
    by_content: dict[Hashable, list[str]] | None = None
    by_rest: dict[Hashable, list[str]] = {}
    out = []
    for block in _blocks(generated):
        if block in exact:
            out.append(block)
            continue
        if by_content is None:
            by_content = {}
            for text in old:
                what = _what(_read(text))
                if what is not None:
                    by_content.setdefault(what, []).append(text)
                    rest = _beside_notes(what)
                    if rest is not None:
                        by_rest.setdefault(rest, []).append(text)
        what = _what(_read(block))
        kept = by_content.get(what) if what is not None else None
        if kept:
            out.append(kept.pop(0))
            continue
        out.append(_spliced(block, what, by_rest) or block)
    return "\n\n".join(out) + "\n" if out else generated


def _spliced(block: str, what: Hashable | None, by_rest: dict[Hashable, list[str]]) -> str | None:
    """``block``'s translator comments over the other lines of the original block of the same entry, if one
    differs from it in its translator comments only (and the result reads as ``block`` does)."""
    rest = _beside_notes(what)
    candidates = by_rest.get(rest) if rest is not None else None
    if not candidates:
        return None
    notes = [line for line in block.split("\n") if _is_note(line)]
    spliced = "\n".join(notes + [line for line in candidates[0].split("\n") if not _is_note(line)])
    if _what(_read(spliced)) != what:
        return None
    candidates.pop(0)
    return spliced


def closest_wrapping(text: str, po: polib.POFile, candidates: Sequence[Wrapping] = CANDIDATES) -> Wrapping:
    """The wrapping among ``candidates`` that prints the most blocks of ``text`` (the file ``po`` was read
    from) exactly as they are; the first of them on a tie (GNU's)."""
    old = set(_blocks(text))
    best, most = candidates[0], -1
    for candidate in candidates:
        same = sum(1 for block in _blocks(candidate.generate(po)) if block in old)
        if same > most:
            best, most = candidate, same
    return best
