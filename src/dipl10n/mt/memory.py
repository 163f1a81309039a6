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
deleted at any time (the next run rebuilds it from every catalog). Every row
carries a checksum of its values: a row damaged on disk (a flipped bit) is
ignored and reported, never restored into a catalog.

Every SQLite failure is one line naming the memory: held by another program
(exit status 3, "try again"; a command waits ``DIPL10N_LOCK_TIMEOUT``
seconds for it first), damaged ("move it aside", exit status 2), or a file
the operating system will not let dipl10n use (exit status 2).
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

from dipl10n.errors import Dipl10nError, FileBusyError, FileSystemError, InputError, TranslationMemoryError, os_error

log = logging.getLogger(__name__)

#: 2 added ``rejected``, 3 a ``checksum`` to every row; a memory of an older schema gains what it lacks when it
#: is opened for writing (its rows' checksums taken then).
SCHEMA_VERSION = 3
_CHUNK = 500

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reviewed (
    source TEXT NOT NULL,
    lang TEXT NOT NULL,
    origin TEXT NOT NULL,
    target TEXT NOT NULL,
    checksum TEXT NOT NULL DEFAULT '',
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
    checksum TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (source, lang, engine, package, version, glossary)
);
CREATE TABLE IF NOT EXISTS rejected (
    source TEXT NOT NULL,
    lang TEXT NOT NULL,
    origin TEXT NOT NULL,
    engine TEXT NOT NULL,
    checksum TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (source, lang, origin, engine)
);
"""

#: Each table's columns, in the order its checksum covers them.
_COLUMNS = {
    "reviewed": ("source", "lang", "origin", "target"),
    "machine": ("source", "lang", "engine", "package", "version", "glossary", "output"),
    "rejected": ("source", "lang", "origin", "engine"),
}


def checksum(*values: str) -> str:
    """The checksum a row keeps of its values."""
    joined = "\x1f".join(values).encode("utf-8", "surrogateescape")
    return hashlib.blake2b(joined, digest_size=8).hexdigest()


def _text(data: bytes) -> str:
    """A TEXT value as SQLite holds it; bytes that are not UTF-8 (a damaged row) fail its checksum, not the read."""
    return data.decode("utf-8", "surrogateescape")


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

    def __init__(self, connection: sqlite3.Connection, path: Path | None, *, timeout: float = 0.0) -> None:
        self._db = connection
        self.path = path
        self.timeout = timeout
        #: Whether opening it made a new memory (there was no file, or it had no tables yet, or an older schema).
        self.new = False
        #: Rows whose checksum did not match their values: ignored, and reported once.
        self.damaged = 0
        self._opened_with = 0

    @classmethod
    def open(cls, path: Path | None, *, timeout: float | None = None, read_only: bool = False) -> Memory:
        """Open (creating it if needed) the memory at ``path``; ``None`` keeps it in memory only.

        ``timeout``: how many seconds to wait for another program that holds
        the memory (default: :func:`dipl10n.project.session.lock_timeout`).
        ``read_only`` (``--dry-run``): the file is neither created nor
        written; the memory is a copy, in memory, of what the file holds
        (empty where there is none), so that the command finds what a real
        one would, records what a real one would, and leaves the file byte
        for byte as it was.
        """
        if timeout is None:
            from dipl10n.project.session import lock_timeout

            timeout = lock_timeout()
        if path is None:
            connection = sqlite3.connect(":memory:")
            version = 0
        elif read_only:
            connection = sqlite3.connect(":memory:")
            try:
                if path.exists():
                    _copy_into(path, connection, timeout)
                version = connection.execute("PRAGMA user_version").fetchone()[0]
            except BaseException:
                connection.close()
                raise
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise os_error(exc, path=path.parent, doing="create", what="the translation memory's folder") from exc
            with _guard(path, timeout):
                connection = sqlite3.connect(path, timeout=timeout)
                try:
                    version = connection.execute("PRAGMA user_version").fetchone()[0]
                except BaseException:
                    connection.close()
                    raise
        if version > SCHEMA_VERSION:
            connection.close()
            raise InputError(
                f"translation memory schema {version} is newer than this dipl10n ({SCHEMA_VERSION})", path=path
            )
        connection.text_factory = _text
        memory = cls(connection, path, timeout=timeout)
        if version != SCHEMA_VERSION:
            # Only a new (or older) memory is written to: opening a current one leaves its file as it was.
            try:
                with memory._guarded():
                    connection.executescript(_SCHEMA)
                    _add_checksums(connection)
                    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                    connection.commit()
            except BaseException:
                connection.close()
                raise
            memory.new = True
        memory._opened_with = connection.total_changes
        return memory

    @property
    def changed(self) -> bool:
        """Whether the memory is new or this command recorded something in it: a real run writes its file then.

        What ``--dry-run`` reports about a memory opened ``read_only``.
        """
        return self.new or self._db.total_changes > self._opened_with

    def _guarded(self) -> AbstractContextManager[None]:
        return _guard(self.path, self.timeout)

    def __enter__(self) -> Memory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def record_reviewed(self, rows: Iterable[tuple[str, str, str, str]]) -> None:
        """Store ``(source, lang, origin, target)`` rows, replacing older ones of the same origin."""
        with self._guarded(), self._db:
            self._db.executemany(
                "INSERT INTO reviewed (source, lang, origin, target, checksum) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (source, lang, origin) DO UPDATE SET target = excluded.target, checksum = excluded.checksum "
                "WHERE target != excluded.target OR checksum != excluded.checksum",
                ((*row, checksum(*row)) for row in rows),
            )

    def _rows(self, table: str, where: str, params: tuple[str, ...], within: Sequence[str], *, order: str = "",
              column: str = "source") -> Iterator[tuple[str, ...]]:  # fmt: skip
        """The sound rows of ``table`` (every column, in :data:`_COLUMNS` order) where ``where`` holds and
        ``column`` is one of ``within``; a row whose checksum does not match is counted in :attr:`damaged`."""
        columns = ", ".join(_COLUMNS[table])
        query = f"SELECT {columns}, checksum FROM {table} WHERE {where} AND {column} IN ({{}}){order}"
        with self._guarded():
            for row in self._select_in(query, params, within):
                values, kept = row[:-1], row[-1]
                if kept == checksum(*values):
                    yield values
                else:
                    self._report_damaged(table)

    def _report_damaged(self, table: str) -> None:
        self.damaged += 1
        if self.damaged == 1:
            where = f" ({self.path})" if self.path is not None else ""
            log.warning(
                "translation memory%s: a damaged row (table %s) does not match its checksum: ignored; "
                "the memory is a cache, move it aside to have it rebuilt from the catalogs", where, table,
            )

    def reviewed(self, sources: Sequence[str], lang: str, *, exclude_origin: str) -> dict[str, ReviewedMatch]:
        """Reviewed translations of ``sources`` from catalogs other than ``exclude_origin``.

        Where several catalogs translate a sentence, the first by origin name wins, so the
        choice is the same on every run.
        """
        found: dict[str, ReviewedMatch] = {}
        rows = self._rows("reviewed", "lang = ? AND origin != ?", (lang, exclude_origin), sources, order=" ORDER BY origin DESC")
        for source, _, origin, target in rows:
            found[source] = ReviewedMatch(target, origin)
        return found

    def reviewed_from(self, sources: Sequence[str], lang: str, origin: str) -> dict[str, str]:
        """The reviewed translations of ``sources`` recorded from the catalog ``origin`` itself."""
        return {row[0]: row[3] for row in self._rows("reviewed", "lang = ? AND origin = ?", (lang, origin), sources)}

    def sources_of(self, targets: Sequence[str], lang: str) -> dict[str, list[str]]:
        """The source sentences the memory knows ``targets`` as translations of, reviewed or machine, by target.

        What recovers the sentence a stale translation was made for when a
        tool dropped its previous msgid (``#|``); the caller picks the one
        whose digest the entry recorded.
        """
        found: dict[str, list[str]] = {}
        for table, column in (("reviewed", "target"), ("machine", "output")):
            for row in self._rows(table, "lang = ?", (lang,), targets, column=column, order=" ORDER BY source"):
                sources = found.setdefault(row[-1], [])
                if row[0] not in sources:
                    sources.append(row[0])
        return found

    def machine(self, sources: Sequence[str], key: MachineKey) -> dict[str, str]:
        """Cached engine outputs for ``sources`` under ``key``."""
        where = "lang = ? AND engine = ? AND package = ? AND version = ? AND glossary = ?"
        params = (key.lang, key.engine, key.package, key.version, key.glossary)
        return {row[0]: row[-1] for row in self._rows("machine", where, params, sources)}

    def _select_in(self, query: str, params: tuple[str, ...], sources: Sequence[str]) -> Iterable[tuple]:
        """Rows of ``query`` whose ``IN ({})`` holds ``sources``, in chunks SQLite accepts."""
        for chunk in _chunks(sources):
            yield from self._db.execute(query.format(",".join("?" * len(chunk))), (*params, *chunk))

    def record_machine(self, outputs: dict[str, str], key: MachineKey) -> None:
        with self._guarded(), self._db:
            rows = ((source, key.lang, key.engine, key.package, key.version, key.glossary, output)
                    for source, output in outputs.items())  # fmt: skip
            self._db.executemany(
                "INSERT OR REPLACE INTO machine (source, lang, engine, package, version, glossary, output, checksum) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                ((*row, checksum(*row)) for row in rows),
            )

    def record_rejected(self, lang: str, origin: str, rejected: Mapping[str, Sequence[str]]) -> None:
        """The machine drafts the catalog ``origin`` rejects now: ``{source: [engine, ...]}``, replacing what it did.

        A rejection no longer in the catalog (a reviewer deleted its line, to
        ask for a draft again) is forgotten here too.
        """
        rows = {(source, lang, origin, engine) for source, engines in rejected.items() for engine in engines}
        with self._guarded(), self._db:
            known = {
                tuple(row[:4]): row[4]
                for row in self._db.execute(
                    "SELECT source, lang, origin, engine, checksum FROM rejected WHERE lang = ? AND origin = ?",
                    (lang, origin),
                )
            }
            sound = {row for row, kept in known.items() if kept == checksum(*row)}
            self._db.executemany(
                "DELETE FROM rejected WHERE source = ? AND lang = ? AND origin = ? AND engine = ?",
                sorted(set(known) - rows),
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO rejected (source, lang, origin, engine, checksum) VALUES (?, ?, ?, ?, ?)",
                [(*row, checksum(*row)) for row in sorted(rows - sound)],
            )

    def rejected_from(self, sources: Sequence[str], lang: str, origin: str) -> dict[str, list[str]]:
        """The engines whose drafts of ``sources`` the catalog ``origin`` rejected, as recorded from it."""
        found: dict[str, list[str]] = {}
        for source, _, _, engine in self._rows(
            "rejected", "lang = ? AND origin = ?", (lang, origin), sources, order=" ORDER BY engine"
        ):
            found.setdefault(source, []).append(engine)
        return found

    def counts(self) -> dict[str, int]:
        with self._guarded():
            return {
                "reviewed": self._db.execute("SELECT COUNT(*) FROM reviewed").fetchone()[0],
                "machine": self._db.execute("SELECT COUNT(*) FROM machine").fetchone()[0],
                "rejected": self._db.execute("SELECT COUNT(*) FROM rejected").fetchone()[0],
            }


@contextmanager
def _guard(path: Path | None, timeout: float) -> Iterator[None]:
    """Turn a SQLite (or operating-system) failure on the memory at ``path`` into one line naming it."""
    try:
        yield
    except sqlite3.Error as exc:
        raise memory_error(exc, path, timeout=timeout) from exc
    except OSError as exc:
        raise os_error(exc, path=path, doing="use", what="the translation memory") from exc


def memory_error(exc: sqlite3.Error, path: Path | None, *, timeout: float | None = None) -> Dipl10nError:
    """What a SQLite failure on the translation memory means, and what helps."""
    name = getattr(exc, "sqlite_errorname", "") or ""  # Python 3.11+
    text = str(exc)
    lowered = text.lower()
    waited = f"; waited {timeout:g} s, set DIPL10N_LOCK_TIMEOUT to wait longer" if timeout is not None else ""
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in lowered or "busy" in lowered:
        return FileBusyError(
            f"another dipl10n (or a tool such as sqlite3) holds the translation memory ({text}{waited}); "
            "try again when it has finished",
            path=path,
            cause=exc,
        )
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in lowered or "not a database" in lowered:
        aside = f" (for example to {path.name}.damaged)" if path is not None else ""
        return TranslationMemoryError(
            f"the translation memory is damaged ({text}); it is a cache that dipl10n rebuilds from the reviewed "
            f"translations in the catalogs: move it aside{aside} and run again",
            path=path,
            cause=exc,
        )
    if path is not None and path.is_dir():
        return FileSystemError(
            "this is a folder, but dipl10n keeps its translation memory in a file here: move the folder aside",
            path=path,
            cause=exc,
        )
    if name.startswith("SQLITE_FULL") or "disk is full" in lowered:
        return FileSystemError(
            f"cannot write the translation memory: no space left on the device ({text}); free some space and run again",
            path=path,
            cause=exc,
        )
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_IOERR", "SQLITE_AUTH")) or any(
        words in lowered for words in ("readonly", "unable to open", "disk i/o")
    ):
        return FileSystemError(
            f"cannot open or write the translation memory ({text}): check that the file and its folder "
            "can be written, and that the disk works",
            path=path,
            cause=exc,
        )
    return TranslationMemoryError(f"the translation memory failed ({text})", path=path, cause=exc)


def _add_checksums(connection: sqlite3.Connection) -> None:
    """Give the rows of a memory of an older schema their ``checksum`` column, taken of them as they are."""
    for table, columns in _COLUMNS.items():
        names = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        if "checksum" in names:
            continue
        connection.execute(f"ALTER TABLE {table} ADD COLUMN checksum TEXT NOT NULL DEFAULT ''")
        rows = list(connection.execute(f"SELECT rowid, {', '.join(columns)} FROM {table}"))
        connection.executemany(f"UPDATE {table} SET checksum = ? WHERE rowid = ?",
                               [(checksum(*row[1:]), row[0]) for row in rows])  # fmt: skip


def _copy_into(path: Path, connection: sqlite3.Connection, timeout: float) -> None:
    """Copy the memory at ``path`` into ``connection``, opening the file read-only: nothing is written to it."""
    with _guard(path, timeout):
        source = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=timeout)
        try:
            source.backup(connection)
        finally:
            source.close()


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    unique = list(dict.fromkeys(items))
    for index in range(0, len(unique), _CHUNK):
        yield unique[index : index + _CHUNK]
