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

import dataclasses
import datetime as dt
import hashlib
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog

from dipl10n.atomic import atomic_write, file_digest, remove_stale_temps
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
from dipl10n.errors import BusyError, CatalogError, ConcurrentEditError, ConfigError, EngineUnavailable
from dipl10n.glossary import Glossary, load_glossary
from dipl10n.pofile import generate_po, header_fields, parse_po, read_po
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
    #: SHA-256 of the catalog as this run left it ("": there is none).
    digest: str = ""


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


#: Environment variable: how many seconds a run waits for another one's lock (0: do not wait).
LOCK_TIMEOUT_ENV = "DIPL10N_LOCK_TIMEOUT"


def lock_timeout() -> float:
    """Seconds to wait for the project lock: ``$DIPL10N_LOCK_TIMEOUT``, else :data:`LOCK_TIMEOUT`."""
    raw = os.environ.get(LOCK_TIMEOUT_ENV, "").strip()
    if not raw:
        return LOCK_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):  # also refuses NaN
        raise ConfigError(f"{LOCK_TIMEOUT_ENV} must be a number of seconds (0 or more), not {raw!r}")
    return value


@contextmanager
def project_lock(config: Config, *, timeout: float | None = None) -> Iterator[None]:
    """Hold the project's lock: a second run waits for the first, then gives up.

    ``timeout`` defaults to :func:`lock_timeout`. The lock is an OS lock on
    ``.dipl10n/lock`` (filelock), so a run that was killed holds nothing: the
    file it leaves behind does not block the next run. Holding the lock, the
    temporary files a killed run left next to catalogs and pages are removed.
    """
    from filelock import FileLock, Timeout

    if timeout is None:
        timeout = lock_timeout()
    lock_path = config.root / ".dipl10n" / "lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_path))
    try:
        lock.acquire(timeout=timeout)
    except Timeout as exc:
        raise BusyError(
            f"another dipl10n run holds the project lock (waited {timeout:g} s; "
            f"set {LOCK_TIMEOUT_ENV} to wait longer); try again when it has finished",
            path=config.relative(lock_path),
            cause=exc,
        ) from exc
    try:
        for directory in (config.locales_dir, config.output_dir):
            for stale in remove_stale_temps(directory):
                log.info("removed %s, left by an interrupted run", stale)
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
    snapshot: tuple | None = None
    created: bool = False
    merge: MergeResult | None = None
    fills: FillCounts = field(default_factory=FillCounts)
    retries: int = 0
    left: str = ""  # digest of the catalog as the run left it


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
                w.doc, w.lang, w.path, w.created, w.written, w.merge, w.fills, catalog_stats(w.catalog), w.retries,
                w.left,
            )
            for w in works
        ),
        machine=machine,
    )


def _load(work: _Work, config: Config) -> None:
    path = work.path
    shown = config.relative(path)
    # One read: the digest that guards the write is the digest of exactly what was parsed.
    try:
        work.original = path.read_bytes()
    except FileNotFoundError:
        work.original, work.digest = b"", ""
    except OSError as exc:
        raise CatalogError(f"cannot read the catalog: {exc.strerror or exc}", path=shown, cause=exc) from exc
    else:
        work.digest = hashlib.sha256(work.original).hexdigest()
    work.created = not work.digest
    work.catalog = parse_po(work.original, path=shown) if work.digest else None
    if work.catalog is not None and not header_fields(work.catalog):
        # Writing it back would give a catalog without charset or language (msgfmt --check refuses it).
        raise CatalogError(
            'the catalog has no header entry (msgid ""), so its language and charset are unknown; '
            "restore it from a backup, or delete it to let dipl10n start it afresh",
            path=shown,
        )
    work.snapshot = _snapshot(work.catalog) if work.catalog is not None else None


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


def _snapshot(catalog: Catalog) -> tuple:
    """Everything of ``catalog`` that its file shows, to tell whether processing changed it."""

    def entry(m):
        return (
            m.id, m.string, m.context, tuple(sorted(m.flags)), tuple(m.locations),
            tuple(m.auto_comments), tuple(m.user_comments), tuple(m.previous_id),
        )

    return (
        tuple(header_fields(catalog)),
        catalog.header_comment,
        catalog.fuzzy,
        tuple(entry(m) for m in catalog if m.id),
        tuple(entry(m) for m in catalog.obsolete.values()),
    )


def _write(work: _Work) -> None:
    # Unchanged content is not rewritten, not even reformatted: a catalog a
    # reviewer's editor saved stays byte for byte as it is.
    work.left = work.digest
    if work.snapshot is not None and _snapshot(work.catalog) == work.snapshot:
        work.written = False
        return
    data = generate_po(work.catalog).encode("utf-8")
    work.written = data != work.original
    if work.written:
        work.path.parent.mkdir(parents=True, exist_ok=True)
        work.left = atomic_write(work.path, data, expected_digest=work.digest)


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


# -- run: everything, skipped when nothing changed -------------------------------

STATE_FILE = Path(".dipl10n") / "state.json"


@dataclass(frozen=True)
class RunReport:
    """What ``dipl10n run`` did; ``unchanged`` when nothing had changed since the last run."""

    templates: tuple[TemplateResult, ...] = ()
    sync: SyncReport | None = None
    builds: tuple = ()
    checks: str = ""
    unchanged: bool = False


def run_project(config: Config, *, draft: DraftOptions, now: dt.datetime | None = None) -> RunReport:
    """extract → update + draft → build → check summary, under the project lock.

    A run records a fingerprint of its inputs and outputs (sources, glossary,
    configuration, catalogs, pages) in ``.dipl10n/state.json``. When the next
    run finds the same fingerprint, and the last run left nothing that machine
    translation could still fill, there is nothing to do: it says so without
    reading a catalog or calling the engine.
    """
    from dipl10n.build import build_all
    from dipl10n.checks import check_catalogs

    machine_off = draft.engine_factory is None
    with project_lock(config):
        fingerprint = _fingerprint(config)
        state = _read_state(config)
        if (
            not draft.refresh
            and state.get("fingerprint") == fingerprint
            and (state.get("open_entries") == 0 or (machine_off and state.get("machine_off")))
        ):
            return RunReport(checks=state.get("checks", ""), unchanged=True)
        templates, catalogs = extract(config, now=now)
        report = sync(config, catalogs, draft=draft, now=now)
        # The checks run once: their findings feed the review pages and the summary line.
        checked = check_catalogs(config, verbose=True)
        by_catalog: dict[str, list] = {}
        for finding in checked.findings:
            by_catalog.setdefault(finding.path, []).append(finding)
        builds = tuple(build_all(config, findings=by_catalog))
        checks = dataclasses.replace(checked, verbose=False).summary()
        open_entries = sum(result.stats.untranslated for result in report.catalogs)
        after = _fingerprint(config)
        # A catalog saved (by a reviewer) after this run wrote it was neither merged nor built,
        # and a source or glossary saved during the run was not read: record no fingerprint,
        # so that the next run does the work instead of skipping it.
        merged = all(after["outputs"].get(config.relative(r.path)) == r.digest for r in report.catalogs)
        current = after["inputs"] == fingerprint["inputs"]
        _write_state(
            config,
            {
                "fingerprint": after if merged and current else None,
                "open_entries": open_entries,
                "machine_off": machine_off,
                "checks": checks,
            },
        )
    return RunReport(tuple(templates), report, builds, checks)


def _fingerprint(config: Config) -> dict[str, object]:
    """Digests of every file a run reads (inputs) or writes (outputs), and its settings."""
    from dipl10n import __version__

    inputs: list[Path] = [config.glossary, config.root / "pyproject.toml"]
    outputs: list[Path] = []
    names: list[str] = []
    if config.source_dir.is_dir():
        for path in discover_documents(config.source_dir):
            inputs.append(path)
            names.append(path.stem)
    if config.locales_dir.is_dir():
        outputs.extend(sorted(config.locales_dir.glob("*.pot")))
        for lang in config.languages:
            outputs.extend(sorted((config.locales_dir / lang / "LC_MESSAGES").glob("*.po")))
    for lang in config.languages:
        for name in names:
            outputs.extend(config.output_dir / lang / f"{name}{suffix}" for suffix in (".html", ".txt", ".review.html"))
    return {
        "dipl10n": __version__,
        "config": hashlib.sha256(repr(config).encode("utf-8")).hexdigest(),
        "inputs": {config.relative(path): file_digest(path) for path in inputs},
        "outputs": {config.relative(path): file_digest(path) for path in outputs},
    }


def _read_state(config: Config) -> dict:
    import json

    try:
        state = json.loads((config.root / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _write_state(config: Config, state: dict) -> None:
    import json

    path = config.root / STATE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))
