"""Per-request context (request id, client address) for audit rows and logs.

The middleware in :mod:`camera_registry.requestlog` sets it for every request;
``audit.record`` reads it when the caller does not pass the values, so every
audit row carries them.  No web imports here: the command line writes audit
rows too.
"""

from __future__ import annotations

from contextvars import ContextVar

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
source_addr: ContextVar[str | None] = ContextVar("source_addr", default=None)
