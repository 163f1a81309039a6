"""Tests for dipl10n.fs.atomic: atomic replacement that refuses to overwrite a concurrent edit."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys

import pytest

from dipl10n.errors import BusyError, ConcurrentEditError, FileSystemError
from dipl10n.fs import atomic
from dipl10n.fs.atomic import (
    atomic_write,
    atomic_write_text,
    file_digest,
    owner_tag,
    remove_stale_temps,
    temp_name,
    temps_owned_by,
)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def leftovers(directory) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_writes_content_and_returns_its_digest(tmp_path):
    target = tmp_path / "ko.po"
    digest = atomic_write(target, b"msgid \"a\"\n")
    assert target.read_bytes() == b"msgid \"a\"\n"
    assert digest == sha(b"msgid \"a\"\n")
    assert leftovers(tmp_path) == []


def test_replaces_an_existing_file(tmp_path):
    target = tmp_path / "ko.po"
    target.write_bytes(b"old")
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"


@pytest.mark.parametrize(
    "content, expected",
    [(None, ""), (b"", sha(b"")), (b"abc", sha(b"abc")), (bytes(range(256)) * 1000, sha(bytes(range(256)) * 1000))],
)
def test_file_digest(tmp_path, content, expected):
    target = tmp_path / "f"
    if content is not None:
        target.write_bytes(content)
    assert file_digest(target) == expected


def test_text_is_utf8_and_newlines_stay_lf(tmp_path):
    target = tmp_path / "ko.po"
    digest = atomic_write_text(target, 'msgstr "외교부"\n\n')
    assert target.read_bytes() == 'msgstr "외교부"\n\n'.encode()
    assert digest == sha('msgstr "외교부"\n\n'.encode())


def test_expected_digest_matches(tmp_path):
    target = tmp_path / "ko.po"
    target.write_bytes(b"as read")
    atomic_write(target, b"merged", expected_digest=sha(b"as read"))
    assert target.read_bytes() == b"merged"


def test_concurrent_edit_is_refused_and_kept(tmp_path):
    target = tmp_path / "ko.po"
    target.write_bytes(b"as read")
    expected = file_digest(target)
    target.write_bytes(b"saved in Poedit meanwhile")
    with pytest.raises(ConcurrentEditError) as info:
        atomic_write(target, b"merged", expected_digest=expected)
    assert target.read_bytes() == b"saved in Poedit meanwhile"
    assert info.value.path == target
    assert "ko.po" in info.value.message
    assert isinstance(info.value, BusyError) and info.value.exit_code == 3
    assert leftovers(tmp_path) == []


def test_empty_expected_digest_means_must_not_exist(tmp_path):
    target = tmp_path / "ko.po"
    atomic_write(target, b"first", expected_digest="")
    assert target.read_bytes() == b"first"
    with pytest.raises(ConcurrentEditError, match="created by someone else"):
        atomic_write(target, b"second", expected_digest="")
    assert target.read_bytes() == b"first"


def test_deleted_meanwhile_is_refused(tmp_path):
    target = tmp_path / "ko.po"
    with pytest.raises(ConcurrentEditError, match="deleted or moved"):
        atomic_write(target, b"x", expected_digest=sha(b"was there"))
    assert not target.exists()
    assert leftovers(tmp_path) == []


def test_digest_is_checked_after_the_data_is_written(tmp_path, monkeypatch):
    """The check happens right before the rename, not when the write starts."""
    target = tmp_path / "ko.po"
    target.write_bytes(b"as read")
    expected = file_digest(target)
    real_fsync = os.fsync

    def reviewer_saves_during_fsync(fd):
        real_fsync(fd)
        target.write_bytes(b"reviewer")

    monkeypatch.setattr(atomic.os, "fsync", reviewer_saves_during_fsync)
    with pytest.raises(ConcurrentEditError):
        atomic_write(target, b"merged", expected_digest=expected)
    assert target.read_bytes() == b"reviewer"
    assert leftovers(tmp_path) == []


def test_no_temp_file_left_when_writing_fails(tmp_path, monkeypatch):
    """A full disk: one error naming the target (not the temporary file), exit status 2, the old file kept."""
    target = tmp_path / "ko.po"
    target.write_bytes(b"old")

    def failing_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", failing_fsync)
    with pytest.raises(FileSystemError) as info:
        atomic_write(target, b"new")
    assert info.value.path == target and info.value.exit_code == 2
    assert "no space left on the device; free some space and run again" in info.value.message
    assert isinstance(info.value.cause, OSError)
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def test_no_temp_file_left_when_interrupted(tmp_path, monkeypatch):
    target = tmp_path / "ko.po"
    real_replace = os.replace

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b"new")
    monkeypatch.setattr(atomic.os, "replace", real_replace)
    assert not target.exists()
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
@pytest.mark.parametrize("mode", [0o600, 0o644, 0o664, 0o755])
def test_permissions_of_the_replaced_file_are_kept(tmp_path, mode):
    target = tmp_path / "ko.po"
    target.write_bytes(b"old")
    os.chmod(target, mode)
    atomic_write(target, b"new")
    assert stat.S_IMODE(os.stat(target).st_mode) == mode


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_new_file_gets_the_umask_default(tmp_path):
    target = tmp_path / "new.po"
    old = os.umask(0o022)
    try:
        atomic_write(target, b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o644


def test_missing_directory_is_an_error_without_leftovers(tmp_path):
    with pytest.raises(FileSystemError, match="no such file or folder") as info:
        atomic_write(tmp_path / "no" / "such" / "ko.po", b"x")
    assert info.value.path == tmp_path / "no" / "such" / "ko.po"
    assert leftovers(tmp_path) == []


def test_a_folder_in_place_of_the_file_is_named(tmp_path):
    (tmp_path / "state.json").mkdir()
    with pytest.raises(FileSystemError, match="it is a folder where dipl10n expects a file; move the folder aside"):
        atomic_write(tmp_path / "state.json", b"{}")
    assert leftovers(tmp_path) == []


def test_an_unreadable_file_is_named_by_file_digest(tmp_path):
    (tmp_path / "ko.po").mkdir()
    with pytest.raises(FileSystemError, match="cannot read") as info:
        file_digest(tmp_path / "ko.po", display="locales/ko.po")
    assert str(info.value.path) == "locales/ko.po"


# -- temporary files carry their project's tag; clean-up removes only its own ----------------


def test_temporary_files_carry_the_owner_tag_while_it_is_set(tmp_path, monkeypatch):
    seen = []
    real_replace = os.replace

    def spy(src, dst):
        seen.append(os.path.basename(src))
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", spy)
    tag = owner_tag(tmp_path)
    atomic_write(tmp_path / "a.po", b"x")
    with temps_owned_by(tag):
        atomic_write(tmp_path / "b.po", b"x")
    atomic_write(tmp_path / "c.po", b"x")
    assert re.fullmatch(r"\.a\.po\.[0-9a-f]{8}\.tmp", seen[0])
    assert re.fullmatch(rf"\.b\.po\.{tag}\.[0-9a-f]{{8}}\.tmp", seen[1])
    assert re.fullmatch(r"\.c\.po\.[0-9a-f]{8}\.tmp", seen[2])
    assert len(seen[1]) - len("b.po") == atomic.TEMP_NAME_EXTRA


def test_the_owner_tag_names_the_project_root(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "a")
    assert owner_tag(tmp_path / "a") == owner_tag(tmp_path / "link") != owner_tag(tmp_path / "b")
    assert len(owner_tag(tmp_path / "a")) == 8


def test_remove_stale_temps_removes_only_the_owners(tmp_path):
    mine, theirs = "0123abcd", "feedbeef"
    (tmp_path / "ko").mkdir()
    own = [
        tmp_path / temp_name("doc.po", owner=mine, token="0badc0de"),
        tmp_path / "ko" / temp_name("x.html", owner=mine, token="12345678"),
    ]
    kept = [
        tmp_path / temp_name("doc.po", owner=theirs, token="0badc0de"),  # another project's, maybe in flight
        tmp_path / temp_name("doc.po", owner=None, token="0badc0de"),  # written outside any project lock
        tmp_path / f".doc.po.{mine}.tmp",
        tmp_path / "doc.po~",
    ]
    for path in own + kept:
        path.write_bytes(b"x")
    assert sorted(remove_stale_temps(tmp_path, owner=mine)) == sorted(own)
    assert all(path.exists() for path in kept) and not any(path.exists() for path in own)
    with pytest.raises(ValueError):
        list(remove_stale_temps(tmp_path, owner=".*"))
