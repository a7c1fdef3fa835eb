"""Tests for the throwaway PostgreSQL + PostGIS helper in tests/pg_cluster.py."""

from __future__ import annotations

import errno
import os
import socket
import stat
from pathlib import Path

import psycopg
import pytest

from tests import pg_cluster
from tests.pg_cluster import ThrowawayPostgis, find_pg_bin, require_pg_bin, why_unavailable


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        if probe.connect_ex(("127.0.0.1", port)) != errno.ECONNREFUSED:
            return False
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # SO_REUSEADDR as the server itself uses it: ignores TIME_WAIT leftovers.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def test_cluster_lifecycle() -> None:
    require_pg_bin()
    pg = ThrowawayPostgis()
    with pg:
        assert pg.port is not None and pg.base_dir is not None
        port, base_dir = pg.port, pg.base_dir
        assert pg.url == f"postgresql+psycopg://camreg@127.0.0.1:{port}/camreg"
        if os.geteuid() == 0:
            assert base_dir.stat().st_uid != 0  # owned by the postgres system user

        with psycopg.connect(pg.conninfo(), autocommit=True) as conn:
            (version,) = conn.execute("SELECT postgis_full_version()").fetchone() or (None,)
            assert version is not None and "POSTGIS=" in version
            conn.execute("CREATE TABLE kept (id int PRIMARY KEY, name text)")
            conn.execute("INSERT INTO kept VALUES (1, 'survives restart')")

        pg.restart()
        assert pg.port == port and pg.running
        with psycopg.connect(pg.conninfo()) as conn:
            rows = conn.execute("SELECT id, name FROM kept").fetchall()
        assert rows == [(1, "survives restart")]

        # A second, empty database that already has PostGIS (e.g. for migration tests).
        other_url = pg.create_database("migrations")
        assert other_url.endswith(f":{port}/migrations")
        with psycopg.connect(pg.conninfo("migrations")) as conn:
            assert conn.execute("SELECT ST_AsText(ST_Point(105.8, 21.0))").fetchone() == (
                "POINT(105.8 21)",
            )
            tables = conn.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                " AND tablename <> 'spatial_ref_sys'"
            ).fetchone()
            assert tables == (0,)
        pg.drop_database("migrations")

    assert not base_dir.exists()
    assert not pg.running
    assert _port_is_free(port)
    pg.stop()  # idempotent


def test_start_failure_reports_log_and_cleans_up(monkeypatch: pytest.MonkeyPatch) -> None:
    require_pg_bin()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        taken = blocker.getsockname()[1]
        monkeypatch.setattr(pg_cluster, "_free_port", lambda: taken)
        pg = ThrowawayPostgis()
        with pytest.raises(RuntimeError, match="already in use"):
            pg.start()
    assert pg.base_dir is None and not pg.running
    pg.stop()


def test_explicit_bin_dir_without_server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CAMREG_PG_BIN", str(tmp_path))
    assert find_pg_bin() is None
    assert "initdb" in why_unavailable()


def test_missing_postgis_is_reported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bindir = tmp_path / "bin"
    bindir.mkdir()
    share = tmp_path / "share"
    (share / "extension").mkdir(parents=True)
    for name in ("initdb", "pg_ctl", "postgres"):
        (bindir / name).write_text("#!/bin/sh\nexit 1\n")
    (bindir / "pg_config").write_text(f"#!/bin/sh\necho {share}\n")
    for exe in bindir.iterdir():
        exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("CAMREG_PG_BIN", str(bindir))

    assert find_pg_bin() is None
    assert "PostGIS" in why_unavailable()

    (share / "extension" / "postgis.control").write_text("")
    assert find_pg_bin() == bindir
    assert why_unavailable() == ""
