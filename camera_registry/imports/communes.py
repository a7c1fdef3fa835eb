"""Commune of every imported row at once, the way the database would answer each.

The communes meeting the file's extent are read once (through the spatial
index) and put in a shapely STRtree; each point is matched to the polygons
that contain it and are in force on its date — the row's installation date,
or today — and, as ``admin_units.queries.commune_containing`` does, the lowest
code wins if two versions qualify.  A test holds the result to the database's
own point-in-polygon answer on both engines.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt
import shapely
from sqlalchemy.orm import Session

from camera_registry.imports import queries
from camera_registry.imports.queries import CommuneVersion

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
_OPEN_END = date.max.toordinal()


class CommuneLocator:
    """Point-in-polygon against the commune versions near an import."""

    def __init__(self, versions: list[CommuneVersion]) -> None:
        self.versions = versions
        self._geoms = shapely.from_wkb(np.array([bytes(v.geom) for v in versions], dtype=object))
        shapely.prepare(self._geoms)  # each polygon is tested against many points
        self._tree = shapely.STRtree(self._geoms)
        self._from = np.array([v.valid_from.toordinal() for v in versions], dtype=np.int64)
        self._to = np.array(
            [v.valid_to.toordinal() if v.valid_to else _OPEN_END for v in versions],
            dtype=np.int64,
        )
        order = sorted(range(len(versions)), key=lambda i: (versions[i].code, i))
        self._rank = np.empty(len(versions), dtype=np.int64)
        self._rank[order] = np.arange(len(versions))

    @classmethod
    def around(cls, session: Session, lon: FloatArray, lat: FloatArray) -> CommuneLocator:
        """Load the communes meeting the extent of the finite points."""
        ok = np.isfinite(lon) & np.isfinite(lat)
        if not ok.any():
            return cls([])
        bbox = (
            float(lon[ok].min()),
            float(lat[ok].min()),
            float(lon[ok].max()),
            float(lat[ok].max()),
        )
        return cls(queries.communes_in(session, bbox=bbox))

    def locate(self, lon: FloatArray, lat: FloatArray, on: list[date]) -> IntArray:
        """Index into ``versions`` of each point's commune on its date, or -1."""
        found = np.full(lon.shape[0], -1, dtype=np.int64)
        ok = np.flatnonzero(np.isfinite(lon) & np.isfinite(lat))
        if not self.versions or ok.size == 0:
            return found
        x, y = lon[ok], lat[ok]
        rows, polys = self._tree.query(shapely.points(x, y))  # boxes that hold the point
        inside = shapely.contains_xy(self._geoms[polys], x[rows], y[rows])  # = point within
        rows, polys = rows[inside], polys[inside]
        days = np.array([on[i].toordinal() for i in ok], dtype=np.int64)[rows]
        keep = (self._from[polys] <= days) & (days <= self._to[polys])
        rows, polys = rows[keep], polys[keep]
        order = np.lexsort((self._rank[polys], rows))
        rows, polys = rows[order], polys[order]
        first = np.unique(rows, return_index=True)[1]
        found[ok[rows[first]]] = polys[first]
        return found
