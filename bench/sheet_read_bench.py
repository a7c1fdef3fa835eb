"""Sheet-read benchmark: the old openpyxl path against calamine on the same workbook.

    .venv/bin/python -m bench.sheet_read_bench [--rows 50000] [--runs 3]

A workbook of ``--rows`` × 12 columns (text, numbers, dates — shaped like a
camera list) is written once with openpyxl.  Each run reads every cell of it,
in process: openpyxl in read-only mode (the reader before issue #18) and
:func:`camera_registry.imports.sheets.read_workbook` (calamine, with the header
search, hidden-column check and cell conversion the importer does).  Reported:
the median wall time of each and their ratio, as a markdown table.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

from openpyxl import Workbook, load_workbook

from camera_registry.imports.mapping import UserMapping, header_test
from camera_registry.imports.sheets import read_workbook
from camera_registry.imports.table import ImportSource

HEADERS = ["STT", "Mã camera", "Địa chỉ", "Xã/Phường", "Kinh độ", "Vĩ độ", "Hướng",
           "Góc nhìn", "Tầm xa", "Loại camera", "Ngày lắp đặt", "Ghi chú"]  # fmt: skip


def make_workbook(rows: int) -> bytes:
    """A camera list of ``rows`` rows and 12 columns under a title row."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    sheet.append(["DANH SÁCH CAMERA GIÁM SÁT"])
    sheet.append(HEADERS)
    start = date(2022, 1, 1)
    for i in range(rows):
        sheet.append([i + 1, f"CT-{i:06d}", f"Số {i}, đường Lê Lợi, phường Ba Đình",
                      "Cẩm Thủy", 105.4 + i * 1e-6, 20.2 + i * 1e-6, i % 360, 90, 50,
                      "cố định", start + timedelta(days=i % 900), "ghi chú"])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_openpyxl(data: bytes) -> int:
    """Every cell through openpyxl's read-only mode (the pre-#18 path)."""
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return count


def read_calamine(data: bytes) -> int:
    """Every cell through the importer's workbook reader."""
    table = read_workbook(ImportSource("b.xlsx", data), "xlsx", header_test(UserMapping()))
    return len(table.rows)


def median_seconds(read: Callable[[bytes], int], data: bytes, runs: int) -> float:
    """Median wall time of ``runs`` reads."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        read(data)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    """Write the workbook, time both readers, print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = make_workbook(args.rows)
    old = median_seconds(read_openpyxl, data, args.runs)
    new = median_seconds(read_calamine, data, args.runs)
    print(f"{args.rows} rows × 12 columns, {len(data) / 1e6:.1f} MB, median of {args.runs}\n")
    print("| reader | seconds |\n|---|---|")
    print(f"| openpyxl read-only (before) | {old:.2f} |")
    print(f"| calamine (read_workbook) | {new:.2f} |")
    print(f"\nspeed-up: {old / new:.1f}×")


if __name__ == "__main__":
    main()
