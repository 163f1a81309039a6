"""Atomic file replacement that refuses to overwrite a concurrent edit.

dipl10n rewrites catalogs that reviewers also edit (in Poedit, on a shared
drive). A write therefore goes to a temporary file in the same directory, is
flushed to disk and then renamed over the target in one step, so a reader
never sees half a file. When the caller says which content it read
(``expected_digest``), the current file is checked again just before the
rename, and a file that changed in the meantime is left alone.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

from dipl10n.errors import ConcurrentEditError

__all__ = ["atomic_write", "atomic_write_text", "file_digest", "remove_stale_temps"]

_CHUNK = 1 << 16


def file_digest(path: Path) -> str:
    """Return the SHA-256 hex digest of the file's content, or ``""`` if it does not exist."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(_CHUNK), b""):
                digest.update(chunk)
    except FileNotFoundError:
        return ""
    return digest.hexdigest()


def _digest_and_identity(path: Path) -> tuple[str, tuple[int, ...] | None]:
    """The file's digest and the identity of the file that was read (``("", None)``: no file)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(_CHUNK), b""):
                digest.update(chunk)
            info = os.fstat(handle.fileno())
    except FileNotFoundError:
        return "", None
    return digest.hexdigest(), (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def _identity(path: Path) -> tuple[int, ...] | None:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def atomic_write(path: Path, data: bytes, *, expected_digest: str | None = None) -> str:
    """Replace ``path`` with ``data`` atomically and return the new content's SHA-256 digest.

    The data goes to a temporary file next to ``path`` (same permissions as the
    file it replaces), is fsynced, and is renamed over ``path``. If
    ``expected_digest`` is given, ``path`` must still have that digest right
    before the rename (``""``: it must not exist); otherwise
    :class:`~dipl10n.errors.ConcurrentEditError` is raised and nothing changes.
    The temporary file never outlives a failure.
    """
    path = Path(path)
    directory = path.parent
    try:
        mode: int | None = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    tmp, fd = _create_temp(directory, path.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None and not hasattr(os, "fchmod"):
            os.chmod(tmp, mode)
        if expected_digest is not None:
            current, identity = _digest_and_identity(path)
            if current != expected_digest:
                raise ConcurrentEditError(
                    _concurrent_message(path, expected_digest, current), path=path
                )
            # Reading the file takes a while; a save that lands meanwhile (an
            # editor's rename, or a write in place) shows in the file's identity.
            # The stat right before the rename leaves a window of microseconds.
            now = _identity(path)
            if now != identity:
                raise ConcurrentEditError(
                    _concurrent_message(path, expected_digest, "changed" if now else ""), path=path
                )
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_directory(directory)
    return hashlib.sha256(data).hexdigest()


def atomic_write_text(path: Path, text: str, **kw: str | None) -> str:
    """Write ``text`` as UTF-8 through :func:`atomic_write`; newlines are written as they are (LF stays LF)."""
    return atomic_write(path, text.encode("utf-8"), **kw)


def _create_temp(directory: Path, name: str) -> tuple[Path, int]:
    """Create a new, empty temporary file in ``directory``; mode 0666 less the umask."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = directory / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            return tmp, os.open(tmp, flags, 0o666)
        except FileExistsError:
            continue
    raise FileExistsError(f"cannot create a temporary file next to {directory / name}")


#: What :func:`_create_temp` names its files: ``.<target name>.<8 hex digits>.tmp``.
_TEMP_NAME = re.compile(r"\..+\.[0-9a-f]{8}\.tmp")


def remove_stale_temps(directory: Path) -> Iterator[Path]:
    """Delete the temporary files :func:`atomic_write` left under ``directory``; yield each one.

    Only a process that was killed mid-write leaves one behind (any other
    failure removes it). Call this only while no other writer can be busy in
    ``directory`` (dipl10n holds its project lock). Symbolic links to other
    directories are not followed.
    """
    if not Path(directory).is_dir():
        return
    for root, _dirs, files in os.walk(directory):
        for name in files:
            if _TEMP_NAME.fullmatch(name):
                path = Path(root) / name
                try:
                    path.unlink()
                except FileNotFoundError:
                    continue
                yield path


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable where the platform allows opening a directory."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _concurrent_message(path: Path, expected: str, current: str) -> str:
    if expected == "":
        return (
            f"{path.name} was created by someone else while dipl10n was working; "
            "it was left as it is - run dipl10n again"
        )
    if current == "":
        return (
            f"{path.name} was deleted or moved while dipl10n was working; "
            "nothing was written - run dipl10n again"
        )
    return (
        f"{path.name} was changed by someone else (for example saved in Poedit) while "
        "dipl10n was working; their version was kept and nothing was written - "
        "run dipl10n again to merge it"
    )
