"""The light install: Argos Translate without torch, stanza or spaCy, and a CLI that imports nothing heavy.

dipl10n depends on ``argos-translate-lt``, the distribution of the
``argostranslate`` package without the sentence splitters that pull torch (and
through it several GB of CUDA libraries). These tests read the installed
distributions' own metadata, and run the installed ``dipl10n`` command in
interpreters whose path holds stand-ins for the heavy packages and for the
full ``argostranslate`` distribution.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from dipl10n.mt.packages.store import ARGOS_FULL, ARGOS_LIGHT, argos_clash, install_from_file
from helpers import argos as af

HEAVY = ("torch", "stanza", "spacy", "argostranslate.translate", "ctranslate2")
NEVER_INSTALLED = re.compile(r"^(torch|stanza|spacy|triton|nvidia-.*)$")


def _name(requirement: str) -> str:
    return re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _extras(requirement: str) -> set[str]:
    match = re.match(r"[^\[;]*\[([^\]]*)\]", requirement)
    return {extra.strip() for extra in match.group(1).split(",")} if match else set()


def _applies(requirement: str, extras: set[str]) -> bool:
    """Whether a requirement line is installed: its marker holds, an ``extra == 'x'`` marker for a chosen extra."""
    if ";" not in requirement:
        return True
    marker = requirement.split(";", 1)[1]
    wanted = re.findall(r"extra\s*==\s*['\"]([^'\"]+)['\"]", marker)
    if wanted:
        return any(extra in extras for extra in wanted)
    from packaging.markers import Marker

    return Marker(marker).evaluate()


def installed_closure(root: str, extras: set[str]) -> dict[str, str]:
    """Every installed distribution ``root[extras]`` requires, directly or not, with who asked for it."""
    seen: dict[str, str] = {}
    queue: list[tuple[str, set[str], str]] = [(root, extras, "")]
    while queue:
        name, chosen, parent = queue.pop()
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for requirement in requires:
            if not _applies(requirement, chosen):
                continue
            child = _name(requirement)
            if child not in seen:
                seen[child] = name
                queue.append((child, _extras(requirement), name))
    return seen


def test_dipl10n_requires_the_light_argos_distribution() -> None:
    requires = {_name(requirement) for requirement in metadata.requires("dipl10n") or []}
    assert ARGOS_LIGHT in requires
    assert ARGOS_FULL not in requires


@pytest.mark.parametrize("extras", [set(), {"test"}], ids=["install", "test-install"])
def test_nothing_dipl10n_installs_brings_torch_stanza_spacy_or_cuda(extras: set[str]) -> None:
    closure = installed_closure("dipl10n", extras)
    assert ARGOS_LIGHT in closure and "ctranslate2" in closure and "sentencepiece" in closure
    heavy = {name: parent for name, parent in closure.items() if NEVER_INSTALLED.match(name)}
    assert heavy == {}, f"required by: {heavy}"


def test_the_light_distribution_provides_the_argos_modules_dipl10n_uses() -> None:
    files = {str(path) for path in metadata.files(ARGOS_LIGHT) or []}
    for module in ("package", "tokenizer", "apply_bpe", "settings"):
        assert f"argostranslate/{module}.py" in files


# -- stand-ins on the interpreter's path --------------------------------------------------


def _stand_ins(root: Path) -> Path:
    """Importable ``torch``, ``stanza`` and ``spacy`` stand-ins: importing one shows in ``sys.modules``."""
    for name in ("torch", "stanza", "spacy"):
        (root / name).mkdir(parents=True)
        (root / name / "__init__.py").write_text("", encoding="utf-8")
    return root


def _full_argos_distribution(root: Path, version: str = "1.11.0") -> Path:
    """The metadata of the full ``argostranslate`` distribution, as pip leaves it beside the package files."""
    info = root / f"argostranslate-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: argostranslate\nVersion: {version}\nRequires-Dist: stanza==1.10.1\n",
        encoding="utf-8",
    )
    (info / "RECORD").write_text("", encoding="utf-8")
    return root


def _dipl10n_command() -> str:
    script = Path(sys.executable).with_name("dipl10n")
    return str(script) if script.exists() else shutil.which("dipl10n") or "dipl10n"


def _env(path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(path), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.update(extra)
    return env


def test_the_cli_and_its_help_import_nothing_heavy(tmp_path: Path) -> None:
    """With torch, stanza and spaCy importable, neither ``import dipl10n.cli.app`` nor ``dipl10n --help`` loads them."""
    path = _stand_ins(tmp_path / "site")
    probe = f"import sys; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    # The stand-ins work: importing one is seen.
    seen = subprocess.run([sys.executable, "-c", f"import torch; {probe}"], env=_env(path), capture_output=True, text=True)
    assert seen.stdout.split() == ["torch"], seen.stderr
    imported = subprocess.run(
        [sys.executable, "-c", f"import dipl10n, dipl10n.cli.app, dipl10n.run.pipeline; {probe}"],
        env=_env(path), capture_output=True, text=True, check=True,
    )
    assert imported.stdout.strip() == ""
    helped = subprocess.run(
        [sys.executable, "-c", "import sys; sys.argv = ['dipl10n', '--help']\n"
         f"try:\n    from dipl10n.cli.app import main; main()\nexcept SystemExit:\n    pass\nprint('loaded:'); {probe}"],
        env=_env(path), capture_output=True, text=True, check=True,
    )
    usage, loaded = helped.stdout.split("loaded:\n")
    assert "Usage:" in usage and loaded.strip() == ""
    # The installed command itself.
    command = subprocess.run([_dipl10n_command(), "--help"], env=_env(path), capture_output=True, text=True, check=True)
    assert "Usage: dipl10n" in command.stdout and command.stderr == ""


def test_argos_clash_names_both_distributions_and_the_repair() -> None:
    versions = {ARGOS_LIGHT: "1.12.1", ARGOS_FULL: "1.11.0"}

    def installed(name: str) -> str:
        if name not in versions:
            raise metadata.PackageNotFoundError(name)
        return versions[name]

    line = argos_clash(installed)
    assert line is not None and "\n" not in line
    assert "argostranslate 1.11.0 and argos-translate-lt 1.12.1 are both installed" in line
    assert "pip uninstall -y argostranslate argos-translate-lt && pip install argos-translate-lt" in line
    del versions[ARGOS_FULL]
    assert argos_clash(installed) is None


def test_this_environment_has_no_clash() -> None:
    assert argos_clash() is None


def _project(root: Path) -> Path:
    root.mkdir()
    (root / "source").mkdir()
    (root / "source" / "a.md").write_text("---\nheadline: The talks\n---\n\nThe talks resumed.\n", encoding="utf-8")
    (root / "pyproject.toml").write_text('[tool.dipl10n]\nglossary = false\nlanguages = ["ko"]\n', encoding="utf-8")
    return root


@pytest.mark.slow
def test_a_full_argostranslate_beside_the_light_one_is_said_in_one_line(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = _full_argos_distribution(tmp_path / "site")
    project = _project(tmp_path / "project")
    packages = tmp_path / "packages"
    packages.mkdir()
    # An installed package makes the run load Argos (an empty packages directory would not).
    install_from_file(af.package_file(tmp_path_factory, "identity"), packages_dir=packages)
    result = subprocess.run(
        [_dipl10n_command(), "-C", str(project), "run", "--offline"],
        env=_env(path, ARGOS_PACKAGES_DIR=str(packages)), capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING: ")]
    assert warnings == [
        f"WARNING: argostranslate 1.11.0 and argos-translate-lt {metadata.version(ARGOS_LIGHT)} are both installed in "
        "this environment and share the 'argostranslate' package, so the one installed last is in use; dipl10n needs "
        "argos-translate-lt: `pip uninstall -y argostranslate argos-translate-lt && pip install argos-translate-lt`, "
        "or give dipl10n an environment of its own (pipx install dipl10n)"
    ]
    assert "machine translation (ko): " in result.stdout  # the warning does not stop the engine


@pytest.mark.slow
def test_an_argostranslate_package_left_without_its_files_is_one_line_naming_the_repair(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Uninstalling either distribution deletes the shared files: the next run says how to repair, exit 0."""
    path = tmp_path / "site"
    (path / "argostranslate").mkdir(parents=True)
    (path / "argostranslate" / "__init__.py").write_text("", encoding="utf-8")  # what is left: no package.py
    project = _project(tmp_path / "project")
    packages = tmp_path / "packages"
    install_from_file(af.package_file(tmp_path_factory, "identity"), packages_dir=packages)
    result = subprocess.run(
        [_dipl10n_command(), "-C", str(project), "run", "--offline"],
        env=_env(path, ARGOS_PACKAGES_DIR=str(packages)), capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    [line] = [line for line in result.stdout.splitlines() if line.startswith("MT unavailable")]
    assert line.startswith("MT unavailable (ko): Argos Translate cannot be imported (No module named 'argostranslate.package')")
    assert line.endswith("reinstall it: `pip uninstall -y argostranslate argos-translate-lt && pip install argos-translate-lt`")
