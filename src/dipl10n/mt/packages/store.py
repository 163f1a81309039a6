"""Changing what a packages directory holds: install from a file, upgrade, remove.

An install extracts the checked archive (:mod:`dipl10n.mt.packages.archive`)
into a temporary directory inside the packages directory, validates the
result (with Argos Translate itself) and only then renames it into place.
Nothing is installed when anything is refused, and an upgrade leaves the old
version in place if it fails. A removal renames a package to a hidden name
before deleting it. Both hold the packages lock
(:func:`~dipl10n.mt.packages.directory.packages_lock`).

Validating is the first thing that imports Argos, so the helpers that import
it safely live here too (:func:`argos_package_module`, :func:`argos_clash`);
the engine imports them from here. Named ``store`` as the one module that
writes packages; :mod:`~dipl10n.mt.packages.index` downloads and then calls
:func:`install_from_file`.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dipl10n.errors import EngineUnavailable, PackageError
from dipl10n.mt.packages.archive import Checked, check_archive, extract
from dipl10n.mt.packages.directory import TEMP_PREFIX, find_installed, packages_lock, scan
from dipl10n.mt.packages.metadata import PackageInfo

__all__ = [
    "ARGOS_FULL",
    "ARGOS_LIGHT",
    "argos_clash",
    "argos_package_module",
    "install_from_file",
    "remove",
]

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------------------
# Installing


def install_from_file(
    path: Path,
    *,
    packages_dir: Path,
    expect: tuple[str, str] | None = ("en", "ko"),
    expect_version: str | None = None,
) -> PackageInfo:
    """Install an ``.argosmodel`` file and return the installed package.

    Refuses (with a :class:`PackageError` naming the file and the entry) an
    archive that is not a zip, has absolute, drive-letter or ``..`` paths,
    symbolic links, names nested absurdly deep or too long, more than one
    top-level directory, no, unreadable or over-large ``metadata.json`` (or
    another member dipl10n reads into memory above its limit), a pair other
    than ``expect``, a version other than ``expect_version``, no or an empty
    ``model/model.bin``, no tokenizer, corrupt data or an absurd unpacked
    size. Installed versions of the same pair are replaced only once the new
    one is in place. Holds the packages lock (:func:`~dipl10n.mt.packages.directory.clean_leftovers`).
    """
    path = Path(path)
    packages_dir = Path(packages_dir)
    if not path.is_file():
        raise PackageError("no such package file", path=path)
    try:
        if not zipfile.is_zipfile(path):
            raise PackageError("not an Argos package: the file is not a zip archive", path=path)
        packages_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PackageError(f"cannot install the package: {exc.strerror or exc}", path=path, cause=exc) from exc
    try:
        with zipfile.ZipFile(path) as archive:
            # The checks only read the archive: a refused one leaves the packages directory untouched.
            checked = check_archive(archive, path, expect)
            if expect_version is not None and checked.info.package_version != expect_version:
                raise PackageError(
                    f"the package is version {checked.info.package_version or '(none)'}, "
                    f"but the index offered version {expect_version}",
                    path=path,
                )
            with packages_lock(packages_dir):
                staging = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX + "install-", dir=packages_dir))
                try:
                    extract(archive, staging, path)
                    return _commit(staging / checked.top, packages_dir, checked, path)
                finally:
                    shutil.rmtree(staging, ignore_errors=True)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise PackageError(f"the archive is corrupt: {exc}", path=path, cause=exc) from exc
    except OSError as exc:
        raise PackageError(f"cannot install the package: {exc}", path=path, cause=exc) from exc


# ---------------------------------------------------------------------------
# Importing Argos Translate, and checking a package with it

#: The distribution dipl10n depends on, and the full one that installs the same ``argostranslate`` package.
ARGOS_LIGHT, ARGOS_FULL = "argos-translate-lt", "argostranslate"
_ARGOS_REPAIR = f"pip uninstall -y {ARGOS_FULL} {ARGOS_LIGHT} && pip install {ARGOS_LIGHT}"


def argos_clash(installed: Callable[[str], str] | None = None) -> str | None:
    """One line when the full ``argostranslate`` distribution sits beside ``argos-translate-lt``, else ``None``.

    Both install the import package ``argostranslate``: whichever was installed
    last owns its files, and uninstalling either one deletes them for both.
    ``installed`` is :func:`importlib.metadata.version` (a distribution's
    version, :class:`~importlib.metadata.PackageNotFoundError` when absent).
    """
    from importlib import metadata

    version = installed or metadata.version
    found: dict[str, str] = {}
    for name in (ARGOS_LIGHT, ARGOS_FULL):
        try:
            found[name] = version(name)
        except metadata.PackageNotFoundError:
            continue
    if len(found) < 2:
        return None
    return (
        f"{ARGOS_FULL} {found[ARGOS_FULL]} and {ARGOS_LIGHT} {found[ARGOS_LIGHT]} are both installed in this "
        f"environment and share the 'argostranslate' package, so the one installed last is in use; dipl10n needs "
        f"{ARGOS_LIGHT}: `{_ARGOS_REPAIR}`, or give dipl10n an environment of its own (pipx install dipl10n)"
    )


def argos_package_module(packages_dir: Path) -> Any:
    """Import ``argostranslate.package`` with its settings pointed at ``packages_dir``.

    Argos reads its settings once, at first import, and creates its package
    directory then; when that has not happened yet, ``ARGOS_PACKAGES_DIR``
    (unless the user set it) is pointed at the directory dipl10n uses, so
    Argos does not create its default one as well. dipl10n always passes
    explicit paths to Argos, so a later call with another directory is fine.

    The first import also says, as one warning, when the full ``argostranslate``
    distribution shares the environment (:func:`argos_clash`); an
    ``argostranslate`` package that cannot be imported (one of the two
    distributions was uninstalled and took the shared files with it) is an
    :class:`~dipl10n.errors.EngineUnavailable` naming the repair.
    """
    import sys

    first = "argostranslate.settings" not in sys.modules
    if first:
        os.environ.setdefault("ARGOS_PACKAGES_DIR", str(packages_dir))
        clash = argos_clash()
        if clash:
            logger.warning("%s", clash)
    try:
        import argostranslate.package
    except ImportError as exc:
        raise EngineUnavailable(
            f"Argos Translate cannot be imported ({exc}); reinstall it: `{_ARGOS_REPAIR}`", cause=exc
        ) from exc
    return argostranslate.package


def _validate_with_argos(directory: Path, packages_dir: Path, path: Path) -> None:
    """Check that Argos Translate itself can load the extracted package."""
    argos = argos_package_module(packages_dir)
    try:
        package = argos.Package(directory)
    except Exception as exc:  # Argos raises bare exceptions of many kinds
        raise PackageError(f"Argos Translate cannot load the package: {exc}", path=path, cause=exc) from exc
    if getattr(package, "tokenizer", None) is None:
        raise PackageError("Argos Translate finds no tokenizer in the package", path=path)


def _commit(staged: Path, packages_dir: Path, checked: Checked, path: Path) -> PackageInfo:
    _validate_with_argos(staged, packages_dir, path)
    info = checked.info
    olds = [p for p in scan(packages_dir) if p.pair == info.pair]
    dest = packages_dir / checked.top
    if dest.exists() and not any(p.path == dest for p in olds):
        raise PackageError(
            f"{dest} exists and is not an installed {info.from_code}→{info.to_code} "
            "package; move it away first",
            path=path,
        )
    # Move an old version that occupies the same name aside ("parked": a
    # clean-up after a kill puts it back if the new one never arrived), keep
    # it until the new one is in place, and put it back if the rename fails.
    parked: Path | None = None
    if dest.exists():
        parked = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX + "parked-", dir=packages_dir))
        os.replace(dest, parked / dest.name)
    try:
        os.replace(staged, dest)
    except OSError as exc:
        if parked is not None:
            os.replace(parked / dest.name, dest)
            shutil.rmtree(parked, ignore_errors=True)
        raise PackageError(f"cannot install into {dest}: {exc}", path=path, cause=exc) from exc
    if parked is not None:
        shutil.rmtree(parked, ignore_errors=True)
    for old in olds:
        if old.path is not None and old.path != dest:
            try:
                _discard(old.path)
            except PackageError as exc:
                logger.warning("could not remove the replaced package %s: %s", old.path, exc)
    return PackageInfo.from_metadata(checked.metadata, path=dest)


# ---------------------------------------------------------------------------
# Removing


def remove(from_code: str, to_code: str, *, packages_dir: Path) -> list[PackageInfo]:
    """Remove every installed version of a pair; return what was removed.

    An empty list means nothing was installed for the pair. Each package is
    first renamed to a hidden name, so a failure half-way through deleting
    never leaves a broken package visible. Holds the packages lock.
    """
    packages_dir = Path(packages_dir)
    if not packages_dir.is_dir():
        return []
    removed: list[PackageInfo] = []
    with packages_lock(packages_dir):
        for package in find_installed(packages_dir, from_code, to_code):
            assert package.path is not None
            _discard(package.path)
            removed.append(package)
    return removed


def _discard(directory: Path) -> None:
    trash = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX + "old-", dir=directory.parent))
    target = trash / directory.name
    try:
        os.replace(directory, target)
    except OSError as exc:
        shutil.rmtree(trash, ignore_errors=True)
        raise PackageError(f"cannot remove the package: {exc}", path=directory, cause=exc) from exc
    shutil.rmtree(trash, ignore_errors=True)
