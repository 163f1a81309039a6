"""Catalogs through the tools a translation team uses, each followed by ``dipl10n run``, twice.

The catalog starts drafted and partly reviewed: machine drafts left as they
are, one approved unchanged, one corrected by a reviewer whose source sentence
then changed (fuzzy, ``#|``), one draft that lost a glossary term (a
``term-missing:`` note), an obsolete entry, and two entries another tool
added (one with a message context, one with plural forms). Then, for each
tool: tool → ``dipl10n run`` → tool → ``dipl10n run``. After the first cycle
nothing the tool kept is lost (translations, fuzzy marks, provenance,
previous msgids, obsolete entries) and dipl10n's template hints are back;
the second cycle changes no byte.

Where a tool itself destroys information, :data:`LOSSES` states what, and
dipl10n loses nothing more. ``docs/catalogs.md`` has this table.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from dipl10n.cli.app import cli
from dipl10n.po import generate_po, read_po
from dipl10n.po.model import comment_lines, key, msgstrs
from dipl10n.po.states import set_missing_terms, set_origin, text_digest
from dipl10n.project.session import Project
from dipl10n.run.pipeline import run_project
from dipl10n.run.results import DraftOptions
from helpers.engines import DoubleEngine, koreanish
from helpers.projects import DOC, ran

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
GNU = ("msgcat", "msgmerge", "msguniq", "msgattrib")
needs_gettext = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in GNU), reason="GNU gettext tools are not installed"
)

APPROVED = "In response, Stoltenberg said that strengthening cooperation"
CORRECTED = "President Yoon Suk-yeol met with Secretary General"
REMOVED = "The signing is expected to further"
LOST_TERM = "President Yoon meets with NATO Secretary General Stoltenberg"
FOREIGN_CONTEXT = ("newsletter", "Read the full statement")
FOREIGN_PLURAL = "{n} sentence"


def _entry(po: polib.POFile, start: str) -> polib.POEntry:
    return next(e for e in po if e.msgid.startswith(start) and e.msgctxt is None and not e.obsolete)


def _run(root: Path) -> None:
    # Machine drafts may fail checks: the run still writes everything (exit 1 from the publishing gate).
    ran(CliRunner().invoke(cli, ["run", "--no-mt", "--project", str(root)]))


@pytest.fixture(scope="module")
def team_catalog(tmp_path_factory) -> tuple[Path, bytes]:
    """A project after drafting, reviewing and a source edit; returns it and its catalog's bytes."""
    root = tmp_path_factory.mktemp("team") / "project"
    root.mkdir()
    shutil.copytree(REPO / "source", root / "source")
    shutil.copy(REPO / "glossary.csv", root / "glossary.csv")
    (root / "pyproject.toml").write_text('[tool.dipl10n]\nproject = "Diplomacy Journal"\nlanguages = ["ko"]\n')
    run_project(Project.load(root), draft=DraftOptions(lambda lang: DoubleEngine(koreanish)))
    path = root / "locales" / "ko" / "LC_MESSAGES" / f"{DOC}.po"
    po = read_po(path)
    _entry(po, APPROVED).fuzzy = False
    for start in (CORRECTED, REMOVED):
        corrected = _entry(po, start)
        corrected.msgstr = corrected.msgstr + " (검토함)"
        corrected.fuzzy = False
    lost = _entry(po, LOST_TERM)
    lost.msgstr = "윤 대통령, 사무총장과 회동"
    set_origin(lost, "machine translation (double translate-en_ko 1.0)")
    set_missing_terms(lost, ["NATO"])
    po.append(polib.POEntry(msgctxt=FOREIGN_CONTEXT[0], msgid=FOREIGN_CONTEXT[1], msgstr="성명 전문 보기",
                            tcomment="added by a developer"))
    po.append(polib.POEntry(msgid=FOREIGN_PLURAL, msgid_plural="{n} sentences", msgstr_plural={0: "{n}개 문장"},
                            flags=["python-brace-format"]))
    path.write_text(generate_po(po), encoding="utf-8")
    source = root / "source" / f"{DOC}.md"
    text = source.read_text(encoding="utf-8")
    removed = _entry(po, REMOVED).msgid
    text = text.replace("exchanged views on", "exchanged opinions on").replace(" " + removed, "")
    source.write_text(text, encoding="utf-8")
    _run(root)
    return root, path.read_bytes()


def _facts(po: polib.POFile) -> dict:
    """What must survive, by entry: translation, fuzzy mark, provenance, previous msgid, obsolete."""
    facts = {}
    for entry in po:
        notes = [line for line in comment_lines(entry.tcomment) if line.startswith(("origin: ", "term-missing: "))]
        facts[key(entry)] = {
            "msgstr": tuple(msgstrs(entry)),
            "fuzzy": "fuzzy" in entry.flags,
            "notes": tuple(notes),
            "previous": entry.previous_msgid,
            "obsolete": entry.obsolete,
        }
    return facts


def test_the_starting_catalog_has_every_kind_of_entry(team_catalog) -> None:
    _, data = team_catalog
    po = polib.pofile(data.decode("utf-8"))
    facts = _facts(po)
    states = list(facts.values())
    assert any(f["fuzzy"] and f["notes"] and f["notes"][0].startswith("origin: machine") for f in states)
    assert any(not f["fuzzy"] and f["notes"] and f["msgstr"][0] for f in states)  # approved draft
    assert any(f["fuzzy"] and f["previous"] for f in states)  # out of date, with #|
    assert any(f["obsolete"] for f in states)
    assert any(n.startswith("term-missing: NATO") for f in states for n in f["notes"])
    assert FOREIGN_CONTEXT in facts and not facts[FOREIGN_CONTEXT]["obsolete"]
    assert (None, FOREIGN_PLURAL) in facts
    assert "#. glossary (ko): Secretary General = 사무총장" in data.decode("utf-8")


# -- the tools ------------------------------------------------------------------------------


def _gnu(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)


def msgcat(po: Path, pot: Path) -> None:
    _gnu("msgcat", "-o", str(po), str(po))


def msgmerge_previous(po: Path, pot: Path) -> None:
    _gnu("msgmerge", "--quiet", "--update", "--backup=off", "--previous", str(po), str(pot))


def msgmerge(po: Path, pot: Path) -> None:
    _gnu("msgmerge", "--quiet", "--update", "--backup=off", str(po), str(pot))


def msguniq(po: Path, pot: Path) -> None:
    _gnu("msguniq", "-o", str(po), str(po))


def msgattrib_clear_fuzzy(po: Path, pot: Path) -> None:
    _gnu("msgattrib", "--clear-fuzzy", "-o", str(po), str(po))


def polib_save(po: Path, pot: Path) -> None:
    catalog = polib.pofile(str(po))
    catalog.save(str(po))


def toolkit_save(po: Path, pot: Path) -> None:
    from translate.storage import po as toolkit

    with open(po, "rb") as handle:
        store = toolkit.pofile(handle)
    po.write_bytes(bytes(store))


def babel_save(po: Path, pot: Path) -> None:
    from babel.messages.pofile import read_po as babel_read
    from babel.messages.pofile import write_po as babel_write

    with open(po, "rb") as handle:
        catalog = babel_read(handle)
    with open(po, "wb") as handle:
        babel_write(handle, catalog, include_previous=True)


def xliff_round_trip(po: Path, pot: Path) -> None:
    from translate.convert import po2xliff, xliff2po

    xlf = po.with_suffix(".xlf")
    before = po.read_bytes()
    for converter, source, target in ((po2xliff, po, xlf), (xliff2po, xlf, po)):
        converter.main(["--progress=none", str(source), str(target)])
    xlf.unlink()
    assert po.read_bytes() != before  # the converters really rewrote it


Tool = Callable[[Path, Path], None]

Facts = dict
Loss = Callable[[tuple, Facts], tuple[tuple, Facts]]


def _no_previous(entry_key: tuple, facts: Facts) -> tuple[tuple, Facts]:
    return entry_key, {**facts, "previous": None}


def _foreign_obsolete(entry_key: tuple, facts: Facts) -> tuple[tuple, Facts]:
    foreign = entry_key[0] is not None or len(facts["msgstr"]) > 1 or entry_key == (None, FOREIGN_PLURAL)
    return entry_key, {**facts, "obsolete": True} if foreign else facts


def _approved(entry_key: tuple, facts: Facts) -> tuple[tuple, Facts]:
    # Clearing the fuzzy mark approves: the next merge drops an approved entry's #| (msgmerge's rule too),
    # and dipl10n records the approval of an unedited machine draft in its origin line.
    if not facts["fuzzy"]:
        return entry_key, facts
    notes = tuple(
        note.replace(" #", ", approved #")
        if note.startswith("origin: machine translation") and ", approved" not in note
        and note.endswith("#" + text_digest(facts["msgstr"][0]))
        else note
        for note in facts["notes"]
    )
    return entry_key, {**facts, "fuzzy": False, "previous": None, "notes": notes}


def _context_lost(entry_key: tuple, facts: Facts) -> tuple[tuple, Facts]:
    # Without its context the entry is an ordinary one the template lacks: obsolete after a merge.
    return ((None, entry_key[1]), {**facts, "obsolete": True}) if entry_key[0] is not None else (entry_key, facts)


#: What each tool itself destroys (and how that shows in the facts); dipl10n must lose nothing more.
LOSSES: dict[str, tuple[tuple[str, Loss], ...]] = {
    "msgcat": (),
    "msgmerge --previous": (("entries the template lacks (msgctxt, plural) become obsolete", _foreign_obsolete),),
    "msgmerge": (
        ("#| previous msgids are dropped", _no_previous),
        ("entries the template lacks (msgctxt, plural) become obsolete", _foreign_obsolete),
    ),
    "msguniq": (),
    "msgattrib --clear-fuzzy": (("every fuzzy mark is cleared (what it is for)", _approved),),
    "polib": (),
    "translate-toolkit": (),
    "babel": (("#| previous msgids become translator comments ('# | msgid ...')", _no_previous),),
    "po2xliff → xliff2po": (
        ("#| previous msgids are dropped (XLIFF 1.2 has no place for them)", _no_previous),
        ("message contexts are lost, so an entry that had one is obsolete after the next merge", _context_lost),
    ),
}


TOOLS: dict[str, tuple[Tool, bool]] = {
    "msgcat": (msgcat, True),
    "msgmerge --previous": (msgmerge_previous, True),
    "msgmerge": (msgmerge, True),
    "msguniq": (msguniq, True),
    "msgattrib --clear-fuzzy": (msgattrib_clear_fuzzy, True),
    "polib": (polib_save, False),
    "translate-toolkit": (toolkit_save, False),
    "babel": (babel_save, False),
    "po2xliff → xliff2po": (xliff_round_trip, False),
}


def _expected(before: dict, tool: str) -> dict:
    """The facts of ``before`` with what ``tool`` itself destroys taken away."""
    expected = {}
    for entry_key, facts in before.items():
        for _, loss in LOSSES[tool]:
            entry_key, facts = loss(entry_key, facts)
        expected[entry_key] = facts
    return expected


@pytest.mark.parametrize("tool", list(TOOLS))
def test_tool_then_run_loses_nothing_and_settles(tool: str, team_catalog, tmp_path) -> None:
    function, gnu = TOOLS[tool]
    if gnu and not all(shutil.which(name) for name in GNU):
        pytest.skip("GNU gettext tools are not installed")
    original_root, data = team_catalog
    root = tmp_path / "project"
    shutil.copytree(original_root, root)
    path = root / "locales" / "ko" / "LC_MESSAGES" / f"{DOC}.po"
    pot = root / "locales" / f"{DOC}.pot"
    before = _facts(read_po(path))

    function(path, pot)
    _run(root)
    first = path.read_bytes()
    after = _facts(read_po(path))
    expected = _expected(before, tool)
    for entry_key in expected:
        assert after.get(entry_key) == expected[entry_key], (tool, entry_key)
    assert set(after) == set(expected), tool
    text = first.decode("utf-8")
    assert "#. glossary (ko): Secretary General = 사무총장" in text
    assert "#. role: headline" in text
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)]).returncode == 0

    function(path, pot)
    _run(root)
    assert path.read_bytes() == first, f"a second {tool} → run cycle changed the catalog"
