"""The third difference from msgmerge: a sentence reverted to wording a reviewer translated is published again.

An editor changes a reviewed sentence, then changes it back. msgmerge (and dipl10n's merge, which follows it)
fuzzy-matches the reverted sentence with the edited one's entry: a fuzzy entry whose ``#|`` names the wording
its translation was made for (the reverted wording itself). But the translation memory holds what the reviewer
approved for exactly this wording in this catalog, so the run publishes that again (origin ``translation memory,
restored``), as it does for any entry a catalog lost.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from dipl10n.po import read_po
from dipl10n.po.states import State, entry_state
from helpers.projects import by_msgid, po_path, ran, review

STANDFIRST = "Strengthening partnership with NATO in defense, cyber, AI, etc."
EDITED = "Strengthening partnership with NATO in defense, cyber, AI and space."
REVIEWED = "방산, 사이버, AI 등 분야에서 NATO와 파트너십 강화"


def _edit_source(project: Path, old: str, new: str) -> None:
    path = next((project / "source").glob("*.md"))
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext's msgmerge is not installed")
def test_a_reverted_sentence_is_published_again_where_msgmerge_leaves_it_fuzzy(project: Path, invoke, tmp_path) -> None:
    ran(invoke(project, "run", "--no-mt"))
    path = po_path(project)
    review(path, {STANDFIRST: REVIEWED})
    ran(invoke(project, "run", "--no-mt"))
    _edit_source(project, STANDFIRST, EDITED)
    ran(invoke(project, "run", "--no-mt"))
    edited = by_msgid(read_po(path))[EDITED]
    assert entry_state(edited) is State.OUT_OF_DATE and edited.previous_msgid == STANDFIRST
    # The editor changes the sentence back.
    _edit_source(project, EDITED, STANDFIRST)
    ran(invoke(project, "extract"))
    gnu = tmp_path / "gnu.po"
    template = project / "locales" / f"{path.stem}.pot"
    subprocess.run(["msgmerge", "--previous", "--quiet", "-o", str(gnu), str(path), str(template)], check=True)
    theirs = by_msgid(read_po(gnu))[STANDFIRST]
    # msgmerge: fuzzy, its #| naming the wording the translation was made for, which is the current one again.
    assert "fuzzy" in theirs.flags and theirs.previous_msgid == STANDFIRST and theirs.msgstr == REVIEWED
    ran(invoke(project, "run", "--no-mt"))
    ours = by_msgid(read_po(path))[STANDFIRST]
    assert "fuzzy" not in ours.flags and ours.previous_msgid is None and ours.msgstr == REVIEWED
    assert entry_state(ours) is State.MEMORY and "translation memory, restored" in ours.tcomment
