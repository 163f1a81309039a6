"""The checker on correct Korean it was never tuned to, and on the same Korean with one error per check seeded.

The corpus (tests/corpus, sources in SOURCES.md) is professional Korean of
public English releases about the same meetings as the article: the White
House, the ROK presidential office, the U.S. State Department, NATO and the
Government of Japan. Correct Korean gets no error; every seeded error is caught.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dipl10n.po import read_po
from dipl10n.po.model import live
from helpers.corpus import CORPUS, SEEDS, make_corpus_project, seed_corpus


def _check(invoke, root: Path) -> dict:
    result = invoke(root, "check", "--format", "json", "--verbose")
    return json.loads(result.output)


def test_the_corpus_is_big_enough_and_varied() -> None:
    catalogs = sorted((CORPUS / "ko").glob("*.po"))
    entries = [e for path in catalogs for e in live(read_po(path))]
    sources = re.findall(r"^## \d+\. ", (CORPUS / "SOURCES.md").read_text(encoding="utf-8"), re.MULTILINE)
    assert len(catalogs) >= 3 and len(sources) >= 3
    assert len([e for e in entries if len(e.msgid.split()) >= 6]) >= 40
    assert all(e.msgstr and "fuzzy" not in e.flags for e in entries)


def test_correct_korean_gets_no_error(tmp_path, invoke) -> None:
    root = make_corpus_project(tmp_path / "corpus")
    data = _check(invoke, root)
    errors = [f for f in data["findings"] if f["severity"] == "error"]
    assert errors == [], "\n".join(f"{f['path']}:{f['line']}: {f['check']}: {f['message']}" for f in errors)
    assert data["summary"]["suppressed"] == 0  # nothing was silenced to get there


def test_every_seeded_error_is_caught(tmp_path, invoke) -> None:
    root = make_corpus_project(tmp_path / "corpus")
    seeded = seed_corpus(root)
    assert len(seeded) == len(SEEDS)
    data = _check(invoke, root)
    found = {(Path(f["path"]).name, f["msgid"], f["check"]) for f in data["findings"] if not f["suppressed"]}
    missed = [seed.name for seed in SEEDS if (*seeded[seed.name], seed.check) not in found]
    assert missed == []
    # Each check has at least one seed.
    from dipl10n.checks.runner import CHECK_NAMES

    assert {seed.check for seed in SEEDS} == CHECK_NAMES
    # And the errors are where the seeds are: no error on an entry nobody touched.
    touched = {(catalog, msgid) for catalog, msgid in seeded.values()}
    stray = [f for f in data["findings"] if f["severity"] == "error" and (Path(f["path"]).name, f["msgid"]) not in touched]
    assert stray == []


@pytest.mark.parametrize("seed", SEEDS, ids=[seed.name for seed in SEEDS])
def test_each_seed_changes_its_entry(seed, tmp_path) -> None:
    root = make_corpus_project(tmp_path / "corpus")
    before = {p.name: p.read_bytes() for p in (root / "locales" / "ko" / "LC_MESSAGES").glob("*.po")}
    catalog, msgid = seed_corpus(root)[seed.name]
    assert (root / "locales" / "ko" / "LC_MESSAGES" / catalog).read_bytes() != before[catalog]
    assert msgid
