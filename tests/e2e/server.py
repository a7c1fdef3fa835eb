"""A real camreg server for the browser tests: uvicorn on 127.0.0.1 and a free port, in a thread.

Its database is a copy of the session's demo database (the test session loads
the demo once): SpatiaLite through SQLite's backup API, PostGIS by ``CREATE
DATABASE … TEMPLATE``.  What the browser does (sign-ins, audit rows) lands in
the copy, never in the database the other tests roll back.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import psycopg
import uvicorn
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from camera_registry.db import sqlite_module
from camera_registry.main import create_app
from camera_registry.settings import Settings
from tests.pg_cluster import ThrowawayPostgis


def free_port() -> int:
    """A TCP port nobody listens on right now, on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def copy_spatialite(url: str, target: Path) -> str:
    """A consistent copy of a SpatiaLite file database; returns the copy's URL."""
    source_path = make_url(url).database
    sqlite = sqlite_module()
    source, copy = sqlite.connect(source_path), sqlite.connect(str(target))
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    return f"sqlite:///{target}"


def copy_postgis(cluster: ThrowawayPostgis, url: str, engine: Engine, name: str) -> str:
    """A copy of a PostGIS database made from it as a template; returns the copy's URL."""
    source = make_url(url).database
    engine.dispose()  # a template must have no other session
    with psycopg.connect(cluster.conninfo("postgres"), autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (source,),
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"'.encode())
    return cluster.url_for(name)


class LiveServer:
    """``create_app`` served by uvicorn in a background thread."""

    def __init__(self, database_url: str) -> None:
        self.port = free_port()
        self.settings = Settings(
            database_url=database_url, host="127.0.0.1", port=self.port, demo_login=True
        )
        config = uvicorn.Config(
            create_app(self.settings),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            access_log=False,
            lifespan="on",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="camreg-e2e", daemon=True)

    @property
    def url(self) -> str:
        """The server's base URL."""
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the demo server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.server.config.app.state.engine.dispose()
