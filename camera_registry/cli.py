"""``camreg``: everything an operator does without a browser.

This module only lists the commands (see :mod:`camera_registry.cli_lazy`):
each command's module — and what it needs, from SQLAlchemy to WeasyPrint — is
imported when that command runs, so ``camreg --help`` and one small command
start fast.  The root callback puts the run's settings on the Typer context
(:mod:`camera_registry.cli_support`).
"""

from __future__ import annotations

import typer

from camera_registry.cli_lazy import Lazy, lazy_group
from camera_registry.cli_support import CliState

IMPORT_HELP = "Nhập dữ liệu / import data files."
EXPORT_HELP = "Xuất dữ liệu / export data files."

#: ``camreg import …``
IMPORTS = (
    Lazy(
        "roads",
        "camera_registry.coverage.cli:import_roads_command",
        "Nhập lớp đường giao thông / import a roads layer (lines) for coverage.",
    ),
    Lazy(
        "places",
        "camera_registry.places.cli:import_places_command",
        "Nhập danh mục địa danh — import gazetteer places (all rows or none).",
    ),
    Lazy(
        "cameras",
        "camera_registry.imports.cli:import_cameras_command",
        "Nhập danh sách camera — import cameras from CSV, XLSX/XLS/ODS, GeoJSON, GPKG, SHP, KML.",
    ),
    Lazy(
        "units",
        "camera_registry.admin_units.importing.cli:import_units_command",
        "Nhập ranh giới đơn vị hành chính — import administrative boundaries.",
    ),
)
#: ``camreg export …``
EXPORTS = (
    Lazy(
        "cameras",
        "camera_registry.imports.cli:export_cameras_command",
        "Xuất danh sách camera — export cameras (holder columns only where allowed).",
    ),
    Lazy(
        "units",
        "camera_registry.admin_units.topology_cli:export_units_command",
        "Xuất đơn vị hành chính — export administrative units (GeoJSON or GeoPackage).",
    ),
)
import_app = typer.Typer(cls=lazy_group(*IMPORTS), help=IMPORT_HELP, no_args_is_help=True)
export_app = typer.Typer(cls=lazy_group(*EXPORTS), help=EXPORT_HELP, no_args_is_help=True)

#: Every command and group of ``camreg``, in the order ``camreg --help`` lists them.
COMMANDS = (
    Lazy(
        "who-covers",
        "camera_registry.lookup.cli:who_covers",
        "Camera nào quan sát địa chỉ này — which cameras cover this address (at this time).",
    ),
    Lazy(
        "report",
        "camera_registry.reports.cli:report_command",
        "Báo cáo tháng / monthly effectiveness report (PDF, Excel, CSV, JSON, HTML).",
    ),
    Lazy(
        "report-tally",
        "camera_registry.reports.cli:tally_command",
        "Bảng đếm tháng / the monthly incident tally behind reports: size, or rebuild it.",
    ),
    Lazy(
        "backup",
        "camera_registry.backup.cli:backup_command",
        "Sao lưu — back up the whole registry (SQLite backup API or pg_dump -Fc).",
    ),
    Lazy(
        "restore",
        "camera_registry.backup.cli:restore_command",
        "Khôi phục — replace the registry with a backup, then verify every hash chain.",
    ),
    Lazy(
        "init",
        "camera_registry.system.cli:init",
        "Tạo/cập nhật CSDL — create or migrate the database, then load the national unit list.",
    ),
    Lazy(
        "demo",
        "camera_registry.system.cli:demo",
        "Nạp dữ liệu mẫu — load the Cẩm Thủy and Đắk Nông demo (idempotent).",
    ),
    Lazy("serve", "camera_registry.system.cli:serve", "Chạy máy chủ — serve the API."),
    Lazy("user", "camera_registry.accounts.cli:user_app", "Người dùng / users."),
    Lazy("key", "camera_registry.accounts.cli:key_app", "Khóa API / API keys."),
    Lazy("audit", "camera_registry.audit.cli:audit_app", "Nhật ký kiểm toán / audit trail."),
    Lazy("incident", "camera_registry.incidents.cli:incident_app", "Vụ việc / incidents."),
    Lazy(
        "evidence",
        "camera_registry.incidents.cli:evidence_app",
        "Chứng cứ hình ảnh / footage evidence.",
    ),
    Lazy(
        "footage-requests",
        "camera_registry.incidents.requests.cli:requests_app",
        "Yêu cầu trích xuất dữ liệu camera / footage requests to camera holders.",
    ),
    Lazy(
        "coverage",
        "camera_registry.coverage.cli:coverage_app",
        "Độ phủ camera và vùng trống / coverage, gaps, hot spots, placement.",
    ),
    Lazy("import", "camera_registry.cli:import_app", IMPORT_HELP),
    Lazy("export", "camera_registry.cli:export_app", EXPORT_HELP),
    Lazy(
        "units",
        "camera_registry.admin_units.topology_cli:units_app",
        "Đơn vị hành chính / administrative units.",
    ),
)

app = typer.Typer(
    cls=lazy_group(*COMMANDS),
    help="camreg — sổ đăng ký camera an ninh / camera-network registry.",
    no_args_is_help=True,
)


@app.callback()
def settle(ctx: typer.Context) -> None:
    """Keep this run's settings on the context, for every command to read (``cli_settings``)."""
    ctx.ensure_object(CliState)


def main() -> None:
    """The ``camreg`` entry point: an outdated or empty database gets a hint, not a trace."""
    state = CliState()
    try:
        app(obj=state)
    except Exception as exc:
        from sqlalchemy.exc import OperationalError, ProgrammingError  # noqa: PLC0415

        if not isinstance(exc, OperationalError | ProgrammingError):
            raise
        from camera_registry.system.cli import OUTDATED, console, schema_is_current  # noqa: PLC0415

        if schema_is_current(state.settings.database_url):
            raise
        console.print(f"[red]{OUTDATED}")
        raise SystemExit(1) from None
