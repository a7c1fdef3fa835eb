"""Query parameters of the camera listing, parsed once into a filter, an order and a page.

Multi-valued filters (``status``, ``ownership``, ``kind``) accept repeated
parameters or comma-separated values; ``sort`` is a comma-separated list of
keys from a whitelist, each optionally prefixed with ``-`` for descending.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from fastapi import Query

from camera_registry.bbox import RequestedBBox
from camera_registry.cameras.formats import Format
from camera_registry.cameras.queries import SORT_KEYS, CameraFilter, SortKey
from camera_registry.deps import SettingsDep
from camera_registry.errors import InvalidInput
from camera_registry.vocab import CameraKind, CameraStatus, Ownership

Many = Annotated[list[str] | None, Query(description="Repeat or separate with commas")]
Unit = Annotated[str | None, Query(max_length=16)]


@dataclass(frozen=True)
class CameraListing:
    """Everything a listing request asks for."""

    flt: CameraFilter
    sort: tuple[SortKey, ...]
    limit: int
    offset: int
    fmt: Format
    geometry: str


def _values(field: str, raw: list[str] | None, vocabulary: type[StrEnum]) -> tuple[str, ...]:
    values = [v.strip() for item in raw or [] for v in item.split(",") if v.strip()]
    allowed = {member.value for member in vocabulary}
    for value in values:
        if value not in allowed:
            raise InvalidInput(field, f"{value!r} is not one of {', '.join(sorted(allowed))}")
    return tuple(dict.fromkeys(values))


def parse_sort(text: str | None) -> tuple[SortKey, ...]:
    """``"-installed_on,code"`` → sort keys; an unknown key is a 422 naming ``sort``."""
    keys: list[SortKey] = []
    for part in (p.strip() for p in (text or "").split(",")):
        if not part:
            continue
        name = part.lstrip("+-")
        if name not in SORT_KEYS:
            raise InvalidInput("sort", f"{name!r} is not one of {', '.join(SORT_KEYS)}")
        keys.append(SortKey(name, descending=part.startswith("-")))
    return tuple(keys)


def listing(
    settings: SettingsDep,
    commune: Annotated[Unit, Query(description="Commune GSO code")] = None,
    district: Annotated[Unit, Query(description="District GSO code")] = None,
    province: Annotated[Unit, Query(description="Province GSO code")] = None,
    bbox: RequestedBBox = None,
    status: Many = None,
    ownership: Many = None,
    kind: Many = None,
    programme: Annotated[str | None, Query(max_length=200)] = None,
    installed_from: date | None = None,
    installed_to: date | None = None,
    connected_to_centre: bool | None = None,
    site: Annotated[str | None, Query(max_length=64, description="Site code")] = None,
    sort: Annotated[str | None, Query(description="e.g. -installed_on,code")] = None,
    geometry: Literal["point", "view"] = "point",
    fmt: Annotated[Format, Query(alias="format")] = "geojson",
    limit: Annotated[int, Query(ge=1)] = 1000,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> CameraListing:
    """FastAPI dependency: the listing a request asks for, page size capped by settings."""
    if installed_from and installed_to and installed_from > installed_to:
        raise InvalidInput("installed_from", "must not be after installed_to")
    flt = CameraFilter(
        unit_codes=tuple(c for c in (commune, district, province) if c),
        bbox=bbox,
        statuses=_values("status", status, CameraStatus),
        ownerships=_values("ownership", ownership, Ownership),
        kinds=_values("kind", kind, CameraKind),
        programme=programme.strip() or None if programme else None,
        installed_from=installed_from,
        installed_to=installed_to,
        connected_to_centre=connected_to_centre,
        site_code=site,
    )
    cap = settings.max_page_size
    return CameraListing(flt, parse_sort(sort), min(limit, cap), offset, fmt, geometry)
