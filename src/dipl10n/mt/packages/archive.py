"""What an ``.argosmodel`` archive may hold, checked before anything touches the disk; safe extraction.

An Argos package (``.argosmodel``) is a zip archive of one directory holding
``metadata.json``, a CTranslate2 model in ``model/`` and a tokenizer
(``sentencepiece.model`` or ``bpe.model``).

Argos's own installer extracts whatever the archive holds, ``..`` and absolute
paths included, and imports ``argostranslate.translate`` (CTranslate2 and the
sentence splitters) when it is done. dipl10n does not call it: it checks every
entry first (names, depth, declared sizes, and the size of every member it
reads into memory), from the zip directory alone (:func:`check_archive`), and
then extracts only what was checked, never more bytes than declared
(:func:`extract`); reading every member to its end checks the zip's CRCs.

Named ``archive``: everything here reads a zip file and nothing here knows
about a packages directory; where the extraction goes and what happens next
is :mod:`dipl10n.mt.packages.store`'s business.
"""

from __future__ import annotations

import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dipl10n.errors import PackageError
from dipl10n.mt.packages.metadata import MAX_METADATA_BYTES, MEMBER_LIMITS, PackageInfo, format_size, parse_json

__all__ = [
    "MAX_COMPONENT_BYTES",
    "MAX_DEPTH",
    "MAX_ENTRIES",
    "MAX_NAME_BYTES",
    "MAX_UNCOMPRESSED_BYTES",
    "Checked",
    "check_archive",
    "extract",
]

# Argos models are 50-400 MB; anything far beyond is not a translation package.
MAX_UNCOMPRESSED_BYTES = 4 * 1024**3
MAX_ENTRIES = 10_000
#: Entry names: at most this many folders deep, path components of at most
#: 255 bytes (the usual file-system limit), names of at most 1024 bytes. Real
#: packages are 3-6 levels deep.
MAX_DEPTH = 32
MAX_COMPONENT_BYTES = 255
MAX_NAME_BYTES = 1024

_CHUNK = 1024 * 1024
_TOKENIZER_FILES = ("sentencepiece.model", "bpe.model")
_DRIVE = re.compile(r"^[A-Za-z]:")


def _shown(name: str, limit: int = 80) -> str:
    """``repr(name)``, shortened in the middle: an error stays one readable line."""
    if len(name) <= limit:
        return repr(name)
    return repr(name[: limit // 2] + "…" + name[-limit // 2 :]) + f" ({len(name)} characters)"


@dataclass(frozen=True)
class Checked:
    """What :func:`check_archive` found: the one top-level directory, its ``metadata.json``, the package."""

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


def check_archive(
    archive: zipfile.ZipFile, path: Path, expect: tuple[str, str] | None
) -> Checked:
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
                    f"entry {_shown(name)} is {format_size(entry.file_size)}; {relative} may be at most "
                    f"{format_size(limit)} (dipl10n reads it into memory); not an Argos package",
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
    return Checked(top=top, metadata=metadata, info=info)


def _read_member(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limit: int, path: Path) -> bytes:
    """A member's bytes, never reading more than ``limit`` of them (whatever its header claims).

    The size its header declares was checked against :data:`MEMBER_LIMITS` already (:func:`check_archive`).
    """
    with archive.open(entry) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise PackageError(
            f"entry {_shown(entry.filename)} unpacks to more than the {format_size(limit)} dipl10n reads into memory",
            path=path,
        )
    return data


def extract(archive: zipfile.ZipFile, dest: Path, path: Path) -> None:
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
