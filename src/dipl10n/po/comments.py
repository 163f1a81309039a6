"""The small grammars inside comment lines: references (``#:``), flags (``#,``), Babel's previous msgids.

The lexer (:mod:`dipl10n.po.lexer`) gives a comment line as its text; the
reader (:mod:`dipl10n.po.reader`) hands the text of ``#:`` and ``#,`` lines,
and of translator comments that may be Solaris references, to these
functions, which read them the way GNU gettext does and reduce flags to what
GNU keeps. None of them raises: what they cannot read is kept as written (a
reference without a line number, a flag they do not know).

Babel reads a previous msgid (``#| msgid "…"``) as a translator comment and
writes it back as one, wrapped at 76 columns (``# | msgid "… and`` /
``# talked."``): :func:`babel_previous` reads that form back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dipl10n.errors import CatalogError
from dipl10n.po.lexer import unescape
from dipl10n.po.model import FORMAT_LANGUAGES, RANGE_FLAG

__all__ = ["babel_previous", "canonical_flags", "flag_tokens", "parse_references", "parse_solaris_reference"]

_FORMAT_LANGUAGE_SET = frozenset(FORMAT_LANGUAGES)


def flag_tokens(text: str) -> list[str]:
    """Split a ``#,`` line as GNU does: on commas and whitespace; ``range:`` takes the next token."""
    tokens = [t for t in re.split(r"[\n \t\r\f\v,]+", text) if t]
    result = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "range:" and i + 1 < len(tokens):
            result.append(f"range: {tokens[i + 1]}")
            i += 2
        else:
            result.append(tokens[i])
            i += 1
    return result


def canonical_flags(tokens: Sequence[str]) -> list[str]:
    """Reduce flag tokens to what GNU keeps (the last word on each format wins), in file order."""
    flags: dict[str, str] = {}  # slot -> flag, in order
    for token in tokens:
        slot, value = _flag_slot(token)
        flags.pop(slot, None)
        if value is not None:
            flags[slot] = value
    return list(flags.values())


def _flag_slot(token: str) -> tuple[str, str | None]:
    if token.endswith("-format"):
        body = token[: -len("-format")]
        for prefix, kind in (("no-", "no"), ("possible-", "yes"), ("impossible-", None), ("", "yes")):
            if body.startswith(prefix) and body[len(prefix) :] in _FORMAT_LANGUAGE_SET:
                language = body[len(prefix) :]
                if kind is None:
                    return f"format:{language}", None
                return f"format:{language}", f"{language}-format" if kind == "yes" else f"no-{language}-format"
    if token.startswith("range: "):
        match = RANGE_FLAG.match(token)
        if match and int(match.group(1)) <= int(match.group(2)):
            return "range", f"range: {int(match.group(1))}..{int(match.group(2))}"
        return token, token
    if token in ("wrap", "no-wrap"):
        return "wrap", "no-wrap" if token == "no-wrap" else None
    return token, token


def parse_references(text: str) -> list[tuple[str, int | None]]:
    """Parse a ``#:`` line the way GNU gettext does (``file:line``, ``file``, ``file : line``)."""
    result: list[tuple[str, int | None]] = []
    pos = 0
    length = len(text)
    spaces = " \t\n"
    while pos < length:
        while pos < length and text[pos] in spaces:
            pos += 1
        if pos >= length:
            break
        if text[pos] == "\u2068":
            # A file name with spaces, isolated as GNU gettext 0.22 writes it.
            end = text.find("\u2069", pos + 1)
            if end < 0:
                end = length
            name = text[pos + 1 : end]
            pos = min(end + 1, length)
            scan = pos
            while scan < length and text[scan] not in spaces:
                scan += 1
            tail = text[pos:scan]
            if re.fullmatch(r":\d+", tail):
                result.append((name, int(tail[1:])))
                pos = scan
                continue
            lineno = _number_after_colon(text, pos)
            if lineno is not None:
                result.append((name, lineno[0]))
                pos = lineno[1]
            else:
                result.append((name, None))
            continue
        start = pos
        while pos < length and text[pos] not in spaces:
            pos += 1
        word = text[start:pos]
        # "file : 12" and "file: 12", with spaces around the colon.
        after = _number_after_colon(text, pos)
        if after is not None:
            result.append((word, after[0]))
            pos = after[1]
            continue
        if word.endswith(":") and len(word) > 1:
            number = re.match(r"[ \t\n]*(\d+)(?=[ \t\n]|\Z)", text[pos:])
            if number:
                result.append((word[:-1], int(number.group(1))))
                pos += number.end()
                continue
        match = re.fullmatch(r"(.+):(\d+)", word, re.DOTALL)
        if match:
            result.append((match.group(1), int(match.group(2))))
        else:
            result.append((word, None))
    return result


def _number_after_colon(text: str, pos: int) -> tuple[int, int] | None:
    match = re.match(r"[ \t\n]*:[ \t\n]*(\d+)(?=[ \t\n]|\Z)", text[pos:])
    if match is None:
        return None
    return int(match.group(1)), pos + match.end()


_SOLARIS_REFERENCE = re.compile(r" [Ff]ile:[ \t]*(.*?)[ \t]*,[ \t]*line[ \t]*(?:number[ \t]*)?:(\d+)[ \t\n]*\Z")


def parse_solaris_reference(text: str) -> tuple[str, int] | None:
    """``# File: name, line: 12`` (Solaris msgfmt's form), which GNU reads as a reference."""
    match = _SOLARIS_REFERENCE.match(text)
    if match is None:
        return None
    return match.group(1), int(match.group(2))


_BABEL_FIELD = re.compile(r'^\| (?:(msgctxt|msgid|msgid_plural) )?"(.*)$')


def babel_previous(lines: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """The previous msgctxt/msgid/msgid_plural that Babel turned into translator comment ``lines``, and the other lines.

    Each ``#|`` line becomes a comment ``| msgid "…"`` or ``| "…"``, which
    Babel wraps at spaces only, dropping the space at each break: the pieces
    are joined with one space. A field Babel's form does not close, or whose
    escapes GNU would reject, is not read: its lines stay comments.
    """
    previous: dict[str, str] = {}
    rest: list[str] = []
    i = 0
    while i < len(lines):
        block, j = _babel_block(lines, i)
        fields = _babel_fields(block) if block else None
        if fields is None or not fields.keys().isdisjoint(previous):
            rest.extend(lines[i : max(j, i + 1)])
            i = max(j, i + 1)
            continue
        previous.update(fields)
        i = j
    return previous, rest


def _babel_block(lines: Sequence[str], start: int) -> tuple[list[tuple[str | None, str]], int]:
    """The ``#|`` lines of one field Babel wrote from ``start`` on, unwrapped, as (keyword or ``None``, string body);
    where they end."""
    block: list[tuple[str | None, str]] = []
    i = start
    while i < len(lines):
        match = _BABEL_FIELD.match(lines[i])
        # A field starts with its keyword; the lines after it without one are its continuation strings.
        if match is None or (match.group(1) is None) is (not block):
            break
        body, i = match.group(2), i + 1
        while not _closed(body) and i < len(lines) and _BABEL_FIELD.match(lines[i]) is None:
            body += " " + lines[i]
            i += 1
        block.append((match.group(1), body))
    return block, i


def _babel_fields(block: Sequence[tuple[str | None, str]]) -> dict[str, str] | None:
    keyword = block[0][0]
    assert keyword is not None
    parts = [_babel_string(body) for _, body in block]
    if any(part is None for part in parts):
        return None
    return {keyword: "".join(part for part in parts if part is not None)}


def _closed(body: str) -> bool:
    """Whether a string's body (after its opening quote) ends with its closing quote (not an escaped one)."""
    backslashes = len(body[:-1]) - len(body[:-1].rstrip("\\"))
    return body.endswith('"') and backslashes % 2 == 0


def _babel_string(body: str) -> str | None:
    """The text of ``body`` (a string's content and its closing quote), or ``None`` when it is not one string."""
    if not _closed(body):
        return None
    inner = body[:-1]
    if re.search(r'(?<!\\)(?:\\\\)*"', inner):
        return None  # an unescaped quote inside: several strings, not Babel's form
    try:
        return unescape(inner, None, 0)
    except CatalogError:
        return None
