"""Decoding the text files users give dipl10n, with errors a translator can act on.

Every text input (source documents, ``glossary.csv``, catalogs) is UTF-8, with or
without a byte-order mark. A file saved in another encoding is refused with the
line of the first undecodable byte and the encoding it looks like: Korean
newsrooms' spreadsheets and editors often save CP949/EUC-KR.

:func:`find_not_utf8` tells the cases apart that need different advice, for
every kind of file alike: a file in a legacy encoding (convert or re-save the
whole file); a UTF-8 file with a few lines pasted in from elsewhere (name the
lines: converting the whole file would garble the rest); and a few stray bytes,
too few to tell an encoding by (show the line, name no encoding: one Latin-1
"é" is as much Cyrillic to a detector as it is French).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from dipl10n.errors import InputError
from dipl10n.fs import controls

# C0 controls other than tab, line feed, form feed and carriage return; DEL; C1 controls.
_CONTROL = controls.IN_FILE
# What a one-line snippet cannot show as it is: controls but tab, and the bidirectional marks and embeddings.
_UNSHOWABLE = controls.controls(allow="\t", extra=controls.BIDI_CONTROLS, runs=True)
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
        bad = find_not_utf8(data)
        assert bad is not None
        raise error(f"not valid UTF-8 (byte 0x{bad.byte:02x}){bad.advice()}", path=path, line=bad.line, cause=exc) from exc
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

#: Fewer bytes outside ASCII than this are too few to name an encoding by: two Korean
#: syllables, or a word or two of Western text with an accent or a curly quote, are
#: enough; one stray "é" (0xE9) is "й" in Windows-1251 and "ι" in Greek as well.
MIN_GUESS_BYTES = 4
#: How much of a line an error message shows.
_SHOWN = 72


@dataclass(frozen=True)
class NotUtf8:
    """Where a file is not UTF-8, and what the bytes there look like: what an error message needs."""

    #: Every line (1-based) that is not valid UTF-8, in order.
    lines: tuple[int, ...]
    #: The first byte that is not UTF-8.
    byte: int
    #: The first such line, the bytes that are not UTF-8 written as ``\xNN``.
    shown: str
    #: The encoding the lines look like; ``None`` when there are too few bytes to tell, or no idea.
    guess: EncodingGuess | None
    #: Whether other lines hold valid UTF-8 beyond ASCII: then converting the whole file would garble them.
    mostly_utf8: bool
    #: Whether there were too few bytes that are not UTF-8 to name an encoding (:data:`MIN_GUESS_BYTES`).
    tiny: bool

    @property
    def line(self) -> int:
        return self.lines[0]

    def where(self) -> str:
        """``line 12``, ``lines 12 and 40``, ``lines 3, 5, 8, 13, 21 and 9 more``."""
        return _lines_phrase(self.lines)

    @property
    def whole_file(self) -> bool:
        """Whether the whole file is in another encoding (that the guess names): a conversion fixes it."""
        return self.guess is not None and not self.mostly_utf8

    def advice(self) -> str:
        """What to do, as the end of a message starting with the problem (``not valid UTF-8 (byte 0xbf)``)."""
        if self.whole_file:
            return f"; it looks like {self.guess}; save it as UTF-8"
        if self.mostly_utf8 or self.tiny:
            return "; " + self.fix_lines()
        many = len(self.lines) > 1
        return (
            f"; {self.where()} {'are' if many else 'is'} not UTF-8 and their encoding is unclear "
            "(or it is not a text file); save it as UTF-8"
        )

    def fix_lines(self) -> str:
        """The advice for lines to fix by hand: a few lines pasted in from elsewhere, or a few stray bytes."""
        many = len(self.lines) > 1
        subject = f"{self.where()} {'are' if many else 'is'} not UTF-8"
        if self.guess is not None:
            subject += f" ({'they look' if many else 'it looks'} like {self.guess})"
        elif self.tiny:
            subject = f"{self.where()} {'hold bytes' if many else 'holds a byte'} that {'are' if many else 'is'} not UTF-8"
        if self.mostly_utf8:
            subject += " though the rest of the file is"
        them = "them" if many else "it"
        text = f"{subject}: fix {them} in an editor and save the file as UTF-8"
        if self.mostly_utf8:
            text += " (converting the whole file would garble the rest)"
        read = f" (read as {self.guess.codec})" if self.guess is not None else ""
        return f"{text}; {'the first' if many else 'the line'}{read} reads: {self.shown}"


def find_not_utf8(data: bytes) -> NotUtf8 | None:
    """Where ``data`` is not UTF-8 (``None``: it is), for error messages."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return None
    bad_lines: list[int] = []
    bad_text: list[bytes] = []
    utf8_text = False
    first: tuple[bytes, int] | None = None
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad_lines.append(number)
            bad_text.append(raw)
            if first is None:
                first = (raw, exc.start)
        else:
            utf8_text = utf8_text or not raw.isascii()
    assert first is not None
    raw, start = first
    sample = b"\n".join(bad_text)
    tiny = sum(1 for byte in sample if byte >= 0x80) < MIN_GUESS_BYTES
    guess = None if tiny else guess_encoding(sample)
    return NotUtf8(
        lines=tuple(bad_lines),
        byte=raw[start],
        shown=_show(raw, start, guess),
        guess=guess,
        mostly_utf8=utf8_text,
        tiny=tiny,
    )


def _show(raw: bytes, start: int, guess: EncodingGuess | None) -> str:
    """A line for a message, read in the ``guess`` encoding if there is one, else with the bytes that are
    not UTF-8 as ``\\xNN``; controls as ``\\xNN`` too; around ``start`` if it is long."""
    raw = raw.rstrip(b"\r")
    begin = 0
    if len(raw) > _SHOWN:
        begin = max(0, min(start - _SHOWN // 2, len(raw) - _SHOWN))
    part = raw[begin : begin + _SHOWN]
    try:
        text = part.decode(guess.codec if guess else "utf-8", "backslashreplace")
    except LookupError:
        text = part.decode("utf-8", "backslashreplace")
    # What the terminal would act on (escape sequences, direction marks) is shown, not sent.
    text = _UNSHOWABLE.sub(lambda m: "".join(_escaped(c) for c in m.group()), text)
    return ("..." if begin else "") + text + ("..." if begin + _SHOWN < len(raw) else "")


def _escaped(char: str) -> str:
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def _lines_phrase(lines: tuple[int, ...], *, most: int = 5) -> str:
    if len(lines) == 1:
        return f"line {lines[0]}"
    if len(lines) <= most:
        return "lines " + ", ".join(map(str, lines[:-1])) + f" and {lines[-1]}"
    return "lines " + ", ".join(map(str, lines[:most])) + f" and {len(lines) - most} more"


def guess_encoding(data: bytes) -> EncodingGuess | None:
    """The encoding ``data`` most likely uses, for error messages only.

    Korean (CP949) is tried first. Callers give it at least
    :data:`MIN_GUESS_BYTES` bytes outside ASCII (:func:`find_not_utf8` gives
    it the lines that are not UTF-8): from fewer, any guess is a wild one.
    """
    try:
        if _HANGUL.search(data.decode("cp949")):
            return _KOREAN
    except UnicodeDecodeError:
        pass
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
