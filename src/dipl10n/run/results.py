"""What the pipeline's stages report: one value per template, catalog and language, and the run as a whole.

Plain frozen values, made by :mod:`dipl10n.run.pipeline` and read by the
command line (its lines, its JSON, its exit status) and by the run state
(:mod:`dipl10n.run.records`); :class:`DraftOptions` is what ``draft`` may use.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dipl10n.mt.draft import FillCounts
from dipl10n.po import MergeResult
from dipl10n.po.catalog import CatalogStats

if TYPE_CHECKING:
    from dipl10n.mt.engine import EngineFactory
    from dipl10n.site.index import SiteIndex
    from dipl10n.site.result import BuildResult

#: ``progress(done, total)``: sentences machine-translated so far.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class TemplateResult:
    """One document's template after ``extract``."""

    doc: str
    path: Path
    entries: int
    written: bool
    #: SHA-256 of the template as this run left it.
    digest: str = ""


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
    #: Entries machine translation could still fill (it was off or unavailable).
    open: int = 0
    #: Reviewed translations the catalog had lost, put back from the translation memory.
    restored: int = 0

    def then(self, later: CatalogResult) -> CatalogResult:
        """This result followed by ``later``, the same catalog's in a second pass of the same run."""
        return dataclasses.replace(
            later,
            created=self.created or later.created,
            written=self.written or later.written,
            merge=self.merge,
            fills=self.fills + later.fills,
            retries=self.retries + later.retries,
            restored=self.restored + later.restored,
        )


@dataclass(frozen=True)
class MachineStatus:
    """Machine translation for one target language: whether it ran, with which engine, and what it filled.

    Two units, kept apart: ``translated`` and ``cached`` count distinct
    *sentences* (``translated`` went to the engine in this run, ``cached``
    came from the machine-translation cache, made by the same engine before);
    ``fills`` counts the catalog *entries* filled with machine drafts, summed
    over the language's catalogs (a sentence that two documents share fills
    two entries), ``fills.cached`` of them from the cache. ``fills`` is what
    the per-catalog lines add up to.
    """

    lang: str
    available: bool
    engine: str = ""
    #: Machine translation was turned off for this run (``run --no-mt``): a choice, not a failure.
    off: bool = False
    #: Distinct sentences machine translation would have drafted (with ``off``).
    waiting: int = 0
    #: Where the model ran (:attr:`dipl10n.mt.engine.EngineInfo.runs_on`): ``cpu, int8_float32``, ``ray: 2 workers on cpu, ...``.
    runs_on: str = ""
    translated: int = 0
    cached: int = 0
    message: str = ""
    fills: FillCounts = field(default_factory=FillCounts)

    @property
    def drafted(self) -> int:
        """Entries filled with a machine draft in this run."""
        return self.fills.machine

    @property
    def drafted_now(self) -> int:
        """Entries filled with a draft the engine made in this run."""
        return self.fills.machine - self.fills.cached

    @property
    def drafted_from_cache(self) -> int:
        """Entries filled with a draft from the machine-translation cache."""
        return self.fills.cached


@dataclass(frozen=True)
class SyncReport:
    templates: tuple[TemplateResult, ...] = ()
    catalogs: tuple[CatalogResult, ...] = ()
    #: One status per language that had sentences for machine translation.
    machine: tuple[MachineStatus, ...] = ()

    @property
    def fills(self) -> FillCounts:
        total = FillCounts()
        for result in self.catalogs:
            total = total + result.fills
        return total

    def __add__(self, later: SyncReport) -> SyncReport:
        """This report followed by ``later``, a second pass of the same run: one line per catalog and language."""
        results = {result.path: result for result in self.catalogs}
        for result in later.catalogs:
            results[result.path] = results[result.path].then(result) if result.path in results else result
        langs = {status.lang for status in self.machine}
        return SyncReport(
            self.templates + later.templates,
            tuple(results.values()),
            self.machine + tuple(status for status in later.machine if status.lang not in langs),
        )


@dataclass(frozen=True)
class DraftOptions:
    """What ``draft`` may use: ``engine_factory(lang)`` loads (or fails to load) an engine.

    :func:`dipl10n.mt.engine.engine_factory` makes the one the commands use; ``None``: machine translation is off.
    """

    engine_factory: EngineFactory | None
    refresh: bool = False
    progress: Progress | None = None


@dataclass(frozen=True)
class RunReport:
    """What ``dipl10n run`` did; ``unchanged`` when nothing had changed since the last run."""

    templates: tuple[TemplateResult, ...] = ()
    sync: SyncReport | None = None
    builds: tuple[BuildResult, ...] = ()
    checks: str = ""
    unchanged: bool = False
    #: Check errors in the catalogs, and how many catalogs hold them: the publishing gate (exit 1).
    errors: int = 0
    error_catalogs: int = 0
    #: The review site's index pages, one per language.
    site: tuple[SiteIndex, ...] = ()
    #: Source documents, and how many of them this run skipped: unchanged since the last run.
    documents: int = 0
    skipped: int = 0

