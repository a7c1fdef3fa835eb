"""Incidents and the footage evidence extracted for them.

Cẩm Thủy reproduces its published result exactly: from 2022 on, footage helped
clarify 2 neighbourhood disputes, 7 traffic accidents, 2 traffic-order
violations, 1 property theft and 1 drug case ("clarified with footage" =
status clarified or closed AND at least one decisive or supporting clip), and
no other Cẩm Thủy incident qualifies.  Around them: incidents clarified or
closed without footage, open ones (some already with useful footage), some with
only useless footage, and one footage case in December 2021, before the
reporting period.  Đắk Nông gets the same mix without a figure to match.

Each useful clip comes from a camera installed and active at the time whose
view sector contains the incident point; clips bracket the incident and are
extracted within the camera's retention period.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import shapely
from shapely.geometry import Point

from camera_registry.demo import names
from camera_registry.demo.cameras import ANCHORS, PlacedCamera, anchor_point
from camera_registry.demo.places import Site
from camera_registry.demo.records import (
    DATA_END,
    VN_TZ,
    DemoCamera,
    DemoEvidence,
    DemoIncident,
    status_at,
)
from camera_registry.demo.spatial import distance_m, random_point_in
from camera_registry.vocab import CameraStatus, IncidentStatus, IncidentType, Usefulness
from geo.fov import view_sector

_T = IncidentType
CT_FOOTAGE = {
    _T.NEIGHBOURHOOD_DISPUTE: 2,
    _T.TRAFFIC_ACCIDENT: 7,
    _T.TRAFFIC_VIOLATION: 2,
    _T.PROPERTY_THEFT: 1,
    _T.DRUG_OFFENCE: 1,
}
#: (footage-clarified, open with useful footage, others) per region; CT's first is CT_FOOTAGE.
VOLUMES = {"CT": (13, 4, 283), "DN": (30, 5, 325)}
PERIOD_START = datetime(2022, 1, 1, tzinfo=VN_TZ)
EARLY_CASE = (datetime(2021, 12, 1, tzinfo=VN_TZ), datetime(2021, 12, 28, tzinfo=VN_TZ))
TYPE_WEIGHTS = {
    _T.TRAFFIC_ACCIDENT: 14, _T.TRAFFIC_VIOLATION: 14, _T.PROPERTY_THEFT: 20,
    _T.ROBBERY: 4, _T.ASSAULT: 8, _T.DRUG_OFFENCE: 6, _T.NEIGHBOURHOOD_DISPUTE: 10,
    _T.FRAUD: 9, _T.FIRE: 4, _T.PUBLIC_DISORDER: 7, _T.OTHER: 4,
}  # fmt: skip
PREFERRED_ANCHOR = {
    _T.TRAFFIC_ACCIDENT: ("road",),
    _T.TRAFFIC_VIOLATION: ("road",),
    _T.PROPERTY_THEFT: ("market", "hamlet"),
    _T.ROBBERY: ("road", "market"),
    _T.NEIGHBOURHOOD_DISPUTE: ("hamlet",),
    _T.DRUG_OFFENCE: ("hamlet", "road"),
    _T.PUBLIC_DISORDER: ("centre", "market"),
}
_S = IncidentStatus
STATUS_OLD = {_S.REPORTED: 3, _S.INVESTIGATING: 12, _S.CLARIFIED: 40, _S.CLOSED: 45}
STATUS_RECENT = {_S.REPORTED: 40, _S.INVESTIGATING: 40, _S.CLARIFIED: 15, _S.CLOSED: 5}


@dataclass
class _Case:
    type: IncidentType
    occurred_at: datetime
    lon: float
    lat: float
    site: Site
    status: IncidentStatus
    description: str
    address: str
    evidence: list[tuple[DemoCamera, Usefulness]] = field(default_factory=list)


def _moment(rng: random.Random, lo: datetime, hi: datetime) -> datetime:
    """A time between lo and hi, on a whole minute, less often at night."""
    minutes = int((hi - lo).total_seconds() // 60)
    while True:
        moment = lo + timedelta(minutes=rng.randrange(minutes))
        if 6 <= moment.hour < 22 or rng.random() < 0.3:
            return moment


def _case(
    rng: random.Random,
    site: Site,
    itype: IncidentType,
    moment: datetime,
    xy: tuple[float, float],
    status: IncidentStatus,
) -> _Case:
    lon, lat = round(xy[0], 6), round(xy[1], 6)
    address, phrase = site.describe(lon, lat, moment.date())
    text = rng.choice(names.DESCRIPTIONS[itype.value]).format(place=phrase)
    return _Case(itype, moment, lon, lat, site, status, text, address)


def _point_in_view(
    rng: random.Random, camera: DemoCamera, site: Site
) -> tuple[float, float] | None:
    """A point of the commune inside the camera's view sector, or None."""
    c = camera
    sector = view_sector(c.lon, c.lat, c.direction_deg, c.fov_deg, c.range_m)
    region = sector.buffer(-0.00002).intersection(site.inner)
    if region.is_empty or region.area * 1.2e10 < 20:
        return None
    xy = random_point_in(rng, region)
    if xy is None:
        return None
    xy = (round(xy[0], 6), round(xy[1], 6))
    ok = sector.contains(Point(xy)) and shapely.contains_xy(site.inner, *xy)
    return xy if ok else None


def _nearby_active(
    cams: list[PlacedCamera], case: _Case, exclude: set[str], limit: int
) -> list[DemoCamera]:
    """The active cameras of the incident's commune nearest to it."""
    here = [
        p.camera
        for p in cams
        if p.camera.commune_code == case.site.code
        and p.camera.code not in exclude
        and status_at(p.camera, case.occurred_at) is CameraStatus.ACTIVE
    ]
    here.sort(key=lambda c: (distance_m(c.lon, c.lat, case.lon, case.lat), c.code))
    return here[:limit]


def _footage_case(
    rng: random.Random,
    cams: list[PlacedCamera],
    sites: Mapping[str, Site],
    itype: IncidentType,
    window: tuple[datetime, datetime],
    status: IncidentStatus,
    usefulness: Usefulness,
) -> _Case:
    """An incident seen by an active camera whose clip is marked ``usefulness``."""
    prefer = PREFERRED_ANCHOR.get(itype, ())
    for _ in range(1000):
        moment = _moment(rng, *window)
        active = [p for p in cams if status_at(p.camera, moment) is CameraStatus.ACTIVE]
        if not active:
            continue
        chosen = rng.choices(active, weights=[4 if p.anchor in prefer else 1 for p in active])[0]
        site = sites[chosen.camera.commune_code]
        xy = _point_in_view(rng, chosen.camera, site)
        if xy is None:
            continue
        case = _case(rng, site, itype, moment, xy, status)
        case.evidence.append((chosen.camera, usefulness))
        if rng.random() < 0.3:
            extra = _nearby_active(cams, case, {chosen.camera.code}, 1)
            case.evidence += [(c, Usefulness.NOT_USEFUL) for c in extra]
        return case
    raise RuntimeError(f"no camera could have seen a {itype} in {window}")


def _pick_type(rng: random.Random, exclude: tuple[IncidentType, ...] = ()) -> IncidentType:
    types = [t for t in TYPE_WEIGHTS if t not in exclude]
    return rng.choices(types, weights=[TYPE_WEIGHTS[t] for t in types])[0]


def _other_case(
    rng: random.Random, cams: list[PlacedCamera], sites_list: list[Site], index: int
) -> _Case:
    """An incident whose footage, if any, did not help."""
    types = list(TYPE_WEIGHTS)
    itype = types[index] if index < len(types) else _pick_type(rng)
    site = rng.choices(sites_list, weights=[3 if s.info.is_town else 1 for s in sites_list])[0]
    moment = _moment(rng, PERIOD_START, DATA_END)
    prefer = PREFERRED_ANCHOR.get(itype) or tuple(ANCHORS)
    lon, lat, _ = anchor_point(rng, site, rng.choice(prefer))
    recent = DATA_END - moment < timedelta(days=60)
    table = STATUS_RECENT if recent else STATUS_OLD
    status = rng.choices(list(table), weights=list(table.values()))[0]
    case = _case(rng, site, itype, moment, (lon, lat), status)
    if rng.random() < 0.14:
        nearby = _nearby_active(cams, case, set(), rng.randint(1, 2))
        case.evidence += [(c, Usefulness.NOT_USEFUL) for c in nearby]
    return case


def _region_cases(
    rng: random.Random, region: str, cams: list[PlacedCamera], sites: Mapping[str, Site]
) -> list[_Case]:
    own = [p for p in cams if sites[p.camera.commune_code].region == region]
    sites_list = [s for s in sites.values() if s.region == region]
    clarified, pending, others = VOLUMES[region]
    late = DATA_END - timedelta(days=7)
    if region == "CT":
        footage_types = [t for t, n in CT_FOOTAGE.items() for _ in range(n)]
    else:
        footage_types = [_pick_type(rng, (_T.FRAUD,)) for _ in range(clarified)]
    cases = []
    for itype in footage_types:
        status = _S.CLOSED if rng.random() < 0.6 else _S.CLARIFIED
        useful = Usefulness.DECISIVE if rng.random() < 0.6 else Usefulness.SUPPORTING
        cases.append(_footage_case(rng, own, sites, itype, (PERIOD_START, late), status, useful))
    for _ in range(pending):
        status = rng.choice((_S.REPORTED, _S.INVESTIGATING))
        window = (late - timedelta(days=150), late)
        cases.append(
            _footage_case(rng, own, sites, _pick_type(rng), window, status, Usefulness.SUPPORTING)
        )
    if region == "CT":
        cases.append(
            _footage_case(
                rng, own, sites, _T.PROPERTY_THEFT, EARLY_CASE, _S.CLOSED, Usefulness.DECISIVE
            )
        )
    cases += [_other_case(rng, own, sites_list, i) for i in range(others)]
    return cases


def _evidence(
    rng: random.Random,
    seed: int,
    case_code: str,
    district: str,
    camera: DemoCamera,
    moment: datetime,
    usefulness: Usefulness,
) -> DemoEvidence | None:
    clip_start = moment - timedelta(minutes=rng.randint(2, 15), seconds=rng.randint(0, 59))
    clip_end = moment + timedelta(minutes=rng.randint(3, 25), seconds=rng.randint(0, 59))
    room_h = (DATA_END - clip_end).total_seconds() / 3600 - 0.1
    max_h = min(camera.retention_days * 24 - 24, 120.0, room_h)
    if max_h < 1:
        return None
    extracted_at = clip_end + timedelta(minutes=int(rng.uniform(1, max_h) * 60))
    seconds = int((clip_end - clip_start).total_seconds())
    token = f"camreg-demo|{seed}|{case_code}|{camera.code}|{clip_start.isoformat()}"
    return DemoEvidence(
        case_code=case_code,
        camera_code=camera.code,
        clip_start=clip_start,
        clip_end=clip_end,
        sha256=hashlib.sha256(token.encode()).hexdigest(),
        size_bytes=seconds * rng.randint(180_000, 320_000),
        storage_uri=f"evidence://{district}/{case_code}/{camera.code}_{clip_start:%Y%m%dT%H%M%S}.mp4",
        extracted_by=names.officer(rng),
        extracted_at=extracted_at,
        usefulness=usefulness,
        note=rng.choice(names.EVIDENCE_NOTES[usefulness.value]),
    )


def make_incidents(
    sites: list[Site], cams: list[PlacedCamera], seed: int
) -> tuple[list[DemoIncident], list[DemoEvidence]]:
    """Generate the incidents of both areas and the footage evidence extracted for them."""
    by_code = {s.code: s for s in sites}
    cases = []
    for region in ("CT", "DN"):
        cases += _region_cases(random.Random(f"{seed}:incidents:{region}"), region, cams, by_code)
    cases.sort(key=lambda c: (c.site.info.district_code, c.occurred_at, c.site.code, c.lon, c.lat))
    rng = random.Random(f"{seed}:evidence")
    incidents, evidence = [], []
    numbers: dict[tuple[str, int], int] = {}
    for case in cases:
        district, year = case.site.info.district_code, case.occurred_at.year
        numbers[district, year] = numbers.get((district, year), 0) + 1
        code = f"VV-{district}-{year}-{numbers[district, year]:04d}"
        incidents.append(
            DemoIncident(
                code,
                case.type,
                case.occurred_at,
                case.lon,
                case.lat,
                case.address,
                case.site.code,
                case.status,
                case.description,
            )
        )
        for camera, usefulness in case.evidence:
            item = _evidence(rng, seed, code, district, camera, case.occurred_at, usefulness)
            if item is None and usefulness is not Usefulness.NOT_USEFUL:
                raise RuntimeError(f"useful footage of {code} could not be extracted in time")
            if item is not None:
                evidence.append(item)
    return incidents, evidence
