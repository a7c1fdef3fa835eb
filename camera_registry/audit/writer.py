"""Group commit for audit rows that stand alone: many requests, one transaction.

A lookup only reads, yet every lookup must leave an audit row before its answer
goes out.  Written one by one, each row costs a transaction of its own — the
write lock, the chain's last hash, a commit that waits for the disk — and under
load the requests queue for the write lock.  Here the rows of requests that
arrive together are chained and committed in one transaction by one thread per
process; each request still waits until its own row is committed, so no answer
leaves without its audit row, and a failure reaches that request as an error.

A request on the event loop need not hold a thread while it waits: it hands
its row over through a :class:`Deferred` and awaits :meth:`Deferred.committed`
before it answers.  A thread that blocked on the commit instead would sit idle
for the commit (and for the write lock and the interpreter lock on the way),
and with the few threads lookups get, batches could never grow beyond them.

Rows that must be atomic with other writes (a camera edit and its audit row)
keep using :func:`camera_registry.audit.service.record` in their own
transaction.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from camera_registry.audit import service
from camera_registry.db import now_utc
from camera_registry.errors import ServiceUnavailable

log = logging.getLogger(__name__)

#: Most rows chained in one transaction.
MAX_BATCH = 256
#: The writer thread ends after this long with nothing to write (a new row restarts it).
IDLE_EXIT_S = 5.0
#: Longest a request waits for its row to be committed before it is refused.
WAIT_S = 60.0


@dataclass
class _Pending:
    fields: Mapping[str, Any]
    done: Future[None] = field(default_factory=Future)


class RowSink(Protocol):
    """Where an audited operation appends its row: a writer, or a request's :class:`Deferred`."""

    def append(self, **fields: Any) -> None:
        """Append one row (the fields of ``service.record``)."""


def _refused(error: BaseException) -> ServiceUnavailable:
    if isinstance(error, TimeoutError):
        return ServiceUnavailable("The audit trail could not be written in time; retry later.")
    return ServiceUnavailable(
        "The audit trail could not be written, so nothing is answered; retry later."
    )


class AuditWriter:
    """Appends audit rows in batches from a thread of its own (see the module)."""

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._queue: list[_Pending] = []
        self._running = False

    def append(self, **fields: Any) -> None:
        """Append one row (the fields of ``service.record``) and wait until it is committed.

        Raises ``ServiceUnavailable`` if the row could not be committed (the
        cause chained, and logged), or not within :data:`WAIT_S`.
        """
        done = self.submit(**fields)
        try:
            done.result(WAIT_S)
        except Exception as exc:  # noqa: BLE001 — the row's failure, or the wait's
            raise _refused(exc) from exc

    def submit(self, **fields: Any) -> Future[None]:
        """Queue one row; the future is done once it is committed (or could not be).

        The row's fields are completed from the calling request (see
        ``service.entry``) here, in the caller's context, not in the writer's.
        """
        pending = _Pending(service.entry(at=now_utc().replace(microsecond=0), **fields))
        pending.done.set_running_or_notify_cancel()  # a row, once queued, cannot be cancelled
        with self._lock:
            self._queue.append(pending)
            if not self._running:
                self._running = True
                threading.Thread(target=self._run, name="audit-writer", daemon=True).start()
            self._wake.notify()
        return pending.done

    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._queue:
                    if not self._wake.wait(IDLE_EXIT_S) and not self._queue:
                        self._running = False
                        return
                batch = self._queue[:MAX_BATCH]
                del self._queue[:MAX_BATCH]
            self._write(batch)

    def _write(self, batch: list[_Pending]) -> None:
        try:
            self._commit(batch)
        except Exception as exc:  # noqa: BLE001 — handed to the requests that wait
            if len(batch) == 1:
                log.exception("audit row not written: %s", batch[0].fields.get("action"))
                batch[0].done.set_exception(exc)
            else:  # one bad row must not fail the others: each alone
                for pending in batch:
                    self._write([pending])
            return
        for pending in batch:
            pending.done.set_result(None)

    def _commit(self, batch: list[_Pending]) -> None:
        with self._factory() as session:
            service.record_many(session, [p.fields for p in batch])
            session.commit()


class Deferred:
    """A request's row, handed to the writer from a worker thread and awaited on the event loop.

    ``append`` (in the thread) queues the row and returns at once;
    :meth:`committed` (on the loop) waits for its commit without holding a
    thread.  The request must await it before it answers — also when the
    operation failed after appending its row (a refused lookup is audited too).
    """

    def __init__(self, writer: AuditWriter) -> None:
        self._writer = writer
        self._done: Future[None] | None = None

    def append(self, **fields: Any) -> None:
        """Queue the row (one per request)."""
        assert self._done is None, "one audit row per request"
        self._done = self._writer.submit(**fields)

    async def committed(self) -> None:
        """Return once the row is committed (at once if none was appended).

        Raises ``ServiceUnavailable`` if it could not be, or not within :data:`WAIT_S`.
        """
        if self._done is None:
            return
        try:
            # shielded: giving up the wait must not cancel the asyncio side either
            await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(self._done)), WAIT_S)
        except Exception as exc:  # noqa: BLE001 — the row's failure, or the wait's
            raise _refused(exc) from exc


def deferred_for(state: Any, session: Session) -> Deferred | None:
    """A :class:`Deferred` on the application's writer (``state.audit_writer``), for one request.

    ``None`` for a session bound to one connection (a caller's transaction):
    its audit rows belong in that transaction.
    """
    if not isinstance(session.get_bind(), Engine):
        return None
    return Deferred(state.audit_writer)
