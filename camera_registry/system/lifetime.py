"""Processes of ``camreg serve --workers N`` that must not outlive the server that forked them.

If the server process is killed outright (SIGKILL, the OOM killer), nothing of
it runs to stop its workers and its counting process: left alone they would
keep the port, answer with the old code and settings beside a new server on
the same port (``SO_REUSEPORT``), and hold the database.  Linux sends a child
a signal of its choosing when its parent ends (``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager

_PR_SET_PDEATHSIG = 1

#: What stops the server (and, sent to a worker, that worker).
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


@contextmanager
def stop_signals_blocked() -> Iterator[None]:
    """Hold the stop signals back, around a fork.

    The child inherits the block and lifts it once its own handlers are set, so
    a signal sent meanwhile is neither lost nor taken by the parent's handler in
    the child; the parent gets its own when the block ends.
    """
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def end_with_parent(signum: int) -> None:
    """Have this process (forked by :mod:`multiprocessing`) get ``signum`` when its parent ends.

    Linux only; elsewhere nothing is arranged.
    """
    if sys.platform != "linux":
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"prctl(PR_SET_PDEATHSIG): {os.strerror(errno)}")
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:  # it ended before the request
        os.kill(os.getpid(), signum)
