"""The machine-translation stage on Ray: ``[tool.dipl10n.mt] executor = "ray"``.

A local Ray cluster of 2 CPUs is started once for the module, its files in a
temporary folder (HOME too: Ray keeps its token in ``~/.ray``), never in the
repository. With the identity package, a run on Ray must write exactly the
bytes a local run writes; an actor that dies is restarted by Ray and the run
still writes those bytes; actors that always die leave machine translation
unavailable for the language and every catalog complete, never half-written.
Without Ray, ``executor = "ray"`` is a clear error before anything is written.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dipl10n.mt import ray_workers
from dipl10n.mt.engine import ArgosEngine, EngineInfo, RayEngine, load_engine, resolve_device
from dipl10n.po import read_po
from dipl10n.project.config import MTConfig
from helpers import argos as af
from helpers.projects import ran

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]

#: Enough sentences, and batches small enough, that both workers get several batches.
EXTRA = "\n\n".join(dict.fromkeys(af.CORPUS)) + "\n\n" + "\n\n".join(
    f"Item {n}: the delegation of {n} members discussed trade and maritime security." for n in range(40)
)

MT = (
    "[tool.dipl10n.mt]\n"
    "max_input_tokens = 300\n"  # the identity model has 320 positions
    "max_batch_tokens = 200\n"
)


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[Any]:
    """A local Ray cluster of 2 CPUs for this module; its files (and HOME) in a temporary folder."""
    ray = pytest.importorskip("ray")
    # Short: Ray's socket paths must fit in 107 bytes.
    scratch = Path(tempfile.mkdtemp(prefix="d10n-ray-"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(scratch / "home"))
        patch.setenv("RAY_USAGE_STATS_ENABLED", "0")
        patch.chdir(scratch)  # the workers start in the driver's folder: never the repository
        before = _repository_files()
        ray.init(
            num_cpus=2,
            include_dashboard=False,
            _temp_dir=str(scratch / "ray"),
            logging_level=logging.WARNING,
            log_to_driver=False,
        )
        try:
            yield ray
        finally:
            ray.shutdown()
            shutil.rmtree(scratch, ignore_errors=True)
    assert _repository_files() == before, "the Ray tests wrote into the repository"


def _repository_files() -> set[str]:
    """What git does not track in the repository, ignored files included (minus the virtual environment)."""
    listed = subprocess.run(
        ["git", "status", "--porcelain", "--ignored", "--untracked-files=all", "--", ".", ":!.venv"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )
    return {line[3:] for line in listed.stdout.splitlines() if line[:2] in ("??", "!!")}


@pytest.fixture
def projects(project: Path, invoke, packages_dir, tmp_path_factory) -> dict[str, Path]:
    """The same project three times: for the local executor, for Ray, and for a run without MT."""
    (project / "source" / "extra.md").write_text(EXTRA + "\n", encoding="utf-8")
    copies = {"local": project}
    for name in ("ray", "no-mt"):
        copies[name] = project.parent / name
        shutil.copytree(project, copies[name])
    configure(copies["local"], 'executor = "local"\n')
    configure(copies["ray"], 'executor = "ray"\nworkers = 2\ncpus_per_worker = 1\n')
    configure(copies["no-mt"], "")
    result = invoke(project, "model", "install", str(af.package_file(tmp_path_factory, "identity")))
    assert result.exit_code == 0, result.output
    return copies


def configure(root: Path, mt: str) -> None:
    (root / "pyproject.toml").write_text(
        '[tool.dipl10n]\nproject = "Diplomacy Journal"\nlanguages = ["ko"]\n' + MT + mt, encoding="utf-8"
    )


def outputs(root: Path) -> dict[str, bytes]:
    """Every file a run writes: catalogs, templates and pages."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for folder in ("locales", "build")
        for path in sorted((root / folder).rglob("*"))
        if path.is_file()
    }


def catalogs(root: Path) -> dict[str, bytes]:
    return {name: data for name, data in outputs(root).items() if name.endswith(".po")}


def run(invoke, root: Path, *args: str):
    result = invoke(root, "run", "--offline", *args)
    gc.collect()  # the engine, and with it its actors, go now: the next test gets the CPUs
    return result


def dying_worker(marker_dir: Path, *, times: int | None) -> type:
    """A worker class whose process exits on a batch: the first ``times`` batches of all, or every one.

    Defined in a function, so Ray pickles it by value: the actors need not import this test module.
    Deaths are counted with files made atomically (``O_EXCL``), so two actors never both take the last one.
    """
    base = ray_workers._Worker

    class Dying(base):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any) -> None:
            with open(marker_dir / f"start-{os.getpid()}", "w"):
                pass
            super().__init__(*args)

        def run(self, index: int, batch: list[list[str]]) -> tuple[int, list[str]]:
            for n in range(times if times is not None else 1):
                try:
                    os.close(os.open(marker_dir / f"death-{n}", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                except FileExistsError:
                    if times is None:  # always dies
                        break
                    continue
                break
            else:
                return super().run(index, batch)
            os._exit(1)

    return Dying


def test_ray_run_writes_exactly_what_a_local_run_writes(ray_cluster, projects, invoke) -> None:
    local = run(invoke, projects["local"])
    ran(local)
    on_ray = run(invoke, projects["ray"])
    ran(on_ray)
    assert "machine translation (ko): " in on_ray.output and "MT unavailable" not in on_ray.output
    written = outputs(projects["local"])
    assert len(catalogs(projects["local"])) == 2
    assert outputs(projects["ray"]) == written
    # The drafts are there: the identity model copied the sentences.
    entries = {e.msgid: e.msgstr for e in read_po(projects["ray"] / "locales/ko/LC_MESSAGES/extra.po")}
    assert entries["Item 7: the delegation of 7 members discussed trade and maritime security."] == (
        "Item 7: the delegation of 7 members discussed trade and maritime security."
    )


def test_an_actor_that_dies_is_restarted_and_the_run_is_the_same(ray_cluster, projects, invoke, tmp_path, monkeypatch):
    markers = tmp_path / "markers"
    markers.mkdir()
    monkeypatch.setattr(ray_workers.RayWorkers, "worker_class", dying_worker(markers, times=1))
    ran(run(invoke, projects["local"]))
    on_ray = run(invoke, projects["ray"])
    ran(on_ray)
    assert "MT unavailable" not in on_ray.output, on_ray.output
    assert outputs(projects["ray"]) == outputs(projects["local"])
    assert (markers / "death-0").exists()  # one worker process did die...
    assert len(list(markers.glob("start-*"))) == 3  # ...and Ray started a new one: 2 workers + 1 restart


def test_actors_that_always_die_leave_mt_unavailable_and_whole_catalogs(ray_cluster, projects, invoke, tmp_path, monkeypatch):
    markers = tmp_path / "markers"
    markers.mkdir()
    # A first run without MT: the catalogs exist. Then the source grows, and the Ray run's workers die.
    for name in ("ray", "no-mt"):
        ran(run(invoke, projects[name], "--no-mt"))
    before = catalogs(projects["ray"])
    for name in ("ray", "no-mt"):
        with (projects[name] / "source" / "extra.md").open("a", encoding="utf-8") as extra:
            extra.write("\nA sentence added after the first run.\n")
    monkeypatch.setattr(ray_workers.RayWorkers, "worker_class", dying_worker(markers, times=None))

    on_ray = run(invoke, projects["ray"])
    ran(on_ray)
    assert "MT unavailable (ko): the Ray workers failed while translating" in on_ray.output, on_ray.output
    assert "machine translation (ko)" not in on_ray.output
    # Each worker was started, died, and was restarted until Ray gave up on it.
    assert len(list(markers.glob("start-*"))) > 2
    # Every catalog is as before or complete: exactly what a run without MT writes, and valid for msgfmt.
    ran(run(invoke, projects["no-mt"], "--no-mt"))
    after = catalogs(projects["ray"])
    assert after == catalogs(projects["no-mt"])
    assert after.keys() == before.keys()
    for name, data in after.items():
        assert data == before[name] or "A sentence added after the first run." in data.decode()
        path = projects["ray"] / name
        check = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


def test_runs_on_says_where_the_model_runs(ray_cluster, packages_dir, invoke, project, tmp_path_factory) -> None:
    ran(invoke(project, "model", "install", str(af.package_file(tmp_path_factory, "identity"))))
    local = load_engine(MTConfig(max_input_tokens=300), "ko")
    assert isinstance(local, ArgosEngine)
    assert local.info.runs_on == f"cpu, {local._translator.compute_type}"
    engine = load_engine(MTConfig(max_input_tokens=300, executor="ray", workers=2, cpus_per_worker=1), "ko")
    assert isinstance(engine, RayEngine)
    assert engine.info.runs_on == f"ray: 2 workers on cpu, {local._translator.compute_type}"
    # Where it runs is not part of the provenance: the catalogs name the same engine.
    assert engine.info == local.info and engine.info.describe() == "argos translate-en_ko 1.0"
    sentences = ["A short one.", "", " padded ", *af.CORPUS[:10]]
    assert engine.translate(sentences) == local.translate(sentences) == sentences
    engine.close()
    one = load_engine(MTConfig(max_input_tokens=300, executor="ray"), "ko")  # cpus_per_worker = 2: one worker
    assert one.info.runs_on.startswith("ray: 1 worker on cpu, ")
    del one
    gc.collect()


def test_device_auto_is_cuda_only_when_ctranslate2_sees_a_gpu(monkeypatch) -> None:
    import ctranslate2

    assert MTConfig().device == "auto"
    assert resolve_device("cpu") == "cpu" and resolve_device("cuda") == "cuda"
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 1)
    assert resolve_device("auto") == "cuda"
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 0)
    assert resolve_device("auto") == "cpu"

    def no_driver() -> int:
        raise RuntimeError("CUDA driver version is insufficient")

    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", no_driver)
    assert resolve_device("auto") == "cpu"
    assert EngineInfo("argos", "p", "1", runs_on="cpu, int8") == EngineInfo("argos", "p", "1", runs_on="cuda:0, float16")


def test_without_ray_the_ray_executor_is_a_clear_error(project, invoke, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    configure(project, 'executor = "ray"\n')
    result = invoke(project, "run", "--offline")
    assert result.exit_code == 2, result.output
    assert "needs Ray, which is not installed: pip install 'dipl10n[ray]'" in result.output
    assert not (project / "locales").exists()  # refused before the run started
    ran(invoke(project, "run", "--no-mt"))  # without machine translation, Ray is not needed
