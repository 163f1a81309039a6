"""Interruptions and concurrency: killed runs, two runs at once, a reviewer saving during a run.

These tests start dipl10n as a real process (``python -m dipl10n``) and
SIGKILL it, hold its lock from another process, and save catalogs from
another process while it works. What they prove:

* a run killed at any moment leaves every catalog, template and page either
  as it was or completely written (never truncated), and the next run
  completes and removes the temporary files the killed one left;
* a second run waits for the first (``DIPL10N_LOCK_TIMEOUT``) or gives up
  with exit status 3 naming the lock; a lock file left by a killed run
  blocks nothing;
* a reviewer's save during a run is never overwritten.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from dipl10n.fs.atomic import owner_tag
from dipl10n.po import generate_po, read_po
from helpers.projects import by_msgid, changed, files, finished, po_path, ran, review

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and POSIX process control")

CLI = [sys.executable, "-m", "dipl10n"]
DOCS = 8  # documents of the big project, in two languages: a run takes a second or two
EXIT_BUSY = 3
WORDS = (
    "the minister said that cooperation between Korea and NATO would deepen in defence cyber space "
    "and AI while officials from Seoul Brussels and Washington met on Tuesday"
).split()


def env(**extra: str) -> dict[str, str]:
    environment = dict(os.environ)
    environment.setdefault("DIPL10N_LOCK_TIMEOUT", "60")
    environment.update(extra)
    return environment


def dipl10n(root: Path, *args: str, timeout: float = 120, **extra: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a new process, to completion."""
    return subprocess.run(
        [*CLI, *args, "--project", str(root)], capture_output=True, text=True, env=env(**extra), timeout=timeout
    )


def start(root: Path, *args: str, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*CLI, *args, "--project", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(**extra),
    )


def completed(process: subprocess.CompletedProcess[str]) -> None:
    assert finished(process.returncode, process.stdout + process.stderr), process.stdout + process.stderr


# -- a project big enough for a run to take a second or two --------------------------------


def write_project(root: Path, *, docs: int, paragraphs: int, languages: tuple[str, ...] = ("ko", "ja")) -> None:
    (root / "source").mkdir(parents=True)
    shutil.copy(Path(__file__).resolve().parents[2] / "glossary.csv", root / "glossary.csv")
    langs = ", ".join(f'"{lang}"' for lang in languages)
    (root / "pyproject.toml").write_text(f'[tool.dipl10n]\nproject = "Reliability"\nlanguages = [{langs}]\n',
                                         encoding="utf-8")
    for number in range(docs):
        write_doc(root, number, paragraphs)


def write_doc(root: Path, number: int, paragraphs: int, *, revision: int = 0) -> None:
    rnd = random.Random(number)
    body = []
    for p in range(paragraphs):
        sentences = []
        for s in range(rnd.randint(1, 3)):
            words = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(6, 18)))
            # Revision 1 changes one sentence in three and drops the last paragraph.
            label = "Revised report" if revision and (p + s) % 3 == 0 else "Report"
            sentences.append(f"{label} {number}-{p}-{s}: {words}.")
        body.append(" ".join(sentences))
    if revision:
        body = body[:-1]
    text = f"---\nheadline: Headline number {number}\ndate: 2024-07-11\n---\n\n" + "\n\n".join(body) + "\n"
    (root / "source" / f"doc{number:02d}.md").write_text(text, encoding="utf-8")


def meaning(path: Path) -> tuple:
    """What a catalog says, without the dates in its header (they follow the clock)."""
    catalog = read_po(path)

    def entry(e):
        return (e.msgid, e.msgstr, e.msgctxt, tuple(sorted(e.flags)), tuple(e.occurrences), e.comment,
                e.tcomment, e.previous_msgid)

    header = tuple((name, value) for name, value in catalog.metadata.items() if not name.endswith("-Date"))
    return (
        header,
        tuple(entry(e) for e in catalog if e.msgid and not e.obsolete),
        tuple(entry(e) for e in catalog if e.obsolete),
    )



def outputs(root: Path) -> dict[str, object]:
    """Every catalog and template by what it says, every page by its bytes; temporary files left out."""
    result: dict[str, object] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if not path.is_file() or relative.startswith((".dipl10n/", "source/")) or is_temp(path):
            continue
        result[relative] = meaning(path) if path.suffix in (".po", ".pot") else path.read_bytes()
    return result


def is_temp(path: Path) -> bool:
    return path.name.startswith(".") and path.name.endswith(".tmp")


def temps(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and is_temp(p))


@pytest.fixture(scope="module")
def edited(tmp_path_factory) -> dict[str, object]:
    """A run project with reviewed translations, then edited sources; and what a complete run makes of it.

    ``old``: the edited project's files before any run (bytes), ``new``: what a
    complete ``run`` writes (catalogs by meaning, pages by bytes), ``built``:
    the pages a complete ``build`` (without ``run``) writes.
    """
    base = tmp_path_factory.mktemp("killed")
    pristine = base / "pristine"
    write_project(pristine, docs=DOCS, paragraphs=15)
    completed(dipl10n(pristine, "run", "--no-mt"))
    # Reviewers translated a few sentences of every Korean catalog.
    for number in range(DOCS):
        path = po_path(pristine, f"doc{number:02d}")
        ids = [e.msgid for e in read_po(path) if e.msgid and not e.obsolete][:4]
        review(path, {msgid: f"검토한 번역 {number}-{i}" for i, msgid in enumerate(ids)})
    completed(dipl10n(pristine, "run", "--no-mt"))
    # Then the sources changed: edited sentences, a dropped paragraph, a new article.
    for number in range(DOCS):
        write_doc(pristine, number, 15, revision=1)
    write_doc(pristine, DOCS, 15)
    reference = base / "reference"
    shutil.copytree(pristine, reference)
    completed(dipl10n(reference, "run", "--no-mt"))
    built = base / "built"
    shutil.copytree(pristine, built)
    completed(dipl10n(built, "build", "--mo"))
    new = outputs(reference)
    # The reviewed translations survive a complete run.
    for number in range(DOCS):
        catalog = read_po(po_path(reference, f"doc{number:02d}"))
        kept = {e.msgstr for e in catalog if not e.obsolete and e.msgstr.startswith("검토한 번역")}
        assert len(kept) >= 3, number
    return {
        "pristine": pristine,
        "old": files(pristine),
        "new": new,
        "built": {p: v for p, v in outputs(built).items() if p.startswith("build/")},
        "base": base,
    }


def test_a_complete_run_leaves_nothing_for_the_next_in_any_language(edited):
    """The premise of the kill test: one uninterrupted run does all the work, in every language."""
    work = edited["base"] / "again"
    shutil.copytree(edited["base"] / "reference", work)
    (work / ".dipl10n" / "state.json").unlink(missing_ok=True)  # no shortcut: do the whole run again
    before = outputs_bytes(work)
    completed(dipl10n(work, "run", "--no-mt"))
    assert changed(before, outputs_bytes(work)) == []
    # Nothing of the Korean work leaked into the Japanese catalogs (the glossary has no ja column).
    for path in sorted((work / "locales" / "ja" / "LC_MESSAGES").glob("*.po")):
        assert [e.msgstr for e in read_po(path) if e.msgid and e.msgstr and not e.obsolete] == [], path.name


def check_state(root: Path, old: dict[str, bytes], valid: list[dict[str, object]]) -> None:
    """Every catalog, template and page is as it was or one of the complete versions in ``valid``."""
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if not path.is_file() or relative.startswith((".dipl10n/", "source/")) or is_temp(path):
            continue
        data = path.read_bytes()
        if old.get(relative) == data:
            continue
        # Not the old file: it must be complete. read_po refuses a truncated catalog, and a
        # catalog cut at an entry boundary differs from every complete version.
        value = meaning(path) if path.suffix in (".po", ".pot") else data
        assert any(version.get(relative) == value for version in valid), f"{relative} is neither old nor new"
    # No file of the old project went missing.
    for relative in old:
        if not relative.startswith((".dipl10n/", "source/")):
            assert (root / relative).exists(), f"{relative} disappeared"


@pytest.mark.slow
def test_killed_runs_leave_old_or_complete_files_and_the_next_run_completes(edited):
    """25 runs and builds SIGKILLed at random moments (seeded), in pairs, each pair followed by a complete run.

    The first run of a pair starts on the edited project, the second on what
    the first left; after each kill every file is old or complete, and the run
    after the pair completes and leaves exactly what an uninterrupted run would.
    """
    rnd = random.Random(20240712)
    pristine, old = edited["pristine"], edited["old"]
    work = edited["base"] / "work"
    # How long a complete run of the edited project takes here, to spread the kills over it.
    probe = edited["base"] / "probe"
    shutil.copytree(pristine, probe)
    began = time.monotonic()
    completed(dipl10n(probe, "run", "--no-mt"))
    duration = time.monotonic() - began
    changes: list[int] = []
    left_behind: set[str] = set()
    kills = 0
    for pair in range(13):
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(pristine, work)
        command = ("build", "--mo") if pair in (5, 9) else ("run", "--no-mt")
        valid = [edited["built"]] if command[0] == "build" else [edited["new"]]
        for _ in range(2 if kills < 24 else 1):
            process = start(work, *command)
            time.sleep(rnd.uniform(0.05, duration))
            process.send_signal(signal.SIGKILL)
            process.communicate(timeout=30)
            kills += 1
            check_state(work, old, valid)
            left_behind.update(temps(work))
            changes.append(len(changed(old, files(work))))
        # The next run completes, removes what the killed ones left, and makes what an uninterrupted run makes.
        completed(dipl10n(work, *command))
        assert temps(work) == []
        if command[0] == "run":
            assert outputs(work) == edited["new"]
        else:
            assert {p: v for p, v in outputs(work).items() if p.startswith("build/")} == edited["built"]
    assert kills == 25
    # The kills did land in the middle of the work: some left a mix of old and new files.
    total = len(changed(old, outputs_bytes(edited["base"] / "reference")))
    assert any(0 < n < total for n in changes), (changes, total)
    print(f"files changed after each kill (of {total}):", changes, "temporary files left:", sorted(left_behind))


def outputs_bytes(root: Path) -> dict[str, bytes]:
    return {p: v for p, v in files(root).items() if not p.startswith((".dipl10n/", "source/"))}


def test_temporary_files_of_a_killed_run_are_removed_and_others_kept(project, invoke):
    ran(invoke(project, "run", "--no-mt"))
    catalog_dir = project / "locales" / "ko" / "LC_MESSAGES"
    tag = owner_tag(project)  # a run names its temporary files after its project
    stale = [
        catalog_dir / f".nato-yoon-stoltenberg.po.{tag}.0badc0de.tmp",
        project / "locales" / f".nato-yoon-stoltenberg.pot.{tag}.12345678.tmp",
        project / "build" / "ko" / f".nato-yoon-stoltenberg.html.{tag}.deadbeef.tmp",
        project / ".dipl10n" / f".state.json.{tag}.5ca1ab1e.tmp",
    ]
    for path in stale:
        path.write_bytes(b'msgid "half a catal')
    # Files that only look similar belong to someone else.
    others = [
        catalog_dir / "nato-yoon-stoltenberg.po~",
        catalog_dir / ".nato-yoon-stoltenberg.po.swp",
        catalog_dir / "notes.tmp",
        catalog_dir / ".poedit.XYZ12345.tmp",
        project / "source" / f".draft.md.{tag}.0badc0de.tmp",
        # another project's (sharing the folder: its run may be writing it right now), or an unowned one
        catalog_dir / ".nato-yoon-stoltenberg.po.feedbeef.0badc0de.tmp",
        catalog_dir / ".nato-yoon-stoltenberg.po.0badc0de.tmp",
    ]
    for path in others:
        path.write_bytes(b"keep me")
    ran(invoke(project, "run", "--no-mt"))
    assert [p for p in stale if p.exists()] == []
    assert all(p.read_bytes() == b"keep me" for p in others)
    read_po(po_path(project))


# -- two projects sharing one locales_dir ------------------------------------------------------

PAUSED_IN_A_WRITE = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    shared, flag = sys.argv[1], Path(sys.argv[2])
    real_fsync = os.fsync

    def fsync(fd):
        real_fsync(fd)
        try:
            name = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            return
        if name.startswith(shared) and name.endswith(".tmp") and not flag.exists():
            flag.write_text(name)    # paused with a temporary file written, before its rename
            while not Path(str(flag) + ".go").exists():
                time.sleep(0.01)

    os.fsync = fsync
    from dipl10n.cli.app import main
    sys.argv = ["dipl10n", *sys.argv[3:]]
    main()
    """
)


def sharing_project(root: Path, name: str, text: str) -> Path:
    (root / "source").mkdir(parents=True)
    (root / "source" / f"{name}.md").write_text(text, encoding="utf-8")
    (root / "pyproject.toml").write_text(
        '[tool.dipl10n]\nlanguages = ["ko"]\nglossary = false\nlocales_dir = "../shared"\n', encoding="utf-8"
    )
    return root


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="finds the written file through /proc")
def test_a_project_sharing_the_locales_dir_leaves_the_others_temporary_files_alone(tmp_path):
    """Project B's run (its clean-up included) while A is paused between writing a temporary file and its rename."""
    shared = tmp_path / "shared"
    shared.mkdir()
    first = sharing_project(tmp_path / "a", "alpha", "# Alpha\n\nThe first article.\n")
    second = sharing_project(tmp_path / "b", "beta", "# Beta\n\nThe second article.\n")
    flag = tmp_path / "paused"
    paused = subprocess.Popen(
        [sys.executable, "-c", PAUSED_IN_A_WRITE, str(shared.resolve()), str(flag), "run", "--no-mt", "--project", str(first)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
    )
    try:
        deadline = time.monotonic() + 60
        while not flag.exists() and paused.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        in_flight = Path(flag.read_text())
        assert in_flight.exists()
        completed(dipl10n(second, "run", "--no-mt"))
        assert in_flight.exists()  # B's clean-up left A's temporary file alone
    finally:
        Path(str(flag) + ".go").touch()
        out, err = paused.communicate(timeout=120)
    completed(subprocess.CompletedProcess(paused.args, paused.returncode, out, err))
    for project, name in ((first, "alpha"), (second, "beta")):
        read_po(shared / "ko" / "LC_MESSAGES" / f"{name}.po")
        assert (project / "build" / "ko" / f"{name}.html").is_file()
    assert temps(shared) == []


def test_a_run_removes_its_own_temporary_files_from_a_shared_locales_dir_and_no_others(tmp_path, invoke):
    shared = tmp_path / "shared"
    (shared / "ko" / "LC_MESSAGES").mkdir(parents=True)
    first = sharing_project(tmp_path / "a", "alpha", "# Alpha\n\nThe first article.\n")
    second = sharing_project(tmp_path / "b", "beta", "# Beta\n\nThe second article.\n")
    folder = shared / "ko" / "LC_MESSAGES"
    theirs = folder / f".alpha.po.{owner_tag(first)}.0badc0de.tmp"  # left by A, killed (or writing right now)
    mine = folder / f".beta.po.{owner_tag(second)}.0badc0de.tmp"
    for path in (theirs, mine):
        path.write_bytes(b'msgid "half')
    ran(invoke(second, "run", "--no-mt"))
    assert theirs.exists() and not mine.exists()
    ran(invoke(first, "run", "--no-mt"))  # the next run of A removes what A left
    assert not theirs.exists()


# -- the project lock ------------------------------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys
    from filelock import FileLock
    lock = FileLock(sys.argv[1])
    lock.acquire()
    print("locked", flush=True)
    sys.stdin.read()   # hold the lock until the test closes stdin (or kills this process)
    lock.release()
    """
)


def hold_lock(root: Path) -> subprocess.Popen[str]:
    """Another process holding the project's lock, as a running dipl10n would."""
    lock = root / ".dipl10n" / "lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline() == "locked\n"
    return holder


def release(holder: subprocess.Popen[str]) -> None:
    holder.stdin.close()
    holder.wait(timeout=30)


@pytest.mark.slow
def test_second_run_gives_up_after_the_lock_timeout_with_exit_3(project, invoke, monkeypatch):
    ran(invoke(project, "run", "--no-mt"))
    review(po_path(project), {"Diplomacy": "외교"})
    before = files(project)
    holder = hold_lock(project)
    try:
        monkeypatch.setenv("DIPL10N_LOCK_TIMEOUT", "0.3")
        for command in (("run", "--no-mt"), ("update",), ("build",), ("extract",), ("draft", "--offline")):
            result = invoke(project, *command)
            assert result.exit_code == EXIT_BUSY, result.output
            assert result.output == (
                "error: .dipl10n/lock: another dipl10n run holds the project lock (waited 0.3 s; "
                "set DIPL10N_LOCK_TIMEOUT to wait longer); try again when it has finished\n"
            )
        # Commands that only read do not need the lock.
        assert invoke(project, "stats").exit_code == 0
        assert invoke(project, "check").exit_code == 0
    finally:
        release(holder)
    assert changed(before, files(project)) == []
    ran(invoke(project, "run", "--no-mt"))


@pytest.mark.slow
def test_second_run_waits_for_the_first_then_succeeds(project):
    holder = hold_lock(project)
    try:
        waiting = start(project, "run", "--no-mt", DIPL10N_LOCK_TIMEOUT="60")
        # Give it time to start and reach the lock: while the lock is held it writes nothing.
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and waiting.poll() is None:
            time.sleep(0.1)
        assert waiting.poll() is None, waiting.communicate()
        assert not (project / "locales").exists()
    finally:
        release(holder)
    out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, out + err
    assert by_msgid(read_po(po_path(project)))["Diplomacy"].msgstr == "외교"


def test_two_runs_started_together_both_finish_and_agree(edited):
    work = edited["base"] / "together"
    shutil.copytree(edited["pristine"], work)
    first = start(work, "run", "--no-mt")
    second = start(work, "run", "--no-mt")
    results = [first.communicate(timeout=120), second.communicate(timeout=120)]
    assert all(finished(p.returncode, out + err) for p, (out, err) in zip((first, second), results, strict=True)), results
    assert outputs(work) == edited["new"]
    assert temps(work) == []


def test_lock_file_left_by_a_killed_run_blocks_nothing(project, invoke, monkeypatch):
    holder = hold_lock(project)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    lock = project / ".dipl10n" / "lock"
    assert lock.exists()  # the file stays; the OS lock died with the process
    monkeypatch.setenv("DIPL10N_LOCK_TIMEOUT", "0")
    ran(invoke(project, "run", "--no-mt"))
    # A lock file with anything in it (a PID, junk) is just as harmless.
    lock.write_text("12345\nstale\n", encoding="utf-8")
    ran(invoke(project, "run", "--no-mt"))


def test_killed_run_holding_the_lock_does_not_block_the_next(edited):
    work = edited["base"] / "killed-holder"
    shutil.copytree(edited["pristine"], work)
    process = start(work, "run", "--no-mt")
    # Wait until it holds the lock (it has written something), then kill it.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not changed(edited["old"], files(work)) and process.poll() is None:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    completed(dipl10n(work, "run", "--no-mt", DIPL10N_LOCK_TIMEOUT="0"))
    assert outputs(work) == edited["new"]


# -- a reviewer saving while runs work --------------------------------------------------------

REVIEWER = textwrap.dedent(
    """
    import os, random, sys, time
    path, template, count, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    text = open(template, encoding="utf-8").read()
    rnd = random.Random(seed)
    print("ready", flush=True)
    for i in range(count):
        # Save like Poedit does: write a temporary file, then rename it over the catalog.
        tmp = f"{path}.poedit-{i}"
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text.replace("@@VERSION@@", str(i)))
        os.replace(tmp, path)
        time.sleep(rnd.uniform(0.0, 0.04))
    print("done", flush=True)
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_reviewer_saving_repeatedly_during_runs_loses_nothing(project, invoke, tmp_path, seed):
    """A second process saves the catalog 60 times while runs merge it; the last save survives."""
    ran(invoke(project, "run", "--no-mt"))
    path = po_path(project)
    catalog = read_po(path)
    entries = by_msgid(catalog)
    entries["By Diplomacy Journal Lee Jon-young"].msgstr = "Diplomacy Journal 이존영 기자 (@@VERSION@@)"
    entries["Diplomacy"].msgstr = "외교"
    template = tmp_path / "reviewer-copy.po"
    template.write_text(generate_po(catalog), encoding="utf-8")
    # The source changes, so every run has something to merge into the reviewer's saves.
    source = project / "source" / "nato-yoon-stoltenberg.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Jens Stoltenberg", "Jens Stoltenberg, 65,"),
                      encoding="utf-8")
    count = 60
    reviewer = subprocess.Popen(
        [sys.executable, "-c", REVIEWER, str(path), str(template), str(count), str(seed)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert reviewer.stdout.readline() == "ready\n"
    seen = []
    while reviewer.poll() is None:
        result = invoke(project, "run", "--no-mt")
        # A run either merged the reviewer's work or found the catalog changing too often (busy).
        assert result.exit_code in (0, EXIT_BUSY), result.output
        if result.exit_code == EXIT_BUSY:
            assert "was changed by someone else" in result.output
        seen.append(by_msgid(read_po(path))["By Diplomacy Journal Lee Jon-young"].msgstr)
    assert reviewer.stdout.read() == "done\n"
    # Versions only move forward: no run put back an older save.
    numbers = [int(s.rsplit("(", 1)[1].rstrip(")")) for s in seen]
    assert numbers == sorted(numbers)
    last = invoke(project, "run", "--no-mt")
    ran(last)
    final = by_msgid(read_po(path))
    assert final["By Diplomacy Journal Lee Jon-young"].msgstr == f"Diplomacy Journal 이존영 기자 ({count - 1})"
    assert final["Diplomacy"].msgstr == "외교"
    assert any("Jens Stoltenberg, 65," in msgid for msgid in final if msgid)


def test_reviewer_saving_from_a_thread_while_a_run_reads_and_writes(project, invoke, monkeypatch):
    """A save between the run's read and its write is merged (it is read again), never overwritten."""
    ran(invoke(project, "run", "--no-mt"))
    path = po_path(project)
    import dipl10n.run.pipeline as pipeline

    real_merge = pipeline.merge_template
    saves = []

    def reviewer_saves(number: int) -> None:
        review(path, {"Diplomacy": f"외교 ({number})"})
        saves.append(number)

    def slow_merge(work, *args, **kwargs):
        # The reviewer saves from another thread while this run merges what it read.
        if len(saves) < 3:
            thread = threading.Thread(target=reviewer_saves, args=(len(saves),))
            thread.start()
            thread.join()
        return real_merge(work, *args, **kwargs)

    monkeypatch.setattr(pipeline, "merge_template", slow_merge)
    source = project / "source" / "nato-yoon-stoltenberg.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Lee Jon-young", "Lee Jon-young, Seoul"),
                      encoding="utf-8")
    result = invoke(project, "run", "--no-mt")
    assert result.exit_code == 0, result.output
    assert saves == [0, 1, 2]
    catalog = by_msgid(read_po(path))
    assert catalog["Diplomacy"].msgstr == "외교 (2)"
    assert "By Diplomacy Journal Lee Jon-young, Seoul" in catalog
