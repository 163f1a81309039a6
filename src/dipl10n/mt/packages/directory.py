"""One packages directory as a whole: where it is, its lock, its clean-up, what it holds.

Installed packages are directories in a packages directory, the same layout
Argos Translate itself reads, so either tool sees the other's installs.
Where that directory is comes from dipl10n's configuration or Argos's own
settings, read here without importing Argos.

Packages directories are shared between projects (and with Argos), so
installing and removing hold a lock on the packages directory
(``.dipl10n-lock``, an OS lock that dies with its process). Holding it,
dipl10n removes what a killed install or removal left behind: its own
``.dipl10n-install-*``, ``.dipl10n-download-*.argosmodel``, ``.dipl10n-old-*``
and ``.dipl10n-parked-*`` work files (a parked old version whose replacement
never arrived is put back), and nothing else.

Named ``directory`` because nothing here changes a package: this module
finds the directory, guards it and lists it (:func:`list_installed`, which
cleans up first, so it lives beside the lock). Installing, upgrading and
removing, which take the lock, are in :mod:`dipl10n.mt.packages.store`.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dipl10n.errors import BusyError, PackageError
from dipl10n.mt.packages.metadata import MAX_METADATA_BYTES, PackageInfo, parse_json, read_bounded

__all__ = [
    "LOCK_NAME",
    "TEMP_PREFIX",
    "argos_setting",
    "clean_leftovers",
    "default_packages_dir",
    "find_installed",
    "list_installed",
    "packages_lock",
    "resolve_packages_dir",
    "scan",
]

logger = logging.getLogger(__name__)

#: The lock file in a packages directory; never removed by the clean-up.
LOCK_NAME = ".dipl10n-lock"
#: How the names of dipl10n's work files in a packages directory begin.
TEMP_PREFIX = ".dipl10n-"
# What tempfile.mkdtemp/mkstemp make from our prefixes: 8 characters of [a-z0-9_].
_LEFTOVER = re.compile(r"\.dipl10n-(?P<kind>install|download|old|parked)-[a-z0-9_]{8}(?P<suffix>\.argosmodel)?")


# ---------------------------------------------------------------------------
# Where packages live


def _argos_home() -> Path:
    # Argos uses $SNAP_USER_DATA as home inside a snap.
    if "SNAP" in os.environ and os.environ.get("SNAP_USER_DATA"):
        return Path(os.environ["SNAP_USER_DATA"])
    return Path.home()


def argos_setting(key: str) -> str | None:
    """Read one Argos setting the way ``argostranslate.settings`` does.

    The environment wins over ``$XDG_CONFIG_HOME/argos-translate/settings.json``.
    Reading here instead of importing Argos's settings module avoids its
    side effects (it creates directories and freezes the environment).
    """
    value = os.environ.get(key)
    if value is not None:
        return value
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(_argos_home() / ".config")
    settings_file = Path(config_home) / "argos-translate" / "settings.json"
    try:
        data = parse_json(read_bounded(settings_file, MAX_METADATA_BYTES))
    except (OSError, ValueError):
        return None
    found = data.get(key) if isinstance(data, dict) else None
    return str(found) if found is not None else None


def default_packages_dir() -> Path:
    """Argos's default packages directory (``~/.local/share/argos-translate/packages``)."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(_argos_home() / ".local" / "share")
    return Path(data_home) / "argos-translate" / "packages"


def resolve_packages_dir(configured: Path | None) -> Path:
    """Return the packages directory to use.

    ``configured`` (``[tool.dipl10n.mt] packages_dir``) wins, then
    ``ARGOS_PACKAGES_DIR`` (environment or Argos's settings.json), then Argos's
    default under ``$XDG_DATA_HOME``. The directory is not created.
    """
    if configured is not None:
        return Path(configured).expanduser()
    from_argos = argos_setting("ARGOS_PACKAGES_DIR")
    if from_argos:
        return Path(from_argos).expanduser()
    return default_packages_dir()


# ---------------------------------------------------------------------------
# The packages directory's lock, and what killed commands left behind

# Lock files this thread holds (a lock taken again by its holder is not taken twice).
_held = threading.local()


def _held_paths() -> set[str]:
    paths: set[str] | None = getattr(_held, "paths", None)
    if paths is None:
        paths = _held.paths = set()
    return paths


@contextmanager
def packages_lock(packages_dir: Path, *, timeout: float | None = None) -> Iterator[list[str]]:
    """Hold the lock of ``packages_dir``; on taking it, clean up what killed commands left.

    Yields the names of the leftovers removed (none when this thread
    already held the lock: the work files around are then the holder's
    own). ``timeout`` defaults to ``DIPL10N_LOCK_TIMEOUT`` (as for the
    project lock); waiting longer is a :class:`BusyError` (exit 3).
    """
    from filelock import FileLock, Timeout

    lock_path = packages_dir / LOCK_NAME
    key = os.path.abspath(lock_path)
    held = _held_paths()
    if key in held:
        yield []
        return
    if timeout is None:
        from dipl10n.project.session import lock_timeout

        timeout = lock_timeout()
    lock = FileLock(str(lock_path))
    try:
        lock.acquire(timeout=timeout)
    except Timeout as exc:
        raise BusyError(
            f"another dipl10n command is installing or removing packages in {packages_dir} "
            f"(waited {timeout:g} s; set DIPL10N_LOCK_TIMEOUT to wait longer); try again when it has finished",
            path=lock_path,
            cause=exc,
        ) from exc
    except OSError as exc:
        raise PackageError(
            f"cannot lock the packages directory: {exc.strerror or exc}", path=lock_path, cause=exc
        ) from exc
    held.add(key)
    try:
        yield _remove_leftovers(packages_dir)
    finally:
        held.discard(key)
        lock.release()


def clean_leftovers(packages_dir: Path) -> list[str]:
    """Remove what killed installs and removals left in ``packages_dir``; return the names.

    Nothing is written when there is nothing to remove. Otherwise the
    packages lock is tried once: when another command holds it, the work
    files around are alive and nothing is done; when it cannot be taken at
    all (a read-only directory) neither. Install and remove clean up the
    same way whenever they take the lock.
    """
    packages_dir = Path(packages_dir)
    if os.path.abspath(packages_dir / LOCK_NAME) in _held_paths() or not _leftovers(packages_dir):
        return []
    try:
        with packages_lock(packages_dir, timeout=0) as removed:
            return removed
    except (BusyError, PackageError) as exc:
        logger.debug("%s: leftovers not cleaned up now: %s", packages_dir, exc)
        return []


def _leftovers(packages_dir: Path) -> list[os.DirEntry[str]]:
    """dipl10n's own work files in ``packages_dir``, recognised by name and type.

    Only names dipl10n makes count (``.dipl10n-install-XXXXXXXX``,
    ``.dipl10n-old-XXXXXXXX`` and ``.dipl10n-parked-XXXXXXXX`` folders,
    ``.dipl10n-download-XXXXXXXX.argosmodel`` files), and only when they are
    what dipl10n makes there (a folder, a file, never a symbolic link).
    """
    try:
        children = sorted(os.scandir(packages_dir), key=lambda e: e.name)
    except OSError:
        return []
    found: list[os.DirEntry[str]] = []
    for child in children:
        match = _LEFTOVER.fullmatch(child.name)
        if match is None:
            continue
        try:
            wanted_file = match["kind"] == "download"
            if wanted_file != bool(match["suffix"]):
                continue
            if wanted_file and child.is_file(follow_symlinks=False):
                found.append(child)
            elif not wanted_file and child.is_dir(follow_symlinks=False):
                found.append(child)
        except OSError:
            continue
    return found


def _remove_leftovers(packages_dir: Path) -> list[str]:
    """Remove :func:`_leftovers` (the caller holds the packages lock).

    A parked folder holds an installed version moved aside for its
    replacement: it is put back when the replacement never arrived.
    """
    removed: list[str] = []
    for child in _leftovers(packages_dir):
        try:
            if child.name.startswith(TEMP_PREFIX + "download-"):
                os.unlink(child.path)
            else:
                if child.name.startswith(TEMP_PREFIX + "parked-"):
                    _unpark(Path(child.path), packages_dir)
                shutil.rmtree(child.path)
            removed.append(child.name)
        except OSError as exc:
            logger.warning("%s: could not remove what an interrupted install left: %s", child.path, exc)
    if removed:
        logger.info("%s: removed what interrupted installs left: %s", packages_dir, ", ".join(removed))
    return removed


def _unpark(parked: Path, packages_dir: Path) -> None:
    """Put a parked package back when nothing took its place."""
    for inside in parked.iterdir():
        home = packages_dir / inside.name
        if inside.is_dir() and not inside.is_symlink() and not home.exists() and not inside.name.startswith("."):
            os.replace(inside, home)
            logger.warning("%s: put back %s, which an interrupted upgrade had moved aside", packages_dir, inside.name)


# ---------------------------------------------------------------------------
# Installed packages


def _read_metadata(directory: Path) -> dict[str, Any]:
    data = parse_json(read_bounded(directory / "metadata.json", MAX_METADATA_BYTES))
    if not isinstance(data, dict):
        raise ValueError("metadata.json is not a JSON object")
    return data


def list_installed(packages_dir: Path) -> list[PackageInfo]:
    """Return the packages installed in ``packages_dir``, sorted by pair and version.

    Directories without a readable ``metadata.json`` are skipped (with a
    warning in the log), as are dipl10n's own hidden work directories, so a
    stray folder never breaks ``model list`` or engine loading. What killed
    installs left behind is cleaned up first, when no other command holds
    the packages directory (:func:`clean_leftovers`).
    """
    packages_dir = Path(packages_dir)
    if not packages_dir.is_dir():
        return []
    clean_leftovers(packages_dir)
    return scan(packages_dir)


def scan(packages_dir: Path) -> list[PackageInfo]:
    """What :func:`list_installed` returns, without the clean-up (for a caller holding the lock)."""
    found: list[PackageInfo] = []
    try:
        children = sorted(packages_dir.iterdir())
    except OSError as exc:
        raise PackageError(f"cannot list the packages directory: {exc.strerror or exc}", path=packages_dir, cause=exc) from exc
    for child in children:
        if child.name.startswith(".") or not child.is_dir():
            continue
        try:
            found.append(PackageInfo.from_metadata(_read_metadata(child), path=child, require_version=False))
        except FileNotFoundError:
            logger.warning("%s: no metadata.json, not an Argos package", child)
        except (OSError, ValueError) as exc:
            logger.warning("%s: unreadable metadata.json: %s", child, exc)
    found.sort(key=lambda p: (p.from_code, p.to_code, p.version_key, p.code))
    return found


def find_installed(packages_dir: Path, from_code: str, to_code: str) -> list[PackageInfo]:
    """Installed packages for one pair, newest version first."""
    matches = [p for p in list_installed(packages_dir) if p.pair == (from_code, to_code)]
    return sorted(matches, key=lambda p: p.version_key, reverse=True)
