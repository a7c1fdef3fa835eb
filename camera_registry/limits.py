"""Abuse limits: per-user request rates, checked server-side.

A sliding one-minute window per (user, bucket), kept in process memory: one
camreg process per database is the supported deployment; several workers
would each count their own share (documented in the README).  Going over the
limit answers 429 with ``Retry-After`` and leaves an audit row (the error
handler records every 429).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable
from typing import Any

from fastapi import Request

from camera_registry.auth import CurrentUser, Principal
from camera_registry.errors import ServiceUnavailable, TooManyRequests

WINDOW_S = 60.0


class RateLimiter:
    """Sliding-window counters per key."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._hits: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, bucket: str, who: str, limit: int) -> None:
        """Count one request; raise ``TooManyRequests`` past ``limit`` per minute."""
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault((bucket, who), deque())
            while hits and hits[0] <= now - WINDOW_S:
                hits.popleft()
            if len(hits) >= limit:
                wait = int(hits[0] + WINDOW_S - now) + 1
                raise TooManyRequests(
                    f"More than {limit} {bucket} requests a minute; slow down.", wait
                )
            hits.append(now)


def limiter_of(request: Request) -> RateLimiter:
    """The app's rate limiter (created with the app)."""
    limiter: RateLimiter = request.app.state.rate_limiter
    return limiter


def rate_limited(
    bucket: str, setting: str
) -> Callable[[Request, Principal], Coroutine[Any, Any, Principal]]:
    """A dependency counting each call against the caller's per-minute ``setting``.

    Asynchronous: counting is a short in-memory step, so it needs no worker thread.
    """

    async def check(request: Request, user: CurrentUser) -> Principal:
        limit = int(getattr(request.app.state.settings, setting))
        limiter_of(request).hit(bucket, user.username, limit)
        return user

    return check


def count_holder_read(request: Request, user: Principal) -> None:
    """Count a response that is about to carry holder contacts."""
    limit = request.app.state.settings.rate_holder_reads_per_minute
    limiter_of(request).hit("holder-contact", user.username, limit)


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
    count is per process, like the rate counters.
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
