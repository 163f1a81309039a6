"""A reviewed catalog cut off at any byte: every cut is refused, or loses no reviewed translation.

The catalog is built through the command line with an engine double: machine
drafts, some approved, some rewritten by a reviewer (long enough to wrap over
several lines), one rejected (emptied), one a person's text still marked
fuzzy, one whose English changed after review (out of date), one obsolete.
Then it is cut at a byte position and ``dipl10n run --no-mt`` runs on it:

* refused: exit status 2, one line saying it looks cut off and what helps, the
  catalog byte for byte as cut;
* accepted: only for a cut exactly between two entries (a shorter catalog is
  valid PO), and then every reviewed translation of the original is there,
  published, put back from the translation memory where the cut removed it.

``DIPL10N_TRUNCATION_SAMPLE`` chooses how many seeded random positions the
fast test cuts at (default 20, and half as many again right after a line
break; every entry boundary is always among them); the slow test cuts at
2,000 random positions and after every line, or at every byte with
``DIPL10N_TRUNCATION_SAMPLE=all`` (about 10,400 cuts, 3 minutes).
"""

from __future__ import annotations

import os
import random
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from dipl10n.cli.app import cli
from dipl10n.errors import EXIT_BAD_INPUT
from dipl10n.mt.draft import RESTORED_ORIGIN
from dipl10n.mt.engine import EngineInfo
from dipl10n.po import generate_po, parse_po, read_po
from dipl10n.po.states import State, entry_state, origin_of
from helpers.engines import DoubleEngine
from helpers.projects import DOC, by_msgid, finished, po_path

REPO = Path(__file__).resolve().parents[2]
KOREAN = (
    "대한민국과 북대서양조약기구는 국방 사이버 인공지능 분야의 협력을 강화하기로 하였으며 "
    "양측은 앞으로도 긴밀히 소통하기로 합의했다고 대통령실이 밝혔다"
)
#: States whose translation a person vouched for (or the glossary): what a cut must never lose.
KEPT = (State.REVIEWED, State.APPROVED, State.GLOSSARY)


def invoke(root: Path, *args: str):
    return CliRunner().invoke(cli, [*args, "--project", str(root)])


@dataclass(frozen=True)
class Reviewed:
    root: Path
    data: bytes
    #: msgid -> translation, for every live entry in one of the :data:`KEPT` states.
    kept: dict[str, str]
    #: Byte positions between two entries (and the ends of the file).
    boundaries: frozenset[int]


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> Reviewed:
    root = tmp_path_factory.mktemp("truncation") / "project"
    root.mkdir()
    shutil.copytree(REPO / "source", root / "source")
    shutil.copy(REPO / "glossary.csv", root / "glossary.csv")
    (root / "pyproject.toml").write_text('[tool.dipl10n]\nproject = "Diplomacy Journal"\nlanguages = ["ko"]\n', encoding="utf-8")
    double = DoubleEngine(lambda text: "기계 번역 " + text, info=EngineInfo("double", "translate-en_ko", "1.0"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("dipl10n.mt.engine.engine_factory", lambda config, **options: (lambda lang: double))
        assert invoke(root, "run").exit_code == 0
    path = po_path(root)
    catalog = read_po(path)
    entries = [e for e in catalog if not e.obsolete and e.msgid]
    for number, entry in enumerate(entries):
        if number % 4 == 1 or entry is entries[-1]:  # rewritten by the reviewer, over several lines
            entry.msgstr = KOREAN[: 20 + 13 * number] if entry is not entries[-1] else KOREAN + " " + KOREAN[:40]
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
        elif number % 4 == 2:  # approved as drafted
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
        elif number == 3:  # rejected
            entry.msgstr = ""
        elif number == 7:  # a person's text, still fuzzy
            entry.msgstr = "사람이 고친 초안 " + KOREAN
    path.write_text(generate_po(catalog), encoding="utf-8")
    assert finished(*_result(invoke(root, "run", "--no-mt")))
    # The English changes: one approved paragraph goes (obsolete), one reviewed sentence is edited (out of date).
    source = root / "source" / f"{DOC}.md"
    text = source.read_text(encoding="utf-8")
    paragraph = next(p for p in text.split("\n\n") if p.startswith("In response"))
    text = text.replace(paragraph + "\n\n", "").replace("The signing is expected to further", "The signing is expected to greatly")
    source.write_text(text, encoding="utf-8")
    assert finished(*_result(invoke(root, "run", "--no-mt")))
    data = path.read_bytes()
    original = read_po(path)
    states = Counter(entry_state(e) for e in original if not e.obsolete)
    assert states[State.REVIEWED] >= 3 and states[State.APPROVED] >= 2 and states[State.OUT_OF_DATE] == 1
    assert states[State.HUMAN_FUZZY] == 1 and states[State.MACHINE_DRAFT] >= 2 and any(e.obsolete for e in original)
    kept = {e.msgid: e.msgstr for e in original if not e.obsolete and entry_state(e) in KEPT}
    boundaries = {0, len(data)}
    at = 0
    for block in data.split(b"\n\n")[:-1]:
        at += len(block) + 1
        boundaries |= {at, at + 1}
        at += 1
    return Reviewed(root, data, kept, frozenset(boundaries))


def _result(result) -> tuple[int, str]:
    return result.exit_code, result.output


def _sweep(reviewed: Reviewed, positions: list[int], work: Path) -> Counter:
    """Cut at each position, run, check; the counts of each outcome."""
    counts: Counter = Counter()
    catalog = po_path(work)
    # One copy for the whole sweep: a refused run writes nothing, and an accepted one changes no input of
    # the next (the catalog is cut afresh; the memory records the reviewed translations it already holds).
    shutil.copytree(reviewed.root, work)
    for cut in positions:
        cut_data = reviewed.data[:cut]
        catalog.write_bytes(cut_data)
        result = invoke(work, "run", "--no-mt")
        where = f"cut at byte {cut} of {len(reviewed.data)}, after {reviewed.data[max(0, cut - 60):cut]!r}"
        assert "Traceback" not in result.output, (where, result.output)
        if result.exit_code == EXIT_BAD_INPUT:
            (error,) = [line for line in result.output.splitlines() if line.startswith("error: ")]
            assert "version control" in error, (where, error)
            assert catalog.read_bytes() == cut_data, where
            counts["refused"] += 1
            continue
        assert finished(result.exit_code, result.output), (where, result.output)
        # The only cut that can pass unnoticed: exactly between two entries.
        assert cut in reviewed.boundaries, (where, result.output)
        after = by_msgid(read_po(catalog))
        for msgid, text in reviewed.kept.items():
            entry = after.get(msgid)
            assert entry is not None and entry.msgstr == text and entry_state(entry).published, (where, msgid)
        restored = [e for e in after.values() if (o := origin_of(e)) and o.description.startswith(RESTORED_ORIGIN)]
        if restored:
            n = len(restored)
            assert f"restored {n} reviewed translation{'s' * (n != 1)} this catalog had lost" in result.output, where
            assert all(entry_state(e) is State.MEMORY for e in restored), where
            counts["accepted, restored from the memory"] += 1
        else:
            counts["accepted, nothing lost"] += 1
    return counts


def _positions(reviewed: Reviewed, sample: str, *, seed: int, line_ends: int) -> list[int]:
    """Every byte position (``all``), or ``sample`` seeded random ones plus ``line_ends`` random cuts right
    after a line break (where a cut leaves valid lines: the hard cases), plus every entry boundary."""
    everything = range(len(reviewed.data) + 1)
    if sample == "all":
        return list(everything)
    rnd = random.Random(seed)
    after_lines = [n + 1 for n, byte in enumerate(reviewed.data) if byte == ord("\n")]
    chosen = set(rnd.sample(everything, min(int(sample), len(everything))))
    chosen |= set(rnd.sample(after_lines, min(line_ends, len(after_lines))))
    return sorted(chosen | reviewed.boundaries)


def _report(positions: list[int], reviewed: Reviewed, counts: Counter) -> None:
    print(f"\n{len(positions)} cuts of a {len(reviewed.data)}-byte catalog: {dict(counts)}")


def test_every_cut_is_refused_or_loses_nothing(reviewed, tmp_path):
    sample = os.environ.get("DIPL10N_TRUNCATION_SAMPLE", "20")
    positions = _positions(reviewed, sample, seed=12, line_ends=int(sample) // 2 if sample != "all" else 0)
    counts = _sweep(reviewed, positions, tmp_path / "work")
    _report(positions, reviewed, counts)
    assert counts["refused"] and counts["accepted, restored from the memory"]


@pytest.mark.slow
def test_every_cut_is_refused_or_loses_nothing_2000_positions(reviewed, tmp_path):
    sample = os.environ.get("DIPL10N_TRUNCATION_SAMPLE", "2000")
    if sample != "all" and int(sample) < 2000:
        sample = "2000"
    positions = _positions(reviewed, sample, seed=2024, line_ends=len(reviewed.data))
    counts = _sweep(reviewed, positions, tmp_path / "work")
    _report(positions, reviewed, counts)
    assert sum(counts.values()) == len(positions) >= 2000


# -- the cases one by one ------------------------------------------------------------------


def _cut(reviewed: Reviewed, tmp_path: Path, data: bytes) -> tuple[Path, object]:
    work = tmp_path / "work"
    shutil.copytree(reviewed.root, work)
    po_path(work).write_bytes(data)
    return work, invoke(work, "run", "--no-mt")


def test_a_cut_in_the_middle_of_a_line_is_refused_with_file_and_line(reviewed, tmp_path):
    # The example: '#. origin: glossary (glossa', no final line break.
    data = reviewed.data
    at = data.index(b"#. role: byline") + len(b"#. role: by")
    work, result = _cut(reviewed, tmp_path, data[:at])
    line = data[:at].count(b"\n") + 1
    assert result.exit_code == EXIT_BAD_INPUT
    assert result.output.startswith(
        f"error: locales/ko/LC_MESSAGES/{DOC}.po:{line}: the file ends in the middle of line {line}, without a line "
        "break; it looks cut off (an interrupted copy, save or conversion): restore it from version control "
        f"(git checkout -- locales/ko/LC_MESSAGES/{DOC}.po) or a backup, then run dipl10n again"
    )
    assert po_path(work).read_bytes() == data[:at]


def test_a_cut_after_a_line_of_the_last_reviewed_translation_is_refused(reviewed, tmp_path):
    data = reviewed.data
    last_live = max(data.rfind(b"\nmsgstr "), 0)
    end_of_first_line = data.index(b'"\n"', data.index(b'msgstr ""\n"', last_live) + 10) + 2
    work, result = _cut(reviewed, tmp_path, data[:end_of_first_line])
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert "the file ends inside its last entry: its translation has only 1 of the " in result.output
    assert "the reviewed translation the translation memory recorded from this catalog" in result.output


def test_a_cut_between_entries_is_restored_from_the_memory_and_said(reviewed, tmp_path):
    data = reviewed.data
    at = data.index(b"\n\n", data.index(b'"The President noted')) + 2
    held = {e.msgid for e in parse_po(data[:at], path="cut.po")}
    lost = [msgid for msgid in reviewed.kept if msgid not in held]
    assert len(lost) >= 2
    work, result = _cut(reviewed, tmp_path, data[:at])
    assert finished(result.exit_code, result.output)
    assert re.search(rf"restored {len(lost)} reviewed translations this catalog had lost, from the translation memory", result.output)
    after = by_msgid(read_po(po_path(work)))
    for msgid in lost:
        assert after[msgid].msgstr == reviewed.kept[msgid]
        assert origin_of(after[msgid]).description == (
            f"translation memory, restored (reviewed in locales/ko/LC_MESSAGES/{DOC}.po)"
        )
    # A second run has nothing more to restore.
    again = invoke(work, "run", "--no-mt")
    assert "restored" not in again.output


def test_the_last_entrys_draft_emptied_by_a_reviewer_is_a_rejection_not_a_cut(tmp_path, invoke_cli=invoke):
    """Emptying the last entry's machine draft leaves ``msgstr ""`` at the end, as a cut there would: accepted."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "source").mkdir()
    (root / "source" / "a.md").write_text(
        "Short one.\n\nThe President said that NATO is a key partner in our values-based solidarity diplomacy, "
        "and he looks forward to building on the initiatives.\n",
        encoding="utf-8",
    )
    (root / "pyproject.toml").write_text('[tool.dipl10n]\nproject = "T"\nlanguages = ["ko"]\nglossary = false\n', encoding="utf-8")
    double = DoubleEngine(lambda text: "기계 번역 " + text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("dipl10n.mt.engine.engine_factory", lambda config, **options: (lambda lang: double))
        assert finished(*_result(invoke_cli(root, "run")))
    path = po_path(root, "a")
    catalog = read_po(path)
    last = [e for e in catalog if e.msgid][-1]
    last.msgstr = ""
    path.write_text(generate_po(catalog), encoding="utf-8")
    assert path.read_text(encoding="utf-8").endswith('msgstr ""\n')
    result = invoke_cli(root, "run", "--no-mt")
    assert finished(result.exit_code, result.output)
    entry = by_msgid(read_po(path))[last.msgid]
    assert entry.msgstr == "" and "rejected: machine translation" in entry.tcomment
