"""From the bytes of a PO file to its tokens: decoding, lines, keywords, strings and comments.

The first half of the strict reader (:mod:`dipl10n.po.reader` builds the
catalog from these tokens). Everything here looks at the file's bytes and
characters, not at its entries:

* :func:`decode` accepts UTF-8 only and refuses, with the line, what cannot be a
  text catalog (a NUL byte), what looks cut off on the byte level (a last line
  without its line break: :func:`cut_off_advice` says what helps), and other
  encodings, saying how to convert them (:func:`charset_error` for a declared
  charset);
* :func:`tokenize` splits the text into tokens (:class:`Token`) as GNU gettext's
  lexer does: CRLF read as LF, backslash-newline joining lines, ``#~`` and
  ``#|`` marks, ``msgstr[N]``, and C string escapes decoded as UTF-8 bytes,
  with a :class:`~dipl10n.errors.CatalogError` at the 1-based line for
  anything GNU rejects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dipl10n.errors import CatalogError
from dipl10n.fs.textio import find_not_utf8

__all__ = ["UTF8_NAMES", "Token", "charset_error", "cut_off_advice", "decode", "tokenize"]

_WHITESPACE = " \t\r\f\v"
_KEYWORD = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_PLURAL_INDEX = re.compile(r"[ \t]*\[[ \t]*(\d+)[ \t]*\]")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"', re.DOTALL)
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.)|\Z)", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "\\": "\\", '"': '"'}
_RAW_CHARSET = re.compile(r"charset=([-A-Za-z0-9_.:+]*)", re.IGNORECASE)
UTF8_NAMES = frozenset({"utf-8", "utf8"})


@dataclass
class Token:
    """One token of a line, with the line it starts on and the ``#~`` / ``#|`` marks before it."""

    kind: str  # "keyword", "string", "comment"
    value: str
    line: int
    obsolete: bool
    previous: bool


def cut_off_advice(path: str | Path | None) -> str:
    """What helps with a catalog that looks cut off: the end of a message saying where it ends."""
    restore = f"git checkout -- {_shell_word(path)}" if path is not None else "git checkout -- FILE"
    return (
        f"it looks cut off (an interrupted copy, save or conversion): restore it from version control ({restore}) "
        "or a backup, then run dipl10n again: its translation memory holds the reviewed translations and puts "
        "back any that the restored file lacks"
    )


def _shell_word(path: str | Path) -> str:
    import shlex

    return shlex.quote(str(path))


def decode(data: bytes, path: str | Path | None) -> str:
    """The text of a catalog (a UTF-8 BOM dropped); :class:`CatalogError` for bytes dipl10n does not read."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        raise CatalogError(
            "the file contains a NUL byte; it is not a text catalog (or it is UTF-16, "
            "which dipl10n does not read: save it as UTF-8)",
            path=path,
            line=data.count(b"\n", 0, nul) + 1,
        )
    if data and not data.endswith(b"\n"):
        # Before decoding: a file cut inside a multi-byte character is cut off, not in another encoding.
        last = data.count(b"\n") + 1
        raise CatalogError(
            f"the file ends in the middle of line {last}, without a line break; {cut_off_advice(path)} "
            "(if the file is complete and only the last line break is missing, add it)",
            path=path,
            line=last,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        declared = _RAW_CHARSET.search(data.decode("latin-1"))
        if declared and declared.group(1).lower() not in UTF8_NAMES | {"charset"}:
            raise charset_error(declared.group(1), path, data.count(b"\n", 0, declared.start()) + 1) from exc
        bad = find_not_utf8(data)
        assert bad is not None
        if bad.whole_file:
            # Never "iconv -o FILE FILE": iconv empties the file before it reads it.
            shown = _shell_word(path) if path is not None else "FILE"
            others = len(bad.lines) - 1
            message = (
                f"line {bad.line} is not valid UTF-8 (it looks like {bad.guess})"
                + (f", nor {'is' if others == 1 else 'are'} {others} more line{'s' * (others != 1)}" if others else "")
                + f"; dipl10n keeps catalogs in UTF-8: convert the file into a new one, check it, then move it "
                f"over this one: iconv -f {bad.guess.codec if bad.guess else ''} -t UTF-8 {shown} > {shown}.utf8"
            )
        elif bad.mostly_utf8 or bad.tiny:
            message = bad.fix_lines()
        else:
            message = (
                f"line {bad.line} is not valid UTF-8 and its encoding is unclear (or this is not a text file); "
                "dipl10n keeps catalogs in UTF-8: open it in an editor that lets you choose the encoding and save it as UTF-8"
            )
        raise CatalogError(message, path=path, line=bad.line, cause=exc) from exc


def charset_error(charset: str, path: str | Path | None, line: int | None) -> CatalogError:
    """The error for a catalog that declares a charset other than UTF-8, saying how to convert it."""
    shown = _shell_word(path) if path is not None else "FILE"
    return CatalogError(
        f"the header declares charset {charset}; dipl10n keeps catalogs in UTF-8 - convert the "
        "file to UTF-8 and declare \"Content-Type: text/plain; charset=UTF-8\": GNU gettext's msgconv does both, "
        f"into a new file to check before it replaces this one: msgconv -t UTF-8 {shown} > {shown}.utf8",
        path=path,
        line=line,
    )


def _physical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Lines with their 1-based numbers; CRLF read as LF, backslash-newline joins lines (as GNU's lexer does)."""
    pending: list[str] = []
    start = 1
    for number, line in enumerate(text.split("\n"), start=1):
        if line.endswith("\r"):
            line = line[:-1]
        if not pending:
            start = number
        if line.endswith("\\"):
            pending.append(line[:-1])
            continue
        pending.append(line)
        yield start, "".join(pending)
        pending = []
    if pending:
        yield start, "".join(pending)


def tokenize(text: str, path: str | Path | None) -> Iterator[Token]:
    """The tokens of decoded catalog text, lazily; :class:`CatalogError` at the line GNU's lexer would reject."""
    for number, line in _physical_lines(text):
        pos = 0
        length = len(line)
        obsolete = previous = False
        while pos < length:
            char = line[pos]
            if char in _WHITESPACE:
                pos += 1
            elif char == "#":
                mark = line[pos + 1 : pos + 2]
                if mark == "~":
                    obsolete = True
                    pos += 2
                    if line[pos : pos + 1] == "|":
                        previous = True
                        pos += 1
                elif mark == "|":
                    previous = True
                    pos += 2
                else:
                    yield Token("comment", line[pos + 1 :], number, obsolete, previous)
                    break
            elif char == '"':
                match = _STRING.match(line, pos)
                if match is None:
                    raise CatalogError("unterminated string: the closing \" is missing", path=path, line=number)
                yield Token("string", unescape(match.group(1), path, number), number, obsolete, previous)
                pos = match.end()
            else:
                match = _KEYWORD.match(line, pos)
                if match is None:
                    raise CatalogError(
                        f"syntax error: unexpected {char!r}; a line starts with a keyword "
                        '(msgid, msgstr, ...), a string in "double quotes" or a # comment',
                        path=path,
                        line=number,
                    )
                word = match.group()
                pos = match.end()
                if word == "msgstr":
                    index = _PLURAL_INDEX.match(line, pos)
                    if index is not None:
                        word = f"msgstr[{int(index.group(1))}]"
                        pos = index.end()
                yield Token("keyword", word, number, obsolete, previous)


def unescape(body: str, path: str | Path | None, line: int) -> str:
    """The text of a PO string's body (between its quotes); bad escapes raise :class:`CatalogError` at ``line``.

    Escapes are C's, read as bytes of UTF-8: ``\\n \\t \\" \\\\`` and the other simple
    ones, ``\\ooo`` (one to three octal digits) and ``\\xHH...``. An escape whose value
    is larger than a byte (``\\400``-``\\777``, ``\\x100``) is refused: GNU gettext
    0.21 accepts it (``msgfmt --check`` passes) and keeps the value's low byte, so
    ``\\541`` reads as ``a``, ``\\777`` as the byte 0xFF (not UTF-8: ``msgunfmt``
    then says "invalid multibyte sequence") and ``\\400`` as a NUL that silently cuts
    the string short in the ``.mo``. No tool writes such an escape, and no reading of
    one is what the file meant. NUL (``\\0``, ``\\000``), bytes that are not UTF-8
    and EOT are refused too.
    """
    if "\\" not in body:
        value = body
    else:
        raw = bytearray()
        pos = 0
        for match in _ESCAPE.finditer(body):
            raw += body[pos : match.start()].encode("utf-8")
            pos = match.end()
            octal, hexa, other = match.groups()
            if octal is not None:
                code = int(octal, 8)
                if code > 0xFF:
                    # GNU keeps the low byte (\541 is "a", \400 a NUL that silently ends the string in
                    # the .mo): never what the file meant, so refused as \x above a byte is.
                    raise CatalogError(
                        f"invalid escape sequence \\{octal}: the value is larger than a byte "
                        "(octal escapes go up to \\377)",
                        path=path,
                        line=line,
                    )
            elif hexa is not None:
                code = int(hexa, 16)
                if code > 0xFF:
                    shown = hexa if len(hexa) <= 8 else hexa[:8] + "..."  # a fuzzer's thousands of digits
                    raise CatalogError(
                        f"invalid escape sequence \\x{shown}: the value is larger than a byte", path=path, line=line
                    )
            elif other is not None and other in _SIMPLE_ESCAPES:
                raw += _SIMPLE_ESCAPES[other].encode("ascii")
                continue
            else:
                shown = "\\" + (other or "")
                raise CatalogError(
                    f"invalid escape sequence {shown} (valid: \\n \\t \\\" \\\\ and a few more)",
                    path=path,
                    line=line,
                )
            if code == 0:
                raise CatalogError(
                    f"invalid escape sequence {match.group()}: strings cannot contain NUL", path=path, line=line
                )
            raw.append(code)
        raw += body[pos:].encode("utf-8")
        try:
            value = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CatalogError(
                "the escape sequences in this string do not make valid UTF-8", path=path, line=line, cause=exc
            ) from exc
    if "\x04" in value:
        raise CatalogError(
            "a string contains the control character EOT (\\x04), which separates the context in compiled catalogs",
            path=path,
            line=line,
        )
    return value
