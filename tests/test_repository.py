"""The repository shows the finished product: its article is reviewed Korean, and a fresh clone's run publishes it whole.

A copy of the repository's project (configuration, sources, glossary, catalogs and templates, as a fresh clone has
them) is run the way the README's first command runs it; nothing may be English, fuzzy or failing a check.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from dipl10n.po import read_po
from dipl10n.po.states import State, entry_state

REPO = Path(__file__).resolve().parents[1]
CATALOGS = sorted((REPO / "locales").glob("*/LC_MESSAGES/*.po"))


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    root = tmp_path / "clone"
    root.mkdir()
    for name in ("source", "locales"):
        shutil.copytree(REPO / name, root / name)
    for name in ("glossary.csv", "pyproject.toml"):
        shutil.copy(REPO / name, root / name)
    return root


def test_the_repository_has_a_catalog_for_every_document_and_language() -> None:
    documents = sorted(path.stem for path in (REPO / "source").glob("*.md"))
    assert documents
    assert sorted(path.stem for path in CATALOGS) == documents


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: str(path.relative_to(REPO)))
def test_every_entry_of_the_repository_catalogs_is_published_by_a_person_or_the_glossary(catalog: Path) -> None:
    states = {entry.msgid: entry_state(entry) for entry in read_po(catalog) if entry.msgid and not entry.obsolete}
    assert states and set(states.values()) <= {State.REVIEWED, State.GLOSSARY}
    # Sentences are a person's work; only the one-word kicker is the glossary's.
    assert [msgid for msgid, state in states.items() if state is State.GLOSSARY] == ["Diplomacy"]


def test_a_fresh_clone_builds_the_whole_korean_article(clone: Path, invoke) -> None:
    before = {path: path.read_bytes() for path in sorted((clone / "locales").rglob("*.po*"))}
    result = invoke(clone, "run", "--offline")
    assert result.exit_code == 0, result.output
    # The run changes no catalog or template: the repository is up to date with itself.
    assert {path: path.read_bytes() for path in sorted((clone / "locales").rglob("*.po*"))} == before
    assert "check: 1 catalog, 0 errors, 0 warnings, 0 fuzzy, 0 untranslated" in result.output
    for document in (clone / "source").glob("*.md"):
        page = (clone / "build" / "ko" / f"{document.stem}.html").read_text(encoding="utf-8")
        text = (clone / "build" / "ko" / f"{document.stem}.txt").read_text(encoding="utf-8")
        # No sentence falls back to English, none is marked as a draft or as under review.
        assert 'class="fallback"' not in page and 'lang="en"' not in page.split("<main", 1)[-1]
        assert not re.search(r"\[(기계 번역|원문 수정됨|검토 중)\]", text)
        catalog = read_po(clone / "locales" / "ko" / "LC_MESSAGES" / f"{document.stem}.po")
        for entry in catalog:
            if entry.msgid and not entry.obsolete:
                assert entry.msgstr in text, entry.msgid
                if " " in entry.msgid:  # a sentence (the one-word kicker is also a word of the publication's name)
                    assert entry.msgid not in text, entry.msgid
    assert (clone / "build" / "ko" / "index.html").is_file()
    stats = json.loads(invoke(clone, "stats", "--format", "json").output)
    assert [(row["untranslated"], row["fuzzy"], row["machine_draft"]) for row in stats] == [(0, 0, 0)] * len(stats)


def _fresh_machine_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## On a fresh machine", 1)[1].split("\n## ", 1)[0]
    return [line.strip() for line in section.splitlines() if line.startswith("    python3 -m venv")]


def test_the_readme_states_both_fresh_machine_commands_and_ci_runs_the_test_one() -> None:
    install_and_run, install_and_test = _fresh_machine_commands()
    assert install_and_run.endswith("&& .venv/bin/dipl10n run")
    assert install_and_test.endswith("&& .venv/bin/python -m pytest")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert install_and_test in ci.splitlines()


def test_no_command_pins_torch_or_names_a_file_of_this_machine() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    for command in [*_fresh_machine_commands(), *ci.splitlines()]:
        if command.lstrip().startswith("#"):
            continue
        assert "torch" not in command, command
        assert not re.search(r"(?<![\w.])/(?:opt|root|home|work|tmp)/", command), command
