"""dipl10n's own state folder (``.dipl10n``): its lock, the last run's state and the translation memory.

What these tests prove:

* a ``.dipl10n`` that is a file, a ``lock``, ``state.json`` or memory that is
  a folder, and any of them that is a link leading outside the project, are
  one line naming it, exit status 2, before anything is written (a link
  inside the project is fine);
* a damaged translation memory says what helps (it is a cache: move it
  aside), and the next run rebuilds it from the catalogs; a memory another
  program holds is "busy" (exit status 3, try again), never "delete it";
* a run killed while it writes ``state.json`` leaves a temporary file that
  the next run removes.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dipl10n.mt.memory import Memory
from helpers.projects import DOC, changed, files, ran

EXIT_BAD_INPUT = 2
EXIT_BUSY = 3


@pytest.fixture
def reviewed(reviewed: Path) -> Path:
    """The reviewed project (conftest.py), its source then changed since the last run."""
    with (reviewed / "source" / "nato-yoon-stoltenberg.md").open("a", encoding="utf-8") as source:
        source.write("\nThe talks will continue in the autumn.\n")
    return reviewed


def one_error(result, location: str, fragment: str) -> str:
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "Traceback" not in result.output, result.output
    assert errors[0].startswith(f"error: {location}: "), errors[0]
    assert fragment in errors[0], errors[0]
    return errors[0]


def refused(
    invoke, project: Path, location: str, fragment: str, *, outside: Path | None = None, code: int = EXIT_BAD_INPUT
) -> str:
    """``run`` exits 2 with one line naming ``location``, and writes nothing (in the project, nor ``outside``).

    The translation memory is opened after the templates were brought up to
    date (they are rebuilt from the sources anyway): a memory error may leave
    the changed document's template written, and nothing else.
    """
    before = files(project, skip=())
    elsewhere = files(outside, skip=()) if outside is not None else {}
    result = invoke(project, "run", "--no-mt")
    assert result.exit_code == code, result.output
    line = one_error(result, location, fragment)
    allowed = [f"locales/{DOC}.pot"] if "memory" in location else []
    assert [path for path in changed(before, files(project, skip=())) if path not in allowed] == []
    if outside is not None:
        assert changed(elsewhere, files(outside, skip=())) == []
    return line


# -- a state folder or file that dipl10n cannot use --------------------------------------------


def test_a_file_where_the_state_folder_belongs(reviewed, invoke):
    state = reviewed / ".dipl10n"
    for path in sorted(state.iterdir()):
        path.unlink()
    state.rmdir()
    state.write_text("not a folder\n", encoding="utf-8")
    line = refused(invoke, reviewed, ".dipl10n", "this is a file, but dipl10n keeps its state")
    assert line.endswith("in a folder of this name: move the file aside")


@pytest.mark.parametrize("name", ["lock", "state.json", "memory.sqlite"])
def test_a_folder_where_a_state_file_belongs(reviewed, invoke, name):
    path = reviewed / ".dipl10n" / name
    path.unlink()
    path.mkdir()
    (path / "inside").write_text("x", encoding="utf-8")
    refused(invoke, reviewed, f".dipl10n/{name}", "this is a folder, but dipl10n keeps a file of its own state here")
    assert (path / "inside").read_text(encoding="utf-8") == "x"


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_a_state_folder_linked_outside_the_project_is_refused(reviewed, invoke, tmp_path):
    outside = tmp_path / "outside"
    (reviewed / ".dipl10n").rename(outside)
    (reviewed / ".dipl10n").symlink_to(outside, target_is_directory=True)
    line = refused(invoke, reviewed, ".dipl10n", f"this is a link to {outside.resolve()}, outside the project", outside=outside)
    assert "replace the link with a folder (or a file) of its own" in line


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
@pytest.mark.parametrize("name", ["lock", "state.json", "memory.sqlite"])
def test_a_state_file_linked_outside_the_project_is_refused(reviewed, invoke, tmp_path, name):
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / name
    (reviewed / ".dipl10n" / name).rename(target)
    (reviewed / ".dipl10n" / name).symlink_to(target)
    refused(invoke, reviewed, f".dipl10n/{name}", f"this is a link to {target.resolve()}, outside the project", outside=outside)


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_a_state_folder_linked_inside_the_project_is_fine(reviewed, invoke):
    (reviewed / "cache").mkdir()
    (reviewed / ".dipl10n").rename(reviewed / "cache" / "state")
    (reviewed / ".dipl10n").symlink_to(Path("cache") / "state", target_is_directory=True)
    ran(invoke(reviewed, "run", "--no-mt"))
    assert (reviewed / "cache" / "state" / "state.json").is_file()


@pytest.mark.parametrize(
    "content",
    [b"[" * 200_000, b"\xff\xfe{}", b'{"fingerprint": ', b"[1, 2]", b""],
    ids=["nested-too-deep", "not-utf8", "cut", "not-a-mapping", "empty"],
)
def test_a_damaged_state_costs_one_full_run(reviewed, invoke, content):
    """The state is a shortcut: when it cannot be used, the run does everything and writes a good one."""
    state = reviewed / ".dipl10n" / "state.json"
    state.write_bytes(content)
    result = invoke(reviewed, "run", "--no-mt")
    ran(result)
    assert "nothing changed since the last run" not in result.output
    assert isinstance(json.loads(state.read_text(encoding="utf-8")), dict)
    assert "nothing changed since the last run" in invoke(reviewed, "run", "--no-mt").output


# -- the translation memory ----------------------------------------------------------------------


def reviewed_in_memory(project: Path) -> int:
    with Memory.open(project / ".dipl10n" / "memory.sqlite", timeout=0) as memory:
        return memory.counts()["reviewed"]


@pytest.mark.parametrize("damage", ["garbage", "cut"])
def test_a_damaged_memory_says_to_move_it_aside_and_is_rebuilt(reviewed, invoke, damage):
    memory = reviewed / ".dipl10n" / "memory.sqlite"
    remembered = reviewed_in_memory(reviewed)
    assert remembered > 0
    data = memory.read_bytes()
    memory.write_bytes(os.urandom(4096) if damage == "garbage" else data[:100] + b"\xff" * (len(data) - 100))
    line = refused(invoke, reviewed, ".dipl10n/memory.sqlite", "the translation memory is damaged")
    assert "it is a cache that dipl10n rebuilds from the reviewed translations in the catalogs" in line
    assert line.endswith("move it aside (for example to memory.sqlite.damaged) and run again")
    assert "delete" not in line and "unreadable" not in line
    memory.rename(memory.with_name("memory.sqlite.damaged"))  # what the message says
    ran(invoke(reviewed, "run", "--no-mt"))
    assert reviewed_in_memory(reviewed) == remembered


HOLDER = textwrap.dedent(
    """
    import sqlite3, sys
    connection = sqlite3.connect(sys.argv[1], isolation_level=None)
    connection.execute("BEGIN EXCLUSIVE")   # as the sqlite3 shell or a database browser in a write transaction
    print("held", flush=True)
    sys.stdin.read()
    connection.execute("ROLLBACK")
    """
)


def test_a_memory_another_program_holds_is_busy_not_unreadable(reviewed, invoke, monkeypatch):
    memory = reviewed / ".dipl10n" / "memory.sqlite"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(memory)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline() == "held\n"
        monkeypatch.setenv("DIPL10N_LOCK_TIMEOUT", "0.2")
        line = refused(
            invoke,
            reviewed,
            ".dipl10n/memory.sqlite",
            "another dipl10n (or a tool such as sqlite3) holds the translation memory",
            code=EXIT_BUSY,
        )
        assert "waited 0.2 s, set DIPL10N_LOCK_TIMEOUT to wait longer" in line
        assert line.endswith("try again when it has finished")
        assert "delete" not in line and "unreadable" not in line and "damaged" not in line
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    ran(invoke(reviewed, "run", "--no-mt"))  # held no longer: the run goes through


def test_memory_errors_are_classified():
    from dipl10n.errors import FileBusyError, FileSystemError, TranslationMemoryError
    from dipl10n.mt.memory import memory_error

    path = Path("memory.sqlite")
    assert isinstance(memory_error(sqlite3.OperationalError("database is locked"), path), FileBusyError)
    assert isinstance(memory_error(sqlite3.DatabaseError("file is not a database"), path), TranslationMemoryError)
    assert isinstance(memory_error(sqlite3.DatabaseError("database disk image is malformed"), path), TranslationMemoryError)
    assert isinstance(memory_error(sqlite3.OperationalError("database or disk is full"), path), FileSystemError)
    assert isinstance(memory_error(sqlite3.OperationalError("attempt to write a readonly database"), path), FileSystemError)


# -- a run killed while it writes its state ------------------------------------------------------

KILLED_WRITING_STATE = textwrap.dedent(
    """
    import os, signal, sys
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        if os.fspath(dst).endswith("state.json"):
            os.kill(os.getpid(), signal.SIGKILL)   # killed with the state's temporary file written
        return real_replace(src, dst, *args, **kwargs)

    os.replace = replace
    from dipl10n.cli.app import main
    sys.argv = ["dipl10n", *sys.argv[1:]]
    main()
    """
)


def state_temps(project: Path) -> list[str]:
    return sorted(p.name for p in (project / ".dipl10n").iterdir() if p.name.startswith(".state.json.") and p.name.endswith(".tmp"))


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_run_killed_while_writing_its_state_leaves_a_temporary_file_the_next_run_removes(reviewed, invoke):
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_WRITING_STATE, "run", "--no-mt", "--project", str(reviewed)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert len(state_temps(reviewed)) == 1
    ran(invoke(reviewed, "run", "--no-mt"))
    assert state_temps(reviewed) == []
