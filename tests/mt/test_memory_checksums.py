"""Every row of the translation memory carries a checksum: a damaged row is ignored and reported, never restored."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from dipl10n.mt.memory import SCHEMA_VERSION, MachineKey, Memory, checksum
from dipl10n.po import generate_po, read_po
from helpers.projects import KOREAN, by_msgid, make_project, ran, review

ORIGIN = "locales/ko/LC_MESSAGES/article.po"
SENTENCE = "Hold more talks."


def _memory_with_a_row(path: Path) -> None:
    with Memory.open(path) as memory:
        memory.record_reviewed([(SENTENCE, "ko", ORIGIN, KOREAN[SENTENCE])])
        memory.record_machine({SENTENCE: "회담을 더 갖는다."}, MachineKey("ko", "double", "p", "1", "g"))


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE reviewed SET target = '회담을 더 연다!'",  # one character changed
        "UPDATE reviewed SET target = CAST(X'ed9a8cff' AS TEXT)",  # bytes that are not UTF-8
        "UPDATE reviewed SET source = 'Hold more talk.'",
    ],
    ids=["changed character", "not UTF-8", "changed source"],
)
def test_a_damaged_row_is_ignored_and_reported(tmp_path: Path, damage: str, caplog) -> None:
    path = tmp_path / "memory.sqlite"
    _memory_with_a_row(path)
    with sqlite3.connect(path) as db:
        db.execute(damage)
    caplog.set_level(logging.WARNING)
    with Memory.open(path) as memory:
        assert memory.reviewed_from([SENTENCE, "Hold more talk."], "ko", ORIGIN) == {}
        assert memory.reviewed([SENTENCE], "ko", exclude_origin="other.po") == {}
        assert memory.damaged >= 1
        # The machine cache's sound row is still served.
        assert memory.machine([SENTENCE], MachineKey("ko", "double", "p", "1", "g")) == {SENTENCE: "회담을 더 갖는다."}
    assert "does not match its checksum: ignored" in caplog.text


def test_a_damaged_row_never_reaches_a_catalog_and_the_next_record_repairs_it(tmp_path: Path, invoke) -> None:
    project = make_project(tmp_path / "project")
    catalog_path = project.catalog_path("ko", "article")
    review(catalog_path, {SENTENCE: KOREAN[SENTENCE]})
    ran(invoke(project.root, "run", "--no-mt"))
    memory = project.root / ".dipl10n" / "memory.sqlite"
    with sqlite3.connect(memory) as db:
        db.execute("UPDATE reviewed SET target = '회담을 더 연다!' WHERE source = ?", (SENTENCE,))
    # The catalog loses the entry (cut, or deleted by hand): the damaged row is not put back.
    catalog = read_po(catalog_path)
    catalog.remove(by_msgid(catalog)[SENTENCE])
    catalog_path.write_text(generate_po(catalog), encoding="utf-8")
    result = invoke(project.root, "run", "--no-mt")
    ran(result)
    assert by_msgid(read_po(catalog_path))[SENTENCE].msgstr == ""
    assert "does not match its checksum" in result.output
    # The reviewer translates it again: the row is recorded sound.
    review(catalog_path, {SENTENCE: KOREAN[SENTENCE]})
    ran(invoke(project.root, "run", "--no-mt"))
    with Memory.open(memory) as opened:
        assert opened.reviewed_from([SENTENCE], "ko", ORIGIN) == {SENTENCE: KOREAN[SENTENCE]}


def test_a_memory_of_the_schema_before_checksums_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(
            "CREATE TABLE reviewed (source TEXT NOT NULL, lang TEXT NOT NULL, origin TEXT NOT NULL, target TEXT NOT NULL,"
            " PRIMARY KEY (source, lang, origin));"
            "CREATE TABLE machine (source TEXT NOT NULL, lang TEXT NOT NULL, engine TEXT NOT NULL, package TEXT NOT NULL,"
            " version TEXT NOT NULL, glossary TEXT NOT NULL, output TEXT NOT NULL,"
            " PRIMARY KEY (source, lang, engine, package, version, glossary));"
            "PRAGMA user_version = 2;"
        )
        db.execute("INSERT INTO reviewed VALUES (?, 'ko', ?, ?)", (SENTENCE, ORIGIN, KOREAN[SENTENCE]))
        db.execute("INSERT INTO machine VALUES (?, 'ko', 'double', 'p', '1', 'g', '초안')", (SENTENCE,))
    with Memory.open(path) as memory:
        assert memory.new  # the run rebuilds it from the catalogs too
        assert memory.reviewed_from([SENTENCE], "ko", ORIGIN) == {SENTENCE: KOREAN[SENTENCE]}
        assert memory.machine([SENTENCE], MachineKey("ko", "double", "p", "1", "g")) == {SENTENCE: "초안"}
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        ((kept,),) = db.execute("SELECT checksum FROM reviewed")
    assert kept == checksum(SENTENCE, "ko", ORIGIN, KOREAN[SENTENCE])
