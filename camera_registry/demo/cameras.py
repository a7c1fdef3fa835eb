"""The demo's cameras: how many per commune, where, what kind, and their status history.

The counts reproduce the published figures: 515 cameras in all 17 communes of
Cẩm Thủy ("Camera với ANTT", from late 2021) and 642 cameras in 56 of the 71
communes of Đắk Nông (2020–2024), the 15 without cameras being the rural
communes farthest from their district seat.  Every covered commune keeps at
least one camera active at the end of the data period.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from camera_registry.demo import names
from camera_registry.demo.history import status_history
from camera_registry.demo.places import Site, road_point
from camera_registry.demo.records import VN_TZ, DemoCamera
from camera_registry.demo.spatial import (
    bearing_deg,
    distance_m,
    inside_point,
    normalise_deg,
    point_near,
    union_all,
)
from camera_registry.vocab import CameraKind, CameraStatus, Ownership

_Key = TypeVar("_Key")

CT_TOTAL = 515
DN_TOTAL = 642
DN_COVERED = 56
CT_PROGRAMME = "Camera với ANTT"
DN_PROGRAMME = "Camera giám sát an ninh, trật tự"
SMART_PROGRAMME = "Camera đô thị thông minh"

#: Seats of the Đắk Nông districts that have no thị trấn.
DISTRICT_SEATS = {"661": "24631", "667": "24739"}

ANCHORS = {"centre": 20, "market": 18, "school": 12, "hamlet": 20, "road": 25, "health": 5}
_K = CameraKind
KINDS = {
    "road": {_K.FIXED: 60, _K.ANPR: 30, _K.PTZ: 10},
    "centre": {_K.FIXED: 60, _K.PTZ: 25, _K.FISHEYE: 15},
    "market": {_K.FIXED: 65, _K.FISHEYE: 20, _K.PTZ: 15},
    "other": {_K.FIXED: 85, _K.FISHEYE: 15},
    "smart_road": {_K.ANPR: 50, _K.PTZ: 20, _K.FIXED: 30},
    "smart": {_K.PTZ: 40, _K.FIXED: 60},
}
_O = Ownership
OWNERS = {
    "centre": {_O.STATE: 35, _O.COMMUNITY: 40, _O.BUSINESS: 15, _O.HOUSEHOLD: 10},
    "market": {_O.BUSINESS: 45, _O.COMMUNITY: 30, _O.STATE: 10, _O.HOUSEHOLD: 15},
    "school": {_O.COMMUNITY: 50, _O.STATE: 35, _O.HOUSEHOLD: 15},
    "hamlet": {_O.HOUSEHOLD: 50, _O.COMMUNITY: 45, _O.BUSINESS: 5},
    "road": {_O.COMMUNITY: 35, _O.HOUSEHOLD: 30, _O.BUSINESS: 20, _O.STATE: 15},
    "health": {_O.STATE: 60, _O.COMMUNITY: 40},
    "smart": {_O.STATE: 85, _O.BUSINESS: 15},
}
RETENTION = {
    _O.STATE: (30, 60),
    _O.COMMUNITY: (14, 30),
    _O.BUSINESS: (10, 30),
    _O.HOUSEHOLD: (7, 15),
}
HEIGHT = {
    _O.STATE: (5.0, 8.0),
    _O.COMMUNITY: (3.5, 6.0),
    _O.BUSINESS: (3.0, 5.0),
    _O.HOUSEHOLD: (3.0, 4.5),
}
CONNECTED = {_O.STATE: 0.9, _O.COMMUNITY: 0.6, _O.BUSINESS: 0.2, _O.HOUSEHOLD: 0.1}


@dataclass(frozen=True)
class PlacedCamera:
    """A generated camera with what it was placed around (used to place incidents)."""

    camera: DemoCamera
    anchor: str
    district_code: str


def _pick(rng: random.Random, table: Mapping[_Key, int]) -> _Key:
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]


def allocate(total: int, weights: list[float], minimum: int) -> list[int]:
    """Split ``total`` into integer shares (at least ``minimum``) proportional to weights."""
    rest = total - minimum * len(weights)
    quotas = [w / sum(weights) * rest for w in weights]
    counts = [int(q) for q in quotas]
    by_remainder = sorted(range(len(weights)), key=lambda i: (counts[i] - quotas[i], i))
    for i in by_remainder[: rest - sum(counts)]:
        counts[i] += 1
    return [minimum + c for c in counts]


def uncovered_communes(sites: list[Site], count: int) -> list[str]:
    """Pick the rural communes farthest (relative to district size) from their seat."""
    scored = []
    for district in sorted({s.info.district_code for s in sites}):
        own = [s for s in sites if s.info.district_code == district]
        towns = [s.info.unit.geometry for s in own if s.info.is_town]
        seat_site = next((s for s in own if s.code == DISTRICT_SEATS.get(district)), None)
        if towns:
            seat = inside_point(union_all(towns))
            seat_xy = (seat.x, seat.y)
        elif seat_site is not None:
            seat_xy = seat_site.centre
        else:
            seat_xy = own[0].centre
        size = math.sqrt(sum(s.info.unit.geometry.area for s in own)) * 111_000
        for s in own:
            if not s.info.is_town:
                scored.append((-distance_m(*s.centre, *seat_xy) / size, s.code, district))
    chosen: list[str] = []
    per_district: dict[str, int] = {}
    for _, code, district in sorted(scored):
        if len(chosen) < count and per_district.get(district, 0) < 3:
            chosen.append(code)
            per_district[district] = per_district.get(district, 0) + 1
    return sorted(chosen)


def anchor_point(rng: random.Random, site: Site, anchor: str) -> tuple[float, float, float]:
    """A position near an anchor of the commune and a plausible camera heading there.

    Roads give a point beside the road facing along it; other anchors (centre,
    market, school, hamlet, health station) a point around the place, usually
    facing it.
    """
    if anchor == "road" and site.roads:
        lon, lat, heading = road_point(rng, site)
        return lon, lat, heading + rng.choice((0.0, 180.0)) + rng.gauss(0, 8)
    kind = {"centre": "commune_office", "health": "health_station"}.get(anchor, anchor)
    place = rng.choice(site.of_kind(kind) or site.of_kind("commune_office"))
    sigma = {"centre": 150, "market": 70, "school": 50, "hamlet": 150, "health": 40}.get(
        anchor, 100
    )
    lon, lat = point_near(rng, site.inner, place.lon, place.lat, sigma)
    if distance_m(lon, lat, place.lon, place.lat) > 15 and rng.random() < 0.7:
        return lon, lat, bearing_deg(lon, lat, place.lon, place.lat) + rng.gauss(0, 20)
    return lon, lat, rng.uniform(0, 360)


def _optics(rng: random.Random, kind: CameraKind) -> tuple[float, float]:
    """(fov_deg, range_m) for a camera kind."""
    if kind is CameraKind.ANPR:
        return float(rng.randint(25, 45)), float(rng.randint(15, 40))
    if kind is CameraKind.PTZ:
        return 360.0, float(rng.randint(60, 120))
    if kind is CameraKind.FISHEYE:
        return 360.0, float(rng.randint(15, 30))
    fov = rng.randint(60, 110) if rng.random() < 0.9 else rng.randint(45, 59)
    return float(fov), float(rng.randint(20, 100) if rng.random() < 0.9 else 120)


def _owner(
    rng: random.Random, site: Site, ownership: Ownership, lon: float, lat: float
) -> tuple[str | None, str | None]:
    hamlet = site.hamlet_near(lon, lat).name
    if ownership is Ownership.STATE:
        return None, None
    if ownership is Ownership.HOUSEHOLD:
        return f"Hộ {names.person(rng)}", names.phone(rng)
    if ownership is Ownership.BUSINESS:
        return names.business(rng), f"{names.person(rng)} – {names.phone(rng)}"
    group = rng.choice(("Ban điều hành", "Tổ an ninh trật tự", "Chi hội Cựu chiến binh"))
    return f"{group} {hamlet}", f"{names.person(rng)} – {names.phone(rng)}"


def _install_window(rng: random.Random, site: Site, smart: bool) -> tuple[date, date]:
    if site.region == "CT":
        start = date(2021, 11, 1) if site.info.is_town else date(2021, 11, 15)
        if not site.info.is_town:
            start += timedelta(days=rng.randint(0, 300))
        return start, date(2023, 12, 31)
    start = date(2020, 1, 1) + timedelta(days=rng.randint(0, 900))
    if smart:
        start = max(start, date(2022, 3, 1)) + timedelta(days=rng.randint(0, 120))
    return start, date(2024, 12, 31)


@dataclass(frozen=True)
class _Draft:
    """A camera before its code and history are known."""

    camera: DemoCamera
    installed_at: datetime
    anchor: str


def _draft(rng: random.Random, site: Site, index: int, smart: bool) -> _Draft:
    anchor = _pick(rng, ANCHORS)
    lon, lat, heading = anchor_point(rng, site, anchor)
    kinds = KINDS[("smart_" if smart else "") + "road"] if anchor == "road" else None
    kinds = kinds or (KINDS["smart"] if smart else KINDS.get(anchor, KINDS["other"]))
    kind = _pick(rng, kinds)
    ownership = _pick(rng, OWNERS["smart" if smart else anchor])
    if ownership is Ownership.HOUSEHOLD and kind in (CameraKind.ANPR, CameraKind.PTZ):
        ownership = Ownership.STATE if kind is CameraKind.ANPR else Ownership.COMMUNITY
    fov, range_m = _optics(rng, kind)
    owner_name, contact = _owner(rng, site, ownership, lon, lat)
    start, end = _install_window(rng, site, smart)
    if index < 4:  # the launch batch of the commune
        day = start + timedelta(days=rng.randint(0, 20))
    else:
        day = start + timedelta(days=int((end - start).days * rng.betavariate(1.3, 2.2)))
    installed = datetime.combine(min(day, end), time(8), VN_TZ)
    installed += timedelta(minutes=rng.randint(0, 540))
    programme = SMART_PROGRAMME if smart else CT_PROGRAMME if site.region == "CT" else DN_PROGRAMME
    camera = DemoCamera(
        code="",
        lon=round(lon, 6),
        lat=round(lat, 6),
        commune_code=site.code,
        address=site.describe(lon, lat, installed.date())[0],
        direction_deg=normalise_deg(heading),
        fov_deg=fov,
        range_m=range_m,
        height_m=round(rng.uniform(*HEIGHT[ownership]), 1),
        kind=kind,
        ownership=ownership,
        owner_name=owner_name,
        owner_contact=contact,
        programme=programme,
        installed_on=installed.date(),
        status=CameraStatus.ACTIVE,
        retention_days=rng.randint(*RETENTION[ownership]),
        connected_to_centre=smart or rng.random() < CONNECTED[ownership],
        history=(),
    )
    return _Draft(camera, installed, anchor)


def _commune_cameras(site: Site, count: int, seed: int) -> list[_Draft]:
    rng = random.Random(f"{seed}:cameras:{site.code}")
    smart_share = 0.45 if site.region == "DN" and site.info.is_town else 0.0
    drafts = [_draft(rng, site, i, rng.random() < smart_share) for i in range(count)]
    histories = [status_history(rng, d.installed_at, d.camera.ownership) for d in drafts]
    if not any(h[-1].status is CameraStatus.ACTIVE for h in histories):
        histories[0] = histories[0][:1]
    return [
        replace(d, camera=replace(d.camera, status=h[-1].status, history=tuple(h)))
        for d, h in zip(drafts, histories, strict=True)
    ]


def _counts(sites: list[Site], seed: int) -> dict[str, int]:
    rng = random.Random(f"{seed}:allocation")
    ct = [s for s in sites if s.region == "CT"]
    dn = [s for s in sites if s.region == "DN"]
    empty = set(uncovered_communes(dn, len(dn) - DN_COVERED))
    dn = [s for s in dn if s.code not in empty]
    counts: dict[str, int] = {}
    for group, total, minimum in ((ct, CT_TOTAL, 12), (dn, DN_TOTAL, 4)):
        weights = [(2.4 if s.info.is_town else 1.0) * rng.uniform(0.7, 1.3) for s in group]
        counts.update(zip((s.code for s in group), allocate(total, weights, minimum), strict=True))
    return counts


def place_cameras(sites: list[Site], seed: int) -> list[PlacedCamera]:
    """Generate every camera of the demo, coded per district in installation order."""
    counts = _counts(sites, seed)
    by_district: dict[str, list[_Draft]] = {}
    for site in sites:
        if counts.get(site.code):
            made = _commune_cameras(site, counts[site.code], seed)
            by_district.setdefault(site.info.district_code, []).extend(made)
    placed: list[PlacedCamera] = []
    for district in sorted(by_district):
        prefix = "CT" if district == "390" else "DN"
        drafts = sorted(
            by_district[district],
            key=lambda d: (d.installed_at, d.camera.commune_code, d.camera.lon, d.camera.lat),
        )
        for number, draft in enumerate(drafts, start=1):
            camera = replace(draft.camera, code=f"{prefix}-{district}-{number:05d}")
            placed.append(PlacedCamera(camera, draft.anchor, district))
    return placed
