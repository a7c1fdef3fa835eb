"""A lookup answer as GeoJSON (RFC 7946) for a given caller.

Cameras are Point features at the camera's position; the question and how the
address resolved travel as foreign members (``query``, ``resolution``,
``imprecise``).  Times are ISO 8601 in Asia/Ho_Chi_Minh.  A holder's name and
contact appear only for callers allowed to see them (``may_see_holder``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from camera_registry.addresses.resolution import STEP_LABELS, Resolution, UnitRef
from camera_registry.geoconv import feature_collection
from camera_registry.lookup.audited import LookupAnswer
from camera_registry.lookup.service import CameraHit
from camera_registry.places.vocab import PRECISION_LABELS
from camera_registry.timeutil import LOCAL_TZ
from camera_registry.vocab import LABELS, CameraStatus


@lru_cache(maxsize=1024)  # a lookup's deadlines repeat: one per retention period
def _local(moment: datetime | None) -> str | None:
    return moment.astimezone(LOCAL_TZ).isoformat() if moment is not None else None


def _geometry(geom: BaseGeometry | None, digits: int) -> dict[str, Any] | None:
    if geom is None:
        return None
    return dict(mapping(shapely.transform(geom, lambda xy: np.round(xy, digits))))


#: A status (or none) as the two properties that carry it: value, Vietnamese label.
_STATUS_PROPS: dict[CameraStatus | None, tuple[str | None, str | None]] = {
    None: (None, None),
    **{status: (status.value, LABELS[status][0]) for status in CameraStatus},
}


def hit_feature(
    hit: CameraHit, may_see_holder: Callable[[str | None], bool], position: list[float]
) -> dict[str, Any]:
    """One camera of the answer as a Feature at ``position`` (its coordinates, rounded)."""
    status, status_label = _STATUS_PROPS[hit.status_at]
    props: dict[str, Any] = {
        "code": hit.code,
        "sees": hit.sees,
        "distance_m": hit.distance_m,
        "bearing_deg": hit.bearing_deg,
        "status_at": status,
        "status_label": status_label,
        "working": hit.working,
        "retention_days": hit.retention_days,
        "footage_retained": hit.footage_retained,
        "request_deadline": _local(hit.request_deadline),
        "programme": hit.programme,
        "connected_to_centre": hit.connected_to_centre,
        "commune_code": hit.commune_code,
    }
    if may_see_holder(hit.commune_code):
        props["owner_name"] = hit.owner_name
        props["owner_contact"] = hit.owner_contact
    return {
        "type": "Feature",
        "id": hit.code,
        "geometry": {"type": "Point", "coordinates": position},
        "properties": props,
    }


def _unit(ref: UnitRef) -> dict[str, Any]:
    return {
        "code": ref.code,
        "name": ref.name,
        "label": ref.label,
        "valid_from": ref.valid_from.isoformat(),
        "valid_to": ref.valid_to.isoformat() if ref.valid_to else None,
    }


def resolution_json(res: Resolution) -> dict[str, Any]:
    """How an address was understood: step, precision, place, commune, candidates."""
    commune = None
    if res.commune is not None:
        commune = {
            **_unit(res.commune),
            "successors": [_unit(u) for u in res.commune.successors],
            "predecessors": [_unit(u) for u in res.commune.predecessors],
        }
    return {
        "step": res.step.value,
        "step_label": dict(zip(("vi", "en"), STEP_LABELS[res.step], strict=True)),
        "precision": res.precision.value,
        "precision_label": dict(zip(("vi", "en"), PRECISION_LABELS[res.precision], strict=True)),
        "imprecise": res.imprecise,
        "ambiguous": res.ambiguous,
        "label": res.label,
        "point": {"type": "Point", "coordinates": list(res.point)} if res.point else None,
        "area": _geometry(res.area, 6),
        "commune": commune,
        "candidates": [vars(c) for c in res.candidates],
        "notes": list(res.notes),
    }


def answer_json(
    answer: LookupAnswer, may_see_holder: Callable[[str | None], bool]
) -> dict[str, Any]:
    """The whole answer as a FeatureCollection with foreign members."""
    may_see = lru_cache(maxsize=None)(may_see_holder)  # hits share a few communes
    # 7 decimals (≈ 1 cm), rounded all at once: round() per number was a third of the features'
    # time (≈ 1 µs each; an answer in a town centre carries hundreds of cameras)
    positions = np.round([(h.lon, h.lat) for h in answer.hits], 7).tolist() if answer.hits else []
    features = [hit_feature(h, may_see, p) for h, p in zip(answer.hits, positions, strict=True)]
    query: dict[str, Any] = {"at": _local(answer.at), "radius_m": answer.radius_m}
    if answer.resolution is not None:
        query["address"] = answer.resolution.text
    else:
        query.update(lon=answer.lon, lat=answer.lat)
    return feature_collection(
        features,
        numberReturned=len(features),
        query=query,
        imprecise=answer.imprecise,
        resolution=resolution_json(answer.resolution) if answer.resolution else None,
    )
