"""Bulk import of incidents: atomic by default, partial on request, dry run, row report."""

import io
from datetime import datetime

from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from camera_registry.incidents.models import Incident


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Incident)) or 0


def _csv(lon: float, lat: float) -> bytes:
    rows = [
        "DANH SÁCH VỤ VIỆC THÁNG 3/2025",
        "Mã vụ việc;Loại vụ việc;Thời gian xảy ra;Kinh độ;Vĩ độ;Địa chỉ;Trạng thái;Nội dung",
        f"IMP-1;Tai nạn giao thông;03/03/2025 07:45;{lon};{lat};QL217;Đã làm rõ;Va chạm xe máy",
        f"IMP-2;trom cap tai san;04/03/2025 22:10;{lon};{lat};Chợ;investigating;Mất xe đạp",
        f"IMP-3;Murder;05/03/2025 10:00;{lon};{lat};;;",
        f"IMP-4;Fire;05/03/2099 10:00;{lon};{lat};;;",
        "IMP-5;fraud;06/03/2025 09:00;0;0;;;",
        f"IMP-6;Ma túy;07/03/2025 23:00;{str(lon).replace('.', ',')};{str(lat).replace('.', ',')};"
        ";;",
    ]
    return ("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8")


def _post(client, data: bytes, name: str = "vu_viec.csv", **params):
    return client.post("/incidents/import", params=params, files={"file": (name, data)})


def test_atomic_import_writes_nothing_and_reports_each_bad_row(as_role, session, cam_thuy_commune):
    _, lon, lat = cam_thuy_commune
    before = _count(session)
    response = _post(as_role("investigator"), _csv(lon, lat))
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["written"] is False
    assert report["rows"] == 6 and report["failed"] == 3
    assert report["failed_rows"] == [5, 6, 7]
    by_row = {i["row"]: i for i in report["issues"]}
    assert by_row[5]["column"] == "Loại vụ việc" and by_row[5]["value"] == "Murder"
    assert by_row[6]["column"] == "Thời gian xảy ra" and "future" in by_row[6]["reason"]
    assert by_row[7]["field"] in ("lon", "lat")
    assert _count(session) == before


def test_partial_import_then_rerun_changes_nothing(as_role, session, cam_thuy_commune):
    _, lon, lat = cam_thuy_commune
    client = as_role("investigator")
    before = _count(session)
    report = _post(client, _csv(lon, lat), partial="true").json()
    assert report["written"] is True and report["created"] == 3 and report["failed"] == 3
    assert _count(session) == before + 3
    stored = client.get("/incidents/IMP-1").json()["properties"]
    assert stored["type"] == "traffic_accident" and stored["status"] == "clarified"
    assert stored["occurred_at"] == "2025-03-03T07:45:00+07:00"
    assert client.get("/incidents/IMP-6").json()["properties"]["type"] == "drug_offence"
    again = _post(client, _csv(lon, lat), partial="true").json()
    assert again["created"] == 0 and again["unchanged"] == 3
    assert _count(session) == before + 3


def test_dry_run_writes_nothing(as_role, session, cam_thuy_commune):
    _, lon, lat = cam_thuy_commune
    before = _count(session)
    report = _post(as_role("investigator"), _csv(lon, lat), dry_run="true", partial="true").json()
    assert report["dry_run"] is True and report["written"] is False and report["created"] == 3
    assert _count(session) == before


def test_xlsx_with_excel_cells(as_role, session, cam_thuy_commune):
    _, lon, lat = cam_thuy_commune
    book = Workbook()
    sheet = book.active
    sheet.append(["Case code", "Type", "Occurred at", "Longitude", "Latitude", "Description"])
    sheet.append(["XL-1", "Robbery", datetime(2024, 8, 1, 20, 5), lon, lat, "Cướp giật"])
    sheet.append(["XL-2", "assault", "02/08/2024 21:00", lon, lat, None])
    buffer = io.BytesIO()
    book.save(buffer)
    client = as_role("investigator")
    report = _post(client, buffer.getvalue(), name="incidents.xlsx").json()
    assert report["written"] is True and report["created"] == 2, report
    props = client.get("/incidents/XL-1").json()["properties"]
    assert props["occurred_at_local"] == "01/08/2024 20:05"


def test_import_needs_a_writer_and_known_columns(as_role, cam_thuy_commune):
    _, lon, lat = cam_thuy_commune
    assert _post(as_role("planner"), _csv(lon, lat)).status_code == 403
    bad = _post(as_role("investigator"), b"a,b,c\n1,2,3\n")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "file"
    gis = _post(as_role("investigator"), b"{}", name="x.geojson")
    assert gis.status_code == 422 and gis.json()["errors"][0]["field"] == "format"
