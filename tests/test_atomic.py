"""Tests for dipl10n.atomic: atomic replacement that refuses to overwrite a concurrent edit."""

from __future__ import annotations

import hashlib
import os
import stat
import sys

import pytest

from dipl10n import atomic
from dipl10n.atomic import atomic_write, atomic_write_text, file_digest
from dipl10n.errors import BusyError, ConcurrentEditError


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
    target = tmp_path / "ko.po"
    target.write_bytes(b"old")

    def failing_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="No space left"):
        atomic_write(target, b"new")
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
    with pytest.raises(FileNotFoundError):
        atomic_write(tmp_path / "no" / "such" / "ko.po", b"x")
    assert leftovers(tmp_path) == []
