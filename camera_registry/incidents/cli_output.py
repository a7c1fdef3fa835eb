"""How the incident CLI prints: Vietnamese first, dd/mm/yyyy, tables."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from camera_registry.errors import DomainError
from camera_registry.imports.report import ImportReport


def problem(console: Console, exc: DomainError) -> None:
    """A domain error: its detail and each offending field."""
    console.print(f"[red]{exc.title}[/red]: {exc.detail}")
    for item in exc.errors:
        console.print(f"  [yellow]{item['field']}[/yellow]: {item['reason']}")


def validation(console: Console, exc: ValidationError) -> None:
    """Input that failed validation, field by field."""
    console.print("[red]Invalid input[/red]")
    for item in exc.errors():
        field = ".".join(str(p) for p in item["loc"]) or "input"
        console.print(
            f"  [yellow]{field}[/yellow]: {str(item['msg']).removeprefix('Value error, ')}"
        )


def incident(console: Console, feature: dict[str, Any]) -> None:
    """One incident, with its status history."""
    p = feature["properties"]
    lon, lat = feature["geometry"]["coordinates"]
    when = p["occurred_at_local"] + (
        f" – {p['occurred_until_local']}" if p["occurred_until"] else ""
    )
    tag = "có / yes" if p["clarified_with_footage"] else "không / no"
    rows = [
        ("Mã vụ việc / case", p["case_code"]),
        ("Loại / type", f"{p['type_label']} ({p['type_label_en']})"),
        ("Thời gian / when", when),
        ("Vị trí / point", f"{lat:.6f}, {lon:.6f}"),
        ("Địa chỉ / address", p["address"] or "—"),
        ("Xã / commune", f"{p['commune_name']} ({p['commune_code']})"),
        ("Trạng thái / status", f"{p['status_label']} ({p['status_label_en']})"),
        ("Làm rõ nhờ camera / clarified with footage", tag),
        ("Nội dung / description", p["description"] or "—"),
    ]
    table = Table(show_header=False)
    for key, value in rows:
        table.add_row(key, str(value))
    console.print(table)
    for event in p.get("status_history", []):
        console.print(f"  {event['effective_at_local']}  {event['status']}  {event['note'] or ''}")


def evidence_table(console: Console, clips: list[dict[str, Any]]) -> None:
    """Each clip, recorded and corrected times side by side (fits a narrow terminal)."""
    if not clips:
        console.print("Chưa có chứng cứ hình ảnh / no footage evidence yet.")
    for c in clips:
        table = Table(title=f"Chứng cứ / evidence #{c['id']}", show_header=False)
        rows = [
            ("Camera", c["camera_code"]),
            ("Ghi trên đầu ghi / recorded",
             f"{c['clip_start_recorded_local']} – {c['clip_end_recorded_local']}"),
            ("Đã hiệu chỉnh / corrected", f"{c['clip_start_local']} – {c['clip_end_local']}"),
            ("Lệch đồng hồ / clock offset", f"{c['clock_offset_s']:+g} s"),
            ("SHA-256", c["sha256"]),
            ("Dung lượng / size", f"{c['size_bytes']} bytes" if c["size_bytes"] else "—"),
            ("Giá trị / usefulness", f"{c['usefulness_label']} ({c['usefulness_label_en']})"),
            ("Ngoài tầm nhìn / outside view",
             f"⚑ {c['outside_view_reason']}" if c["flagged"] else "—"),
        ]  # fmt: skip
        for key, value in rows:
            table.add_row(key, str(value))
        console.print(table)


def incident_table(console: Console, body: dict[str, Any]) -> None:
    """A listing, then its counts by type."""
    table = Table(title=f"Vụ việc / incidents: {body['numberMatched']}")
    for head in ("Mã vụ việc", "Loại / type", "Thời gian", "Xã", "Trạng thái", "Camera"):
        table.add_column(head)
    for f in body["features"]:
        p = f["properties"]
        if p["kind"] != "incident":
            continue
        table.add_row(
            p["case_code"],
            p["type_label"],
            p["occurred_at_local"],
            p["commune_name"] or "",
            p["status_label"],
            "✓" if p["clarified_with_footage"] else "",
        )
    console.print(table)
    for itype, count in body["countsByType"].items():
        console.print(f"  {itype}: {count}")


def import_report(console: Console, report: ImportReport) -> None:
    """The summary and every issue of an import."""
    console.print(report.summary())
    for issue in sorted(report.issues, key=lambda i: i.row):
        console.print(f"  dòng/row {issue.row} [{issue.column}] {issue.value!r}: {issue.reason}")


def verification(console: Console, chain: dict[str, Any], clip: dict[str, Any] | None) -> bool:
    """Chain and clip results; whether everything checked out."""
    if chain["valid"]:
        console.print(
            f"[green]Chuỗi lưu giữ nguyên vẹn / custody chain intact[/green]: "
            f"{chain['events']} events"
        )
    else:
        console.print(
            f"[red]Chuỗi lưu giữ bị phá vỡ / custody chain broken[/red] at event "
            f"{chain['first_broken_seq']}: {chain['reason']}"
        )
    ok = bool(chain["valid"])
    if clip is not None:
        colour = "green" if clip["match"] else "red"
        console.print(
            f"[{colour}]{'Khớp / match' if clip['match'] else 'Không khớp / mismatch'}"
            f"[/{colour}]: {clip['sha256']}"
        )
        ok = ok and bool(clip["match"])
    return ok
