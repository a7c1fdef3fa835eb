"""Footage requests to camera holders, as investigators made them for the demo incidents.

Every clip from a household, business or community camera came through a
request: made after the incident and before the clip's extraction (so before
the retention deadline, incident time + retention days, as the evidence
candidates compute it), approved by the holder, delivered when the clip was
registered.  A few other candidate cameras were asked too and never gave
anything: the holder refused, or the deadline passed unanswered.  Those touch
no incident or evidence record, so every published figure stays as it was.

A separate random stream drives this module, so the other records are the
same with or without it.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from shapely.geometry import Point, Polygon

from camera_registry.demo import names
from camera_registry.demo.records import (
    DATA_END,
    DemoCamera,
    DemoEvidence,
    DemoIncident,
    DemoRequest,
    DemoRequestStep,
    status_at,
)
from camera_registry.incidents.requests.vocab import PRIVATE_OWNERSHIPS, FootageRequestStatus
from camera_registry.vocab import CameraStatus
from geo.fov import view_sector

_R = FootageRequestStatus
#: How many requests end refused, and how many expire unanswered.
UNANSWERED = {_R.REFUSED: 6, _R.EXPIRED: 4}
#: The note the service writes when a clip is registered through a request / a deadline passes.
DELIVERED_NOTE = "clip registered as evidence"
EXPIRED_NOTE = "retention deadline passed"
SYSTEM_ACTOR = "system"


def is_private(camera: DemoCamera) -> bool:
    """Whether the camera's footage is held privately and must be requested."""
    return camera.ownership.value in PRIVATE_OWNERSHIPS


def _deadline(camera: DemoCamera, incident: DemoIncident) -> datetime:
    return incident.occurred_at + timedelta(days=camera.retention_days)


def _holder(rng: random.Random, camera: DemoCamera) -> str:
    return f"{camera.owner_name} ({camera.owner_contact}), {rng.choice(names.CONTACT_WAYS)}"


def _ask(moment: datetime, until: datetime) -> str:
    """The request's text: the footage wanted, around ``moment``."""
    return f"Đề nghị cung cấp hình ảnh từ {moment:%H:%M} đến {until:%H:%M} ngày {moment:%d/%m/%Y}."


def _between(rng: random.Random, lo: datetime, hi: datetime, lo_f: float, hi_f: float) -> datetime:
    """A whole second a fraction (lo_f…hi_f) of the way from lo to hi."""
    seconds = (hi - lo).total_seconds() * rng.uniform(lo_f, hi_f)
    return lo + timedelta(seconds=max(1, int(seconds)))


def delivered_request(
    rng: random.Random, clip: DemoEvidence, camera: DemoCamera, incident: DemoIncident
) -> DemoRequest:
    """The request a private camera's clip came through: requested → approved → delivered."""
    requested_at = _between(rng, incident.occurred_at, clip.extracted_at, 0.15, 0.45)
    approved_at = _between(rng, requested_at, clip.extracted_at, 0.2, 0.8)
    officer = clip.extracted_by
    note = _ask(clip.clip_start, clip.clip_end)
    return DemoRequest(
        case_code=clip.case_code,
        camera_code=camera.code,
        retention_deadline=_deadline(camera, incident),
        holder_contacted=_holder(rng, camera),
        requested_by=officer,
        requested_at=requested_at,
        note=note,
        history=(
            DemoRequestStep(_R.REQUESTED, requested_at, officer, note),
            DemoRequestStep(_R.APPROVED, approved_at, officer, rng.choice(names.REQUEST_APPROVED)),
            DemoRequestStep(_R.DELIVERED, clip.extracted_at, officer, DELIVERED_NOTE),
        ),
    )


def unanswered_request(
    rng: random.Random, status: FootageRequestStatus, camera: DemoCamera, incident: DemoIncident
) -> DemoRequest:
    """A request the holder refused, or that expired at its deadline with no answer."""
    deadline = _deadline(camera, incident)
    requested_at = incident.occurred_at + timedelta(minutes=rng.randint(30, 48 * 60))
    officer = names.officer(rng)
    note = _ask(incident.occurred_at - timedelta(minutes=10), incident.occurred_at)
    if status is _R.REFUSED:
        answer = DemoRequestStep(
            _R.REFUSED,
            requested_at + timedelta(minutes=rng.randint(60, 72 * 60)),
            officer,
            rng.choice(names.REQUEST_REFUSED),
        )
    else:  # expired: the daily expiry run after the deadline
        at = deadline + timedelta(minutes=rng.randint(1, 24 * 60))
        answer = DemoRequestStep(_R.EXPIRED, at, SYSTEM_ACTOR, EXPIRED_NOTE)
    return DemoRequest(
        case_code=incident.case_code,
        camera_code=camera.code,
        retention_deadline=deadline,
        holder_contacted=_holder(rng, camera),
        requested_by=officer,
        requested_at=requested_at,
        note=note,
        history=(DemoRequestStep(_R.REQUESTED, requested_at, officer, note), answer),
    )


def _unasked_candidates(
    cameras: Iterable[DemoCamera], incidents: list[DemoIncident], evidence: list[DemoEvidence]
) -> list[tuple[DemoIncident, DemoCamera]]:
    """Private cameras that saw an incident, working then, with no clip of it.

    Only those whose deadline (plus a day for the expiry run) falls in the data period.
    """
    by_commune: dict[str, list[DemoCamera]] = defaultdict(list)
    for camera in cameras:
        if is_private(camera):
            by_commune[camera.commune_code].append(camera)
    sectors: dict[str, Polygon] = {}
    clipped = {(e.case_code, e.camera_code) for e in evidence}
    found = []
    for incident in incidents:
        point = Point(incident.lon, incident.lat)
        for camera in by_commune[incident.commune_code]:
            if (incident.case_code, camera.code) in clipped:
                continue
            if status_at(camera, incident.occurred_at) is not CameraStatus.ACTIVE:
                continue
            if _deadline(camera, incident) + timedelta(days=1) > DATA_END:
                continue
            c = camera
            if c.code not in sectors:
                sectors[c.code] = view_sector(c.lon, c.lat, c.direction_deg, c.fov_deg, c.range_m)
            if sectors[c.code].contains(point):
                found.append((incident, camera))
    return found


def make_requests(
    cameras: Iterable[DemoCamera],
    incidents: list[DemoIncident],
    evidence: list[DemoEvidence],
    seed: int,
) -> list[DemoRequest]:
    """One delivered request per private camera's clip, and a few refused or expired ones."""
    rng = random.Random(f"{seed}:requests")
    cams = {c.code: c for c in cameras}
    by_case = {i.case_code: i for i in incidents}
    requests = [
        delivered_request(rng, clip, cams[clip.camera_code], by_case[clip.case_code])
        for clip in evidence
        if is_private(cams[clip.camera_code])
    ]
    pool = _unasked_candidates(cams.values(), incidents, evidence)
    picked = rng.sample(pool, min(len(pool), sum(UNANSWERED.values())))
    statuses = [s for s, n in UNANSWERED.items() for _ in range(n)]
    for (incident, camera), status in zip(picked, statuses, strict=False):
        requests.append(unanswered_request(rng, status, camera, incident))
    requests.sort(key=lambda r: (r.requested_at, r.case_code, r.camera_code))
    return requests
