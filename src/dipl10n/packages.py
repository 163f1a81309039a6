"""Argos Translate packages on disk: list, install (safely), upgrade, remove.

This is what ``dipl10n model list|install|remove`` runs. An Argos package
(``.argosmodel``) is a zip archive of one directory holding ``metadata.json``,
a CTranslate2 model in ``model/`` and a tokenizer (``sentencepiece.model`` or
``bpe.model``). Installed packages are directories in a packages directory,
the same layout Argos Translate itself reads, so either tool sees the other's
installs.

Argos's own installer extracts whatever the archive holds, ``..`` and absolute
paths included, and imports ``argostranslate.translate`` (torch, stanza) when
it is done. dipl10n does not call it: it checks every entry first, extracts
into a temporary directory inside the packages directory, validates the result
and only then renames it into place. Nothing is installed when anything is
refused, and an upgrade leaves the old version in place if it fails.

The public package index (argospm-index ``index.json``) is a JSON list of
package metadata objects (``package_version``, ``argos_version``,
``from_code``, ``to_code``, names, ``links``, ``code``). It publishes no
checksums, so a download is verified by the zip's CRCs and by its
``metadata.json`` naming the pair and version the index promised.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import re
import shutil
import stat
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dipl10n.errors import PackageError

__all__ = [
    "DEFAULT_INDEX_URL",
    "MAX_DOWNLOAD_BYTES",
    "MAX_ENTRIES",
    "MAX_UNCOMPRESSED_BYTES",
    "PackageInfo",
    "argos_package_module",
    "default_packages_dir",
    "fetch_index",
    "find_installed",
    "install_from_file",
    "install_from_index",
    "list_installed",
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

_TEMP_PREFIX = ".dipl10n-"
_CHUNK = 1024 * 1024
_TOKENIZER_FILES = ("sentencepiece.model", "bpe.model")
_DRIVE = re.compile(r"^[A-Za-z]:")

DownloadProgress = Callable[[int, "int | None"], None]


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
        cls, metadata: Mapping[str, Any], *, path: Path | None = None
    ) -> PackageInfo:
        """Build from a ``metadata.json`` object or an index entry.

        Raises ``ValueError`` when the codes are missing or not strings.
        """
        from_code = metadata.get("from_code")
        to_code = metadata.get("to_code")
        if not isinstance(from_code, str) or not from_code:
            raise ValueError("from_code is missing or not a string")
        if not isinstance(to_code, str) or not to_code:
            raise ValueError("to_code is missing or not a string")
        kind = metadata.get("type") or "translate"
        code = metadata.get("code") or f"{kind}-{from_code}_{to_code}"
        links = metadata.get("links") or ()
        return cls(
            code=str(code),
            from_code=from_code,
            to_code=to_code,
            package_version=str(metadata.get("package_version") or ""),
            argos_version=str(metadata.get("argos_version") or ""),
            from_name=str(metadata.get("from_name") or ""),
            to_name=str(metadata.get("to_name") or ""),
            target_prefix=str(metadata.get("target_prefix") or ""),
            path=path,
            links=tuple(str(link) for link in links if isinstance(link, str)),
        )


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
        data = json.loads(settings_file.read_text(encoding="utf-8"))
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
# Installed packages


def _read_metadata(directory: Path) -> dict[str, Any]:
    with open(directory / "metadata.json", encoding="utf-8") as handle:
        data = json.load(handle)
    if not isinstance(data, dict):
        raise ValueError("metadata.json is not a JSON object")
    return data


def list_installed(packages_dir: Path) -> list[PackageInfo]:
    """Return the packages installed in ``packages_dir``, sorted by pair and version.

    Directories without a readable ``metadata.json`` are skipped (with a
    warning in the log), as are dipl10n's own hidden work directories, so a
    stray folder never breaks ``model list`` or engine loading.
    """
    packages_dir = Path(packages_dir)
    if not packages_dir.is_dir():
        return []
    found: list[PackageInfo] = []
    for child in sorted(packages_dir.iterdir()):
        if child.name.startswith(".") or not child.is_dir():
            continue
        try:
            found.append(PackageInfo.from_metadata(_read_metadata(child), path=child))
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
    never leaves a broken package visible.
    """
    removed: list[PackageInfo] = []
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
    files: set[str] = set()
    seen: set[str] = set()
    total = 0
    for entry in entries:
        name = entry.filename
        if "\x00" in name:
            raise PackageError(f"entry {name!r} has a NUL character in its name", path=path)
        if name.startswith(("/", "\\")) or _DRIVE.match(name):
            raise PackageError(f"entry {name!r} has an absolute path", path=path)
        parts = _entry_parts(name)
        if ".." in parts:
            raise PackageError(f"entry {name!r} points outside the package (..)", path=path)
        if not parts:
            raise PackageError(f"entry {name!r} has an empty name", path=path)
        mode = entry.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise PackageError(f"entry {name!r} is a symbolic link", path=path)
        kind = stat.S_IFMT(mode)
        if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
            raise PackageError(f"entry {name!r} is not a regular file", path=path)
        tops.add(parts[0])
        key = "/".join(parts)
        if key in seen:
            raise PackageError(f"entry {name!r} appears twice in the archive", path=path)
        seen.add(key)
        if not entry.is_dir():
            if len(parts) == 1:
                raise PackageError(
                    f"entry {name!r} lies outside the package directory; an Argos "
                    "package holds exactly one top-level directory",
                    path=path,
                )
            files.add("/".join(parts[1:]))
        total += entry.file_size
    if len(tops) != 1:
        shown = ", ".join(sorted(tops)[:5])
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
        raise PackageError(f"the package directory {top!r} is a hidden name", path=path)
    if "metadata.json" not in files:
        raise PackageError(f"the archive has no {top}/metadata.json", path=path)
    try:
        raw = archive.read(_member(archive, top, "metadata.json"))
        if len(raw) > 1024 * 1024:
            raise ValueError("metadata.json is larger than 1 MiB")
        metadata = json.loads(raw.decode("utf-8"))
        if not isinstance(metadata, dict):
            raise ValueError("not a JSON object")
        info = PackageInfo.from_metadata(metadata)
    except (ValueError, UnicodeDecodeError, zipfile.BadZipFile, KeyError) as exc:
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
    if not any(name in files for name in _TOKENIZER_FILES):
        raise PackageError(
            f"the archive has no tokenizer ({top}/sentencepiece.model or {top}/bpe.model)",
            path=path,
        )
    return _Checked(top=top, metadata=metadata, info=info)


def _member(archive: zipfile.ZipFile, top: str, relative: str) -> zipfile.ZipInfo:
    for entry in archive.infolist():
        if not entry.is_dir() and _entry_parts(entry.filename) == [top, *relative.split("/")]:
            return entry
    raise KeyError(f"{top}/{relative}")


def _extract(archive: zipfile.ZipFile, dest: Path, path: Path) -> None:
    """Extract checked entries under ``dest``, counting real bytes as they come.

    Sizes in the zip headers are claims; the copy stops at the declared size
    plus nothing, so a lying header cannot unpack more than was checked.
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
                        f"entry {entry.filename!r} unpacks to more than it declares",
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
    symbolic links, more than one top-level directory, no or unreadable
    ``metadata.json``, a pair other than ``expect``, a version other than
    ``expect_version``, no ``model/model.bin``, no tokenizer, corrupt data or
    an absurd unpacked size. Installed versions of the same pair are replaced
    only once the new one is in place.
    """
    path = Path(path)
    packages_dir = Path(packages_dir)
    if not path.is_file():
        raise PackageError("no such package file", path=path)
    if not zipfile.is_zipfile(path):
        raise PackageError("not an Argos package: the file is not a zip archive", path=path)
    packages_dir.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(path) as archive:
            checked = _check_archive(archive, path, expect)
            if expect_version is not None and checked.info.package_version != expect_version:
                raise PackageError(
                    f"the package is version {checked.info.package_version or '(none)'}, "
                    f"but the index offered version {expect_version}",
                    path=path,
                )
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


def argos_package_module(packages_dir: Path) -> Any:
    """Import ``argostranslate.package`` with its settings pointed at ``packages_dir``.

    Argos reads its settings once, at first import, and creates its package
    directory then; when that has not happened yet, ``ARGOS_PACKAGES_DIR``
    (unless the user set it) is pointed at the directory dipl10n uses, so
    Argos does not create its default one as well. dipl10n always passes
    explicit paths to Argos, so a later call with another directory is fine.
    """
    import sys

    if "argostranslate.settings" not in sys.modules:
        os.environ.setdefault("ARGOS_PACKAGES_DIR", str(packages_dir))
    import argostranslate.package

    return argostranslate.package


def _validate_with_argos(directory: Path, packages_dir: Path, path: Path) -> None:
    """Check that Argos Translate itself can load the extracted package."""
    try:
        package = argos_package_module(packages_dir).Package(directory)
    except Exception as exc:  # Argos raises bare exceptions of many kinds
        raise PackageError(f"Argos Translate cannot load the package: {exc}", path=path, cause=exc) from exc
    if getattr(package, "tokenizer", None) is None:
        raise PackageError("Argos Translate finds no tokenizer in the package", path=path)


def _commit(staged: Path, packages_dir: Path, checked: _Checked, path: Path) -> PackageInfo:
    _validate_with_argos(staged, packages_dir, path)
    info = checked.info
    olds = find_installed(packages_dir, info.from_code, info.to_code)
    dest = packages_dir / checked.top
    if dest.exists() and not any(p.path == dest for p in olds):
        raise PackageError(
            f"{dest} exists and is not an installed {info.from_code}→{info.to_code} "
            "package; move it away first",
            path=path,
        )
    # Move an old version that occupies the same name aside, keep it until the
    # new one is in place, and put it back if the rename fails.
    parked: Path | None = None
    if dest.exists():
        parked = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX + "old-", dir=packages_dir))
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
# The package index


def _open_url(url: str, timeout: float) -> Any:
    request = urllib.request.Request(url, headers={"User-Agent": "dipl10n"})
    return urllib.request.urlopen(request, timeout=timeout)


def fetch_index(index_url: str | None = None, *, timeout: float = 30.0) -> list[PackageInfo]:
    """Download and parse an Argos package index.

    Entries that are not translation packages (``type`` other than
    ``translate``, e.g. sentence-boundary packages) or lack language codes
    are skipped; only ``http(s)`` links are kept (the index also lists IPFS
    mirrors). Raises :class:`PackageError` when the index cannot be fetched
    or is not a JSON list.
    """
    url = resolve_index_url(index_url)
    try:
        with _open_url(url, timeout) as response:
            raw = response.read(64 * 1024 * 1024 + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise PackageError(f"cannot fetch the package index {url}: {_reason(exc)}", cause=exc) from exc
    if len(raw) > 64 * 1024 * 1024:
        raise PackageError(f"the package index {url} is larger than 64 MiB")
    try:
        entries = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise PackageError(f"the package index {url} is not JSON: {exc}", cause=exc) from exc
    if not isinstance(entries, list):
        raise PackageError(f"the package index {url} is not a JSON list of packages")
    return list(_parse_index(entries, url))


def _parse_index(entries: Iterable[Any], url: str) -> Iterable[PackageInfo]:
    for position, entry in enumerate(entries):
        if not isinstance(entry, dict) or (entry.get("type") or "translate") != "translate":
            continue
        try:
            info = PackageInfo.from_metadata(entry)
        except ValueError as exc:
            logger.warning("%s: entry %d skipped: %s", url, position, exc)
            continue
        links = tuple(
            urllib.parse.urljoin(url, link)
            for link in info.links
            if urllib.parse.urlsplit(urllib.parse.urljoin(url, link)).scheme in ("http", "https")
        )
        yield dataclasses.replace(info, links=links)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        return str(exc.reason)
    return str(exc)


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
    ``packages_dir`` and is removed afterwards, installed or not.
    """
    packages_dir = Path(packages_dir)
    url = resolve_index_url(index_url)
    offered = [p for p in fetch_index(url, timeout=timeout) if p.pair == (from_code, to_code)]
    if not offered:
        raise PackageError(f"the package index {url} offers no {from_code}→{to_code} package")
    entry = max(offered, key=lambda p: p.version_key)
    if not entry.links:
        raise PackageError(
            f"the package index {url} lists {entry.code} {entry.package_version} "
            "without an http(s) download link"
        )
    packages_dir.mkdir(parents=True, exist_ok=True)
    failures: list[str] = []
    for link in entry.links:
        handle, name = tempfile.mkstemp(
            prefix=_TEMP_PREFIX + "download-", suffix=".argosmodel", dir=packages_dir
        )
        download = Path(name)
        try:
            with os.fdopen(handle, "wb") as sink:
                _download(link, sink, progress, timeout)
        except PackageError as exc:
            download.unlink(missing_ok=True)
            failures.append(exc.message)
            continue
        try:
            _verify_download(download, link)
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


def _download(url: str, sink: Any, progress: DownloadProgress | None, timeout: float) -> None:
    try:
        with _open_url(url, timeout) as response:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            if total is not None and total > MAX_DOWNLOAD_BYTES:
                raise PackageError(f"{url} is {total} bytes, larger than any Argos package")
            done = 0
            if progress is not None:
                progress(done, total)
            while chunk := response.read(_CHUNK):
                done += len(chunk)
                if done > MAX_DOWNLOAD_BYTES:
                    raise PackageError(f"{url} sends more than {MAX_DOWNLOAD_BYTES} bytes")
                sink.write(chunk)
                if progress is not None:
                    progress(done, total)
            if total is not None and done != total:
                raise PackageError(f"{url}: the download stopped at {done} of {total} bytes")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise PackageError(f"cannot download {url}: {_reason(exc)}", cause=exc) from exc


def _verify_download(download: Path, link: str) -> None:
    """Check every member's CRC: the index gives no checksum to compare with."""
    if not zipfile.is_zipfile(download):
        raise PackageError("not an Argos package: the file is not a zip archive", path=download)
    try:
        with zipfile.ZipFile(download) as archive:
            bad = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise PackageError(f"the archive is corrupt: {exc}", path=download, cause=exc) from exc
    if bad is not None:
        raise PackageError(f"entry {bad!r} is corrupt (CRC mismatch)", path=download)
