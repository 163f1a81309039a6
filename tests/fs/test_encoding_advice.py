"""What dipl10n says about a file that is not UTF-8, through the command line: advice a translator can follow.

Three cases need different advice, and catalogs, sources and the glossary get
the same verdict from the same bytes (:func:`dipl10n.fs.textio.find_not_utf8`):

* a few lines pasted into a UTF-8 file from a legacy editor: name every such
  line and say to fix them in an editor (converting the whole file would
  garble the rest);
* a stray byte or two: too few to tell an encoding by, so name none (one
  Latin-1 "é" once got ``iconv -f PTCP154``, a Cyrillic code page) and show
  the line;
* a whole file in a legacy encoding: convert it *into a new file*
  (``iconv -f CP949 -t UTF-8 FILE > FILE.utf8``), never ``iconv -o FILE FILE``,
  which empties the file before reading it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from dipl10n.errors import EXIT_BAD_INPUT
from dipl10n.fs.textio import MIN_GUESS_BYTES, find_not_utf8
from dipl10n.po import read_po
from helpers.projects import BYLINE, DOC, REVIEWED, by_msgid, changed, files, po_path, ran

CATALOG = f"locales/ko/LC_MESSAGES/{DOC}.po"


def refused(invoke, project: Path, location: str) -> str:
    """``run`` exits 2 with one ``error: LOCATION: ...`` line and changes no file; the message."""
    before = files(project)
    result = invoke(project, "run", "--no-mt")
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    (line,) = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert line.startswith(f"error: {location}: "), line
    assert changed(before, files(project)) == []
    return line


def _replace_line(path: Path, old: str, new: bytes) -> int:
    """Replace the line holding ``old`` by ``new``; its number."""
    lines = path.read_bytes().split(b"\n")
    (number,) = [n for n, line in enumerate(lines) if old.encode() in line]
    lines[number] = new
    path.write_bytes(b"\n".join(lines))
    return number + 1


# -- catalogs ---------------------------------------------------------------------------


def test_one_cp949_line_pasted_into_a_catalog_is_named_with_what_to_do(reviewed, invoke):
    path = po_path(reviewed)
    line = _replace_line(path, f'msgstr "{REVIEWED[BYLINE]}"', b'msgstr "' + "외교 저널 이존영 기자".encode("cp949") + b'"')
    message = refused(invoke, reviewed, f"{CATALOG}:{line}")
    assert f"line {line} is not UTF-8 (it looks like CP949/EUC-KR (Korean)) though the rest of the file is: fix it in an editor" in message
    assert "converting the whole file would garble the rest" in message
    assert message.endswith('reads: msgstr "외교 저널 이존영 기자"')
    assert "iconv" not in message


def test_two_pasted_lines_are_both_named(reviewed, invoke):
    path = po_path(reviewed)
    first = _replace_line(path, f'msgstr "{REVIEWED[BYLINE]}"', b'msgstr "' + "이존영 기자".encode("cp949") + b'"')
    second = _replace_line(path, 'msgstr "외교"', b'msgstr "' + "외교 분야".encode("euc-kr") + b'"')
    first, second = sorted((first, second))
    message = refused(invoke, reviewed, f"{CATALOG}:{first}")
    assert f"lines {first} and {second} are not UTF-8 (they look like CP949/EUC-KR (Korean))" in message


def test_a_stray_latin1_byte_names_no_encoding(reviewed, invoke):
    line = _replace_line(po_path(reviewed), 'msgstr "외교"', b'msgstr "caf\xe9"')
    message = refused(invoke, reviewed, f"{CATALOG}:{line}")
    assert f"line {line} holds a byte that is not UTF-8" in message
    assert "looks like" not in message and "PTCP154" not in message and "iconv" not in message
    assert message.endswith('the line reads: msgstr "caf\\xe9"')


@pytest.mark.skipif(shutil.which("iconv") is None, reason="needs iconv")
def test_the_conversion_advice_for_a_whole_cp949_catalog_works_when_followed(reviewed, invoke):
    path = po_path(reviewed)
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("cp949"))
    first = next(n for n, row in enumerate(text.split("\n"), 1) if not row.isascii())
    message = refused(invoke, reviewed, f"{CATALOG}:{first}")
    command = f"iconv -f CP949 -t UTF-8 {CATALOG} > {CATALOG}.utf8"
    assert message.endswith("convert the file into a new one, check it, then move it over this one: " + command)
    assert " -o " not in message
    # Followed as written: the new file is the catalog as it was, and the run keeps every translation.
    subprocess.run(command, shell=True, cwd=reviewed, check=True)
    converted = reviewed / f"{CATALOG}.utf8"
    assert converted.read_text(encoding="utf-8") == text
    converted.replace(path)
    ran(invoke(reviewed, "run", "--no-mt"))
    entries = by_msgid(read_po(path))
    assert {msgid: entries[msgid].msgstr for msgid in REVIEWED} == REVIEWED


# -- sources and the glossary: the same verdict from the same bytes ------------------------


def test_a_stray_byte_in_a_source_names_no_encoding(reviewed, invoke):
    (reviewed / "source" / "paris.md").write_bytes(b"The minister visited Paris.\n\nHe liked the caf\xe9.\n")
    message = refused(invoke, reviewed, "source/paris.md:3")
    assert message.endswith(
        "not valid UTF-8 (byte 0xe9); line 3 holds a byte that is not UTF-8: fix it in an editor and save the "
        "file as UTF-8; the line reads: He liked the caf\\xe9."
    )


def test_a_western_line_pasted_into_a_utf8_source_is_named(reviewed, invoke):
    text = "The minister\u2019s caf\u00e9 \u201cdiplomacy\u201d.\n"
    data = "Seoul — 서울.\n\n".encode() + text.encode("cp1252") + b"\nMore text.\n"
    (reviewed / "source" / "paris.md").write_bytes(data)
    message = refused(invoke, reviewed, "source/paris.md:3")
    assert "line 3 is not UTF-8 (it looks like Windows-1252/Latin-1 (Western European)) though the rest of the file is" in message
    assert message.endswith("reads: The minister\u2019s caf\u00e9 \u201cdiplomacy\u201d.")


def test_a_cp949_row_pasted_into_a_utf8_glossary_is_named(reviewed, invoke):
    path = reviewed / "glossary.csv"
    lines = path.read_bytes().split(b"\n")
    lines.insert(2, "summit,정상회의,,no,no,,".encode("cp949"))
    path.write_bytes(b"\n".join(lines))
    message = refused(invoke, reviewed, "glossary.csv:3")
    assert "line 3 is not UTF-8 (it looks like CP949/EUC-KR (Korean)) though the rest of the file is: fix it in an editor" in message


@pytest.mark.parametrize(
    "data, lines, encoding",
    [
        ("서울\n".encode() + "외교부 장관".encode("cp949") + b"\n", (2,), "CP949"),
        (b"caf\xe9\n", (1,), None),  # one byte outside ASCII: too few to tell
        (b"\xe9\xe8\n", (1,), None),
        ("외교 장관".encode("cp949") + b"\n", (1,), "CP949"),
    ],
)
def test_catalogs_sources_and_the_glossary_get_the_same_verdict(project, data, lines, encoding):
    from dipl10n.errors import CatalogError, InputError
    from dipl10n.fs.textio import decode_text
    from dipl10n.po import parse_po

    found = find_not_utf8(data)
    assert found is not None and found.lines == lines
    assert (found.guess.codec if found.guess else None) == encoding
    assert found.tiny == (sum(b >= 0x80 for b in data) < MIN_GUESS_BYTES) or found.mostly_utf8
    messages = []
    for read in (lambda: decode_text(data, path="x"), lambda: parse_po(data, path="x")):
        with pytest.raises((InputError, CatalogError)) as info:
            read()
        messages.append(info.value.message)
        assert info.value.line == lines[0]
    for message in messages:
        assert ("looks like" in message) == (encoding is not None)
