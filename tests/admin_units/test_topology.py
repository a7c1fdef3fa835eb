"""The topology report on both engines, each measure held to the test's own pyproj area."""

from __future__ import annotations

import pytest
from shapely.geometry import box
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from camera_registry.admin_units.queries import units_by_code
from camera_registry.admin_units.topology import check_topology
from camera_registry.cli import app
from tests.admin_units.made_up_units import add_unit, geodesic_m2
from tests.factories import MigratedDb

PROVINCE = box(109.50, 14.50, 109.56, 14.54)
A = box(109.50, 14.50, 109.52, 14.54)
B = box(109.5195, 14.50, 109.54, 14.54)  # overlaps A by a 0.0005° strip
C = box(109.54, 14.50, 109.565, 14.53)  # sticks out east; leaves a gap to the north
CODES = ["99x", "99x01", "99x02", "99x03"]


@pytest.fixture
def made_up(session: Session) -> Session:
    province = add_unit(session, "99x", PROVINCE, level="province")
    add_unit(session, "99x01", A, parent=province, published_km2=geodesic_m2(A) / 1e6 * 1.2)
    add_unit(session, "99x02", B, parent=province, published_km2=geodesic_m2(B) / 1e6 * 1.01)
    add_unit(session, "99x03", C, parent=province)
    return session


def _by_kind(findings, kind):
    return [f for f in findings if f.kind == kind]


def test_overlap_between_siblings(made_up: Session):
    findings = check_topology(made_up, codes=CODES)
    [overlap] = _by_kind(findings, "overlap")
    assert (overlap.code, overlap.other_code) == ("99x01", "99x02")
    assert overlap.measure == pytest.approx(geodesic_m2(A.intersection(B)), rel=1e-3)
    assert "chồng lấn" in overlap.message and "overlap" in overlap.message


def test_unit_outside_its_parent(made_up: Session):
    [outside] = _by_kind(check_topology(made_up, codes=CODES), "outside_parent")
    assert (outside.code, outside.other_code) == ("99x03", "99x")
    assert outside.measure == pytest.approx(geodesic_m2(C.difference(PROVINCE)), rel=1e-3)


def test_gap_inside_the_parent(made_up: Session):
    [gap] = _by_kind(check_topology(made_up, codes=CODES), "gap")
    expected = PROVINCE.difference(A.union(B).union(C))
    assert gap.other_code == "99x"
    assert gap.code in {"99x02", "99x03"}  # the children touching the gap
    assert gap.measure == pytest.approx(geodesic_m2(expected), rel=1e-3)


def test_area_mismatch_beyond_five_percent(made_up: Session):
    [mismatch] = _by_kind(check_topology(made_up, codes=CODES), "area_mismatch")
    assert mismatch.code == "99x01"  # 99x02 is off by 1 %: within the tolerance
    assert mismatch.measure == pytest.approx((1 / 1.2 - 1) * 100, abs=1e-6)
    tight = check_topology(made_up, codes=CODES, area_tolerance=0.005)
    assert {f.code for f in _by_kind(tight, "area_mismatch")} == {"99x01", "99x02"}


def test_tolerance_hides_small_overlaps(made_up: Session):
    overlap = geodesic_m2(A.intersection(B))
    findings = check_topology(made_up, codes=CODES, overlap_tolerance_m2=overlap * 1.01)
    assert _by_kind(findings, "overlap") == []


def test_no_gap_while_a_child_has_no_boundary(made_up: Session):
    [parent] = units_by_code(made_up, code="99x")
    add_unit(made_up, "99x04", None, parent=parent)
    findings = check_topology(made_up, codes=CODES)
    assert _by_kind(findings, "gap") == []
    assert len(_by_kind(findings, "outside_parent")) == 1  # still checked


def test_parent_without_boundary_is_a_note(session: Session):
    province = add_unit(session, "98x", None, level="province")
    add_unit(session, "98x01", box(109.50, 14.50, 109.51, 14.51), parent=province)
    add_unit(session, "98x02", box(109.51, 14.50, 109.52, 14.51), parent=province)
    findings = check_topology(session, codes=["98x01"])
    assert [(f.kind, f.code, f.measure) for f in findings] == [
        ("parent_without_boundary", "98x", 2.0)
    ]


def test_units_of_other_parents_do_not_overlap_as_siblings(made_up: Session):
    province = add_unit(made_up, "98x", None, level="province")
    add_unit(made_up, "98x01", box(109.50, 14.50, 109.51, 14.51), parent=province)  # inside A
    findings = check_topology(made_up, codes=[*CODES, "98x01"])
    assert [(f.code, f.other_code) for f in _by_kind(findings, "overlap")] == [("99x01", "99x02")]


def test_whole_database_includes_the_made_up_findings(made_up: Session):
    findings = check_topology(made_up)
    assert ("overlap", "99x01", "99x02") in {(f.kind, f.code, f.other_code) for f in findings}


def _overlapping(session: Session) -> None:
    province = add_unit(session, "99x", PROVINCE, level="province")
    add_unit(session, "99x01", A, parent=province)
    add_unit(session, "99x02", B, parent=province)


@pytest.fixture
def cli_db(migrated_db: MigratedDb, monkeypatch: pytest.MonkeyPatch) -> str:
    url = migrated_db("camreg_check_cli", seed=_overlapping)
    monkeypatch.setenv("CAMREG_DATABASE_URL", url)
    return url


def test_cli_check_fails_on_an_overlap(cli_db: str):
    runner = CliRunner()
    result = runner.invoke(app, ["units", "check", "--province", "99x", "--on", "01/08/2026"])
    assert result.exit_code == 1, result.output
    assert "99x01" in result.output and "99x02" in result.output
    before = runner.invoke(app, ["units", "check", "--province", "99x", "--on", "31/12/1899"])
    assert before.exit_code == 2  # no unit 99x in force then
    unknown = runner.invoke(app, ["units", "check", "--on", "32/01/2026"])
    assert unknown.exit_code == 2 and "dd/mm/yyyy" in unknown.output
