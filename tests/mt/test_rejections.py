"""A rejection is recorded where tools cannot drop it: a reviewer who emptied a machine draft is never overruled.

The ``rejected:`` note lives on an untranslated entry, and tools that drop untranslated entries (``msgattrib
--only-fuzzy -o SAME``, ``msgunfmt`` of the compiled catalog) drop it with the entry. The translation memory
keeps each catalog's rejections, and an entry the merge has to add back comes back rejected.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from dipl10n.mt.memory import SCHEMA_VERSION, Memory
from dipl10n.po import generate_po, read_po
from dipl10n.po.states import State, entry_state, rejected_by
from helpers.projects import by_msgid, po_path, ran

STANDFIRST = "Strengthening partnership with NATO in defense, cyber, AI, etc."
MACHINE = "machine translation (double translate-en_ko 1.0)"
gettext = pytest.mark.skipif(shutil.which("msgattrib") is None, reason="GNU gettext's msgattrib is not installed")


def test_the_memory_keeps_each_catalogs_rejections_and_forgets_withdrawn_ones(tmp_path: Path) -> None:
    memory = Memory.open(tmp_path / "memory.sqlite")
    memory.record_rejected("ko", "locales/ko/LC_MESSAGES/a.po", {"One.": ["e1"], "Two.": ["e1", "e2"]})
    memory.record_rejected("ko", "locales/ko/LC_MESSAGES/b.po", {"One.": ["e3"]})
    assert memory.rejected_from(["One.", "Two.", "Three."], "ko", "locales/ko/LC_MESSAGES/a.po") == {
        "One.": ["e1"], "Two.": ["e1", "e2"],
    }  # fmt: skip
    # The catalog no longer rejects "One." (its line was deleted): forgotten; the other catalog's stays.
    memory.record_rejected("ko", "locales/ko/LC_MESSAGES/a.po", {"Two.": ["e2"]})
    assert memory.rejected_from(["One.", "Two."], "ko", "locales/ko/LC_MESSAGES/a.po") == {"Two.": ["e2"]}
    assert memory.rejected_from(["One."], "ko", "locales/ko/LC_MESSAGES/b.po") == {"One.": ["e3"]}
    assert memory.rejected_from(["One."], "ja", "locales/ko/LC_MESSAGES/b.po") == {}
    memory.close()


def test_a_memory_of_the_previous_schema_gains_the_rejections_and_keeps_its_translations(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE reviewed (source TEXT NOT NULL, lang TEXT NOT NULL, origin TEXT NOT NULL, target TEXT NOT NULL,"
        " PRIMARY KEY (source, lang, origin));"
        "CREATE TABLE machine (source TEXT NOT NULL, lang TEXT NOT NULL, engine TEXT NOT NULL, package TEXT NOT NULL,"
        " version TEXT NOT NULL, glossary TEXT NOT NULL, output TEXT NOT NULL,"
        " PRIMARY KEY (source, lang, engine, package, version, glossary));"
        "INSERT INTO reviewed VALUES ('One.', 'ko', 'locales/ko/LC_MESSAGES/a.po', '하나.');"
        "PRAGMA user_version = 1;"
    )
    old.commit()
    old.close()
    with Memory.open(path) as memory:
        assert memory.reviewed_from(["One."], "ko", "locales/ko/LC_MESSAGES/a.po") == {"One.": "하나."}
        memory.record_rejected("ko", "locales/ko/LC_MESSAGES/a.po", {"Two.": ["e1"]})
        assert memory.counts() == {"reviewed": 1, "machine": 0, "rejected": 1}
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def _reject(path: Path, msgid: str) -> None:
    catalog = read_po(path)
    entry = by_msgid(catalog)[msgid]
    entry.msgstr = ""
    entry.fuzzy = False
    path.write_text(generate_po(catalog), encoding="utf-8")


def _rejected_then_dropped(project: Path, invoke, engine) -> Path:
    """A drafted catalog whose reviewer rejected the standfirst's draft, passed through msgattrib --only-fuzzy."""
    ran(invoke(project, "run"))
    path = po_path(project)
    _reject(path, STANDFIRST)
    ran(invoke(project, "run"))
    assert rejected_by(by_msgid(read_po(path))[STANDFIRST]) == [MACHINE]
    with Memory.open(project / ".dipl10n" / "memory.sqlite", read_only=True) as memory:
        assert memory.rejected_from([STANDFIRST], "ko", "locales/ko/LC_MESSAGES/nato-yoon-stoltenberg.po") == {
            STANDFIRST: [MACHINE]
        }
    # What `msgattrib --only-fuzzy -o SAME SAME` does: untranslated (and reviewed) entries are gone.
    subprocess.run(["msgattrib", "--only-fuzzy", "-o", str(path), str(path)], check=True)
    assert STANDFIRST not in by_msgid(read_po(path))
    return path


@gettext
def test_a_rejection_survives_a_tool_that_drops_untranslated_entries(project: Path, invoke, engine) -> None:
    path = _rejected_then_dropped(project, invoke, engine)
    asked = engine.sentences_translated
    ran(invoke(project, "run"))
    entry = by_msgid(read_po(path))[STANDFIRST]
    assert entry_state(entry) is State.UNTRANSLATED and rejected_by(entry) == [MACHINE]
    assert engine.sentences_translated == asked  # nothing was sent to the engine, nothing came from its cache
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)


@gettext
def test_deleting_the_rejected_line_still_asks_for_a_draft(project: Path, invoke, engine) -> None:
    ran(invoke(project, "run"))
    path = po_path(project)
    _reject(path, STANDFIRST)
    ran(invoke(project, "run"))
    catalog = read_po(path)
    entry = by_msgid(catalog)[STANDFIRST]
    entry.tcomment = "\n".join(line for line in entry.tcomment.splitlines() if not line.startswith("rejected: "))
    path.write_text(generate_po(catalog), encoding="utf-8")
    ran(invoke(project, "run"))
    entry = by_msgid(read_po(path))[STANDFIRST]
    assert entry_state(entry) is State.MACHINE_DRAFT and entry.msgstr == f"[초안] {STANDFIRST}"
    # And the memory forgot the rejection: a later loss of the entry would not bring it back rejected.
    with Memory.open(project / ".dipl10n" / "memory.sqlite", read_only=True) as memory:
        assert memory.rejected_from([STANDFIRST], "ko", "locales/ko/LC_MESSAGES/nato-yoon-stoltenberg.po") == {}
