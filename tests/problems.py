"""One check of the RFC 9457 problem-details shape, for every refused request.

Every error the API returns is ``application/problem+json`` with ``type``,
``title``, ``status`` and ``detail`` (see ``camera_registry/errors.py``); the
tests hold each 4xx/5xx response to that through :func:`assert_problem`.
"""

from __future__ import annotations

from typing import Any

PROBLEM_JSON = "application/problem+json"


def assert_problem(response: Any, status: int, field: str | None = None) -> dict[str, Any]:
    """Check that ``response`` is a problem of ``status`` (naming ``field``); its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON), response.text
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["type"] and body["title"] and body["detail"], body
    if field is not None:
        assert field in [e["field"] for e in body["errors"]], body
    return body


def problem_fields(response: Any) -> list[str]:
    """The fields a problem names, after checking its shape at the status it carries."""
    body = assert_problem(response, response.status_code)
    return [e["field"] for e in body.get("errors", [])]
