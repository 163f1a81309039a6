"""The one exception root of dipl10n and its subclasses.

Every error meant for the user is a :class:`Dipl10nError`. It carries the file
and line it is about (where there is one) and an exit code; the CLI turns it
into one message and that exit code in exactly one place.

Exit codes: 0 success, 1 checks failed, 2 bad input or usage, 3 the project is
busy (locked by another run, or a catalog kept changing under the run).
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_CHECKS_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_BUSY = 3


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
