"""Serve the benchmark app with N forked uvicorn workers, each with a listening socket of its own.

``uvicorn --workers N`` hands its socket to spawned workers; the rebuilt socket
loses its protocol number, asyncio then skips ``TCP_NODELAY`` and every
response waits ~40 ms for a delayed ACK on loopback (measured: 48 ms p50 for a
trivial route with ``--workers 2``, 1 ms with one worker).  Here each forked
worker binds its own TCP socket to the port with ``SO_REUSEPORT``: the kernel
spreads new connections evenly over the workers.  (One socket shared by the
forked workers keeps ``TCP_NODELAY`` too, but whichever worker wakes first
accepts: in a 20 s load test one worker took twice the other's share of the
kept-alive connections, and saturated while the other idled.)

    python -m bench.lookup_serve --port 8000 --workers 2   (CAMREG_* from the environment)
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sys

import uvicorn


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    children = []
    for _ in range(args.workers):
        pid = os.fork()
        if pid == 0:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind(("127.0.0.1", args.port))
            sock.listen(2048)
            config = uvicorn.Config(
                "bench.lookup_app:create",
                factory=True,
                access_log=False,
                log_level="warning",
                timeout_graceful_shutdown=2,
            )
            uvicorn.Server(config).run(sockets=[sock])
            sys.exit(0)
        children.append(pid)

    def stop(_sig: int, _frame: object) -> None:
        for pid in children:
            os.kill(pid, signal.SIGKILL)  # a benchmark server: nothing to drain

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for pid in children:
        os.waitpid(pid, 0)


if __name__ == "__main__":
    main()
