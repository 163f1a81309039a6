"""The one exception root of dipl10n and its subclasses.

Every error meant for the user is a :class:`Dipl10nError`. It carries the file
and line it is about (where there is one) and an exit code; the CLI turns it
into one message and that exit code in exactly one place.

Exit codes: 0 success, 1 checks failed, 2 bad input or usage, 3 the project is
busy (locked by another run, or a catalog kept changing under the run), 70 an
internal error (:class:`InternalError`: a bug of dipl10n's, ``EX_SOFTWARE``
of ``sysexits.h``), 141 the output was closed early (a pipe into ``head``:
128 + SIGPIPE, as a shell reports git or grep killed by the signal).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

EXIT_OK = 0
EXIT_CHECKS_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_BUSY = 3
EXIT_INTERNAL = 70  # EX_SOFTWARE
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE


class Dipl10nError(Exception):
    """Root of every error dipl10n reports to its user."""

    exit_code = EXIT_BAD_INPUT

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        cause: BaseException | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.cause = cause

    @property
    def location(self) -> str:
        """``file:line``, ``file`` or an empty string."""
        if self.path is None:
            return ""
        if self.line is None:
            return str(self.path)
        return f"{self.path}:{self.line}"

    def __str__(self) -> str:
        location = self.location
        return f"{location}: {self.message}" if location else self.message


class ConfigError(Dipl10nError):
    """``[tool.dipl10n]`` or a command-line option is wrong."""


class InputError(Dipl10nError):
    """A file the user gave dipl10n cannot be used as it is."""


class SourceError(InputError):
    """A source document is unreadable: wrong encoding, binary, malformed."""


class CatalogError(InputError):
    """A ``.po``/``.pot`` catalog is malformed."""


class GlossaryError(InputError):
    """``glossary.csv`` is malformed."""


class PackageError(InputError):
    """An Argos package is unusable or unsafe."""


class EngineUnavailable(Dipl10nError):
    """No machine-translation engine can be loaded for a language pair."""


class BusyError(Dipl10nError):
    """Another run holds the project, or a catalog kept changing on disk."""

    exit_code = EXIT_BUSY


class ConcurrentEditError(BusyError):
    """A catalog changed on disk while dipl10n was working on it."""


class FileSystemError(Dipl10nError):
    """The operating system refused to read or write a file: permissions, a full disk, a folder in its place, ...

    Made by :func:`os_error` from an :class:`OSError`, at the I/O helpers
    (which know what they were doing and name the file) and, for anything
    they did not wrap, in the CLI.
    """


class TranslationMemoryError(InputError):
    """The translation memory (SQLite) is damaged or failed."""


class FileBusyError(BusyError):
    """Another program holds a file dipl10n needs (a locked translation memory, a file in use)."""


class InternalError(Dipl10nError):
    """An exception no part of dipl10n expected: a bug, reported as one line (the traceback with ``-vv``)."""

    exit_code = EXIT_INTERNAL


#: errno → (what happened, what helps).
_ERRNO_ADVICE: dict[int, tuple[str, str]] = {
    errno.EACCES: ("permission denied", "check the permissions of the file and its folder"),
    errno.EPERM: ("operation not permitted", "check the permissions and attributes of the file and its folder"),
    errno.EROFS: ("the file system is read-only", "make it writable, or work on a copy of the project"),
    errno.ENOSPC: (
        "no space left on the device",
        "free some space and run again; every file is as it was or completely written",
    ),
    errno.EISDIR: ("it is a folder where dipl10n expects a file", "move the folder aside"),
    errno.ENOTDIR: ("a part of the path is a file where dipl10n expects a folder", "move that file aside"),
    errno.EEXIST: ("a file is in the way", "move it aside"),
    errno.ENAMETOOLONG: ("the file name is too long for the file system", "use shorter names"),
    errno.ELOOP: ("too many levels of symbolic links", "check the links on the path"),
    errno.ENOENT: ("no such file or folder", "check the path"),
    errno.EIO: ("input/output error", "the disk or the network share failed: check it and run again"),
    errno.EMFILE: ("too many open files", "close other programs, or raise the limit (ulimit -n), and run again"),
    errno.ENFILE: ("too many open files in the system", "close other programs and run again"),
    errno.ENOLCK: ("no locks available on this file system", "keep the project on a local disk"),
    errno.ENOTEMPTY: ("the folder is not empty", "move it aside"),
}
if hasattr(errno, "EDQUOT"):  # not on Windows
    _ERRNO_ADVICE[errno.EDQUOT] = ("the disk quota is used up", _ERRNO_ADVICE[errno.ENOSPC][1])
_BUSY_ERRNOS = frozenset(getattr(errno, name) for name in ("EBUSY", "ETXTBSY", "EAGAIN") if hasattr(errno, name))


def os_error(
    exc: OSError, *, path: str | Path | None = None, doing: str = "use", what: str = "the file"
) -> Dipl10nError:
    """``exc`` as one line naming the file: ``cannot <doing> <what>: <what happened>; <what helps>``.

    ``path`` defaults to the file the operating system named. A file in use
    by another program (``EBUSY``, a Windows sharing violation) is a
    :class:`FileBusyError` (exit 3); anything else a :class:`FileSystemError` (exit 2).
    """
    if path is None and exc.filename is not None:
        path = os.fsdecode(exc.filename)
    code = exc.errno
    if code in _BUSY_ERRNOS or getattr(exc, "winerror", None) in (32, 33):  # sharing / lock violation
        return FileBusyError(
            f"cannot {doing} {what}: another program is using it ({exc.strerror or exc}); try again when it has finished",
            path=path,
            cause=exc,
        )
    found = _ERRNO_ADVICE.get(code) if code is not None else None
    if found is None:
        reason, advice = (exc.strerror or str(exc)), ""
    else:
        reason, advice = found
    return FileSystemError(
        f"cannot {doing} {what}: {reason}" + (f"; {advice}" if advice else ""), path=path, cause=exc
    )
