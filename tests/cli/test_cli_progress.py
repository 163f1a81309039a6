"""Progress: a bar on a terminal, nothing but the summary line otherwise."""

from __future__ import annotations

import io
import sys

from dipl10n.cli.report import progress_bar as _progress_bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_on_a_terminal(monkeypatch):
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    progress = _progress_bar("Translating")
    assert progress is not None
    for done in (0, 120, 250, 400):
        progress(done, 400)
    out = screen.getvalue()
    assert "Translating" in out
    assert "100%" in out


def test_no_bar_when_not_a_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert _progress_bar("Translating") is None


def test_unknown_total_draws_nothing(monkeypatch):
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    progress = _progress_bar("Downloading")
    progress(1024, None)
    assert screen.getvalue() == ""
