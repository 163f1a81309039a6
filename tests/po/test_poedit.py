"""Poedit itself, under Xvfb: its saves and ``dipl10n run`` settle, and never rewrap each other's lines (issue 20).

Poedit 3 saves a catalog through ``msgcat --width=N``, N being the longest line
it finds in the file counted in characters (``dipl10n.po.writer.poedit_width``):
in a Korean catalog whose English never reaches column 79 that is less than
the 79 columns GNU fills, and Poedit rewraps the Korean lines. dipl10n writes a
catalog Poedit saved the way Poedit settles it, so neither undoes the other.

Each cycle is what a reviewer does: open the catalog in Poedit, save it (with
no edit, or after retyping one translation), then ``dipl10n run --no-mt``
twice. The second run never changes a byte, and neither does the second cycle
but for the minute Poedit stamps in ``PO-Revision-Date`` whenever it saves.

Debian: ``apt-get install poedit xvfb xdotool``; without them every test here
is skipped, with that reason (:func:`test_without_poedit_these_tests_are_skipped_with_the_reason`
checks that, as on a CI machine that cannot install them).
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from dipl10n.cli.app import cli
from dipl10n.po import generate_po, parse_po, read_po
from dipl10n.po.states import edited_by, set_origin
from dipl10n.po.writer import Wrapping, detect_wrapping, poedit_width, poedit_wrapping
from dipl10n.project.session import Project
from dipl10n.run.pipeline import extract, sync
from helpers import briefing
from helpers.poedit import Poedit, PoeditError, missing, wrapping_traces
from helpers.projects import DOC, po_path, ran

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "poedit"
needs_poedit = pytest.mark.skipif(missing() is not None, reason=missing() or "")
#: The entry (in file order) holding the machine draft of the briefing's second sentence.
DRAFT = 5


def _run(root: Path) -> None:
    ran(CliRunner().invoke(cli, ["run", "--no-mt", "--project", str(root)]))


def _unstamped(text: str) -> str:
    """``text`` without the minute Poedit writes into ``PO-Revision-Date`` at every save (and its version)."""
    text = re.sub(r'^"PO-Revision-Date: [^"]*\\n"$', '"PO-Revision-Date: (stamped)\\\\n"', text, flags=re.M)
    return re.sub(r'^"X-Generator: Poedit [^"]*\\n"$', '"X-Generator: Poedit\\\\n"', text, flags=re.M)


def _changed(before: str, after: str) -> list[str]:
    """The lines removed and added between two versions of a catalog."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def _strings(text: str) -> list[str]:
    """The lines of a catalog's entries that msgcat wraps (strings, file references), not the header's."""
    entries = text.split("\n\n", 1)[1]
    return [line for line in entries.splitlines() if line.startswith(('"', "msg", "#:", "#|", "#~"))]


@pytest.fixture(scope="module")
def team_project(tmp_path_factory) -> Path:
    """This repository's article (reviewed, its catalog copied) and the briefing (:mod:`helpers.briefing`).

    The briefing is reviewed but for the machine draft of its second sentence; after one run both catalogs are
    dipl10n's own, GNU's 79 columns.
    """
    root = tmp_path_factory.mktemp("poedit-team") / "project"
    root.mkdir()
    shutil.copytree(REPO / "source", root / "source")
    (root / "source" / f"{briefing.DOC}.md").write_text(briefing.ARTICLE, encoding="utf-8")
    shutil.copy(REPO / "glossary.csv", root / "glossary.csv")
    (root / "pyproject.toml").write_text('[tool.dipl10n]\nproject = "Diplomacy Journal"\nlanguages = ["ko"]\n')
    catalogs = root / "locales" / "ko" / "LC_MESSAGES"
    catalogs.mkdir(parents=True)
    shutil.copy(REPO / "locales" / "ko" / "LC_MESSAGES" / f"{DOC}.po", catalogs)
    project = Project.load(root)
    _, templates = extract(project)
    sync(project, templates)
    path = po_path(root, briefing.DOC)
    po = read_po(path)
    for index, entry in enumerate(e for e in po if not e.obsolete):
        entry.msgstr = briefing.KOREAN[entry.msgid]
        if index == DRAFT:
            entry.flags.append("fuzzy")
            set_origin(entry, "machine translation (test engine 1.0)")
    path.write_text(generate_po(po), encoding="utf-8")
    _run(root)
    return root


@pytest.fixture
def project(team_project: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(team_project, root)
    return root


@pytest.fixture(scope="module")
def poedit(tmp_path_factory) -> Iterator[Poedit]:
    reason = missing()
    if reason is not None:
        pytest.skip(reason)
    session = Poedit(tmp_path_factory.mktemp("poedit-home"))
    try:
        session.__enter__()
    except PoeditError:
        pytest.skip("Xvfb could not open a display here")
    try:
        yield session
    finally:
        session.__exit__(None, None, None)


def _cycle(poedit: Poedit, root: Path, path: Path, **edit) -> dict:
    """Poedit's save, then two runs; what each step changed."""
    before = path.read_text(encoding="utf-8")
    trace = poedit.save(path, **edit)
    saved = path.read_text(encoding="utf-8")
    _run(root)
    first = path.read_text(encoding="utf-8")
    _run(root)
    second = path.read_text(encoding="utf-8")
    assert second == first, "the second run changed the catalog"
    return {"before": before, "saved": saved, "after": first, "width": wrapping_traces(trace)}


# -- the fixtures of test_wrapping.py are what this Poedit writes ---------------------------


@needs_poedit
@pytest.mark.parametrize(
    ("opened", "saved", "edit"),
    [("korean.po", "korean.saved.po", None), ("unwrapped.po", "unwrapped.saved.po", None),
     ("briefing.po", "briefing.edited.po", briefing.CORRECTION)],
)  # fmt: skip
def test_the_poedit_fixtures_are_what_poedit_writes(poedit: Poedit, tmp_path: Path, opened, saved, edit) -> None:
    path = tmp_path / opened
    shutil.copy(FIXTURES / opened, path)
    detected, option = wrapping_traces(poedit.save(path, translation=edit, entry=DRAFT))
    width = poedit_width((FIXTURES / opened).read_text(encoding="utf-8"))
    assert detected == (-1 if width is None else width)
    assert option == ("--no-wrap" if width is None else f"--width={width}")
    assert _unstamped(path.read_text(encoding="utf-8")) == _unstamped((FIXTURES / saved).read_text(encoding="utf-8"))


@needs_poedit
def test_poedit_saves_a_catalog_again_until_it_settles_where_dipl10n_does(poedit: Poedit, tmp_path: Path) -> None:
    path = tmp_path / "korean.po"
    shutil.copy(FIXTURES / "korean.po", path)
    widths = []
    for _ in range(5):
        before = path.read_text(encoding="utf-8")
        widths.append(wrapping_traces(poedit.save(path))[0])
        if _unstamped(path.read_text(encoding="utf-8")) == _unstamped(before):
            break
    assert widths == [49, 45, 45]
    text = path.read_text(encoding="utf-8")
    po = parse_po(text.encode("utf-8"), path=str(path))
    assert Wrapping(49, poedit=True).generate(po) == text
    assert detect_wrapping(text, po).generate(po) == text


# -- a reviewer's cycles ------------------------------------------------------------------------


@needs_poedit
@pytest.mark.parametrize("doc", [briefing.DOC, DOC])
def test_a_save_with_no_edit_settles_in_one_cycle(poedit: Poedit, project: Path, doc: str) -> None:
    path = po_path(project, doc)
    first = _cycle(poedit, project, path)
    # The briefing's English never reaches column 79: Poedit rewraps the Korean lines GNU filled to it, once.
    width = 75 if doc == briefing.DOC else 79
    assert first["width"] == (width, f"--width={width}")
    assert first["after"] == first["saved"], "the run rewrapped what Poedit saved"
    assert poedit_wrapping(first["after"]).generate(parse_po(first["after"].encode(), path=str(path))) == first["after"]
    second = _cycle(poedit, project, path)
    assert _unstamped(second["after"]) == _unstamped(second["before"]), "the second cycle changed the catalog"


@needs_poedit
def test_an_edit_in_poedit_is_kept_and_settles_in_one_cycle(poedit: Poedit, project: Path) -> None:
    path = po_path(project, briefing.DOC)
    cycles = [_cycle(poedit, project, path, translation=briefing.CORRECTION, entry=DRAFT) for _ in range(2)]
    first, second = cycles
    # The run records the edit of the machine draft (a comment line of its own) and rewraps no line Poedit saved.
    assert _strings(first["after"]) == _strings(first["saved"])
    assert [line for line in _changed(first["saved"], first["after"]) if not line.startswith("+# edited by ")] == []
    entry = next(e for e in read_po(path) if e.msgid in briefing.KOREAN and e.msgstr == briefing.CORRECTION)
    assert "fuzzy" not in entry.flags
    assert (edited_by(entry) or "").startswith("Kim Min-ji, ")
    # The second cycle (the same correction typed again) changes no byte but Poedit's stamp.
    assert _unstamped(second["saved"]) == _unstamped(second["before"])
    assert _unstamped(second["after"]) == _unstamped(second["before"]), "the second cycle changed the catalog"


@needs_poedit
def test_what_a_run_adds_to_a_catalog_poedit_saved_poedit_leaves_as_it_is(poedit: Poedit, project: Path) -> None:
    """The editor adds a sentence and rewords one between two Poedit saves: the run writes new and changed
    entries as Poedit wraps them (before, at the nearest width a tool uses, which Poedit's next save rewrapped,
    and the Korean lines with them once the new English lines were longer)."""
    path = po_path(project, briefing.DOC)
    source = project / "source" / f"{briefing.DOC}.md"
    poedit.save(path)
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace("calling it a milestone in the partnership.", "calling it an important milestone in the partnership.")
        + "\nThe ministers also agreed to meet again in Seoul next year to review the progress of the liaison office.\n",
        encoding="utf-8",
    )
    _run(project)
    written = path.read_text(encoding="utf-8")
    assert "meet again in Seoul" in written and "#| msgid" in written
    cycle = _cycle(poedit, project, path)
    assert cycle["width"] == (75, "--width=75")
    assert _unstamped(cycle["saved"]) == _unstamped(written), "Poedit rewrapped what the run wrote"
    assert cycle["after"] == cycle["saved"]


@needs_poedit
def test_po_wrap_poedit_leaves_poedit_nothing_to_rewrap(poedit: Poedit, project: Path) -> None:
    config = project / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'po_wrap = "poedit"\n', encoding="utf-8")
    path = po_path(project, briefing.DOC)
    source = project / "source" / f"{briefing.DOC}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new closing sentence.\n", encoding="utf-8")
    _run(project)  # the run has a change to write: as Poedit settles it, from GNU's 79 columns
    written = path.read_text(encoding="utf-8")
    assert "A new closing sentence." in written
    cycle = _cycle(poedit, project, path)
    assert _strings(cycle["saved"]) == _strings(written)
    assert cycle["after"] == cycle["saved"]


# -- where Poedit cannot be installed ------------------------------------------------------------


def test_without_poedit_these_tests_are_skipped_with_the_reason(tmp_path: Path) -> None:
    """As on a CI machine without Poedit, Xvfb and xdotool (``.ci/run`` does not install them): skipped, not failed."""
    if os.environ.get("DIPL10N_POEDIT_ABSENT"):
        pytest.skip("this is the run without Poedit")
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in ("msgcat", "msgfmt", "msgmerge", "msguniq", "msgattrib"):
        found = shutil.which(name)
        if found:
            (tools / name).symlink_to(found)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{tools}", "DIPL10N_POEDIT_ABSENT": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", str(Path(__file__)), "-q", "-rs", "-p", "no:cacheprovider", "-p", "no:xdist"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    summary = output.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ skipped(, \d+ warnings?)? in [\d.]+s", summary), output
    assert "poedit, Xvfb, xdotool not installed (Debian: apt-get install poedit xvfb xdotool)" in output, output
