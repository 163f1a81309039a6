"""Argos Translate packages on disk: list, install (safely), upgrade, remove.

This is what ``dipl10n model list|install|remove`` runs. An Argos package
(``.argosmodel``) is a zip archive of one directory holding ``metadata.json``,
a CTranslate2 model in ``model/`` and a tokenizer (``sentencepiece.model`` or
``bpe.model``). Installed packages are directories in a packages directory,
the same layout Argos Translate itself reads, so either tool sees the other's
installs.

Argos's own installer extracts whatever the archive holds, ``..`` and absolute
paths included, and imports ``argostranslate.translate`` (CTranslate2 and the
sentence splitters) when it is done. dipl10n does not call it: it checks every entry first (names,
depth, declared sizes, and the size of every member it reads into memory),
extracts into a temporary directory inside the packages directory, validates
the result and only then renames it into place. Nothing is installed when
anything is refused, and an upgrade leaves the old version in place if it
fails.

Packages directories are shared between projects (and with Argos), so
installing and removing hold a lock on the packages directory
(``.dipl10n-lock``, an OS lock that dies with its process). Holding it,
dipl10n removes what a killed install or removal left behind: its own
``.dipl10n-install-*``, ``.dipl10n-download-*.argosmodel``, ``.dipl10n-old-*``
and ``.dipl10n-parked-*`` work files (a parked old version whose replacement
never arrived is put back), and nothing else.

The public package index (argospm-index ``index.json``) is a JSON list of
package metadata objects (``package_version``, ``argos_version``,
``from_code``, ``to_code``, names, ``links``, ``code``). It publishes no
checksums, so a download is verified by the zip's CRCs (checked while it is
extracted) and by its ``metadata.json`` naming the pair and version the index
promised. Entries are validated (``links`` a list of URLs, ``package_version``
a version such as ``1.1``); a bad entry is skipped with a warning naming the
index.

Every transfer (the index, a package) has an overall deadline and a minimum
rate, so a server that trickles bytes cannot hang a command that holds a
lock: see :class:`TransferLimits` for the settings and the environment
variables that change them.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import queue
import re
import shutil
import socket
import stat
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dipl10n.errors import BusyError, EngineUnavailable, PackageError
from dipl10n.fs import controls
from dipl10n.project.config import env_number

__all__ = [
    "DEFAULT_INDEX_URL",
    "LOCK_NAME",
    "MAX_DEPTH",
    "MAX_DOWNLOAD_BYTES",
    "MAX_ENTRIES",
    "MAX_INDEX_BYTES",
    "MAX_METADATA_BYTES",
    "MAX_UNCOMPRESSED_BYTES",
    "MEMBER_LIMITS",
    "PackageInfo",
    "TransferLimits",
    "argos_clash",
    "argos_package_module",
    "clean_leftovers",
    "default_packages_dir",
    "fetch_index",
    "find_installed",
    "install_from_file",
    "install_from_index",
    "list_installed",
    "parse_json",
    "read_bounded",
    "remove",
    "resolve_index_url",
    "resolve_packages_dir",
]

logger = logging.getLogger(__name__)

# Argos's default index (argostranslate.settings.remote_package_index).
DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
# Argos models are 50-400 MB; anything far beyond is not a translation package.
MAX_DOWNLOAD_BYTES = 2 * 1024**3
MAX_UNCOMPRESSED_BYTES = 4 * 1024**3
MAX_ENTRIES = 10_000
#: The public index is about 100 KB.
MAX_INDEX_BYTES = 64 * 1024 * 1024
#: Entry names: at most this many folders deep, path components of at most
#: 255 bytes (the usual file-system limit), names of at most 1024 bytes. Real
#: packages are 3-6 levels deep.
MAX_DEPTH = 32
MAX_COMPONENT_BYTES = 255
MAX_NAME_BYTES = 1024

#: Real ``metadata.json`` files are under 1 KB.
MAX_METADATA_BYTES = 1024 * 1024
_MIB64 = 64 * 1024 * 1024
#: Members that dipl10n (or the tokenizer and model libraries it loads) reads
#: whole into memory, with the most it reads of each, relative to the
#: package directory. Each is checked against the zip directory before
#: anything is read, and never read beyond its limit. ``model.bin`` is not
#: among them: CTranslate2 maps it, and it counts towards
#: :data:`MAX_UNCOMPRESSED_BYTES` like every member.
MEMBER_LIMITS: dict[str, int] = {
    "metadata.json": MAX_METADATA_BYTES,
    "model/config.json": MAX_METADATA_BYTES,
    "sentencepiece.model": _MIB64,
    "bpe.model": _MIB64,
    **{
        f"model/{stem}_vocabulary.{ext}": _MIB64
        for stem in ("shared", "source", "target")
        for ext in ("json", "txt")
    },
}

#: The lock file in a packages directory; never removed by the clean-up.
LOCK_NAME = ".dipl10n-lock"
_TEMP_PREFIX = ".dipl10n-"
# What tempfile.mkdtemp/mkstemp make from our prefixes: 8 characters of [a-z0-9_].
_LEFTOVER = re.compile(r"\.dipl10n-(?P<kind>install|download|old|parked)-[a-z0-9_]{8}(?P<suffix>\.argosmodel)?")
_CHUNK = 1024 * 1024
_TOKENIZER_FILES = ("sentencepiece.model", "bpe.model")
_DRIVE = re.compile(r"^[A-Za-z]:")
_VERSION = re.compile(r"[0-9]+(?:\.[0-9]+)*")
_LANGUAGE_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,31}")
_CONTROLS = controls.ANY

DownloadProgress = Callable[[int, "int | None"], None]


def _size(count: int | float) -> str:
    """``512 bytes``, ``1.0 MiB``, ``3.0 GiB``."""
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if count >= factor:
            return f"{count / factor:.1f} {unit}"
    return f"{int(count)} bytes"


def _shown(name: str, limit: int = 80) -> str:
    """``repr(name)``, shortened in the middle: an error stays one readable line."""
    if len(name) <= limit:
        return repr(name)
    return repr(name[: limit // 2] + "…" + name[-limit // 2 :]) + f" ({len(name)} characters)"


def _json_text(value: Any) -> str:
    """How ``value`` looks in the JSON it came from (``NaN``, ``1.1``, ``"x"``)."""
    try:
        return json.dumps(value)[:60]
    except (TypeError, ValueError):
        return repr(value)[:60]


def read_bounded(path: Path, limit: int) -> bytes:
    """Read a whole file, refusing one larger than ``limit`` bytes without reading it.

    The size is checked on the open file first, and at most ``limit + 1``
    bytes are ever read (a file that grows meanwhile is refused too).
    Raises ``ValueError`` naming both sizes; ``OSError`` as ``open`` does.
    """
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise ValueError(f"{path.name} is {_size(size)}, more than the {_size(limit)} dipl10n reads")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"{path.name} is larger than the {_size(limit)} dipl10n reads")
    return data


def parse_json(raw: bytes) -> Any:
    """``json.loads`` with its failures as ``ValueError`` (nesting too deep included)."""
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except RecursionError as exc:
        raise ValueError("the JSON is nested too deeply") from exc


@dataclass(frozen=True)
class PackageInfo:
    """One Argos package: installed (``path`` set) or offered by an index."""

    code: str
    from_code: str
    to_code: str
    package_version: str
    argos_version: str = ""
    from_name: str = ""
    to_name: str = ""
    target_prefix: str = ""
    path: Path | None = None
    links: tuple[str, ...] = ()

    @property
    def pair(self) -> tuple[str, str]:
        return (self.from_code, self.to_code)

    @property
    def version_key(self) -> tuple[tuple[int, Any], ...]:
        """Sort key for ``package_version``: ``1.10`` sorts after ``1.9``."""
        return _version_key(self.package_version)

    def describe(self) -> str:
        """One line such as ``translate-en_ko 1.1 (English → Korean)``."""
        names = f"{self.from_name or self.from_code} → {self.to_name or self.to_code}"
        return f"{self.code} {self.package_version} ({names})"

    @classmethod
    def from_metadata(
        cls, metadata: Mapping[str, Any], *, path: Path | None = None, require_version: bool = True
    ) -> PackageInfo:
        """Build from a ``metadata.json`` object or an index entry, checking every field.

        Raises ``ValueError`` when a language code is missing or not a plain
        code, when ``package_version`` is not a version (digits and dots, such
        as ``1.1`` or ``1.0.2``: not a number, not ``NaN``) or is missing and
        ``require_version``, when a name is not a one-line string, or when
        ``links`` is not a list of strings.
        """
        from_code = _language_code(metadata, "from_code")
        to_code = _language_code(metadata, "to_code")
        version = metadata.get("package_version")
        if version is None or version == "":
            if require_version:
                raise ValueError("package_version is missing")
            version = ""
        elif not isinstance(version, str) or not _VERSION.fullmatch(version):
            raise ValueError(
                f"package_version {_json_text(version)} is not a version "
                "(digits and dots, such as \"1.1\" or \"1.0.2\")"
            )
        texts = {key: _text_field(metadata, key) for key in ("type", "code", "argos_version", "from_name", "to_name", "target_prefix")}
        links = metadata.get("links")
        if links is not None and (not isinstance(links, list) or not all(isinstance(link, str) for link in links)):
            kind = "a string" if isinstance(links, str) else f"{_json_text(links)}"
            raise ValueError(f"links must be a list of URLs, not {kind}")
        kind = texts["type"] or "translate"
        return cls(
            code=texts["code"] or f"{kind}-{from_code}_{to_code}",
            from_code=from_code,
            to_code=to_code,
            package_version=version,
            argos_version=texts["argos_version"],
            from_name=texts["from_name"],
            to_name=texts["to_name"],
            target_prefix=texts["target_prefix"],
            path=path,
            links=tuple(links or ()),
        )


def _language_code(metadata: Mapping[str, Any], key: str) -> str:
    value = metadata.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{key} is missing or not a string")
    if not _LANGUAGE_CODE.fullmatch(value):
        raise ValueError(f"{key} {_json_text(value)} is not a language code")
    return value


def _text_field(metadata: Mapping[str, Any], key: str) -> str:
    value = metadata.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{key} must be a string, not {_json_text(value)}")
    if _CONTROLS.search(value) or len(value) > 200:
        raise ValueError(f"{key} {_json_text(value)} is not a one-line name of at most 200 characters")
    return value


def _version_key(version: str) -> tuple[tuple[int, Any], ...]:
    parts = re.split(r"[.\-_+]", version.strip())
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)


# ---------------------------------------------------------------------------
# Where packages live


def _argos_home() -> Path:
    # Argos uses $SNAP_USER_DATA as home inside a snap.
    if "SNAP" in os.environ and os.environ.get("SNAP_USER_DATA"):
        return Path(os.environ["SNAP_USER_DATA"])
    return Path.home()


def _argos_setting(key: str) -> str | None:
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
    from_argos = _argos_setting("ARGOS_PACKAGES_DIR")
    if from_argos:
        return Path(from_argos).expanduser()
    return default_packages_dir()


def resolve_index_url(index_url: str | None = None) -> str:
    """Return the index URL: the argument, else ``ARGOS_PACKAGE_INDEX``, else Argos's.

    Like Argos, a URL that does not name a ``.json`` file is a base to which
    ``index.json`` is appended (``ARGOS_PACKAGE_INDEX`` is such a base).
    """
    url = index_url or _argos_setting("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX_URL
    if urllib.parse.urlsplit(url).path.endswith(".json"):
        return url
    return url.rstrip("/") + "/index.json"


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
def _packages_lock(packages_dir: Path, *, timeout: float | None = None) -> Iterator[list[str]]:
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
        with _packages_lock(packages_dir, timeout=0) as removed:
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
            if child.name.startswith(_TEMP_PREFIX + "download-"):
                os.unlink(child.path)
            else:
                if child.name.startswith(_TEMP_PREFIX + "parked-"):
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
    return _scan(packages_dir)


def _scan(packages_dir: Path) -> list[PackageInfo]:
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
    with _packages_lock(packages_dir):
        for package in find_installed(packages_dir, from_code, to_code):
            assert package.path is not None
            _discard(package.path)
            removed.append(package)
    return removed


def _discard(directory: Path) -> None:
    trash = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX + "old-", dir=directory.parent))
    target = trash / directory.name
    try:
        os.replace(directory, target)
    except OSError as exc:
        shutil.rmtree(trash, ignore_errors=True)
        raise PackageError(f"cannot remove the package: {exc}", path=directory, cause=exc) from exc
    shutil.rmtree(trash, ignore_errors=True)


# ---------------------------------------------------------------------------
# Checking an archive before anything touches the disk


@dataclass(frozen=True)
class _Checked:
    top: str
    metadata: dict[str, Any]
    info: PackageInfo


def _entry_parts(name: str) -> list[str]:
    return [part for part in re.split(r"[/\\]", name) if part not in ("", ".")]


def _check_name(name: str, path: Path) -> list[str]:
    """The parts of an entry name, or a refusal for a name that cannot be a package file."""
    shown = _shown(name)
    if "\x00" in name:
        raise PackageError(f"entry {shown} has a NUL character in its name", path=path)
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        raise PackageError(f"entry {shown} has an absolute path", path=path)
    parts = _entry_parts(name)
    if ".." in parts:
        raise PackageError(f"entry {shown} points outside the package (..)", path=path)
    if not parts:
        raise PackageError(f"entry {shown} has an empty name", path=path)
    if len(parts) > MAX_DEPTH:
        raise PackageError(
            f"entry {shown} is {len(parts)} folders deep (an Argos package is a few levels deep; limit {MAX_DEPTH})",
            path=path,
        )
    if any(len(part.encode("utf-8", "surrogateescape")) > MAX_COMPONENT_BYTES for part in parts):
        raise PackageError(f"entry {shown} has a file or folder name longer than {MAX_COMPONENT_BYTES} bytes", path=path)
    if len(name.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES:
        raise PackageError(f"entry {shown} has a name longer than {MAX_NAME_BYTES} bytes", path=path)
    return parts


def _check_archive(
    archive: zipfile.ZipFile, path: Path, expect: tuple[str, str] | None
) -> _Checked:
    entries = archive.infolist()
    if not entries:
        raise PackageError("the archive is empty", path=path)
    if len(entries) > MAX_ENTRIES:
        raise PackageError(
            f"the archive has {len(entries)} entries (more than {MAX_ENTRIES}); "
            "not an Argos package",
            path=path,
        )
    tops: set[str] = set()
    files: dict[str, zipfile.ZipInfo] = {}
    seen: set[str] = set()
    total = 0
    for entry in entries:
        name = entry.filename
        parts = _check_name(name, path)
        mode = entry.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise PackageError(f"entry {_shown(name)} is a symbolic link", path=path)
        kind = stat.S_IFMT(mode)
        if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
            raise PackageError(f"entry {_shown(name)} is not a regular file", path=path)
        tops.add(parts[0])
        key = "/".join(parts)
        if key in seen:
            raise PackageError(f"entry {_shown(name)} appears twice in the archive", path=path)
        seen.add(key)
        if not entry.is_dir():
            if len(parts) == 1:
                raise PackageError(
                    f"entry {_shown(name)} lies outside the package directory; an Argos "
                    "package holds exactly one top-level directory",
                    path=path,
                )
            relative = "/".join(parts[1:])
            files[relative] = entry
            limit = MEMBER_LIMITS.get(relative)
            if limit is not None and entry.file_size > limit:
                raise PackageError(
                    f"entry {_shown(name)} is {_size(entry.file_size)}; {relative} may be at most "
                    f"{_size(limit)} (dipl10n reads it into memory); not an Argos package",
                    path=path,
                )
        total += entry.file_size
    if len(tops) != 1:
        shown = ", ".join(_shown(top, 40) for top in sorted(tops)[:5])
        raise PackageError(
            f"the archive has {len(tops)} top-level entries ({shown}); an Argos "
            "package holds exactly one directory",
            path=path,
        )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise PackageError(
            f"the archive would unpack to {total / 1024**3:.1f} GiB "
            f"(limit {MAX_UNCOMPRESSED_BYTES / 1024**3:.0f} GiB); refusing it",
            path=path,
        )
    (top,) = tops
    if top.startswith("."):
        raise PackageError(f"the package directory {_shown(top)} is a hidden name", path=path)
    if "metadata.json" not in files:
        raise PackageError(f"the archive has no {top}/metadata.json", path=path)
    try:
        metadata = parse_json(_read_member(archive, files["metadata.json"], MAX_METADATA_BYTES, path))
        if not isinstance(metadata, dict):
            raise ValueError("not a JSON object")
        info = PackageInfo.from_metadata(metadata)
    except (ValueError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise PackageError(f"{top}/metadata.json cannot be read: {exc}", path=path, cause=exc) from exc
    if expect is not None and info.pair != tuple(expect):
        raise PackageError(
            f"this package translates {info.from_code}→{info.to_code}, "
            f"not {expect[0]}→{expect[1]}",
            path=path,
        )
    if "model/model.bin" not in files:
        raise PackageError(
            f"the archive has no {top}/model/model.bin (no CTranslate2 model)", path=path
        )
    if files["model/model.bin"].file_size == 0:
        raise PackageError(f"{top}/model/model.bin is empty (0 bytes): no CTranslate2 model", path=path)
    if not any(name in files for name in _TOKENIZER_FILES):
        raise PackageError(
            f"the archive has no tokenizer ({top}/sentencepiece.model or {top}/bpe.model)",
            path=path,
        )
    return _Checked(top=top, metadata=metadata, info=info)


def _read_member(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limit: int, path: Path) -> bytes:
    """A member's bytes, never reading more than ``limit`` of them (whatever its header claims).

    The size its header declares was checked against :data:`MEMBER_LIMITS` already (:func:`_check_archive`).
    """
    with archive.open(entry) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise PackageError(
            f"entry {_shown(entry.filename)} unpacks to more than the {_size(limit)} dipl10n reads into memory",
            path=path,
        )
    return data


def _extract(archive: zipfile.ZipFile, dest: Path, path: Path) -> None:
    """Extract checked entries under ``dest``, counting real bytes as they come.

    Sizes in the zip headers are claims; the copy stops at the declared size
    plus nothing, so a lying header cannot unpack more than was checked.
    Reading each member to its end checks its CRC (zipfile raises
    ``BadZipFile`` on a mismatch), so a corrupt download is refused here.
    """
    budget = MAX_UNCOMPRESSED_BYTES
    for entry in archive.infolist():
        target = dest.joinpath(*_entry_parts(entry.filename))
        if entry.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        with archive.open(entry) as source, open(target, "xb") as sink:
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                if written > entry.file_size or written > budget:
                    raise PackageError(
                        f"entry {_shown(entry.filename)} unpacks to more than it declares",
                        path=path,
                    )
                sink.write(chunk)
        budget -= written


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
    one is in place. Holds the packages lock (:func:`clean_leftovers`).
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
            checked = _check_archive(archive, path, expect)
            if expect_version is not None and checked.info.package_version != expect_version:
                raise PackageError(
                    f"the package is version {checked.info.package_version or '(none)'}, "
                    f"but the index offered version {expect_version}",
                    path=path,
                )
            with _packages_lock(packages_dir):
                staging = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX + "install-", dir=packages_dir))
                try:
                    _extract(archive, staging, path)
                    return _commit(staging / checked.top, packages_dir, checked, path)
                finally:
                    shutil.rmtree(staging, ignore_errors=True)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise PackageError(f"the archive is corrupt: {exc}", path=path, cause=exc) from exc
    except OSError as exc:
        raise PackageError(f"cannot install the package: {exc}", path=path, cause=exc) from exc


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


def _commit(staged: Path, packages_dir: Path, checked: _Checked, path: Path) -> PackageInfo:
    _validate_with_argos(staged, packages_dir, path)
    info = checked.info
    olds = [p for p in _scan(packages_dir) if p.pair == info.pair]
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
        parked = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX + "parked-", dir=packages_dir))
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
# Transfers: an overall deadline and a minimum rate

#: Environment variables that change the limits of :class:`TransferLimits`.
DOWNLOAD_TIMEOUT_ENV = "DIPL10N_DOWNLOAD_TIMEOUT"
INDEX_TIMEOUT_ENV = "DIPL10N_INDEX_TIMEOUT"
MIN_RATE_ENV = "DIPL10N_DOWNLOAD_MIN_RATE"
RATE_WINDOW_ENV = "DIPL10N_DOWNLOAD_RATE_WINDOW"
#: Seconds one package download may take in all (a 400 MB package needs 110 KB/s).
DOWNLOAD_TIMEOUT = 3600.0
#: Seconds fetching the package index (about 100 KB) may take in all.
INDEX_TIMEOUT = 120.0
#: Bytes per second a transfer must average over every RATE_WINDOW seconds.
MIN_RATE = 1024.0
RATE_WINDOW = 30.0


@dataclass(frozen=True)
class TransferLimits:
    """How long a transfer may take before dipl10n gives up on it.

    ``deadline``: seconds for the whole transfer, connecting and headers
    included (``DIPL10N_DOWNLOAD_TIMEOUT`` for packages, default
    :data:`DOWNLOAD_TIMEOUT`; ``DIPL10N_INDEX_TIMEOUT`` for the index,
    default :data:`INDEX_TIMEOUT`). ``min_rate``: bytes per second the
    transfer must average over every ``window`` seconds
    (``DIPL10N_DOWNLOAD_MIN_RATE``, default :data:`MIN_RATE`, 0 turns it off;
    ``DIPL10N_DOWNLOAD_RATE_WINDOW``, default :data:`RATE_WINDOW`). A server
    that sends a byte now and then never trips a socket timeout; these do.
    """

    deadline: float = DOWNLOAD_TIMEOUT
    min_rate: float = MIN_RATE
    window: float = RATE_WINDOW
    deadline_setting: str = DOWNLOAD_TIMEOUT_ENV

    @classmethod
    def for_packages(cls) -> TransferLimits:
        """The limits for a package download, from the environment."""
        return cls._from_environment(DOWNLOAD_TIMEOUT_ENV, DOWNLOAD_TIMEOUT)

    @classmethod
    def for_index(cls) -> TransferLimits:
        """The limits for fetching the package index, from the environment."""
        return cls._from_environment(INDEX_TIMEOUT_ENV, INDEX_TIMEOUT)

    @classmethod
    def _from_environment(cls, deadline_env: str, deadline: float) -> TransferLimits:
        return cls(
            deadline=env_number(deadline_env, deadline, zero_ok=False),
            min_rate=env_number(MIN_RATE_ENV, MIN_RATE, zero_ok=True),
            window=env_number(RATE_WINDOW_ENV, RATE_WINDOW, zero_ok=False),
            deadline_setting=deadline_env,
        )


def _open_url(url: str, timeout: float, sockets: list[socket.socket]) -> Any:
    """``urlopen``; every connection it makes (redirects and proxies too) is added to ``sockets``."""
    request = urllib.request.Request(url, headers={"User-Agent": "dipl10n"})
    return _tracking_opener(sockets).open(request, timeout=timeout)


def _tracking_opener(sockets: list[socket.socket]) -> urllib.request.OpenerDirector:
    """An opener like ``urlopen``'s whose connections report their socket once connected."""

    def tracked(base: Any) -> Any:
        class Tracked(base):
            def connect(self) -> None:
                super().connect()
                sockets.append(self.sock)

        return Tracked

    class HTTPHandler(urllib.request.HTTPHandler):
        def do_open(self, http_class: Any, req: Any, **kwargs: Any) -> Any:
            return super().do_open(tracked(http_class), req, **kwargs)

    class HTTPSHandler(urllib.request.HTTPSHandler):
        def do_open(self, http_class: Any, req: Any, **kwargs: Any) -> Any:
            return super().do_open(tracked(http_class), req, **kwargs)

    return urllib.request.build_opener(HTTPHandler, HTTPSHandler)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        return str(exc.reason)
    return str(exc) or type(exc).__name__


def _abort(sockets: list[socket.socket]) -> None:
    """Shut the sockets down, so a thread blocked reading one of them wakes up."""
    for sock in list(sockets):
        try:
            socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the plain socket's, also under TLS
        except OSError:
            pass  # already closed


def _transfer(
    url: str,
    sink: Callable[[bytes], Any],
    *,
    what: tuple[str, str],
    limits: TransferLimits,
    timeout: float,
    max_bytes: int,
    started: Callable[[int | None], None] | None = None,
) -> None:
    """Stream ``url``'s body into ``sink``.

    ``what`` is how messages name the transfer: ``("download", "downloading")``.
    The network is read in a helper thread and handed over chunk by chunk,
    so this thread keeps the time: it gives up (a :class:`PackageError`
    saying how much came in how long) at the deadline, or when less than
    ``min_rate * window`` bytes arrived in the last ``window`` seconds,
    whatever the network is doing (connecting, sending headers a byte at a
    time, or a body). Giving up shuts the connection down, so the helper
    thread ends too. ``started(total)`` is called once the headers are in.
    """
    verb, gerund = what
    channel: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=4)
    stop = threading.Event()
    sockets: list[socket.socket] = []

    def hand_over(item: tuple[str, Any]) -> bool:
        while not stop.is_set():
            try:
                channel.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def fetch() -> None:
        try:
            with _open_url(url, min(timeout, limits.deadline), sockets) as response:
                if not hand_over(("start", response.headers.get("Content-Length"))):
                    return
                read = getattr(response, "read1", None) or response.read
                while not stop.is_set():
                    chunk = read(_CHUNK)
                    if not hand_over(("data", chunk)) or not chunk:
                        return
        except Exception as exc:  # handed to the waiting thread, which reports it
            hand_over(("error", exc))

    begun = time.monotonic()
    deadline_at = begun + limits.deadline
    poll = max(0.01, min(0.5, limits.window / 10))
    history: deque[tuple[float, int]] = deque([(begun, 0)])
    done = 0
    total: int | None = None
    worker = threading.Thread(target=fetch, name="dipl10n-transfer", daemon=True)
    worker.start()
    try:
        while True:
            now = time.monotonic()
            if now >= deadline_at:
                so_far = f"{done} of {total} bytes" if total is not None else f"{done} bytes"
                setting = limits.deadline_setting
                raise PackageError(
                    f"gave up {gerund} {url}: {so_far} in {now - begun:.0f} s, the time limit "
                    f"({setting}={limits.deadline:g}); try again later, or raise {setting} on a slow connection"
                )
            if limits.min_rate > 0 and now - begun >= limits.window:
                while len(history) > 1 and history[1][0] <= now - limits.window:
                    history.popleft()
                recent = done - history[0][1]
                if recent < limits.min_rate * limits.window:
                    raise PackageError(
                        f"gave up {gerund} {url}: {recent} bytes in {limits.window:g} s, slower than the "
                        f"minimum of {limits.min_rate:g} bytes/s ({MIN_RATE_ENV}); the server or the network "
                        "stalls, try again later"
                    )
            try:
                kind, value = channel.get(timeout=max(0.001, min(poll, deadline_at - now)))
            except queue.Empty:
                continue
            if kind == "error":
                raise PackageError(f"cannot {verb} {url}: {_reason(value)}", cause=value)
            if kind == "start":
                total = int(value) if value and value.isdigit() else None
                if total is not None and total > max_bytes:
                    raise PackageError(f"{url} is {total} bytes, more than the {_size(max_bytes)} dipl10n accepts")
                if started is not None:
                    started(total)
                continue
            if not value:
                break
            done += len(value)
            if done > max_bytes:
                raise PackageError(f"{url} sends more than the {_size(max_bytes)} dipl10n accepts")
            sink(value)
            history.append((time.monotonic(), done))
    finally:
        stop.set()
        _abort(sockets)
    if total is not None and done != total:
        raise PackageError(f"{url}: the transfer stopped at {done} of {total} bytes")


# ---------------------------------------------------------------------------
# The package index


def fetch_index(
    index_url: str | None = None, *, timeout: float = 30.0, limits: TransferLimits | None = None
) -> list[PackageInfo]:
    """Download and parse an Argos package index.

    Entries that are not translation packages (``type`` other than
    ``translate``, e.g. sentence-boundary packages) are passed over; entries
    with a bad field (no or a malformed language code, a ``package_version``
    that is no version, ``links`` that are not a list of URLs) are skipped
    with a warning naming the index. Only ``http(s)`` links are kept (the
    index also lists IPFS mirrors). Raises :class:`PackageError` when the
    index cannot be fetched within ``limits`` (default
    :meth:`TransferLimits.for_index`) or is not a JSON list.
    """
    found, _ = _fetch_index(resolve_index_url(index_url), timeout=timeout, limits=limits)
    return found


_Skipped = tuple[Any, Any, str]


def _fetch_index(
    url: str, *, timeout: float, limits: TransferLimits | None = None
) -> tuple[list[PackageInfo], list[_Skipped]]:
    raw = bytearray()
    _transfer(
        url,
        raw.extend,
        what=("fetch the package index", "fetching the package index"),
        limits=limits or TransferLimits.for_index(),
        timeout=timeout,
        max_bytes=MAX_INDEX_BYTES,
    )
    try:
        entries = parse_json(bytes(raw))
    except ValueError as exc:
        raise PackageError(f"the package index {url} is not JSON: {exc}", cause=exc) from exc
    if not isinstance(entries, list):
        raise PackageError(f"the package index {url} is not a JSON list of packages")
    skipped: list[_Skipped] = []
    found = list(_parse_index(entries, url, skipped))
    return found, skipped


def _parse_index(entries: Iterable[Any], url: str, skipped: list[_Skipped]) -> Iterable[PackageInfo]:
    for position, entry in enumerate(entries):
        if not isinstance(entry, dict) or (entry.get("type") or "translate") != "translate":
            continue
        try:
            info = PackageInfo.from_metadata(entry)
        except ValueError as exc:
            logger.warning("%s: entry %d skipped: %s", url, position, exc)
            skipped.append((entry.get("from_code"), entry.get("to_code"), f"entry {position}: {exc}"))
            continue
        links = tuple(
            urllib.parse.urljoin(url, link)
            for link in info.links
            if urllib.parse.urlsplit(urllib.parse.urljoin(url, link)).scheme in ("http", "https")
        )
        yield dataclasses.replace(info, links=links)


def install_from_index(
    from_code: str,
    to_code: str,
    *,
    index_url: str | None = None,
    packages_dir: Path,
    progress: DownloadProgress | None = None,
    timeout: float = 60.0,
) -> PackageInfo:
    """Download the newest package for a pair from the index and install it.

    ``progress(done, total)`` is called as bytes arrive (``total`` is None
    when the server sends no length). The download goes to a hidden file in
    ``packages_dir`` and is removed afterwards, installed or not; it is
    given up at the limits of :meth:`TransferLimits.for_packages`.
    ``timeout`` is how long the network may stay silent. Holds the packages
    lock while downloading and installing.
    """
    packages_dir = Path(packages_dir)
    url = resolve_index_url(index_url)
    limits = TransferLimits.for_packages()
    found, skipped = _fetch_index(url, timeout=timeout)
    offered = [p for p in found if p.pair == (from_code, to_code)]
    if not offered:
        why = [reason for f, t, reason in skipped if (f, t) == (from_code, to_code)]
        detail = f" (skipped {'; '.join(why[:3])})" if why else ""
        raise PackageError(f"the package index {url} offers no {from_code}→{to_code} package{detail}")
    entry = max(offered, key=lambda p: p.version_key)
    if not entry.links:
        raise PackageError(
            f"the package index {url} lists {entry.code} {entry.package_version} "
            "without an http(s) download link"
        )
    try:
        packages_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PackageError(f"cannot create the packages directory: {exc.strerror or exc}", path=packages_dir, cause=exc) from exc
    failures: list[str] = []
    with _packages_lock(packages_dir):
        for link in entry.links:
            handle, name = tempfile.mkstemp(
                prefix=_TEMP_PREFIX + "download-", suffix=".argosmodel", dir=packages_dir
            )
            download = Path(name)
            try:
                with os.fdopen(handle, "wb") as sink:
                    _download(link, sink, progress, timeout, limits)
            except PackageError as exc:
                download.unlink(missing_ok=True)
                failures.append(exc.message)
                continue
            except OSError as exc:
                download.unlink(missing_ok=True)
                raise PackageError(f"cannot write the download: {exc.strerror or exc}", path=download, cause=exc) from exc
            try:
                return install_from_file(
                    download,
                    packages_dir=packages_dir,
                    expect=(from_code, to_code),
                    expect_version=entry.package_version or None,
                )
            except PackageError as exc:
                raise PackageError(
                    f"the package downloaded from {link} was refused: {exc.message}",
                    cause=exc,
                ) from exc
            finally:
                download.unlink(missing_ok=True)
    raise PackageError(
        f"cannot download {entry.code} {entry.package_version}: " + "; ".join(failures)
    )


def _download(
    url: str, sink: Any, progress: DownloadProgress | None, timeout: float, limits: TransferLimits
) -> None:
    done = 0
    total: int | None = None

    def started(length: int | None) -> None:
        nonlocal total
        total = length
        if progress is not None:
            progress(0, length)

    def write(chunk: bytes) -> None:
        nonlocal done
        sink.write(chunk)
        done += len(chunk)
        if progress is not None:
            progress(done, total)

    _transfer(
        url,
        write,
        what=("download", "downloading"),
        limits=limits,
        timeout=timeout,
        max_bytes=MAX_DOWNLOAD_BYTES,
        started=started,
    )
