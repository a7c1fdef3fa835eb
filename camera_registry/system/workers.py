"""``camreg serve --workers N``: N forked server processes on one port, sharing rate counters.

Python runs one thread of a process at a time, so one process answers with
about one core; on a machine with more, several processes answer more.  Each
worker is forked with a listening socket of its own on the same address
(``SO_REUSEPORT``): the kernel spreads new connections over them.  Handing one
socket to spawned workers, as ``uvicorn --workers`` does, was measured at 48 ms
for a trivial request instead of 1 ms: the rebuilt socket loses its protocol
number, asyncio then leaves ``TCP_NODELAY`` off and each response waits for a
delayed ACK.  And with one socket shared by forked workers, whichever wakes
first accepts: under load one worker took twice the other's connections.

The per-user rate counters live in one counting process (:mod:`camera_registry.limits`);
every worker builds its own app, engine and connection pool after the fork.
A worker that dies is started again; SIGTERM or Ctrl-C stops them all, each
finishing the requests it holds; if the server process itself is killed, its
workers and counting process end with it.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import signal
import socket
import time
from multiprocessing.process import BaseProcess
from typing import Any

import uvicorn

from camera_registry.limits import RateCounter, shared_counters
from camera_registry.settings import Settings
from camera_registry.system.lifetime import STOP_SIGNALS, end_with_parent, stop_signals_blocked

log = logging.getLogger(__name__)

#: The collector's thresholds in a server process (Python's default: 700, 10, 10).  A lookup
#: holds hundreds of rows at once, so with 700 the youngest generation was collected about once
#: per lookup, and full collections (≈ 100 ms each, every thread stopped) followed.
GC_THRESHOLDS = (20_000, 20, 10)

#: A worker that dies sooner than this after its start is not started again (it would loop).
MIN_LIFETIME_S = 10.0


def _tcp_socket(host: str, port: int) -> tuple[socket.socket, Any]:
    """A new TCP socket for ``host:port`` (not bound yet) and the address to bind it to."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    return socket.socket(family, kind, proto), address  # proto kept: asyncio sets TCP_NODELAY


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` that other workers may bind too (``SO_REUSEPORT``)."""
    sock, address = _tcp_socket(host, port)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(address)
    sock.listen(2048)
    return sock


def settle_heap() -> None:
    """Once the app is built: exempt what start-up made from collection, and collect less often.

    Measured on the 1M-camera lookup benchmark at 200 lookups/s: full
    collections fell from 1.3–1.6 s per worker in 20 s (pauses up to 126 ms)
    to none, and the median answer time from 75–103 ms to 35–42 ms.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def _worker(settings: Settings, counter: RateCounter) -> None:
    from camera_registry.main import create_app  # noqa: PLC0415 — after the fork: own engine

    # Forked with the stop signals blocked (see ``start``): the parent's handler,
    # inherited, would only set a flag here, so a SIGTERM must first get its
    # default action (end a starting worker outright) until uvicorn installs its own.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # Ctrl-C reaches every process of the terminal's group: uvicorn's handler then
    # shuts the worker down gracefully, and the signal it raises again once done
    # meets this handler instead of a KeyboardInterrupt traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)  # one sent meanwhile acts now
    end_with_parent(signal.SIGTERM)
    app = create_app(settings, rate_counter=counter)
    settle_heap()
    # bound only now: the kernel hands a listening worker its share of new connections
    sock = listening_socket(settings.host, settings.port)
    config = uvicorn.Config(
        app,
        access_log=False,  # uvicorn's prints query strings (addresses, coordinates)
        timeout_graceful_shutdown=30,
    )
    uvicorn.Server(config).run(sockets=[sock])


def port_is_free(host: str, port: int) -> bool:
    """Whether no program listens on ``host:port``, this server's other instances included.

    The workers' sockets let each other share the port; a plain bind does not
    share it, so a second ``camreg serve`` on a port in use fails here instead
    of silently taking a share of its connections.
    """
    probe, address = _tcp_socket(host, port)
    with probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # past TIME_WAIT
        try:
            probe.bind(address)
        except OSError as taken:
            log.error("cannot serve on %s:%s: %s", host, port, taken.strerror)
            return False
    return True


def serve_workers(settings: Settings, workers: int) -> int:
    """Run ``workers`` server processes until SIGTERM or Ctrl-C; the exit status.

    A worker that ends is started again, unless it ended young (a start-up
    failure, which would loop); if the counting process ends, every worker's
    counted requests would fail, so the server stops with status 1 for its
    supervisor to start it again.
    """
    if not port_is_free(settings.host, settings.port):
        return 1
    fork = multiprocessing.get_context("fork")
    stopping = False
    failed = False

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    with shared_counters() as shared:
        started: dict[BaseProcess, float] = {}

        def start() -> None:
            process = fork.Process(
                target=_worker, args=(settings, shared.counter), name="camreg-worker"
            )
            with stop_signals_blocked():
                process.start()
            started[process] = time.monotonic()

        previous = {s: signal.signal(s, stop) for s in STOP_SIGNALS}
        try:
            for _ in range(workers):
                start()
            while not stopping:
                time.sleep(0.5)
                if not shared.process.is_alive():
                    log.error(
                        "the rate-counting process ended (exit %s): stopping the workers",
                        shared.process.exitcode,
                    )
                    failed = stopping = True
                    break
                for process, since in list(started.items()):
                    if process.is_alive() or stopping:
                        continue
                    del started[process]
                    lived = time.monotonic() - since
                    log.error("worker %s ended (exit %s)", process.pid, process.exitcode)
                    if lived < MIN_LIFETIME_S:
                        log.error("it lived %.1f s: not restarting; stopping the others", lived)
                        stopping = True
                        break
                    start()
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)
            _stop_all(started)
        failed = failed or any(p.exitcode not in (0, -signal.SIGTERM) for p in started)
        return 1 if failed or len(started) < workers else 0


def _stop_all(started: dict[BaseProcess, float]) -> None:
    """SIGTERM every worker, wait for each to finish its requests, kill a hung one."""
    for process in started:
        if process.is_alive() and process.pid is not None:
            os.kill(process.pid, signal.SIGTERM)
    for process in started:
        process.join(timeout=60)  # uvicorn's own graceful limit is 30 s
        if process.is_alive():
            process.kill()
            process.join()
