"""Decoding the text files users give dipl10n, with errors a translator can act on.

Every text input (source documents, ``glossary.csv``, catalogs) is UTF-8, with or
without a byte-order mark. A file saved in another encoding is refused with the
line of the first undecodable byte and the encoding it looks like: Korean
newsrooms' spreadsheets and editors often save CP949/EUC-KR.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from dipl10n.errors import InputError

# C0 controls other than tab, line feed, form feed and carriage return; DEL; C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_HANGUL = re.compile("[\uac00-\ud7a3]")
# Latin-1 letters and signs, and Windows-1252's quotes, dashes, ellipsis, bullet, euro and trade mark signs.
_WESTERN = frozenset(map(chr, range(0xA0, 0x100))) | frozenset("\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u2022\u20ac\u2122")


def decode_text(
    data: bytes,
    *,
    path: str | Path,
    error: type[InputError] = InputError,
    allow_controls: bool = False,
) -> str:
    """Decode ``data`` as UTF-8 (a BOM is dropped) or raise ``error`` naming ``path``.

    NUL bytes mean a binary file; other control characters are refused too
    unless ``allow_controls``, because they are invisible in an editor and
    break catalogs and HTML. Line endings are left as they are.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise error("UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8", path=path, line=1)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise error("binary file (it contains NUL bytes), not a text document", path=path, line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        guess = guess_encoding(data)
        hint = f"; it looks like {guess}" if guess else ""
        raise error(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}){hint}; save it as UTF-8",
            path=path,
            line=line,
            cause=exc,
        ) from exc
    if not allow_controls:
        match = _CONTROL.search(text)
        if match:
            line = text.count("\n", 0, match.start()) + 1
            raise error(
                f"control character U+{ord(match.group()):04X} in the text; remove it",
                path=path,
                line=line,
            )
    return text


@dataclass(frozen=True)
class EncodingGuess:
    """The legacy encoding a file seems to be in: for people (``label``) and for ``iconv -f`` (``codec``)."""

    label: str
    codec: str

    def __str__(self) -> str:
        return self.label


_KOREAN = EncodingGuess("CP949/EUC-KR (Korean)", "CP949")


def guess_encoding(data: bytes, *, sample: bytes | None = None) -> EncodingGuess | None:
    """The encoding ``data`` most likely uses, for error messages only.

    ``sample`` (such as the line that failed to decode) is tried as Korean
    first: a file only partly converted to UTF-8 decodes as CP949 nowhere else.
    """
    for candidate in (sample, data):
        if candidate is None:
            continue
        try:
            decoded = candidate.decode("cp949")
        except UnicodeDecodeError:
            continue
        if _HANGUL.search(decoded):
            return _KOREAN
    # Short Western text (one "é", Word's curly quotes) is where charset
    # detection guesses wildly (CP1006, CP1250); Windows-1252 is the usual culprit.
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and all(c.isascii() or c in _WESTERN for c in western):
        letters = [c for c in western if c.isalpha()]
        # Western text is mostly ASCII letters; Cyrillic or Greek read as Windows-1252 is not.
        if sum(1 for c in letters if not c.isascii()) * 4 <= len(letters):
            return EncodingGuess("Windows-1252/Latin-1 (Western European)", "WINDOWS-1252")
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    best = from_bytes(data).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return None
    name = best.encoding.replace("_", "-").upper()
    return _KOREAN if name in ("CP949", "EUC-KR") else EncodingGuess(name, name)


def read_text(path: Path, *, error: type[InputError] = InputError, display: str | None = None) -> str:
    """Read and decode a UTF-8 text file, raising ``error`` for anything else."""
    shown = display or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise error("file not found", path=shown, cause=exc) from exc
    except IsADirectoryError as exc:
        raise error("is a directory, not a file", path=shown, cause=exc) from exc
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", path=shown, cause=exc) from exc
    return decode_text(data, path=shown, error=error)
