"""Back up and restore the registry with each engine's own tools.

SQLite/SpatiaLite: the SQLite online backup API (a consistent copy of a live
database, spatial metadata and R*Trees included).  PostgreSQL/PostGIS:
``pg_dump -Fc`` and ``pg_restore`` from the server's client tools.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from camera_registry.db import sqlite_module


class BackupError(RuntimeError):
    """A backup or restore could not be completed."""


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("only file databases can be backed up")
    return Path(url.database)


def _pg_tool(name: str) -> str:
    for candidate in (
        shutil.which(name),
        *sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True),
    ):
        if candidate:
            return str(candidate)
    raise BackupError(f"{name} not found: install the PostgreSQL client tools")


def _pg_env_and_dsn(url: URL) -> tuple[dict[str, str], list[str]]:
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    args = ["--host", url.host or "localhost", "--port", str(url.port or 5432)]
    if url.username:
        args += ["--username", url.username]
    return env, args


def _run(cmd: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(cmd[0]).name} failed: {done.stderr.strip()[-800:]}")


def backup(database_url: str, target: Path) -> None:
    """Write a backup of the database to ``target``."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        module = sqlite_module()
        source = module.connect(str(_sqlite_path(url)))
        dest = module.connect(str(target))
        try:
            source.backup(dest)
        finally:
            dest.close()
            source.close()
        return
    env, args = _pg_env_and_dsn(url)
    _run(
        [_pg_tool("pg_dump"), "-Fc", "--no-owner", *args, "--file", str(target), str(url.database)],
        env,
    )


def restore(database_url: str, source: Path) -> None:
    """Replace the database's contents with the backup in ``source``."""
    if not source.is_file():
        raise BackupError(f"no backup file at {source}")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        module = sqlite_module()
        src = module.connect(str(source))
        dest = module.connect(str(_sqlite_path(url)))
        try:
            src.backup(dest)
        finally:
            dest.close()
            src.close()
        return
    env, args = _pg_env_and_dsn(url)
    _run(
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *args,
            "--dbname",
            str(url.database),
            str(source),
        ],
        env,
    )
