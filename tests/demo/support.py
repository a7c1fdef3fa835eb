"""Shared helpers for the demo tests: independent views of the generated records."""

from __future__ import annotations

import hashlib
from datetime import date

import numpy as np
import shapely

from camera_registry.demo.generate import DemoDataset, DemoUnit
from camera_registry.vocab import Level

LEGACY_END = date(2025, 6, 30)
REORG = date(2025, 7, 1)


def legacy_communes(data: DemoDataset) -> dict[str, DemoUnit]:
    return {u.code: u for u in data.units if u.level is Level.COMMUNE and u.valid_to == LEGACY_END}


def district_of(data: DemoDataset) -> dict[str, str]:
    return {code: u.parent_code or "" for code, u in legacy_communes(data).items()}


def communes_of(data: DemoDataset, districts: set[str]) -> set[str]:
    return {code for code, d in district_of(data).items() if d in districts}


def assert_one_commune_each(data: DemoDataset, points: list[tuple[float, float]]) -> None:
    """Every point lies in exactly one legacy commune (the approximate polygons overlap a bit)."""
    xs, ys = np.array(points).T
    containing = np.zeros(len(points), dtype=int)
    for unit in legacy_communes(data).values():
        containing += shapely.contains_xy(unit.geometry, xs, ys)
    assert (containing == 1).all()


def dak_nong_districts(data: DemoDataset) -> set[str]:
    return {u.code for u in data.units if u.level is Level.DISTRICT and u.parent_code == "67"}


def union_of(units: list[DemoUnit]) -> shapely.Geometry:
    return shapely.union_all([u.geometry for u in units])


def digest(data: DemoDataset) -> str:
    """A fingerprint of the whole data set, geometries included."""
    text = repr(
        (data.successions, data.cameras, data.incidents, data.evidence, data.requests, data.places)
    )
    text += "".join(f"{u.code}{u.valid_from}{u.geometry.wkb_hex}" for u in data.units)
    return hashlib.sha256(text.encode()).hexdigest()
