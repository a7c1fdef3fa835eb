"""Abuse limits: per-user request rates, checked server-side.

A sliding one-minute window per (user, bucket).  One server process keeps the
counters in its own memory; the workers of ``camreg serve --workers N`` share
one set, kept by a small counting process they all ask (:func:`shared_counters`),
so a user's limit holds whichever worker answers.  Going over the limit answers
429 with ``Retry-After`` and leaves an audit row (the error handler records
every 429).
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.managers import BaseManager
from multiprocessing.process import BaseProcess
from typing import Any, Protocol

from fastapi import Request

from camera_registry.auth import Principal
from camera_registry.deps import CurrentUser
from camera_registry.errors import ServiceUnavailable, TooManyRequests
from camera_registry.system.lifetime import STOP_SIGNALS, end_with_parent, stop_signals_blocked

WINDOW_S = 60.0


class RateCounter(Protocol):
    """Where the counting happens: this process (:class:`RateLimiter`) or a shared one."""

    def admit(self, bucket: str, who: str, limit: int) -> int | None:
        """Count one request and return None, or return the seconds to wait (not counted)."""
        ...


class RateLimiter:
    """Sliding-window counters per key."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._hits: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def admit(self, bucket: str, who: str, limit: int) -> int | None:
        """Count one request and return None, or return the seconds to wait past ``limit``."""
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault((bucket, who), deque())
            while hits and hits[0] <= now - WINDOW_S:
                hits.popleft()
            if len(hits) >= limit:
                return int(hits[0] + WINDOW_S - now) + 1
            hits.append(now)
            return None


class _CounterProcess(BaseManager):
    """A process holding one :class:`RateLimiter` for every worker (stdlib managers)."""


_CounterProcess.register("RateLimiter", RateLimiter, exposed=("admit",))


@dataclass(frozen=True)
class SharedCounters:
    """The counters the workers share, and the process that keeps them (to watch it)."""

    counter: RateCounter
    process: BaseProcess


def _start_counting() -> None:
    # Stop signals are for the workers: this process outlives their draining
    # (Ctrl-C and systemd's SIGTERM reach the whole group) and is stopped by the
    # server when they are done, or killed if the server itself is.  They were
    # blocked across the fork, so none sent meanwhile ends it before this.
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    end_with_parent(signal.SIGKILL)


@contextmanager
def shared_counters() -> Iterator[SharedCounters]:
    """Counters kept by a separate process, for workers forked after this is entered.

    Each call is a round trip over a local socket (≈ 45 µs measured); the
    process ignores Ctrl-C and SIGTERM so that it outlives the workers draining
    their requests, and is stopped when the block ends.
    """
    manager = _CounterProcess(ctx=multiprocessing.get_context("fork"))
    with stop_signals_blocked():
        manager.start(_start_counting)
    process: BaseProcess = manager._process  # type: ignore[attr-defined]
    try:
        yield SharedCounters(manager.RateLimiter(), process)  # type: ignore[attr-defined]
    finally:
        manager.shutdown()


def hit(request: Request, bucket: str, who: str, limit: int) -> None:
    """Count one request of ``who`` in ``bucket``; ``TooManyRequests`` past ``limit`` a minute."""
    counter: RateCounter = request.app.state.rate_counter
    try:
        wait = counter.admit(bucket, who, limit)
    except (OSError, EOFError) as lost:  # the shared counting process is gone
        raise ServiceUnavailable(
            "The server's request counters are unavailable; retry in a moment.", retry_after=5
        ) from lost
    if wait is not None:
        raise TooManyRequests(f"More than {limit} {bucket} requests a minute; slow down.", wait)


def rate_limited(
    bucket: str, setting: str
) -> Callable[[Request, Principal], Coroutine[Any, Any, Principal]]:
    """A dependency counting each call against the caller's per-minute ``setting``.

    Asynchronous: counting is a short step (in memory, or one local round trip to
    the shared counters), so it needs no worker thread.
    """

    async def check(request: Request, user: CurrentUser) -> Principal:
        hit(request, bucket, user.username, int(getattr(request.app.state.settings, setting)))
        return user

    return check


def count_holder_read(request: Request, user: Principal) -> None:
    """Count a response that is about to carry holder contacts."""
    limit = request.app.state.settings.rate_holder_reads_per_minute
    hit(request, "holder-contact", user.username, limit)


def count_holder_reads(request: Request, user: Principal, shown: Iterable[object]) -> None:
    """Count a response once if any of its items shows a holder (``shown``: one flag per item).

    A listing of a thousand cameras counts as one read, like a single camera:
    the limit is on responses, so that paging through the registry is what it slows.
    """
    if any(shown):
        count_holder_read(request, user)


def in_progress_limited(bucket: str, setting: str) -> Callable[[Request], AsyncIterator[None]]:
    """A dependency refusing a request with 503 while ``setting`` others of ``bucket`` are in hand.

    Load shedding: past its capacity a server that queues every request makes
    all of them wait until they time out; refusing the excess at once (before
    authentication, which costs a query) keeps the rest answered in time.  The
    count is per process: each worker refuses past its own capacity.
    """

    async def admit(request: Request) -> AsyncIterator[None]:  # on the event loop: no lock
        counts: dict[str, int] = request.app.state.in_progress
        limit = int(getattr(request.app.state.settings, setting))
        if counts.get(bucket, 0) >= limit:
            raise ServiceUnavailable(
                f"The server is answering as many {bucket} requests as it can; retry in a second.",
                retry_after=1,
            )
        counts[bucket] = counts.get(bucket, 0) + 1
        try:
            yield
        finally:
            counts[bucket] -= 1

    return admit
