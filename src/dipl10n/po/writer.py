"""Writing a catalog byte for byte as GNU gettext 0.21 writes it.

:func:`generate_po` prints a polib :class:`~polib.POFile` exactly as
``msgcat`` prints it: the same comment order, the same ``#:`` wrapping and the
same line breaking of strings (:mod:`dipl10n.po.linebreak`). So a catalog
that a reviewer's tool or GNU gettext wrote comes back from dipl10n unchanged,
and ``msgcat`` leaves dipl10n's output unchanged.

polib's own writer wraps with :mod:`textwrap` at 78 columns, which is why
dipl10n writes catalogs itself. Deliberate normalisations, all of them GNU's:
an untranslated entry loses its ``fuzzy`` flag, and an untranslated obsolete
entry is left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import polib

from dipl10n.fs.atomic import atomic_write_text
from dipl10n.po.linebreak import PROHIBITED, classes_and_widths, fit, possible_breaks
from dipl10n.po.model import FORMAT_LANGUAGES, RANGE_FLAG, comment_lines, is_plural, key, msgstrs

__all__ = [
    "CANDIDATES", "PAGE_WIDTH", "Wrapping", "detect_wrapping", "generate_po", "parse_wrapping", "poedit_width",
    "poedit_wrapping", "write_po",
]  # fmt: skip

#: GNU gettext's page width.
PAGE_WIDTH = 79

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v", "\\": "\\", '"': '"'}
_ESCAPE_TABLE = str.maketrans({char: "\\" + letter for char, letter in _ESCAPES.items()})
_NO_WRAP_WIDTH = 1 << 30
_PORTION = re.compile(r"[^\n]*\n|[^\n]+")


def _wrap(out: list[str], prefix: str, keyword: str, value: str, do_wrap: bool, page_width: int) -> None:
    """Print ``keyword "value"`` as GNU's ``wrap()`` in write-po.c does."""
    portions = _PORTION.findall(value) or [""]
    first_line = True
    # Continuation lines start with the prefix and a quote; leave room for the closing quote.
    startcol_after_break = len(prefix) + 1
    width = (page_width if do_wrap else _NO_WRAP_WIDTH) - 1 - startcol_after_break
    for index, portion in enumerate(portions):
        escaped = portion.translate(_ESCAPE_TABLE)
        chars = list(escaped)
        overrides = [0] * len(chars)
        # Never break inside an escape sequence.
        i = escaped.find("\\")
        while i >= 0:
            overrides[i + 1] = PROHIBITED
            i = escaped.find("\\", i + 2)
        if portion.endswith("\n"):
            # Never break just before the \n that ends a portion.
            overrides[-2] = PROHIBITED
        classes: list[str] | None = None
        widths: list[int] = []
        if escaped.isascii() and escaped.isprintable():
            total = len(chars)  # one column each; the break classes only if it must break
        else:
            classes, widths = classes_and_widths(chars)
            total = sum(w for w in widths if w > 0)
        breaks: list[int] | None = None
        while True:
            startcol = len(prefix) + (len(keyword) + 1 if first_line else 0) + 1 - startcol_after_break
            if startcol + total <= width:
                chosen: list[int] = []  # fits: gnulib would not break anywhere
            else:
                if breaks is None:
                    if classes is None:
                        classes, widths = classes_and_widths(chars)
                    breaks = possible_breaks(classes)
                    for i, override in enumerate(overrides):
                        if override:
                            breaks[i] = override
                chosen = fit(breaks, widths, width, startcol)
            if first_line and chars and (index < len(portions) - 1 or startcol > width or chosen):
                # The string would wrap: start with an empty string instead.
                out.append(f'{prefix}{keyword} ""\n')
                first_line = False
                continue
            break
        line = [prefix, f"{keyword} " if first_line else "", '"']
        begin = 0
        for i in chosen:
            line.append("".join(chars[begin:i]))
            line.append(f'"\n{prefix}"')
            begin = i
        line.append("".join(chars[begin:]))
        line.append('"\n')
        out.append("".join(line))
        first_line = False


def _print_comments(out: list[str], mark: str, text: str) -> None:
    # GNU prints the mark plus a space unless the line is empty.
    for line in comment_lines(text):
        out.append(f"{mark} {line}\n" if line else f"{mark}\n")


def _reference(filename: str, lineno: str) -> tuple[str, int]:
    """A ``#:`` reference and the columns GNU counts for it (bytes, plus the space before it)."""
    while filename.startswith("./"):
        filename = filename[2:]
    suffix = f":{lineno}" if lineno else ""
    width = len(filename.encode("utf-8")) + len(suffix) + 1
    if " " in filename or "\t" in filename:
        # GNU gettext 0.22's form for such names (0.21 cannot represent them at
        # all); the isolate marks do not count towards the width.
        return f"\u2068{filename}\u2069{suffix}", width
    return filename + suffix, width


def _print_references(out: list[str], occurrences: Iterable[tuple[str, str]], page_width: int) -> None:
    references = [_reference(filename, lineno) for filename, lineno in occurrences]
    if not references:
        return
    line = ["#:"]
    column = 2
    for text, width in references:
        if column > 2 and column + width > page_width:
            out.append("".join(line) + "\n")
            line = ["#:"]
            column = 2
        line.append(" " + text)
        column += width
    out.append("".join(line) + "\n")


def _flag_list(flags: Iterable[str], *, fuzzy: bool) -> list[str]:
    """The flags in GNU's order (fuzzy, formats, range, wrap), then any others sorted."""
    flags = set(flags)
    if flags <= {"fuzzy"}:  # most entries
        return ["fuzzy"] if fuzzy else []
    result = ["fuzzy"] if fuzzy else []
    known: set[str] = {"fuzzy", "wrap", "no-wrap"}
    for language in FORMAT_LANGUAGES:
        yes, no = f"{language}-format", f"no-{language}-format"
        possible, impossible = f"possible-{language}-format", f"impossible-{language}-format"
        known.update((yes, no, possible, impossible))
        if yes in flags or possible in flags:
            result.append(yes)
        elif no in flags:
            result.append(no)
    ranges = sorted(flag for flag in flags if RANGE_FLAG.match(flag))
    known.update(ranges)
    for flag in ranges[:1]:
        low, high = RANGE_FLAG.match(flag).groups()  # type: ignore[union-attr]
        if int(low) <= int(high):
            result.append(f"range: {int(low)}..{int(high)}")
    if "no-wrap" in flags:
        result.append("no-wrap")
    result += sorted(flags - known)
    return result


def _print_entry(out: list[str], entry: polib.POEntry, *, page_width: int, wrap: bool = True) -> None:
    strings = msgstrs(entry)
    obsolete = entry.obsolete
    _print_comments(out, "#", entry.tcomment)
    _print_comments(out, "#.", entry.comment)
    _print_references(out, entry.occurrences, page_width)
    flags = _flag_list(entry.flags, fuzzy="fuzzy" in entry.flags and (obsolete or strings[0] != ""))
    if obsolete:
        # GNU keeps fuzzy, format and no-wrap flags on obsolete entries, not range (message_print_obsolete).
        flags = [flag for flag in flags if not RANGE_FLAG.match(flag)]
    if flags:
        out.append("#, " + ", ".join(flags) + "\n")
    do_wrap = wrap and "no-wrap" not in entry.flags
    prefix = "#~ " if obsolete else ""
    previous_prefix = "#~| " if obsolete else "#| "
    if entry.previous_msgid is not None:
        # A previous msgctxt without a previous msgid could not be read back.
        if entry.previous_msgctxt is not None:
            _wrap(out, previous_prefix, "msgctxt", entry.previous_msgctxt, do_wrap, page_width)
        _wrap(out, previous_prefix, "msgid", entry.previous_msgid, do_wrap, page_width)
        if entry.previous_msgid_plural is not None:
            _wrap(out, previous_prefix, "msgid_plural", entry.previous_msgid_plural, do_wrap, page_width)
    if entry.msgctxt is not None:
        _wrap(out, prefix, "msgctxt", entry.msgctxt, do_wrap, page_width)
    _wrap(out, prefix, "msgid", entry.msgid, do_wrap, page_width)
    if is_plural(entry):
        _wrap(out, prefix, "msgid_plural", entry.msgid_plural, do_wrap, page_width)
        for n, string in enumerate(strings):
            _wrap(out, prefix, f"msgstr[{n}]", string, do_wrap, page_width)
    else:
        _wrap(out, prefix, "msgstr", strings[0], do_wrap, page_width)


def header_entry(po: polib.POFile) -> polib.POEntry | None:
    """The header entry (``msgid ""``) as it is written, or ``None`` when there is nothing to write."""
    if not po.metadata and not po.header and not po.metadata_is_fuzzy:
        return None
    msgstr = "".join(f"{name}: {value}\n" for name, value in po.metadata.items())
    return polib.POEntry(
        msgid="", msgstr=msgstr, tcomment=po.header, flags=["fuzzy"] if po.metadata_is_fuzzy else []
    )


def generate_po(po: polib.POFile, *, width: int = PAGE_WIDTH, wrap: bool = True) -> str:
    """Return the PO text of ``po``, byte for byte as GNU ``msgcat --width=WIDTH`` would print it.

    ``wrap=False`` is ``msgcat --no-wrap``: no string is broken into lines (file
    references still are, at ``width``, as GNU does).
    """
    out: list[str] = []
    header = header_entry(po)
    if header is not None:
        _print_entry(out, header, page_width=width, wrap=wrap)
    live = [entry for entry in po if not entry.obsolete]
    keys = {key(entry) for entry in live}
    for entry in live:
        if out:
            out.append("\n")
        _print_entry(out, entry, page_width=width, wrap=wrap)
    for entry in po:
        if not entry.obsolete:
            continue
        if msgstrs(entry)[0] == "" or key(entry) in keys:
            # GNU drops untranslated obsolete entries, and a msgid may not be both live and obsolete.
            continue
        if out:
            out.append("\n")
        _print_entry(out, entry, page_width=width, wrap=wrap)
    return "".join(out)


def write_po(path: Path, po: polib.POFile, *, expected_digest: str | None = None) -> str:
    """Write ``po`` to ``path`` atomically (see :func:`dipl10n.fs.atomic.atomic_write`); return its SHA-256."""
    return atomic_write_text(path, generate_po(po), expected_digest=expected_digest)


@dataclass(frozen=True)
class Wrapping:
    """How a catalog's strings are broken into lines: GNU's page width, or not at all (``msgcat --no-wrap``).

    ``poedit``: as Poedit 3 settles it (:func:`poedit_wrapping`): written at
    ``width`` (or unwrapped), then rewrapped the way Poedit's next save would
    rewrap that text, until its save would change nothing.
    """

    width: int = PAGE_WIDTH
    wrap: bool = True
    poedit: bool = False

    def generate(self, po: polib.POFile) -> str:
        if self.poedit:
            return _settle(po, replace(self, poedit=False))
        return generate_po(po, width=self.width, wrap=self.wrap)


#: GNU's default, and the widths the tools reviewers use write: translate-toolkit and Weblate 77, polib's
#: ``wrapwidth`` 78 (GNU's algorithm at that width), Babel 76; then no wrapping (``--no-wrap``, Weblate's -1), and
#: Weblate's 65535 (no string broken, references joined).
CANDIDATES = (Wrapping(), Wrapping(77), Wrapping(78), Wrapping(76), Wrapping(wrap=False), Wrapping(65535))
#: The narrowest page width a setting may ask for (msgcat accepts less; no reviewer's tool writes it).
MIN_WIDTH = 20
#: msgcat's own limits for ``--width=N``: 0 is no limit at all (INT_MAX, references too), less than 20 is 20.
_MSGCAT_UNLIMITED = (1 << 31) - 1
_MSGCAT_MIN_WIDTH = 20
#: Poedit names itself in the ``X-Generator`` field of every catalog it saves.
_POEDIT_GENERATOR = re.compile(r"Poedit\b")
#: Lines Poedit counts as ending a line on purpose (catalog_po.cpp, ``POCatalogParser::ReadTextLine``).
_POEDIT_HARD = ('msgid ""', 'msgstr ""')
#: Rewrapping passes before :func:`_settle` gives up on a catalog whose Poedit wrapping never settles.
_SETTLE_LIMIT = 100


def parse_wrapping(value: object) -> Wrapping | None:
    """``po_wrap`` of ``[tool.dipl10n]``: ``"gnu"`` (79), ``"none"``, ``"poedit"``, a width, or ``"auto"`` (``None``).

    ``None`` means: detect each catalog's wrapping (:func:`detect_wrapping`).
    Raises ``ValueError`` naming what is allowed.
    """
    if value == "auto":
        return None
    if value == "gnu":
        return Wrapping()
    if value == "none":
        return Wrapping(wrap=False)
    if value == "poedit":
        return Wrapping(poedit=True)
    if isinstance(value, int) and not isinstance(value, bool) and value >= MIN_WIDTH:
        return Wrapping(value)
    raise ValueError(
        f'po_wrap must be "auto", "gnu", "none", "poedit" or a page width of at least {MIN_WIDTH}, not {value!r}'
    )


def poedit_width(text: str) -> int | None:
    """The page width Poedit 3 measures in ``text`` when it opens it; ``None``: the file is not wrapped.

    Poedit (``POCatalogParser::ReadTextLine`` in ``catalog_po.cpp``) takes the
    longest line in *characters* (wxString code points, not columns: a Hangul
    syllable counts one, where msgcat counts two), among the lines after the
    first that are not comments (``# ``, ``#. ``), do not end in ``\\n"``, are not
    ``msgid ""`` or ``msgstr ""``, and have a space after their third
    character. The file counts as wrapped when a string continues on a line
    after one that does not end like that (``POCatalogParser::PossibleWrappedLine``).
    """
    width = 0
    wrapped = False
    previous_hard = True  # the first line is read apart from the others, as if it ended on purpose
    for line in text.split("\n")[1:]:
        if not line:
            continue
        hard = False
        if not line.startswith(("#. ", "# ")):
            if line.endswith('\\n"') or line in _POEDIT_HARD:
                hard = True
            elif line.rfind(" ") > 2:
                width = max(width, len(line))
        if line.startswith('"') and not previous_hard:
            wrapped = True
        previous_hard = hard
    return width if wrapped else None


def poedit_wrapping(text: str) -> Wrapping:
    """The wrapping Poedit 3 saves ``text`` with, its preferences as installed ("preserve formatting" on).

    Poedit writes the catalog, then runs ``msgcat --force-po --width=N`` on it
    (``POCatalog::Save``), N being :func:`poedit_width` of the file as it was
    opened; ``--no-wrap`` when the file was not wrapped.
    """
    width = poedit_width(text)
    if width is None:
        return Wrapping(wrap=False)
    return Wrapping(_MSGCAT_UNLIMITED if width == 0 else max(width, _MSGCAT_MIN_WIDTH))


def _settle(po: polib.POFile, start: Wrapping) -> str:
    """``po`` written with ``start``, then as Poedit's save would rewrap it, until a save changes nothing.

    Each pass is what opening the file in Poedit and saving it does; the
    widths only shrink (a line has no more characters than columns), except
    where a word longer than the line is joined to the text before it. Should
    the passes come back to a text they already wrote, the last one is kept.
    """
    wrapping = start
    text = wrapping.generate(po)
    seen = {text}
    for _ in range(_SETTLE_LIMIT):
        following = poedit_wrapping(text)
        if following == wrapping:
            break
        rewrapped = following.generate(po)
        if rewrapped == text or rewrapped in seen:
            break
        seen.add(rewrapped)
        text, wrapping = rewrapped, following
    return text


def detect_wrapping(text: str, po: polib.POFile) -> Wrapping:
    """The wrapping ``text`` (the file ``po`` was read from) was written with, else GNU's.

    A wrapping counts only when it reproduces the file byte for byte, so a file
    that another tool wrapped its own way (polib's textwrap, Babel) gets GNU's.
    A file Poedit saved (its ``X-Generator``) that Poedit's next save would
    leave as it is gets Poedit's wrapping (:func:`poedit_wrapping`), and so
    does one that no other wrapping reproduces: what dipl10n writes is then
    what Poedit settles to, and Poedit's save of it changes no line.
    """
    poedit = _POEDIT_GENERATOR.match(po.metadata.get("X-Generator", "")) is not None
    if poedit:
        saves = poedit_wrapping(text)
        if saves.generate(po) == text:
            return replace(saves, poedit=True)
    for candidate in CANDIDATES:
        if candidate.generate(po) == text:
            return candidate
    if poedit:
        return replace(poedit_wrapping(text), poedit=True)
    return Wrapping()
