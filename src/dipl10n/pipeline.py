"""The pipeline: composing the stages into what the commands do.

``extract``  source documents → sentence segments → ``locales/<doc>.pot``
``update``   templates → ``locales/<lang>/LC_MESSAGES/<doc>.po`` (merge, glossary notes)
``draft``    open entries ← glossary, translation memory, machine translation
``run``      extract → update + draft (one write per catalog) → build

Every catalog is written at most once per command, atomically, and only if
its content changed. If a reviewer saves a catalog between the moment it was
read and the moment it would be written, the write is refused
(:class:`~dipl10n.errors.ConcurrentEditError`), the catalog is read again
with the reviewer's changes and the work is redone on it. One run at a time
holds the project lock (``.dipl10n/lock``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog

from dipl10n.atomic import atomic_write, file_digest
from dipl10n.catalog import (
    CatalogStats,
    MergeResult,
    catalog_stats,
    init_catalog,
    make_template,
    merge,
    reviewed_entries,
    set_hints,
    template_changed,
)
from dipl10n.config import Config
from dipl10n.document import Document, discover_documents, read_document
from dipl10n.draft import Draft, FillCounts, apply_machine, prefill, sources_to_translate, translate
from dipl10n.errors import BusyError, ConcurrentEditError, EngineUnavailable
from dipl10n.glossary import Glossary, load_glossary
from dipl10n.pofile import generate_po, parse_po, read_po
from dipl10n.segment import segment_document

log = logging.getLogger(__name__)

#: How often a catalog that keeps changing under the run is re-read before giving up.
CONFLICT_RETRIES = 5
LOCK_TIMEOUT = 60.0

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class TemplateResult:
    """One document's template after ``extract``."""

    doc: str
    path: Path
    entries: int
    written: bool


@dataclass(frozen=True)
class CatalogResult:
    """One catalog after ``update``/``draft``."""

    doc: str
    lang: str
    path: Path
    created: bool
    written: bool
    merge: MergeResult | None
    fills: FillCounts
    stats: CatalogStats
    retries: int = 0


@dataclass(frozen=True)
class MachineStatus:
    """Whether machine translation ran, and if not, why."""

    available: bool
    engine: str = ""
    calls: int = 0
    message: str = ""


@dataclass(frozen=True)
class SyncReport:
    templates: tuple[TemplateResult, ...] = ()
    catalogs: tuple[CatalogResult, ...] = ()
    machine: MachineStatus | None = None

    @property
    def fills(self) -> FillCounts:
        total = FillCounts()
        for result in self.catalogs:
            total = total + result.fills
        return total


@dataclass(frozen=True)
class DraftOptions:
    """What ``draft`` may use: ``engine_factory(lang)`` loads (or fails to load) an engine."""

    engine_factory: Callable[[str], object] | None
    refresh: bool = False
    progress: Progress | None = None


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(second=0, microsecond=0)


@contextmanager
def project_lock(config: Config, *, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the project's lock: a second run waits for the first, then gives up."""
    from filelock import FileLock, Timeout

    lock_path = config.root / ".dipl10n" / "lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_path))
    try:
        lock.acquire(timeout=timeout)
    except Timeout as exc:
        raise BusyError(
            f"another dipl10n run holds the project (waited {timeout:.0f} s); try again when it has finished",
            path=config.relative(lock_path),
            cause=exc,
        ) from exc
    try:
        yield
    finally:
        lock.release()


# -- extract -----------------------------------------------------------------


def load_documents(config: Config) -> list[Document]:
    return [
        read_document(path, ref=config.relative(path)) for path in discover_documents(config.source_dir)
    ]


def extract(config: Config, *, now: dt.datetime | None = None) -> tuple[list[TemplateResult], dict[str, Catalog]]:
    """Write each document's ``.pot`` if its entries changed; return the templates by document name."""
    now = now or now_utc()
    results = []
    templates: dict[str, Catalog] = {}
    for doc in load_documents(config):
        template = make_template(doc, segment_document(doc), project=config.project, now=now)
        path = config.template_path(doc.name)
        digest = file_digest(path)
        old = read_po(path, display_path=config.relative(path)) if digest else None
        written = False
        if template_changed(old, template):
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, generate_po(template).encode("utf-8"), expected_digest=digest)
            written = True
        else:
            template = old  # keep its creation date: nothing changed
        templates[doc.name] = template
        results.append(TemplateResult(doc.name, path, sum(1 for m in template if m.id), written))
    return results, templates


def read_templates(config: Config) -> dict[str, Catalog]:
    """The templates on disk, for ``update`` without ``extract``."""
    if not config.locales_dir.is_dir():
        return {}
    return {
        path.stem: read_po(path, display_path=config.relative(path)) for path in sorted(config.locales_dir.glob("*.pot"))
    }


# -- update and draft ----------------------------------------------------------


@dataclass
class _Work:
    doc: str
    lang: str
    path: Path
    template: Catalog
    digest: str = ""
    original: bytes = b""
    catalog: Catalog | None = None
    created: bool = False
    merge: MergeResult | None = None
    fills: FillCounts = field(default_factory=FillCounts)
    retries: int = 0


def sync(
    config: Config,
    templates: dict[str, Catalog],
    *,
    glossary: Glossary | None = None,
    draft: DraftOptions | None = None,
    now: dt.datetime | None = None,
) -> SyncReport:
    """Merge ``templates`` into every language's catalog and, with ``draft``, fill open entries."""
    now = now or now_utc()
    glossary = glossary if glossary is not None else load_glossary(config.glossary, display=config.relative(config.glossary))
    works = [
        _Work(doc, lang, config.catalog_path(lang, doc), template)
        for doc, template in sorted(templates.items())
        for lang in config.languages
    ]
    from dipl10n.memory import Memory

    with Memory.open(config.memory) as memory:
        drafts: dict[str, dict[str, Draft]] = {}
        machine: MachineStatus | None = None

        def prepare(work: _Work) -> None:
            _load(work, config)
            _merge(work, config, glossary, now)
            if draft is not None:
                reviewed = memory.reviewed(
                    [m.id for m in work.catalog if m.id], work.lang, exclude_origin=config.relative(work.path)
                )
                work.fills = prefill(
                    work.catalog, glossary=glossary, lang=work.lang, reviewed=reviewed, refresh=draft.refresh
                )

        for work in works:
            prepare(work)
        if draft is not None:
            machine, drafts = _machine_drafts(works, config, glossary, memory, draft)
        for work in works:
            for attempt in range(CONFLICT_RETRIES + 1):
                if draft is not None and work.lang in drafts:
                    origin = machine.engine if machine else ""
                    work.fills = work.fills + apply_machine(
                        work.catalog, drafts[work.lang], origin=origin, refresh=draft.refresh
                    )
                try:
                    _write(work)
                    break
                except ConcurrentEditError:
                    if attempt == CONFLICT_RETRIES:
                        raise
                    log.info("%s changed while dipl10n worked on it; merging again", work.path)
                    work.retries += 1
                    prepare(work)
        memory.record_reviewed(
            (m.id, work.lang, config.relative(work.path), m.string)
            for work in works
            for m in reviewed_entries(work.catalog)
        )
    return SyncReport(
        catalogs=tuple(
            CatalogResult(
                w.doc, w.lang, w.path, w.created, w.written, w.merge, w.fills, catalog_stats(w.catalog), w.retries
            )
            for w in works
        ),
        machine=machine,
    )


def _load(work: _Work, config: Config) -> None:
    path = work.path
    work.digest = file_digest(path)
    work.original = path.read_bytes() if work.digest else b""
    work.created = not work.digest
    work.catalog = parse_po(work.original, path=config.relative(path)) if work.digest else None


def _merge(work: _Work, config: Config, glossary: Glossary, now: dt.datetime) -> None:
    if work.catalog is None:
        work.catalog = init_catalog(
            work.template, work.lang, project=config.project, doc_ref=_doc_ref(work.template), now=now
        )
    work.merge = merge(work.catalog, work.template)
    for message in work.catalog:
        if message.id:
            set_hints(message, glossary, work.lang)


def _doc_ref(template: Catalog) -> str:
    for message in template:
        if message.locations:
            return message.locations[0][0]
    return "the source document"


def _write(work: _Work) -> None:
    data = generate_po(work.catalog).encode("utf-8")
    work.written = data != work.original
    if work.written:
        work.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(work.path, data, expected_digest=work.digest)


def _machine_drafts(
    works: Sequence[_Work], config: Config, glossary: Glossary, memory, options: DraftOptions
) -> tuple[MachineStatus, dict[str, dict[str, Draft]]]:
    from dipl10n.memory import MachineKey

    drafts: dict[str, dict[str, Draft]] = {}
    calls = 0
    engine_name = ""
    for lang in dict.fromkeys(w.lang for w in works):
        sources = sources_to_translate((w.catalog for w in works if w.lang == lang), refresh=options.refresh)
        if not sources:
            continue
        if options.engine_factory is None:
            return MachineStatus(False, message="machine translation is off"), drafts
        try:
            engine = options.engine_factory(lang)
        except EngineUnavailable as exc:
            return MachineStatus(False, message=exc.message), drafts
        info = engine.info
        engine_name = info.describe() if hasattr(info, "describe") else f"{info.engine} {info.package} {info.version}"
        key = MachineKey(lang, info.engine, info.package, info.version, glossary.version)
        progress = options.progress
        total = len(sources)
        drafts[lang], asked = translate(
            sources,
            engine=engine,
            glossary=glossary,
            lang=lang,
            memory=memory,
            key=key,
            progress=(lambda done: progress(done, total)) if progress else None,
        )
        calls += asked
    return MachineStatus(True, engine=engine_name, calls=calls), drafts


def stats(config: Config) -> list[tuple[Path, CatalogStats]]:
    """Counts of every catalog on disk."""
    results = []
    for lang in config.languages:
        directory = config.locales_dir / lang / "LC_MESSAGES"
        for path in sorted(directory.glob("*.po")) if directory.is_dir() else []:
            results.append((path, catalog_stats(read_po(path, display_path=config.relative(path)))))
    return results
