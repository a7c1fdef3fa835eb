"""The ``vietnamadminunits`` address parser, checked before it is believed.

The package reads addresses in both the legacy (63 provinces, with districts)
and the post-2025 (34 provinces) schemes, with or without commas and
diacritics.  It also guesses: a post-2025 read of a legacy address can take the
old district "huyện Cẩm Thủy" for today's "xã Cẩm Thủy".  A result is kept only
if the commune's name really stands in the text as a commune (not right after a
district type word); when both schemes pass, the one that explains more of the
text (the shorter leftover) wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from camera_registry.addresses.text import canonical

_DISTRICT_WORDS = ("huyen", "quan", "thi xa", "thanh pho")


@dataclass(frozen=True)
class PackageReading:
    """A commune the package found in an address."""

    ward_code: str
    ward_label: str  # "Xã Cẩm Liên, Huyện Cẩm Thủy, Tỉnh Thanh Hóa"
    legacy: bool
    street: str | None
    lon: float | None
    lat: float | None


@lru_cache(maxsize=1)
def _parser() -> Any:
    from vietnamadminunits import parse_address  # noqa: PLC0415 — 0.5 s import, used rarely

    return parse_address


def _stands_as_commune(text: str, short_ward: str) -> bool:
    name = re.escape(canonical(short_ward))
    body = canonical(text.replace(",", " "))
    for match in re.finditer(rf"(?:^|\s){name}(?=\s|$)", body):
        before = body[: match.start()].strip()
        if not before.endswith(_DISTRICT_WORDS):
            return True
    return False


def _read(text: str, mode: str) -> PackageReading | None:
    try:
        unit = _parser()(text, mode=mode)
    except Exception:  # noqa: BLE001 — the package raises bare exceptions on odd input
        return None
    if not unit.ward_code or not unit.short_ward or not _stands_as_commune(text, unit.short_ward):
        return None
    label = ", ".join(p for p in (unit.ward, unit.district, unit.province) if p)
    return PackageReading(
        ward_code=str(unit.ward_code),
        ward_label=label,
        legacy=mode == "LEGACY",
        street=unit.street or None,
        lon=float(unit.longitude) if unit.longitude is not None else None,
        lat=float(unit.latitude) if unit.latitude is not None else None,
    )


def parse(text: str) -> PackageReading | None:
    """The commune the package reads in ``text``, in whichever scheme explains it best."""
    readings = [r for r in (_read(text, "LEGACY"), _read(text, "FROM_2025")) if r is not None]
    if not readings:
        return None
    return min(readings, key=lambda r: (len(r.street or ""), not r.legacy))


def province_name(text: str) -> str | None:
    """The province the package recognises in ``text`` (either scheme), if any."""
    for mode in ("FROM_2025", "LEGACY"):
        try:
            unit = _parser()(text, mode=mode)
        except Exception:  # noqa: BLE001 — see _read
            continue
        if unit.province:
            return str(unit.province)
    return None
