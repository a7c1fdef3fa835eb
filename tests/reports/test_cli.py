"""``camreg report`` on the test database."""

from __future__ import annotations

import getpass
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from camera_registry.accounts import queries as accounts
from camera_registry.audit.models import AuditEvent
from camera_registry.cli import app
from camera_registry.incidents.models import Incident

runner = CliRunner()


@pytest.fixture
def cli_session(cli_uses_session: Callable[..., Session]) -> Session:
    """Make the command use the test's (rolled back) session."""
    return cli_uses_session("camera_registry.reports.cli")


def _last_audit(session: Session) -> AuditEvent:
    return session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()


def test_report_to_an_excel_file(cli_session: Session, tmp_path: Path):
    out = tmp_path / "report.xlsx"
    result = runner.invoke(app, ["report", "--month", "06/2025", "--unit", "390", "-o", str(out)])
    assert result.exit_code == 0, result.output
    book = load_workbook(io.BytesIO(out.read_bytes()))
    assert book["Camera"]["A2"].value == "390"
    row = _last_audit(cli_session)
    assert row.action == "report.generate" and row.actor == f"os:{getpass.getuser()}"
    assert row.source_addr == "cli" and json.loads(row.detail)["format"] == "xlsx"


def test_report_as_json_on_stdout_as_a_registered_user(cli_session: Session):
    accounts.add_user(cli_session, username="chi-huy", role="planner")
    cli_session.flush()
    result = runner.invoke(
        app, ["report", "--month", "2025-06", "--unit", "390", "--user", "chi-huy", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["lang"] == "en" and body["units"][0]["code"] == "390"
    assert _last_audit(cli_session).actor == "chi-huy"


def test_a_commune_officer_may_not_report_on_the_district(cli_session: Session):
    accounts.add_user(cli_session, username="xa-1", role="commune_officer", commune_codes=["15142"])
    cli_session.flush()
    result = runner.invoke(app, ["report", "--month", "2025-06", "--unit", "390", "--user", "xa-1"])
    assert result.exit_code == 2 and "own communes" in result.output


def test_abolished_units_and_binary_formats_without_a_file_are_refused(cli_session: Session):
    result = runner.invoke(app, ["report", "--month", "2025-07", "--unit", "390"])
    assert result.exit_code == 2 and "--former" in result.output
    result = runner.invoke(app, ["report", "--month", "2025-06", "--unit", "390", "-f", "pdf"])
    assert result.exit_code == 2 and "output file" in result.output


def test_the_tally_command_rebuilds_the_same_counts(cli_session: Session):
    before = runner.invoke(app, ["report-tally"])
    after = runner.invoke(app, ["report-tally", "--rebuild"])
    assert before.exit_code == after.exit_code == 0, before.output + after.output
    assert "tally rows" in before.output and before.output.strip() == after.output.strip()
    expected = cli_session.scalar(
        select(func.count()).select_from(Incident).where(Incident.commune_id.is_not(None))
    )
    assert f"{expected:,} incidents counted" in before.output
