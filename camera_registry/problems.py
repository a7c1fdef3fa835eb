"""RFC 9457 problem-details rendering of every error that leaves the API.

Every error leaving the API is ``application/problem+json`` with ``type``,
``title``, ``status`` and ``detail``; validation errors add ``errors``, a list
of ``{"field", "reason"}`` naming each offending input.  Request validation
errors and Starlette's HTTP exceptions are converted too, so no bare
``{"detail": …}`` ever leaves the app.  Refusals (401, 403, 429, out of scope)
are written to the audit trail on the way out.
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

from camera_registry.audit import service as audit
from camera_registry.errors import (
    PROBLEM_JSON,
    TYPE_BASE,
    Conflict,
    DomainError,
    InvalidInput,
    OutOfScope,
    ServiceUnavailable,
)

#: Keeps the name it had before the handlers left errors.py: log configurations filter on it.
log = logging.getLogger("camera_registry.errors")


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
    session = getattr(request.state, "session", None)
    if session is None:
        return
    principal = getattr(request.state, "principal", None)
    try:
        session.rollback()
        audit.record_for(
            session,
            principal,
            "access.denied",
            outcome=str(exc.status),
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
    return _from_domain(request, exc)


def _from_domain(request: Request, error: DomainError) -> JSONResponse:
    """The problem details of a domain error, at the request's path."""
    return problem(
        error.status,
        error.type,
        error.title,
        error.detail,
        instance=request.url.path,
        errors=error.errors,
        headers=error.headers,
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
        return _internal_error(request)
    return _from_domain(request, error)


async def _overflow_handler(request: Request, exc: Exception) -> JSONResponse:
    # A number too large for the database's integers (an id of 2**63, say): bad input.
    return problem(
        422,
        "invalid-input",
        "Invalid input",
        "A number is out of range.",
        instance=request.url.path,
    )


def _internal_error(request: Request) -> JSONResponse:
    """The 500 every unexpected failure answers (its details go to the log, not the client)."""
    return problem(
        500,
        "internal-error",
        "Internal error",
        "The request could not be completed; it has been logged.",
        instance=request.url.path,
    )


async def _unexpected_handler(request: Request, exc: Exception) -> JSONResponse:
    return _internal_error(request)


def install_error_handlers(app: FastAPI) -> None:
    """Register the problem-details handlers on an application."""
    app.add_exception_handler(DomainError, _domain_handler)
    app.add_exception_handler(SQLAlchemyError, _database_handler)
    app.add_exception_handler(OverflowError, _overflow_handler)
    app.add_exception_handler(Exception, _unexpected_handler)
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_handler)
