"""Downloads that cannot hang: an overall deadline, a minimum rate, progress.

Every transfer (the index, a package) has an overall deadline and a minimum
rate, so a server that trickles bytes cannot hang a command that holds a
lock: see :class:`TransferLimits` for the settings and the environment
variables that change them. :func:`transfer` streams any URL under those
limits; :func:`download` is a package download reporting progress.

Named ``transfer`` after :class:`TransferLimits` and :func:`transfer`: it
knows about HTTP and time, not about packages or the index (what is fetched,
and what happens to it, is :mod:`dipl10n.mt.packages.index`'s business).
"""

from __future__ import annotations

import queue
import socket
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dipl10n.errors import PackageError
from dipl10n.mt.packages.metadata import format_size
from dipl10n.project.config import env_number

__all__ = [
    "DOWNLOAD_TIMEOUT",
    "DOWNLOAD_TIMEOUT_ENV",
    "INDEX_TIMEOUT",
    "INDEX_TIMEOUT_ENV",
    "MAX_DOWNLOAD_BYTES",
    "MIN_RATE",
    "MIN_RATE_ENV",
    "RATE_WINDOW",
    "RATE_WINDOW_ENV",
    "DownloadProgress",
    "TransferLimits",
    "download_package",
    "transfer",
]

# Argos models are 50-400 MB; anything far beyond is not a translation package.
MAX_DOWNLOAD_BYTES = 2 * 1024**3
_CHUNK = 1024 * 1024

#: ``progress(done, total)`` as bytes arrive; ``total`` is None when the server sends no length.
DownloadProgress = Callable[[int, "int | None"], None]

#: Environment variables that change the limits of :class:`TransferLimits`.
DOWNLOAD_TIMEOUT_ENV = "DIPL10N_DOWNLOAD_TIMEOUT"
INDEX_TIMEOUT_ENV = "DIPL10N_INDEX_TIMEOUT"
MIN_RATE_ENV = "DIPL10N_DOWNLOAD_MIN_RATE"
RATE_WINDOW_ENV = "DIPL10N_DOWNLOAD_RATE_WINDOW"
#: Seconds one package download may take in all (a 400 MB package needs 110 KB/s).
DOWNLOAD_TIMEOUT = 3600.0
#: Seconds fetching the package index (about 100 KB) may take in all.
INDEX_TIMEOUT = 120.0
#: Bytes per second a transfer must average over every RATE_WINDOW seconds.
MIN_RATE = 1024.0
RATE_WINDOW = 30.0


@dataclass(frozen=True)
class TransferLimits:
    """How long a transfer may take before dipl10n gives up on it.

    ``deadline``: seconds for the whole transfer, connecting and headers
    included (``DIPL10N_DOWNLOAD_TIMEOUT`` for packages, default
    :data:`DOWNLOAD_TIMEOUT`; ``DIPL10N_INDEX_TIMEOUT`` for the index,
    default :data:`INDEX_TIMEOUT`). ``min_rate``: bytes per second the
    transfer must average over every ``window`` seconds
    (``DIPL10N_DOWNLOAD_MIN_RATE``, default :data:`MIN_RATE`, 0 turns it off;
    ``DIPL10N_DOWNLOAD_RATE_WINDOW``, default :data:`RATE_WINDOW`). A server
    that sends a byte now and then never trips a socket timeout; these do.
    """

    deadline: float = DOWNLOAD_TIMEOUT
    min_rate: float = MIN_RATE
    window: float = RATE_WINDOW
    deadline_setting: str = DOWNLOAD_TIMEOUT_ENV

    @classmethod
    def for_packages(cls) -> TransferLimits:
        """The limits for a package download, from the environment."""
        return cls._from_environment(DOWNLOAD_TIMEOUT_ENV, DOWNLOAD_TIMEOUT)

    @classmethod
    def for_index(cls) -> TransferLimits:
        """The limits for fetching the package index, from the environment."""
        return cls._from_environment(INDEX_TIMEOUT_ENV, INDEX_TIMEOUT)

    @classmethod
    def _from_environment(cls, deadline_env: str, deadline: float) -> TransferLimits:
        return cls(
            deadline=env_number(deadline_env, deadline, zero_ok=False),
            min_rate=env_number(MIN_RATE_ENV, MIN_RATE, zero_ok=True),
            window=env_number(RATE_WINDOW_ENV, RATE_WINDOW, zero_ok=False),
            deadline_setting=deadline_env,
        )


def _open_url(url: str, timeout: float, sockets: list[socket.socket]) -> Any:
    """``urlopen``; every connection it makes (redirects and proxies too) is added to ``sockets``."""
    request = urllib.request.Request(url, headers={"User-Agent": "dipl10n"})
    return _tracking_opener(sockets).open(request, timeout=timeout)


def _tracking_opener(sockets: list[socket.socket]) -> urllib.request.OpenerDirector:
    """An opener like ``urlopen``'s whose connections report their socket once connected."""

    def tracked(base: Any) -> Any:
        class Tracked(base):
            def connect(self) -> None:
                super().connect()
                sockets.append(self.sock)

        return Tracked

    class HTTPHandler(urllib.request.HTTPHandler):
        def do_open(self, http_class: Any, req: Any, **kwargs: Any) -> Any:
            return super().do_open(tracked(http_class), req, **kwargs)

    class HTTPSHandler(urllib.request.HTTPSHandler):
        def do_open(self, http_class: Any, req: Any, **kwargs: Any) -> Any:
            return super().do_open(tracked(http_class), req, **kwargs)

    return urllib.request.build_opener(HTTPHandler, HTTPSHandler)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        return str(exc.reason)
    return str(exc) or type(exc).__name__


def _abort(sockets: list[socket.socket]) -> None:
    """Shut the sockets down, so a thread blocked reading one of them wakes up."""
    for sock in list(sockets):
        try:
            socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the plain socket's, also under TLS
        except OSError:
            pass  # already closed


def transfer(
    url: str,
    sink: Callable[[bytes], Any],
    *,
    what: tuple[str, str],
    limits: TransferLimits,
    timeout: float,
    max_bytes: int,
    started: Callable[[int | None], None] | None = None,
) -> None:
    """Stream ``url``'s body into ``sink``.

    ``what`` is how messages name the transfer: ``("download", "downloading")``.
    The network is read in a helper thread and handed over chunk by chunk,
    so this thread keeps the time: it gives up (a :class:`PackageError`
    saying how much came in how long) at the deadline, or when less than
    ``min_rate * window`` bytes arrived in the last ``window`` seconds,
    whatever the network is doing (connecting, sending headers a byte at a
    time, or a body). Giving up shuts the connection down, so the helper
    thread ends too. ``started(total)`` is called once the headers are in.
    """
    verb, gerund = what
    channel: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=4)
    stop = threading.Event()
    sockets: list[socket.socket] = []

    def hand_over(item: tuple[str, Any]) -> bool:
        while not stop.is_set():
            try:
                channel.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def fetch() -> None:
        try:
            with _open_url(url, min(timeout, limits.deadline), sockets) as response:
                if not hand_over(("start", response.headers.get("Content-Length"))):
                    return
                read = getattr(response, "read1", None) or response.read
                while not stop.is_set():
                    chunk = read(_CHUNK)
                    if not hand_over(("data", chunk)) or not chunk:
                        return
        except Exception as exc:  # handed to the waiting thread, which reports it
            hand_over(("error", exc))

    begun = time.monotonic()
    deadline_at = begun + limits.deadline
    poll = max(0.01, min(0.5, limits.window / 10))
    history: deque[tuple[float, int]] = deque([(begun, 0)])
    done = 0
    total: int | None = None
    worker = threading.Thread(target=fetch, name="dipl10n-transfer", daemon=True)
    worker.start()
    try:
        while True:
            now = time.monotonic()
            if now >= deadline_at:
                so_far = f"{done} of {total} bytes" if total is not None else f"{done} bytes"
                setting = limits.deadline_setting
                raise PackageError(
                    f"gave up {gerund} {url}: {so_far} in {now - begun:.0f} s, the time limit "
                    f"({setting}={limits.deadline:g}); try again later, or raise {setting} on a slow connection"
                )
            if limits.min_rate > 0 and now - begun >= limits.window:
                while len(history) > 1 and history[1][0] <= now - limits.window:
                    history.popleft()
                recent = done - history[0][1]
                if recent < limits.min_rate * limits.window:
                    raise PackageError(
                        f"gave up {gerund} {url}: {recent} bytes in {limits.window:g} s, slower than the "
                        f"minimum of {limits.min_rate:g} bytes/s ({MIN_RATE_ENV}); the server or the network "
                        "stalls, try again later"
                    )
            try:
                kind, value = channel.get(timeout=max(0.001, min(poll, deadline_at - now)))
            except queue.Empty:
                continue
            if kind == "error":
                raise PackageError(f"cannot {verb} {url}: {_reason(value)}", cause=value)
            if kind == "start":
                total = int(value) if value and value.isdigit() else None
                if total is not None and total > max_bytes:
                    raise PackageError(f"{url} is {total} bytes, more than the {format_size(max_bytes)} dipl10n accepts")
                if started is not None:
                    started(total)
                continue
            if not value:
                break
            done += len(value)
            if done > max_bytes:
                raise PackageError(f"{url} sends more than the {format_size(max_bytes)} dipl10n accepts")
            sink(value)
            history.append((time.monotonic(), done))
    finally:
        stop.set()
        _abort(sockets)
    if total is not None and done != total:
        raise PackageError(f"{url}: the transfer stopped at {done} of {total} bytes")


def download_package(
    url: str, sink: Any, progress: DownloadProgress | None, timeout: float, limits: TransferLimits
) -> None:
    """Write a package at ``url`` (at most :data:`MAX_DOWNLOAD_BYTES`) to the binary file ``sink``, reporting ``progress``."""
    done = 0
    total: int | None = None

    def started(length: int | None) -> None:
        nonlocal total
        total = length
        if progress is not None:
            progress(0, length)

    def write(chunk: bytes) -> None:
        nonlocal done
        sink.write(chunk)
        done += len(chunk)
        if progress is not None:
            progress(done, total)

    transfer(
        url,
        write,
        what=("download", "downloading"),
        limits=limits,
        timeout=timeout,
        max_bytes=MAX_DOWNLOAD_BYTES,
        started=started,
    )
