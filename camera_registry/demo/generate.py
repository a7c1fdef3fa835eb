"""The demo data set: units, 2025 successions, cameras, incidents, evidence, requests, places.

A pure, deterministic generator: the same seed gives identical records, with no
database, no network and no wall clock.  The published figures come out
exactly: 515 cameras in 17/17 communes of Cẩm Thủy; 642 (> 600) cameras in
56/71 communes of Đắk Nông; from 2022, Cẩm Thủy footage clarified
2 neighbourhood disputes, 7 traffic accidents, 2 traffic-order violations,
1 property theft and 1 drug case.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from camera_registry.demo import vnadmin
from camera_registry.demo.cameras import place_cameras
from camera_registry.demo.incidents import make_incidents
from camera_registry.demo.places import build_sites
from camera_registry.demo.records import (
    DATA_END,
    VN_TZ,
    DemoCamera,
    DemoDataset,
    DemoEvidence,
    DemoIncident,
    DemoPlace,
    DemoRequest,
    DemoRequestStep,
    DemoStatusChange,
    DemoSuccession,
    DemoUnit,
    status_at,
)
from camera_registry.demo.reorg2025 import Reorg2025, derive_2025
from camera_registry.demo.requests import make_requests
from camera_registry.demo.units import load_legacy, lower_type

__all__ = [
    "DATA_END",
    "VN_TZ",
    "DemoCamera",
    "DemoDataset",
    "DemoEvidence",
    "DemoIncident",
    "DemoPlace",
    "DemoRequest",
    "DemoRequestStep",
    "DemoStatusChange",
    "DemoSuccession",
    "DemoUnit",
    "data_dir",
    "generate",
    "status_at",
]

DEFAULT_SEED = 20211115


def data_dir() -> Path:
    """Return the folder holding the demo boundaries (GeoJSON) and their SOURCES.md."""
    return Path(__file__).parent / "data"


def _new_suffixes(reorg: Reorg2025) -> dict[str, str]:
    """Legacy commune code → the address tail of its (first) successor after 2025."""
    by_code = {u.code: u for u in reorg.units}
    suffixes = {}
    for legacy_code, successors in reorg.successors.items():
        commune = by_code[successors[0]]
        province = by_code[commune.parent_code] if commune.parent_code else None
        text = lower_type(commune.name, commune.unit_type)
        if province is not None:
            text += ", " + lower_type(province.name, province.unit_type)
        suffixes[legacy_code] = text
    return suffixes


def generate(seed: int = DEFAULT_SEED, *, data_path: Path | None = None) -> DemoDataset:
    """Build the demo data set from the boundary files in ``data_path`` (default: ours)."""
    package_data = vnadmin.package_data_dir()
    legacy = load_legacy(data_path or data_dir(), package_data)
    reorg = derive_2025(legacy.units, package_data)
    if reorg.unmatched:
        warnings.warn(
            f"no 2025 successor found for legacy communes {', '.join(reorg.unmatched)}",
            stacklevel=2,
        )
    sites = build_sites(list(legacy.communes), _new_suffixes(reorg), seed)
    placed = place_cameras(sites, seed)
    incidents, evidence = make_incidents(sites, placed, seed)
    cameras = tuple(p.camera for p in placed)
    return DemoDataset(
        units=(*legacy.units, *reorg.units),
        successions=reorg.successions,
        cameras=cameras,
        incidents=tuple(incidents),
        evidence=tuple(evidence),
        places=tuple(p for s in sites for p in s.places),
        requests=tuple(make_requests(cameras, incidents, evidence, seed)),
    )
