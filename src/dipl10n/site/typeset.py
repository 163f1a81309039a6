"""Korean typesetting: a page's text escaped, with its middle dots and hyphenated compounds kept on one line.

In Korean pages a hyphenated compound (``한-NATO``, ``2014-2024``) never
ends a line at its hyphen (:func:`keep_together`), and a middle dot
(``인도·태평양``) stays on the line of the words it joins (:func:`typeset`).
Only what a browser shows is touched: the text itself keeps the catalog's
characters, and the ``.txt`` is left as it is. The rules are about how a
line breaks, not about Markdown or templates, so they have their own module,
which :mod:`dipl10n.site.render` calls for every text it puts on a page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markupsafe import Markup

__all__ = ["keep_together", "typeset"]

_MIDDLE_DOT = re.compile(r"(?<=\S)\u00b7(?=\S)")
#: A hyphen (or an en dash) between two letters or digits: 한-NATO, NATO-IP4, 2014-2024.
_COMPOUND_HYPHEN = re.compile(r"(?<=[^\W_])[-\u2010\u2013](?=[^\W_])")


def _lowercase_latin(char: str) -> bool:
    return "a" <= char <= "z"


def _cluster_edge(text: str, index: int, step: int) -> int:
    """``index`` moved by ``step`` past combining marks and conjoining Hangul jamo, so a span never splits a letter."""
    import unicodedata

    def joins(char: str) -> bool:
        return unicodedata.category(char).startswith("M") or "\u1160" <= char <= "\u11ff" or "\ud7b0" <= char <= "\ud7ff"

    if step < 0:
        while index > 0 and joins(text[index]):
            index -= 1
    else:
        while index < len(text) and joins(text[index]):
            index += 1
    return index


def keep_together(text: str, escape: Callable[[str], str] | None = None) -> Markup:
    """``text`` escaped, each compound's hyphen kept with the letters around it: no line ends at ``한-|NATO``.

    Browsers may break a line after a hyphen between two words (Chromium does
    in ``한-NATO``, ``2014-2024``, ``NATO-IP4`` with ``word-break: keep-all``).
    The hyphen and the letter on each side of it go into a ``<span
    class="nobr">`` (``white-space: nowrap``), and the text itself is left as
    it is: a reader or reviewer who copies it gets the catalog's characters,
    without invisible joiners. A hyphen between two lowercase Latin letters
    (``long-term``, ``Jon-young``) is an English compound and breaks as English
    does. Only for the target language's text; the ``.txt`` is never touched.
    ``escape`` escapes the text between the spans (markupsafe's by default).
    """
    from markupsafe import Markup
    from markupsafe import escape as escape_markup

    esc = escape or escape_markup
    spans: list[tuple[int, int]] = []
    for match in _COMPOUND_HYPHEN.finditer(text):
        at = match.start()
        if _lowercase_latin(text[at - 1]) and _lowercase_latin(text[at + 1]):
            continue
        start = _cluster_edge(text, at - 1, -1)
        end = _cluster_edge(text, at + 2, +1)
        if spans and start < spans[-1][1]:  # a-b-c: one span
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts += [esc(text[last:start]), '<span class="nobr">', esc(text[start:end]), "</span>"]
        last = end
    parts.append(esc(text[last:]))
    return Markup("".join(parts))


def typeset(text: str, *, keep: bool, escape: Callable[[str], str] | None = None) -> Markup:
    """Text for a page, escaped: a middle dot joined to its words (``인도·태평양``), compounds kept together with ``keep``."""
    from markupsafe import Markup
    from markupsafe import escape as escape_markup

    # A word joiner keeps a middle dot on the line of the words it joins.
    text = _MIDDLE_DOT.sub("\u2060\u00b7\u2060", text)
    if keep:
        return keep_together(text, escape)
    return Markup((escape or escape_markup)(text))
