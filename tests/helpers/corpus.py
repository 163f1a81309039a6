"""The reference corpus (tests/corpus): correct Korean of public releases, and errors seeded into it.

``tests/corpus/SOURCES.md`` says where each English text comes from and how
the Korean was written. :data:`SEEDS` puts one known mistake per check into
a copy of the corpus, each into its own entry, the way translators and
machine translation make them.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib

from dipl10n.po import generate_po, read_po
from dipl10n.po.model import live

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
REPO = CORPUS.parent.parent


def make_corpus_project(root: Path) -> Path:
    """A project holding the corpus documents, their Korean catalogs and this repository's glossary."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(CORPUS / "source", root / "source")
    catalogs = root / "locales" / "ko" / "LC_MESSAGES"
    catalogs.mkdir(parents=True)
    for path in sorted((CORPUS / "ko").glob("*.po")):
        shutil.copy(path, catalogs / path.name)
    shutil.copy(REPO / "glossary.csv", root / "glossary.csv")
    (root / "pyproject.toml").write_text(
        '[tool.dipl10n]\nproject = "Diplomacy Journal"\nlanguages = ["ko"]\n', encoding="utf-8"
    )
    return root


@dataclass(frozen=True)
class Seed:
    """A mistake put into the first entry (in catalog order) that ``picks`` it; ``check`` must find it."""

    name: str
    check: str
    picks: Callable[[polib.POEntry], bool]
    seed: Callable[[polib.POEntry], None]


def _replace(old: str, new: str, count: int = 1) -> Callable[[polib.POEntry], None]:
    def seed(entry: polib.POEntry) -> None:
        entry.msgstr = entry.msgstr.replace(old, new, count)

    return seed


def _has(text: str) -> Callable[[polib.POEntry], bool]:
    return lambda entry: text in entry.msgstr


def _long(entry: polib.POEntry) -> bool:
    return len(entry.msgid) > 80 and entry.msgstr.endswith(".")


def _set(value: Callable[[polib.POEntry], str]) -> Callable[[polib.POEntry], None]:
    def seed(entry: polib.POEntry) -> None:
        entry.msgstr = value(entry)

    return seed


def _fuzzy(entry: polib.POEntry) -> None:
    entry.flags = ["fuzzy", *entry.flags]


def _conflict(entry: polib.POEntry) -> None:
    entry.msgstr = (
        "#-#-#-#-#  a.po (Diplomacy Journal)  #-#-#-#-#\n"
        f"{entry.msgstr}\n"
        "#-#-#-#-#  b.po (Diplomacy Journal)  #-#-#-#-#\n"
        f"{entry.msgstr.rstrip('.')}였다."
    )


SEEDS: tuple[Seed, ...] = (
    Seed("a glossary term rendered another way", "glossary", _has("북한"), _replace("북한", "조선")),
    Seed("a forbidden rendering", "glossary", _has("한국"), _replace("한국", "남한")),
    Seed("a fused compound missing a country", "glossary", _has("한미일"), _replace("한미일", "미일")),
    Seed("a do-not-translate term translated", "glossary", _has("NATO 사무총장"), _replace("NATO", "나토", -1)),
    Seed("a number changed", "numbers", _has("60분"), _replace("60분", "90분")),
    Seed("a date changed", "numbers", _has("7월 12일"), _replace("7월 12일", "7월 13일")),
    Seed("a range of days changed", "numbers", _has("9일부터 11일까지"), _replace("11일까지", "10일까지")),
    Seed("a year changed", "numbers", _has("2023년"), _replace("2023년", "2022년")),
    Seed("a placeholder left by machine translation", "markup", _long, _set(lambda e: e.msgstr + " ZX1")),
    Seed("a bracket not closed", "brackets", _has(")"), _replace(")", "")),
    Seed("a particle that does not agree", "particles", _has("NATO와"), _replace("NATO와", "NATO과")),
    Seed("msgcat conflict markers", "conflict", _long, _conflict),
    Seed("a terminal escape sequence", "controls", _long, _set(lambda e: e.msgstr + "\x1b[2J")),
    Seed("an empty translation", "untranslated", _long, _set(lambda e: "")),
    Seed("a translation left fuzzy", "fuzzy", _long, _fuzzy),
    Seed("the source copied", "identical", _long, _set(lambda e: e.msgid)),
    Seed("an English word left in", "latin", _long, _set(lambda e: e.msgstr[:-1] + " summit.")),
    Seed("half the sentence left out", "length", _long, _set(lambda e: e.msgstr[: len(e.msgstr) // 5] + ".")),
    Seed("a double space", "spaces", _long, _replace(" ", "  ")),
    Seed("final punctuation dropped", "punctuation", _long, _set(lambda e: e.msgstr.rstrip("."))),
)


def seed_corpus(root: Path) -> dict[str, tuple[str, str]]:
    """Put every seed into the corpus project at ``root``; return seed name → (catalog file name, msgid)."""
    catalogs = sorted((root / "locales" / "ko" / "LC_MESSAGES").glob("*.po"))
    loaded = {path: read_po(path) for path in catalogs}
    used: set[tuple[str, str]] = set()
    seeded: dict[str, tuple[str, str]] = {}
    for seed in SEEDS:
        for path, po in loaded.items():
            entry = next(
                (e for e in live(po) if (path.name, e.msgid) not in used and e.msgstr and seed.picks(e)), None
            )
            if entry is not None:
                seed.seed(entry)
                used.add((path.name, entry.msgid))
                seeded[seed.name] = (path.name, entry.msgid)
                break
        else:
            raise AssertionError(f"no corpus entry takes the seed {seed.name!r}")
    for path, po in loaded.items():
        path.write_text(generate_po(po), encoding="utf-8")
    return seeded
