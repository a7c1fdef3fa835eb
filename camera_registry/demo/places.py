"""Per-commune gazetteer and placement anchors: centres, landmarks, hamlets, roads.

Cameras and incidents cluster where people are: around the commune centre,
markets, schools and offices, in hamlets and along the roads between
neighbouring commune centres (drawn as straight lines).  Everything is placed
inside the commune's *inner* area: its polygon shrunk by a margin and cut away
from its neighbours, so that point-in-polygon gives exactly one commune even
where the approximate polygons of two districts overlap slightly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

import shapely
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree

from camera_registry.demo import names
from camera_registry.demo.records import REORG_DAY, DemoPlace
from camera_registry.demo.spatial import (
    bearing_deg,
    distance_m,
    inside_point,
    point_near,
    random_point_in,
    union_all,
)
from camera_registry.demo.units import CommuneInfo, district_type, lower_type

#: Distance kept from the commune's own boundary and from other communes (~25 m).
MARGIN_DEG = 0.00025
M_PER_DEG = 111_000.0

_EARLY = date(2021, 1, 1)  # gazetteer addresses use the legacy units

LANDMARK_KINDS = ("commune_office", "police_post", "market", "school", "health_station")


@dataclass
class Road:
    """A stretch of a road between two commune centres, inside one commune."""

    name: str
    line: LineString


@dataclass
class Site:
    """A legacy commune ready for placement: inner area, gazetteer, roads."""

    info: CommuneInfo
    region: str  # "CT" (Cẩm Thủy) or "DN" (Đắk Nông)
    inner: BaseGeometry
    centre: tuple[float, float]
    legacy_suffix: str
    new_suffix: str
    places: list[DemoPlace] = field(default_factory=list)
    roads: list[Road] = field(default_factory=list)

    @property
    def code(self) -> str:
        """The legacy commune code."""
        return self.info.unit.code

    def of_kind(self, kind: str) -> list[DemoPlace]:
        """The gazetteer entries of one kind."""
        return [p for p in self.places if p.kind == kind]

    def address(self, head: str, on: date) -> str:
        """An address as written on ``on``: legacy units before 1 July 2025, new after."""
        if on < REORG_DAY:
            return f"{head}, {self.legacy_suffix}"
        old = lower_type(self.info.unit.name, self.info.unit.unit_type)
        return f"{head} ({old} cũ), {self.new_suffix}"

    def hamlet_near(self, lon: float, lat: float) -> DemoPlace:
        """The hamlet (or tổ dân phố) nearest to a point."""
        hamlets = self.of_kind("hamlet")
        return min(hamlets, key=lambda p: distance_m(lon, lat, p.lon, p.lat))

    def describe(self, lon: float, lat: float, on: date) -> tuple[str, str]:
        """Return (address, short place phrase) for a point of this commune."""
        hamlet = self.hamlet_near(lon, lat)
        hamlet_text = hamlet.name[0].lower() + hamlet.name[1:]
        marks = [p for p in self.places if p.kind in LANDMARK_KINDS]
        mark = min(marks, key=lambda p: distance_m(lon, lat, p.lon, p.lat))
        if distance_m(lon, lat, mark.lon, mark.lat) < 250:
            return self.address(f"Gần {mark.name}, {hamlet_text}", on), mark.name
        road = min(self.roads, key=lambda r: r.line.distance(shapely.Point(lon, lat)), default=None)
        if road is not None and road.line.distance(shapely.Point(lon, lat)) * M_PER_DEG < 80:
            return self.address(f"{road.name}, {hamlet_text}", on), f"{road.name} ({hamlet.name})"
        return self.address(hamlet.name, on), hamlet.name


def _inner_areas(geoms: list[BaseGeometry]) -> list[BaseGeometry]:
    grown = [g.buffer(MARGIN_DEG) for g in geoms]
    tree = STRtree(grown)
    inner = []
    for i, geom in enumerate(geoms):
        area = geom.buffer(-MARGIN_DEG)
        others = sorted(int(j) for j in tree.query(geom) if int(j) != i)
        if others:
            area = area.difference(union_all(grown[j] for j in others))
        shapely.prepare(area)
        inner.append(area)
    return inner


def _roads(sites: list[Site], geoms: list[BaseGeometry]) -> None:
    tree = STRtree(geoms)
    grown = [g.buffer(2 * MARGIN_DEG) for g in geoms]
    for i, a in enumerate(sites):
        for j in sorted(int(k) for k in tree.query(grown[i]) if int(k) > i):
            b = sites[j]
            if not grown[i].intersects(geoms[j]):
                continue
            word = "liên xã" if a.info.district_code == b.info.district_code else "liên huyện"
            name = f"Đường {word} {a.info.short_name} – {b.info.short_name}"
            line = LineString([a.centre, b.centre])
            for k in sorted(int(x) for x in tree.query(line)):
                piece = line.intersection(sites[k].inner)
                for part in getattr(piece, "geoms", [piece]):
                    if isinstance(part, LineString) and part.length * M_PER_DEG > 30:
                        sites[k].roads.append(Road(name, part))


def _place(site: Site, rng: random.Random, name: str, kind: str, sigma_m: float) -> DemoPlace:
    lon, lat = point_near(rng, site.inner, *site.centre, sigma_m)
    hamlet = site.hamlet_near(lon, lat).name
    head = f"{name}, {hamlet[0].lower()}{hamlet[1:]}" if kind != "hamlet" else name
    return DemoPlace(
        name, kind, site.code, round(lon, 6), round(lat, 6), site.address(head, _EARLY)
    )


def _gazetteer(site: Site, seed: int) -> None:
    rng = random.Random(f"{seed}:places:{site.code}")
    info = site.info
    full = lower_type(info.unit.name, info.unit.unit_type)
    hamlet_names = names.hamlet_names(
        rng, town=info.is_town, region=site.region, district=info.district_code
    )
    for name in hamlet_names:
        point = None if info.is_town else random_point_in(rng, site.inner)
        lon, lat = point or point_near(rng, site.inner, *site.centre, 700)
        address = site.address(name, _EARLY)
        site.places.append(
            DemoPlace(name, "hamlet", site.code, round(lon, 6), round(lat, 6), address)
        )
    site.places += [
        _place(site, rng, f"UBND {full}", "commune_office", 40),
        _place(site, rng, f"Công an {full}", "police_post", 120),
        _place(site, rng, f"Chợ {info.short_name}", "market", 350),
        _place(site, rng, f"Trường Mầm non {info.short_name}", "school", 500),
        _place(site, rng, f"Trường Tiểu học {info.short_name}", "school", 600),
        _place(site, rng, f"Trường THCS {info.short_name}", "school", 700),
        _place(site, rng, f"Trạm Y tế {full}", "health_station", 300),
    ]


def build_sites(communes: list[CommuneInfo], new_suffix: dict[str, str], seed: int) -> list[Site]:
    """Prepare every legacy commune (in code order) for placing cameras and incidents."""
    communes = sorted(communes, key=lambda c: c.unit.code)
    geoms: list[BaseGeometry] = [c.unit.geometry for c in communes]
    sites = []
    for info, inner in zip(communes, _inner_areas(geoms), strict=True):
        district = lower_type(info.district_name, district_type(info.district_name))
        suffix = f"{lower_type(info.unit.name, info.unit.unit_type)}, {district}, "
        suffix += lower_type(info.province_name, "Tỉnh")
        centre = inside_point(inner)
        sites.append(
            Site(
                info=info,
                region="CT" if info.province_code == "38" else "DN",
                inner=inner,
                centre=(centre.x, centre.y),
                legacy_suffix=suffix,
                new_suffix=new_suffix.get(info.unit.code, suffix),
            )
        )
    _roads(sites, geoms)
    for site in sites:
        _gazetteer(site, seed)
    return sites


def road_point(rng: random.Random, site: Site) -> tuple[float, float, float]:
    """A point beside one of the commune's roads and the road's bearing there."""
    weights = [r.line.length for r in site.roads]
    road = rng.choices(site.roads, weights=weights)[0]
    for _ in range(40):
        d = rng.uniform(0, road.line.length)
        a, b = road.line.interpolate(d), road.line.interpolate(min(d + 1e-4, road.line.length))
        lon, lat = point_near(rng, site.inner, a.x, a.y, 12)
        if (a.x, a.y) != (b.x, b.y):
            return lon, lat, bearing_deg(a.x, a.y, b.x, b.y)
    return *site.centre, rng.uniform(0, 360)
