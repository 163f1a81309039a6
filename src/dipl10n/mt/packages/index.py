"""The package index: where it is, fetching and checking it, installing from it.

The public package index (argospm-index ``index.json``) is a JSON list of
package metadata objects (``package_version``, ``argos_version``,
``from_code``, ``to_code``, names, ``links``, ``code``). It publishes no
checksums, so a download is verified by the zip's CRCs (checked while it is
extracted) and by its ``metadata.json`` naming the pair and version the index
promised. Entries are validated (``links`` a list of URLs, ``package_version``
a version such as ``1.1``); a bad entry is skipped with a warning naming the
index.

Named ``index`` after what it reads; it is the top of the package: it
fetches through :mod:`~dipl10n.mt.packages.transfer` and installs through
:mod:`~dipl10n.mt.packages.store`.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import tempfile
import urllib.parse
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dipl10n.errors import PackageError
from dipl10n.mt.packages.directory import TEMP_PREFIX, argos_setting, packages_lock
from dipl10n.mt.packages.metadata import PackageInfo, parse_json
from dipl10n.mt.packages.store import install_from_file
from dipl10n.mt.packages.transfer import DownloadProgress, TransferLimits, download_package, transfer

__all__ = [
    "DEFAULT_INDEX_URL",
    "MAX_INDEX_BYTES",
    "fetch_index",
    "install_from_index",
    "resolve_index_url",
]

logger = logging.getLogger(__name__)

# Argos's default index (argostranslate.settings.remote_package_index).
DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
#: The public index is about 100 KB.
MAX_INDEX_BYTES = 64 * 1024 * 1024


def resolve_index_url(index_url: str | None = None) -> str:
    """Return the index URL: the argument, else ``ARGOS_PACKAGE_INDEX``, else Argos's.

    Like Argos, a URL that does not name a ``.json`` file is a base to which
    ``index.json`` is appended (``ARGOS_PACKAGE_INDEX`` is such a base).
    """
    url = index_url or argos_setting("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX_URL
    if urllib.parse.urlsplit(url).path.endswith(".json"):
        return url
    return url.rstrip("/") + "/index.json"


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
    transfer(
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
    with packages_lock(packages_dir):
        for link in entry.links:
            handle, name = tempfile.mkstemp(
                prefix=TEMP_PREFIX + "download-", suffix=".argosmodel", dir=packages_dir
            )
            download = Path(name)
            try:
                with os.fdopen(handle, "wb") as sink:
                    download_package(link, sink, progress, timeout, limits)
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
