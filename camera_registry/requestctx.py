"""Per-request context (request id, client address) for audit rows and logs.

A middleware sets it for every request; ``audit.record`` reads it when the
caller does not pass the values, so every audit row carries them.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable
from contextvars import ContextVar

from fastapi import FastAPI, Request, Response

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
source_addr: ContextVar[str | None] = ContextVar("source_addr", default=None)

access_log = logging.getLogger("camreg.access")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._\-]{1,64}$")


def install_request_context(app: FastAPI) -> None:
    """Give every request an id (``X-Request-ID``, echoed back) and remember its client."""

    @app.middleware("http")
    async def _context(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        incoming = request.headers.get("x-request-id", "")
        rid = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        token_id = request_id.set(rid)
        token_addr = source_addr.set(request.client.host if request.client else None)
        started = time.perf_counter()
        try:
            response = await call_next(request)
        finally:
            request_id.reset(token_id)
            source_addr.reset(token_addr)
        response.headers["X-Request-ID"] = rid
        # The path only: query strings carry addresses and coordinates (personal data).
        access_log.info(
            "%s %s %s %.1fms rid=%s",
            request.method,
            request.url.path,
            response.status_code,
            (time.perf_counter() - started) * 1000,
            rid,
        )
        return response
