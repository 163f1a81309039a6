"""Operating-system failures through the CLI: one line naming the file, exit status 2 (3 for busy), never a traceback.

A file dipl10n cannot read (no permission), a folder it cannot write in
(read-only), a full disk, a source name too long to name its catalog and
pages, an error no helper wrapped: each is ``error: FILE: what happened;
what helps``. Exit status 1 means "checks failed" and is never used for
them. The suite may run as root, where ``chmod`` denies nothing, so the
failures are also made by refusing ``open`` in-process (the ``chmod``
variants run where they mean something).
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

import pytest

from dipl10n.errors import FileBusyError, FileSystemError, os_error
from dipl10n.fs import atomic
from dipl10n.po import read_po
from helpers.projects import DOC, REVIEWED, changed, files, po_path, ran, review

EXIT_BAD_INPUT = 2
EXIT_BUSY = 3


def _chmod_denies() -> bool:
    """Whether a file's mode stops this process (not for root, nor on Windows): the chmod variants need it."""
    if sys.platform == "win32":
        return False
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / "probe"
        probe.write_bytes(b"x")
        probe.chmod(0)
        try:
            probe.read_bytes()
        except PermissionError:
            return True
        finally:
            probe.chmod(0o600)
    return False


CHMOD_DENIES = _chmod_denies()


@pytest.fixture
def reviewed(project: Path, invoke) -> Path:
    """The project after a run, with two reviewed translations, after a second run; its source then changed."""
    ran(invoke(project, "run", "--no-mt"))
    review(po_path(project), REVIEWED)
    ran(invoke(project, "run", "--no-mt"))
    with (project / "source" / f"{DOC}.md").open("a", encoding="utf-8") as source:
        source.write("\nThe talks will continue in the autumn.\n")
    return project


def one_error(result, location: str, *fragments: str) -> str:
    """Exactly one ``error: LOCATION: ...`` line holding every fragment, and no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "Traceback" not in result.output, result.output
    assert errors[0].startswith(f"error: {location}: "), errors[0]
    for fragment in fragments:
        assert fragment in errors[0], errors[0]
    return errors[0]


def line_path(result) -> str:
    """The file the error line names."""
    return next(line for line in result.output.splitlines() if line.startswith("error: "))[len("error: ") :].split(": ")[0]


def no_temps(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob(".*.tmp"))


class Faults:
    """Make the operating system refuse, in this process, what a permission, a read-only folder or a full disk refuses."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.unreadable: set[Path] = set()
        self.readonly: dict[Path, int] = {}
        self.full: set[Path] = set()
        self._temps: dict[int, Path] = {}
        real_io_open, real_os_open, real_mkdir, real_fsync = io.open, os.open, os.mkdir, os.fsync
        real_create_temp = atomic._create_temp

        def refuse(file: object, creating: bool) -> None:
            if isinstance(file, int):
                return
            path = Path(os.fsdecode(file)).absolute()  # type: ignore[arg-type]
            if path in self.unreadable:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
            for folder, code in self.readonly.items():
                if creating and folder in path.parents and not path.exists():
                    raise OSError(code, os.strerror(code), str(path))

        def io_open(file, mode="r", *args, **kwargs):
            refuse(file, any(flag in mode for flag in "wax+"))
            return real_io_open(file, mode, *args, **kwargs)

        def os_open(path, flags, *args, **kwargs):
            refuse(path, bool(flags & os.O_CREAT))
            return real_os_open(path, flags, *args, **kwargs)

        def mkdir(path, *args, **kwargs):
            refuse(path, True)
            return real_mkdir(path, *args, **kwargs)

        def create_temp(directory, name):
            tmp, fd = real_create_temp(directory, name)
            self._temps[fd] = Path(tmp).absolute()
            return tmp, fd

        def fsync(fd):
            tmp = self._temps.get(fd)
            if tmp is not None and any(folder in tmp.parents for folder in self.full):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real_fsync(fd)

        monkeypatch.setattr(io, "open", io_open)
        monkeypatch.setattr(builtins, "open", io_open)
        monkeypatch.setattr(os, "open", os_open)
        monkeypatch.setattr(os, "mkdir", mkdir)
        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(atomic, "_create_temp", create_temp)


@pytest.fixture
def faults(monkeypatch) -> Faults:
    return Faults(monkeypatch)


# -- files dipl10n cannot read -------------------------------------------------------------------

UNREADABLE = {
    "catalog": (f"locales/ko/LC_MESSAGES/{DOC}.po", ("run", "update", "build", "check", "stats")),
    "source": (f"source/{DOC}.md", ("run", "extract", "build")),
    "glossary": ("glossary.csv", ("run", "check", "build", "glossary")),
}


@pytest.mark.parametrize(
    "what, command",
    [(what, command) for what, (_, commands) in UNREADABLE.items() for command in commands],
)
def test_an_unreadable_file_is_one_line_naming_it(reviewed, invoke, faults, what, command):
    relative, _ = UNREADABLE[what]
    before = files(reviewed)
    faults.unreadable.add((reviewed / relative).absolute())
    args = {"run": ("run", "--no-mt"), "glossary": ("glossary", "check")}.get(command, (command,))
    result = invoke(reviewed, *args)
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    line = one_error(result, relative)
    assert "ermission denied" in line, line
    faults.unreadable.clear()
    assert changed(before, files(reviewed)) == []


def test_an_unreadable_pyproject_toml_is_one_line_naming_it(reviewed, invoke, faults):
    faults.unreadable.add((reviewed / "pyproject.toml").absolute())
    result = invoke(reviewed, "run", "--no-mt")
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    one_error(result, str(reviewed / "pyproject.toml"), "ermission denied")


@pytest.mark.skipif(not CHMOD_DENIES, reason="file modes deny nothing here (root, or Windows)")
@pytest.mark.parametrize("relative", [f"locales/ko/LC_MESSAGES/{DOC}.po", f"source/{DOC}.md", "glossary.csv"])
def test_a_file_without_read_permission_is_one_line_naming_it(reviewed, invoke, relative):
    path = reviewed / relative
    path.chmod(0)
    try:
        result = invoke(reviewed, "run", "--no-mt")
    finally:
        path.chmod(0o644)
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    one_error(result, relative, "ermission denied")


# -- folders dipl10n cannot write in, a full disk ------------------------------------------------

FOLDERS = {"locales": "locales", "build": "build/ko", "state": ".dipl10n"}


@pytest.mark.parametrize("fault", ["read-only", "permission", "disk-full"])
@pytest.mark.parametrize("where", list(FOLDERS))
def test_a_folder_dipl10n_cannot_write_in_is_one_line(reviewed, invoke, faults, where, fault):
    folder = (reviewed / FOLDERS[where]).absolute()
    if fault == "disk-full":
        faults.full.add(folder)
    else:
        faults.readonly[folder] = errno.EROFS if fault == "read-only" else errno.EACCES
    result = invoke(reviewed, "run", "--no-mt")
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    what = {
        "read-only": "the file system is read-only; make it writable, or work on a copy of the project",
        "permission": "permission denied; check the permissions of the file and its folder",
        "disk-full": "no space left on the device; free some space and run again",
    }[fault]
    line = one_error(result, line_path(result), "cannot write the file: " + what)
    # The file it could not write, in that folder: never dipl10n's temporary file.
    named = Path(line_path(result))
    assert (reviewed / FOLDERS[where]) in (reviewed / named).parents and not named.name.endswith(".tmp"), line
    # Every file is as it was or completely written, and nothing is left behind.
    assert no_temps(reviewed) == []
    for catalog in (reviewed / "locales").rglob("*.po*"):
        read_po(catalog)


@pytest.mark.skipif(not CHMOD_DENIES, reason="file modes deny nothing here (root, or Windows)")
@pytest.mark.parametrize("folder", ["locales", "build/ko"])
def test_a_read_only_folder_is_one_line(reviewed, invoke, folder):
    path = reviewed / folder
    path.chmod(0o555)
    try:
        result = invoke(reviewed, "run", "--no-mt")
    finally:
        path.chmod(0o755)
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    one_error(result, line_path(result), "cannot write the file: permission denied")
    assert path in (reviewed / line_path(result)).parents


# -- names too long to name a catalog and its pages ------------------------------------------------


def source_named(project: Path, stem: str) -> Path:
    (project / "source" / f"{DOC}.md").rename(project / "source" / f"{stem}.md")
    return project / "source" / f"{stem}.md"


@pytest.mark.parametrize("stem", ["a" * 221, "b" * 242, "c" * 252, "가" * 74], ids=["221", "242", "255-byte-file", "hangul-222"])
def test_a_source_name_too_long_to_name_its_pages_is_refused(project, invoke, stem):
    source_named(project, stem)
    before = files(project)
    result = invoke(project, "run", "--no-mt")
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    size = len(stem.encode())
    one_error(
        result,
        f"source/{stem}.md",
        "the file name is too long: dipl10n names the document's catalog and pages after it",
        f"may have at most 220 bytes, not {size}; rename the file",
    )
    assert changed(before, files(project)) == []


@pytest.mark.parametrize("stem", ["a" * 220, "가" * 73], ids=["220", "hangul-219"])
def test_a_source_name_just_short_enough_is_built(project, invoke, stem):
    source_named(project, stem)
    ran(invoke(project, "run", "--no-mt"))
    for path in (f"locales/{stem}.pot", f"locales/ko/LC_MESSAGES/{stem}.po", f"build/ko/{stem}.review.html"):
        assert (project / path).is_file(), path


# -- the shared mechanism: anything no helper wrapped ----------------------------------------------


@pytest.mark.parametrize(
    "raised, code, expected",
    [
        (PermissionError(errno.EACCES, "Permission denied", "/somewhere/file.po"), EXIT_BAD_INPUT,
         "error: /somewhere/file.po: cannot use the file: permission denied"),
        (OSError(errno.EIO, "Input/output error", "/mnt/share/x.po"), EXIT_BAD_INPUT,
         "error: /mnt/share/x.po: cannot use the file: input/output error; the disk or the network share failed"),
        (OSError(errno.EBUSY, "Device or resource busy", "/mnt/x.po"), EXIT_BUSY,
         "error: /mnt/x.po: cannot use the file: another program is using it"),
        (sqlite3.OperationalError("database is locked"), EXIT_BUSY,
         "error: another dipl10n (or a tool such as sqlite3) holds the translation memory"),
        (sqlite3.DatabaseError("database disk image is malformed"), EXIT_BAD_INPUT,
         "error: the translation memory is damaged"),
    ],
    ids=["permission", "io-error", "busy", "sqlite-locked", "sqlite-damaged"],
)
def test_an_error_no_helper_wrapped_is_still_one_line(project, invoke, monkeypatch, raised, code, expected):
    def failing(*args, **kwargs):
        raise raised

    monkeypatch.setattr("dipl10n.run.pipeline.run_project", failing)
    result = invoke(project, "run", "--no-mt")
    assert result.exit_code == code, result.output
    assert result.output.startswith(expected) and result.output.count("\n") == 1, result.output


def test_a_file_error_inside_the_project_is_shown_relative_to_it(project, invoke, monkeypatch):
    def failing(*args, **kwargs):
        raise os_error(OSError(errno.ENOSPC, "No space left on device"), path=project / "build" / "ko" / "x.html", doing="write")

    monkeypatch.setattr("dipl10n.run.pipeline.run_project", failing)
    result = invoke(project, "run", "--no-mt")
    assert result.output.startswith("error: build/ko/x.html: cannot write the file: no space left on the device"), result.output


def test_os_error_names_the_file_and_what_helps():
    error = os_error(IsADirectoryError(errno.EISDIR, "Is a directory", "a/state.json"), doing="write")
    assert isinstance(error, FileSystemError) and error.exit_code == EXIT_BAD_INPUT
    assert str(error) == "a/state.json: cannot write the file: it is a folder where dipl10n expects a file; move the folder aside"
    busy = os_error(OSError(errno.EBUSY, "busy", "x"))
    assert isinstance(busy, FileBusyError) and busy.exit_code == EXIT_BUSY
    assert str(os_error(OSError(9999, "odd"), path="x")) == "x: cannot use the file: odd"


def test_a_language_written_with_a_hyphen_is_a_locale(project, invoke):
    """``--lang ko-KR`` (a traceback before) is ``ko_KR``: its catalog folder, exit status 0."""
    ran(invoke(project, "run", "--no-mt", "--lang", "ko-KR"))
    assert (project / "locales" / "ko_KR" / "LC_MESSAGES" / f"{DOC}.po").is_file()


# -- a catalog an editor rewrites in place while dipl10n reads it ---------------------------------


@pytest.mark.parametrize("command", ["check", "stats", "build"])
def test_a_catalog_changing_while_read_is_busy_not_broken(reviewed, invoke, monkeypatch, command):
    """The first read finds half a file (the editor truncated it and is writing); the second, the saved file."""
    path = po_path(reviewed)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2 + 7])  # mid-line, mid-entry: does not parse
    pauses = []

    def editor_finishes_during_the_pause(seconds):
        pauses.append(seconds)
        path.write_bytes(whole)

    monkeypatch.setattr("dipl10n.project.session.time.sleep", editor_finishes_during_the_pause)
    result = invoke(reviewed, command)
    assert result.exit_code == EXIT_BUSY, result.output
    line = one_error(result, f"locales/ko/LC_MESSAGES/{DOC}.po", "the catalog changed while dipl10n read it (an editor saving it?)")
    assert line.endswith("run dipl10n again") and "backup" not in line and "delete" not in line
    assert len(pauses) == 1 and 0 < pauses[0] <= 1
    ran(invoke(reviewed, command))  # and running again works


def test_a_catalog_that_stays_broken_is_still_refused_with_its_line(reviewed, invoke, monkeypatch):
    path = po_path(reviewed)
    path.write_bytes(path.read_bytes().replace(b'msgid "Diplomacy"', b"msgid Diplomacy", 1))
    monkeypatch.setattr("dipl10n.project.session.time.sleep", lambda seconds: None)
    result = invoke(reviewed, "check")
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    line = one_error(result, line_path(result))
    assert line.startswith(f"error: locales/ko/LC_MESSAGES/{DOC}.po:")
    assert "changed while dipl10n read it" not in line
