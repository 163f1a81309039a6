"""dipl10n.mt.packages: listing, safe installation, upgrade and removal of Argos packages.

Downloads go over real HTTP to a server on 127.0.0.1 serving an index and
packages built by the tests. Every refused archive must leave the packages
directory exactly as it was, hidden work files included.
"""

from __future__ import annotations

import http.server
import json
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from dipl10n.errors import PackageError
from dipl10n.mt.packages import archive as package_archive
from dipl10n.mt.packages import index as package_index
from dipl10n.mt.packages.directory import list_installed, resolve_packages_dir
from dipl10n.mt.packages.index import fetch_index, install_from_index, resolve_index_url
from dipl10n.mt.packages.metadata import PackageInfo
from dipl10n.mt.packages.store import install_from_file, remove
from helpers import argos as af


@dataclass
class Server:
    root: Path
    url: str
    requests: list[str] = field(default_factory=list)

    def publish(self, name: str, data: bytes) -> str:
        (self.root / name).write_bytes(data)
        return f"{self.url}/{name}"

    def publish_index(self, entries: list[dict[str, Any]]) -> str:
        return self.publish("index.json", json.dumps(entries).encode())


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    root = tmp_path / "www"
    root.mkdir()
    requests: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            requests.append(self.path)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Server(root, f"http://127.0.0.1:{httpd.server_port}", requests)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture
def packages_dir(tmp_path: Path) -> Path:
    path = tmp_path / "packages"
    path.mkdir()
    return path


entry = af.index_entry


def tiny_package(factory: pytest.TempPathFactory, **options: Any) -> Path:
    return af.package_file(factory, "tiny", **options)


# -- install from the index over HTTP ----------------------------------------


def test_install_from_index_downloads_the_newest_version(
    server: Server, packages_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    old = server.publish("en_ko-1_0.argosmodel", tiny_package(tmp_path_factory).read_bytes())
    new_bytes = tiny_package(tmp_path_factory, version="1.1").read_bytes()
    new = server.publish("en_ko-1_1.argosmodel", new_bytes)
    de = server.publish("en_de.argosmodel", b"never fetched")
    index = server.publish_index(
        [
            {"type": "sbd", "from_code": "en", "to_code": "ko", "links": [de]},
            entry(de, to_code="de"),
            entry(old, version="1.0"),
            {**entry(new, version="1.1"), "links": ["ipfs://Qm...", new]},
        ]
    )
    progress: list[tuple[int, int | None]] = []
    installed = install_from_index(
        "en", "ko", index_url=index, packages_dir=packages_dir, progress=lambda d, t: progress.append((d, t))
    )
    assert (installed.code, installed.package_version) == ("translate-en_ko", "1.1")
    assert installed.path == packages_dir / "translate-en_ko-1_1"
    assert (installed.path / "model" / "model.bin").is_file()
    assert [p.package_version for p in list_installed(packages_dir)] == ["1.1"]
    assert progress[0] == (0, len(new_bytes))
    assert progress[-1] == (len(new_bytes), len(new_bytes))
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)
    assert server.requests == ["/index.json", "/en_ko-1_1.argosmodel"]
    # No download or work directory is left behind.
    assert af.names(packages_dir) == ["translate-en_ko-1_1"]


def test_index_url_may_be_a_base_like_argos_package_index(
    server: Server, packages_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    server.publish("p.argosmodel", tiny_package(tmp_path_factory).read_bytes())
    server.publish_index([entry("p.argosmodel")])  # relative link, resolved on the index
    installed = install_from_index("en", "ko", index_url=server.url + "/", packages_dir=packages_dir)
    assert installed.package_version == "1.0"
    assert server.requests == ["/index.json", "/p.argosmodel"]


def test_index_from_environment(
    server: Server,
    packages_dir: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    link = server.publish("p.argosmodel", tiny_package(tmp_path_factory).read_bytes())
    server.publish_index([entry(link)])
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", server.url + "/")
    assert install_from_index("en", "ko", packages_dir=packages_dir).pair == ("en", "ko")


def _corrupt(data: bytes) -> bytes:
    # Flip bytes in the middle of the (compressed) model: the zip still opens,
    # its CRCs no longer match.
    middle = len(data) // 2
    return data[:middle] + bytes(b ^ 0xFF for b in data[middle : middle + 64]) + data[middle + 64 :]


def bad_archives(factory: pytest.TempPathFactory) -> dict[str, tuple[bytes, str]]:
    """name -> (archive bytes, text the refusal must contain), built once."""
    return af.cached("bad-archives", lambda: _bad_archives(factory, factory.mktemp("bad")))


def _bad_archives(factory: pytest.TempPathFactory, tmp: Path) -> dict[str, tuple[bytes, str]]:
    good = af.package_entries(factory)
    top = "translate-en_ko-1_0"

    def zipped(name: str, entries: list[Any]) -> bytes:
        return af.write_zip(tmp / f"{name}.zip", entries).read_bytes()

    without = lambda suffix: [e for e in good if not e[0].endswith(suffix)]  # noqa: E731
    return {
        "not-a-zip": (b"<html>404</html>", "not a zip archive"),
        "corrupt": (_corrupt(tiny_package(factory).read_bytes()), "corrupt"),
        "dotdot": (zipped("dotdot", good + [("../evil", b"x")]), "'../evil' points outside"),
        "nested-dotdot": (
            zipped("nested", good + [(f"{top}/model/../../../evil", b"x")]),
            "points outside",
        ),
        "absolute": (zipped("abs", good + [("/abs/evil", b"x")]), "'/abs/evil' has an absolute path"),
        "drive": (zipped("drive", good + [("C:/evil", b"x")]), "'C:/evil' has an absolute path"),
        "symlink": (
            zipped("symlink", good + [af.symlink_entry(f"{top}/model/link", "/etc/passwd")]),
            f"'{top}/model/link' is a symbolic link",
        ),
        "two-tops": (
            zipped("two", good + [("other/metadata.json", b"{}")]),
            "2 top-level entries",
        ),
        "top-level-file": (zipped("file", good + [("README.md", b"x")]), "outside the package directory"),
        "no-metadata": (zipped("nometa", without("metadata.json")), f"no {top}/metadata.json"),
        "bad-metadata": (
            zipped("badmeta", [(n, b"{oops" if n.endswith("metadata.json") else d) for n, d in good]),
            "metadata.json cannot be read",
        ),
        "no-codes": (
            zipped("nocodes", [(n, b'{"package_version": "1.0"}' if n.endswith("metadata.json") else d) for n, d in good]),
            "from_code is missing",
        ),
        "wrong-pair": (
            zipped("wrongpair", af.package_entries(factory, to_code="de")),
            "this package translates en→de, not en→ko",
        ),
        "no-model": (zipped("nomodel", without("model.bin")), f"no {top}/model/model.bin"),
        "no-tokenizer": (zipped("notok", without("sentencepiece.model")), "no tokenizer"),
        "empty": (zipped("empty", []), "empty"),
    }


BAD = [
    "not-a-zip",
    "corrupt",
    "dotdot",
    "nested-dotdot",
    "absolute",
    "drive",
    "symlink",
    "two-tops",
    "top-level-file",
    "no-metadata",
    "bad-metadata",
    "no-codes",
    "wrong-pair",
    "no-model",
    "no-tokenizer",
    "empty",
]


@pytest.mark.parametrize("name", BAD)
def test_bad_archive_from_index_installs_nothing(
    name: str,
    server: Server,
    packages_dir: Path,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    install_from_file(tiny_package(tmp_path_factory), packages_dir=packages_dir)
    data, reason = bad_archives(tmp_path_factory)[name]
    link = server.publish(f"{name}.argosmodel", data)
    server.publish_index([entry(link)])
    before = af.snapshot(packages_dir)
    with pytest.raises(PackageError) as raised:
        install_from_index("en", "ko", index_url=server.url + "/index.json", packages_dir=packages_dir)
    assert reason in str(raised.value)
    assert link in str(raised.value)
    assert af.snapshot(packages_dir) == before
    assert not (tmp_path / "evil").exists() and not Path("/abs/evil").exists()


@pytest.mark.parametrize("name", BAD)
def test_bad_archive_file_installs_nothing(
    name: str, packages_dir: Path, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    data, reason = bad_archives(tmp_path_factory)[name]
    archive = tmp_path / "incoming" / f"{name}.argosmodel"
    archive.parent.mkdir()
    archive.write_bytes(data)
    before = af.snapshot(tmp_path)
    with pytest.raises(PackageError) as raised:
        install_from_file(archive, packages_dir=packages_dir)
    assert reason in str(raised.value)
    # The error names the file.
    assert raised.value.path == archive
    assert af.snapshot(tmp_path) == before


def test_zip_bomb_is_refused(
    packages_dir: Path, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(package_archive, "MAX_UNCOMPRESSED_BYTES", 4 * 1024 * 1024)
    entries = af.package_entries(tmp_path_factory) + [
        ("translate-en_ko-1_0/model/padding.bin", bytes(8 * 1024 * 1024))
    ]
    archive = af.write_zip(tmp_path / "bomb.argosmodel", entries)
    assert archive.stat().st_size < 1024 * 1024
    with pytest.raises(PackageError, match="would unpack to"):
        install_from_file(archive, packages_dir=packages_dir)
    assert af.snapshot(packages_dir) == []


def test_version_other_than_the_index_promised_is_refused(
    server: Server, packages_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    link = server.publish("p.argosmodel", tiny_package(tmp_path_factory, version="1.0").read_bytes())
    index = server.publish_index([entry(link, version="2.0")])
    with pytest.raises(PackageError, match="version 1.0, but the index offered version 2.0"):
        install_from_index("en", "ko", index_url=index, packages_dir=packages_dir)
    assert af.snapshot(packages_dir) == []


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([], "offers no en→ko package"),
        ([{"from_code": "en", "to_code": "ko", "package_version": "1.0", "links": ["ipfs://x"]}], "without an http(s) download link"),
    ],
)
def test_index_without_a_usable_package(
    server: Server, packages_dir: Path, entries: list[dict[str, Any]], message: str
) -> None:
    index = server.publish_index(entries)
    with pytest.raises(PackageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        install_from_index("en", "ko", index_url=index, packages_dir=packages_dir)


def test_missing_download_names_the_link(server: Server, packages_dir: Path) -> None:
    index = server.publish_index([entry(server.url + "/gone.argosmodel")])
    with pytest.raises(PackageError, match=r"gone\.argosmodel: HTTP 404"):
        install_from_index("en", "ko", index_url=index, packages_dir=packages_dir)
    assert af.snapshot(packages_dir) == []


@pytest.mark.parametrize("payload", [b"not json", b'{"a": 1}'])
def test_malformed_index(server: Server, payload: bytes) -> None:
    index = server.publish("index.json", payload)
    with pytest.raises(PackageError, match="package index"):
        fetch_index(index)


def test_unreachable_index_names_the_url() -> None:
    # conftest points ARGOS_PACKAGE_INDEX at a closed port.
    with pytest.raises(PackageError, match=r"http://127\.0\.0\.1:9/index\.json"):
        fetch_index(timeout=5)


def test_fetch_index_keeps_translation_packages_and_web_links(server: Server) -> None:
    index = server.publish_index(
        [
            {**entry("https://example.org/a.argosmodel"), "links": ["https://example.org/a.argosmodel", "ipfs://Qm", "ifps://Qm"]},
            {"type": "sbd", "from_code": "en", "to_code": "en", "links": []},
            {"package_version": "1.0", "to_code": "ko"},
            "not an object",
            entry("b.argosmodel", from_code="ko", to_code="en"),
        ]
    )
    found = fetch_index(index)
    assert [(p.pair, p.links) for p in found] == [
        (("en", "ko"), ("https://example.org/a.argosmodel",)),
        (("ko", "en"), (server.url + "/b.argosmodel",)),
    ]


# -- list, remove, upgrade ------------------------------------------------------


def test_list_and_remove(packages_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    assert list_installed(packages_dir) == []
    ko = install_from_file(tiny_package(tmp_path_factory), packages_dir=packages_dir)
    de = install_from_file(
        tiny_package(tmp_path_factory, to_code="de"), packages_dir=packages_dir, expect=("en", "de")
    )
    assert list_installed(packages_dir) == [de, ko]
    assert ko.describe() == "translate-en_ko 1.0 (English → Korean)"
    assert remove("en", "ko", packages_dir=packages_dir) == [ko]
    assert list_installed(packages_dir) == [de]
    assert remove("en", "ko", packages_dir=packages_dir) == []
    assert af.names(packages_dir) == ["translate-en_de-1_0"]


def test_upgrade_replaces_the_old_version(packages_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    install_from_file(tiny_package(tmp_path_factory, version="1.0"), packages_dir=packages_dir)
    new = install_from_file(tiny_package(tmp_path_factory, version="1.1"), packages_dir=packages_dir)
    assert list_installed(packages_dir) == [new]
    assert af.names(packages_dir) == ["translate-en_ko-1_1"]


def test_reinstall_over_the_same_directory_name(packages_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    first = install_from_file(tiny_package(tmp_path_factory, top_dir="translate-en_ko"), packages_dir=packages_dir)
    assert first.path is not None
    (first.path / "marker").write_text("old")
    second = install_from_file(
        tiny_package(tmp_path_factory, version="1.2", top_dir="translate-en_ko"), packages_dir=packages_dir
    )
    assert second.path == first.path
    assert [p.package_version for p in list_installed(packages_dir)] == ["1.2"]
    assert not (second.path / "marker").exists()
    assert af.names(packages_dir) == ["translate-en_ko"]


def test_refused_upgrade_keeps_the_old_version(
    packages_dir: Path, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    old = install_from_file(tiny_package(tmp_path_factory), packages_dir=packages_dir)
    before = af.snapshot(packages_dir)
    bad = af.write_zip(
        tmp_path / "bad.argosmodel",
        [e for e in af.package_entries(tmp_path_factory, package_version="2.0") if not e[0].endswith("model.bin")],
    )
    with pytest.raises(PackageError):
        install_from_file(bad, packages_dir=packages_dir)
    assert af.snapshot(packages_dir) == before
    assert list_installed(packages_dir) == [old]


def test_foreign_directory_in_the_way_is_not_overwritten(
    packages_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    (packages_dir / "translate-en_ko-1_0").mkdir()
    (packages_dir / "translate-en_ko-1_0" / "notes.txt").write_text("mine")
    with pytest.raises(PackageError, match="is not an installed en→ko package"):
        install_from_file(tiny_package(tmp_path_factory), packages_dir=packages_dir)
    assert (packages_dir / "translate-en_ko-1_0" / "notes.txt").read_text() == "mine"
    assert af.names(packages_dir) == ["translate-en_ko-1_0"]


def test_argos_reads_what_dipl10n_installed(packages_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    from argostranslate.package import get_installed_packages

    install_from_file(tiny_package(tmp_path_factory, target_prefix="__ko__"), packages_dir=packages_dir)
    (package,) = get_installed_packages(path=[packages_dir])
    assert (package.from_code, package.to_code, package.package_version) == ("en", "ko", "1.0")
    assert package.target_prefix == "__ko__"


def test_expect_none_accepts_any_pair(packages_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    info = install_from_file(tiny_package(tmp_path_factory, from_code="ko", to_code="en"), packages_dir=packages_dir, expect=None)
    assert info.pair == ("ko", "en")


def test_extracted_files_match_the_archive(packages_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    archive = tiny_package(tmp_path_factory)
    info = install_from_file(archive, packages_dir=packages_dir)
    assert info.path is not None
    with zipfile.ZipFile(archive) as zipped:
        for member in zipped.infolist():
            if not member.is_dir():
                assert (packages_dir / member.filename).read_bytes() == zipped.read(member)


# -- where things are ----------------------------------------------------------


def test_packages_dir_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "env"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert resolve_packages_dir(tmp_path / "configured") == tmp_path / "configured"
    assert resolve_packages_dir(None) == tmp_path / "env"
    monkeypatch.delenv("ARGOS_PACKAGES_DIR")
    assert resolve_packages_dir(None) == tmp_path / "data" / "argos-translate" / "packages"
    settings_file = tmp_path / "config" / "argos-translate" / "settings.json"
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(json.dumps({"ARGOS_PACKAGES_DIR": str(tmp_path / "from-settings")}))
    assert resolve_packages_dir(None) == tmp_path / "from-settings"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert resolve_packages_dir(Path("~/models")) == tmp_path / "home" / "models"


def test_packages_dir_default_without_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("ARGOS_PACKAGES_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "SNAP"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_packages_dir(None) == tmp_path / ".local" / "share" / "argos-translate" / "packages"


@pytest.mark.parametrize(
    ("given", "env", "expected"),
    [
        ("http://h/x/index.json", None, "http://h/x/index.json"),
        ("http://h/x/", None, "http://h/x/index.json"),
        ("http://h/x", None, "http://h/x/index.json"),
        (None, "http://mirror/argospm/", "http://mirror/argospm/index.json"),
        (None, None, package_index.DEFAULT_INDEX_URL),
    ],
)
def test_index_url_resolution(
    given: str | None, env: str | None, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if env is None:
        monkeypatch.delenv("ARGOS_PACKAGE_INDEX", raising=False)
    else:
        monkeypatch.setenv("ARGOS_PACKAGE_INDEX", env)
    assert resolve_index_url(given) == expected


@pytest.mark.parametrize(
    ("versions", "newest"),
    [(["1.0", "1.1"], "1.1"), (["1.9", "1.10"], "1.10"), (["1.9.0", "1.9"], "1.9.0"), (["2", "10"], "10")],
)
def test_version_order(versions: list[str], newest: str) -> None:
    infos = [PackageInfo(code="c", from_code="en", to_code="ko", package_version=v) for v in versions]
    assert max(infos, key=lambda p: p.version_key).package_version == newest
