"""``--dry-run`` on ``run``, ``update``, ``draft`` and ``build``: say what would change, write nothing.

Every case is a project where the command *would* change something. The
dry run leaves every file of the project as it was (bytes, and the file
itself: no rewrite with the same bytes), the translation memory and
``.dipl10n/state.json`` included, creates no folder and, in a fresh
project, no lock file. The files it names ("would write ...", "would
remove ...") are exactly those the same command then changes for real, and
its report is the real one's, in the conditional.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from dipl10n.cli.app import cli
from dipl10n.po import generate_po, read_po
from helpers.engines import DoubleEngine
from helpers.projects import ARTICLE, GLOSSARY, KOREAN, SECOND, changed, files


@pytest.fixture(autouse=True)
def _drafts(engine: DoubleEngine) -> DoubleEngine:
    """Every command here drafts with the double (conftest's ``engine``)."""
    return engine


def dipl10n(root: Path, *args: str):
    return CliRunner().invoke(cli, [*args, "-C", str(root)])


def fresh(root: Path) -> None:
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.dipl10n]\nproject = "Test"\nlanguages = ["ko"]\n', encoding="utf-8")
    (root / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    (root / "source" / "article.md").write_text(ARTICLE, encoding="utf-8")
    (root / "source" / "second.md").write_text(SECOND, encoding="utf-8")


def after_a_run(root: Path, *args: str) -> None:
    fresh(root)
    result = dipl10n(root, "run", *args)
    assert result.exit_code == 0, result.output


def catalog(root: Path, doc: str = "article") -> Path:
    return root / "locales" / "ko" / "LC_MESSAGES" / f"{doc}.po"


def review(root: Path, translations: dict[str, str], doc: str = "article") -> None:
    po = read_po(catalog(root, doc))
    for entry in po:
        if entry.msgid in translations and not entry.obsolete:
            entry.msgstr, entry.fuzzy = translations[entry.msgid], False
    catalog(root, doc).write_text(generate_po(po), encoding="utf-8")


def reviewed_after_a_run(root: Path) -> None:
    """A run, then a reviewer's work: a real run would record it in the memory and rebuild the pages."""
    after_a_run(root)
    review(root, {"Next steps": "다음 단계", "Hold more talks.": "회담을 더 연다."})


def source_changed(root: Path) -> None:
    """After a run without machine translation, the source changed and the templates were extracted."""
    after_a_run(root, "--no-mt")
    (root / "source" / "article.md").write_text(
        ARTICLE.replace("Hold more talks.", "Hold many more talks.").replace("> Words of a leader.\n", ""),
        encoding="utf-8",
    )
    assert dipl10n(root, "extract").exit_code == 0


def with_an_error(root: Path) -> None:
    """Pages built, then an error in the catalog: ``build --strict`` would remove the article."""
    after_a_run(root, "--no-mt")
    review(root, {**KOREAN, "Diplomacy": "디플로머시"})


CASES: dict[str, tuple[Callable[[Path], None], tuple[str, ...]]] = {
    "run in a fresh project": (fresh, ("run",)),
    "run after a review": (reviewed_after_a_run, ("run",)),
    "update after the source changed": (source_changed, ("update",)),
    "draft after a run without machine translation": (lambda root: after_a_run(root, "--no-mt"), ("draft",)),
    "build after a review": (reviewed_after_a_run, ("build",)),
    "build --strict with an error": (with_an_error, ("build", "--strict")),
}


def snapshot(root: Path) -> tuple[dict[str, bytes], dict[str, tuple[int, int]], set[str]]:
    """Every file's bytes, every file's identity (inode, mtime), every folder."""
    every = files(root, skip=())
    stamps = {}
    for name in every:
        stat = os.stat(root / name)
        stamps[name] = (stat.st_ino, stat.st_mtime_ns)
    folders = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir()}
    return every, stamps, folders


def report(output: str) -> list[str]:
    """The lines a dry run shares with the real command: catalogs, templates, machine translation, checks."""
    keep = (".po: ", ".pot: ", "machine translation (", "MT unavailable", "check: ")
    return [
        line.replace(" (would be created)", " (created)").replace(" (would be written)", " (written)")
        for line in output.splitlines()
        if any(word in line for word in keep) and not line.startswith("would ")
    ]


@pytest.mark.parametrize("case", list(CASES))
def test_a_dry_run_writes_nothing_and_names_what_the_command_would_write(case: str, tmp_path: Path) -> None:
    setup, command = CASES[case]
    root = tmp_path / "project"
    setup(root)
    before = snapshot(root)
    lock_existed = (root / ".dipl10n" / "lock").exists()

    dry = dipl10n(root, *command, "--dry-run")
    assert dry.exit_code in (0, 1), dry.output
    after = snapshot(root)
    assert after[0] == before[0], changed(before[0], after[0])  # byte for byte, memory and state included
    assert after[1] == before[1], "a file was rewritten"
    assert after[2] == before[2], "a folder was created"
    assert (root / ".dipl10n" / "lock").exists() == lock_existed

    lines = dry.stdout.splitlines()
    would = sorted(line.split(" ", 2)[2] for line in lines if line.startswith(("would write ", "would remove ")))
    assert would, dry.output
    assert lines.count(next(line for line in lines if line.startswith("dry run: "))) == 1
    assert "nothing was written" in dry.stdout

    real = dipl10n(root, *command)
    assert real.exit_code == dry.exit_code, real.output
    changed_for_real = [p for p in changed(before[0], files(root, skip=())) if p != ".dipl10n/lock"]
    assert would == changed_for_real
    assert report(dry.stdout) == report(real.stdout)


def test_a_fresh_project_gets_no_state_folder(tmp_path: Path) -> None:
    root = tmp_path / "project"
    fresh(root)
    for command in ("run", "update", "draft", "build"):
        result = dipl10n(root, command, "--dry-run")
        assert result.exit_code == 0, (command, result.output)
    assert not (root / ".dipl10n").exists()
    assert not (root / "locales").exists() and not (root / "build").exists()


def test_a_dry_run_finds_what_the_memory_holds(tmp_path: Path, engine: DoubleEngine) -> None:
    """The memory is read (a copy in memory): the dry run fills from it as a real run would, and records nothing."""
    root = tmp_path / "project"
    after_a_run(root)
    review(root, {"A short note": "짧은 메모"}, doc="second")
    assert dipl10n(root, "run").exit_code == 0  # the memory records the reviewed translation
    (root / "source" / "third.md").write_text("---\nheadline: A short note\n---\n\nNew here.\n", encoding="utf-8")
    assert dipl10n(root, "extract").exit_code == 0
    memory = (root / ".dipl10n" / "memory.sqlite").read_bytes()
    calls = engine.sentences_translated
    dry = dipl10n(root, "draft", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "third.po: 2 entries (1 from the translation memory, 1 machine draft)" in dry.stdout
    assert "filled 0 from glossary, 1 from memory, 1 by machine translation" in dry.stdout
    assert (root / ".dipl10n" / "memory.sqlite").read_bytes() == memory
    assert engine.sentences_translated == calls + 1
    assert "would write .dipl10n/memory.sqlite" in dry.stdout  # the machine draft would be cached
