"""Domain errors: each carries its HTTP status, problem ``type`` slug and title.

Raised anywhere in the application (services, queries' callers, the CLI);
:mod:`camera_registry.problems` renders them — and every other error — as RFC
9457 ``application/problem+json``.
"""

from __future__ import annotations

from typing import Any

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://camreg.example/problems/"


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
