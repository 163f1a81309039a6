"""The record of the files a command writes: made by the command line, filled by the Project's writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from dipl10n.project.session import Changes, Project


def test_changes_record_writes_and_removals_in_order() -> None:
    changes = Changes()
    changes.record("write", "locales/a.pot")
    changes.record("remove", "build/ko/a.html")
    changes.record("write", "locales/a.pot")
    assert changes == [("write", "locales/a.pot"), ("remove", "build/ko/a.html"), ("write", "locales/a.pot")]
    assert changes.distinct() == [("write", "locales/a.pot"), ("remove", "build/ko/a.html")]
    with pytest.raises(ValueError):
        changes.record("rename", "x")


def test_a_dry_run_records_into_the_callers_changes_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.dipl10n]\nglossary = false\n", encoding="utf-8")
    changes = Changes()
    project = Project.load(tmp_path, dry_run=True, changes=changes)
    assert project.changes is changes
    project.write(tmp_path / "locales" / "a.pot", b"x")
    assert changes == [("write", "locales/a.pot")] and not (tmp_path / "locales").exists()
    real = Project.load(tmp_path)
    real.write(tmp_path / "locales" / "a.pot", b"x")
    assert real.changes == [("write", "locales/a.pot")] and (tmp_path / "locales" / "a.pot").read_bytes() == b"x"
    assert real.remove(tmp_path / "locales" / "a.pot") and real.changes[-1] == ("remove", "locales/a.pot")
