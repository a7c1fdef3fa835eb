"""``camreg who-covers`` and ``camreg import places`` on the test database."""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from camera_registry.accounts import queries as accounts
from camera_registry.audit.models import AuditEvent
from camera_registry.cli import app

runner = CliRunner()
ADDRESS = "Thôn 3, xã Cẩm Liên, huyện Cẩm Thủy, Thanh Hóa"


@pytest.fixture
def cli_session(cli_uses_session: Callable[..., Session]) -> Session:
    """Make the commands use the test's (rolled back) session."""
    return cli_uses_session("camera_registry.lookup.cli", "camera_registry.places.cli")


def _last_audit(session: Session) -> AuditEvent:
    return session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()


def test_who_covers_as_a_registered_investigator(cli_session: Session):
    accounts.add_user(cli_session, username="lan", role="investigator")
    cli_session.flush()
    result = runner.invoke(
        app, ["who-covers", ADDRESS, "--at", "2023-05-04 21:30", "--user", "lan"]
    )
    assert result.exit_code == 0, result.output
    assert "Xã Cẩm Liên, Huyện Cẩm Thủy" in result.output and "Hạn yêu cầu" in result.output
    assert "CT-390-" in result.output and "(ẩn / hidden)" not in result.output
    row = _last_audit(cli_session)
    assert row.action == "lookup.address" and row.actor == "lan" and row.source_addr == "cli"
    assert json.loads(row.detail)["at"].startswith("2023-05-04 21:30:00+07:00")


def test_who_covers_as_the_os_user_hides_holders(cli_session: Session):
    result = runner.invoke(app, ["who-covers", ADDRESS, "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["features"] and "owner_contact" not in result.output
    assert _last_audit(cli_session).actor == f"os:{getpass.getuser()}"


def test_who_covers_refuses_unknown_users_and_explains_bad_addresses(cli_session: Session):
    assert runner.invoke(app, ["who-covers", ADDRESS, "--user", "nobody"]).exit_code == 2
    result = runner.invoke(app, ["who-covers", "Thôn 3, xã Cẩm Xyz, huyện Cẩm Thủy"])
    assert result.exit_code == 2 and "no commune named" in result.output
    assert "Xã Cẩm" in result.output  # suggestions


def test_import_places_command(cli_session: Session, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("name,kind,lon,lat\nĐình làng Cẩm Liên,landmark,105.3452,20.2031\n")
    result = runner.invoke(app, ["import", "places", str(good)])
    assert result.exit_code == 0, result.output
    assert _last_audit(cli_session).action == "places.import"
    bad = tmp_path / "bad.csv"
    bad.write_text("name,kind,lon,lat\nX,castle,105.3452,20.2031\n")
    result = runner.invoke(app, ["import", "places", str(bad)])
    assert result.exit_code == 1 and "castle" in result.output
