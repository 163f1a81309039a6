"""Incremental ≡ full, on random sequences of what users do.

A small project (three short documents that share sentences, a glossary,
Korean) goes through a random sequence of user actions: a sentence edited (in
one document or in all that share it) or reverted, a document added, deleted or renamed, a reviewer's save (a
translation, a rejection of a machine draft), a glossary row, machine
translation on or off. After each action, ``run`` with the last run's state
must write exactly what a full run (the same files, no state) writes, report
the same checks, and a full run must reach its fixed point at once (the run
after it has nothing to do). The fast tier runs 30 seeded sequences, the slow
tier 200 more; half of each with the stat shortcut on every file (a file's digest
taken from the state while its stat is what the last run saw), half hashing
every file.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from dipl10n.po import generate_po, read_po
from dipl10n.po.model import live
from dipl10n.project.session import Project
from dipl10n.run.incremental import STATE_FILE
from dipl10n.run.pipeline import run_project
from dipl10n.run.results import DraftOptions, RunReport
from helpers.engines import DoubleEngine
from helpers.projects import changed, files

NOW = dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.timezone.utc)

SENTENCES = [
    "The ministers met in Seoul on Monday.",
    "The ministers met in Tokyo on Monday.",
    "They agreed to hold more talks.",
    "They agreed to hold more talks next year.",
    "NATO welcomed the plan.",
    "The alliance agreed on a plan for Ukraine.",
    "Korea and NATO will deepen cooperation.",
    "The talks ended on Tuesday.",
]
WORDS = {"Monday": "Tuesday", "Seoul": "Brussels", "plan": "roadmap", "talks": "meetings", "deepen": "expand"}
GLOSSARY_ROWS = ["Seoul,서울,,yes,no,,", "Tokyo,도쿄,,yes,no,,", "Ukraine,우크라이나,,yes,no,,"]


def _document(rng: random.Random) -> str:
    headline = rng.choice(SENTENCES).rstrip(".")
    body = " ".join(rng.sample(SENTENCES, 2))
    return f"# {headline}\n\n{body}\n\n{rng.choice(SENTENCES)}\n"


def _project(root: Path, rng: random.Random) -> None:
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.dipl10n]\nproject = "T"\nlanguages = ["ko"]\n', encoding="utf-8")
    (root / "glossary.csv").write_text("en,ko,note,case,dnt,variants,reading\nNATO,NATO,,yes,yes,,나토\n", encoding="utf-8")
    for name in ("a", "b", "c"):
        (root / "source" / f"{name}.md").write_text(_document(rng), encoding="utf-8")


def _sources(root: Path) -> list[Path]:
    return sorted((root / "source").glob("*.md"))


def _catalogs(root: Path) -> list[Path]:
    return sorted((root / "locales" / "ko" / "LC_MESSAGES").glob("*.po"))


Action = Callable[[Path, random.Random], str]


def edit(root: Path, rng: random.Random) -> str:
    source = rng.choice(_sources(root))
    text = source.read_text(encoding="utf-8")
    old, new = rng.choice([(a, b) for a, b in WORDS.items() if a in text] or [("They", "Both sides")])
    source.write_text(text.replace(old, new, 1), encoding="utf-8")
    return f"edit {source.name}: {old} → {new}"


def edit_everywhere(root: Path, rng: random.Random) -> str:
    """The desk revises a phrase in every document that has it (a name, a date)."""
    old, new = rng.choice(list(WORDS.items()))
    for source in _sources(root):
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace(old, new), encoding="utf-8")
    return f"edit everywhere: {old} → {new}"


def revert(root: Path, rng: random.Random) -> str:
    source = rng.choice(_sources(root))
    text = source.read_text(encoding="utf-8")
    for old, new in WORDS.items():
        text = text.replace(new, old)
    source.write_text(text, encoding="utf-8")
    return f"revert {source.name}"


def add(root: Path, rng: random.Random) -> str:
    name = f"n{rng.randrange(100)}.md"
    (root / "source" / name).write_text(_document(rng), encoding="utf-8")
    return f"add {name}"


def delete(root: Path, rng: random.Random) -> str:
    sources = _sources(root)
    if len(sources) < 2:
        return add(root, rng)
    source = rng.choice(sources)
    source.unlink()
    return f"delete {source.name}"


def rename(root: Path, rng: random.Random) -> str:
    source = rng.choice(_sources(root))
    target = source.with_name(f"r{rng.randrange(100)}.md")
    if target.exists():
        return "rename: nothing"
    source.rename(target)
    return f"rename {source.name} → {target.name}"


def review(root: Path, rng: random.Random) -> str:
    """A reviewer's save: translate (or correct, or approve) an entry, or reject a machine draft."""
    catalogs = _catalogs(root)
    if not catalogs:
        return "review: nothing"
    path = rng.choice(catalogs)
    catalog = read_po(path)
    entries = [e for e in live(catalog) if e.msgid]
    if not entries:
        return "review: nothing"
    entry = rng.choice(entries)
    what = rng.choice(["translate", "approve", "reject"])
    if what == "reject" and entry.fuzzy and entry.msgstr:
        entry.msgstr = ""
    elif what == "approve" and entry.msgstr:
        entry.fuzzy = False
    else:
        entry.msgstr = f"검토된 번역 {sum(map(ord, entry.msgid)) % 97}"
        entry.fuzzy = False
    path.write_text(generate_po(catalog), encoding="utf-8")
    return f"review {path.name}: {what} {entry.msgid[:30]!r}"


def glossary(root: Path, rng: random.Random) -> str:
    path = root / "glossary.csv"
    row = rng.choice(GLOSSARY_ROWS)
    text = path.read_text(encoding="utf-8")
    text = text.replace(row + "\n", "") if row in text else text + row + "\n"
    path.write_text(text, encoding="utf-8")
    return f"glossary: {row.split(',')[0]}"


ACTIONS: tuple[Action, ...] = (
    edit, edit, edit_everywhere, revert, add, delete, rename, review, review, review, review, glossary
)


def run(root: Path, machine: bool) -> RunReport:
    engine = DoubleEngine() if machine else None
    return run_project(Project.load(root), draft=DraftOptions(None if engine is None else (lambda lang: engine)), now=NOW)


def outputs(root: Path) -> dict[str, bytes]:
    return {path: data for path, data in files(root).items() if not path.startswith(".dipl10n/")}


def sequence(seed: int, steps: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    root = tmp_path / "project"
    _project(root, rng)
    machine = rng.random() < 0.5
    run(root, machine)
    history = []
    for step in range(steps):
        if rng.random() < 0.2:
            machine = not machine
            history.append(f"machine translation {'on' if machine else 'off'}")
        history.append(rng.choice(ACTIONS)(root, rng))
        full = tmp_path / f"full-{step}"
        shutil.copytree(root, full)
        (full / STATE_FILE).unlink(missing_ok=True)
        report = run(root, machine)
        full_report = run(full, machine)
        story = f"seed {seed}: " + "; ".join(history)
        assert changed(outputs(full), outputs(root)) == [], story
        assert (report.checks, report.errors) == (full_report.checks, full_report.errors), story
        assert run(full, machine).unchanged, f"a full run needed a second run to settle: {story}"
        shutil.rmtree(full)


@pytest.fixture(params=["stat shortcut", "hashing everything"])
def settled(request, monkeypatch) -> None:
    """Half the sequences take every file as settled at once (the stat shortcut used on every file), half none."""
    import dipl10n.run.incremental as incremental

    monkeypatch.setattr(incremental, "_SETTLED_NS", 0 if request.param == "stat shortcut" else 1 << 62)


@pytest.mark.parametrize("seed", range(15))
def test_incremental_runs_equal_full_runs(seed: int, tmp_path: Path, settled) -> None:
    sequence(seed, 4, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(1000, 1100))
def test_incremental_runs_equal_full_runs_on_longer_sequences(seed: int, tmp_path: Path, settled) -> None:
    sequence(seed, 8, tmp_path)
