"""Shared test setup.

argostranslate creates directories under $HOME and reads its environment once,
at first import. Point its XDG directories at a throwaway folder before any
test can import it, so the suite never touches the real home directory.
"""

from __future__ import annotations

import os
import tempfile

_ARGOS_HOME = tempfile.mkdtemp(prefix="dipl10n-tests-xdg-")
for _var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[_var] = os.path.join(_ARGOS_HOME, _var.lower())
os.environ.setdefault("ARGOS_PACKAGES_DIR", os.path.join(_ARGOS_HOME, "packages"))
# Never reach the public Argos package index from the suite.
os.environ["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/"

# Imported after the environment above is set (E402 on purpose).
import datetime as dt  # noqa: E402
import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from hypothesis import settings as _hypothesis_settings  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
FROZEN_NOW = dt.datetime(2024, 7, 12, 9, 30, tzinfo=dt.timezone.utc)


@pytest.fixture
def engine(monkeypatch):
    """Machine drafts from a double, ``[초안] <source>``, wherever the command line asks for an engine."""
    from helpers.engines import DoubleEngine

    double = DoubleEngine(lambda text: f"[초안] {text}")
    monkeypatch.setattr("dipl10n.mt.engine.engine_factory", lambda config, **options: (lambda lang: double))
    return double


@pytest.fixture
def packages_dir(tmp_path, monkeypatch) -> Path:
    """An empty Argos packages folder for the test, as ``ARGOS_PACKAGES_DIR`` names it."""
    path = tmp_path / "argos-packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(path))
    return path


@pytest.fixture
def frozen_now(monkeypatch):
    """Catalog headers hold dates: freeze the pipeline's clock."""
    monkeypatch.setattr("dipl10n.run.pipeline.now_utc", lambda: FROZEN_NOW)
    return FROZEN_NOW


@pytest.fixture
def project(tmp_path, frozen_now) -> Path:
    """A copy of this repository's project tree: the article, the glossary, the configuration."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copytree(REPO / "source", root / "source")
    shutil.copy(REPO / "glossary.csv", root / "glossary.csv")
    (root / "pyproject.toml").write_text(
        '[tool.dipl10n]\nproject = "Diplomacy Journal"\nlanguages = ["ko"]\n', encoding="utf-8"
    )
    return root


@pytest.fixture
def reviewed(project: Path, invoke) -> Path:
    """The project after one run, with two reviewed translations, after a second run."""
    from helpers.projects import REVIEWED, po_path, ran, review

    ran(invoke(project, "run", "--no-mt"))
    review(po_path(project), REVIEWED)
    ran(invoke(project, "run", "--no-mt"))
    return project


@pytest.fixture
def invoke():
    """Run the CLI in-process on a project, like a user would from its directory."""
    from click.testing import CliRunner

    from dipl10n.cli.app import cli

    def run(project: Path, *args: str, input: str | None = None):
        runner = CliRunner()
        return runner.invoke(cli, [*args, "--project", str(project)], input=input)

    return run

# Property tests keep no example database: tests never write into the repository.
_hypothesis_settings.register_profile("dipl10n", database=None)
_hypothesis_settings.load_profile("dipl10n")
