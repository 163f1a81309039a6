"""Atomic file replacement that refuses to overwrite a concurrent edit.

dipl10n rewrites catalogs that reviewers also edit (in Poedit, on a shared
drive). A write therefore goes to a temporary file in the same directory, is
flushed to disk and then renamed over the target in one step, so a reader
never sees half a file. When the caller says which content it read
(``expected_digest``), the current file is checked again just before the
rename, and a file that changed in the meantime is left alone.

A temporary file is named after its target and, while a project's lock is
held (:func:`temps_owned_by`), after the project: ``.<target>.<owner>.<8
hex>.tmp``. A run that is killed leaves its temporary files behind; the next
run of the same project removes them (:func:`remove_stale_temps`), and only
them: a folder shared with another project (a common ``locales_dir``) may
hold that project's temporary files, in flight.

Every operating-system failure is raised as a
:class:`~dipl10n.errors.Dipl10nError` naming the target file (never the
temporary one): a full disk, a read-only folder, a folder where the file
belongs.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from dipl10n.errors import ConcurrentEditError, os_error

__all__ = [
    "TEMP_NAME_EXTRA",
    "atomic_write",
    "atomic_write_text",
    "file_digest",
    "owner_tag",
    "remove_stale_temps",
    "temp_name",
    "temps_owned_by",
]

_CHUNK = 1 << 16

#: The owner tag of the temporary files this context writes (set while a project's lock is held).
_OWNER: ContextVar[str | None] = ContextVar("dipl10n_temp_owner", default=None)
_OWNER_TAG = re.compile(r"[0-9a-f]{8}")
#: How many bytes a temporary file's name adds to its target's: ``.`` + ``.<owner>`` + ``.<8 hex>.tmp``.
TEMP_NAME_EXTRA = len(".") + len(".") + 8 + len(".") + 8 + len(".tmp")


def owner_tag(root: Path) -> str:
    """The tag of a project's temporary files: 8 hex digits of the SHA-256 of its resolved root."""
    return hashlib.sha256(os.fsencode(Path(root).resolve())).hexdigest()[:8]


def _check_tag(tag: str) -> None:
    """Refuse (``ValueError``) an owner tag that is not 8 lowercase hex digits (:func:`owner_tag`)."""
    if not _OWNER_TAG.fullmatch(tag):
        raise ValueError(f"an owner tag is 8 lowercase hex digits, not {tag!r}")


@contextmanager
def temps_owned_by(tag: str) -> Iterator[None]:
    """Name the temporary files written in this context (this thread) after the owner ``tag``."""
    _check_tag(tag)
    token = _OWNER.set(tag)
    try:
        yield
    finally:
        _OWNER.reset(token)


def temp_name(target: str, *, owner: str | None, token: str) -> str:
    """The name of a temporary file for ``target``: ``.<target>[.<owner>].<token>.tmp``."""
    return f".{target}.{owner}.{token}.tmp" if owner else f".{target}.{token}.tmp"


def file_digest(path: Path, *, display: str | Path | None = None) -> str:
    """Return the SHA-256 hex digest of the file's content, or ``""`` if it does not exist.

    A file that exists but cannot be read is a one-line error naming
    ``display`` (default: ``path``).
    """
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(_CHUNK), b""):
                digest.update(chunk)
    except FileNotFoundError:
        return ""
    except OSError as exc:
        raise os_error(exc, path=display if display is not None else path, doing="read") from exc
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
    The temporary file never outlives a failure; an operating-system failure
    (a full disk, a read-only folder) is a one-line error naming ``path``.
    """
    path = Path(path)
    try:
        return _atomic_write(path, data, expected_digest)
    except OSError as exc:
        raise os_error(exc, path=path, doing="write") from exc


def _atomic_write(path: Path, data: bytes, expected_digest: str | None) -> str:
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
        except OSError:
            pass  # the error that brought us here is the one to report
        raise
    _fsync_directory(directory)
    return hashlib.sha256(data).hexdigest()


def atomic_write_text(path: Path, text: str, **kw: str | None) -> str:
    """Write ``text`` as UTF-8 through :func:`atomic_write`; newlines are written as they are (LF stays LF)."""
    return atomic_write(path, text.encode("utf-8"), **kw)


def _create_temp(directory: Path, name: str) -> tuple[Path, int]:
    """Create a new, empty temporary file in ``directory``; mode 0666 less the umask."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    owner = _OWNER.get()
    for _ in range(100):
        tmp = directory / temp_name(name, owner=owner, token=secrets.token_hex(4))
        try:
            return tmp, os.open(tmp, flags, 0o666)
        except FileExistsError:
            continue
    raise FileExistsError(f"cannot create a temporary file next to {directory / name}")


def remove_stale_temps(directory: Path, *, owner: str) -> Iterator[Path]:
    """Delete the temporary files that ``owner`` left under ``directory``; yield each one.

    Only a process that was killed mid-write leaves one behind (any other
    failure removes it). Call this only while no writer of ``owner`` can be
    busy (dipl10n holds the project's lock). Temporary files of other owners
    (another project sharing the folder, whose run may be writing them right
    now), and files that only look similar, are left alone. Symbolic links
    to other directories are not followed; a file that cannot be removed (a
    read-only folder) is left where it is.
    """
    _check_tag(owner)
    pattern = re.compile(r"\..+\." + owner + r"\.[0-9a-f]{8}\.tmp")
    if not Path(directory).is_dir():
        return
    for root, _dirs, files in os.walk(directory):
        for name in files:
            if pattern.fullmatch(name):
                path = Path(root) / name
                try:
                    path.unlink()
                except OSError:
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
