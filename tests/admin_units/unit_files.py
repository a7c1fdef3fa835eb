"""A made-up province's post-2025 ward boundaries, written the way land offices publish them.

Province code 99 and ward codes 99001–99012 are not GSO codes (real province
codes stop at 96), so nothing here collides with the demo or the national list;
the wards lie near Cao Bằng (≈106.0°E, 22.6°N), hundreds of kilometres from
the demo's Cẩm Thủy and Đắk Nông polygons, and are drawn in VN-2000 / TM-3
105°45' (EPSG:9210) metres: a 4 × 3 grid of 3 km squares.  Ward 99007's ring
is a bow-tie (self-intersecting); ward 99012 is a MultiPolygon with two
islands; ward 99003 publishes an area 11 % above its real one.  The legacy
communes the ``sap_nhap`` texts name belong to made-up legacy province 97.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import shapely
from pyogrio.raw import write
from pyproj import Geod, Transformer
from shapely.geometry import MultiPolygon, Polygon, box, mapping
from shapely.geometry.base import BaseGeometry
from sqlalchemy.orm import Session

from camera_registry.admin_units.models import AdminUnit, AdminUnitSuccession
from camera_registry.textnorm import fold
from tests.factories import make_admin_unit

SOURCE_EPSG = 9210
ORIGIN = (525_000.0, 2_500_000.0)
SIDE = 3_000.0
PROVINCE, LEGACY_PROVINCE = "99", "97"
REFORM, LEGACY_END = date(2025, 7, 1), date(2025, 6, 30)
BOWTIE, ISLANDS, OFF_AREA = "99007", "99012", "99003"
NAMES = ("Thục Phán", "Nùng Trí Cao", "Tân Giang", "Hòa Chung", "Đề Thám", "Sông Hiến",
         "Hòa An", "Nguyên Bình", "Quảng Uyên", "Trùng Khánh", "Đông Khê", "Bảo Lạc")  # fmt: skip
FIELDS = ["ma_xa", "ten_xa", "loai", "ma_tinh", "sap_nhap", "dan_so", "dtich_km2"]


@dataclass(frozen=True)
class Ward:
    """One ward as published, and what the import must make of it."""

    code: str
    name: str  # as written in ten_xa
    loai: str
    geometry: BaseGeometry  # in EPSG:9210 metres, as written
    population: int
    published_km2: float
    merged_from: str
    predecessors: tuple[tuple[str, str], ...]  # (legacy code, "whole" | "part")

    @property
    def stored_name(self) -> str:
        """The name the registry stores (led by the type word)."""
        return (
            self.name if fold(self.name).startswith(fold(self.loai)) else f"{self.loai} {self.name}"
        )


def _square(i: int) -> Polygon:
    col, row = i % 4, i // 4
    x0, y0 = ORIGIN[0] + col * SIDE, ORIGIN[1] + row * SIDE
    return box(x0, y0, x0 + SIDE, y0 + SIDE)


def _geometry(code: str, i: int) -> BaseGeometry:
    square = _square(i)
    if code == BOWTIE:
        x0, y0, x1, y1 = square.bounds
        return Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1), (x0, y0)])
    if code == ISLANDS:
        _, y0, x1, _ = square.bounds
        islands = [box(x1 + 1500, y0 + k * 1200, x1 + 2000, y0 + k * 1200 + 500) for k in (0, 1)]
        return MultiPolygon([square, *islands])
    return square


def wards() -> list[Ward]:
    """The twelve wards; legacy communes 97i01 (whole), 97i02 (whole), 97i03 (part) each."""
    out = []
    for i, name in enumerate(NAMES):
        code = f"{99001 + i}"
        loai = "Phường" if i < 6 else ("Xã" if i < 11 else "Đặc khu")
        geometry = _geometry(code, i)
        published = 9.0 + (0.5 if code == ISLANDS else 0.0) + (1.0 if code == OFF_AREA else 0.0)
        shown = f"Phường {name}" if i < 3 else name  # some files repeat the type word
        legacy = [f"97{i:02d}{k}" for k in (1, 2, 3)]
        text = f"Xã An {name}, Phường Bình {name} và một phần xã Cát {name}"
        links = ((legacy[0], "whole"), (legacy[1], "whole"), (legacy[2], "part"))
        out.append(Ward(code, shown, loai, geometry, 10_000 + 1_000 * i, published, text, links))
    return out


def to_wgs84(geometry: BaseGeometry) -> BaseGeometry:
    """The test's own transform of a source geometry (pyproj, always_xy)."""
    tr = Transformer.from_crs(SOURCE_EPSG, 4326, always_xy=True)
    return shapely.transform(geometry, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))


def expected_area_km2(ward: Ward) -> float:
    """Geodesic area of the ward as it should be stored (the bow-tie repaired by shapely)."""
    geometry = shapely.make_valid(to_wgs84(ward.geometry))
    geod = Geod(ellps="WGS84")
    parts = getattr(geometry, "geoms", [geometry])
    polys = [p for p in parts if p.geom_type == "Polygon"]
    return sum(abs(geod.geometry_area_perimeter(p)[0]) for p in polys) / 1e6


def _record(w: Ward) -> list[object]:
    return [w.code, w.name, w.loai, PROVINCE, w.merged_from, w.population, w.published_km2]


def write_gpkg(
    path: Path, items: list[Ward], *, layers: tuple[str, ...] = ("ranh_gioi_xa",)
) -> Path:
    """A GeoPackage (one or more layers holding the same wards) in EPSG:9210."""
    for layer in layers:
        _write_ogr(path, items, driver="GPKG", layer=layer, append=layer != layers[0])
    return path


def _write_ogr(
    path: Path,
    items: list[Ward],
    *,
    driver: str,
    layer: str,
    append: bool = False,
    epsg: int = SOURCE_EPSG,
    geoms: list[BaseGeometry] | None = None,
) -> None:
    rows = [_record(w) for w in items]
    columns = [np.array([r[j] for r in rows], dtype=object) for j in range(len(FIELDS))]
    columns[5] = np.array([w.population for w in items], dtype=np.int64)
    columns[6] = np.array([w.published_km2 for w in items], dtype=np.float64)
    shapes = geoms if geoms is not None else [w.geometry for w in items]
    multi = [MultiPolygon([g]) if g.geom_type == "Polygon" else g for g in shapes]
    write(str(path), np.array(shapely.to_wkb(multi), dtype=object), columns, FIELDS,
          layer=layer, driver=driver, geometry_type="MultiPolygon", crs=f"EPSG:{epsg}",
          append=append)  # fmt: skip


def geojson_bytes(items: list[Ward], *, legacy_crs: bool = True) -> bytes:
    """A FeatureCollection in EPSG:9210, declared by the legacy ``crs`` member."""
    features = [
        {"type": "Feature", "properties": dict(zip(FIELDS, _record(w), strict=True)),
         "geometry": mapping(w.geometry)}
        for w in items
    ]  # fmt: skip
    doc: dict[str, object] = {"type": "FeatureCollection", "features": features}
    if legacy_crs:
        doc["crs"] = {
            "type": "name",
            "properties": {"name": f"urn:ogc:def:crs:EPSG::{SOURCE_EPSG}"},
        }
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def shapefile_zip(tmp: Path, items: list[Ward]) -> Path:
    """A zipped Shapefile (with its .prj) in EPSG:9210."""
    folder = tmp / "shp"
    folder.mkdir()
    _write_ogr(folder / "ranh_gioi.shp", items, driver="ESRI Shapefile", layer="ranh_gioi")
    target = tmp / "ranh_gioi.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for part in folder.iterdir():
            archive.write(part, part.name)
    return target


def kml_file(tmp: Path, items: list[Ward]) -> Path:
    """A KML file as Google Earth writes one (WGS84 by definition) with ExtendedData."""
    placemarks = []
    for w in items:
        data = "".join(
            f'<Data name="{k}"><value>{escape(str(v))}</value></Data>'
            for k, v in zip(FIELDS, _record(w), strict=True)
        )
        polygons = getattr(to_wgs84(w.geometry), "geoms", [to_wgs84(w.geometry)])
        shapes = "".join(_kml_polygon(p) for p in polygons)
        placemarks.append(
            f"<Placemark><name>{escape(w.name)}</name><ExtendedData>{data}</ExtendedData>"
            f"<MultiGeometry>{shapes}</MultiGeometry></Placemark>"
        )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>ranh_gioi</name>'
        + "".join(placemarks)
        + "</Document></kml>"
    )
    target = tmp / "ranh_gioi.kml"
    target.write_text(body, encoding="utf-8")
    return target


def _kml_polygon(polygon: BaseGeometry) -> str:
    ring = " ".join(f"{x:.9f},{y:.9f}" for x, y in polygon.exterior.coords)
    ring_xml = f"<LinearRing><coordinates>{ring}</coordinates></LinearRing>"
    return f"<Polygon><outerBoundaryIs>{ring_xml}</outerBoundaryIs></Polygon>"


def csv_bytes(items: list[Ward]) -> bytes:
    """A CSV with a WKT column (coordinates in EPSG:9210, declared by nobody: use --crs)."""
    out = io.StringIO()
    out.write(",".join([*FIELDS, "wkt"]) + "\n")
    for w in items:
        cells = [str(c) for c in _record(w)] + [w.geometry.wkt]
        out.write(",".join(f'"{c}"' for c in cells) + "\n")
    return out.getvalue().encode("utf-8")


def xlsx_bytes(items: list[Ward]) -> bytes:
    """An Excel workbook with a title row, then the CSV's columns (WKT in EPSG:9210)."""
    from openpyxl import Workbook  # noqa: PLC0415

    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH ĐƠN VỊ HÀNH CHÍNH CẤP XÃ"])
    sheet.append([*FIELDS, "wkt"])
    for w in items:
        sheet.append([*_record(w), w.geometry.wkt])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def add_legacy_units(session: Session) -> dict[str, AdminUnit]:
    """New province 99 (no boundary), legacy province 97 → 99, and its legacy communes.

    Each ward's three predecessors exist in 97; a commune named like ward 1's
    "An" predecessor also exists in another legacy province (98), which must
    not make the match ambiguous.
    """
    new = _unit(session, PROVINCE, "Tỉnh Thử Nghiệm", "province", "Tỉnh", None, REFORM, None)
    old = _unit(session, LEGACY_PROVINCE, "Tỉnh Cũ", "province", "Tỉnh", None, None, LEGACY_END)
    other = _unit(session, "98", "Tỉnh Khác", "province", "Tỉnh", None, None, LEGACY_END)
    session.add(
        AdminUnitSuccession(predecessor_id=old.id, successor_id=new.id, effective_on=REFORM)
    )
    district = _unit(session, "971", "Huyện Cũ", "district", "Huyện", old.id, None, LEGACY_END)
    units = {PROVINCE: new, LEGACY_PROVINCE: old}
    for i, name in enumerate(NAMES):
        for k, (kind, word) in enumerate((("Xã", "An"), ("Phường", "Bình"), ("Xã", "Cát")), 1):
            code = f"97{i:02d}{k}"
            units[code] = _unit(session, code, f"{kind} {word} {name}", "commune", kind,
                                district.id, None, LEGACY_END)  # fmt: skip
    _unit(session, "98001", f"Xã An {NAMES[1]}", "commune", "Xã", other.id, None, LEGACY_END)
    session.flush()
    return units


def _unit(
    session: Session,
    code: str,
    name: str,
    level: str,
    kind: str,
    parent: int | None,
    start: date | None,
    end: date | None,
) -> AdminUnit:
    return make_admin_unit(
        session,
        code,
        name=name,
        level=level,
        unit_type=kind,
        parent_id=parent,
        valid_from=start or date(1900, 1, 1),
        valid_to=end,
    )
