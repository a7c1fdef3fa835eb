"""Numbers that reconcile: units sum to their communes, and match an independent recount."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session

from camera_registry.reports.figures import TYPES, IncidentBlock, MonthlyReport, UnitFigures
from camera_registry.reports.params import add_months
from tests.reports.conftest import (
    Build,
    count_by_commune,
    incident_rows,
    month_span,
    seen_then,
    working_views,
)

BLOCKS = ("month", "previous_month", "same_month_last_year", "cumulative")


def _block_sum(blocks: list[IncidentBlock], kind: str) -> tuple[int, int | None, int]:
    figures = [b.by_type[kind] for b in blocks]
    seen = [f.footage_available for f in figures]
    return (
        sum(f.incidents for f in figures),
        None if None in seen else sum(s or 0 for s in seen),
        sum(f.clarified for f in figures),
    )


def assert_sum_of(total: UnitFigures, parts: list[UnitFigures]) -> None:
    """Every count of ``total`` is the sum of the same count over ``parts``."""
    c, cs = total.cameras, [p.cameras for p in parts]
    for name in (
        "installed_in_month",
        "in_service",
        "active_at_end",
        "communes_with_active",
        "communes_total",
    ):
        assert getattr(c, name) == sum(getattr(x, name) for x in cs), name
    assert c.active_hours == pytest.approx(sum(x.active_hours for x in cs))
    assert c.service_hours == pytest.approx(sum(x.service_hours for x in cs))
    assert c.by_ownership == dict(sum((Counter(x.by_ownership) for x in cs), Counter())) | {
        k: 0 for k, v in c.by_ownership.items() if v == 0
    }
    assert Counter(c.by_programme) == sum((Counter(x.by_programme) for x in cs), Counter())
    for name in BLOCKS:
        block = getattr(total, name)
        for kind in TYPES:
            f = block.by_type[kind]
            got = (f.incidents, f.footage_available, f.clarified)
            assert got == _block_sum([getattr(p, name) for p in parts], kind), (name, kind)


def test_district_totals_are_the_sums_of_their_communes(build: Build):
    report = build("390", "2025-06")
    assert report.total.cumulative.incidents > 100 and report.total.cameras.in_service > 400
    assert_sum_of(report.total, report.children)


def test_province_rows_are_the_district_reports(build: Build):
    province = build("67", "2024-05")
    assert len(province.children) == 8 and all(c.level == "district" for c in province.children)
    assert_sum_of(province.total, province.children)
    for child in province.children[:2]:
        district = build(child.code, "2024-05")
        assert district.total == child
        assert_sum_of(district.total, district.children)


def test_commune_counts_match_an_independent_recount(build: Build, session: Session):
    report = build("390", "2024-11", since="2022-01")
    rows = incident_rows(session)
    month = count_by_commune(rows, *month_span(date(2024, 11, 1)))
    cumulative = count_by_commune(rows, *month_span(date(2022, 1, 1), 35))
    for child in report.children:
        for expected, block in ((month, child.month), (cumulative, child.cumulative)):
            counts = expected.get(child.code, Counter())
            assert {k: f.incidents for k, f in block.by_type.items() if f.incidents} == {
                k: v for k, v in counts.items() if k != "+clarified" and v
            }
            assert block.clarified == counts["+clarified"]
    codes = {c.code for c in report.children}
    expected_total = sum(
        v
        for code, c in cumulative.items()
        if code in codes
        for k, v in c.items()
        if k != "+clarified"
    )
    assert report.total.cumulative.incidents == expected_total > 100


def test_footage_available_matches_shapely_over_all_cameras(build: Build, session: Session):
    views = working_views(session)
    rows = incident_rows(session)
    checked = 0
    for month in (date(2025, 6, 1), date(2024, 12, 1)):
        report = build("390", f"{month:%Y-%m}")
        codes = {c.code for c in report.children}
        assert all(c.previous_month.footage_available is None for c in report.rows)
        for first, attr in ((month, "month"), (add_months(month, -12), "same_month_last_year")):
            start, end = month_span(first)
            here = [r for r in rows if r.commune in codes and start <= r.at < end]
            expected: Counter[str] = Counter(r.commune for r in here if seen_then(views, r))
            for child in report.children:
                assert getattr(child, attr).footage_available == expected[child.code], (
                    first,
                    child.code,
                )
            checked += sum(expected.values())
    assert checked > 0  # some incidents of those months were in view


def test_month_over_month_and_trend_agree(build: Build):
    report = build("390", "2025-04")
    t = report.total
    assert report.trend[-1].incidents == t.month.incidents
    assert report.trend[-1].clarified == t.month.clarified
    assert report.trend[-2].incidents == t.previous_month.incidents
    assert [p.month for p in report.trend] == [
        add_months(date(2025, 4, 1), k) for k in range(-11, 1)
    ]
    assert sum(p.incidents for p in report.trend) <= t.cumulative.incidents


def _rates(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{key}"
            if key.endswith("_rate") or key in ("uptime", "share", "communes_with_active_camera"):
                found.append((where, value))
            else:
                found += _rates(value, where)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _rates(value, f"{path}[{i}]")
    return found


def test_every_rate_carries_its_numerator_and_denominator(as_role):
    body = (
        as_role("admin")
        .get("/reports/monthly", params={"unit": "390", "month": "2025-06", "coverage": "true"})
        .json()
    )
    rates = _rates(body)
    assert len(rates) > 100
    for where, rate in rates:
        if rate is None:  # footage availability: the month and the same month last year only
            assert ".cumulative." in where or ".previous_month." in where, where
            continue
        assert set(rate) == {"numerator", "denominator", "rate"}, where
        if rate["denominator"]:
            assert rate["rate"] == pytest.approx(rate["numerator"] / rate["denominator"]), where
        else:
            assert rate["rate"] is None, where


def test_a_report_of_a_commune_is_its_row_in_the_district_report(build: Build):
    district: MonthlyReport = build("390", "2025-06")
    child = district.children[3]
    commune = build(child.code, "2025-06")
    assert commune.children == [] and commune.total == child
