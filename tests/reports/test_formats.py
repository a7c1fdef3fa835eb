"""JSON, CSV, Excel and PDF carry the same numbers; the PDF is readable (both engines)."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PIL import Image

from camera_registry.reports import i18n

PARAMS = {"unit": "390", "month": "2025-06", "coverage": "true"}


def _get(client: Any, fmt: str, **extra: str) -> bytes:
    response = client.get("/reports/monthly", params={**PARAMS, "format": fmt, **extra})
    assert response.status_code == 200, response.text
    return bytes(response.content)


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, (
        f"{name} (Debian package poppler-utils) is needed: scripts/install-system-packages.sh"
    )
    return path


def _camera_values(u: dict[str, Any]) -> dict[str, Any]:
    c = u["cameras"]
    return {
        "installed": c["installed_in_month"],
        "in_service": c["in_service_at_month_end"],
        "active": c["active_at_month_end"],
        "active_hours": c["uptime"]["numerator"],
        "service_hours": c["uptime"]["denominator"],
        "communes_active": c["communes_with_active_camera"]["numerator"],
        "communes_total": c["communes_with_active_camera"]["denominator"],
    }


def _incident_values(u: dict[str, Any]) -> dict[str, Any]:
    i = u["incidents"]
    return {
        "incidents": i["month"]["incidents"],
        "footage": i["month"]["footage_available"],
        "clarified": i["month"]["clarified_with_footage"],
        "previous": i["previous_month"]["incidents"],
        "ly_incidents": i["same_month_last_year"]["incidents"],
        "cum_incidents": i["cumulative"]["incidents"],
        "cum_clarified": i["cumulative"]["clarified_with_footage"],
    }


def _csv_cells(content: bytes) -> dict[tuple[str, str, str], str]:
    text = content.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    next(reader)
    return {(t, row, col): value for t, row, _label, col, _cl, value in reader}


def _sheet(book: Any, title: str) -> dict[str, dict[str, Any]]:
    sheet = book[title]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    return {str(r[0]): dict(zip(header, r, strict=True)) for r in rows[1:]}


def test_json_csv_and_xlsx_carry_the_same_numbers(as_role):
    client = as_role("planner")
    body = __import__("json").loads(_get(client, "json"))
    cells = _csv_cells(_get(client, "csv"))
    book = load_workbook(io.BytesIO(_get(client, "xlsx")))
    cameras, incidents = _sheet(book, "Camera"), _sheet(book, "Vụ việc theo đơn vị")
    assert len(body["units"]) == 18
    for u in body["units"]:
        for table, values, sheet in (
            ("cameras", _camera_values(u), cameras),
            ("incidents", _incident_values(u), incidents),
        ):
            for key, value in values.items():
                assert float(cells[(table, u["code"], key)]) == value, (table, u["code"], key)
                label = i18n.t(key, "vi")
                cell = sheet[u["code"]][label]
                assert isinstance(cell, int | float) and not isinstance(cell, bool)
                assert cell == pytest.approx(value), (table, u["code"], key)
    kinds = body["units"][0]["incidents"]["cumulative"]["by_type"]
    for kind, figures in kinds.items():
        assert cells[("types_cumulative", kind, "clarified")] == str(
            figures["clarified_with_footage"]
        )
    coverage = body["units"][0]["coverage"]["share"]
    assert float(cells[("coverage", "390", "covered_share")]) == coverage["rate"] > 0


def test_xlsx_has_one_sheet_per_table_and_real_numbers(as_role):
    book = load_workbook(io.BytesIO(_get(as_role("admin"), "xlsx")))
    assert book.sheetnames[0] == "Thông tin" and len(book.sheetnames) >= 15
    sheet = book["Camera"]
    assert sheet["A2"].value == "390" and sheet["C2"].data_type == "n"
    uptime = [c for c in sheet[1] if c.value == i18n.t("uptime", "vi")][0].column
    assert sheet.cell(row=2, column=uptime).number_format == "0.0%"
    assert 0.5 < sheet.cell(row=2, column=uptime).value <= 1


def _pdf_lines(pdf: Path) -> list[str]:
    text = subprocess.run(
        [_tool("pdftotext"), "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.splitlines()


def _tokens(line: str) -> list[str]:
    return re.findall(r"\d[\d.,]*%?", line)


def _contains_run(found: list[str], wanted: list[str]) -> bool:
    return any(found[i : i + len(wanted)] == wanted for i in range(len(found) - len(wanted) + 1))


def test_the_pdf_carries_the_same_numbers_readably(as_role, artifacts_dir: Path, engine_name: str):
    client = as_role("planner")
    body = __import__("json").loads(_get(client, "json"))
    pdf = artifacts_dir / f"report-390-2025-06-{engine_name}.pdf"
    pdf.write_bytes(_get(client, "pdf"))
    fonts = subprocess.run(
        [_tool("pdffonts"), str(pdf)], check=True, capture_output=True, text=True
    )
    rows = fonts.stdout.splitlines()[2:]
    assert rows and all(re.search(r"\byes\s+yes\s+yes\b", r) for r in rows), fonts.stdout
    lines = _pdf_lines(pdf)
    text = "\n".join(lines)
    for phrase in (
        "BÁO CÁO HIỆU QUẢ HỆ THỐNG CAMERA AN NINH",
        "Huyện Cẩm Thủy — tháng 06/2025",
        "Làm rõ nhờ camera",
        "Xã Cẩm Thạch",
        "Lũy kế từ 01/2022",
    ):
        assert phrase in text, phrase
    for u in body["units"]:
        cams, inc = _camera_values(u), _incident_values(u)
        camera_run = [i18n.num(cams[k], "vi") for k in ("installed", "in_service", "active")]
        camera_run += [i18n.num(cams[k], "vi", 1) for k in ("active_hours", "service_hours")]
        assert any(
            line.lstrip().startswith(u["code"]) and _contains_run(_tokens(line), camera_run)
            for line in lines
        ), (u["code"], camera_run)
        incident_run = [i18n.num(inc[k], "vi") for k in ("cum_incidents", "cum_clarified")]
        assert any(
            line.lstrip().startswith(u["code"]) and _contains_run(_tokens(line), incident_run)
            for line in lines
        ), (u["code"], incident_run)
    pages = artifacts_dir / f"report-390-2025-06-{engine_name}"
    subprocess.run(
        [_tool("pdftoppm"), "-r", "80", "-png", "-f", "1", "-l", "2", str(pdf), str(pages)],
        check=True,
    )
    first = sorted(artifacts_dir.glob(f"{pages.name}-*.png"))[0]
    with Image.open(first) as image:
        grey = image.convert("L")
        dark = sum(grey.histogram()[:128])
        assert grey.size[0] > 500 and dark > 2000  # text and charts were drawn


def test_english_labels_and_number_formats(as_role, build):
    report = build("390", "2025-06")
    hours = report.total.cameras.active_hours
    vi = _get(as_role("admin"), "html").decode()
    en = _get(as_role("admin"), "html", lang="en").decode()
    assert i18n.num(hours, "vi", 1) in vi and "," in i18n.num(hours, "vi", 1)
    assert i18n.num(hours, "en", 1) in en and "." in i18n.num(hours, "en", 1)
    assert "Làm rõ nhờ camera" in vi and "Clarified with footage" in en
    assert "01/06/2025 – 30/06/2025" in vi and "01/06/2025 – 30/06/2025" in en
    assert "Clarified with footage" not in vi


def test_csv_is_excel_friendly_utf8(as_role):
    content = _get(as_role("planner"), "csv", lang="en")
    assert content.startswith("\ufeff".encode())
    header = content.decode("utf-8-sig").splitlines()[0]
    assert header == "table,row,row_label,column,column_label,value"
    assert "Huyện Cẩm Thủy" in content.decode("utf-8-sig")
