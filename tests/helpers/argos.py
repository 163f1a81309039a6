"""Models and Argos packages built once per test session, shared by test modules.

Fixtures imported into two test modules would be built twice, so the builds
are cached here, per process, under one session temp directory.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from dipl10n import testing
from dipl10n.terms.protect import PREFIXES

T = TypeVar("T")

# English news-like sentences with the characters the tests use; anything
# else (Hangul, emoji, Greek) reaches the model as byte-fallback pieces.
CORPUS = [
    "The foreign ministers of South Korea and Japan met in Seoul on Tuesday.",
    "NATO-ROK consultations resumed after a pause of 12 years, officials said.",
    "The summit communique, issued at 3:45 p.m., called for restraint.",
    "Exports rose 3.5% in the first quarter; imports fell by 2.1%.",
    "\"We will not accept unilateral changes,\" the spokesperson told reporters.",
    "Delegations from 27 countries attended the conference (held in Geneva).",
    "The ambassador's remarks drew a sharp response from Pyongyang.",
    "Negotiators agreed on a framework but left key questions open.",
    "A joint statement on maritime security is expected by Friday.",
    "President Lee Jae-myung will visit Washington next month.",
] * 20

# The repository's article, for the BPE package: Moses + BPE has no byte fallback, so the identity model over
# BPE units knows exactly the units of these texts and of the placeholders dipl10n.terms.protect chooses.
REPO = Path(__file__).resolve().parents[2]
ARTICLE_LINES = [
    line for path in sorted((REPO / "source").glob("*.md")) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
]
PLACEHOLDERS = [f"{prefix}{n}" for prefix in PREFIXES for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 23, 4567)]

_CACHE: dict[str, Any] = {}

# dipl10n.mt.packages.directory.LOCK_NAME, spelt out so these helpers also drive older dipl10n versions.
LOCK_NAME = ".dipl10n-lock"


def cached(name: str, build: Callable[[], T]) -> T:
    """Build ``name`` once per test process."""
    if name not in _CACHE:
        _CACHE[name] = build()
    return _CACHE[name]


def session_dir(factory: pytest.TempPathFactory) -> Path:
    return cached("root", lambda: factory.mktemp("argos-builds"))


def sp_model(factory: pytest.TempPathFactory) -> Path:
    return cached(
        "sp",
        lambda: testing.train_sentencepiece(
            session_dir(factory) / "sp" / "sentencepiece.model", CORPUS, 400
        ),
    )


def identity_model(factory: pytest.TempPathFactory, *, prefix: bool = False) -> Path:
    name = "identity-prefix" if prefix else "identity"
    return cached(
        name,
        lambda: testing.build_identity_model(
            session_dir(factory) / name,
            sp_model(factory),
            max_positions=320,
            extra_tokens=("__ko__",) if prefix else (),
            target_prefix_length=1 if prefix else 0,
        ),
    )


def bpe_model(factory: pytest.TempPathFactory) -> Path:
    """A Moses + BPE codes file (``bpe.model``), as older Argos packages ship instead of SentencePiece."""
    return cached("bpe", lambda: testing.train_bpe(session_dir(factory) / "bpe" / "bpe.model", CORPUS + ARTICLE_LINES, 300))


def identity_bpe_model(factory: pytest.TempPathFactory) -> Path:
    """The identity model over the BPE units Argos's own tokenizer makes of the corpus, the article and the placeholders."""

    def build() -> Path:
        vocabulary = testing.bpe_vocabulary(bpe_model(factory), [*CORPUS, *ARTICLE_LINES, " ".join(PLACEHOLDERS)])
        return testing.build_identity_model(session_dir(factory) / "identity-bpe", vocabulary=vocabulary, max_positions=320)

    return cached("identity-bpe", build)


def tiny_random_model(factory: pytest.TempPathFactory) -> Path:
    return cached(
        "tiny",
        lambda: testing.build_random_model(
            session_dir(factory) / "tiny",
            sp_model(factory),
            layers=2,
            d_model=64,
            heads=4,
            ffn=128,
            vocab_size=0,
            seed=7,
        ),
    )


def package_file(
    factory: pytest.TempPathFactory,
    model: str = "identity",
    *,
    version: str = "1.0",
    from_code: str = "en",
    to_code: str = "ko",
    **options: Any,
) -> Path:
    """A genuine ``.argosmodel`` built from one of the cached models (``identity-bpe``: with ``bpe.model``)."""
    models = {
        "identity": lambda: identity_model(factory),
        "identity-prefix": lambda: identity_model(factory, prefix=True),
        "identity-bpe": lambda: identity_bpe_model(factory),
        "tiny": lambda: tiny_random_model(factory),
    }
    tokenizer: dict[str, Path] = (
        {"bpe_model": bpe_model(factory)} if model.endswith("-bpe") else {"sp_model": sp_model(factory)}
    )
    key = json.dumps([model, version, from_code, to_code, options], sort_keys=True)
    return cached(
        "pkg:" + key,
        lambda: testing.build_argos_package(
            session_dir(factory) / "packages" / hashlib.sha1(key.encode()).hexdigest()[:12],
            model_dir=models[model](),
            **tokenizer,
            from_code=from_code,
            to_code=to_code,
            package_version=version,
            **options,
        ),
    )


def index_entry(
    link: str, *, version: str = "1.0", from_code: str = "en", to_code: str = "ko", **extra: Any
) -> dict[str, Any]:
    """An index entry shaped like argospm-index's index.json."""
    return {
        "package_version": version,
        "argos_version": "1.9.0",
        "from_code": from_code,
        "from_name": "English",
        "to_code": to_code,
        "to_name": "Korean",
        "links": [link],
        "code": f"translate-{from_code}_{to_code}",
        **extra,
    }


def install_with_argos(packages: list[Path], packages_dir: Path) -> None:
    """Install ``packages`` with Argos Translate's own installer.

    ``install_from_path`` imports ``argostranslate.translate`` (CTranslate2 and
    the sentence splitters) and reads ``ARGOS_PACKAGES_DIR`` once per process, so it runs in a
    throwaway interpreter with its own environment.
    """
    home = packages_dir.parent / (packages_dir.name + "-argos-home")
    env = dict(os.environ)
    env.update(
        ARGOS_PACKAGES_DIR=str(packages_dir),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
    )
    code = (
        "import sys\n"
        "from argostranslate import package\n"
        "for path in sys.argv[1:]:\n"
        "    package.install_from_path(path)\n"
    )
    subprocess.run(
        [sys.executable, "-c", code, *map(str, packages)],
        env=env,
        check=True,
        timeout=300,
        capture_output=True,
    )


def snapshot(directory: Path) -> list[tuple[str, int]]:
    """Every path under ``directory`` (hidden ones too) with its size.

    The packages lock file (``.dipl10n-lock``, empty, made by the first
    install and kept, like the project's ``.dipl10n/lock``) is left out; every
    other hidden file, dipl10n's work files included, counts.
    """
    if not directory.exists():
        return []
    return sorted(
        (str(p.relative_to(directory)), p.stat().st_size if p.is_file() else -1)
        for p in directory.rglob("*")
        if p.name != LOCK_NAME
    )


def names(directory: Path) -> list[str]:
    """The names in ``directory`` (hidden ones too), without the packages lock file."""
    return sorted(p.name for p in directory.iterdir() if p.name != LOCK_NAME)


def write_zip(path: Path, entries: list[tuple[str, bytes] | zipfile.ZipInfo | tuple[zipfile.ZipInfo, bytes]]) -> Path:
    """Write a zip with exactly these entries (names are not sanitised)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry in entries:
            if isinstance(entry, zipfile.ZipInfo):
                archive.writestr(entry, b"")
            else:
                name, data = entry
                archive.writestr(name, data)
    return path


def symlink_entry(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


def package_entries(
    factory: pytest.TempPathFactory, *, top: str = "translate-en_ko-1_0", **metadata: Any
) -> list[tuple[str, bytes]]:
    """The entries of a valid package (tiny model), for crafting bad variants."""
    meta = {
        "package_version": "1.0",
        "argos_version": "1.9.0",
        "from_code": "en",
        "from_name": "English",
        "to_code": "ko",
        "to_name": "Korean",
    }
    meta.update(metadata)
    model_dir = tiny_random_model(factory)
    entries = [
        (f"{top}/metadata.json", json.dumps(meta).encode()),
        (f"{top}/README.md", b"test package\n"),
        (f"{top}/sentencepiece.model", sp_model(factory).read_bytes()),
    ]
    entries += [
        (f"{top}/model/{item.name}", item.read_bytes())
        for item in sorted(model_dir.iterdir())
    ]
    return entries


def copy_tree(source: Path, dest: Path) -> Path:
    shutil.copytree(source, dest)
    return dest
