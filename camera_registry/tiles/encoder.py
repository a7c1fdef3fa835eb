"""The Python vector-tile encoder: what ``ST_AsMVT`` does on PostGIS, for SpatiaLite.

Rows fetched through the spatial index arrive as WGS84 geometries with their
properties; they are projected into the tile's coordinates, clipped to the
buffered tile (:func:`camera_registry.tiles.tilemath.to_tile`), snapped to the
integer grid and written as Mapbox Vector Tile v2 by ``mapbox-vector-tile``.
Geometries that vanish on the grid are left out, as ``ST_AsMVTGeom`` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import mapbox_vector_tile
import numpy as np
import shapely
from mapbox_vector_tile.encoder import on_invalid_geometry_make_valid
from shapely.geometry.base import BaseGeometry

from camera_registry.tiles.tilemath import BUFFER, EXTENT, Tile, lonlat_to_mercator

Properties = dict[str, Any]


@dataclass
class LayerData:
    """The features of one layer, in WGS84, ready to encode."""

    name: str
    geometries: list[BaseGeometry] = field(default_factory=list)
    properties: list[Properties] = field(default_factory=list)
    ids: list[int | None] = field(default_factory=list)

    def add(self, geometry: BaseGeometry, properties: Properties, fid: int | None = None) -> None:
        """Append one feature."""
        self.geometries.append(geometry)
        self.properties.append(properties)
        self.ids.append(fid)


_OPTIONS = {
    "extents": EXTENT,
    "y_coord_down": True,
    "on_invalid_geometry": on_invalid_geometry_make_valid,
}


def _project(geometries: Sequence[BaseGeometry], tile: Tile) -> np.ndarray:
    """All geometries in tile coordinates (y down), snapped to the grid, clipped."""
    minx, _, _, maxy = tile.mercator_bounds()
    scale = EXTENT / tile.size

    def project(xy: np.ndarray) -> np.ndarray:
        merc = lonlat_to_mercator(xy)
        local = np.column_stack(((merc[:, 0] - minx) * scale, (maxy - merc[:, 1]) * scale))
        return np.rint(local)

    local = shapely.transform(np.asarray(geometries, dtype=object), project)
    lo, hi = -BUFFER, EXTENT + BUFFER
    points = shapely.get_type_id(local) == 0
    clipped = np.empty(local.size, dtype=object)
    clipped[~points] = shapely.clip_by_rect(local[~points], lo, lo, hi, hi)
    if points.any():
        x, y = shapely.get_x(local[points]), shapely.get_y(local[points])
        inside = (x >= lo) & (x <= hi) & (y >= lo) & (y <= hi)
        clipped[points] = np.where(inside, local[points], None)
    return clipped


def _degenerate(geometry: BaseGeometry | None) -> bool:
    if geometry is None or geometry.is_empty:
        return True
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return bool(geometry.area <= 0)
    if geometry.geom_type in ("LineString", "MultiLineString"):
        return bool(geometry.length <= 0)
    return False


def layer_features(layer: LayerData, tile: Tile) -> list[dict[str, Any]]:
    """The layer's features as ``mapbox-vector-tile`` input, in tile coordinates."""
    if not layer.geometries:
        return []
    out = []
    projected = _project(layer.geometries, tile)
    for geometry, props, fid in zip(projected, layer.properties, layer.ids, strict=True):
        if _degenerate(geometry):
            continue
        feature: dict[str, Any] = {
            "geometry": geometry,
            "properties": {k: v for k, v in props.items() if v is not None},
        }
        if fid is not None:
            feature["id"] = fid
        out.append(feature)
    return out


def encode(layers: Sequence[LayerData], tile: Tile) -> bytes:
    """A tile of the given layers; layers without a feature in the tile are left out."""
    payload = []
    for layer in layers:
        features = layer_features(layer, tile)
        if features:
            payload.append({"name": layer.name, "features": features})
    if not payload:
        return b""
    data: bytes = mapbox_vector_tile.encode(payload, default_options=_OPTIONS)
    return data
