"""``camreg serve --workers 2``, as an operator runs it, on both engines.

The server is the real command in a subprocess on a free loopback port.  What
an operator relies on: every worker answers on the one port, a user's rate
limit holds whichever worker answers (the counters are shared), a worker that
dies is replaced, SIGTERM stops every process, a second server cannot take a
share of the port, and nothing of the server lives on once it is killed or has
lost its counters.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from camera_registry.db import make_engine, make_sessionmaker
from camera_registry.system.workers import MIN_LIFETIME_S
from tests.e2e.server import free_port
from tests.factories import MigratedDb, make_user_key

LOOKUPS_PER_MINUTE = 3
CAMREG = Path(sys.executable).with_name("camreg")


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    base: str
    port: int
    key: str
    log: Path
    ready_at: float = 0.0  # when both workers were listening (they started before)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def _children(pid: int) -> set[int]:
    return {
        int(child)
        for task in Path(f"/proc/{pid}/task").glob("*/children")
        for child in task.read_text().split()
    }


def _tcp_rows() -> list[list[str]]:
    return [row.split() for row in Path("/proc/net/tcp").read_text().splitlines()[1:]]


def _listening_inodes(port: int) -> set[str]:
    """Inodes of the sockets listening on ``port`` (state 0A = LISTEN)."""
    return {r[9] for r in _tcp_rows() if r[1].endswith(f":{port:04X}") and r[3] == "0A"}


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def _holder_of(server_port: int, client_port: int, workers: set[int]) -> int | None:
    """The worker process that holds the server side of a loopback connection."""
    suffix = f":{client_port:04X}"
    inodes = {
        r[9] for r in _tcp_rows() if r[1].endswith(f":{server_port:04X}") and r[2].endswith(suffix)
    }
    for pid in workers:
        if inodes & _socket_inodes(pid):
            return pid
    return None


def _workers(served: Served) -> set[int]:
    """The parent's children that listen on the port (not the rate-counting process)."""
    listening = _listening_inodes(served.port)
    return {pid for pid in _children(served.process.pid) if _socket_inodes(pid) & listening}


def _wait_for(
    condition: Callable[[], bool], what: str, timeout: float = 60, every: float = 0.2
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(every)


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, ended but not yet reaped by its new parent, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _gone(pids: set[int]) -> bool:
    return not any(_alive(pid) for pid in pids)


@contextmanager
def _serving(url: str, log: Path) -> Iterator[Served]:
    """``camreg serve --workers 2`` on ``url`` (one investigator's key made), killed after."""
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        key = make_user_key(session, "investigator")
    engine.dispose()
    port = free_port()
    env = {
        **os.environ,
        "CAMREG_DATABASE_URL": url,
        "CAMREG_RATE_LOOKUPS_PER_MINUTE": str(LOOKUPS_PER_MINUTE),
    }
    command = [str(CAMREG), "serve", "--workers", "2", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    served = Served(process, f"http://127.0.0.1:{port}", port, key, log)
    everything: set[int] = set()
    try:
        _wait_for(lambda: len(_workers(served)) == 2 and _healthy(served.base), "two workers")
        served.ready_at = time.monotonic()
        everything = _children(process.pid)
        yield served
    finally:
        if process.poll() is None:
            everything |= _children(process.pid)
            process.kill()
            process.wait()
        for pid in everything:
            with suppress(ProcessLookupError):  # it may end on its own meanwhile
                os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def migrated_url(migrated_db: MigratedDb) -> str:
    return migrated_db("camreg_workers")


@pytest.fixture(scope="module")
def served(migrated_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One server for the tests that leave it running."""
    with _serving(migrated_url, tmp_path_factory.mktemp("serve") / "serve.log") as served:
        yield served


@pytest.fixture
def own_server(migrated_url: str, tmp_path: Path) -> Iterator[Served]:
    """A server of the test's own, for a test that stops or breaks it."""
    with _serving(migrated_url, tmp_path / "serve.log") as served:
        yield served


def test_a_users_rate_limit_holds_whichever_worker_answers(served: Served):
    workers = _workers(served)
    connections: list[http.client.HTTPConnection] = []
    holders: set[int | None] = set()
    answers: list[tuple[int, str, str | None]] = []
    try:
        # A new connection per lookup, until both workers have held some (the kernel picks).
        while len(connections) < 12 or holders != workers:
            assert len(connections) < 64, f"every connection went to one worker: {holders}"
            connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
            connections.append(connection)
            connection.request(
                "GET",
                "/lookup?lat=20.2&lon=105.47",
                headers={"Authorization": f"Bearer {served.key}"},
            )
            answer = connection.getresponse()
            answer.read()
            answers.append(
                (
                    answer.status,
                    answer.getheader("content-type", ""),
                    answer.getheader("retry-after"),
                )
            )
            client_port = connection.sock.getsockname()[1]
            holders.add(_holder_of(served.port, client_port, workers))
    finally:
        for connection in connections:
            connection.close()
    statuses = [status for status, _, _ in answers]
    assert statuses.count(200) == LOOKUPS_PER_MINUTE, statuses
    refused = [(kind, wait) for status, kind, wait in answers if status != 200]
    assert len(refused) == len(answers) - LOOKUPS_PER_MINUTE
    for kind, wait in refused:  # 429 problem details, from either worker
        assert kind.startswith("application/problem+json") and wait is not None and int(wait) >= 1
    assert all(status in (200, 429) for status in statuses), statuses


def test_a_worker_that_dies_is_replaced(served: Served):
    before = _workers(served)
    # a worker dying younger than MIN_LIFETIME_S is taken for a start-up failure (no restart)
    time.sleep(max(0.0, served.ready_at + MIN_LIFETIME_S + 1 - time.monotonic()))
    victim = min(before)
    os.kill(victim, signal.SIGKILL)

    def replaced() -> bool:
        now = _workers(served)  # one reading of /proc per check
        return len(now) == 2 and victim not in now

    _wait_for(replaced, "a new worker")
    assert _healthy(served.base)
    assert served.process.poll() is None


def _serve_until_it_stops(url: str, port: int) -> subprocess.CompletedProcess[str]:
    """``camreg serve --workers 2`` on ``port``, expected to stop by itself."""
    command = [str(CAMREG), "serve", "--workers", "2", "--port", str(port)]
    env = {**os.environ, "CAMREG_DATABASE_URL": url}
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def test_a_second_server_on_the_port_in_use_stops_with_an_error(served: Served, migrated_url: str):
    ended = _serve_until_it_stops(migrated_url, served.port)
    assert ended.returncode == 1
    assert "Address already in use" in ended.stderr + ended.stdout
    assert len(_workers(served)) == 2  # the first server's workers alone hold the port
    assert _healthy(served.base)


def test_sigterm_stops_every_process(own_server: Served):
    processes = _children(own_server.process.pid)  # the workers and the rate-counting process
    assert len(processes) == 3
    own_server.process.send_signal(signal.SIGTERM)
    assert own_server.process.wait(timeout=60) == 0, own_server.output()
    assert _gone(processes)
    assert not _listening_inodes(own_server.port)


def test_sigterm_while_a_replacement_worker_starts_stops_it_too(own_server: Served):
    time.sleep(max(0.0, own_server.ready_at + MIN_LIFETIME_S + 1 - time.monotonic()))
    before = _children(own_server.process.pid)
    victim = min(_workers(own_server))
    os.kill(victim, signal.SIGKILL)
    # SIGTERM the server within milliseconds of the new worker's fork, long before it has
    # built its app and uvicorn has installed its own signal handlers
    _wait_for(lambda: bool(_children(own_server.process.pid) - before), "a new worker", 30, 0.005)
    everything = before | _children(own_server.process.pid)
    own_server.process.send_signal(signal.SIGTERM)
    assert own_server.process.wait(timeout=45) == 0, own_server.output()
    assert _gone(everything)


def test_a_killed_server_leaves_no_process_and_frees_the_port(own_server: Served):
    processes = _children(own_server.process.pid)
    own_server.process.kill()  # SIGKILL: the server runs nothing of its own
    own_server.process.wait()
    _wait_for(lambda: _gone(processes), "the workers and counting process to end", 45)
    assert not _listening_inodes(own_server.port)


def test_a_server_that_loses_its_counting_process_stops_with_an_error(own_server: Served):
    counting = _children(own_server.process.pid) - _workers(own_server)
    assert len(counting) == 1
    everything = _children(own_server.process.pid)
    os.kill(counting.pop(), signal.SIGKILL)
    assert own_server.process.wait(timeout=60) == 1, own_server.output()
    assert "rate-counting process ended" in own_server.output()
    assert _gone(everything)
    assert not _listening_inodes(own_server.port)


def test_a_port_another_program_holds_stops_the_server_with_an_error(migrated_url: str):
    with socket.socket() as taken:  # another program holds the port (no SO_REUSEPORT)
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        ended = _serve_until_it_stops(migrated_url, taken.getsockname()[1])
    assert ended.returncode == 1
    assert "Address already in use" in ended.stderr + ended.stdout


def test_workers_that_cannot_start_stop_the_server_with_an_error(migrated_url: str):
    # a worker whose app refuses to be built (demo sign-in on a public address) dies young
    script = (
        "import logging, sys\n"
        "from camera_registry.settings import Settings\n"
        "from camera_registry.system.workers import serve_workers\n"
        "logging.basicConfig()\n"
        f"settings = Settings(database_url={migrated_url!r}, host='0.0.0.0', port={free_port()},"
        " demo_login=True)\n"
        "sys.exit(serve_workers(settings, 2))\n"
    )
    ended = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert ended.returncode == 1, ended.stderr
    assert "demo login is allowed only on a loopback bind" in ended.stderr
    assert "not restarting" in ended.stderr
