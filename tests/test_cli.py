"""The operator's CLI on both engines."""

from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from camera_registry.auth import authenticate_key
from camera_registry.cameras.models import Camera
from camera_registry.cli import app, main
from camera_registry.db import make_engine
from camera_registry.vocab import Role

runner = CliRunner()


@pytest.fixture
def cli_db(fresh_db_url: Callable[[str], str], monkeypatch: pytest.MonkeyPatch) -> str:
    url = fresh_db_url("camreg_cli")
    monkeypatch.setenv("CAMREG_DATABASE_URL", url)
    return url


def test_init_user_and_key(cli_db: str):
    assert runner.invoke(app, ["init"]).exit_code == 0
    added = runner.invoke(app, ["user", "add", "lan", "--role", "investigator"])
    assert added.exit_code == 0, added.output
    again = runner.invoke(app, ["user", "add", "lan", "--role", "viewer"])
    assert again.exit_code == 1
    created = runner.invoke(app, ["key", "create", "lan"])
    assert created.exit_code == 0, created.output
    key = created.output.strip().splitlines()[-1]
    engine = make_engine(cli_db)
    with Session(engine) as session:
        principal = authenticate_key(session, key)
    engine.dispose()
    assert principal.username == "lan" and principal.role == Role.INVESTIGATOR


def test_commune_officer_needs_a_commune(cli_db: str):
    runner.invoke(app, ["init"])
    result = runner.invoke(app, ["user", "add", "ha", "--role", "commune_officer"])
    assert result.exit_code == 2


def test_demo_loads_once(cli_db: str):
    first = runner.invoke(app, ["demo"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, ["demo"])
    assert second.exit_code == 0 and "already loaded" in second.output
    engine = make_engine(cli_db)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Camera)) > 1100
    engine.dispose()


def test_password_totp_and_revocation_from_the_cli(cli_db: str):
    runner.invoke(app, ["init"])
    runner.invoke(app, ["user", "add", "minh", "--role", "admin"])
    short = runner.invoke(app, ["user", "passwd", "minh"], input="short\nshort\n")
    assert short.exit_code == 2
    ok = runner.invoke(app, ["user", "passwd", "minh"], input="a long enough pass\n" * 2)
    assert ok.exit_code == 0, ok.output
    uri = runner.invoke(app, ["user", "totp", "minh"])
    assert uri.exit_code == 0 and uri.output.startswith("otpauth://totp/camreg:minh?secret=")
    key = runner.invoke(app, ["key", "create", "minh"]).output.strip().splitlines()[-1]
    revoked = runner.invoke(app, ["key", "revoke", "minh"])
    assert revoked.exit_code == 0 and "Revoked 1" in revoked.output
    engine = make_engine(cli_db)
    with Session(engine) as session, pytest.raises(Exception, match="revoked"):
        authenticate_key(session, key)
    engine.dispose()


def test_audit_verify_names_the_first_broken_row(cli_db: str):
    runner.invoke(app, ["init"])
    for name in ("a1", "a2", "a3"):
        runner.invoke(app, ["user", "add", name, "--role", "viewer"])
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0
    engine = make_engine(cli_db)
    with engine.begin() as conn:
        second = conn.exec_driver_sql("SELECT id FROM audit_event ORDER BY id").all()[1][0]
        conn.exec_driver_sql(f"UPDATE audit_event SET actor = 'x' WHERE id = {second}")
    engine.dispose()
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 1 and f"row id {second}" in result.output


def test_a_database_without_the_schema_gets_a_hint_not_a_traceback(
    cli_db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setattr("sys.argv", ["camreg", "who-covers", "20.2035, 105.4712"])
    with pytest.raises(SystemExit) as stopped:
        main()
    out = capsys.readouterr().out
    assert stopped.value.code == 1 and "camreg init" in out and "Traceback" not in out
    refused = runner.invoke(app, ["serve", "--port", "1"])
    assert refused.exit_code == 1 and "camreg init" in refused.output
    assert runner.invoke(app, ["init"]).exit_code == 0
    monkeypatch.setattr("sys.argv", ["camreg", "who-covers", "20.2035, 105.4712"])
    with pytest.raises(SystemExit) as answered:
        main()
    assert answered.value.code == 0, capsys.readouterr().out
