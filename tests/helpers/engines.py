"""Engine doubles: stand-ins for a translation engine that misbehave on purpose.

Each double follows the :class:`dipl10n.mt.engine.Engine` interface (``info``,
``translate``, ``pieces``) and records every call, so tests can count engine
calls and see exactly what reached the engine.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from dipl10n.mt.engine import EngineInfo

PLACEHOLDER = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2})(\d+)(?![0-9])")


@dataclass
class DoubleEngine:
    """Applies ``transform`` to each source sentence; records the batches it got."""

    transform: Callable[[str], str] = lambda text: text
    info: EngineInfo = field(default_factory=lambda: EngineInfo("double", "translate-en_ko", "1.0"))
    calls: list[list[str]] = field(default_factory=list)
    vocabulary_lacks: str = ""

    def translate(self, sources: Sequence[str], *, progress=None) -> list[str]:
        self.calls.append(list(sources))
        outputs = [self.transform(s) for s in sources]
        if progress is not None:
            progress(len(sources))
        return outputs

    def pieces(self, text: str) -> list[str]:
        return list(text)

    def unknown_pieces(self, text: str) -> list[str]:
        return [c for c in text if c in self.vocabulary_lacks]

    @property
    def sentences_translated(self) -> int:
        return sum(len(batch) for batch in self.calls)


def identity(text: str) -> str:
    return text


def drop_first(text: str) -> str:
    return PLACEHOLDER.sub("", text, count=1)


def duplicate_first(text: str) -> str:
    match = PLACEHOLDER.search(text)
    return text if match is None else text + " " + match.group()


def split_first(text: str) -> str:
    return PLACEHOLDER.sub(lambda m: f"{m.group(1)} {m.group(2)}", text, count=1)


def garble_first(text: str) -> str:
    return PLACEHOLDER.sub(lambda m: f"{m.group(1)[0]}{m.group(1)[1].lower()}{m.group(2)}", text, count=1)


def koreanish(text: str) -> str:
    """A caricature of an English→Korean model: keeps placeholders, adds object particles."""
    return PLACEHOLDER.sub(lambda m: m.group() + "을", text)
