"""Servers of the tile benchmark: camreg and tipg, each one uvicorn process on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
#: tipg's tile settings made equal to camreg's (extent 4096, buffer 64, clipped), and a
#: feature cap high enough that no tile of the benchmark is truncated.
TIPG_ENV = {
    "TIPG_TILE_RESOLUTION": "4096",
    "TIPG_TILE_BUFFER": "64",
    "TIPG_TILE_CLIP": "true",
    "TIPG_MAX_FEATURES_PER_TILE": "1000000",
    "TIPG_DB_SCHEMAS": '["public"]',
    "TIPG_DB_TABLES": '["public.camera"]',
    "TIPG_DB_MAX_CONN_SIZE": "4",
}


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def uvicorn_server(app: str, env: dict[str, str], probe: str, factory: bool) -> Iterator[str]:
    """One uvicorn worker serving ``app``; yields its base URL once ``probe`` answers 200."""
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--workers", "1", "--no-access-log", "--log-level", "warning"]
    if factory:
        cmd.append("--factory")
    proc = subprocess.Popen(cmd, cwd=REPO, env={**os.environ, **env})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(base + probe, timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"{app} did not start")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def camreg(url: str) -> Iterator[str]:
    """camreg on a database URL (SpatiaLite or PostGIS)."""
    env = {"CAMREG_DATABASE_URL": url}
    return uvicorn_server("bench.tiles_app:create", env, "/healthz", factory=True)


def tipg(conninfo_url: str) -> Iterator[str]:
    """tipg serving the same PostGIS ``camera`` table."""
    env = {**TIPG_ENV, "DATABASE_URL": conninfo_url}
    return uvicorn_server("tipg.main:app", env, "/collections", factory=False)


def tipg_tile_path(z: int, x: int, y: int, properties: str) -> str:
    """tipg's path for a tile of the ``camera`` table's point column."""
    return (
        f"/collections/public.camera/tiles/WebMercatorQuad/{z}/{x}/{y}"
        f"?geom-column=geom&properties={properties}"
    )
