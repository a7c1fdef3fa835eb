"""The demo generator reproduces the published figures; checked independently with shapely."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

from shapely.geometry import Point

from camera_registry.demo.generate import (
    DATA_END,
    VN_TZ,
    DemoDataset,
    data_dir,
    generate,
    status_at,
)
from camera_registry.vocab import (
    CameraKind,
    CameraStatus,
    IncidentStatus,
    IncidentType,
    Level,
    Ownership,
    Usefulness,
)
from geo.fov import view_sector
from tests.demo.support import (
    REORG,
    assert_one_commune_each,
    communes_of,
    dak_nong_districts,
    digest,
    legacy_communes,
)

ROOT = Path(__file__).resolve().parents[2]
USEFUL = (Usefulness.DECISIVE, Usefulness.SUPPORTING)
DONE = (IncidentStatus.CLARIFIED, IncidentStatus.CLOSED)
FROM_2022 = datetime(2022, 1, 1, tzinfo=VN_TZ)
MARGIN = 0.00015


# --- cameras -----------------------------------------------------------------------------


def test_cam_thuy_has_515_cameras_in_all_17_communes(data: DemoDataset) -> None:
    communes = communes_of(data, {"390"})
    cameras = [c for c in data.cameras if c.commune_code in communes]
    assert len(communes) == 17
    assert len(cameras) == 515
    assert {c.commune_code for c in cameras} == communes
    for code in communes:
        assert any(
            status_at(c, DATA_END) is CameraStatus.ACTIVE for c in cameras if c.commune_code == code
        ), code
    assert {c.programme for c in cameras} == {"Camera với ANTT"}
    assert all(date(2021, 11, 1) <= c.installed_on <= date(2023, 12, 31) for c in cameras)


def test_dak_nong_has_over_600_cameras_in_exactly_56_of_71_communes(data: DemoDataset) -> None:
    communes = communes_of(data, dak_nong_districts(data))
    cameras = [c for c in data.cameras if c.commune_code in communes]
    covered = {c.commune_code for c in cameras}
    assert len(dak_nong_districts(data)) == 8
    assert len(communes) == 71
    assert len(cameras) > 600
    assert len(covered) == 56
    for code in covered:
        assert any(
            status_at(c, DATA_END) is CameraStatus.ACTIVE for c in cameras if c.commune_code == code
        ), code
    legacy = legacy_communes(data)
    assert all(legacy[code].unit_type == "Xã" for code in communes - covered)
    assert all(date(2020, 1, 1) <= c.installed_on <= date(2024, 12, 31) for c in cameras)
    programmes = {"Camera giám sát an ninh, trật tự", "Camera đô thị thông minh"}
    assert {c.programme for c in cameras} == programmes
    for c in cameras:
        if c.programme == "Camera đô thị thông minh":
            assert legacy[c.commune_code].unit_type in ("Phường", "Thị trấn")


def test_every_camera_lies_inside_its_commune_with_a_margin(data: DemoDataset) -> None:
    legacy = legacy_communes(data)
    assert_one_commune_each(data, [(c.lon, c.lat) for c in data.cameras])
    for camera in data.cameras:
        inner = legacy[camera.commune_code].geometry.buffer(-MARGIN)
        assert inner.contains(Point(camera.lon, camera.lat)), camera.code


def test_camera_fields_are_plausible(data: DemoDataset) -> None:
    codes = [c.code for c in data.cameras]
    assert len(set(codes)) == len(codes)
    phone = re.compile(r"0900 0\d\d \d{3}")
    for c in data.cameras:
        assert 0 <= c.direction_deg < 360
        if c.kind in (CameraKind.PTZ, CameraKind.FISHEYE):
            assert c.fov_deg == 360
        else:
            assert 0 < c.fov_deg < 360
        if c.kind is CameraKind.ANPR:
            assert 15 <= c.range_m <= 40
        elif c.kind is CameraKind.FIXED:
            assert 20 <= c.range_m <= 120
        assert 3 <= c.height_m <= 8
        assert 7 <= c.retention_days <= 60
        if c.ownership is Ownership.STATE:
            assert c.owner_name is None and c.owner_contact is None
        else:
            assert c.owner_name and c.owner_contact and phone.search(c.owner_contact)
    fixed = [c for c in data.cameras if c.kind is CameraKind.FIXED]
    assert sum(60 <= c.fov_deg <= 110 for c in fixed) > 0.8 * len(fixed)
    assert Counter(c.ownership for c in data.cameras)[Ownership.STATE] < 0.4 * len(codes)


def test_status_histories_are_ordered_and_end_in_the_current_status(data: DemoDataset) -> None:
    for c in data.cameras:
        first = c.history[0]
        assert first.status is CameraStatus.ACTIVE
        assert first.effective_at.date() == c.installed_on
        times = [h.effective_at for h in c.history]
        assert all(t.tzinfo is not None and t <= DATA_END for t in times)
        assert times == sorted(times) and len(set(times)) == len(times)
        assert c.status is c.history[-1].status
        if CameraStatus.DECOMMISSIONED in [h.status for h in c.history]:
            assert c.history[-1].status is CameraStatus.DECOMMISSIONED
    statuses = Counter(c.status for c in data.cameras)
    assert 0 < statuses[CameraStatus.DECOMMISSIONED] < 0.08 * len(data.cameras)
    repaired = [c for c in data.cameras if len(c.history) > 2]
    assert repaired and all(c.history[2].status is CameraStatus.ACTIVE for c in repaired)


# --- incidents and evidence --------------------------------------------------------------


def clarified_with_footage(data: DemoDataset, communes: set[str]) -> Counter[IncidentType]:
    useful = {e.case_code for e in data.evidence if e.usefulness in USEFUL}
    return Counter(
        i.type
        for i in data.incidents
        if i.commune_code in communes
        and i.occurred_at >= FROM_2022
        and i.status in DONE
        and i.case_code in useful
    )


def test_cam_thuy_footage_clarified_2_7_2_1_1_since_2022(data: DemoDataset) -> None:
    found = clarified_with_footage(data, communes_of(data, {"390"}))
    assert found == {
        IncidentType.NEIGHBOURHOOD_DISPUTE: 2,
        IncidentType.TRAFFIC_ACCIDENT: 7,
        IncidentType.TRAFFIC_VIOLATION: 2,
        IncidentType.PROPERTY_THEFT: 1,
        IncidentType.DRUG_OFFENCE: 1,
    }


def test_cam_thuy_has_distractors_around_the_figure(data: DemoDataset) -> None:
    communes = communes_of(data, {"390"})
    incidents = [i for i in data.incidents if i.commune_code in communes]
    by_case = defaultdict(list)
    for e in data.evidence:
        by_case[e.case_code].append(e.usefulness)
    assert 200 <= len(incidents) <= 500
    assert {i.type for i in incidents} == set(IncidentType)
    assert {i.status for i in incidents} == set(IncidentStatus)
    useless_only = [
        i
        for i in incidents
        if i.status in DONE and by_case[i.case_code] and not set(by_case[i.case_code]) & set(USEFUL)
    ]
    open_with_footage = [
        i for i in incidents if i.status not in DONE and set(by_case[i.case_code]) & set(USEFUL)
    ]
    before = [i for i in incidents if i.occurred_at < FROM_2022]
    assert useless_only and open_with_footage
    assert len(before) == 1 and set(by_case[before[0].case_code]) & set(USEFUL)
    assert all(date(2021, 12, 1) <= i.occurred_at.date() for i in incidents)


def test_dak_nong_has_incidents_some_clarified_with_footage(data: DemoDataset) -> None:
    communes = communes_of(data, dak_nong_districts(data))
    incidents = [i for i in data.incidents if i.commune_code in communes]
    assert 200 <= len(incidents) <= 500
    assert sum(clarified_with_footage(data, communes).values()) >= 10
    assert all(FROM_2022 <= i.occurred_at <= DATA_END for i in incidents)


def test_incidents_lie_inside_their_commune_and_codes_are_unique(data: DemoDataset) -> None:
    legacy = legacy_communes(data)
    codes = [i.case_code for i in data.incidents]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"VV-\d{3}-20\d\d-\d{4}", code) for code in codes)
    for i in data.incidents:
        assert i.occurred_at.tzinfo is not None and i.occurred_at <= DATA_END
        assert legacy[i.commune_code].geometry.buffer(-MARGIN).contains(Point(i.lon, i.lat))
        assert i.description and i.address
    assert_one_commune_each(data, [(i.lon, i.lat) for i in data.incidents])


def test_incidents_after_the_reorganisation_fall_in_the_successor(data: DemoDataset) -> None:
    new = {u.code: u for u in data.units if u.level is Level.COMMUNE and u.valid_from == REORG}
    links = defaultdict(set)
    for s in data.successions:
        links[s.predecessor_code].add(s.successor_code)
    late = [i for i in data.incidents if i.occurred_at.date() >= REORG]
    assert late
    for i in late:
        holders = [c for c, u in new.items() if u.geometry.contains(Point(i.lon, i.lat))]
        assert len(holders) == 1 and holders[0] in links[i.commune_code], i.case_code


def test_useful_footage_saw_the_incident_from_an_active_camera(data: DemoDataset) -> None:
    incidents = {i.case_code: i for i in data.incidents}
    cameras = {c.code: c for c in data.cameras}
    useful = [e for e in data.evidence if e.usefulness in USEFUL]
    assert len({e.case_code for e in useful}) >= 13 + 1
    for e in useful:
        incident, camera = incidents[e.case_code], cameras[e.camera_code]
        sector = view_sector(
            camera.lon, camera.lat, camera.direction_deg, camera.fov_deg, camera.range_m
        )
        assert sector.contains(Point(incident.lon, incident.lat)), e.case_code
        assert camera.installed_on <= incident.occurred_at.date()
        assert status_at(camera, incident.occurred_at) is CameraStatus.ACTIVE
        assert camera.commune_code == incident.commune_code


def test_every_clip_brackets_its_incident_and_was_extracted_in_time(data: DemoDataset) -> None:
    incidents = {i.case_code: i for i in data.incidents}
    cameras = {c.code: c for c in data.cameras}
    hashes = [e.sha256 for e in data.evidence]
    assert len(set(hashes)) == len(hashes)
    for e in data.evidence:
        incident, camera = incidents[e.case_code], cameras[e.camera_code]
        assert re.fullmatch(r"[0-9a-f]{64}", e.sha256)
        assert e.clip_start < incident.occurred_at < e.clip_end
        assert e.clip_end < e.extracted_at <= DATA_END
        assert e.extracted_at - e.clip_start < timedelta(days=camera.retention_days)
        assert e.size_bytes > 0 and e.storage_uri.endswith(".mp4") and e.extracted_by
        assert camera.installed_on <= incident.occurred_at.date()


# --- places, units, determinism ----------------------------------------------------------


def test_every_commune_has_a_gazetteer_inside_it(data: DemoDataset) -> None:
    legacy = legacy_communes(data)
    kinds: dict[str, set[str]] = defaultdict(set)
    for p in data.places:
        kinds[p.commune_code].add(p.kind)
        assert legacy[p.commune_code].geometry.contains(Point(p.lon, p.lat)), p.name
        assert p.address.startswith(p.name)
    need = {"commune_office", "market", "school", "hamlet", "health_station"}
    assert set(kinds) == set(legacy)
    assert all(need <= found for found in kinds.values())
    names = {p.name for p in data.places if p.commune_code == "15145"}
    assert {"Chợ Cẩm Liên", "Trường THCS Cẩm Liên", "UBND xã Cẩm Liên", "Thôn 1"} <= names


def test_same_seed_same_data_other_seed_other_data(data: DemoDataset) -> None:
    assert generate() == data
    other = generate(7)
    assert other.cameras != data.cameras
    assert len([c for c in other.cameras if c.commune_code in communes_of(other, {"390"})]) == 515


def test_pure_and_identical_in_another_process(data: DemoDataset) -> None:
    """No web or database module is imported, and string hashing does not leak in."""
    assert (data_dir() / "cam_thuy.geojson").is_file()
    code = (
        "import sys; from camera_registry.demo.generate import generate; "
        "from tests.demo.support import digest; "
        "bad = [m for m in ('fastapi', 'sqlalchemy', 'geoalchemy2') if m in sys.modules]; "
        "print(','.join(bad) or 'pure', digest(generate()))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env, cwd=ROOT
    )
    assert out.stdout.split() == ["pure", digest(data)]
