"""Argos packages under hostile conditions: zip bombs, trickling servers, killed installs, bad JSON.

Issue 12, items 6, 7, 9 (packages), 10 (packages) and 11 (packages). Each
test drives the command line (in a subprocess where the old behaviour was a
hang or a kill is part of the test) or real HTTP to a server on 127.0.0.1,
so it runs unchanged against an older dipl10n put first on ``PYTHONPATH``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import tracemalloc
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from dipl10n.errors import PackageError
from dipl10n.mt.packages.directory import list_installed
from dipl10n.mt.packages.index import install_from_index
from dipl10n.mt.packages.store import install_from_file
from helpers import argos as af

TOP = "translate-en_ko-1_0"
MIB = 1024 * 1024


# -- a server that can trickle -----------------------------------------------------


@dataclass
class Route:
    """What the server sends for one path: the body, at once or a piece at a time."""

    body: bytes
    piece: int = 0  # bytes per piece (0: all at once)
    delay: float = 0.0  # seconds between pieces
    header_delay: float = 0.0  # seconds between the bytes of the status line and headers


@dataclass
class Web:
    url: str
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def index(self, entries: list[dict[str, Any]], **trickle: Any) -> str:
        self.routes["/index.json"] = Route(json.dumps(entries).encode(), **trickle)
        return f"{self.url}/index.json"


@pytest.fixture
def web() -> Iterator[Web]:
    holder: list[Web] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site = holder[0]
            site.requests.append(self.path)
            route = site.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(route.body)}\r\nConnection: close\r\n\r\n".encode()
            try:
                self._send(head, 1 if route.header_delay else 0, route.header_delay, site.stop)
                self._send(route.body, route.piece, route.delay, site.stop)
            except OSError:
                pass  # the client gave up
            self.close_connection = True

        def _send(self, data: bytes, piece: int, delay: float, stop: threading.Event) -> None:
            step = piece or len(data) or 1
            for start in range(0, len(data), step):
                if start and delay and stop.wait(delay):
                    return
                self.wfile.write(data[start : start + step])
                self.wfile.flush()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    site = Web(f"http://127.0.0.1:{httpd.server_port}")
    holder.append(site)
    try:
        yield site
    finally:
        site.stop.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


# -- the command line in a subprocess --------------------------------------------


@dataclass
class Desk:
    """A project whose packages live in ``packages``, and a way to run dipl10n on it."""

    root: Path
    packages: Path
    env: dict[str, str]

    def start(self, *args: str, **env: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "dipl10n", *args],
            cwd=self.root,
            env={**self.env, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def run(self, *args: str, timeout: float = 20, **env: str) -> tuple[int, str, float]:
        """Exit status, output and seconds taken; a command still running after ``timeout`` is killed."""
        began = time.monotonic()
        process = self.start(*args, **env)
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
            pytest.fail(f"dipl10n {' '.join(args)} still running after {timeout} s (hung):\n{output}")
        return process.returncode, output, time.monotonic() - began


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    root = tmp_path / "desk"
    root.mkdir()
    packages = tmp_path / "packages"
    (root / "pyproject.toml").write_text(
        f'[tool.dipl10n]\nlanguages = ["ko"]\n\n[tool.dipl10n.mt]\npackages_dir = "{packages.as_posix()}"\n',
        encoding="utf-8",
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DIPL10N_", "ARGOS_"))
    }
    env["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/"
    env["ARGOS_PACKAGES_DIR"] = str(packages)  # for projects without packages_dir
    return Desk(root, packages, env)


def one_error_line(output: str) -> str:
    """The command's error: exactly one line starting ``error: ``, and no traceback."""
    assert "Traceback" not in output, output
    errors = [line for line in output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, output
    return errors[0]


def tiny(factory: pytest.TempPathFactory, **options: Any) -> Path:
    return af.package_file(factory, "tiny", **options)


def with_member(factory: pytest.TempPathFactory, dest: Path, relative: str, write: Any) -> Path:
    """A valid package whose member ``relative`` is replaced by what ``write(handle)`` streams."""
    entries = [e for e in af.package_entries(factory) if e[0] != f"{TOP}/{relative}"]
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
        info = zipfile.ZipInfo(f"{TOP}/{relative}")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as handle:
            write(handle)
    return dest


def spaces(size: int) -> Any:
    def write(handle: Any) -> None:
        chunk = b" " * MIB
        for _ in range(size // MIB):
            handle.write(chunk)

    return write


# -- item 6: members are size-checked before they are read ------------------------------


@pytest.mark.parametrize(("relative", "size"), [("metadata.json", 128 * MIB), ("model/shared_vocabulary.json", 96 * MIB)])
def test_a_zip_bomb_member_is_refused_without_reading_it(
    relative: str, size: int, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    bomb = with_member(tmp_path_factory, tmp_path / "bomb.argosmodel", relative, spaces(size))
    assert bomb.stat().st_size < 2 * MIB  # highly compressible
    tracemalloc.start()
    try:
        with pytest.raises(PackageError) as refused:
            install_from_file(bomb, packages_dir=tmp_path / "packages")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    message = str(refused.value)
    assert refused.value.path == bomb and f"'{TOP}/{relative}'" in message, message
    assert "\n" not in message
    # Refused from the zip directory: nothing near the member's size was ever held in memory.
    assert peak < size / 16, f"peak {peak / MIB:.1f} MiB for a {size / MIB:.0f} MiB member"
    assert af.snapshot(tmp_path / "packages") == []


def test_model_install_names_the_archive_and_the_over_large_member(
    desk: Desk, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    bomb = with_member(tmp_path_factory, tmp_path / "bomb.argosmodel", "metadata.json", spaces(64 * MIB))
    status, output, _ = desk.run("model", "install", str(bomb))
    line = one_error_line(output)
    assert status == 2
    assert line.startswith(f"error: {bomb}: entry '{TOP}/metadata.json' is 64.0 MiB; "), line
    assert "at most 1.0 MiB" in line


def test_an_installed_package_with_a_huge_metadata_json_is_skipped_unread(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, caplog: pytest.LogCaptureFixture
) -> None:
    packages = tmp_path / "packages"
    good = install_from_file(tiny(tmp_path_factory, to_code="de"), packages_dir=packages, expect=None)
    huge = packages / "translate-en_ko-1_0"
    huge.mkdir()
    with open(huge / "metadata.json", "wb") as handle:
        handle.truncate(256 * MIB)  # sparse: costs no disk
    tracemalloc.start()
    try:
        assert list_installed(packages) == [good]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * MIB
    assert "translate-en_ko-1_0: unreadable metadata.json: metadata.json is 256.0 MiB" in caplog.text


# -- item 7: a trickling server cannot hang a command ---------------------------------------

FAST_GIVE_UP = {"DIPL10N_DOWNLOAD_MIN_RATE": "200", "DIPL10N_DOWNLOAD_RATE_WINDOW": "1"}


@pytest.mark.slow
def test_a_trickling_package_download_gives_up_and_says_so(
    desk: Desk, web: Web, tmp_path_factory: pytest.TempPathFactory
) -> None:
    web.routes["/p.argosmodel"] = Route(tiny(tmp_path_factory).read_bytes(), piece=1, delay=0.2)
    index = web.index([af.index_entry(f"{web.url}/p.argosmodel")])
    status, output, took = desk.run("model", "install", "en", "ko", ARGOS_PACKAGE_INDEX=index, **FAST_GIVE_UP)
    line = one_error_line(output)
    assert status == 2
    assert f"gave up downloading {web.url}/p.argosmodel: " in line
    assert "bytes in 1 s, slower than the minimum of 200 bytes/s (DIPL10N_DOWNLOAD_MIN_RATE); " in line
    assert took < 5
    assert af.snapshot(desk.packages) == []  # no download left behind


@pytest.mark.slow
def test_an_index_that_trickles_its_headers_gives_up(desk: Desk, web: Web) -> None:
    # A byte of the status line every 0.2 s: no socket timeout ever fires.
    index = web.index([], header_delay=0.2)
    status, output, took = desk.run("model", "list", "--available", ARGOS_PACKAGE_INDEX=index, **FAST_GIVE_UP)
    line = one_error_line(output)
    assert status == 2
    assert line.startswith(f"error: gave up fetching the package index {index}: 0 bytes in 1 s, slower than the minimum "), line
    assert took < 5


@pytest.mark.slow
def test_a_download_that_is_fast_enough_but_too_long_meets_the_deadline(
    desk: Desk, web: Web, tmp_path_factory: pytest.TempPathFactory
) -> None:
    web.routes["/p.argosmodel"] = Route(tiny(tmp_path_factory).read_bytes(), piece=4096, delay=0.05)
    index = web.index([af.index_entry(f"{web.url}/p.argosmodel")])
    status, output, took = desk.run(
        "model", "install", "en", "ko", ARGOS_PACKAGE_INDEX=index, DIPL10N_DOWNLOAD_TIMEOUT="1", **FAST_GIVE_UP
    )
    line = one_error_line(output)
    assert status == 2
    size = len(web.routes["/p.argosmodel"].body)
    assert f"gave up downloading {web.url}/p.argosmodel: " in line
    assert f" of {size} bytes in 1 s, the time limit (DIPL10N_DOWNLOAD_TIMEOUT=1); " in line
    assert took < 5


@pytest.mark.slow
def test_run_with_a_trickling_index_says_mt_unavailable_and_releases_the_lock(
    project: Path, desk: Desk, web: Web
) -> None:
    runner = Desk(project, desk.packages, desk.env)
    index = web.index([], header_delay=0.2)
    status, output, took = runner.run("run", ARGOS_PACKAGE_INDEX=index, **FAST_GIVE_UP)
    assert status == 0, output
    [line] = [line for line in output.splitlines() if line.startswith("MT unavailable")]
    assert line.startswith(
        "MT unavailable (ko): no en→ko package is installed and none could be downloaded "
        f"(gave up fetching the package index {index}: 0 bytes in 1 s, slower than the minimum of 200 bytes/s"
    ), line
    assert took < 10
    status, output, _ = runner.run("run", "--offline", DIPL10N_LOCK_TIMEOUT="0")
    assert status == 0, output  # the project lock is free again


@pytest.mark.parametrize(
    ("name", "value"),
    [("DIPL10N_DOWNLOAD_TIMEOUT", "soon"), ("DIPL10N_DOWNLOAD_TIMEOUT", "0"), ("DIPL10N_DOWNLOAD_MIN_RATE", "-1"),
     ("DIPL10N_DOWNLOAD_RATE_WINDOW", "nan"), ("DIPL10N_INDEX_TIMEOUT", "inf")],
)
def test_bad_transfer_limits_are_one_line_errors(desk: Desk, web: Web, name: str, value: str) -> None:
    index = web.index([])
    status, output, _ = desk.run("model", "install", "en", "ko", ARGOS_PACKAGE_INDEX=index, **{name: value})
    line = one_error_line(output)
    assert status == 2
    bound = "0 or more" if name == "DIPL10N_DOWNLOAD_MIN_RATE" else "more than 0"
    assert line == f"error: {name} must be a number ({bound}), not {value!r}"


# -- item 9: what killed installs leave behind is cleaned up --------------------------------

LEFTOVERS = [".dipl10n-install-k3x_9q2a", ".dipl10n-download-ab12cd34.argosmodel", ".dipl10n-old-zz9_0a1b"]
NOT_OURS = [
    "notes.txt",
    ".dipl10n-install-mine",  # not a name tempfile makes
    ".dipl10n-download-ab12cd34.argosmodel.part",
    "x.dipl10n-install-k3x_9q2a",
    ".dipl10n-download-qq12cd34.argosmodel",  # a folder where dipl10n makes files
    ".dipl10n-install-q1w2e3r4",  # a file where dipl10n makes folders
    ".dipl10n-install-lnklnk00",  # a symbolic link to a folder elsewhere
]


def make_leftovers(packages: Path, elsewhere: Path) -> None:
    packages.mkdir(parents=True, exist_ok=True)
    staging = packages / LEFTOVERS[0] / TOP / "model"
    staging.mkdir(parents=True)
    (staging / "model.bin").write_bytes(os.urandom(4096))
    (packages / LEFTOVERS[1]).write_bytes(b"PK\x03\x04 half a download")
    (packages / LEFTOVERS[2] / TOP).mkdir(parents=True)
    (packages / LEFTOVERS[2] / TOP / "metadata.json").write_text("{}")
    (packages / "notes.txt").write_text("mine")
    (packages / ".dipl10n-install-mine").mkdir()
    (packages / ".dipl10n-download-ab12cd34.argosmodel.part").write_text("mine")
    (packages / "x.dipl10n-install-k3x_9q2a").mkdir()
    (packages / ".dipl10n-download-qq12cd34.argosmodel").mkdir()
    (packages / ".dipl10n-install-q1w2e3r4").write_text("mine")
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep")
    (packages / ".dipl10n-install-lnklnk00").symlink_to(elsewhere, target_is_directory=True)


@pytest.mark.parametrize("command", ["list", "install", "remove"])
def test_leftovers_of_killed_installs_go_at_the_next_command_and_nothing_else(
    command: str, desk: Desk, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    install_from_file(tiny(tmp_path_factory, to_code="de"), packages_dir=desk.packages, expect=None)
    make_leftovers(desk.packages, tmp_path / "elsewhere")
    args = {"list": ["list"], "install": ["install", str(tiny(tmp_path_factory))], "remove": ["remove", "en", "de"]}
    status, output, _ = desk.run("model", *args[command])
    assert status == 0, output
    left = af.names(desk.packages)
    assert not set(LEFTOVERS) & set(left), left
    assert set(NOT_OURS) <= set(left)
    assert (tmp_path / "elsewhere" / "keep.txt").read_text() == "keep"
    assert ("translate-en_de-1_0" in left) == (command != "remove")


def test_leftovers_are_left_alone_while_another_command_holds_the_packages(
    desk: Desk, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from filelock import FileLock

    install_from_file(tiny(tmp_path_factory), packages_dir=desk.packages)
    make_leftovers(desk.packages, tmp_path / "elsewhere")
    with FileLock(str(desk.packages / af.LOCK_NAME)):
        status, output, _ = desk.run("model", "list")
        assert status == 0 and "translate-en_ko 1.0" in output, output
        assert set(LEFTOVERS) <= set(af.names(desk.packages))  # they may be a live install's
        status, output, _ = desk.run("model", "install", str(tiny(tmp_path_factory)), DIPL10N_LOCK_TIMEOUT="0.2")
        assert status == 3, output
        assert "another dipl10n command is installing or removing packages in" in one_error_line(output)
    desk.run("model", "list")
    assert not set(LEFTOVERS) & set(af.names(desk.packages))


def test_a_version_parked_by_a_killed_upgrade_is_put_back(
    desk: Desk, tmp_path_factory: pytest.TempPathFactory
) -> None:
    old = install_from_file(tiny(tmp_path_factory), packages_dir=desk.packages)
    assert old.path is not None
    # Killed between moving the old version aside and moving the new one in.
    parked = desk.packages / ".dipl10n-parked-p4rk3d00"
    parked.mkdir()
    old.path.rename(parked / old.path.name)
    status, output, _ = desk.run("model", "list")
    assert status == 0 and "en→ko  translate-en_ko 1.0" in output, output
    assert af.names(desk.packages) == [TOP]


def test_a_real_install_killed_mid_download_leaves_nothing_after_the_next_command(
    desk: Desk, web: Web, tmp_path_factory: pytest.TempPathFactory
) -> None:
    web.routes["/p.argosmodel"] = Route(tiny(tmp_path_factory).read_bytes(), piece=2048, delay=0.05)
    index = web.index([af.index_entry(f"{web.url}/p.argosmodel")])
    (desk.packages).mkdir()
    (desk.packages / "notes.txt").write_text("mine")
    process = desk.start("model", "install", "en", "ko", ARGOS_PACKAGE_INDEX=index)
    try:
        deadline = time.monotonic() + 15
        while not [p for p in desk.packages.iterdir() if p.name.startswith(".dipl10n-download-") and p.stat().st_size]:
            assert process.poll() is None, process.communicate()[0]
            assert time.monotonic() < deadline, "the download never started"
            time.sleep(0.02)
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate()
    assert any(name.startswith(".dipl10n-download-") for name in af.names(desk.packages))
    status, output, _ = desk.run("model", "list")
    assert status == 0, output
    assert af.names(desk.packages) == ["notes.txt"]


# -- item 10: deep JSON, deep paths, an empty model: one line, never a traceback ---------------


def deep_json(levels: int = 100_000) -> bytes:
    return b"[" * levels + b"]" * levels


def test_a_deeply_nested_index_is_one_line(desk: Desk, web: Web) -> None:
    web.routes["/index.json"] = Route(deep_json())
    status, output, _ = desk.run("model", "install", "en", "ko", ARGOS_PACKAGE_INDEX=f"{web.url}/index.json")
    assert status == 2
    assert one_error_line(output) == (
        f"error: the package index {web.url}/index.json is not JSON: the JSON is nested too deeply"
    )


def test_a_deeply_nested_metadata_json_is_one_line(
    desk: Desk, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    archive = with_member(tmp_path_factory, tmp_path / "deep.argosmodel", "metadata.json", lambda h: h.write(deep_json()))
    status, output, _ = desk.run("model", "install", str(archive))
    assert status == 2
    assert one_error_line(output) == f"error: {archive}: {TOP}/metadata.json cannot be read: the JSON is nested too deeply"
    # The same file installed by hand: listed as unreadable, not a traceback.
    (desk.packages / TOP).mkdir(parents=True)
    (desk.packages / TOP / "metadata.json").write_bytes(deep_json())
    status, output, _ = desk.run("model", "list")
    assert status == 0 and "Traceback" not in output, output
    assert "unreadable metadata.json: the JSON is nested too deeply" in output


def test_a_path_2000_folders_deep_is_one_line(desk: Desk, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    deep = f"{TOP}/" + "a/" * 2000 + "x.txt"
    archive = af.write_zip(tmp_path / "deep.argosmodel", [*af.package_entries(tmp_path_factory), (deep, b"x")])
    status, output, _ = desk.run("model", "install", str(archive))
    assert status == 2
    line = one_error_line(output)
    assert line.startswith(f"error: {archive}: entry '{TOP}/a/a/a/"), line
    assert f"({len(deep)} characters) is 2002 folders deep" in line
    assert len(line) < 400
    assert af.snapshot(desk.packages) == []


def test_an_empty_model_bin_is_mt_unavailable_not_a_traceback(
    project: Path, invoke: Any, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    packages = tmp_path / "packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    installed = install_from_file(tiny(tmp_path_factory), packages_dir=packages)
    assert installed.path is not None
    (installed.path / "model" / "model.bin").write_bytes(b"")
    result = invoke(project, "run", "--offline")
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.output.splitlines() if line.startswith("MT unavailable")]
    assert line == (
        f"MT unavailable (ko): the model of translate-en_ko 1.0 ({installed.path / 'model' / 'model.bin'}) is empty "
        "(0 bytes); reinstall it with `dipl10n model install en ko`"
    )


def test_a_damaged_package_is_named_when_no_fresh_copy_can_be_had(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, web: Web
) -> None:
    from dipl10n.errors import EngineUnavailable
    from dipl10n.mt.engine import engine_factory
    from dipl10n.project.config import MTConfig

    packages = tmp_path / "packages"
    installed = install_from_file(tiny(tmp_path_factory), packages_dir=packages)
    assert installed.path is not None
    model = installed.path / "model" / "model.bin"
    model.write_bytes(b"")
    factory = engine_factory(MTConfig(packages_dir=packages, package_index="http://127.0.0.1:9/"), offline=False)
    with pytest.raises(EngineUnavailable) as unavailable:
        factory("ko")
    assert unavailable.value.message.startswith(
        f"the model of translate-en_ko 1.0 ({model}) is empty (0 bytes); reinstall it with `dipl10n model install en ko`; "
        "a fresh copy could not be downloaded either (cannot fetch the package index http://127.0.0.1:9/index.json: "
    ), unavailable.value.message
    # With the index reachable, the damaged package is replaced by a fresh copy of the same version.
    web.routes["/p.argosmodel"] = Route(tiny(tmp_path_factory).read_bytes())
    index = web.index([af.index_entry(f"{web.url}/p.argosmodel")])
    engine = engine_factory(MTConfig(packages_dir=packages, package_index=index, max_decoding_length=8), offline=False)("ko")
    assert engine.info.describe() == "argos translate-en_ko 1.0"
    assert model.stat().st_size > 0


def test_an_archive_with_an_empty_model_bin_is_refused(
    desk: Desk, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    archive = with_member(tmp_path_factory, tmp_path / "empty.argosmodel", "model/model.bin", lambda h: None)
    status, output, _ = desk.run("model", "install", str(archive))
    assert status == 2
    assert one_error_line(output) == f"error: {archive}: {TOP}/model/model.bin is empty (0 bytes): no CTranslate2 model"


# -- item 11: index entries and versions are checked -------------------------------------------


def test_an_index_entry_whose_links_is_a_string_is_refused_not_fetched_per_character(desk: Desk, web: Web) -> None:
    index = web.index([{**af.index_entry(""), "links": f"{web.url}/p.argosmodel"}])
    status, output, _ = desk.run("model", "install", "en", "ko", ARGOS_PACKAGE_INDEX=index)
    assert status == 2
    assert web.requests == ["/index.json"]
    assert f"WARNING: {index}: entry 0 skipped: links must be a list of URLs, not a string" in output
    assert one_error_line(output) == (
        f"error: the package index {index} offers no en→ko package "
        "(skipped entry 0: links must be a list of URLs, not a string)"
    )


def test_a_nan_package_version_is_not_installed(
    desk: Desk, web: Web, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    nan = af.write_zip(tmp_path / "nan.argosmodel", af.package_entries(tmp_path_factory, package_version=float("nan")))
    web.routes["/nan.argosmodel"] = Route(nan.read_bytes())
    index = web.index([af.index_entry(f"{web.url}/nan.argosmodel", version=float("nan"))])  # type: ignore[arg-type]
    status, output, _ = desk.run("model", "install", "en", "ko", ARGOS_PACKAGE_INDEX=index)
    assert status == 2
    assert web.requests == ["/index.json"]
    assert one_error_line(output).endswith(
        '(skipped entry 0: package_version NaN is not a version (digits and dots, such as "1.1" or "1.0.2"))'
    )
    status, output, _ = desk.run("model", "install", str(nan))
    assert status == 2
    assert one_error_line(output) == (
        f'error: {nan}: {TOP}/metadata.json cannot be read: package_version NaN is not a version '
        '(digits and dots, such as "1.1" or "1.0.2")'
    )
    assert af.snapshot(desk.packages) == []


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ({"package_version": 1.1}, "package_version 1.1 is not a version"),
        ({"package_version": "1.1-beta"}, 'package_version "1.1-beta" is not a version'),
        ({"package_version": None}, "package_version is missing"),
        ({"links": [f"http://x/{n}" for n in range(2)] + [7]}, "links must be a list of URLs, not"),
        ({"links": {"href": "http://x/p"}}, "links must be a list of URLs, not"),
        ({"to_code": "ko\nen"}, 'to_code "ko\\nen" is not a language code'),
        ({"to_name": "Korean\x1b]0;pwned\x07"}, "to_name"),
        ({"code": ["translate"]}, 'code must be a string, not ["translate"]'),
    ],
)
def test_bad_index_entries_are_skipped_with_a_warning_naming_the_index(
    web: Web, packages_dir_for_api: Path, caplog: pytest.LogCaptureFixture, entry: dict[str, Any], reason: str
) -> None:
    good = af.index_entry(f"{web.url}/good.argosmodel", to_code="de")
    index = web.index([good, {**af.index_entry(f"{web.url}/bad.argosmodel"), **entry}])
    with pytest.raises(PackageError, match="offers no en→ko package"):
        install_from_index("en", "ko", index_url=index, packages_dir=packages_dir_for_api)
    [warning] = [record.getMessage() for record in caplog.records if "skipped" in record.getMessage()]
    assert warning.startswith(f"{index}: entry 1 skipped: ") and reason in warning, warning
    assert "\n" not in warning and "\x1b" not in warning
    assert web.requests == ["/index.json"]


@pytest.mark.parametrize("version", ["1", "1.1", "1.0.2", "10.20.30"])
def test_plain_versions_are_accepted(
    version: str, web: Web, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    web.routes["/p.argosmodel"] = Route(tiny(tmp_path_factory, version=version).read_bytes())
    index = web.index([af.index_entry(f"{web.url}/p.argosmodel", version=version)])
    assert install_from_index("en", "ko", index_url=index, packages_dir=tmp_path / "packages").package_version == version


@pytest.fixture
def packages_dir_for_api(tmp_path: Path) -> Path:
    return tmp_path / "packages"


def test_giving_up_closes_the_connection_and_ends_the_helper_thread(web: Web) -> None:
    from dipl10n.mt.packages.index import fetch_index
    from dipl10n.mt.packages.transfer import TransferLimits

    index = web.index([], header_delay=0.1)
    gave_up = r"gave up fetching the package index .*: 0 bytes in 0\.5 s, slower than the minimum of 100 bytes/s"
    with pytest.raises(PackageError, match=gave_up):
        fetch_index(index, limits=TransferLimits(deadline=10, min_rate=100, window=0.5))
    deadline = time.monotonic() + 2
    while any(thread.name == "dipl10n-transfer" for thread in threading.enumerate()):
        assert time.monotonic() < deadline, "the helper thread is still reading the trickle"
        time.sleep(0.02)
