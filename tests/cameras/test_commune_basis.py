"""Cameras where no boundary is loaded yet: a named commune is taken as given, else the
nearest communes are suggested; both engines.

The test makes its own units away from the demo's polygons: a province and two
communes without a boundary (only the national list's centre point), and one
commune with a square boundary.  Distances in the suggestion are checked
against an independent computation over every commune in force (UTM 48N
distance to the boundary, pyproj geodesic distance to a centre).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import numpy as np
import pytest
import shapely
from geoalchemy2.shape import to_shape
from pyproj import Geod, Transformer
from shapely.geometry import MultiPolygon, Point, box
from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.admin_units.models import AdminUnit
from camera_registry.admin_units.queries import valid_on
from camera_registry.geoconv import to_db
from camera_registry.incidents.models import Incident
from camera_registry.places.models import Place
from camera_registry.textnorm import fold
from tests.cameras.conftest import commune_by_shapely, etag_of
from tests.factories import camera_payload, make_admin_unit
from tests.problems import problem_fields

ON = date(2025, 8, 1)
#: A square commune with a boundary (degrees), and the centres of two without one.
SQUARE = box(104.40, 21.40, 104.45, 21.45)
CENTRES = {"99901": (104.20, 21.50), "99902": (104.30, 21.55)}
NEAREST = re.compile(
    r"nearest: (?P<name>[^;]+?) \((?P<code>\w+)\), (?P<num>[\d.]+) (?P<unit>km|m) "
    r"\((?P<by>ranh giới / boundary|tâm xã / centre)\)"
)


def make_unit(
    session: Session, code: str, name: str, level: str, parent: int | None, **extra: Any
) -> AdminUnit:
    """Add a unit in force since 1 July 2025, its type the first word of its name."""
    return make_admin_unit(
        session, code, name=name, level=level, unit_type=name.split()[0].lower(),
        parent_id=parent, valid_from=date(2025, 7, 1), source="test", **extra,
    )  # fmt: skip


@pytest.fixture
def bare_units(session: Session) -> dict[str, AdminUnit]:
    """Province 99 with communes 99901/99902 (no boundary) and 99903 (a square)."""
    return make_units(session)


def make_units(session: Session) -> dict[str, AdminUnit]:
    """Province 99 with communes 99901/99902 (no boundary) and 99903 (a square)."""
    province = make_unit(session, "99", "Tỉnh Thử Nghiệm", "province", None)
    units = {"99": province}
    for code, name in (("99901", "Xã Núi Thử"), ("99902", "Phường Hồng Thử")):
        lon, lat = CENTRES[code]
        units[code] = make_unit(
            session, code, name, "commune", province.id, centre_lon=lon, centre_lat=lat
        )
    units["99903"] = make_unit(
        session, "99903", "Xã Có Ranh", "commune", province.id, geom=to_db(MultiPolygon([SQUARE]))
    )
    return units


def _register(client: Any, lon: float, lat: float, **extra: Any) -> Any:
    body = camera_payload(lon, lat, installed_on=ON.isoformat(), **extra)
    return client.post("/cameras", json=body)


def expected_nearest(session: Session, lon: float, lat: float, on: date) -> list[tuple]:
    """Every commune in force on ``on`` by distance: (metres, code, how), computed apart."""
    utm = Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True).transform
    geod = Geod(ellps="WGS84")
    here = Point(utm(lon, lat))
    found = []
    stmt = select(AdminUnit).where(AdminUnit.level == "commune", valid_on(on))
    for unit in session.scalars(stmt):
        if unit.geom is not None:
            shape = to_shape(unit.geom)
            local = shapely.transform(shape, lambda xy: np.column_stack(utm(xy[:, 0], xy[:, 1])))
            found.append((local.distance(here), unit.code, "boundary"))
        elif unit.centre_lon is not None:
            far = geod.inv(lon, lat, unit.centre_lon, unit.centre_lat)[2]
            found.append((far, unit.code, "centre"))
    return sorted(found)


def suggested(reason: str) -> list[tuple[float, str, str]]:
    """The (metres, code, how) triples a refusal's reason suggests, in its order."""
    out = []
    for m in NEAREST.finditer(reason.replace("; gần nhất / nearest:", "; nearest:")):
        metres = float(m["num"]) * (1000 if m["unit"] == "km" else 1)
        out.append((metres, m["code"], "boundary" if "boundary" in m["by"] else "centre"))
    return out


def test_a_named_commune_without_boundary_is_taken_as_given(admin, bare_units):
    response = _register(admin, 104.21, 21.51, commune_code="99901")
    assert response.status_code == 201, response.text
    props = response.json()["properties"]
    assert props["commune_code"] == "99901" and props["commune_basis"] == "given"
    code = props["code"]
    assert admin.get(f"/cameras/{code}").json()["properties"]["commune_basis"] == "given"
    for where in ("commune=99901", "province=99"):  # unit filters on units without a boundary
        listed = admin.get(f"/cameras?{where}&format=json").json()["items"]
        assert [(c["code"], c["commune_basis"]) for c in listed] == [(code, "given")]
    assert admin.get("/cameras?commune=99902&format=json").json()["items"] == []


def test_a_point_in_a_boundary_is_derived(admin, demo_data, cam_thuy_commune):
    _, lon, lat = cam_thuy_commune
    response = _register(admin, lon, lat)
    assert response.status_code == 201, response.text
    props = response.json()["properties"]
    assert props["commune_code"] == commune_by_shapely(demo_data, lon, lat, ON)
    assert props["commune_basis"] == "derived"


def test_openapi_shows_commune_basis(client):
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    schema = schemas["CameraPropertiesWithHolder"]
    assert schema["properties"]["commune_basis"]["enum"] == ["derived", "given"]


def test_a_named_commune_whose_boundary_misses_the_point_is_refused(admin, bare_units):
    response = _register(admin, 104.21, 21.51, commune_code="99903")
    assert response.status_code == 422
    assert problem_fields(response) == ["lon", "lat"]
    assert "99903 has a boundary" in response.json()["errors"][0]["reason"]


@pytest.mark.parametrize(
    ("lon", "lat", "how"),
    [(104.47, 21.43, "boundary"), (104.19, 21.49, "centre"), (104.33, 21.47, None)],
)
def test_a_point_naming_no_commune_gets_the_nearest(admin, session, bare_units, lon, lat, how):
    response = _register(admin, lon, lat)
    assert response.status_code == 422
    assert problem_fields(response) == ["lon", "lat"]
    reason = response.json()["errors"][0]["reason"]
    assert "gần nhất / nearest" in reason
    got = suggested(reason)
    want = expected_nearest(session, lon, lat, ON)[: len(got)]
    assert got and [(c, h) for _, c, h in got] == [(c, h) for _, c, h in want]
    if how is not None:
        assert got[0][2] == how
    for (shown, _, _), (true, _, _) in zip(got, want, strict=True):
        assert abs(shown - true) <= max(0.006 * true, 51.0), (shown, true)


def test_moving_a_given_camera_keeps_its_commune_until_a_boundary_holds_it(
    admin, demo_data, bare_units, cam_thuy_commune
):
    code = _register(admin, 104.21, 21.51, commune_code="99902").json()["properties"]["code"]
    moved = admin.patch(
        f"/cameras/{code}", json={"lon": 104.22}, headers={"If-Match": etag_of(admin, code)}
    )
    assert moved.status_code == 200, moved.text
    props = moved.json()["properties"]
    assert (props["commune_code"], props["commune_basis"]) == ("99902", "given")
    _, lon, lat = cam_thuy_commune
    body = {"lon": lon, "lat": lat}
    inside = admin.patch(f"/cameras/{code}", json=body, headers={"If-Match": etag_of(admin, code)})
    assert inside.status_code == 200, inside.text
    props = inside.json()["properties"]
    assert props["commune_code"] == commune_by_shapely(demo_data, lon, lat, ON)
    assert props["commune_basis"] == "derived"
    away = {"lon": 104.5, "lat": 21.6}  # no boundary, no commune named: refused
    refused = admin.patch(f"/cameras/{code}", json=away, headers={"If-Match": etag_of(admin, code)})
    assert refused.status_code == 422 and "nearest" in refused.json()["errors"][0]["reason"]


def test_an_incident_takes_a_named_commune_without_boundary(as_role, session, bare_units):
    client = as_role("investigator")
    body = {"case_code": "VV-GIVEN-1", "type": "fire", "occurred_at": "02/08/2025 10:00",
            "lon": 104.21, "lat": 21.51, "commune_code": "99901"}  # fmt: skip
    response = client.post("/incidents", json=body)
    assert response.status_code == 201, response.text
    assert response.json()["properties"]["commune_code"] == "99901"
    stored = session.scalars(select(Incident).where(Incident.case_code == "VV-GIVEN-1")).one()
    assert stored.commune_id == bare_units["99901"].id
    listed = client.get("/incidents?commune=99901").json()["features"]
    assert [f["properties"]["case_code"] for f in listed] == ["VV-GIVEN-1"]
    nothing = dict(body, case_code="VV-GIVEN-2", commune_code=None)
    refused = client.post("/incidents", json=nothing)
    assert refused.status_code == 422 and "nearest" in refused.json()["errors"][0]["reason"]


def test_places_search_in_a_unit_without_boundary(admin, session, bare_units):
    place = Place(
        name="Chợ Núi Thử", name_folded=fold("Chợ Núi Thử"), kind="market",
        commune_id=bare_units["99901"].id, geom=to_db(Point(104.2, 21.5)), source="test",
    )  # fmt: skip
    session.add(place)
    session.flush()
    for unit in ("99901", "99"):
        response = admin.get(f"/places?unit={unit}")
        assert response.status_code == 200, response.text
        names = [f["properties"]["name"] for f in response.json()["features"]]
        assert names == ["Chợ Núi Thử"]
    assert admin.get("/places?unit=99902").json()["features"] == []


def test_a_site_in_a_commune_without_boundary_carries_its_cameras_there(admin, bare_units):
    """Mounting a camera on (and moving) a site whose commune was taken as given."""
    site = {"code": "SITE-GIVEN", "lon": 104.21, "lat": 21.51, "commune_code": "99901"}
    created = admin.post("/sites", json=site)
    assert created.status_code == 201, created.text
    camera = _register(admin, 104.2101, 21.5101, commune_code="99901", code="CAM-ON-SITE")
    assert camera.status_code == 201, camera.text
    attached = admin.post("/sites/SITE-GIVEN/cameras", json={"cameras": ["CAM-ON-SITE"]})
    assert attached.status_code == 200, attached.text
    props = admin.get("/cameras/CAM-ON-SITE").json()["properties"]
    assert (props["commune_code"], props["commune_basis"]) == ("99901", "given")
    etag = admin.get("/sites/SITE-GIVEN").headers["etag"]
    move = {"lon": 104.2102, "lat": 21.5102}
    moved = admin.patch("/sites/SITE-GIVEN", json=move, headers={"If-Match": etag})
    assert moved.status_code == 200, moved.text
    props = admin.get("/cameras/CAM-ON-SITE").json()["properties"]
    assert (props["commune_code"], props["commune_basis"]) == ("99901", "given")
    moved_to = admin.get("/cameras/CAM-ON-SITE").json()["geometry"]["coordinates"]
    assert moved_to == pytest.approx([104.2102, 21.5102], abs=1e-7)
