"""Generated camera lists inside the demo's communes (shared by the tests and bench/).

Points are drawn uniformly inside legacy (pre-2025) communes of Cẩm Thủy and
Đắk Nông, 30 m or more inside their boundary so that no point sits on an edge
where engines may disagree; installation dates fall in 2021–2024, when the
legacy communes were in force.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import shapely

from camera_registry.demo.records import DemoDataset, DemoUnit

#: Headers in the order the generated CSV uses (Vietnamese, as stewards write them).
VI_HEADERS = (
    "Mã camera", "Kinh độ", "Vĩ độ", "Hướng", "Góc nhìn", "Tầm xa (m)", "Độ cao (m)",
    "Loại camera", "Hình thức sở hữu", "Chủ sở hữu", "Số điện thoại", "Chương trình",
    "Địa chỉ", "Ngày lắp đặt", "Trạng thái", "Số ngày lưu trữ", "Kết nối trung tâm",
)  # fmt: skip

KINDS = ("Cố định", "Quay quét (PTZ)", "Mắt cá (360°)", "Nhận dạng biển số")
OWNERSHIPS = ("Ngân sách nhà nước", "Xã hội hóa", "Hộ gia đình", "Doanh nghiệp")


@dataclass(frozen=True)
class GeneratedCamera:
    """One generated row, with the values a test expects to find stored."""

    code: str
    lon: float
    lat: float
    commune_code: str
    direction_deg: float
    fov_deg: float
    range_m: float
    installed_on: date


def legacy_communes(data: DemoDataset, districts: Sequence[str] | None = None) -> list[DemoUnit]:
    """Legacy communes (valid until 30/06/2025), optionally of some districts."""
    return [
        u
        for u in data.units
        if u.level.value == "commune"
        and u.valid_to is not None
        and (districts is None or u.parent_code in districts)
    ]


def points_inside(units: list[DemoUnit], count: int, seed: int) -> list[tuple[float, float, str]]:
    """``count`` random points, each 30 m or more inside one of the units."""
    rng = np.random.default_rng(seed)
    inner = [(u.code, u.geometry.buffer(-0.0003)) for u in units]
    inner = [(code, g) for code, g in inner if not g.is_empty]
    out: list[tuple[float, float, str]] = []
    per = -(-count // len(inner))
    for code, geom in inner:
        minx, miny, maxx, maxy = geom.bounds
        shapely.prepare(geom)
        got: list[tuple[float, float]] = []
        while len(got) < per:
            xs = rng.uniform(minx, maxx, per * 3)
            ys = rng.uniform(miny, maxy, per * 3)
            keep = shapely.contains_xy(geom, xs, ys)
            got.extend(zip(xs[keep].tolist(), ys[keep].tolist(), strict=True))
        out.extend((round(x, 7), round(y, 7), code) for x, y in got[:per])
    order = rng.permutation(len(out))[:count]
    return [out[i] for i in order]


def cameras(units: list[DemoUnit], count: int, seed: int, prefix: str) -> list[GeneratedCamera]:
    """Generated cameras with plausible numbers."""
    rng = np.random.default_rng(seed + 1)
    points = points_inside(units, count, seed)
    fisheye = rng.random(count) < 0.2
    fov = np.where(fisheye, 360.0, np.round(rng.uniform(40, 120, count)))
    out = []
    for i, (lon, lat, code) in enumerate(points):
        out.append(
            GeneratedCamera(
                code=f"{prefix}-{i + 1:06d}",
                lon=lon,
                lat=lat,
                commune_code=code,
                direction_deg=float(round(rng.uniform(0, 359.5), 1)),
                fov_deg=float(fov[i]),
                range_m=float(rng.integers(20, 150)),
                installed_on=date(2021, 1, 1) + timedelta(days=int(rng.integers(0, 1400))),
            )
        )
    return out


def vi_row(cam: GeneratedCamera, i: int) -> list[Any]:
    """A CSV row as a Vietnamese steward writes it (dd/mm/yyyy, labels, decimal points)."""
    return [
        cam.code, f"{cam.lon!r}", f"{cam.lat!r}", f"{cam.direction_deg:g}", f"{cam.fov_deg:g}",
        f"{cam.range_m:g}", "4.5", KINDS[i % 4] if cam.fov_deg < 360 else KINDS[2],
        OWNERSHIPS[i % 4], f"Hộ ông Nguyễn Văn {i % 97}", f"0900 {i % 1000:03d} {i % 997:03d}",
        "Camera với ANTT", f"Thôn {i % 13 + 1}", f"{cam.installed_on:%d/%m/%Y}",
        "Đang hoạt động", "30", "Có" if i % 3 == 0 else "Không",
    ]  # fmt: skip


def csv_bytes(rows: list[list[Any]], headers: Sequence[str] = VI_HEADERS, bom: bool = True,
              delimiter: str = ",") -> bytes:  # fmt: skip
    """Rows as CSV text (UTF-8, with a BOM by default as Excel writes it)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")
