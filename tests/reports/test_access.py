"""Who may generate which report; aggregates only; audited; bad input is a problem detail."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.admin_units.models import AdminUnit
from camera_registry.audit.models import AuditEvent
from camera_registry.incidents.models import Incident
from tests.problems import assert_problem

URL = "/reports/monthly"


def test_a_key_is_required(client):
    assert_problem(client.get(URL, params={"unit": "390", "month": "2025-06"}), 401)


def test_viewers_may_not_generate_reports(as_role):
    assert_problem(as_role("viewer").get(URL, params={"unit": "390", "month": "2025-06"}), 403)


def test_commune_officers_report_on_their_own_communes_only(as_role):
    client = as_role("commune_officer", ("15142",))
    assert client.get(URL, params={"unit": "15142", "month": "2025-06"}).status_code == 200
    assert_problem(client.get(URL, params={"unit": "15145", "month": "2025-06"}), 403)
    assert_problem(client.get(URL, params={"unit": "390", "month": "2025-06"}), 403)


@pytest.mark.parametrize("role", ["admin", "investigator", "planner"])
def test_commander_roles_report_on_any_unit(as_role, role: str):
    response = as_role(role).get(URL, params={"unit": "67", "month": "2024-05"})
    assert response.status_code == 200 and response.json()["unit"]["name"] == "Tỉnh Đắk Nông"


def test_a_report_shows_no_incident_detail_to_a_planner(as_role, session: Session):
    client = as_role("planner")
    secrets: set[str] = set()
    for inc in session.scalars(select(Incident)):
        secrets |= {s for s in (inc.description, inc.address, inc.case_code) if s and len(s) > 6}
        secrets.add(f"{inc.geom}")
    assert len(secrets) > 500
    for fmt in ("json", "csv", "html"):
        text = client.get(
            URL, params={"unit": "390", "month": "2026-10", "former": "true", "format": fmt}
        ).content.decode("utf-8")
        leaked = [s for s in secrets if s in text]
        assert not leaked, (fmt, leaked[:3])


def test_generation_is_audited(as_role, session: Session):
    client = as_role("planner")
    response = client.get(URL, params={"unit": "390", "month": "2025-06", "format": "csv"})
    assert response.status_code == 200
    assert (
        response.headers["content-disposition"] == 'attachment; filename="bao-cao-390-2025-06.csv"'
    )
    row = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()
    assert row.action == "report.generate" and row.object_id == "390" and row.role == "planner"
    assert row.actor.startswith("test-planner-")
    assert json.loads(row.detail) == {
        "month": "2025-06",
        "format": "csv",
        "lang": "vi",
        "since": "2022-01",
        "former": False,
    }


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"unit": "390", "month": "2023-13"}, 422, "month"),
        ({"unit": "390", "month": "May 2023"}, 422, "month"),
        ({"unit": "390", "month": "2099-01"}, 422, "month"),
        ({"unit": "390", "month": "2023-05", "since": "2023-06"}, 422, "since"),
        ({"unit": "390", "month": "2023-05", "format": "docx"}, 422, "format"),
        ({"unit": "390", "month": "2023-05", "lang": "fr"}, 422, "lang"),
        ({"unit": "39 0", "month": "2023-05"}, 422, "unit"),
        ({"month": "2023-05"}, 422, "unit"),
        ({"unit": "99999", "month": "2023-05"}, 404, None),
    ],
)
def test_bad_input_is_a_problem_naming_the_field(as_role, params, status, field):
    assert_problem(as_role("planner").get(URL, params=params), status, field)


def test_a_former_territory_needs_a_unit_that_ended_before_the_month(as_role, session: Session):
    # former=true on a unit in force that month is simply the ordinary report.
    body = (
        as_role("planner")
        .get(URL, params={"unit": "390", "month": "2025-06", "former": "true"})
        .json()
    )
    assert body["former_territory"] is False and body["units_as_of"] == "2025-06-30"
    codes = session.scalars(select(AdminUnit.code).where(AdminUnit.parent_id.is_(None))).all()
    assert "38" in codes
