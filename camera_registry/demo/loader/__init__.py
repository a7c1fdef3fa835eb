"""Write the generated demo dataset into the registry (one transaction)."""

from __future__ import annotations

from collections.abc import Callable

from shapely.geometry import Point
from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.accounts import queries as accounts
from camera_registry.cameras.models import Camera, CameraStatusEvent
from camera_registry.demo.loader.casework import store_evidence, store_incidents, store_requests
from camera_registry.demo.loader.units import SOURCE, commune_id, store_successions, store_units
from camera_registry.demo.records import DATA_END, DemoDataset
from camera_registry.errors import Conflict
from camera_registry.geoconv import to_db
from camera_registry.places.models import Place
from camera_registry.textnorm import fold
from camera_registry.vocab import Level, Role
from geo import view_sector

Progress = Callable[[str, int], None]


def _store_cameras(session: Session, data: DemoDataset) -> dict[str, int]:
    ids: dict[str, int] = {}
    for rec in data.cameras:
        sector = view_sector(rec.lon, rec.lat, rec.direction_deg, rec.fov_deg, rec.range_m)
        camera = Camera(
            code=rec.code,
            geom=to_db(Point(rec.lon, rec.lat)),
            commune_id=commune_id(session, rec.lon, rec.lat, rec.installed_on),
            address=rec.address,
            direction_deg=rec.direction_deg,
            fov_deg=rec.fov_deg,
            range_m=rec.range_m,
            height_m=rec.height_m,
            kind=rec.kind.value,
            ownership=rec.ownership.value,
            owner_name=rec.owner_name,
            owner_contact=rec.owner_contact,
            programme=rec.programme,
            installed_on=rec.installed_on,
            status=rec.status.value,
            retention_days=rec.retention_days,
            connected_to_centre=rec.connected_to_centre,
            view_geom=to_db(sector),
            source=SOURCE,
        )
        session.add(camera)
        session.flush()
        ids[rec.code] = camera.id
        session.add_all(
            CameraStatusEvent(
                camera_id=camera.id,
                status=h.status.value,
                effective_at=h.effective_at,
                reason=h.reason,
                recorded_by="demo",
            )
            for h in rec.history
        )
    return ids


def _store_places(session: Session, data: DemoDataset) -> None:
    day = DATA_END.date()
    for rec in data.places:
        session.add(
            Place(
                name=rec.name,
                name_folded=fold(rec.name),
                kind=rec.kind,
                address=rec.address,
                commune_id=commune_id(session, rec.lon, rec.lat, day),
                geom=to_db(Point(rec.lon, rec.lat)),
                source=SOURCE,
            )
        )


def _store_users(session: Session, data: DemoDataset) -> None:
    first_commune = min(
        u.code for u in data.units if u.level == Level.COMMUNE and u.parent_code == "390"
    )
    for role in Role:
        if accounts.get_user(session, username=f"demo-{role.value}") is None:
            scopes = [first_commune] if role == Role.COMMUNE_OFFICER else []
            accounts.add_user(
                session,
                username=f"demo-{role.value}",
                role=role.value,
                full_name=f"Demo {role.value}",
                commune_codes=scopes,
            )


def load_demo(session: Session, data: DemoDataset, progress: Progress | None = None) -> None:
    """Store the dataset and the demo users, then commit; refuse if already loaded."""
    step = progress or (lambda _label, _n: None)
    if session.scalar(select(Camera.id).where(Camera.code == data.cameras[0].code)):
        raise Conflict("The demo dataset is already loaded.")
    units = store_units(session, data.units)
    store_successions(session, data, units)
    step("units", len(data.units))
    cameras = _store_cameras(session, data)
    step("cameras", len(data.cameras))
    incidents = store_incidents(session, data)
    step("incidents", len(data.incidents))
    requests = store_requests(session, data, cameras, incidents)
    store_evidence(session, data, cameras, incidents, requests)
    _store_places(session, data)
    _store_users(session, data)
    total = len(data.requests) + len(data.evidence) + len(data.places)
    step("footage requests, evidence, places and users", total)
    session.commit()
