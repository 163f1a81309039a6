"""The difference between two sentences, word by word: what the review page shows for an out-of-date translation.

For a sentence whose source changed since it was translated (``#|`` in the
catalog), the review page shows the previous source and the current one with
the words deleted and inserted between them marked. It is a small text
algorithm over :mod:`difflib` that knows nothing of pages or catalogs, so it
stands alone.
"""

from __future__ import annotations

import difflib
import re

__all__ = ["word_diff"]


def word_diff(old: str, new: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``old`` and ``new`` as runs of (``"same"``/``"del"``, text) and (``"same"``/``"ins"``, text), word by word.

    Words are runs of non-space characters; the spaces between two changed
    words belong to the change.
    """
    a = re.findall(r"\S+|\s+", old)
    b = re.findall(r"\S+|\s+", new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    before: list[tuple[str, str]] = []
    after: list[tuple[str, str]] = []

    def add(runs: list[tuple[str, str]], kind: str, tokens: list[str]) -> None:
        text = "".join(tokens)
        if not text:
            return
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + text)
        else:
            runs.append((kind, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add(before, "same", a[i1:i2])
            add(after, "same", b[j1:j2])
        else:
            add(before, "del", a[i1:i2])
            add(after, "ins", b[j1:j2])
    return _settle(before, "del"), _settle(after, "ins")


def _settle(runs: list[tuple[str, str]], changed: str) -> list[tuple[str, str]]:
    """One change for changes only spaces apart; spaces at a change's edges go to the unchanged text around it."""
    joined: list[tuple[str, str]] = []
    for kind, text in runs:
        if kind == changed and len(joined) >= 2 and joined[-2][0] == changed and not joined[-1][1].strip():
            space = joined.pop()[1]
            joined[-1] = (changed, joined[-1][1] + space + text)
        else:
            joined.append((kind, text))
    settled: list[tuple[str, str]] = []
    for kind, text in joined:
        if kind == changed and text.strip():
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            pieces = [("same", lead), (kind, text.strip()), ("same", trail)]
        elif kind == changed:
            pieces = [("same", text)]
        else:
            pieces = [(kind, text)]
        for piece_kind, piece in pieces:
            if not piece:
                continue
            if settled and settled[-1][0] == piece_kind:
                settled[-1] = (piece_kind, settled[-1][1] + piece)
            else:
                settled.append((piece_kind, piece))
    return settled
