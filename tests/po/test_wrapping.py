"""po_wrap: dipl10n writes a catalog wrapped the way it already is, so it and a reviewer's tool never rewrap each other.

A catalog a tool saved at another width (Weblate and translate-toolkit: 77; Weblate's "no wrapping": 65535 or
msgcat's ``--no-wrap``) keeps that width when a run rewrites it; ``po_wrap`` in ``[tool.dipl10n]`` says one
wrapping for every catalog instead (``"gnu"``, ``"none"``, a width).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dipl10n.errors import ConfigError
from dipl10n.po import generate_po, parse_po
from dipl10n.po.linebreak import char_width
from dipl10n.po.states import catalog_editor, edited_by, record_reviewer_actions
from dipl10n.po.writer import Wrapping, detect_wrapping, parse_wrapping, poedit_width, poedit_wrapping
from dipl10n.project.config import load_config
from helpers.briefing import CORRECTION
from helpers.catalogs import catalog, msgcat, needs_gettext
from helpers.projects import po_path, ran

LONG = "President Yoon Suk-yeol met with Secretary General"


@pytest.mark.parametrize(
    ("value", "wrapping"),
    [("auto", None), ("gnu", Wrapping()), ("none", Wrapping(wrap=False)), (77, Wrapping(77)), (65535, Wrapping(65535))],
)
def test_po_wrap_values(value, wrapping) -> None:
    assert parse_wrapping(value) == wrapping


@pytest.mark.parametrize("value", ["wide", 10, -1, True, 77.5, ""])
def test_a_bad_po_wrap_names_the_file_and_line(tmp_path: Path, value) -> None:
    written = f'"{value}"' if isinstance(value, str) else str(value).lower()
    (tmp_path / "pyproject.toml").write_text(f"[tool.dipl10n]\nglossary = false\npo_wrap = {written}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    assert raised.value.line == 3 and "po_wrap must be" in raised.value.message


def _saved_by_a_tool(path: Path, *options: str) -> str:
    """The catalog as a reviewer's tool saves it: msgcat with the tool's wrapping option."""
    text = msgcat(path.read_text(encoding="utf-8"), *options)
    path.write_text(text, encoding="utf-8")
    return text


def _translate(path: Path, msgid: str, msgstr: str, *options: str) -> None:
    """A reviewer's edit, saved by the same tool: the entry's msgstr replaced, then the tool's wrapping."""
    from dipl10n.po import generate_po, read_po

    catalog = read_po(path)
    for entry in catalog:
        if entry.msgid == msgid:
            entry.msgstr = msgstr
    path.write_text(msgcat(generate_po(catalog), *options), encoding="utf-8")


@needs_gettext
@pytest.mark.parametrize("options", [("--width=77",), ("--no-wrap",), ("--width=65535",)], ids=["77", "no-wrap", "65535"])
def test_a_catalog_keeps_the_wrapping_its_tool_saved_it_with(project: Path, invoke, options) -> None:
    ran(invoke(project, "run", "--no-mt"))
    path = po_path(project)
    _saved_by_a_tool(path, *options)
    # A reviewer translates a long sentence, and the editor adds a sentence: the run has a change to write.
    source = project / "source" / "nato-yoon-stoltenberg.md"
    long_msgid = next(line for line in source.read_text(encoding="utf-8").splitlines() if line.startswith(LONG))
    _translate(path, long_msgid, "윤석열 대통령은 7월 11일 옌스 스톨텐베르그 북대서양조약기구(NATO) 사무총장을 면담하고, "
               "주요 국제 현안과 한-NATO 협력에 대해 의견을 교환했다.", *options)  # fmt: skip
    source.write_text(source.read_text(encoding="utf-8") + "\nA new closing sentence.\n", encoding="utf-8")
    ran(invoke(project, "run", "--no-mt"))
    written = path.read_text(encoding="utf-8")
    assert "A new closing sentence." in written
    # Written the tool's way: its save changes no byte, and the next run changes none either.
    assert msgcat(written, *options) == written
    ran(invoke(project, "run", "--no-mt"))
    assert path.read_text(encoding="utf-8") == written


@needs_gettext
def test_po_wrap_gnu_rewraps_every_catalog_at_gnus_width(project: Path, invoke) -> None:
    ran(invoke(project, "run", "--no-mt"))
    path = po_path(project)
    _saved_by_a_tool(path, "--width=77")
    config = project / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'po_wrap = "gnu"\n', encoding="utf-8")
    saved = path.read_bytes()
    ran(invoke(project, "run", "--no-mt"))
    # A catalog whose content dipl10n does not change is not rewritten, not even rewrapped.
    assert path.read_bytes() == saved and msgcat(saved.decode("utf-8"), "--width=77") == saved.decode("utf-8")
    source = project / "source" / "nato-yoon-stoltenberg.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new closing sentence.\n", encoding="utf-8")
    ran(invoke(project, "run", "--no-mt"))
    written = path.read_text(encoding="utf-8")
    assert "A new closing sentence." in written
    assert msgcat(written) == written and msgcat(written, "--width=77") != written


# -- Poedit ---------------------------------------------------------------------------------
#
# Poedit 3 saves a catalog by writing it and then running ``msgcat --force-po --width=N`` on it (POCatalog::Save in
# catalog_po.cpp), N being the longest line it found in the file when it opened it, counted in *characters*
# (POCatalogParser::ReadTextLine), where msgcat counts columns: a Hangul syllable is one character and two columns.
# The files under tests/po/poedit/ are real: each ``X.po`` was opened in Poedit 3.2.2 (Debian 12, its gettext 0.21)
# and saved as ``X.saved.po`` (no edit) or ``X.edited.po`` (the second sentence retyped), by tests/po/test_poedit.py's
# driver; ``POEDIT_TRACES`` holds what Poedit's own trace said (WXTRACE=poedit): "detect line wrapping: N", then
# "formatting file with msgcat --force-po --width=N" (``--no-wrap`` where it says -1).

POEDIT_DIR = Path(__file__).parent / "poedit"
#: Opened, saved, the width Poedit traced (``None``: -1, no wrapping).
POEDIT_TRACES = [
    ("korean.po", "korean.saved.po", 49),
    ("unwrapped.po", "unwrapped.saved.po", None),
    ("briefing.po", "briefing.edited.po", 75),
]


def _fixture(name: str) -> str:
    return (POEDIT_DIR / name).read_text(encoding="utf-8")


def _parsed(text: str) -> polib.POFile:
    return parse_po(text.encode("utf-8"), path="x.po")


def _columns(line: str) -> int:
    return sum(max(char_width(char), 0) for char in line)


@pytest.mark.parametrize(("opened", "saved", "width"), POEDIT_TRACES)
def test_poedit_measures_the_longest_line_in_characters(opened: str, saved: str, width: int | None) -> None:
    assert poedit_width(_fixture(opened)) == width


@pytest.mark.parametrize(("opened", "saved", "width"), POEDIT_TRACES)
def test_poedit_saves_as_msgcat_at_the_width_it_measured(opened: str, saved: str, width: int | None) -> None:
    wrapping = poedit_wrapping(_fixture(opened))
    assert wrapping == (Wrapping(width) if width else Wrapping(wrap=False))
    text = _fixture(saved)
    assert wrapping.generate(_parsed(text)) == text


def test_the_korean_lines_gnu_fills_to_79_columns_are_what_poedit_rewraps() -> None:
    """Issue 20: in a catalog whose English never reaches column 79, Poedit's width is that of the English."""
    opened, saved = _fixture("briefing.po"), _fixture("briefing.edited.po")
    assert Wrapping().generate(_parsed(opened)) == opened  # dipl10n's own file, GNU's 79 columns
    wide = [line for line in opened.splitlines() if _columns(line) > 75 and not line.startswith("#")]
    # Seven Korean lines of 77 to 79 columns, fewer than 50 characters each: three end at column 79, two of them
    # in a syllable ("...만", "...확대").
    assert [_columns(line) for line in wide] == [79, 79, 78, 78, 77, 79, 78] and all(len(line) < 50 for line in wide)
    assert [line[-2] for line in wide if _columns(line) == 79] == ["만", "대", " "]
    assert not set(wide) & set(saved.splitlines())
    assert max(_columns(line) for line in saved.splitlines() if not line.startswith("#")) == 75


def test_a_catalog_poedit_saved_is_written_the_way_poedit_settles_it() -> None:
    text = _fixture("briefing.edited.po")
    po = _parsed(text)
    wrapping = detect_wrapping(text, po)
    assert wrapping == Wrapping(75, poedit=True)
    assert wrapping.generate(po) == text  # nothing changed: the same bytes
    # The next run records the reviewer's edit of the machine draft (a comment line) and writes the catalog.
    edited = next(entry for entry in po if entry.msgstr == CORRECTION)
    assert record_reviewer_actions(edited, editor=catalog_editor(po.metadata))
    assert edited_by(edited) == "Kim Min-ji, " + po.metadata["PO-Revision-Date"][:10]
    written = wrapping.generate(po)
    assert [line for line in written.splitlines() if not line.startswith("# ")] == [
        line for line in text.splitlines() if not line.startswith("# ")
    ]
    assert poedit_wrapping(written).generate(po) == written  # Poedit's next save changes nothing
    # What dipl10n wrote before: GNU's 79 columns (75 is no width it tried), which Poedit's save rewraps again.
    gnu = Wrapping().generate(po)
    assert poedit_wrapping(gnu) == Wrapping(75) and Wrapping(75).generate(po) != gnu


def test_poedit_settles_in_as_many_saves_as_it_takes() -> None:
    """Poedit's own save of korean.po is not settled: the header line it wrapped is 45 characters long.

    Saved again, Poedit measures 45 and rewraps once more (test_poedit.py checks that with Poedit); dipl10n writes
    the catalog as it ends up.
    """
    text = _fixture("korean.saved.po")
    po = _parsed(text)
    assert poedit_width(text) == 45 and '"Last-Translator: Kim Min-ji <minji@example."' in text.splitlines()
    wrapping = detect_wrapping(text, po)
    assert wrapping == Wrapping(45, poedit=True)
    settled = wrapping.generate(po)
    assert settled != text and settled == Wrapping(45).generate(po)
    assert poedit_wrapping(settled).generate(po) == settled
    # From the file dipl10n wrote: the same text, two Poedit saves later.
    assert Wrapping(49, poedit=True).generate(po) == settled


def test_a_catalog_poedit_saved_unwrapped_stays_unwrapped() -> None:
    text = _fixture("unwrapped.saved.po")
    po = _parsed(text)
    assert max(_columns(line) for line in text.splitlines()) > 79
    assert detect_wrapping(text, po) == Wrapping(wrap=False, poedit=True)
    assert detect_wrapping(text, po).generate(po) == text


def test_po_wrap_poedit_writes_every_catalog_as_poedit_settles_it() -> None:
    assert parse_wrapping("poedit") == Wrapping(poedit=True)
    po = _parsed(_fixture("briefing.po"))
    written = Wrapping(poedit=True).generate(po)
    assert written == Wrapping(75).generate(po)
    assert poedit_wrapping(written).generate(po) == written


def test_a_file_only_other_tools_name_is_never_taken_for_poedits() -> None:
    """Without Poedit in ``X-Generator``, a file at a width no tool uses is GNU's, as before."""
    text = _fixture("briefing.edited.po").replace("X-Generator: Poedit 3.2.2", "X-Generator: Lokalize 23.08")
    assert detect_wrapping(text, _parsed(text)) == Wrapping()


def test_what_poedit_leaves_out_of_its_measure() -> None:
    """The rule of ReadTextLine: the first line, comments, lines ending in \\n, a lone msgid "" or msgstr "" and
    lines with no space after their third character do not count; a string continued after any other line is
    wrapped (a plural's ``msgstr[0] ""`` is not one of the exceptions)."""
    long = "x " * 60
    header = f'# {long}\nmsgid ""\nmsgstr ""\n"Project-Id-Version: {long}\\n"\n\n'
    assert poedit_width(f"#, {long}\n" + header + f'#. {long}\n# {long}\nmsgid "a b"\nmsgstr ""\n"c d\\n"\n"e"\n') is None
    assert poedit_width(header + 'msgid "a b c"\nmsgstr ""\n"d e "\n"f"\n') == len('msgid "a b c"')
    assert poedit_width(header + f'#: {"y" * 90} z\nmsgid ""\n"a "\n"b"\nmsgstr "c"\n') == 95
    assert poedit_width(header + 'msgid "a"\nmsgid_plural "b"\nmsgstr[0] ""\n"c\\n"\n') == len('msgid_plural "b"')
    # msgcat's own limits: --width=0 is no limit (references too), a width under 20 is 20.
    assert poedit_wrapping(header + 'msgid ""\n"ab"\n"cd"\nmsgstr ""\n').width == (1 << 31) - 1
    assert poedit_wrapping(header + 'msgid "a b"\nmsgstr ""\n"cd"\n"e"\n').width == 20


@needs_gettext
def test_poedits_msgcat_limits_are_msgcats() -> None:
    po = _parsed(_fixture("briefing.po"))
    for option, wrapping in (("--width=0", Wrapping((1 << 31) - 1)), ("--width=12", Wrapping(20))):
        assert msgcat(generate_po(po), option) == wrapping.generate(po)


_SYLLABLES = "가나다라마바사아자차카타파하국민대통령회담협력강화안보동맹정상외교"
_WORDS = "the president met with secretary general of north atlantic treaty organization and discussed cooperation".split()
_korean = st.lists(st.text(_SYLLABLES, min_size=1, max_size=6), min_size=0, max_size=50).map(" ".join)
_english = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=40).map(" ".join)


@st.composite
def _korean_catalogs(draw) -> polib.POFile:
    msgids = draw(st.lists(_english, min_size=1, max_size=6, unique=True))
    return catalog(*[
        polib.POEntry(msgid=msgid, msgstr=draw(_korean), occurrences=[("source/a.md", str(line))])
        for line, msgid in enumerate(msgids)
    ])  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_korean_catalogs(), st.sampled_from([79, 78, 77, 76, 75, 60, 45]))
def test_what_dipl10n_writes_for_poedit_poedit_saves_unchanged(po: polib.POFile, width: int) -> None:
    written = Wrapping(width, poedit=True).generate(po)
    assert poedit_wrapping(written).generate(po) == written
    # Read back (dipl10n's next run, content unchanged): the same wrapping, the same bytes.
    back = parse_po(written.encode("utf-8"), path="x.po")
    assert detect_wrapping(written, back) == replace(poedit_wrapping(written), poedit=True)
    assert detect_wrapping(written, back).generate(back) == written
