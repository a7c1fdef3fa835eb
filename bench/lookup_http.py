"""HTTP side of the lookup benchmark: a uvicorn server, sequential latency, a load test."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import httpx

REPO = Path(__file__).resolve().parents[1]
AT = "2025-09-01T10:00+07:00"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


TICK = os.sysconf("SC_CLK_TCK")


def _listeners(port: int) -> int:
    """Sockets listening on ``port`` (IPv4): one per worker once all have started."""
    rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
    # columns: sl local_address rem_address st ...; LISTEN is state 0A
    return sum(
        1 for row in rows if row.split()[1].endswith(f":{port:04X}") and row.split()[3] == "0A"
    )


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        out += [int(c) for c in task.read_text().split()]
    return out


def _cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def server_cpu(pid: int, database: str | None) -> float:
    """CPU seconds used so far by the server's processes (and its PostgreSQL backends)."""
    pids = [pid, *_children(pid)]
    if database:
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                cmd = (proc / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if cmd.startswith("postgres:") and f" {database} " in cmd:
                pids.append(int(proc.name))
    return sum(_cpu(p) for p in pids)


@contextmanager
def server(url: str, workers: int) -> Iterator[tuple[str, int]]:
    """``camreg serve --workers N`` on 127.0.0.1 serving ``url``; yields the base URL and pid.

    Rate limits are lifted (one benchmark key sends far more than a user's
    share); the server's own log goes to ``var/bench/lookup-server.log``.
    """
    port = _free_port()
    env = {
        **os.environ,
        "CAMREG_DATABASE_URL": url,
        "CAMREG_RATE_LOOKUPS_PER_MINUTE": "1000000000",
        "CAMREG_RATE_HOLDER_READS_PER_MINUTE": "1000000000",
    }
    camreg = Path(sys.executable).with_name("camreg")
    cmd = [str(camreg), "serve", "--port", str(port), "--workers", str(workers)]
    (REPO / "var" / "bench").mkdir(parents=True, exist_ok=True)
    log = (REPO / "var" / "bench" / "lookup-server.log").open("ab")
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                ready = httpx.get(f"{base}/healthz", timeout=2).status_code == 200
                # every worker listens (a connection made before its app is up waits in its backlog)
                if ready and _listeners(port) >= workers:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("the benchmark server did not start")
            time.sleep(0.3)
        yield base, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            for child in _children(proc.pid):
                os.kill(child, signal.SIGKILL)
            proc.kill()
            proc.wait()
        log.close()


def sequential(
    base: str,
    key: str,
    points: list[tuple[float, float]],
    path: str = "/lookup",
    at: str | None = None,
) -> list[float]:
    """Latency (s) of one request after another over a kept-alive connection."""
    times = []
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
        for lon, lat in points:
            params: dict[str, object] | None = None
            if path == "/lookup":
                params = {"lat": lat, "lon": lon, **({"at": at} if at else {})}
            started = time.perf_counter()
            response = client.get(path, params=params)
            times.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: {response.status_code} {response.text[:200]}")
    return times


class _Connections:
    """Kept-alive HTTP/1.1 connections to the server, made as needed (at most ``limit``).

    A deliberately small client (asyncio streams, ``Content-Length`` bodies):
    the load generator shares the 2 cores with the server under test, so the
    less CPU it spends per request, the more is left to measure the server.
    """

    def __init__(self, base: str, key: str, limit: int = 256) -> None:
        host, port = base.removeprefix("http://").split(":")
        self.host, self.port, self.key = host, int(port), key
        # taken in turn (oldest idle first), so that every connection, and with them every
        # worker (the kernel spreads connections over the workers), gets its share of requests
        self.idle: deque[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = deque()
        self.slots = asyncio.Semaphore(limit)

    async def get(self, target: str) -> int:
        """Send one GET; return the status code after reading the whole body.

        Like any HTTP client, a GET on a kept-alive connection that the server
        closed meanwhile (uvicorn drops idle ones after 5 s) is sent again once
        on a new connection.
        """
        async with self.slots:
            if self.idle:
                try:
                    return await self._exchange(*self.idle.popleft(), target)
                except (ConnectionError, asyncio.IncompleteReadError) as error:
                    if isinstance(error, asyncio.IncompleteReadError) and error.partial:
                        raise
            return await self._exchange(
                *await asyncio.open_connection(self.host, self.port), target
            )

    async def _exchange(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, target: str
    ) -> int:
        request = (
            f"GET {target} HTTP/1.1\r\nHost: {self.host}\r\n"
            f"Authorization: Bearer {self.key}\r\n\r\n"
        )
        writer.write(request.encode())
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError:
            writer.close()
            raise
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        await reader.readexactly(length)
        self.idle.append((reader, writer))
        return status

    def close(self) -> None:
        for _, writer in self.idle:
            writer.close()


async def _load(
    base: str, key: str, points: list[tuple[float, float]], rate: float, seconds: float
) -> dict[str, float]:
    client = _Connections(base, key)
    latencies: list[float] = []
    errors = 0
    kinds: dict[str, int] = {}  # what went wrong: a status code or an exception
    in_flight = peak = 0
    query = urlencode({"at": AT})

    async def one(i: int, due: float) -> None:
        nonlocal errors, in_flight, peak
        lon, lat = points[i % len(points)]
        in_flight += 1
        peak = max(peak, in_flight)
        try:
            target = f"/lookup?lat={lat!r}&lon={lon!r}&{query}"
            status = await asyncio.wait_for(client.get(target), timeout=10)
            if status != 200:
                errors += 1
                kinds[str(status)] = kinds.get(str(status), 0) + 1
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as error:
            errors += 1
            kinds[type(error).__name__] = kinds.get(type(error).__name__, 0) + 1
        finally:
            in_flight -= 1
        latencies.append(time.perf_counter() - due)  # from the scheduled start

    start = time.perf_counter()
    total = int(rate * seconds)
    tasks = []
    for i in range(total):
        if in_flight > 2 * rate:  # hopelessly behind: stop rather than pile up for minutes
            break
        due = start + i / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        tasks.append(asyncio.create_task(one(i, due)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    client.close()
    errors += total - len(tasks)  # never sent: counted as failures
    latencies.sort()
    return {
        "requests": total,
        "errors": errors,
        "seconds": elapsed,
        "achieved_per_s": (total - errors) / elapsed,
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000,
        "peak_in_flight": peak,
        "error_kinds": kinds,
    }


def load_test(
    base: str, key: str, points: list[tuple[float, float]], rate: float, seconds: float
) -> dict[str, float]:
    """An open-loop load test: ``rate`` lookups a second for ``seconds``."""
    return asyncio.run(_load(base, key, points, rate, seconds))
