"""The shape of the package: no import cycles, nothing heavy at start-up, every module importable alone."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "dipl10n"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path) -> set[str]:
    """Every dipl10n module ``path`` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(name for name in names if name in MODULES)
    return found


def test_no_import_cycles() -> None:
    graph = {name: _imports(path) - {name} for name, path in MODULES.items()}
    # A package imports its own modules to re-export them; that is not a cycle between stages.
    for name in graph:
        if MODULES[name].name == "__init__.py":
            graph[name] = set()
    cycles = []
    state: dict[str, int] = {}

    def visit(name: str, stack: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                cycles.append(stack[stack.index(target):] + [target] if target in stack else [name, target])
            elif target not in state:
                visit(target, [*stack, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not cycles, "import cycles: " + "; ".join(" → ".join(cycle) for cycle in cycles)


def test_every_module_imports_alone() -> None:
    """Each module imports first, with no other dipl10n module loaded: no import works only by the order of others.

    One interpreter for all of them (third-party modules stay loaded, dipl10n's are forgotten before each), which
    finds the same cycles and order dependencies as one interpreter per module at a fraction of the cost.
    """
    code = (
        "import importlib, sys, traceback\n"
        "failed = []\n"
        f"for name in {sorted(name for name in MODULES if not name.endswith('__main__'))!r}:\n"
        "    for loaded in [m for m in sys.modules if m == 'dipl10n' or m.startswith('dipl10n.')]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception:\n"
        "        failed.append(name + ': ' + traceback.format_exc(limit=3))\n"
        "print('\\n'.join(failed))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


#: The stages from the bottom up. A module may import modules of its own package and of the packages on lower
#: layers; packages on one layer (``source`` and ``terms``, ``mt`` and ``checks``) never import each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("dipl10n", "errors"),
    ("fs",),
    ("lang",),
    ("source", "terms"),
    ("po",),
    ("project",),
    ("mt", "checks"),
    ("site",),
    ("run",),
    ("cli",),
    ("testing", "__main__"),
)
LAYER = {package: rank for rank, packages in enumerate(LAYERS) for package in packages}


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def test_every_module_belongs_to_a_layer() -> None:
    assert {_package(name) for name in MODULES} <= set(LAYER)


def test_packages_import_only_downwards() -> None:
    upward = []
    for name, path in MODULES.items():
        package = _package(name)
        for target in _imports(path):
            other = _package(target)
            if other != package and LAYER[other] >= LAYER[package]:
                upward.append(f"{name} imports {target}")
    assert upward == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_longer_than_one_sitting(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= 600, f"{MODULES[module].relative_to(PACKAGE.parent)}: {lines} lines"


def test_every_package_says_what_it_owns() -> None:
    for init in sorted(PACKAGE.rglob("__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 40, f"{init.relative_to(PACKAGE.parent)} has no docstring saying what it owns"


def test_cli_loads_nothing_heavy() -> None:
    code = (
        "import sys, dipl10n.cli.app; "
        "print(' '.join(m for m in ('torch', 'stanza', 'argostranslate.translate', 'ctranslate2', 'spacy', "
        "'polib', 'babel.messages', 'jinja2', 'rapidfuzz') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == ""


@pytest.mark.parametrize("module", ["dipl10n", "dipl10n.cli"])
def test_python_dash_m_runs_the_command(module: str) -> None:
    result = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("Usage: dipl10n ")


def test_the_tests_mirror_the_packages() -> None:
    """Each folder of tests/ is a package's (helpers and data aside), and each package's tests have a folder."""
    tests = Path(__file__).resolve().parent
    folders = {path.name for path in tests.iterdir() if path.is_dir() and any(path.glob("test_*.py"))}
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert folders == packages
