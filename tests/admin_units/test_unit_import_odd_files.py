"""Odd boundary files: each a row error or a 422 problem, never a 5xx or a traceback.

Found by feeding the import files a careless export or a hostile upload would
produce: cells longer than the ``admin_unit`` columns, a population beyond their
integer range, NUL characters and lone surrogates (neither fits a PostgreSQL
text), JSON lists where a cell is expected, ``properties`` that are not an
object, nesting deep enough to exhaust Python's recursion, and a zipped
Shapefile that unpacks to more than the reader accepts (a zip bomb).  Through
the service, the HTTP route (problem+json) and the CLI (exit 2, one line).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from camera_registry.admin_units.importing.service import UnitImportOptions, run_unit_import
from camera_registry.admin_units.models import AdminUnit
from camera_registry.auth import Principal
from camera_registry.cli import app
from camera_registry.imports.table import ImportSource
from camera_registry.vocab import Role
from tests.admin_units import unit_files as uf
from tests.problems import assert_problem

ADMIN = Principal(user_id=0, username="test-admin", role=Role.ADMIN)
#: What a zipped Shapefile may unpack to (1 GiB: a national file of 2,000-vertex
#: communes is about 110 MB).
MAX_UNZIPPED_BYTES = 1 << 30
#: Deeper than Python's default recursion limit (1,000).
DEEP = 5_000


@pytest.fixture
def legacy(session: Session):
    """The new province 99 and its legacy communes."""
    return uf.add_legacy_units(session)


def _file(**first_properties: object) -> bytes:
    """Two good wards in EPSG:9210; the first one's properties changed as given."""
    doc = json.loads(uf.geojson_bytes(uf.wards()[:2]))
    doc["features"][0]["properties"].update(first_properties)
    return json.dumps(doc, ensure_ascii=True).encode()


def _run(session: Session, data: bytes, name: str = "ranh_gioi.geojson"):
    return run_unit_import(
        session, source=ImportSource(name, data), options=UnitImportOptions(), actor=ADMIN
    )


def _nothing_written(session: Session) -> bool:
    query = select(func.count()).select_from(AdminUnit).where(AdminUnit.code.like("990%"))
    return session.scalar(query) == 0


def _errors(report) -> list[tuple[int, str, str]]:
    return [(i.row, i.column, i.reason) for i in report.errors]


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("ma_xa", "9" * 17, "at most 16 characters (17 given)"),
        ("ma_tinh", "9" * 17, "at most 16 characters (17 given)"),
        ("ten_xa", "Đông " * 40, "at most 200 characters with its type word"),
        ("dan_so", 10**12, "at most 2147483647"),
        ("ten_xa", "Phường A\x00B", "contains a NUL character"),
        ("sap_nhap", "Xã A\x00", "contains a NUL character"),
        ("ma_xa", ["99001"], "must be text, not a list or an object"),
        ("sap_nhap", {"xa": "A"}, "must be text, not a list or an object"),
        ("dan_so", {"n": 1}, "must be a number"),
    ],
)
def test_cells_the_table_cannot_hold_are_row_errors(session, legacy, column, value, reason):
    report = _run(session, _file(**{column: value}))
    assert len(report.errors) == 1, report.errors
    row, where, why = _errors(report)[0]
    assert (row, where) == (1, column) and why.endswith(reason)
    assert not report.written and _nothing_written(session)


def test_a_name_of_200_characters_with_its_type_word_fits(session, legacy):
    name = "Phường " + "A" * 193
    report = _run(session, _file(ten_xa=name))
    assert (report.created, report.failed) == (2, 0), report.errors
    stored = session.scalar(select(AdminUnit.name).where(AdminUnit.code == "99001"))
    assert stored == name


def _feature_collection(features: object) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def test_properties_that_are_not_an_object_count_as_none(session, legacy):
    doc = json.loads(uf.geojson_bytes(uf.wards()[:2]))
    doc["features"][0]["properties"] = ["99001", "Phường Một", "phường", "99"]
    report = _run(session, json.dumps(doc).encode())
    assert {(row, column) for row, column, _ in _errors(report)} == {
        (1, "ma_xa"),
        (1, "ten_xa"),
        (1, "loai"),
    }
    assert _nothing_written(session)


def test_a_geometry_nested_too_deeply_is_malformed(session, legacy):
    doc = json.loads(_file())
    doc["features"][0]["geometry"] = {"type": "Polygon", "coordinates": []}
    text = json.dumps(doc).replace('"coordinates": []', '"coordinates": ' + "[" * 900 + "]" * 900)
    report = _run(session, text.encode())
    assert _errors(report) == [(1, "geometry", "hình học sai cấu trúc / the geometry is malformed")]


def _post(client, data: bytes, name: str, path: str = "/admin-units/import"):
    return client.post(path, files={"file": (name, data, "application/octet-stream")})


def _problem(response, field: str, reason: str) -> None:
    errors = assert_problem(response, 422, field)["errors"]
    assert [e["field"] for e in errors] == [field] and reason in errors[0]["reason"]


UNREADABLE = {
    "deep": (b"[" * DEEP + b"]" * DEEP, "nested too deeply"),
    "surrogate": (_feature_collection([]).replace(b"[]", b'[{"properties": {"ten": "\\ud800"}}]'),
                  "half of a surrogate pair"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(UNREADABLE))
@pytest.mark.parametrize("path", ["/admin-units/import", "/cameras/import"])
def test_unreadable_json_is_a_422_on_both_imports(as_role, legacy, case, path):
    data, reason = UNREADABLE[case]
    _problem(_post(as_role("admin"), data, "x.geojson", path), "file", reason)


def test_camera_import_takes_properties_that_are_not_an_object(as_role, legacy):
    feature = {"type": "Feature", "properties": [1], "geometry": None}
    response = _post(
        as_role("admin"), _feature_collection([feature]), "x.geojson", "/cameras/import"
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A zipped "Shapefile" of about 1 MB whose .shp unpacks to just over the limit."""
    out = io.BytesIO()
    chunk = bytes(1 << 24)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("ranh_gioi.shp", "w", force_zip64=True) as member:
            for _ in range(MAX_UNZIPPED_BYTES // len(chunk) + 1):
                member.write(chunk)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_gdal_reads_it(as_role, legacy, zip_bomb):
    assert len(zip_bomb) < 2_000_000
    response = _post(as_role("admin"), zip_bomb, "ranh_gioi.zip")
    _problem(response, "file", f"at most {MAX_UNZIPPED_BYTES} are accepted")
    cameras = _post(as_role("admin"), zip_bomb, "cameras.zip", "/cameras/import")
    _problem(cameras, "file", f"at most {MAX_UNZIPPED_BYTES} are accepted")


@pytest.fixture
def cli_db(migrated_db, monkeypatch) -> str:
    """A fresh migrated database (the CLI refuses an odd file before writing anything)."""
    url = migrated_db("camreg_units_odd_cli")
    monkeypatch.setenv("CAMREG_DATABASE_URL", url)
    return url


def test_cli_reports_an_unreadable_file_in_one_line(cli_db, tmp_path: Path):
    deep = tmp_path / "deep.geojson"
    deep.write_bytes(UNREADABLE["deep"][0])
    result = CliRunner().invoke(app, ["import", "units", str(deep)])
    assert result.exit_code == 2, result.output
    assert "nested too deeply" in result.output and result.exception is not None
    assert not isinstance(result.exception, RecursionError)
