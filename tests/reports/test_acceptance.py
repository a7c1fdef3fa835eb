"""The published Cẩm Thủy figures, and units as they were in the report month (both engines)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.admin_units.models import AdminUnit
from tests.reports.conftest import Build, count_by_commune, incident_rows, month_span

PUBLISHED = {
    "neighbourhood_dispute": 2,
    "traffic_accident": 7,
    "traffic_violation": 2,
    "property_theft": 1,
    "drug_offence": 1,
}


def _clarified(block: object) -> dict[str, int]:
    by_type = block.by_type  # type: ignore[attr-defined]
    return {k: f.clarified for k, f in by_type.items() if f.clarified}


def test_cam_thuy_cumulative_since_january_2022_matches_the_published_figures(build: Build):
    # The demo's footage cases run to 08/2026, after the district was abolished (01/07/2025):
    # the report of its former territory for 10/2026 counts them all, in its 17 communes.
    report = build("390", "2026-10", since="2022-01", former=True)
    assert report.former and report.units_on == date(2025, 6, 30)
    assert _clarified(report.total.cumulative) == PUBLISHED
    cams = report.total.cameras
    assert (cams.communes_with_active, cams.communes_total) == (17, 17)
    assert report.communes_without_active == []
    assert len(report.children) == 17
    assert sum(_clarified(c.cumulative).get(k, 0) for c in report.children for k in PUBLISHED) == 13


def test_the_api_prints_the_cumulative_table_with_its_start(as_role):
    client = as_role("planner")
    body = client.get(
        "/reports/monthly", params={"unit": "390", "month": "2026-10", "former": "true"}
    ).json()
    assert body["cumulative_since"] == "2022-01" and body["former_territory"] is True
    by_type = body["units"][0]["incidents"]["cumulative"]["by_type"]
    assert {
        k: v["clarified_with_footage"] for k, v in by_type.items() if v["clarified_with_footage"]
    } == PUBLISHED
    share = body["units"][0]["cameras"]["communes_with_active_camera"]
    assert (share["numerator"], share["denominator"]) == (17, 17)


def test_june_2025_report_uses_the_legacy_communes(build: Build, session: Session):
    report = build("390", "2025-06")
    legacy = session.scalars(
        select(AdminUnit.code).where(
            AdminUnit.level == "commune", AdminUnit.valid_to == date(2025, 6, 30)
        )
    ).all()
    assert {c.code for c in report.children} <= set(legacy) and len(report.children) == 17
    assert all(c.level == "commune" for c in report.children)
    start, end = month_span(date(2022, 1, 1), 42)  # 01/2022 … 06/2025
    expected = count_by_commune(incident_rows(session), start, end)
    for child in report.children:
        counts = expected.get(child.code, Counter())
        assert child.cumulative.incidents == sum(v for k, v in counts.items() if k != "+clarified")
        assert child.cumulative.clarified == counts["+clarified"]
    assert report.total.cumulative.clarified == 5  # the five cases before the reorganisation


def test_july_2025_report_of_the_new_province_uses_the_merged_communes(
    build: Build, session: Session
):
    report = build("38", "2025-07")
    assert report.units_on == date(2025, 7, 31) and not report.former
    assert report.children and all(c.level == "commune" for c in report.children)
    new = set(
        session.scalars(
            select(AdminUnit.code).where(
                AdminUnit.level == "commune", AdminUnit.valid_from == date(2025, 7, 1)
            )
        )
    )
    assert {c.code for c in report.children} <= new
    # Every Cẩm Thủy incident since 2022, recorded under legacy or merged communes, is counted.
    start, end = month_span(date(2022, 1, 1), 43)
    ct = {u.code for u in report.children} | {
        code
        for (code,) in session.execute(
            select(AdminUnit.code).where(
                AdminUnit.parent_id.in_(select(AdminUnit.id).where(AdminUnit.code == "390"))
            )
        )
    }
    rows = [r for r in incident_rows(session) if r.commune in ct and start <= r.at < end]
    assert report.total.cumulative.incidents == len(rows)
    assert report.total.cumulative.clarified == sum(r.clarified for r in rows)
    # The same territory framed in its former units holds the same cameras.
    former = build("390", "2025-07", former=True)
    assert report.total.cameras.in_service == former.total.cameras.in_service >= 490
    assert report.total.cumulative.incidents == former.total.cumulative.incidents


def test_july_2025_report_of_the_abolished_district_names_its_successor(as_role):
    response = as_role("planner").get(
        "/reports/monthly", params={"unit": "390", "month": "2025-07"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"].endswith("/unit-not-in-force")
    (error,) = problem["errors"]
    assert error["field"] == "unit"
    assert "01/07/2025" in error["reason"] and "38 Tỉnh Thanh Hóa" in error["reason"]
    assert "former=true" in error["reason"]
