"""What a run can skip: the last run's state, document by document (``.dipl10n/state.json``).

``dipl10n run`` records, for every source document, the digest of every file
of it that it read or left (the source, the template, each language's catalog
and pages), a digest of the glossary terms the document mentions, and what
the later stages need from it without reading it again: its entries by state,
its check counts, its line on the review site's index, and what machine
translation or the translation memory could still fill. The next run
(:func:`plan_run`) processes only the documents for which any of that
changed, and takes the others' numbers from the state:

* a source, template, catalog or page that is not what the run left
  (a reviewer's save, an editor's, a deleted page) makes its document dirty;
* a glossary edit makes dirty the documents that mention a term whose row
  changed (:func:`terms_digest`), or every document when it changes what the
  checks take from the whole glossary (the Latin words its approved forms
  hold, :func:`dipl10n.checks.style.latin_allowed`);
* a setting, the dipl10n version or its page templates make every document dirty;
* so does a translation memory that is not the one the last run left (gone,
  moved aside, replaced, written by another project sharing it: its
  :func:`memory_identity`): the run rebuilds a new memory from every catalog
  before it relies on it (:func:`dipl10n.run.pipeline.sync`), and every
  document takes what the memory now holds;
* with machine translation on, a document whose catalogs leave entries open is
  dirty (the engine may fill them now); after the run, a document whose open
  entries another document's reviewer just translated is processed too (the
  translation memory fills them): :meth:`RunPlan.waiting_for`.

The digests a run records are those of what it read, taken before it read
it, and of what it wrote: a file saved during the run differs from its
record, and the next run processes its document again. The state is only a
shortcut, verified and never trusted: it carries the digest of its own
content, and a missing, damaged, edited or foreign state (a digest that does
not match, a value of the wrong type, an unknown layout) costs one full run
and a one-line note, never an error and never another exit status than a
full run gives.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import time
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dipl10n.checks.report import CatalogSummary
from dipl10n.checks.style import latin_allowed
from dipl10n.fs.atomic import file_digest
from dipl10n.po.catalog import CatalogStats
from dipl10n.project.session import PAGE_SUFFIXES, STATE_DIR
from dipl10n.site import render
from dipl10n.site.index import IndexRecord, index_path
from dipl10n.site.status import DocumentStatus

if TYPE_CHECKING:
    from dipl10n.project.session import Project
    from dipl10n.terms.glossary import Glossary, Term

__all__ = [
    "STATE_FILE",
    "CatalogRecord",
    "DocumentRecord",
    "Observed",
    "RunPlan",
    "RunState",
    "digests",
    "document_files",
    "file_digests",
    "file_key",
    "index_files",
    "loaded_digest",
    "memory_identity",
    "msgid_key",
    "observe",
    "page_files",
    "plan_run",
    "read_state",
    "settings_digest",
    "stat_signature",
    "terms_digest",
    "wide_digest",
    "write_state",
]

log = logging.getLogger(__name__)

STATE_FILE = Path(STATE_DIR) / "state.json"
#: A state file larger than this is not one dipl10n wrote: it is ignored.
STATE_MAX_BYTES = 256 << 20
#: The state's layout; a state of another layout is ignored (one full run).
STATE_FORMAT = 5


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def msgid_key(msgid: str) -> str:
    """A short digest of a source sentence: how the state names the entries a document leaves open."""
    return hashlib.blake2b(msgid.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True)
class CatalogRecord:
    """One document's catalog in one language, as the last run left it."""

    #: Entries machine translation could still fill.
    open: int
    #: :func:`msgid_key` of each entry the translation memory could fill (untranslated, a stale draft or fill).
    waiting: frozenset[str]
    #: Whether the catalog holds entries dipl10n did not make (their sources are not in the document).
    foreign: bool
    #: Its entries by state and its words.
    stats: CatalogStats
    #: Its check counts (and its path and language).
    summary: CatalogSummary
    index: IndexRecord

    def status(self, doc: str) -> DocumentStatus:
        """The catalog's line in ``dipl10n status`` and on the index page."""
        summary = self.summary
        return DocumentStatus(doc, summary.lang, summary.path, self.stats, summary.errors, summary.warnings)

    def to_json(self) -> dict[str, Any]:
        return {
            "open": self.open,
            "waiting": sorted(self.waiting),
            "foreign": self.foreign,
            "stats": self.stats.to_dict(),
            "summary": asdict(self.summary),
            "index": asdict(self.index),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CatalogRecord:
        return cls(
            open=int(data["open"]),
            waiting=frozenset(str(key) for key in data["waiting"]),
            foreign=bool(data["foreign"]),
            stats=CatalogStats.from_dict(data["stats"]),
            summary=CatalogSummary(**_scalars(CatalogSummary, data["summary"])),
            index=IndexRecord(**_scalars(IndexRecord, data["index"])),
        )


def _scalars(cls: type, data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` if each of its values has the type ``cls`` (a dataclass of ``str``, ``int`` and ``bool`` fields)
    declares for it; else ``TypeError`` (a state edited by hand: not used)."""
    hints = typing.get_type_hints(cls)
    for name, value in data.items():
        wanted = {"str": str, "int": int, "bool": bool}.get(getattr(hints.get(name), "__name__", ""))
        if wanted is None or type(value) is not wanted:
            raise TypeError(f"{cls.__name__}.{name}: {value!r}")
    return dict(data)


@dataclass(frozen=True)
class DocumentRecord:
    """One source document as the last run left it."""

    #: Every file of the document (source, template, each language's catalog and pages), :func:`file_key` →
    #: digest (``""``: the file was not there).
    files: Mapping[str, str]
    #: :func:`terms_digest` of the document with the glossary of :attr:`RunState.glossary`.
    terms: str
    #: By language.
    catalogs: Mapping[str, CatalogRecord]

    def to_json(self) -> dict[str, Any]:
        return {
            "files": dict(self.files),
            "terms": self.terms,
            "catalogs": {lang: record.to_json() for lang, record in self.catalogs.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DocumentRecord:
        return cls(
            files={str(k): str(v) for k, v in data["files"].items()},
            terms=str(data["terms"]),
            catalogs={str(lang): CatalogRecord.from_json(record) for lang, record in data["catalogs"].items()},
        )


@dataclass(frozen=True)
class RunState:
    """What the last run recorded; the empty state (no run yet, or a state that cannot be used) redoes everything."""

    #: Digest of the configuration, the dipl10n version and its page templates.
    settings: str = ""
    #: Digest of the glossary file that the documents' :attr:`DocumentRecord.terms` were taken with.
    glossary: str = ""
    #: :func:`memory_identity` of the translation memory as the run left it.
    memory: str = ""
    #: Digest of what the checks take from the whole glossary.
    wide: str = ""
    documents: Mapping[str, DocumentRecord] = field(default_factory=dict)
    #: Catalogs that translate no source document, and the index pages: :func:`file_key` → digest.
    others: Mapping[str, str] = field(default_factory=dict)
    #: :func:`file_key` → :func:`stat_signature` of the files the run found as they are recorded (and did not
    #: change): the next run takes their digests from here while their stat is the same.
    stats: Mapping[str, str] = field(default_factory=dict)
    #: The check summary line, the errors and the catalogs holding them: what an unchanged rerun reports.
    checks: str = ""
    errors: int = 0
    error_catalogs: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "format": STATE_FORMAT,
            "settings": self.settings,
            "glossary": self.glossary,
            "memory": self.memory,
            "wide": self.wide,
            "documents": {name: record.to_json() for name, record in self.documents.items()},
            "others": dict(self.others),
            "stats": dict(self.stats),
            "checks": self.checks,
            "errors": self.errors,
            "error_catalogs": self.error_catalogs,
        }

    @classmethod
    def from_json(cls, data: Any) -> RunState:
        """The state ``data`` holds; the empty state when it is not one this version wrote."""
        try:
            if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
                return cls()
            state = cls(
                settings=str(data["settings"]),
                glossary=str(data["glossary"]),
                memory=str(data["memory"]),
                wide=str(data["wide"]),
                documents={str(name): DocumentRecord.from_json(r) for name, r in data["documents"].items()},
                others={str(k): str(v) for k, v in data["others"].items()},
                stats={str(k): str(v) for k, v in data["stats"].items()},
                checks=str(data["checks"]),
                errors=int(data["errors"]),
                error_catalogs=int(data["error_catalogs"]),
            )
        except Exception:  # damaged, or edited by hand: whatever breaks, the state is not used
            return cls()
        return state


def read_state(project: Project) -> RunState:
    """The last run's state; the empty state when it is missing, unreadable, damaged or not dipl10n's.

    (A state path that is a folder or a link leading outside the project was
    refused with the lock, :meth:`Project.check_state_dir`.)
    """
    path = project.root / STATE_FILE
    try:
        with open(path, "rb") as handle:
            data = handle.read(STATE_MAX_BYTES + 1)
    except FileNotFoundError:
        return RunState()  # no run yet
    except OSError:
        return _unusable(project, "cannot be read")
    if len(data) > STATE_MAX_BYTES:
        return _unusable(project, "is larger than any state dipl10n writes")
    try:
        wrapper = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):  # ValueError: not UTF-8, not JSON; RecursionError: nested too deep
        return _unusable(project, "is damaged")
    if not isinstance(wrapper, dict) or set(wrapper) != {"digest", "state"} or not isinstance(wrapper["state"], dict):
        return _unusable(project, "is not one this dipl10n writes")
    if wrapper["digest"] != _content_digest(wrapper["state"]):
        return _unusable(project, "does not match its digest (edited or damaged)")
    if wrapper["state"].get("format") != STATE_FORMAT:
        return _unusable(project, "was written by another version of dipl10n")
    state = RunState.from_json(wrapper["state"])
    # What it holds must be exactly what it says, read back: a value of another kind is not dipl10n's.
    if state.to_json() != wrapper["state"]:
        return _unusable(project, "holds values of the wrong kind")
    return state


def _content_digest(content: Any) -> str:
    return _sha(json.dumps(content, ensure_ascii=False, separators=(",", ":"), sort_keys=True))


def _unusable(project: Project, why: str) -> RunState:
    log.warning("note: %s %s: this run processes every document", project.show(project.root / STATE_FILE), why)
    return RunState()


def write_state(project: Project, state: RunState) -> None:
    """Record ``state`` with the digest of its content (atomically, under the project lock: a temporary file a
    kill leaves is removed by the next run)."""
    content = state.to_json()
    data = json.dumps({"digest": _content_digest(content), "state": content}, ensure_ascii=False,
                      separators=(",", ":"), sort_keys=True)  # fmt: skip
    project.write(project.root / STATE_FILE, data.encode("utf-8"))


# -- what is there now -----------------------------------------------------------


@dataclass(frozen=True)
class Observed:
    """The digests of every file a run reads or writes, taken before it starts."""

    settings: str
    glossary: str
    #: :func:`memory_identity` of the translation memory now.
    memory: str
    #: Document name → its files (:func:`file_key` → digest), in the order of the source folder.
    documents: Mapping[str, Mapping[str, str]]
    #: Catalogs that translate no source document, and the index pages.
    others: Mapping[str, str]
    #: :func:`file_key` → :func:`stat_signature` of the files whose digest a later run may take from the state.
    stats: Mapping[str, str] = field(default_factory=dict)


def settings_digest(project: Project) -> str:
    """The configuration, the dipl10n version and the page templates: a change rebuilds everything."""
    from dipl10n import __version__

    parts = [repr(project.config), __version__]
    for path in sorted(render.TEMPLATES_DIR.iterdir()):  # looked up now: the directory the pages are rendered from
        parts.append(f"{path.name}:{file_digest(path)}")
    return _sha("\n".join(parts))


def document_files(project: Project, name: str, source: Path) -> list[Path]:
    """Every file of one document: its source, its template, and each language's catalog and pages.

    The pages' paths are the ones :meth:`Project.page_paths` gives, without its
    check that they resolve inside the output directory (the build checks
    that before it writes): this runs for every document on every run.
    """
    files = [source, project.template_path(name)]
    files.extend(project.catalog_path(lang, name) for lang in project.languages)
    return files + page_files(project, name)


def page_files(project: Project, name: str) -> list[Path]:
    """The pages of one document in every language (:func:`document_files` says why not :meth:`Project.page_paths`)."""
    output = project.config.output_dir
    return [output / lang / f"{name}{suffix}" for lang in project.languages for suffix in PAGE_SUFFIXES]


def file_key(project: Project, path: Path) -> str:
    """How the state names a file: its path relative to the project, as written (no link is followed)."""
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return path.as_posix()


def digests(project: Project, paths: Iterable[Path]) -> dict[str, str]:
    """:func:`file_key` → digest (``""`` for a file that is not there)."""
    found = {}
    for path in paths:
        key = file_key(project, path)
        found[key] = file_digest(path, display=key)
    return found


def file_digests(documents: Iterable[Mapping[str, str]], others: Mapping[str, str]) -> dict[str, str]:
    """:func:`file_key` → digest of every file: each document's (``documents``), then the ``others``."""
    found = {key: digest for files in documents for key, digest in files.items()}
    found.update(others)
    return found


def index_files(project: Project) -> list[Path]:
    """Each language's index page of the review site (``build/<lang>/index.html``)."""
    return [index_path(project, lang) for lang in project.languages]


def other_files(project: Project, names: Iterable[str]) -> list[Path]:
    """The catalogs of no source document among ``names``, and each language's index page."""
    known = set(names)
    return [path for path in project.catalog_paths() if path.stem not in known] + index_files(project)


#: How long before the run began a file must have last changed for its stat to stand for its content: more than
#: any file system's timestamp granularity (FAT's 2 s), so that a save in the same tick as the run is hashed.
_SETTLED_NS = 3_000_000_000


def stat_signature(info: os.stat_result) -> str:
    """What a file's stat says of it: device, inode, size, modification and change times."""
    return f"{info.st_dev}:{info.st_ino}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}"


class _Digester:
    """Digests of files, taken from the last run's state where a file's stat is exactly what that run saw
    (and it last changed well before that run began), hashed otherwise: an unchanged rerun hashes nothing."""

    def __init__(self, project: Project, state: RunState) -> None:
        self.project = project
        self.started = time.time_ns()
        recorded = file_digests((record.files for record in state.documents.values()), state.others)
        self.known = {key: (sig, recorded[key]) for key, sig in state.stats.items() if key in recorded}
        self.stats: dict[str, str] = {}

    def __call__(self, paths: Iterable[Path]) -> dict[str, str]:
        found = {}
        for path in paths:
            key = file_key(self.project, path)
            try:
                info = os.stat(path)
            except OSError:
                found[key] = file_digest(path, display=key)  # gone ("") or unreadable (it says why)
                continue
            sig = stat_signature(info)
            settled = info.st_mtime_ns + _SETTLED_NS < self.started and info.st_ctime_ns + _SETTLED_NS < self.started
            known = self.known.get(key)
            if known is not None and known[0] == sig and settled:
                found[key] = known[1]
            else:
                found[key] = file_digest(path, display=key)
            if settled:
                self.stats[key] = sig
        return found


def observe(project: Project, state: RunState | None = None) -> Observed:
    """Digests of every file of the project that a run reads or writes (from ``state`` where a stat allows)."""
    config = project.config
    digest = _Digester(project, state or RunState())
    sources = project.source_paths() if config.source_dir.is_dir() else []
    documents = {path.stem: digest(document_files(project, path.stem, path)) for path in sources}
    return Observed(
        settings=settings_digest(project),
        glossary=file_digest(config.glossary, display=project.show(config.glossary)) if config.glossary else "",
        memory=memory_identity(project),
        documents=documents,
        others=digest(other_files(project, documents)),
        stats=digest.stats,
    )


def memory_identity(project: Project) -> str:
    """Which translation memory file is there, as it is: its inode, size and modification time (``""``: none).

    Any write to it (this project's, or another's sharing it) changes the
    time; a memory moved aside, deleted or replaced is another file.
    """
    try:
        info = project.config.memory.stat()
    except OSError:
        return ""
    return f"{info.st_dev}:{info.st_ino}:{info.st_size}:{info.st_mtime_ns}"


def _term_key(term: Term) -> str:
    """Everything of a glossary row, in an order that does not change between processes."""
    return repr((
        term.en, sorted(term.translations.items()), term.line, term.note, term.case_sensitive, term.dnt,
        term.variants, term.reading, sorted((lang, repr(cell)) for lang, cell in term.cells.items()),
        sorted(term.home),
    ))


def loaded_digest(project: Project) -> str:
    """The digest of the glossary the project loaded, as :func:`observe` takes it of the file (``""``: none)."""
    return project.glossary.digest if project.config.glossary else ""


def terms_digest(glossary: Glossary, source: Path) -> str:
    """A digest of every glossary row whose term the source document at ``source`` could mention.

    A superset (:meth:`Glossary.mentioned`: forms anywhere in the file's text,
    its HTML entities decoded too): a row it names for nothing costs one
    document processed again, a row it missed would cost a stale check. Any
    bytes give a digest: numeric references too long for ``html.unescape``
    are bounded first (:func:`~dipl10n.source.document.bound_references`).
    """
    from dipl10n.source.document import bound_references

    try:
        text = source.read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""  # gone or unreadable: the document is processed, and says why
    decoded = html.unescape(bound_references(text))
    return _sha("\n".join(sorted(_term_key(term) for term in glossary.mentioned(text + "\n" + decoded))))


def wide_digest(glossary: Glossary, languages: Sequence[str]) -> str:
    """What the checks take from the whole glossary, whatever the document: the Latin words its forms approve."""
    return _sha(repr([(lang, sorted(latin_allowed(glossary, lang))) for lang in languages]))


# -- what to do -------------------------------------------------------------------


@dataclass(frozen=True)
class RunPlan:
    """Which documents a run processes, and what it keeps of the others."""

    state: RunState
    observed: Observed
    #: The documents to process, in source order.
    dirty: tuple[str, ...]
    #: The glossary digest the kept documents' terms digests were taken with, and :func:`wide_digest` of it.
    glossary: str
    wide: str

    @property
    def unchanged(self) -> bool:
        """Nothing to do: every document and every other file is as the last run left it."""
        return (
            not self.dirty
            and self.glossary == self.state.glossary
            and dict(self.observed.others) == dict(self.state.others)
        )

    @property
    def kept(self) -> dict[str, DocumentRecord]:
        """The records of the documents the run does not process."""
        dirty = set(self.dirty)
        return {n: r for n, r in self.state.documents.items() if n in self.observed.documents and n not in dirty}

    def waiting_for(self, reviewed: Mapping[str, set[str]]) -> list[str]:
        """Kept documents with an untranslated entry that ``reviewed`` (language → :func:`msgid_key`) now translates."""
        return [
            name
            for name, record in self.kept.items()
            if any(record.waiting & reviewed.get(lang, set()) for lang, record in record.catalogs.items())
        ]


def plan_run(project: Project, state: RunState, *, refresh: bool, machine_off: bool) -> RunPlan:
    """Compare what is there now with ``state``: the documents to process."""
    observed = observe(project, state)
    names = list(observed.documents)
    everything = refresh or state.settings != observed.settings or state.memory != observed.memory
    terms = {name: record.terms for name, record in state.documents.items()}
    glossary, wide = state.glossary, state.wide
    glossary_changed = observed.glossary != state.glossary
    if glossary_changed and not everything:
        loaded = project.glossary
        glossary, wide = loaded_digest(project), wide_digest(loaded, project.languages)
        if wide != state.wide:
            everything = True
        else:
            terms = {
                name: terms_digest(loaded, source)
                for name in names
                if name in state.documents and (source := project.source_path(name)) is not None
            }
    languages = set(project.languages)

    def dirty(name: str) -> bool:
        record = state.documents.get(name)
        return (
            record is None
            or dict(record.files) != dict(observed.documents[name])
            or set(record.catalogs) != languages
            or terms.get(name) != record.terms
            or (not machine_off and any(c.open for c in record.catalogs.values()))
            or (glossary_changed and any(c.foreign for c in record.catalogs.values()))
        )

    chosen = tuple(names) if everything else tuple(name for name in names if dirty(name))
    return RunPlan(state, observed, chosen, glossary, wide)
