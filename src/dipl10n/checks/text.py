"""What several checks do with an entry's text: take its two texts, quote them in a message, blank out spans."""

from __future__ import annotations

from collections.abc import Iterable

import polib

from dipl10n.po.model import translation


def texts(entry: polib.POEntry) -> tuple[str, str]:
    """The (singular) msgid and msgstr of an entry."""
    return entry.msgid, translation(entry)


def quote(text: str, limit: int = 60) -> str:
    """``text`` in double quotes for a message, cut at ``limit`` characters."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return f'"{text}"'


def masked(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with the characters of ``spans`` (start, end) turned into spaces: offsets stay as they were."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            chars[i] = " "
    return "".join(chars)
