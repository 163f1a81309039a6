"""One Argos package as data: :class:`PackageInfo`, its fields checked, and reading within limits.

An installed package's ``metadata.json`` and an entry of the package index
carry the same fields (``package_version``, ``argos_version``,
``from_code``, ``to_code``, names, ``links``, ``code``), so one frozen class
with one validating constructor (:meth:`PackageInfo.from_metadata`) serves
both; ``package_version`` is a version such as ``1.1``, and versions sort as
numbers (``1.10`` after ``1.9``).

Also here, because every other module of the package reads what a package
holds: :data:`MEMBER_LIMITS`, the members read whole into memory and the most
read of each, and the two helpers that read within a limit
(:func:`read_bounded`, :func:`parse_json`), which the engine uses too. The
module is named after the file it describes; it imports nothing of
``dipl10n.mt.packages``, so every other module may import it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dipl10n.fs import controls

__all__ = [
    "MAX_METADATA_BYTES",
    "MEMBER_LIMITS",
    "PackageInfo",
    "format_size",
    "parse_json",
    "read_bounded",
]

#: Real ``metadata.json`` files are under 1 KB.
MAX_METADATA_BYTES = 1024 * 1024
_MIB64 = 64 * 1024 * 1024
#: Members that dipl10n (or the tokenizer and model libraries it loads) reads
#: whole into memory, with the most it reads of each, relative to the
#: package directory. Each is checked against the zip directory before
#: anything is read, and never read beyond its limit. ``model.bin`` is not
#: among them: CTranslate2 maps it, and it counts towards
#: :data:`~dipl10n.mt.packages.archive.MAX_UNCOMPRESSED_BYTES` like every member.
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

_VERSION = re.compile(r"[0-9]+(?:\.[0-9]+)*")
_LANGUAGE_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,31}")
_CONTROLS = controls.ANY


def format_size(count: int | float) -> str:
    """``512 bytes``, ``1.0 MiB``, ``3.0 GiB``."""
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if count >= factor:
            return f"{count / factor:.1f} {unit}"
    return f"{int(count)} bytes"


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
            raise ValueError(f"{path.name} is {format_size(size)}, more than the {format_size(limit)} dipl10n reads")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"{path.name} is larger than the {format_size(limit)} dipl10n reads")
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
