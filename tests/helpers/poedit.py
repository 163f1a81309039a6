"""Poedit, the desktop catalog editor, driven for real: under Xvfb, with xdotool.

:class:`Poedit` starts a virtual X display and opens catalogs in Poedit as a
reviewer does (``poedit FILE``), optionally types a new translation into one
entry (clicking into the translation field, then Poedit's "next item",
Ctrl+Down), saves with Ctrl+S and quits with Ctrl+Q. Poedit runs with a home
directory of its own (a temporary folder with a pre-seeded configuration:
fixed window size, entries in file order, a translator's name, no translation
memory; Poedit 3.2 then opens no wizard or dialog), so nothing of the
machine's user is read or changed, and with ``WXTRACE=poedit``, so its trace
lines (``detect line wrapping: N``, ``formatting file with msgcat ...``) are
kept as evidence of how it wrapped. No window manager runs: xdotool gives
Poedit's window the focus itself.

Debian: ``apt-get install poedit xvfb xdotool``. :func:`missing` says what is
not installed, for a skip reason.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

POEDIT = shutil.which("poedit")
XVFB = shutil.which("Xvfb")
XDOTOOL = shutil.which("xdotool")
#: What Debian calls the packages that provide them.
PACKAGES = {"poedit": "poedit", "Xvfb": "xvfb", "xdotool": "xdotool"}

#: Seconds to wait for Poedit's window, a save, or Poedit to quit.
TIMEOUT = 60.0

#: Poedit's configuration (wxFileConfig, ``$XDG_CONFIG_HOME/poedit/config``): a fixed window size (the
#: translation field is clicked at a fixed place), and nothing that would open a panel or index the home.
CONFIG = """\
use_tm=0
show_summary=0
focus_to_text=1
sort_by=file-order
sort_errors_first=0
sort_untrans_first=0
translator_name=Kim Min-ji
translator_email=minji@example.org
[windows]
[windows/mainwin]
x=0
y=0
w=1300
h=900
maximized=0
"""
#: Where the translation field is, from the bottom left corner of a 1300x900 window (above the status bar).
TRANSLATION_FIELD = (300, 100)


def missing() -> str | None:
    """Why Poedit cannot be driven here (a skip reason), or ``None``."""
    absent = [name for name, path in (("poedit", POEDIT), ("Xvfb", XVFB), ("xdotool", XDOTOOL)) if path is None]
    if not absent:
        return None
    packages = " ".join(PACKAGES[name] for name in absent)
    return f"{', '.join(absent)} not installed (Debian: apt-get install {packages})"


class PoeditError(AssertionError):
    """Poedit did not do what the test asked (no window, no save); the message has its trace."""


class Poedit:
    """A virtual display and an isolated home for Poedit; use as a context manager."""

    def __init__(self, home: Path, *, timeout: float = TIMEOUT) -> None:
        self.home = home
        self.timeout = timeout
        self.display = ""
        self.traces: list[str] = []
        self._xvfb: subprocess.Popen[bytes] | None = None

    # -- the display -----------------------------------------------------------------------

    def __enter__(self) -> Poedit:
        config = self.home / ".config" / "poedit" / "config"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(CONFIG, encoding="utf-8")
        read, write = os.pipe()
        self._xvfb = subprocess.Popen(
            [str(XVFB), "-displayfd", str(write), "-screen", "0", "1600x1200x24", "-nolisten", "tcp"],
            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        os.close(write)
        with os.fdopen(read) as displayfd:
            number = displayfd.readline().strip()  # Xvfb writes the display number once it accepts clients
        if not number:
            self.__exit__(None, None, None)
            raise PoeditError("Xvfb did not start")
        self.display = f":{number}"
        return self

    def __exit__(self, *exc: object) -> None:
        if self._xvfb is not None:
            _stop(self._xvfb)
            self._xvfb = None

    def _env(self) -> dict[str, str]:
        desktop = ("XDG_", "DBUS_", "WAYLAND_", "GTK_", "SESSION_MANAGER")  # nothing of the user's desktop session
        env = {key: value for key, value in os.environ.items() if not key.startswith(desktop)}
        home = str(self.home)
        env.update(
            DISPLAY=self.display, HOME=home, XDG_CONFIG_HOME=f"{home}/.config", XDG_DATA_HOME=f"{home}/.local/share",
            XDG_CACHE_HOME=f"{home}/.cache", XDG_RUNTIME_DIR=f"{home}/.run", LANG="C.UTF-8", LC_ALL="C.UTF-8",
            NO_AT_BRIDGE="1", GTK_A11Y="none", WXTRACE="poedit",
        )  # fmt: skip
        Path(env["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)
        return env

    def _xdotool(self, *args: str, timeout: float | None = None) -> str:
        result = subprocess.run(
            [str(XDOTOOL), *args], env=self._env(), capture_output=True, text=True,
            timeout=timeout or self.timeout,
        )  # fmt: skip
        return result.stdout.strip()

    # -- a reviewer's session --------------------------------------------------------------

    def save(self, path: Path, *, translation: str | None = None, entry: int = 0) -> str:
        """Open ``path``, optionally replace a translation with ``translation``, save, quit.

        The translation replaced is that of the ``entry``-th entry in file order
        (0: the first after the header; Poedit's "next item", Ctrl+Down, moves on).

        Returns Poedit's trace for this session (``detect line wrapping: N``,
        the msgcat command it formatted the file with).
        """
        before = path.stat().st_mtime_ns, path.read_bytes()
        log = self.home / f"poedit-{len(self.traces)}.log"
        with open(log, "wb") as out:
            process = subprocess.Popen(
                [str(POEDIT), str(path)], env=self._env(), stdout=out, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
        try:
            window = self._window(process, path.name, log)
            self._xdotool("windowfocus", "--sync", window)
            if translation is not None:
                self._type_translation(window, translation, entry, log)
            self._xdotool("key", "--clearmodifiers", "--window", window, "ctrl+s")
            self._wait(lambda: (path.stat().st_mtime_ns, path.read_bytes()) != before
                       and "(modified)" not in self._xdotool("getwindowname", window),
                       f"Poedit did not save {path.name}", log)  # fmt: skip
            self._xdotool("key", "--clearmodifiers", "--window", window, "ctrl+q")
            try:
                process.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                raise PoeditError(f"Poedit did not quit (a dialog left open?)\n{_trace(log)}") from None
        finally:
            _stop(process)
        trace = _trace(log)
        self.traces.append(trace)
        return trace

    def _window(self, process: subprocess.Popen[bytes], name: str, log: Path) -> str:
        """The id of Poedit's main window for ``name`` (its title starts with the file name)."""
        pattern = "^" + re.escape(name) + " "
        found: list[str] = []

        def shown() -> bool:
            if process.poll() is not None:
                raise PoeditError(f"Poedit exited with {process.returncode}\n{_trace(log)}")
            found[:] = self._xdotool("search", "--onlyvisible", "--name", pattern).split()
            return bool(found)

        self._wait(shown, f"no Poedit window for {name}", log)
        time.sleep(1.0)  # the editor fills its panes after the window maps
        return found[0]

    def _type_translation(self, window: str, text: str, entry: int, log: Path) -> None:
        geometry = self._xdotool("getwindowgeometry", "--shell", window)
        values = dict(line.split("=", 1) for line in geometry.splitlines() if "=" in line)
        x = int(values.get("X", 0)) + TRANSLATION_FIELD[0]
        y = int(values.get("Y", 0)) + int(values["HEIGHT"]) - TRANSLATION_FIELD[1]
        self._xdotool("mousemove", "--sync", str(x), str(y), "click", "1")
        time.sleep(0.3)
        for _ in range(entry):
            self._xdotool("key", "--clearmodifiers", "ctrl+Down")
            time.sleep(0.2)
        self._xdotool("key", "--clearmodifiers", "ctrl+a", "BackSpace")
        self._xdotool("type", "--clearmodifiers", "--delay", "20", text)
        self._wait(lambda: "(modified)" in self._xdotool("getwindowname", window),
                   "typing into Poedit's translation field changed nothing", log)  # fmt: skip
        time.sleep(0.5)

    def _wait(self, condition: Callable[[], bool], what: str, log: Path) -> None:
        deadline = time.monotonic() + self.timeout
        while not condition():
            if time.monotonic() > deadline:
                raise PoeditError(f"{what} within {self.timeout:.0f} s\n{_trace(log)}")
            time.sleep(0.2)


def _trace(log: Path) -> str:
    """Poedit's own lines from its output (wxWidgets' ``Trace:`` and errors), without GTK's noise."""
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    keep = [line for line in text.splitlines() if line.startswith(("Trace:", "Error:", "Warning:"))]
    return "\n".join(keep)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End ``process`` (and its session: Poedit runs msgcat and msgfmt) if it still runs."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=10)


def wrapping_traces(trace: str) -> tuple[int | None, str | None]:
    """The width Poedit detected (``-1``: no wrapping) and the msgcat wrapping option it saved with."""
    detected = re.search(r"detect line wrapping: (-?\d+)", trace)
    option = re.search(r"formatting file with msgcat --force-po( --width=\d+| --no-wrap)?", trace)
    return (
        int(detected.group(1)) if detected else None,
        (option.group(1) or "").strip() if option else None,
    )
