"""Small helpers over polib's catalog model.

polib's :class:`~polib.POFile` (a list of :class:`~polib.POEntry`, obsolete
entries included, with ``header``, ``metadata`` and ``metadata_is_fuzzy``) is
dipl10n's catalog model. It is lossless where dipl10n needs it to be: message
contexts, plural forms, previous msgctxt/msgid (``#|``), obsolete entries,
translator comments (``tcomment``), extracted comments (``comment``),
references (``occurrences``), flags in file order and line numbers
(``linenum``, the line of the ``msgid`` keyword in dipl10n's reader).

An entry is identified, as GNU gettext identifies it, by its message context
and msgid: :func:`key`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import polib

__all__ = [
    "FORMAT_LANGUAGES",
    "RANGE_FLAG",
    "Key",
    "comment_lines",
    "has_conflict_markers",
    "is_foreign",
    "is_plural",
    "join_comment",
    "key",
    "live",
    "msgstrs",
    "new_catalog",
    "set_fuzzy",
    "translation",
]

#: ``(msgctxt, msgid)``: what makes an entry unique in a catalog.
Key = tuple[str | None, str]

#: The format languages GNU gettext 0.21 knows (``c-format``, ``python-brace-format``), in the order it prints their flags.
FORMAT_LANGUAGES = tuple(
    (
        "c objc python python-brace java java-printf csharp javascript scheme lisp elisp "
        "librep ruby sh awk lua object-pascal smalltalk qt qt-plural kde kde-kuit boost tcl "
        "perl perl-brace php gcc-internal gfc-internal ycp"
    ).split()
)
#: A range flag as GNU writes it: ``range: 0..10``.
RANGE_FLAG = re.compile(r"range: (\d+)\.\.(\d+)\Z")


def key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid)


def is_plural(entry: polib.POEntry) -> bool:
    return bool(entry.msgid_plural) or bool(entry.msgstr_plural)


def is_foreign(entry: polib.POEntry) -> bool:
    """Whether ``entry`` is one dipl10n does not make: it has a message context or plural forms."""
    return entry.msgctxt is not None or is_plural(entry)


def content(entry: polib.POEntry) -> tuple:
    """Everything of ``entry`` that its file shows, whatever the wrapping: equal for entries a file shows alike."""
    return (
        entry.msgctxt, entry.msgid, entry.msgid_plural, tuple(msgstrs(entry)), entry.tcomment, entry.comment,
        tuple(entry.occurrences), tuple(sorted(entry.flags)), entry.previous_msgctxt, entry.previous_msgid,
        entry.previous_msgid_plural, entry.obsolete,
    )  # fmt: skip


def msgstrs(entry: polib.POEntry) -> list[str]:
    """Every translation of ``entry``: one for a singular entry, one per plural form otherwise."""
    if is_plural(entry):
        forms = entry.msgstr_plural
        if not forms:
            return [""]
        return [forms.get(n, "") or "" for n in range(max(forms) + 1)]
    return [entry.msgstr or ""]


def set_fuzzy(entry: polib.POEntry, fuzzy: bool) -> None:
    """Mark ``entry`` fuzzy (first among its flags, as GNU writes it) or clear the mark."""
    flags = [flag for flag in entry.flags if flag != "fuzzy"]
    entry.flags = ["fuzzy", *flags] if fuzzy else flags


def translation(entry: polib.POEntry) -> str:
    """The (first) translation of ``entry``; ``""`` when it has none."""
    return msgstrs(entry)[0]


#: A line ``msgcat`` writes into a translation it could not unify: ``#-#-#-#-#  a.po (Project)  #-#-#-#-#``.
CONFLICT_MARKER = re.compile(r"^#-#-#-#-#  .*  #-#-#-#-#$", re.MULTILINE)


def has_conflict_markers(text: str) -> bool:
    """Whether ``text`` holds msgcat's conflict markers (two catalogs translated one message differently)."""
    return "#-#-#-#-#" in text and CONFLICT_MARKER.search(text) is not None


def live(po: Iterable[polib.POEntry]) -> Iterator[polib.POEntry]:
    """The entries that are not obsolete."""
    return (entry for entry in po if not entry.obsolete)


def comment_lines(text: str) -> list[str]:
    """The lines of a polib comment field (``tcomment`` or ``comment``); none for ``""``."""
    return text.split("\n") if text else []


def join_comment(lines: Iterable[str]) -> str:
    """A polib comment field from its lines."""
    return "\n".join(lines)


def new_catalog() -> polib.POFile:
    """An empty catalog, UTF-8, with no header yet."""
    po = polib.POFile(wrapwidth=79, encoding="utf-8")
    po.metadata_is_fuzzy = False
    return po
