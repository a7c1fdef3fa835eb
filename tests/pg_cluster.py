"""Start a throwaway PostgreSQL + PostGIS server for the test session.

Why this module exists
----------------------
camreg runs on SpatiaLite *and* PostGIS, so the test suite needs a real PostGIS
server. Relying on a long-lived, hand-configured server makes tests depend on
whatever state that server is in; instead each test session (or benchmark run)
creates its own cluster in a temporary directory, on a free port on 127.0.0.1,
with ``trust`` authentication and durability switched off (``fsync=off`` and
friends) because the data is thrown away anyway. Stopping the cluster removes
the directory, so nothing is left behind.

Where the binaries come from
----------------------------
Debian installs the server binaries in ``/usr/lib/postgresql/<major>/bin``,
which is not on ``PATH``. :func:`find_pg_bin` looks there (or where
``CAMREG_PG_BIN`` / ``pg_config --bindir`` says) and also checks that the
PostGIS extension is installed for that server version; when something is
missing, :func:`why_unavailable` explains what.

Running as root
---------------
CI runs as root, and ``initdb``/``pg_ctl``/``postgres`` refuse to run as root.
When ``os.geteuid() == 0`` every server-side command is therefore run as the
``postgres`` system user through ``runuser -u postgres -- ...``, inside a
directory under ``/tmp`` that is chowned to that user. Clients (psycopg, the
tests) keep running as root and talk to the server over TCP.

Usage::

    with ThrowawayPostgis() as pg:
        engine = sqlalchemy.create_engine(pg.url)
        other_url = pg.create_database("migrations")
        pg.restart()  # e.g. for fault-injection tests

``python -m tests.pg_cluster`` starts a cluster, prints its URL on the first
line of stdout and keeps it running until Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

__all__ = ["ThrowawayPostgis", "find_pg_bin", "why_unavailable"]

#: Superuser created by initdb; also the role in every URL this module hands out.
PG_USER = "camreg"
#: Database created at start (and the one :attr:`ThrowawayPostgis.url` points at).
DEFAULT_DB = "camreg"
#: Template database that has PostGIS installed; new databases are copied from it.
_TEMPLATE_DB = "camreg_template_postgis"
_SYSTEM_USER = "postgres"
_DEBIAN_LIB = Path("/usr/lib/postgresql")
_DEBIAN_SHARE = Path("/usr/share/postgresql")
_REQUIRED_BINARIES = ("initdb", "pg_ctl", "postgres")
_DB_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
_START_TIMEOUT_S = 60
_STOP_TIMEOUT_S = 30

_last_reason = ""


# --------------------------------------------------------------------------- discovery


def _run_text(cmd: Sequence[str]) -> str | None:
    """Run a short informational command; return its stripped stdout or None on any failure."""
    try:
        proc = subprocess.run(list(cmd), capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None
    return proc.stdout.strip() or None


def _version_key(name: str) -> tuple[int, ...] | None:
    """Sort key for a Debian version directory name such as ``15`` or ``9.6``; None if not one."""
    try:
        return tuple(int(part) for part in name.split("."))
    except ValueError:
        return None


def _missing_binaries(bindir: Path) -> list[str]:
    return [b for b in _REQUIRED_BINARIES if not os.access(bindir / b, os.X_OK)]


def _sharedir_for(bindir: Path, pg_config: Path | None = None) -> Path | None:
    """The ``sharedir`` of the installation whose binaries are in ``bindir``."""
    for candidate in (pg_config, bindir / "pg_config"):
        if candidate is not None and os.access(candidate, os.X_OK):
            out = _run_text([str(candidate), "--sharedir"])
            if out:
                return Path(out)
    # Debian layout: /usr/lib/postgresql/<ver>/bin -> /usr/share/postgresql/<ver>
    if bindir.name == "bin" and bindir.parent.parent == _DEBIAN_LIB:
        return _DEBIAN_SHARE / bindir.parent.name
    out = _run_text([str(bindir / "postgres"), "--version"])
    match = re.search(r"(\d+)(?:\.\d+)?", out or "")
    if match:
        return _DEBIAN_SHARE / match.group(1)
    return None


def _check_bindir(bindir: Path, pg_config: Path | None = None) -> str:
    """Return "" if ``bindir`` has the server binaries and PostGIS, else the reason it does not."""
    missing = _missing_binaries(bindir)
    if missing:
        return f"{bindir} lacks {', '.join(missing)}"
    sharedir = _sharedir_for(bindir, pg_config)
    if sharedir is None:
        return f"could not determine the share directory of the PostgreSQL in {bindir}"
    control = sharedir / "extension" / "postgis.control"
    if not control.is_file():
        return (
            f"PostGIS is not installed for the PostgreSQL in {bindir} (no {control}); "
            "on Debian install postgresql-<ver>-postgis-3"
        )
    return ""


def _probe() -> tuple[Path | None, str]:
    """Locate a usable bin directory; return it (or None) and the reason when None."""
    env = os.environ.get("CAMREG_PG_BIN")
    if env:
        bindir = Path(env)
        reason = _check_bindir(bindir)
        return (None, f"CAMREG_PG_BIN={env}: {reason}") if reason else (bindir, "")

    reasons: list[str] = []
    if _DEBIAN_LIB.is_dir():
        versions = [
            (key, child)
            for child in _DEBIAN_LIB.iterdir()
            if (key := _version_key(child.name)) is not None and (child / "bin").is_dir()
        ]
        # Newest version first; an older one is used only if the newer lacks PostGIS.
        for _key, child in sorted(versions, reverse=True):
            bindir = child / "bin"
            reason = _check_bindir(bindir)
            if not reason:
                return bindir, ""
            reasons.append(reason)

    pg_config = shutil.which("pg_config")
    if pg_config:
        out = _run_text([pg_config, "--bindir"])
        if out:
            bindir = Path(out)
            reason = _check_bindir(bindir, Path(pg_config))
            if not reason:
                return bindir, ""
            reasons.append(reason)
        else:
            reasons.append(f"{pg_config} --bindir failed")

    if not reasons:
        return None, (
            "no PostgreSQL server found: set CAMREG_PG_BIN, or install postgresql-15 and "
            "postgresql-15-postgis-3 (binaries in /usr/lib/postgresql/<ver>/bin)"
        )
    return None, "no usable PostgreSQL + PostGIS: " + "; ".join(reasons)


def find_pg_bin() -> Path | None:
    """Return the directory holding ``initdb``, ``pg_ctl`` and ``postgres``, or None.

    Looks at ``$CAMREG_PG_BIN`` (used exclusively when set), then the newest
    ``/usr/lib/postgresql/<ver>/bin``, then ``pg_config --bindir``. A directory only
    counts if the PostGIS extension (``<sharedir>/extension/postgis.control``) is
    installed for that server version. When None is returned,
    :func:`why_unavailable` says why.
    """
    global _last_reason
    bindir, _last_reason = _probe()
    return bindir


def why_unavailable() -> str:
    """Explain why :func:`find_pg_bin` finds nothing usable; "" when a server is available."""
    find_pg_bin()
    return _last_reason


def require_pg_bin() -> Path:
    """The server binaries for a test; without them it skips (fails under CI) saying why."""
    import pytest  # noqa: PLC0415 — the benchmarks import this module without pytest

    bindir = find_pg_bin()
    if bindir is None:
        reason = why_unavailable()
        if os.environ.get("CI"):
            pytest.fail(f"PostGIS is required in CI: {reason}")
        pytest.skip(f"PostGIS tests skipped: {reason}")
    return bindir


# --------------------------------------------------------------------------- helpers


def _free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _clean_env() -> dict[str, str]:
    """The current environment without PG* variables that could redirect the tools."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.setdefault("LC_ALL", "C")  # stable, untranslated messages in the log
    return env


def _tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError as exc:
        return f"(no server log: {exc})"
    return "\n".join(text.splitlines()[-lines:]) or "(server log is empty)"


# --------------------------------------------------------------------------- the cluster


class ThrowawayPostgis:
    """A temporary PostgreSQL + PostGIS cluster on 127.0.0.1, removed again by :meth:`stop`.

    Use it as a context manager, or call :meth:`start` / :meth:`stop` yourself;
    :meth:`stop` is idempotent and is also registered with :mod:`atexit` as a
    safety net. The superuser is ``camreg`` with ``trust`` authentication.
    """

    def __init__(self, bindir: Path | str | None = None) -> None:
        found = Path(bindir) if bindir is not None else find_pg_bin()
        if found is None:
            raise RuntimeError(f"cannot start PostgreSQL: {why_unavailable()}")
        self.bindir: Path = found
        self.port: int | None = None
        self.base_dir: Path | None = None
        self._as_root = os.geteuid() == 0
        self._running = False
        self._owner_pid: int | None = None
        self._atexit_registered = False

    # -- paths -------------------------------------------------------------------------

    @property
    def data_dir(self) -> Path:
        """The cluster's data directory (``<base_dir>/data``)."""
        return self._base() / "data"

    @property
    def log_path(self) -> Path:
        """The server log file (``<base_dir>/log``)."""
        return self._base() / "log"

    def _base(self) -> Path:
        if self.base_dir is None:
            raise RuntimeError("the cluster has not been started")
        return self.base_dir

    # -- URLs --------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """Whether the server process is up (as far as this object knows)."""
        return self._running

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the ``camreg`` database."""
        return self.url_for(DEFAULT_DB)

    def url_for(self, dbname: str) -> str:
        """SQLAlchemy URL (psycopg 3 driver) of database ``dbname`` on this cluster."""
        return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{self._port()}/{dbname}"

    def conninfo(self, dbname: str = DEFAULT_DB) -> str:
        """libpq connection string for :func:`psycopg.connect`."""
        return f"host=127.0.0.1 port={self._port()} user={PG_USER} dbname={dbname}"

    def _port(self) -> int:
        if self.port is None:
            raise RuntimeError("the cluster has not been started")
        return self.port

    # -- lifecycle ---------------------------------------------------------------------

    def __enter__(self) -> ThrowawayPostgis:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> ThrowawayPostgis:
        """Create the cluster, start the server and create database ``camreg`` with PostGIS.

        Raises RuntimeError (with the tail of the server log) if anything fails; in
        that case everything created so far has already been removed again.
        """
        if self.base_dir is not None:
            raise RuntimeError("this ThrowawayPostgis was already started")
        if self._as_root:
            self._check_root_prerequisites()
        if not self._atexit_registered:
            atexit.register(self._atexit_stop)
            self._atexit_registered = True
        self._owner_pid = os.getpid()
        try:
            self._make_base_dir()
            self._initdb()
            for attempt in range(3):
                self.port = _free_port()
                try:
                    self.start_server()
                    break
                except RuntimeError as exc:
                    # Another process may have taken the port between probing and binding.
                    if attempt == 2 or "already in use" not in str(exc):
                        raise
            self._create_databases()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop the server (fast mode) and delete the cluster directory. Safe to call twice."""
        if self._owner_pid is not None and self._owner_pid != os.getpid():
            return  # a forked child must not tear down its parent's cluster
        try:
            if self._running:
                self.stop_server()
        finally:
            self._running = False
            if self.base_dir is not None:
                shutil.rmtree(self.base_dir, ignore_errors=True)
                self.base_dir = None
            if self._atexit_registered:
                atexit.unregister(self._atexit_stop)
                self._atexit_registered = False

    def restart(self, mode: str = "fast") -> None:
        """Stop the server keeping its data, then start it again on the same port."""
        self.stop_server(mode)
        self.start_server()

    def start_server(self) -> None:
        """Start the server on :attr:`port` (the data directory must exist)."""
        port = self._port()
        opts = (
            f"-p {port} -k {shlex.quote(str(self._base()))} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        log_size = self.log_path.stat().st_size if self.log_path.exists() else 0
        proc = self._run_pg(
            [
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data_dir),
                "-o",
                opts,
                "-l",
                str(self.log_path),
                "-w",
                "-t",
                str(_START_TIMEOUT_S),
                "start",
            ],
            timeout=_START_TIMEOUT_S + 30,
        )
        if proc.returncode != 0:
            self._kill_leftover_postmaster()
            new_log = ""
            with contextlib.suppress(OSError):
                with self.log_path.open(errors="replace") as fh:
                    fh.seek(log_size)
                    new_log = fh.read()
            tail = "\n".join(new_log.splitlines()[-40:]) or _tail(self.log_path)
            raise RuntimeError(
                f"PostgreSQL failed to start on port {port} (pg_ctl exit {proc.returncode}).\n"
                f"pg_ctl output:\n{proc.stdout}{proc.stderr}\n"
                f"server log ({self.log_path}):\n{tail}"
            )
        self._running = True

    def stop_server(self, mode: str = "fast") -> None:
        """Stop the server (``pg_ctl stop -m <mode>``) but keep the data directory."""
        if mode not in ("smart", "fast", "immediate"):
            raise ValueError(f"unknown shutdown mode {mode!r}")
        if self.base_dir is None:
            self._running = False
            return
        proc = self._pg_ctl_stop(mode)
        if proc.returncode != 0 and mode != "immediate":
            proc = self._pg_ctl_stop("immediate")
        if proc.returncode != 0:
            self._kill_leftover_postmaster()
        self._running = False

    def create_database(self, name: str, *, postgis: bool = True) -> str:
        """Create database ``name`` (with PostGIS unless ``postgis=False``); return its URL."""
        if not _DB_NAME_RE.match(name):
            raise ValueError(f"invalid database name {name!r} (use letters, digits, _)")
        template = _TEMPLATE_DB if postgis else "template1"
        self._execute("postgres", f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url_for(name)

    def drop_database(self, name: str) -> None:
        """Drop database ``name`` (terminating its connections); no error if it is absent."""
        if not _DB_NAME_RE.match(name):
            raise ValueError(f"invalid database name {name!r} (use letters, digits, _)")
        self._execute("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    # -- internals ---------------------------------------------------------------------

    def _atexit_stop(self) -> None:
        with contextlib.suppress(Exception):
            self.stop()

    def _check_root_prerequisites(self) -> None:
        try:
            pwd.getpwnam(_SYSTEM_USER)
        except KeyError:
            raise RuntimeError(
                f"running as root, but there is no {_SYSTEM_USER!r} system user to run "
                "PostgreSQL as (initdb and postgres refuse to run as root)"
            ) from None
        if shutil.which("runuser") is None:
            raise RuntimeError("running as root, but `runuser` (util-linux) is not available")

    def _make_base_dir(self) -> None:
        # Under /tmp: world-traversable, and short enough for the Unix socket path limit.
        parent = "/tmp" if os.path.isdir("/tmp") else None
        base = Path(tempfile.mkdtemp(prefix="camreg-pg-", dir=parent))
        self.base_dir = base
        if self._as_root:
            user = pwd.getpwnam(_SYSTEM_USER)
            os.chown(base, user.pw_uid, user.pw_gid)
            base.chmod(0o755)

    def _run_pg(self, cmd: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
        """Run a server-side command, as the ``postgres`` user when we are root."""
        if self._as_root:
            cmd = ["runuser", "-u", _SYSTEM_USER, "--", *cmd]
        try:
            return subprocess.run(
                cmd,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
                cwd=self._base(),
                env=_clean_env(),
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired as exc:
            return subprocess.CompletedProcess(
                cmd, 124, str(exc.stdout or ""), f"timed out after {timeout}s"
            )

    def _initdb(self) -> None:
        errors: list[str] = []
        for locale in ("C.UTF-8", "C"):
            proc = self._run_pg(
                [
                    str(self.bindir / "initdb"),
                    "-D",
                    str(self.data_dir),
                    "-U",
                    PG_USER,
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    f"--locale={locale}",
                    "--no-sync",
                ],
                timeout=120,
            )
            if proc.returncode == 0:
                return
            errors.append(f"--locale={locale}: exit {proc.returncode}\n{proc.stdout}{proc.stderr}")
            shutil.rmtree(self.data_dir, ignore_errors=True)
        raise RuntimeError("initdb failed:\n" + "\n".join(errors))

    def _pg_ctl_stop(self, mode: str) -> subprocess.CompletedProcess[str]:
        return self._run_pg(
            [
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data_dir),
                "-m",
                mode,
                "-w",
                "-t",
                str(_STOP_TIMEOUT_S),
                "stop",
            ],
            timeout=_STOP_TIMEOUT_S + 30,
        )

    def _kill_leftover_postmaster(self) -> None:
        """Last resort: SIGKILL the postmaster named in postmaster.pid, if any."""
        if self.base_dir is None:
            return
        try:
            pid = int((self.data_dir / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except OSError:
                return
            time.sleep(0.05)

    def _execute(self, dbname: str, *statements: str) -> None:
        import psycopg  # imported lazily: only needed once a server runs

        try:
            with psycopg.connect(self.conninfo(dbname), autocommit=True, connect_timeout=10) as c:
                for stmt in statements:
                    c.execute(stmt.encode())
        except psycopg.Error as exc:
            raise RuntimeError(
                f"SQL on {dbname!r} failed: {exc}\nserver log ({self.log_path}):\n"
                f"{_tail(self.log_path, 20)}"
            ) from exc

    def _create_databases(self) -> None:
        # PostGIS goes into a template once; copying it is much faster than
        # CREATE EXTENSION in every database create_database() makes.
        self._execute("postgres", f'CREATE DATABASE "{_TEMPLATE_DB}" TEMPLATE template1')
        self._execute(_TEMPLATE_DB, "CREATE EXTENSION postgis")
        self._execute("postgres", f'ALTER DATABASE "{_TEMPLATE_DB}" WITH IS_TEMPLATE true')
        self.create_database(DEFAULT_DB)


# --------------------------------------------------------------------------- __main__


def main() -> int:
    """Start a cluster, print its URL and keep it running until Ctrl-C or SIGTERM."""
    bindir = find_pg_bin()
    if bindir is None:
        print(f"cannot start PostgreSQL: {why_unavailable()}", file=sys.stderr)
        return 2

    def _terminate(signum: int, _frame: object) -> None:
        # Ignore further signals so that a second one cannot interrupt the cleanup.
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)
        raise KeyboardInterrupt(signal.Signals(signum).name)

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _terminate)
    t0 = time.monotonic()
    try:
        with ThrowawayPostgis(bindir) as pg:
            print(pg.url, flush=True)
            print(
                f"PostgreSQL + PostGIS ready in {time.monotonic() - t0:.1f}s "
                f"(data in {pg.base_dir}, psql: {bindir / 'psql'} '{pg.conninfo()}'); "
                "Ctrl-C or SIGTERM stops it",
                file=sys.stderr,
                flush=True,
            )
            while True:
                signal.pause()
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
