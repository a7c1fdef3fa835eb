"""Units as they were: a commune divided on 1 July 2025, successors, predecessors (both engines)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import shapely
from shapely.geometry import box
from sqlalchemy.orm import Session

from camera_registry.admin_units.models import AdminUnit, AdminUnitSuccession
from camera_registry.cameras.models import CameraStatusEvent
from camera_registry.errors import DomainError
from camera_registry.geoconv import to_db
from camera_registry.incidents.models import Incident
from tests.factories import make_admin_unit, make_camera
from tests.reports.conftest import Build

WEST, EAST = box(100.0, 10.0, 100.1, 10.1), box(100.1, 10.0, 100.2, 10.1)
POINTS = {  # (lon, lat, occurred) → expected new commune
    (100.03, 10.05, datetime(2024, 3, 5, 3, tzinfo=UTC)): "N9901",
    (100.07, 10.02, datetime(2024, 8, 1, 9, tzinfo=UTC)): "N9901",
    (100.09, 10.09, datetime(2025, 2, 1, 9, tzinfo=UTC)): "N9901",
    (100.15, 10.05, datetime(2024, 5, 2, 9, tzinfo=UTC)): "N9902",
    (100.19, 10.01, datetime(2023, 5, 2, 9, tzinfo=UTC)): "N9902",
}


def _unit(session: Session, code: str, level: str, shape, parent=None, start=None, end=None):
    return make_admin_unit(
        session,
        code,
        shape,
        name=f"Đơn vị {code}",
        level=level,
        unit_type="Xã" if level == "commune" else "Tỉnh",
        parent=parent,
        valid_from=start or date(1900, 1, 1),
        valid_to=end,
    )


@pytest.fixture
def divided(session: Session) -> dict[str, AdminUnit]:
    """Province P9 whose legacy commune L9901 was divided into N9901 (west) and N9902 (east)."""
    whole = box(100.0, 10.0, 100.2, 10.1)
    old_p = _unit(session, "P9", "province", whole, end=date(2025, 6, 30))
    new_p = _unit(session, "P9", "province", whole, start=date(2025, 7, 1))
    legacy = _unit(session, "L9901", "commune", whole, old_p, end=date(2025, 6, 30))
    west = _unit(session, "N9901", "commune", WEST, new_p, start=date(2025, 7, 1))
    east = _unit(session, "N9902", "commune", EAST, new_p, start=date(2025, 7, 1))
    for pred, succ in ((legacy, west), (legacy, east), (old_p, new_p)):
        session.add(
            AdminUnitSuccession(
                predecessor_id=pred.id, successor_id=succ.id, effective_on=date(2025, 7, 1)
            )
        )
    for n, (lon, lat, at) in enumerate(POINTS):
        session.add(
            Incident(
                case_code=f"SPLIT-{n}",
                type="property_theft",
                occurred_at=at,
                geom=to_db(shapely.Point(lon, lat)),
                commune_id=legacy.id,
                status="reported",
            )
        )
    session.add(
        Incident(
            case_code="SPLIT-new",
            type="fraud",
            geom=to_db(shapely.Point(100.05, 10.05)),
            occurred_at=datetime(2025, 7, 20, 3, tzinfo=UTC),
            commune_id=west.id,
            status="reported",
        )
    )
    camera = make_camera(
        session,
        "SPLIT-CAM",
        shapely.Point(100.15, 10.05),
        direction_deg=0,
        fov_deg=90,
        commune=legacy,
        ownership="state",
        installed_on=date(2024, 1, 10),
        status="active",
    )
    session.add(
        CameraStatusEvent(
            camera_id=camera.id, status="active", effective_at=datetime(2024, 1, 10, 1, tzinfo=UTC)
        )
    )
    session.flush()
    return {"legacy": legacy, "west": west, "east": east}


def test_incidents_of_a_divided_commune_are_placed_by_their_point(build: Build, divided):
    report = build("P9", "2025-07", since="2022-01")
    by_code = {c.code: c for c in report.children}
    assert set(by_code) == {"N9901", "N9902"}
    expected = {"N9901": 0, "N9902": 0}
    for (lon, lat, _at), _ in POINTS.items():
        inside = [
            c
            for c, s in (("N9901", WEST), ("N9902", EAST))
            if s.intersects(shapely.Point(lon, lat))
        ]
        expected[inside[0]] += 1
    assert expected == {"N9901": 3, "N9902": 2}
    assert by_code["N9901"].cumulative.incidents == expected["N9901"] + 1  # + July's fraud
    assert by_code["N9902"].cumulative.incidents == expected["N9902"]
    assert by_code["N9901"].month.by_type["fraud"].incidents == 1
    assert (by_code["N9902"].cameras.in_service, by_code["N9901"].cameras.in_service) == (1, 0)
    assert [c.code for c in report.communes_without_active] == ["N9901"]


def test_footage_of_placed_incidents_follows_their_point(build: Build, divided, session: Session):
    """A legacy incident of July 2024 in the camera's view counts as seen in N9902."""
    session.add(
        Incident(
            case_code="SPLIT-seen",
            type="robbery",
            occurred_at=datetime(2024, 7, 15, 3, tzinfo=UTC),
            geom=to_db(shapely.Point(100.15, 10.0502)),
            commune_id=divided["legacy"].id,
            status="reported",
        )
    )
    session.flush()
    by_code = {c.code: c for c in build("P9", "2025-07", since="2022-01").children}
    last_year = {code: c.same_month_last_year for code, c in by_code.items()}
    assert last_year["N9902"].by_type["robbery"].footage_available == 1
    assert last_year["N9902"].incidents == 1
    assert last_year["N9901"].footage_available == 0


def test_the_divided_commune_names_both_successors(build: Build, divided):
    with pytest.raises(DomainError) as caught:
        build("L9901", "2025-08")
    reason = caught.value.errors[0]["reason"]
    assert "N9901 Đơn vị N9901; N9902 Đơn vị N9902" in reason and "01/07/2025" in reason


def test_a_commune_created_in_2025_names_its_predecessor_for_2024(build: Build, divided):
    with pytest.raises(DomainError) as caught:
        build("N9902", "2024-05")
    assert caught.value.status == 422
    reason = caught.value.errors[0]["reason"]
    assert "01/07/2025" in reason and "L9901 Đơn vị L9901" in reason


def test_the_former_territory_counts_later_incidents_by_their_commune(build: Build, divided):
    report = build("L9901", "2025-08", since="2022-01", former=True)
    assert report.former and report.units_on == date(2025, 6, 30)
    assert report.total.cumulative.incidents == len(POINTS) + 1
    assert report.trend[-2].incidents == 1  # July 2025, recorded under N9901
