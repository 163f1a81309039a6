"""The machine-translation stage on a Ray cluster: ``[tool.dipl10n.mt] executor = "ray"``.

Only the model's work leaves the machine that runs ``dipl10n``. The driver
strips, tokenizes, windows, sorts and batches the sentences exactly as the
local engine does (:class:`dipl10n.mt.engine.RayEngine` is an
:class:`~dipl10n.mt.engine.ArgosBatches`, like :class:`~dipl10n.mt.engine.ArgosEngine`);
:class:`RayWorkers` sends each batch of token lists to a Ray actor holding
one CTranslate2 translator of the package (one actor per GPU, or one per
``cpus_per_worker`` cores; ``workers`` sets the number), which runs the local
engine's own :meth:`~dipl10n.mt.engine.ArgosEngine.run` on it. Same batches, same
code, same translations: the catalogs are byte for byte those of the local
executor. Catalogs, the translation memory, the project lock and the
provenance comments stay with the driver.

Ray's own primitives do the scheduling: actors and
:class:`ray.util.ActorPool`. An actor whose process dies is restarted by Ray
and its batch retried (``max_restarts``, ``max_task_retries``); when the
retries run out, :class:`~dipl10n.errors.EngineUnavailable`: the run reports
machine translation unavailable for that language and writes every catalog
complete, without its drafts.

This module does not import :mod:`dipl10n.mt.engine` (which imports it): the engine
class the actors build is handed to :class:`RayWorkers`.

Ray is an optional extra (``pip install 'dipl10n[ray]'``). On a cluster,
every node needs dipl10n installed and the packages directory readable at the
same path (a shared folder, or the same package installed on each).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

from dipl10n.errors import ConfigError, EngineUnavailable
from dipl10n.mt.packages.metadata import PackageInfo
from dipl10n.project.config import MTConfig

__all__ = ["RayWorkers", "require_ray"]

log = logging.getLogger(__name__)

#: How often Ray restarts a dead actor, and retries the batch it was running.
RETRIES = 2
#: Seconds to wait for the actors to load their model (longer: the cluster lacks the resources asked for).
START_TIMEOUT = 300.0


def require_ray() -> Any:
    """The ``ray`` module, or :class:`ConfigError` saying how to install it."""
    try:
        import ray
    except ImportError as exc:
        raise ConfigError(
            "mt.executor = \"ray\" needs Ray, which is not installed: pip install 'dipl10n[ray]' "
            '(or set executor = "local" in [tool.dipl10n.mt])',
            cause=exc,
        ) from exc
    return ray


#: Builds the engine an actor holds: :class:`dipl10n.mt.engine.ArgosEngine`.
MakeEngine = Callable[[PackageInfo, MTConfig], Any]


class _Worker:
    """A Ray actor holding one translator (made remote in :class:`RayWorkers`)."""

    def __init__(self, make_engine: MakeEngine, package: PackageInfo, config: MTConfig) -> None:
        self.engine = make_engine(package, config)

    def where(self) -> str:
        """Where the model runs: the engine's ``info.runs_on`` (``"cpu, int8_float32"``, ``"cuda:0, float16"``)."""
        return str(self.engine.info.runs_on)

    def run(self, index: int, batch: list[list[str]]) -> tuple[int, list[str]]:
        """Translate batch number ``index`` (token lists) with :meth:`ArgosEngine.run`; the number comes back with it."""
        return index, self.engine.run(batch)


class RayWorkers:
    """The Ray actors of one package, each holding one translator; ``translate_batches`` runs batches on them.

    The actors are started, and have loaded their model, when the
    constructor returns; :attr:`runs_on` then says where they run
    (``"ray: 2 workers on cpu, int8_float32"``).
    """

    #: The actor class (tests put one there that fails on purpose).
    worker_class: ClassVar[type] = _Worker

    def __init__(self, make_engine: MakeEngine, package: PackageInfo, config: MTConfig) -> None:
        self.package = package
        ray = require_ray()
        self._workers: list[Any] = []
        self._pool: Any = None
        self._ray = ray
        from ray.util import ActorPool

        where = config.address or "a local one"
        if not ray.is_initialized():
            try:
                ray.init(
                    address=config.address or None,
                    include_dashboard=False,
                    logging_level=logging.WARNING,
                    log_to_driver=False,
                )
            except Exception as exc:  # Ray raises ConnectionError, RuntimeError, ValueError, ...
                raise EngineUnavailable(f"cannot reach the Ray cluster ({where}): {exc}", cause=exc) from exc
        resources = ray.cluster_resources()
        gpus = int(resources.get("GPU", 0))
        cpus = int(resources.get("CPU", 0))
        use_gpus = gpus > 0 and config.device in ("auto", "cuda")
        if config.device == "cuda" and not use_gpus:
            raise EngineUnavailable("mt.device is 'cuda' but the Ray cluster has no GPU (set device = \"auto\" or \"cpu\")")
        if use_gpus:
            count = config.workers or gpus
            options: dict[str, Any] = {"num_gpus": 1, "num_cpus": 1}
            device = "cuda"
        else:
            count = config.workers or max(1, cpus // config.cpus_per_worker)
            options = {"num_cpus": config.cpus_per_worker}
            device = "cpu"
        worker_config = dataclasses.replace(
            config, device=device, intra_threads=config.intra_threads or options["num_cpus"]
        )
        remote = ray.remote(max_restarts=RETRIES, max_task_retries=RETRIES, **options)(self.worker_class)
        self._workers = [remote.remote(make_engine, package, worker_config) for _ in range(count)]
        try:
            started = ray.get([worker.where.remote() for worker in self._workers], timeout=START_TIMEOUT)
        except ray.exceptions.GetTimeoutError as exc:
            self.close()
            asked = " and ".join(f"{options[key]} {name}" for key, name in (("num_cpus", "CPU"), ("num_gpus", "GPU")) if key in options)
            raise EngineUnavailable(
                f"the Ray cluster ({where}) did not start {count} workers of {asked} each "
                f"within {START_TIMEOUT:.0f} s (it has {cpus} CPUs, {gpus} GPUs); lower mt.workers "
                "or mt.cpus_per_worker",
                cause=exc,
            ) from exc
        except ray.exceptions.RayError as exc:
            self.close()
            raise self._unavailable("the Ray workers could not load the model", exc) from exc
        # Each actor sees only its own GPU, as cuda:0: the workers run on "cuda", however many GPUs they use.
        kinds = sorted({re.sub(r"^cuda:\d+,", "cuda,", runs_on) for runs_on in started})
        self._pool = ActorPool(self._workers)
        self.runs_on = f"ray: {count} worker{'s' if count != 1 else ''} on {' / '.join(kinds)}"

    def translate_batches(self, batches: list[list[list[str]]]) -> Iterator[list[str]]:
        """Each batch on whichever actor is free (Ray's ActorPool); yielded in batch order."""
        if self._pool is None:
            raise EngineUnavailable("the Ray workers of this engine failed earlier, or were stopped; run again")
        pool = self._pool
        finished: dict[int, list[str]] = {}
        following = 0
        try:
            jobs: list[Any] = list(enumerate(batches))
            for index, texts in pool.map_unordered(lambda actor, job: actor.run.remote(*job), jobs):
                finished[index] = texts
                while following in finished:
                    yield finished.pop(following)
                    following += 1
        except self._ray.exceptions.RayError as exc:
            self.close()
            raise self._unavailable(f"the Ray workers failed while translating (restarted up to {RETRIES} times)", exc) from exc

    def close(self) -> None:
        """Stop the actors (Ray also stops them when this engine is garbage-collected)."""
        self._pool = None
        for worker in self._workers:
            try:
                self._ray.kill(worker)
            except Exception:  # already dead, or the cluster is gone
                log.debug("could not kill a Ray worker", exc_info=True)

    def _unavailable(self, what: str, exc: Exception) -> EngineUnavailable:
        cause = getattr(exc, "cause", None)
        if isinstance(cause, EngineUnavailable):  # CTranslate2 failed on the worker: say what it said
            return EngineUnavailable(f"{what}: {cause.message}", path=self.package.path, cause=exc)
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return EngineUnavailable(f"{what} ({type(exc).__name__}): {reason}", cause=exc)
