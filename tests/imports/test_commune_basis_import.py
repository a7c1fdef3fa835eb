"""Bulk import where no boundary is loaded yet: the commune column (a code or a name) is
taken as given for communes without a boundary; otherwise the row fails naming the
nearest communes.  Both engines.

The units are the test's own (see ``tests.cameras.test_commune_basis``): province 99
with communes 99901 "Xã Núi Thử" and 99902 "Phường Hồng Thử" (no boundary) and
99903 (a square boundary), far from the demo's polygons.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from camera_registry.admin_units.models import AdminUnit
from camera_registry.cameras.queries import CameraFilter
from camera_registry.exports.service import export_cameras
from camera_registry.imports.mapping import UserMapping
from tests.cameras.test_commune_basis import expected_nearest, make_unit, make_units, suggested
from tests.imports.conftest import ADMIN, counts, stored

ON = date(2025, 8, 1)
HEADER = "Mã camera,Kinh độ,Vĩ độ,Hướng,Góc nhìn,Tầm xa,Hình thức sở hữu,Ngày lắp đặt,Xã/Phường"


@pytest.fixture
def bare_units(session: Session) -> dict[str, AdminUnit]:
    """The test's province and communes (rolled back with the test)."""
    return make_units(session)


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def _row(code: str, lon: float, lat: float, commune: str = "", extra: str = "") -> str:
    tail = f",{extra}" if extra else ""
    return f'{code},{lon},{lat},90,60,40,household,01/08/2025,"{commune}"{tail}'


def _errors(report):
    return [(i.row, i.column, i.reason) for i in report.errors]


def test_named_communes_without_boundary_are_taken_as_given(
    session, run_file, bare_units, cam_thuy_commune
):
    _, lon, lat = cam_thuy_commune
    data = _csv(
        _row("GV-1", 104.21, 21.51, "99901"),
        _row("GV-2", 104.31, 21.56, "Phường Hồng Thử"),
        _row("GV-3", 104.22, 21.52, "nui thu"),
        _row("GV-4", lon, lat),
    )
    report = run_file(data, "given.csv")
    assert not report.errors, _errors(report)
    assert (report.created, report.written) == (4, True)
    given = [i for i in report.warnings if "chưa có ranh giới" in i.reason]
    assert sorted(i.row for i in given) == [2, 3, 4]
    assert all("no boundary loaded: commune taken as given" in i.reason for i in given)
    assert all(i.column == "Xã/Phường" for i in given)
    expect = {"GV-1": "99901", "GV-2": "99902", "GV-3": "99901"}
    for code, commune in expect.items():
        camera = stored(session, code)
        assert (camera.commune_id, camera.commune_basis) == (bare_units[commune].id, "given")
    assert stored(session, "GV-4").commune_basis == "derived"
    before = counts(session)
    again = run_file(data, "given.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert counts(session)[:2] == before[:2]


def test_changing_the_named_commune_updates_the_camera(session, run_file, bare_units):
    run_file(_csv(_row("GV-9", 104.21, 21.51, "99901")), "a.csv")
    report = run_file(_csv(_row("GV-9", 104.21, 21.51, "Hồng Thử")), "a.csv")
    assert (report.updated, report.unchanged) == (1, 0), _errors(report)
    camera = stored(session, "GV-9")
    assert (camera.commune_id, camera.commune_basis) == (bare_units["99902"].id, "given")


def test_an_ambiguous_name_lists_the_candidates_and_a_province_decides(
    session, run_file, bare_units
):
    other = make_unit(session, "98", "Thành phố Khác", "province", None)
    make_unit(session, "99801", "Xã Núi Thử", "commune", other.id, centre_lon=104.0)
    report = run_file(_csv(_row("AM-1", 104.21, 21.51, "Núi Thử")), "amb.csv")
    assert report.created == 0 and len(report.errors) == 1
    issue = report.errors[0]
    assert issue.column == "Xã/Phường" and "several communes" in issue.reason
    assert "99901" in issue.reason and "99801" in issue.reason
    header = HEADER + ",Tỉnh"
    picked = run_file(_csv(_row("AM-1", 104.21, 21.51, "Núi Thử", "Tỉnh Thử Nghiệm"),
                           header=header), "amb.csv")  # fmt: skip
    assert not picked.errors, _errors(picked)
    assert stored(session, "AM-1").commune_id == bare_units["99901"].id
    by_default = run_file(
        _csv(_row("AM-2", 104.21, 21.51, "Núi Thử")),
        "amb2.csv",
        mapping=UserMapping(defaults={"province": "99"}),
    )
    assert not by_default.errors, _errors(by_default)
    assert stored(session, "AM-2").commune_id == bare_units["99901"].id


def test_rows_that_cannot_be_given_fail_with_reasons(session, run_file, bare_units):
    data = _csv(
        _row("NO-1", 104.33, 21.47),  # names nothing
        _row("NO-2", 104.21, 21.51, "99903"),  # a commune whose boundary misses the point
        _row("NO-3", 104.21, 21.51, "Xã Không Có"),  # names no known commune
    )
    before = counts(session)
    report = run_file(data, "bad.csv")
    assert not report.written and counts(session)[:2] == before[:2]
    by_row = {i.row: i for i in report.errors}
    assert sorted(by_row) == [2, 3, 4]
    assert by_row[2].column == "Kinh độ" and "nearest" in by_row[2].reason
    got = suggested(by_row[2].reason)
    want = expected_nearest(session, 104.33, 21.47, ON)[: len(got)]
    assert got and [(c, h) for _, c, h in got] == [(c, h) for _, c, h in want]
    for (shown, _, _), (true, _, _) in zip(got, want, strict=True):
        assert abs(shown - true) <= max(0.006 * true, 51.0), (shown, true)
    assert "99903 has a boundary" in by_row[3].reason
    assert by_row[4].column == "Xã/Phường" and "no commune in force" in by_row[4].reason


def test_the_export_carries_the_basis_and_imports_back_unchanged(session, run_file, bare_units):
    run_file(
        _csv(_row("EX-1", 104.21, 21.51, "99901"), _row("EX-2", 104.3, 21.55, "99902")), "e.csv"
    )
    exported = export_cameras(session, flt=CameraFilter(unit_codes=("99",)), user=ADMIN, fmt="csv")
    text = exported.content.decode("utf-8-sig")
    assert "(commune_basis)" in text.splitlines()[0]
    assert text.count(",given,") == 2
    report = run_file(exported.content, "export.csv")
    assert not report.errors, _errors(report)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
