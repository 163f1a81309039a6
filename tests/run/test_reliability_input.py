"""Bad input through the CLI: one clear message naming the file (and line), exit 2, nothing changed.

Every case starts from a project that has been run once (catalogs, memory and
pages exist) with two reviewed translations in its catalog, damages one input
the way translators' tools do, runs ``dipl10n run --no-mt`` (or the command
the input belongs to), and checks the message, the exit status and that every
file of the project is byte for byte what it was. Accepted variants (CRLF,
a UTF-8 BOM, a 100,000-character paragraph) must complete and keep the
translations.
"""

from __future__ import annotations

import codecs
import hashlib
import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from dipl10n.po import read_po
from helpers.projects import (
    BYLINE,
    DOC,
    KICKER,
    REVIEWED,
    by_msgid,
    changed,
    files,
    po_path,
    ran,
)

EXIT_BAD_INPUT = 2


def refused(invoke, project: Path, *args: str, location: str, fragment: str) -> str:
    """Run the command; it must exit 2 with ``error: LOCATION: ...FRAGMENT...`` and change no file."""
    before = files(project)
    result = invoke(project, *(args or ("run", "--no-mt")))
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.output
    assert errors[0].startswith(f"error: {location}: "), errors[0]
    assert fragment in errors[0]
    assert "Traceback" not in result.output
    assert changed(before, files(project)) == []
    return errors[0]



def line_of(text: str, needle: str, *, last: bool = False) -> int:
    index = text.rindex(needle) if last else text.index(needle)
    return text.count("\n", 0, index) + 1


# -- catalogs ---------------------------------------------------------------------


def _replace(old: str, new: str) -> Callable[[str], tuple[str, int | None]]:
    """Replace the first ``old``; the error is on the line where ``new`` starts."""

    def damage(text: str) -> tuple[str, int | None]:
        assert old in text
        text = text.replace(old, new, 1)
        return text, line_of(text, new)

    return damage


def _remove_content_type(text: str) -> tuple[str, int | None]:
    text = text.replace('"Content-Type: text/plain; charset=UTF-8\\n"\n', "", 1)
    return text, line_of(text, 'msgid ""')  # the header entry


def _duplicate(text: str) -> tuple[str, int | None]:
    text += '\nmsgid "Diplomacy"\nmsgstr "외교부"\n'
    return text, line_of(text, 'msgid "Diplomacy"', last=True)


def _truncate_after_last_msgid(text: str) -> tuple[str, int | None]:
    text = text[: text.rindex("msgstr ")]
    return text, line_of(text, "msgid ", last=True)


def _truncate_mid_string(text: str) -> tuple[str, int | None]:
    start = text.index(f'msgstr "{REVIEWED[BYLINE]}"')
    text = text[: start + len('msgstr "Diplomacy Jou')]
    return text, line_of(text, 'msgstr "Diplomacy Jou')


def _no_header(text: str) -> tuple[str, int | None]:
    return text[text.index("#. role: kicker") :], None


PO_CASES = {
    # name: (damage: text -> (damaged text, line the error names or None), message fragment)
    "syntax-error": (_replace('msgid "Diplomacy"', "msgid Diplomacy"), "keyword 'Diplomacy' unknown"),
    "unterminated-string": (_replace('msgstr "외교"', 'msgstr "외교'), 'unterminated string: the closing " is missing'),
    "bad-escape": (_replace('msgstr "외교"', 'msgstr "외\\q교"'), "invalid escape sequence \\q"),
    "hex-escape-too-big": (_replace('msgstr "외교"', 'msgstr "\\x1234"'), "larger than a byte"),
    "octal-escape-too-big": (_replace('msgstr "외교"', 'msgstr "\\400\\777"'), "invalid escape sequence \\400"),
    "duplicate-msgid": (_duplicate, 'duplicate message: "Diplomacy" was already defined at line'),
    "wrong-charset": (
        _replace("charset=UTF-8", "charset=EUC-KR"),
        "the header declares charset EUC-KR; dipl10n keeps catalogs in UTF-8",
    ),
    "missing-charset": (
        _remove_content_type,
        'the header has no charset: add the field "Content-Type: text/plain; charset=UTF-8"',
    ),
    "no-header": (_no_header, 'the catalog has no header entry (msgid "")'),
    "truncated-after-msgid": (_truncate_after_last_msgid, "file ends in the middle of an entry (msgid without msgstr)"),
    "truncated-mid-string": (_truncate_mid_string, "the file ends in the middle of line"),
    "msgstr-before-msgid": (
        _replace('msgid "Diplomacy"\nmsgstr "외교"', 'msgstr "외교"\nmsgid "Diplomacy"'),
        "keyword 'msgid' expected before 'msgstr'",
    ),
}


@pytest.mark.parametrize("case", sorted(PO_CASES))
def test_malformed_catalog_is_refused_with_its_line(reviewed, invoke, case):
    damage, fragment = PO_CASES[case]
    path = po_path(reviewed)
    text, line = damage(path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    location = f"locales/ko/LC_MESSAGES/{DOC}.po" + (f":{line}" if line is not None else "")
    refused(invoke, reviewed, location=location, fragment=fragment)
    # The same catalog stops the other commands that read it, with the same message
    # (a catalog without a header is only refused where it would be written back).
    commands = [("update",), ("draft", "--offline")]
    if case != "no-header":
        commands += [("build",), ("check",), ("stats",), ("status",)]
    for command in commands:
        refused(invoke, reviewed, *command, location=location, fragment=fragment)


@pytest.mark.parametrize(
    ("encode", "fragment"),
    [
        (lambda text: text.encode("cp949"), "(it looks like CP949/EUC-KR (Korean))"),
        (lambda text: text.encode("euc-kr"), "(it looks like CP949/EUC-KR (Korean))"),
        (lambda text: text.encode("utf-16"), "NUL byte"),
        (lambda text: text.encode("utf-8")[:200] + b"\x00" + text.encode("utf-8")[200:], "NUL byte"),
    ],
    ids=["cp949", "euc-kr", "utf-16", "nul-byte"],
)
def test_catalog_in_another_encoding_is_named(reviewed, invoke, encode, fragment):
    path = po_path(reviewed)
    text = path.read_text(encoding="utf-8")
    data = encode(text)
    path.write_bytes(data)
    if "CP949" in fragment:
        # The line of the first byte that is not UTF-8: the first Korean text in the file.
        line = next(n for n, row in enumerate(text.split("\n"), 1) if re.search("[가-힣]", row))
    else:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
    message = refused(invoke, reviewed, location=f"locales/ko/LC_MESSAGES/{DOC}.po:{line}", fragment=fragment)
    if "CP949" in fragment:
        assert message.endswith(
            f"iconv -f CP949 -t UTF-8 locales/ko/LC_MESSAGES/{DOC}.po > locales/ko/LC_MESSAGES/{DOC}.po.utf8"
        )


def test_empty_catalog_file_is_refused_not_overwritten(reviewed, invoke):
    po_path(reviewed).write_bytes(b"")
    refused(invoke, reviewed, location=f"locales/ko/LC_MESSAGES/{DOC}.po", fragment="no header entry")


def test_catalog_with_crlf_line_ends_is_accepted_and_keeps_its_translations(reviewed, invoke):
    path = po_path(reviewed)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    pot = (reviewed / "locales" / f"{DOC}.pot").read_bytes()
    result = invoke(reviewed, "run", "--no-mt")
    ran(result)
    catalog = by_msgid(read_po(path))
    for msgid, msgstr in REVIEWED.items():
        assert catalog[msgid].msgstr == msgstr
        assert "fuzzy" not in catalog[msgid].flags
    assert (reviewed / "locales" / f"{DOC}.pot").read_bytes() == pot
    # The article shows them.
    article = (reviewed / "build" / "ko" / f"{DOC}.html").read_text(encoding="utf-8")
    assert f'<p class="kicker">{REVIEWED[KICKER]}</p>' in article


def test_catalog_with_utf8_bom_is_accepted(reviewed, invoke):
    path = po_path(reviewed)
    path.write_bytes(codecs.BOM_UTF8 + path.read_bytes())
    ran(invoke(reviewed, "run", "--no-mt"))
    assert by_msgid(read_po(path))[BYLINE].msgstr == REVIEWED[BYLINE]


def test_bad_catalog_leaves_the_other_documents_catalogs_alone(reviewed, invoke):
    """Every catalog is read before any is written: one bad catalog writes nothing at all."""
    (reviewed / "source" / "second.md").write_text("A second article. It has two sentences.\n", encoding="utf-8")
    ran(invoke(reviewed, "run", "--no-mt"))
    path = po_path(reviewed)
    path.write_text(path.read_text(encoding="utf-8").replace('msgstr "외교"', 'msgstr "외교', 1), encoding="utf-8")
    # A source change that would rewrite the second catalog if the run went on.
    (reviewed / "source" / "second.md").write_text("A second article. It has three sentences. Really.\n",
                                                   encoding="utf-8")
    before = files(reviewed)
    result = invoke(reviewed, "run", "--no-mt")
    assert result.exit_code == EXIT_BAD_INPUT
    assert f"error: locales/ko/LC_MESSAGES/{DOC}.po:" in result.output
    # The template of the changed document may be brought up to date (it is complete);
    # no catalog and no page is touched.
    assert [p for p in changed(before, files(reviewed)) if not p.endswith(".pot")] == []


# -- glossary.csv --------------------------------------------------------------------------


def _glossary_line(project: Path, term: str) -> int:
    lines = (project / "glossary.csv").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(term))


GLOSSARY_CASES = {
    # name: (edit of the text -> text, line (None: computed after), fragment)
    "no-header": (lambda t: t.split("\n", 1)[1], 1, "missing required column(s): en, ko; the header is Diplomacy,"),
    "missing-ko-column": (lambda t: t.replace("en,ko,", "en,kor,", 1), 1, "missing required column(s): ko"),
    "semicolon-separated": (
        lambda t: "en;ko;note\nDiplomacy;외교;\n",
        1,
        "the header has one column holding ';': save the file as comma-separated CSV",
    ),
    "row-missing-columns": (lambda t: t + "Harbour Master,항만장\n", "Harbour Master",
                            "2 fields where the header has 8"),
    "empty-korean": (lambda t: t.replace("Diplomacy,외교,", "Diplomacy,,", 1), "Diplomacy",
                     "term 'Diplomacy' has no ko translation"),
    "same-term-twice": (lambda t: t + "Diplomacy,외교부,,yes,no,,,\n", "LAST",
                        "term 'Diplomacy' is already defined at line 2 with a different translation"),
    "stray-quote": (lambda t: t + 'Harbour "Master,항만장,,,,,,\n', "Harbour",
                    "stray quote in 'Harbour \"Master'"),
    "unbalanced-quote": (lambda t: t + '"Harbour Master,항만장,,,,,,\n', "\"Harbour",
                         "malformed CSV (unexpected end of data): a quote is unbalanced or stray"),
    "cell-too-long": (lambda t: t + "Harbour Master,항만장," + "x" * 200_000 + ",,,,,\n", "Harbour",
                      "a cell of this row is longer than 131,072 characters, the most a glossary cell may hold"),
    "bad-flag": (lambda t: t + "Harbour Master,항만장,,perhaps,,,,\n", "Harbour",
                 "case must be yes or no, not 'perhaps'"),
    "empty-file": (lambda t: "", 1, "the file is empty"),
}


@pytest.mark.parametrize("case", sorted(GLOSSARY_CASES))
def test_malformed_glossary_is_refused_with_its_line(reviewed, invoke, case):
    edit, line, fragment = GLOSSARY_CASES[case]
    path = reviewed / "glossary.csv"
    text = edit(path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    if line == "LAST":
        line = len(text.splitlines())
    elif isinstance(line, str):
        line = _glossary_line(reviewed, line)
    refused(invoke, reviewed, location=f"glossary.csv:{line}", fragment=fragment)
    # 'glossary check' lists the same problem and exits 1 (checks failed).
    result = invoke(reviewed, "glossary", "check")
    assert result.exit_code == 1
    assert f"glossary.csv:{line}: error: " in result.output


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr"])
def test_glossary_saved_by_a_spreadsheet_in_a_korean_encoding_is_named(reviewed, invoke, encoding):
    # The lines a Korean spreadsheet can encode (en dashes and middle dots aside).
    text = (reviewed / "glossary.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if _encodable(line, encoding)]
    (reviewed / "glossary.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    first_korean = next(n for n, line in enumerate(lines, 1) if re.search("[가-힣]", line))
    message = refused(invoke, reviewed, location=f"glossary.csv:{first_korean}", fragment="not valid UTF-8 (byte 0x")
    assert message.endswith("it looks like CP949/EUC-KR (Korean); save it as UTF-8")


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize(
    "variant",
    [
        lambda data: codecs.BOM_UTF8 + data,
        lambda data: data.replace(b"\n", b"\r\n"),
        lambda data: codecs.BOM_UTF8 + data.replace(b"\n", b"\r\n"),
        lambda data: data.rstrip(b"\n"),
    ],
    ids=["bom", "crlf", "bom-crlf", "no-final-newline"],
)
def test_glossary_variants_spreadsheets_write_are_accepted(project, invoke, tmp_path, variant):
    """A BOM or CRLF changes nothing: the catalogs come out as with the plain file."""
    import shutil

    plain = tmp_path / "plain"
    shutil.copytree(project, plain)
    ran(invoke(plain, "run", "--no-mt"))
    path = project / "glossary.csv"
    path.write_bytes(variant(path.read_bytes()))
    result = invoke(project, "run", "--no-mt")
    ran(result)
    assert "filled 1 from glossary" in result.output
    for relative in (f"locales/ko/LC_MESSAGES/{DOC}.po", f"locales/{DOC}.pot", f"build/ko/{DOC}.html"):
        assert (project / relative).read_bytes() == (plain / relative).read_bytes(), relative
    assert by_msgid(read_po(po_path(project)))[KICKER].msgstr == "외교"


# -- source documents ------------------------------------------------------------------


SOURCE_CASES = {
    # name: (file name, bytes, location suffix, fragment)
    "cp949": ("seoul.txt", "Seoul.\n\n외교부 장관이 말했다.\n".encode("cp949"), ":3",
              "not valid UTF-8 (byte 0xbf); it looks like CP949/EUC-KR (Korean); save it as UTF-8"),
    "euc-kr-markdown": ("seoul.md", "# 외교\n\nText.\n".encode("euc-kr"), ":1", "it looks like CP949/EUC-KR (Korean)"),
    "windows-1252": ("paris.md", "The minister\u2019s caf\u00e9 \u201cdiplomacy\u201d.\n".encode("cp1252"), ":1",
                     "not valid UTF-8 (byte 0x92); it looks like Windows-1252/Latin-1 (Western European)"),
    "utf-16": ("u16.txt", "Text.\n".encode("utf-16"), ":1", "UTF-16 text"),
    "empty": ("empty.md", b"", "", "empty document: there is no text to translate"),
    "only-whitespace": ("blank.txt", b" \n\n\t\n", "", "empty document"),
    "front-matter-only": ("furniture.md", b"---\ndate: 2024-07-11\n---\n", "", "(accepted)"),
    "binary-with-nul": ("junk.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ":3",
                        "binary file (it contains NUL bytes), not a text document"),
    "escape-character": ("ctl.txt", b"First line.\nHello\x1b[31m world.\n", ":2",
                         "control character U+001B in the text; remove it"),
    "c1-control": ("c1.txt", "Line one.\nLine\u0085two.\n".encode("utf-8"), ":2", "control character U+0085"),
    "bad-front-matter": ("yaml.md", b"---\nheadline: [unclosed\n---\n\nBody.\n", ":2", "front matter is not valid YAML"),
    "front-matter-list": ("list.md", b"---\nheadline:\n  - a\n  - b\n---\n\nBody.\n", ":2",
                          "front matter key 'headline' must hold text"),
}


@pytest.mark.parametrize("case", sorted(SOURCE_CASES))
def test_bad_source_document_is_refused_before_anything_is_written(reviewed, invoke, case):
    name, data, where, fragment = SOURCE_CASES[case]
    (reviewed / "source" / name).write_bytes(data)
    if case == "front-matter-only":
        # Metadata and nothing to translate: an empty article, accepted with no entries.
        ran(invoke(reviewed, "run", "--no-mt"))
        assert [e.msgid for e in read_po(po_path(reviewed, "furniture")) if e.msgid] == []
        return
    refused(invoke, reviewed, location=f"source/{name}{where}", fragment=fragment)


def test_random_binary_junk_is_refused(reviewed, invoke):
    rnd = random.Random(6)
    for attempt in range(5):
        data = bytes(rnd.randrange(1, 256) for _ in range(4096))
        if attempt % 2:
            data = data[:1000] + b"\x00" + data[1000:]
            line, fragment = data.count(b"\n", 0, 1000) + 1, "binary file (it contains NUL bytes)"
        else:
            bad = _first_invalid_utf8(data)
            line, fragment = data.count(b"\n", 0, bad) + 1, f"not valid UTF-8 (byte 0x{data[bad]:02x})"
        (reviewed / "source" / "junk.txt").write_bytes(data)
        refused(invoke, reviewed, location=f"source/junk.txt:{line}", fragment=fragment)


def _first_invalid_utf8(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    raise AssertionError("the junk happens to be UTF-8")


@pytest.mark.parametrize("name", ["a\nb.md", "tab\there.txt", "...md", "..md", "back\\slash.md"])
def test_source_file_name_that_cannot_name_a_catalog_is_refused(reviewed, invoke, name):
    (reviewed / "source" / name).write_text("A sentence.\n", encoding="utf-8")
    before = files(reviewed)
    result = invoke(reviewed, "run", "--no-mt")
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert f"error: {reviewed / 'source'}: the file name {name!r} " in result.output
    assert "rename the file" in result.output
    assert changed(before, files(reviewed)) == []


def _long_paragraph(length: int, seed: int) -> str:
    rnd = random.Random(seed)
    words = ("the minister said that cooperation between Korea and NATO would deepen in defence cyber "
             "space and AI while officials from Seoul Brussels and Washington met on Tuesday").split()
    sentences, size = [], 0
    while size < length:
        sentence = " ".join(rnd.choice(words) for _ in range(rnd.randint(6, 30)))
        sentence = sentence[0].upper() + sentence[1:] + rnd.choice([".", ".", "?", "!"])
        sentences.append(sentence)
        size += len(sentence) + 1
    return " ".join(sentences)[:length].rsplit(" ", 1)[0] + "."


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_one_paragraph_of_100000_characters_is_accepted(reviewed, invoke, suffix):
    from dipl10n.source.document import read_document
    from dipl10n.source.segment import segment_document

    paragraph = _long_paragraph(100_000, seed=len(suffix))
    assert len(paragraph) > 99_000
    path = reviewed / "source" / f"long{suffix}"
    path.write_text(paragraph + "\n", encoding="utf-8")
    ran(invoke(reviewed, "run", "--no-mt"))
    # Every sentence made it into the catalog, and the sentences hold every character.
    sentences = [segment.text for segment in segment_document(read_document(path))]
    assert len(sentences) > 500
    assert _squash("".join(sentences)) == _squash(paragraph)
    assert {e.msgid for e in read_po(po_path(reviewed, "long")) if e.msgid} == set(sentences)
    text = (reviewed / "build" / "ko" / "long.txt").read_text(encoding="utf-8")
    assert _squash(paragraph) in _squash(text)


def _squash(text: str) -> str:
    return "".join(text.split())


def test_one_sentence_of_100000_characters_is_accepted(reviewed, invoke):
    text = " ".join(["word"] * 20_000)
    (reviewed / "source" / "wall.txt").write_text(text + "\n", encoding="utf-8")
    ran(invoke(reviewed, "run", "--no-mt"))
    [entry] = [e for e in read_po(po_path(reviewed, "wall")) if e.msgid]
    assert entry.msgid == text


# -- pyproject.toml and the environment -------------------------------------------------------


CONFIG_CASES = {
    "unknown-key": ('[tool.dipl10n]\nproject = "x"\ncolour = "red"\n', 3,
                    "unknown setting 'colour' in [tool.dipl10n]; known: glossary, languages"),
    "unknown-mt-key": ('[tool.dipl10n]\nproject = "x"\n\n[tool.dipl10n.mt]\nbeam = 3\n', 5,
                       "unknown setting 'beam' in [tool.dipl10n.mt]"),
    "bad-toml-string": ('[tool.dipl10n]\nproject = "x\nlanguages = ["ko"]\n', 2, "invalid TOML: "),
    "bad-toml-unclosed-array": ('[tool.dipl10n]\nproject = "x"\nlanguages = ["ko",\n', 3,
                                "invalid TOML: "),
    "bad-toml-duplicate-key": ('[tool.dipl10n]\nproject = "x"\nproject = "y"\n', 3, "invalid TOML: "),
    "tool-not-a-table": ('tool = 3\n', 1, "tool must be a table"),
    "dipl10n-not-a-table": ('[tool]\ndipl10n = "yes"\n', 2, "[tool.dipl10n] must be a table"),
    "languages-not-a-list": ('[tool.dipl10n]\nlanguages = 3\n', 2, "languages must be a list of locale codes"),
    "unknown-language": ('[tool.dipl10n]\nlanguages = ["ko", "../../etc"]\n', 2, "languages: '../../etc' is not a language code"),
    "negative-beam": ('[tool.dipl10n]\n[tool.dipl10n.mt]\nbeam_size = -4\n', 3,
                      "mt.beam_size must be an integer from 1 to 64, not -4"),
}


@pytest.mark.parametrize("case", sorted(CONFIG_CASES))
def test_bad_pyproject_toml_names_file_and_line(reviewed, invoke, case):
    text, line, fragment = CONFIG_CASES[case]
    (reviewed / "pyproject.toml").write_text(text, encoding="utf-8")
    refused(invoke, reviewed, location=f"{reviewed / 'pyproject.toml'}:{line}", fragment=fragment)


def test_pyproject_toml_not_in_utf8_names_the_line(reviewed, invoke):
    (reviewed / "pyproject.toml").write_bytes('[tool.dipl10n]\nproject = "외교 저널"\n'.encode("cp949"))
    refused(invoke, reviewed, location=f"{reviewed / 'pyproject.toml'}:2", fragment="not UTF-8 (byte 0xbf)")


@pytest.mark.parametrize("value", ["soon", "-1", "nan", "inf"])
def test_bad_lock_timeout_in_the_environment(reviewed, invoke, monkeypatch, value):
    monkeypatch.setenv("DIPL10N_LOCK_TIMEOUT", value)
    before = files(reviewed)
    result = invoke(reviewed, "run", "--no-mt")
    assert result.exit_code == EXIT_BAD_INPUT
    assert f"error: DIPL10N_LOCK_TIMEOUT must be a number of seconds (0 or more), not {value!r}" in result.output
    assert changed(before, files(reviewed)) == []


# -- Argos packages through 'dipl10n model install FILE' ----------------------------------------


@pytest.fixture
def packages_project(project: Path, tmp_path: Path) -> Path:
    packages = tmp_path / "packages"
    (project / "pyproject.toml").write_text(
        '[tool.dipl10n]\nproject = "Diplomacy Journal"\nlanguages = ["ko"]\n\n'
        f'[tool.dipl10n.mt]\npackages_dir = "{packages.as_posix()}"\n',
        encoding="utf-8",
    )
    return project


def _evil(factory) -> Path:
    """An absolute path outside every project and packages folder, that a hostile archive names."""
    return factory.getbasetemp() / "dipl10n-evil"


def _archives(factory) -> dict[str, tuple[bytes, str]]:
    from helpers import argos as af

    def build() -> dict[str, tuple[bytes, str]]:
        good = af.package_entries(factory)
        top = "translate-en_ko-1_0"
        tmp = factory.mktemp("cli-bad-packages")

        def zipped(name: str, entries) -> bytes:
            return af.write_zip(tmp / f"{name}.zip", entries).read_bytes()

        def without(suffix: str):
            return [e for e in good if not e[0].endswith(suffix)]

        return {
            "not-a-zip": (b"PK\x03\x04 this is not really a zip", "not an Argos package: the file is not a zip archive"),
            "html-error-page": (b"<html><body>404 Not Found</body></html>", "not a zip archive"),
            "no-metadata": (zipped("nometa", without("metadata.json")), f"the archive has no {top}/metadata.json"),
            "wrong-pair": (zipped("pair", af.package_entries(factory, to_code="de")),
                           "this package translates en→de, not en→ko"),
            "no-model": (zipped("nomodel", without("model.bin")), f"the archive has no {top}/model/model.bin"),
            "no-tokenizer": (zipped("notok", without("sentencepiece.model")), "the archive has no tokenizer"),
            "absolute-path": (zipped("abs", good + [(str(_evil(factory)), b"x")]),
                              f"entry '{_evil(factory)}' has an absolute path"),
            "dotdot": (zipped("dotdot", good + [("../../dipl10n-evil", b"x")]),
                       "entry '../../dipl10n-evil' points outside the package (..)"),
            "nested-dotdot": (zipped("nested", good + [(f"{top}/model/../../../dipl10n-evil", b"x")]),
                              "points outside the package (..)"),
            "symlink": (zipped("link", good + [af.symlink_entry(f"{top}/model/passwd", "/etc/passwd")]),
                        "is a symbolic link"),
        }

    return af.cached("reliability-cli-archives", build)


@pytest.mark.parametrize(
    "case",
    ["not-a-zip", "html-error-page", "no-metadata", "wrong-pair", "no-model", "no-tokenizer", "absolute-path",
     "dotdot", "nested-dotdot", "symlink"],
)
def test_model_install_refuses_a_bad_package_and_installs_nothing(
    packages_project, invoke, tmp_path, tmp_path_factory, case
):
    data, fragment = _archives(tmp_path_factory)[case]
    incoming = tmp_path / "downloads" / "deep" / "translate-en_ko.argosmodel"
    incoming.parent.mkdir(parents=True)
    incoming.write_bytes(data)
    packages = tmp_path / "packages"
    outside_before = _tree(tmp_path, exclude=packages)
    project_before = files(packages_project)
    result = invoke(packages_project, "model", "install", str(incoming))
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert result.output.startswith(f"error: {incoming}: "), result.output
    assert fragment in result.output
    # Nothing installed, no work files left (the directory may have been created), nothing
    # written anywhere else: not next to the archive, not in the project, not above them.
    assert _tree(packages) == []
    assert _tree(tmp_path, exclude=packages) == outside_before
    assert changed(project_before, files(packages_project)) == []
    assert not _evil(tmp_path_factory).exists()
    listed = invoke(packages_project, "model", "list")
    assert "(none)" in listed.output


def test_model_install_of_a_good_package_then_a_bad_one_keeps_the_good_one(
    packages_project, invoke, tmp_path, tmp_path_factory
):
    from helpers import argos as af

    good = af.package_file(tmp_path_factory, "tiny")
    result = invoke(packages_project, "model", "install", str(good))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("installed ")
    packages = tmp_path / "packages"
    installed = _tree(packages)
    data, _ = _archives(tmp_path_factory)["dotdot"]
    bad = tmp_path / "bad.argosmodel"
    bad.write_bytes(data)
    result = invoke(packages_project, "model", "install", str(bad))
    assert result.exit_code == EXIT_BAD_INPUT
    assert _tree(packages) == installed
    assert "en→ko" in invoke(packages_project, "model", "list").output


def test_model_install_of_a_missing_file(packages_project, invoke, tmp_path):
    missing = tmp_path / "nowhere.argosmodel"
    result = invoke(packages_project, "model", "install", str(missing))
    assert result.exit_code == EXIT_BAD_INPUT
    assert f"error: {missing}: no such package file" in result.output


def _tree(root: Path, *, exclude: Path | None = None) -> list[tuple[str, str]]:
    """Every path under ``root`` with a digest of its content ('' for directories)."""
    if not root.exists():
        return []
    rows = []
    for path in sorted(root.rglob("*")):
        if exclude is not None and (path == exclude or exclude in path.parents):
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        rows.append((path.relative_to(root).as_posix(), digest))
    return rows
