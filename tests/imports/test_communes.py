"""The importer's set-wise commune assignment equals the database's own point-in-polygon."""

from __future__ import annotations

from datetime import date

import numpy as np

from camera_registry.admin_units.queries import commune_containing
from camera_registry.imports.communes import CommuneLocator

DAYS = (date(2023, 5, 1), date(2025, 6, 30), date(2025, 7, 1), date(2026, 1, 15))


def test_locator_agrees_with_the_database_on_random_points(session):
    rng = np.random.default_rng(5)
    # Cẩm Thủy and Đắk Nông extents, with margins so that some points fall outside all.
    boxes = [(105.28, 20.05, 105.72, 20.42), (107.15, 11.70, 108.25, 12.90)]
    lon = np.concatenate([rng.uniform(b[0], b[2], 90) for b in boxes])
    lat = np.concatenate([rng.uniform(b[1], b[3], 90) for b in boxes])
    on = [DAYS[i % len(DAYS)] for i in range(lon.size)]
    locator = CommuneLocator.around(session, lon, lat)
    found = locator.locate(lon, lat, on)
    outside = 0
    for i in range(lon.size):
        truth = commune_containing(session, lon=float(lon[i]), lat=float(lat[i]), on=on[i])
        mine = locator.versions[found[i]].id if found[i] >= 0 else None
        assert mine == (truth.id if truth else None), (lon[i], lat[i], on[i])
        outside += truth is None
    assert 0 < outside < lon.size  # both cases were exercised
