"""Abuse limits: the bbox area cap, and per-user rates of lookups and of holder-contact reads.

The app under test is built with small limits through its settings object
(the ``settings`` fixture below overrides the suite's), so that a handful of
requests reaches them.  Every refusal is checked for its problem-details
shape, its ``Retry-After`` and the audit row the error handler leaves.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.audit.models import AuditEvent
from camera_registry.cameras import queries
from camera_registry.cameras.models import Camera
from camera_registry.limits import shared_counters
from camera_registry.settings import Settings
from tests.problems import assert_problem

MAX_BBOX_AREA_DEG2 = 1.0
LOOKUPS_PER_MINUTE = 3
HOLDER_READS_PER_MINUTE = 3

#: Every route with a ``bbox`` query parameter (a test below checks the list is complete).
BBOX_ROUTES = ("/cameras", "/cameras/export", "/sites", "/incidents", "/incidents/stats")
#: Around Cẩm Thủy: 2° × 2° (over the cap) and 0.5° × 0.5° (under it).
BIG_BBOX = "104.5,19.5,106.5,21.5"
SMALL_BBOX = "105.2,20.0,105.7,20.5"

#: Responses that carry holder contacts for an investigator.
HOLDER_READS = (
    "/cameras/{code}",
    "/cameras?commune={commune}&limit=50",
    "/cameras?commune={commune}&limit=50&format=json",
    "/cameras?commune={commune}&limit=50&format=csv",
    "/cameras/export?commune={commune}",
)


@pytest.fixture
def settings(db_url: str) -> Settings:
    """The suite's settings with limits small enough to reach in a test."""
    return Settings(
        database_url=db_url,
        max_bbox_area_deg2=MAX_BBOX_AREA_DEG2,
        rate_lookups_per_minute=LOOKUPS_PER_MINUTE,
        rate_holder_reads_per_minute=HOLDER_READS_PER_MINUTE,
    )


@pytest.fixture
def holder_camera(session: Session) -> dict[str, str]:
    """A demo camera with a recorded holder contact: its code, commune and contact."""
    code = session.scalars(
        select(Camera.code).where(Camera.owner_contact.is_not(None)).order_by(Camera.code)
    ).first()
    assert code is not None
    row = queries.get_camera(session, code=code)
    assert row is not None and row.commune_code is not None
    contact = row.camera.owner_contact
    assert contact is not None
    return {"code": code, "commune": row.commune_code, "contact": contact}


def _username(client: TestClient) -> str:
    return str(client.get("/auth/me").json()["username"])


def _denials(session: Session, username: str) -> list[tuple[str, str | None]]:
    rows = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.actor == username, AuditEvent.action == "access.denied")
        .order_by(AuditEvent.id)
    ).all()
    return [(row.outcome, row.object_id) for row in rows]


def _assert_429(response: Any) -> None:
    assert assert_problem(response, 429)["type"].endswith("/too-many-requests")
    assert int(response.headers["retry-after"]) >= 1


# --------------------------------------------------------------------------- bbox area cap


@pytest.mark.parametrize("path", BBOX_ROUTES)
def test_a_bbox_over_the_area_cap_is_a_422_naming_bbox(as_role, path):
    client = as_role("viewer")
    refused = client.get(path, params={"bbox": BIG_BBOX})
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    [error] = refused.json()["errors"]
    assert error["field"] == "bbox"
    assert "covers 4 square degrees" in error["reason"] and "at most 1 " in error["reason"]
    accepted = client.get(path, params={"bbox": SMALL_BBOX})
    assert accepted.status_code == 200, accepted.text


def test_every_route_taking_a_bbox_is_tested(client):
    spec = client.app.openapi()
    taking = {
        path
        for path, operations in spec["paths"].items()
        for operation in operations.values()
        if any(p["name"] == "bbox" for p in operation.get("parameters", []))
    }
    assert taking == set(BBOX_ROUTES)


# --------------------------------------------------------------------------- lookup rate


def test_lookups_over_the_rate_limit_get_429_retry_after_and_an_audit_row(
    as_role, session, cam_thuy_commune
):
    client = as_role("planner")
    username = _username(client)
    _, lon, lat = cam_thuy_commune
    for _ in range(LOOKUPS_PER_MINUTE):
        assert client.get("/lookup", params={"lon": lon, "lat": lat}).status_code == 200
    _assert_429(client.get("/lookup", params={"lon": lon, "lat": lat}))
    assert _denials(session, username) == [("429", "GET /lookup")]


# --------------------------------------------------------------------------- holder reads


@pytest.mark.parametrize("template", HOLDER_READS)
def test_holder_reads_over_the_rate_limit_get_429_and_an_audit_row(
    as_role, session, holder_camera, template
):
    client = as_role("investigator")
    username = _username(client)
    url = template.format(**holder_camera)
    for _ in range(HOLDER_READS_PER_MINUTE):
        response = client.get(url)
        assert response.status_code == 200, response.text
        assert holder_camera["contact"] in response.text  # the response carries contacts
    refused = client.get(url)
    _assert_429(refused)
    assert holder_camera["contact"] not in refused.text
    assert _denials(session, username) == [("429", "GET " + url.split("?")[0])]


@pytest.mark.parametrize("template", HOLDER_READS)
def test_planners_get_no_holder_contacts_and_are_not_counted(as_role, holder_camera, template):
    client = as_role("planner")
    url = template.format(**holder_camera)
    for _ in range(HOLDER_READS_PER_MINUTE + 2):
        response = client.get(url)
        assert response.status_code == 200, response.text
        assert holder_camera["contact"] not in response.text


def test_commune_officers_are_counted_only_where_they_see_holders(as_role, holder_camera):
    url = f"/cameras/{holder_camera['code']}"
    elsewhere = as_role("commune_officer", ("00000",))
    for _ in range(HOLDER_READS_PER_MINUTE + 2):
        assert elsewhere.get(url).status_code == 200
    own = as_role("commune_officer", (holder_camera["commune"],))
    for _ in range(HOLDER_READS_PER_MINUTE):
        assert holder_camera["contact"] in own.get(url).text
    _assert_429(own.get(url))


def test_holder_reads_share_one_budget_across_routes(as_role, holder_camera):
    client = as_role("investigator")
    urls = [t.format(**holder_camera) for t in HOLDER_READS[:HOLDER_READS_PER_MINUTE]]
    for url in urls:
        assert client.get(url).status_code == 200
    _assert_429(client.get(HOLDER_READS[-1].format(**holder_camera)))


def test_a_lookup_counted_by_a_lost_counting_process_gets_503_not_500(as_role, cam_thuy_commune):
    client = as_role("investigator")
    with shared_counters() as shared:
        client.app.state.rate_counter = shared.counter
        _, lon, lat = cam_thuy_commune
        assert client.get("/lookup", params={"lat": lat, "lon": lon}).status_code == 200
    # the block has stopped the counting process (as if it had died under the workers)
    refused = client.get("/lookup", params={"lat": lat, "lon": lon})
    assert refused.status_code == 503, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "counters are unavailable" in refused.json()["detail"]
    assert int(refused.headers["retry-after"]) >= 1
