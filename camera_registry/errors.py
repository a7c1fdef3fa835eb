"""Domain errors and their RFC 9457 problem-details rendering.

Every error leaving the API is ``application/problem+json`` with ``type``,
``title``, ``status`` and ``detail``; validation errors add ``errors``, a list
of ``{"field", "reason"}`` naming each offending input.  Request validation
errors and Starlette's HTTP exceptions are converted too, so no bare
``{"detail": …}`` ever leaves the app.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://camreg.example/problems/"

log = logging.getLogger(__name__)


class DomainError(Exception):
    """Base of every error the application raises on purpose."""

    status: int = 400
    type: str = "bad-request"
    title: str = "Bad request"

    def __init__(
        self,
        detail: str,
        *,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []
        self.headers = headers or {}
        #: Set by code that already wrote its own audit row for this refusal.
        self.audited = False

    def already_audited(self) -> DomainError:
        """Mark the error as audited by the code that raises it."""
        self.audited = True
        return self


class InvalidInput(DomainError):
    """The request is well-formed but a value is out of its domain."""

    status = 422
    type = "invalid-input"
    title = "Invalid input"

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}", errors=[{"field": field, "reason": reason}])

    def with_field(self, field: str, reason: str) -> InvalidInput:
        """Name one more offending field (for errors that involve several)."""
        self.errors.append({"field": field, "reason": reason})
        return self


class NotFound(DomainError):
    """The named object does not exist (or the caller may not know it does)."""

    status = 404
    type = "not-found"
    title = "Not found"


class OutOfScope(NotFound):
    """An object outside the caller's scope: answered exactly like a missing one (404, so its
    existence is not revealed), and audited as a denial with the real reason."""

    def __init__(self, detail: str, *, reason: str) -> None:
        super().__init__(detail)
        self.reason = reason


class Conflict(DomainError):
    """The write would break a uniqueness rule or lose someone else's update."""

    status = 409
    type = "conflict"
    title = "Conflict"


class Unauthenticated(DomainError):
    """No valid credentials came with the request."""

    status = 401
    type = "unauthenticated"
    title = "Authentication required"

    def __init__(self, detail: str = "Send a valid API key as 'Authorization: Bearer …'.") -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(DomainError):
    """The caller is known but their role does not allow this."""

    status = 403
    type = "forbidden"
    title = "Forbidden"


class TooManyRequests(DomainError):
    """The caller has hit a limit; try again after ``retry_after`` seconds."""

    status = 429
    type = "too-many-requests"
    title = "Too many requests"

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, retry_after))})
        self.retry_after = retry_after


class ServiceUnavailable(DomainError):
    """The database is unreachable, or the server overloaded, for a moment: retry later."""

    status = 503
    type = "service-unavailable"
    title = "Service unavailable"

    def __init__(
        self, detail: str = "The database is not reachable; retry shortly.", retry_after: int = 5
    ) -> None:
        super().__init__(detail, headers={"Retry-After": str(retry_after)})


def problem(
    status: int,
    type_: str,
    title: str,
    detail: str,
    *,
    instance: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """Build an ``application/problem+json`` response."""
    body: dict[str, Any] = {
        "type": TYPE_BASE + type_,
        "title": title,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "request"


def _validation_reason(err: dict[str, Any]) -> str:
    msg = str(err.get("msg", "invalid value"))
    return msg.removeprefix("Value error, ")


def _audit_refusal(request: Request, exc: DomainError) -> None:
    """Record a denial (401/403/429, out of scope) in the audit trail, on the request's session."""
    from camera_registry.audit import service as audit  # noqa: PLC0415 — avoids a cycle

    session = getattr(request.state, "session", None)
    if session is None:
        return
    principal = getattr(request.state, "principal", None)
    try:
        session.rollback()
        audit.record(
            session,
            action="access.denied",
            outcome=str(exc.status),
            actor=getattr(principal, "username", None),
            role=getattr(getattr(principal, "role", None), "value", None),
            object_type="route",
            object_id=f"{request.method} {request.url.path}"[:128],
            detail=getattr(exc, "reason", exc.detail)[:500],
        )
        session.commit()
    except SQLAlchemyError:
        session.rollback()


async def _domain_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    if (exc.status in (401, 403, 429) or isinstance(exc, OutOfScope)) and not exc.audited:
        _audit_refusal(request, exc)
    underneath = _failure_under(exc) if isinstance(exc, ServiceUnavailable) else None
    if underneath is not None:
        # e.g. a lookup failed and then its audit row could not be committed either:
        # the client gets the 503, and the failure it replaced is not lost
        log.error(
            "%s %s answered 503; the error underneath:",
            request.method,
            request.url.path,
            exc_info=underneath,
        )
    return problem(
        exc.status,
        exc.type,
        exc.title,
        exc.detail,
        instance=request.url.path,
        errors=exc.errors,
        headers=exc.headers,
    )


def _failure_under(exc: BaseException) -> BaseException | None:
    """The first error in ``exc``'s context chain that is a failure, not an answer.

    Answers are domain refusals, HTTP errors, bad input, and the database errors
    that already turn into a 503 or a 409 of their own.
    """
    expected = (DomainError, StarletteHTTPException, RequestValidationError, SQLAlchemyError)
    seen: set[int] = set()
    error = exc.__context__
    while error is not None and id(error) not in seen:
        if not isinstance(error, expected):
            return error
        seen.add(id(error))
        error = error.__context__
    return None


async def _validation_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": _field_name(e.get("loc", ())), "reason": _validation_reason(e)}
        for e in exc.errors()
    ]
    detail = "; ".join(f"{e['field']}: {e['reason']}" for e in errors)
    return problem(
        422, "invalid-input", "Invalid input", detail, instance=request.url.path, errors=errors
    )


async def _http_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    slug = {404: "not-found", 405: "method-not-allowed", 401: "unauthenticated"}.get(
        exc.status_code, "http-error"
    )
    return problem(
        exc.status_code,
        slug,
        str(exc.detail) if exc.status_code != 404 else "Not found",
        str(exc.detail),
        instance=request.url.path,
        headers=dict(exc.headers or {}),
    )


def _is_unavailable(exc: DBAPIError) -> bool:
    text = str(exc.orig).lower() if exc.orig is not None else ""
    return (
        exc.connection_invalidated
        or isinstance(exc, (OperationalError, InterfaceError))
        or "database is locked" in text
    )


async def _database_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SQLAlchemyError)
    session = getattr(request.state, "session", None)
    if session is not None:
        try:
            session.rollback()
        except SQLAlchemyError:
            pass
    if isinstance(exc, DBAPIError) and _is_unavailable(exc):
        error: DomainError = ServiceUnavailable()
    elif isinstance(exc, DataError):
        # The database rejected a value (a number out of its range, say): bad input.
        error = InvalidInput("request", "a value is out of the range the database accepts")
    elif isinstance(exc, IntegrityError):
        error = Conflict("The write conflicts with data stored meanwhile; reload and retry.")
    else:
        return problem(
            500,
            "internal-error",
            "Internal error",
            "The request could not be completed; it has been logged.",
            instance=request.url.path,
        )
    return problem(
        error.status,
        error.type,
        error.title,
        error.detail,
        instance=request.url.path,
        headers=error.headers,
    )


async def _overflow_handler(request: Request, exc: Exception) -> JSONResponse:
    # A number too large for the database's integers (an id of 2**63, say): bad input.
    return problem(
        422,
        "invalid-input",
        "Invalid input",
        "A number is out of range.",
        instance=request.url.path,
    )


async def _unexpected_handler(request: Request, exc: Exception) -> JSONResponse:
    return problem(
        500,
        "internal-error",
        "Internal error",
        "The request could not be completed; it has been logged.",
        instance=request.url.path,
    )


def install_error_handlers(app: FastAPI) -> None:
    """Register the problem-details handlers on an application."""
    app.add_exception_handler(DomainError, _domain_handler)
    app.add_exception_handler(SQLAlchemyError, _database_handler)
    app.add_exception_handler(OverflowError, _overflow_handler)
    app.add_exception_handler(Exception, _unexpected_handler)
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_handler)
