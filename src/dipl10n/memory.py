"""The translation memory: a SQLite store under ``.dipl10n/`` (git-ignored).

It keeps two things:

* **reviewed translations**: every translated, non-fuzzy entry of every
  catalog, keyed by source sentence and language, with the catalog it came
  from. A reviewed sentence that turns up in another article is pre-filled
  from here as translated, noting where it came from.
* **machine translations**: raw engine output keyed by source sentence,
  language, engine, package, package version and glossary version, so that a
  rerun with nothing changed makes no engine calls at all, and a conflict
  retry or a re-draft does not pay for the same sentence twice.

The catalogs stay the record of the work; the memory is a cache that can be
deleted at any time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dipl10n.errors import InputError

SCHEMA_VERSION = 1
_CHUNK = 500

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reviewed (
    source TEXT NOT NULL,
    lang TEXT NOT NULL,
    origin TEXT NOT NULL,
    target TEXT NOT NULL,
    PRIMARY KEY (source, lang, origin)
);
CREATE TABLE IF NOT EXISTS machine (
    source TEXT NOT NULL,
    lang TEXT NOT NULL,
    engine TEXT NOT NULL,
    package TEXT NOT NULL,
    version TEXT NOT NULL,
    glossary TEXT NOT NULL,
    output TEXT NOT NULL,
    PRIMARY KEY (source, lang, engine, package, version, glossary)
);
"""


@dataclass(frozen=True)
class MachineKey:
    """What a machine translation depends on besides its source sentence."""

    lang: str
    engine: str
    package: str
    version: str
    glossary: str


@dataclass(frozen=True)
class ReviewedMatch:
    target: str
    origin: str


class Memory:
    """An open translation memory; use as a context manager."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None) -> None:
        self._db = connection
        self.path = path

    @classmethod
    def open(cls, path: Path | None) -> Memory:
        """Open (creating it if needed) the memory at ``path``; ``None`` keeps it in memory only."""
        if path is None:
            connection = sqlite3.connect(":memory:")
            version = 0
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                connection = sqlite3.connect(path, timeout=30)
                version = connection.execute("PRAGMA user_version").fetchone()[0]
            except sqlite3.DatabaseError as exc:
                raise InputError(
                    f"the translation memory is unreadable ({exc}); delete it and rerun, it is only a cache",
                    path=path,
                    cause=exc,
                ) from exc
            if version not in (0, SCHEMA_VERSION):
                connection.close()
                raise InputError(
                    f"translation memory schema {version} is newer than this dipl10n ({SCHEMA_VERSION})", path=path
                )
        if version != SCHEMA_VERSION:
            # Only a new memory is written to: opening one leaves its file as it was.
            connection.executescript(_SCHEMA)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.commit()
        return cls(connection, path)

    def __enter__(self) -> Memory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def record_reviewed(self, rows: Iterable[tuple[str, str, str, str]]) -> None:
        """Store ``(source, lang, origin, target)`` rows, replacing older ones of the same origin."""
        with self._db:
            self._db.executemany(
                "INSERT INTO reviewed (source, lang, origin, target) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (source, lang, origin) DO UPDATE SET target = excluded.target "
                "WHERE target != excluded.target",
                rows,
            )

    def reviewed(self, sources: Sequence[str], lang: str, *, exclude_origin: str) -> dict[str, ReviewedMatch]:
        """Reviewed translations of ``sources`` from catalogs other than ``exclude_origin``.

        Where several catalogs translate a sentence, the first by origin name wins, so the
        choice is the same on every run.
        """
        found: dict[str, ReviewedMatch] = {}
        rows = self._select_in(
            "SELECT source, origin, target FROM reviewed WHERE lang = ? AND origin != ? AND source IN ({}) "
            "ORDER BY origin DESC",
            (lang, exclude_origin),
            sources,
        )
        for source, origin, target in rows:
            found[source] = ReviewedMatch(target, origin)
        return found

    def machine(self, sources: Sequence[str], key: MachineKey) -> dict[str, str]:
        """Cached engine outputs for ``sources`` under ``key``."""
        return dict(
            self._select_in(
                "SELECT source, output FROM machine WHERE lang = ? AND engine = ? AND package = ? "
                "AND version = ? AND glossary = ? AND source IN ({})",
                (key.lang, key.engine, key.package, key.version, key.glossary),
                sources,
            )
        )

    def _select_in(self, query: str, params: tuple[str, ...], sources: Sequence[str]) -> Iterable[tuple]:
        """Rows of ``query`` whose ``IN ({})`` holds ``sources``, in chunks SQLite accepts."""
        for chunk in _chunks(sources):
            yield from self._db.execute(query.format(",".join("?" * len(chunk))), (*params, *chunk))

    def record_machine(self, outputs: dict[str, str], key: MachineKey) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO machine (source, lang, engine, package, version, glossary, output) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    (source, key.lang, key.engine, key.package, key.version, key.glossary, output)
                    for source, output in outputs.items()
                ),
            )

    def counts(self) -> dict[str, int]:
        return {
            "reviewed": self._db.execute("SELECT COUNT(*) FROM reviewed").fetchone()[0],
            "machine": self._db.execute("SELECT COUNT(*) FROM machine").fetchone()[0],
        }


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    unique = list(dict.fromkeys(items))
    for index in range(0, len(unique), _CHUNK):
        yield unique[index : index + _CHUNK]
