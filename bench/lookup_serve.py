"""Serve the benchmark app with N forked uvicorn workers sharing one listening socket.

``uvicorn --workers N`` hands its socket to spawned workers; the rebuilt socket
loses its protocol number, asyncio then skips ``TCP_NODELAY`` and every
response waits ~40 ms for a delayed ACK on loopback (measured: 48 ms p50 for a
trivial route with ``--workers 2``, 1 ms with one worker).  Forking after
binding keeps the socket intact.

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
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    sock.listen(2048)
    children = []
    for _ in range(args.workers):
        pid = os.fork()
        if pid == 0:
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
