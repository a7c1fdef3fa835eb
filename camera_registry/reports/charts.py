"""The report's charts as inline SVG: incidents by type (bars), a 12-month line, a coverage map.

Plain SVG strings (no plotting library): WeasyPrint draws them as vectors in
the PDF and browsers show them in the HTML.  Every text is XML-escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.sax.saxutils import escape

import shapely
from shapely.geometry import Polygon

from camera_registry.reports import i18n
from camera_registry.reports.figures import MapArea, TrendPoint

PALETTE = ("#f1eef6", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d")
INK, MUTED, BAR, BAR2 = "#222222", "#777777", "#74a9cf", "#045a8d"


def _svg(width: float, height: float, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{escape(title)}" '
        f'font-family="DejaVu Sans, sans-serif" font-size="10">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _text(
    x: float, y: float, text: str, anchor: str = "start", size: int = 10, fill: str = INK
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="{fill}">{escape(text)}</text>'
    )


def bar_chart(items: Sequence[tuple[str, int, int]], lang: str, title: str) -> str:
    """Horizontal bars: ``(label, incidents, clarified with footage)`` per incident type."""
    label_w, bar_w, row_h, top = 190.0, 330.0, 17.0, 24.0
    height = top + row_h * len(items) + 10
    peak = max([n for _, n, _ in items] + [1])
    body = [_text(0, 12, title, size=11)]
    for i, (name, n, k) in enumerate(items):
        y = top + i * row_h
        body.append(_text(label_w - 6, y + 11, name, anchor="end", size=9))
        body.append(f'<rect x="{label_w}" y="{y + 2}" width="{bar_w * n / peak:.1f}" '
                    f'height="{row_h - 5}" fill="{BAR}"/>')  # fmt: skip
        body.append(f'<rect x="{label_w}" y="{y + 5}" width="{bar_w * k / peak:.1f}" '
                    f'height="{row_h - 11}" fill="{BAR2}"/>')  # fmt: skip
        tail = f"{i18n.num(n, lang)} ({i18n.num(k, lang)})"
        body.append(_text(label_w + bar_w * n / peak + 4, y + 11, tail, size=9))
    y = height - 9
    body.append(f'<rect x="{label_w}" y="{y}" width="10" height="8" fill="{BAR}"/>')
    body.append(_text(label_w + 14, y + 7, i18n.t("incidents", lang), size=8, fill=MUTED))
    body.append(f'<rect x="{label_w + 90}" y="{y}" width="10" height="8" fill="{BAR2}"/>')
    tail = f"{i18n.t('clarified', lang)} (…)"
    body.append(_text(label_w + 104, y + 7, tail, size=8, fill=MUTED))
    return _svg(label_w + bar_w + 80, height + 4, body, title)


def line_chart(points: Sequence[TrendPoint], lang: str, title: str) -> str:
    """A line of incidents clarified with footage per month, values marked."""
    left, top, width, height = 30.0, 26.0, 380.0, 150.0
    peak = max([p.clarified for p in points] + [1])
    step = width / max(len(points) - 1, 1)
    body = [_text(0, 12, title, size=11)]
    for tick in range(0, peak + 1, max(1, math.ceil(peak / 4))):
        y = top + height - height * tick / peak
        body.append(f'<line x1="{left}" x2="{left + width}" y1="{y:.1f}" y2="{y:.1f}" '
                    f'stroke="#dddddd"/>')  # fmt: skip
        body.append(_text(left - 4, y + 3, i18n.num(tick, lang), anchor="end", size=8))
    xy = [
        (left + i * step, top + height - height * p.clarified / peak) for i, p in enumerate(points)
    ]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    body.append(f'<polyline points="{path}" fill="none" stroke="{BAR2}" stroke-width="2"/>')
    for (x, y), p in zip(xy, points, strict=True):
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{BAR2}"/>')
        body.append(_text(x, y - 5, i18n.num(p.clarified, lang), anchor="middle", size=8))
        body.append(_text(x, top + height + 14, f"{p.month:%m/%y}", anchor="middle", size=8))
    return _svg(left + width + 20, top + height + 22, body, title)


def _classes(areas: Sequence[MapArea]) -> list[float]:
    peak = max([a.covered_share or 0.0 for a in areas] + [0.0])
    return [peak * i / len(PALETTE) for i in range(1, len(PALETTE))] if peak > 0 else []


def _colour(value: float | None, limits: list[float]) -> str:
    if value is None:
        return "#ffffff"
    return PALETTE[sum(1 for limit in limits if value > limit)]


def _ring(coords: Sequence[tuple[float, float]], project: object) -> str:
    pts = [project(x, y) for x, y in coords]  # type: ignore[operator]
    return "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + " Z"


def map_chart(areas: Sequence[MapArea], lang: str, title: str) -> str:
    """The areas filled by their share of area in view (equal-interval classes)."""
    if not areas:
        return ""
    minx, miny, maxx, maxy = shapely.union_all([a.geometry for a in areas]).bounds
    kx = math.cos(math.radians((miny + maxy) / 2))
    size, top = 230.0, 20.0
    scale = size / max((maxx - minx) * kx, maxy - miny, 1e-9)

    def project(x: float, y: float) -> tuple[float, float]:
        return 10 + (x - minx) * kx * scale, top + (maxy - y) * scale

    limits = _classes(areas)
    body = [_text(0, 12, title, size=11)]
    for area in areas:
        parts: list[Polygon] = list(area.geometry.geoms)
        d = " ".join(
            _ring(list(ring.coords), project)
            for poly in parts
            for ring in [poly.exterior, *poly.interiors]
        )
        tip = f"{area.code} {area.name}: {i18n.pct(area.covered_share, lang, 2)}"
        body.append(f'<path d="{d}" fill="{_colour(area.covered_share, limits)}" '
                    f'fill-rule="evenodd" stroke="#555555" stroke-width="0.6">'
                    f"<title>{escape(tip)}</title></path>")  # fmt: skip
        if len(areas) <= 40:
            spot = area.geometry.representative_point()
            x, y = project(spot.x, spot.y)
            body.append(_text(x, y + 3, area.code, anchor="middle", size=7))
    body += _legend(limits, lang, size + top + 16)
    return _svg(size + 20, size + top + 90, body, title)


def _legend(limits: list[float], lang: str, y: float) -> list[str]:
    body = [_text(10, y, i18n.t("map_legend", lang), size=9)]
    if not limits:
        return body + [_text(10, y + 14, i18n.t("map_none", lang), size=8, fill=MUTED)]
    edges = [0.0, *limits]
    for i, colour in enumerate(PALETTE):
        low = i18n.pct(edges[i], lang, 2)
        text = f"> {low}" if i == len(PALETTE) - 1 else f"{low} – {i18n.pct(edges[i + 1], lang, 2)}"
        body.append(f'<rect x="10" y="{y + 6 + i * 13}" width="14" height="10" fill="{colour}" '
                    f'stroke="#555555" stroke-width="0.5"/>')  # fmt: skip
        body.append(_text(30, y + 15 + i * 13, text, size=8))
    return body
