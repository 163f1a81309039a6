"""Headless Chromium over the DevTools protocol, for the tests that look at built pages as a reader gets them.

The protocol runs over a pipe (``--remote-debugging-pipe``: NUL-separated
JSON on file descriptors 3 and 4), so no WebSocket library is needed. The
browser is headless, keeps its profile in a temporary folder, and with
:data:`OFFLINE` resolves every host name to nowhere: nothing it does can
reach the network. CI installs Chromium and the Noto CJK fonts (``.ci/run``);
elsewhere the tests that need it are skipped when ``chromium`` is not on the
PATH.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: Every host name resolves to nowhere: should anything try to fetch, it reaches nothing.
OFFLINE = ("--host-resolver-rules=MAP * ~NOTFOUND",)


def _high(fd: int) -> int:
    """``fd`` moved to a descriptor numbered 10 or more."""
    import fcntl

    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class DevTools:
    """The smallest DevTools protocol client: one browser over ``--remote-debugging-pipe``, one page."""

    def __init__(self, profile: Path, timeout: float = 60, args: tuple[str, ...] = ()) -> None:
        # Pipe ends numbered 10 and up: putting them on 3 and 4 in the child then never overwrites one another.
        to_browser_read, self._write_fd = (_high(fd) for fd in os.pipe())
        self._read_fd, from_browser_write = (_high(fd) for fd in os.pipe())

        def descriptors() -> None:  # in the child: the pipe ends where Chromium looks for them
            os.dup2(to_browser_read, 3)
            os.dup2(from_browser_write, 4)

        self.process = subprocess.Popen(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
             f"--user-data-dir={profile}", *args, "--remote-debugging-pipe", "about:blank"],
            pass_fds=(3, 4), preexec_fn=descriptors, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        os.close(to_browser_read)
        os.close(from_browser_write)
        self.deadline = time.monotonic() + timeout
        self._buffer = b""
        self._waited = 0
        self._id = 0
        self.session: str | None = None
        #: Every event the browser sent (``Network.requestWillBeSent``, ``Page.loadEventFired``, ...), in order.
        self.events: list[dict[str, Any]] = []

    def __enter__(self) -> DevTools:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        os.close(self._write_fd)
        os.close(self._read_fd)

    def _message(self, until: float | None = None) -> dict[str, Any]:
        """The next message; ``{}`` when ``until`` (a monotonic time) comes first."""
        while b"\0" not in self._buffer:
            left = (self.deadline if until is None else min(until, self.deadline)) - time.monotonic()
            if until is not None and left <= 0 and time.monotonic() < self.deadline:
                return {}
            assert left > 0, "Chromium did not answer in time"
            ready, _, _ = select.select([self._read_fd], [], [], left)
            if ready:
                chunk = os.read(self._read_fd, 1 << 16)
                assert chunk, "Chromium closed the pipe"
                self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        parsed = json.loads(message)
        if "method" in parsed:
            self.events.append(parsed)
        return parsed

    def wait_for(self, method: str, seconds: float) -> bool:
        """Whether the event ``method`` comes (or came since the last wait) within ``seconds``."""
        until = time.monotonic() + seconds
        while True:
            if any(event.get("method") == method for event in self.events[self._waited :]):
                self._waited = len(self.events)
                return True
            if not self._message(until):
                return False

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if self.session:
            message["sessionId"] = self.session
        os.write(self._write_fd, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._message()
            if answer.get("id") == self._id:
                assert "error" not in answer, answer
                return answer["result"]

    def open(self, page: Path, *, enable: tuple[str, ...] = (), width: int | None = None, height: int = 900) -> None:
        """Load ``page`` in a new tab (``width`` px wide, as a phone or a desktop shows it, when given).

        ``enable`` names more domains to switch on first (``Network.enable``).
        """
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable")
        for method in enable:
            self.call(method)
        if width is not None:
            self.viewport(width, height)
        self.navigate(page)

    def navigate(self, page: Path) -> None:
        self._waited = len(self.events)
        self.call("Page.navigate", url=page.as_uri())
        assert self.wait_for("Page.loadEventFired", self.deadline - time.monotonic()), "the page did not load"

    def viewport(self, width: int, height: int = 900) -> None:
        """Lay the page out at ``width`` CSS pixels, as a phone (mobile, touch) when narrower than 800."""
        mobile = width < 800
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1 if not mobile else 2,
                  mobile=mobile)  # fmt: skip

    def evaluate(self, expression: str) -> Any:
        answer = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in answer, answer["exceptionDetails"]
        return answer["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click (press and release) in the middle of the element ``selector``."""
        box = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.scrollIntoView({{block: 'center'}});"
            " const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()"
        )
        x, y = box
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def screenshot(self, path: Path) -> None:
        """The whole page, as laid out now, into ``path`` (PNG)."""
        width, height = self.evaluate(
            "[document.documentElement.clientWidth, Math.ceil(document.scrollingElement.scrollHeight)]"
        )
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": width, "height": height, "scale": 1})  # fmt: skip
        path.write_bytes(base64.b64decode(shot["data"]))
