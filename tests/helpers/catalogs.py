"""Catalogs for the PO tests: header fields, builders, snapshots and GNU gettext runners."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable

import polib
import pytest

from dipl10n.po.model import comment_lines, is_plural, msgstrs, new_catalog

HEADER_FIELDS = [
    ("Project-Id-Version", "Diplomacy Journal"),
    ("Report-Msgid-Bugs-To", ""),
    ("POT-Creation-Date", "2024-05-01 09:00+0000"),
    ("PO-Revision-Date", "2024-05-02 10:30+0900"),
    ("Last-Translator", "Kim Minji <minji@example.org>"),
    ("Language-Team", "Korean <ko@example.org>"),
    ("Language", "ko"),
    ("MIME-Version", "1.0"),
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Content-Transfer-Encoding", "8bit"),
    ("Plural-Forms", "nplurals=1; plural=0;"),
    ("X-Generator", "Poedit 3.4.2"),
]

#: A header as Poedit writes it, with an entry.
POEDIT_FILE = (
    "# Korean translation of the Diplomacy Journal.\n"
    "# Copyright (C) YEAR THE PACKAGE'S COPYRIGHT HOLDER\n"
    "# Kim Minji <minji@example.org>, 2024.\n"
    "#\n"
    'msgid ""\n'
    'msgstr ""\n'
    '"Project-Id-Version: Diplomacy Journal\\n"\n'
    '"Report-Msgid-Bugs-To: \\n"\n'
    '"POT-Creation-Date: 2024-05-01 09:00+0000\\n"\n'
    '"PO-Revision-Date: 2024-05-02 10:30+0900\\n"\n'
    '"Last-Translator: Kim Minji <minji@example.org>\\n"\n'
    '"Language-Team: Korean\\n"\n'
    '"Language: ko\\n"\n'
    '"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=1; plural=0;\\n"\n'
    '"X-Generator: Poedit 3.4.2\\n"\n'
    '"X-Poedit-SourceCharset: UTF-8\\n"\n'
    "\n"
    "#: articles/summit.md:3\n"
    'msgid "The 3.5% increase was announced in Seoul."\n'
    'msgstr "3.5% 증가는 서울에서 발표됐다."\n'
)

MSGCAT = shutil.which("msgcat")
MSGFMT = shutil.which("msgfmt")
MSGMERGE = shutil.which("msgmerge")
needs_gettext = pytest.mark.skipif(
    MSGCAT is None or MSGFMT is None,
    reason="GNU gettext (msgcat, msgfmt) is not on PATH: the writer is checked against it",
)
needs_msgmerge = pytest.mark.skipif(
    MSGMERGE is None or MSGCAT is None, reason="GNU msgmerge is not on PATH: the merge is checked against it"
)


def catalog(
    *entries: polib.POEntry,
    fields: Iterable[tuple[str, str]] = HEADER_FIELDS,
    header: str = "Korean translation of the Diplomacy Journal.\n",
    fuzzy: bool = False,
) -> polib.POFile:
    """A catalog with a header (``header`` is its translator comment) and ``entries``."""
    po = new_catalog()
    po.header = header
    po.metadata = dict(fields)
    po.metadata_is_fuzzy = fuzzy
    po.extend(entries)
    return po


def entry(msgid: str, msgstr: str = "", **fields) -> polib.POEntry:
    """A polib entry; ``occurrences`` may give line numbers as ints."""
    occurrences = [(name, "" if line is None else str(line)) for name, line in fields.pop("occurrences", [])]
    flags = list(fields.pop("flags", []))
    return polib.POEntry(msgid=msgid, msgstr=msgstr, occurrences=occurrences, flags=flags, encoding="utf-8", **fields)


def one(e: polib.POEntry) -> tuple:
    """Everything an entry's text shows (flags as a sorted list: the writer orders them as GNU does)."""
    return (
        e.msgctxt,
        e.msgid,
        e.msgid_plural if is_plural(e) else None,
        msgstrs(e),
        list(e.occurrences),
        sorted(e.flags),
        comment_lines(e.tcomment),
        comment_lines(e.comment),
        e.previous_msgctxt,
        e.previous_msgid,
        e.previous_msgid_plural,
    )


def snapshot(po: polib.POFile) -> tuple:
    """Everything a catalog's text shows: header, live entries and obsolete entries, in order."""
    return (
        list(po.metadata.items()),
        po.header,
        bool(po.metadata_is_fuzzy),
        [one(e) for e in po if not e.obsolete],
        [one(e) for e in po if e.obsolete],
    )


def msgcat(text: str, *options: str) -> str:
    """``text`` as GNU msgcat prints it."""
    assert MSGCAT is not None
    result = subprocess.run([MSGCAT, "--force-po", *options, "-"], input=text.encode("utf-8"), capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return result.stdout.decode("utf-8")
