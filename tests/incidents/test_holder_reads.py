"""Evidence candidates and footage requests carry holder contacts: each read is rate-limited."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.audit.models import AuditEvent
from camera_registry.settings import Settings
from tests.incidents.conftest import Scene

HOLDER_READS_PER_MINUTE = 3
CONTACT = "0900 012 345"  # the holder contact of the scene's cameras and requests


@pytest.fixture
def settings(db_url: str) -> Settings:
    """The suite's settings with a small holder-contact read limit."""
    return Settings(database_url=db_url, rate_holder_reads_per_minute=HOLDER_READS_PER_MINUTE)


def _reads(scene: Scene) -> dict[str, str]:
    request_id = scene.request_footage(scene.household)["id"]  # a write: not counted
    return {
        "candidates": f"/incidents/{scene.case_code}/candidates",
        "requests": f"/incidents/{scene.case_code}/footage-requests",
        "request": f"/footage-requests/{request_id}",
    }


@pytest.mark.parametrize("read", ["candidates", "requests", "request"])
def test_reads_carrying_holder_contacts_are_limited(scene: Scene, session: Session, read: str):
    url = _reads(scene)[read]
    username = scene.client.get("/auth/me").json()["username"]
    for _ in range(HOLDER_READS_PER_MINUTE):
        response = scene.client.get(url)
        assert response.status_code == 200, response.text
        assert CONTACT in response.text
    refused = scene.client.get(url)
    assert refused.status_code == 429, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert int(refused.headers["retry-after"]) >= 1
    denied = session.scalars(
        select(AuditEvent).where(AuditEvent.actor == username, AuditEvent.outcome == "429")
    ).all()
    assert [(d.action, d.object_id) for d in denied] == [("access.denied", f"GET {url}")]
