"""The request middleware: an id per request (``X-Request-ID``), its client, an access log.

It fills :mod:`camera_registry.requestctx`, which audit rows and logs read.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from fastapi import FastAPI
from starlette.datastructures import URL, Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from camera_registry.requestctx import request_id, source_addr

access_log = logging.getLogger("camreg.access")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._\-]{1,64}$")


class RequestContext:
    """ASGI middleware: a request id (``X-Request-ID``, echoed back), the client, an access log.

    Plain ASGI rather than Starlette's ``BaseHTTPMiddleware``, which runs the
    app in a task of its own and pipes the response through memory streams on
    every request; here the app runs in the same task and only the response's
    start message is touched.
    """

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one connection event; HTTP requests get an id and a log line."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = Headers(scope=scope).get("x-request-id", "")
        rid = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        client = scope.get("client")
        token_id = request_id.set(rid)
        token_addr = source_addr.set(client[0] if client else None)
        started = time.perf_counter()
        status = 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = rid
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id.reset(token_id)
            source_addr.reset(token_addr)
        # The path only: query strings carry addresses and coordinates (personal data).
        access_log.info(
            "%s %s %s %.1fms rid=%s",
            scope["method"],
            URL(scope=scope).path,  # escaped and stripped of line breaks, unlike the raw path
            status,
            (time.perf_counter() - started) * 1000,
            rid,
        )


def install_request_context(app: FastAPI) -> None:
    """Give every request an id (``X-Request-ID``, echoed back) and remember its client."""
    app.add_middleware(RequestContext)
