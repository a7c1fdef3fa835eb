"""Group commit of lookup audit rows: no answer without its committed row, none lost."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from camera_registry.audit import service as audit
from camera_registry.audit.models import AuditEvent
from camera_registry.audit.writer import AuditWriter
from camera_registry.db import WRITER, make_engine, make_sessionmaker
from camera_registry.errors import ServiceUnavailable
from camera_registry.lookup import routes
from camera_registry.main import create_app
from camera_registry.settings import Settings
from tests.factories import MigratedDb, make_user_key

LON, LAT = 105.346023, 20.20542
WAIT_S = 30.0


@pytest.fixture
def url(migrated_db: MigratedDb) -> str:
    return migrated_db("audit_writer")


@pytest.fixture
def engine(url: str) -> Iterator[Engine]:
    found = make_engine(url)
    yield found
    found.dispose()


def _refuse_rows(engine: Engine, column: str, value: str) -> None:
    """A real trigger that makes the database refuse some audit rows."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql(
                f"CREATE TRIGGER refuse_rows BEFORE INSERT ON audit_event "
                f"WHEN NEW.{column} = '{value}' BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        else:
            conn.exec_driver_sql(
                "CREATE FUNCTION refuse_rows() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"IF NEW.{column} = '{value}' THEN RAISE EXCEPTION 'refused'; END IF; "
                "RETURN NEW; END $$"
            )
            conn.exec_driver_sql(
                "CREATE TRIGGER refuse_rows BEFORE INSERT ON audit_event "
                "FOR EACH ROW EXECUTE FUNCTION refuse_rows()"
            )


def _hold_write_lock(engine: Engine, release: threading.Event, held: threading.Event) -> None:
    """Hold what an audit append waits for (SQLite's write lock, the chain's advisory lock)."""
    with engine.connect().execution_options(**{WRITER: True}) as conn, conn.begin() as txn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({audit._LOCK_KEY})")
        else:  # the transaction began with BEGIN IMMEDIATE: the write lock is held
            assert conn.in_transaction()
        held.set()
        release.wait(WAIT_S)
        txn.rollback()


def _until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_rows_queued_together_are_each_committed_before_their_call_returns(
    engine: Engine, engine_name: str
):
    _refuse_rows(engine, "object_id", "bad")
    writer = AuditWriter(make_sessionmaker(engine))
    release, held = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(engine, release, held))
    holder.start()
    assert held.wait(WAIT_S)
    names = ["first", *(f"row-{i}" for i in range(10)), "bad", "last"]
    outcome: dict[str, str] = {}

    def append(name: str) -> None:
        try:
            writer.append(action="lookup.point", actor="tester", object_id=name)
        except ServiceUnavailable:
            outcome[name] = "refused"
            return
        with Session(engine) as check:  # committed by the time the call returns
            found = check.scalar(select(AuditEvent.id).where(AuditEvent.object_id == name))
        outcome[name] = "committed" if found is not None else "missing"

    first = threading.Thread(target=append, args=("first",))
    first.start()
    _until(
        lambda: writer._running and not writer._queue
    )  # the writer has taken "first" and waits for the lock
    others = [threading.Thread(target=append, args=(n,)) for n in names[1:]]
    for thread in others:
        thread.start()
    _until(lambda: len(writer._queue) == len(others))  # the rest queue behind it: one batch
    assert "first" not in outcome  # still waiting for the lock
    release.set()
    for thread in [holder, first, *others]:
        thread.join(WAIT_S)

    assert outcome == {n: "refused" if n == "bad" else "committed" for n in names}
    with Session(engine) as check:
        assert audit.count(check) == len(names) - 1
        assert audit.first_broken(check) is None


def _ask_once(
    url: str, engine: Engine, params: dict[str, Any], action: str, refused: bool
) -> tuple[Any, list[AuditEvent]]:
    """One lookup through the app's own sessions, its ``action`` rows refused if ``refused``.

    Checks that the chain holds and grew by the one row (none if refused);
    returns the response and the rows of ``action``.
    """
    with Session(engine) as session:
        key = make_user_key(session, "investigator")
        before = audit.count(session)
    if refused:
        _refuse_rows(engine, "action", action)
    app = create_app(Settings(database_url=url), engine=engine)  # the app's own sessions
    with TestClient(app) as client:
        answer = client.get("/lookup", params=params, headers={"Authorization": f"Bearer {key}"})
    with Session(engine) as check:
        rows = list(check.scalars(select(AuditEvent).where(AuditEvent.action == action)))
        assert audit.first_broken(check) is None
        assert audit.count(check) == before + (0 if refused else 1)
    return answer, rows


@pytest.mark.parametrize("refused", [False, True], ids=["audited", "audit-refused"])
def test_a_lookup_is_answered_only_once_its_audit_row_is_committed(
    url: str, engine: Engine, engine_name: str, refused: bool
):
    answer, rows = _ask_once(url, engine, {"lon": LON, "lat": LAT}, "lookup.point", refused)
    if refused:
        assert answer.status_code == 503
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert "features" not in answer.json()
        assert rows == []
    else:
        assert answer.status_code == 200
        assert answer.json()["features"] == []
        assert [r.object_id for r in rows] == [f"{LAT:.7f},{LON:.7f}"]
        assert rows[0].actor.startswith("test-investigator-")
        # written by the writer thread, yet with the request's own id and address
        assert rows[0].request_id == answer.headers["X-Request-ID"]
        assert rows[0].source_addr == "testclient"


def _ask_three_behind_the_lock(
    app: Any, key: str, release: threading.Event, answers: dict[int, int]
) -> None:
    """Three lookups while the writer waits for the held lock with another row."""
    with TestClient(app) as client:
        writer: AuditWriter = app.state.audit_writer
        blocker = threading.Thread(
            target=writer.append, kwargs={"action": "lookup.point", "object_id": "blocker"}
        )

        def ask(i: int) -> None:
            params = {"lon": LON + i / 1000, "lat": LAT}
            got = client.get("/lookup", params=params, headers={"Authorization": f"Bearer {key}"})
            answers[i] = got.status_code

        asking = [threading.Thread(target=ask, args=(i,)) for i in range(3)]
        try:
            blocker.start()
            _until(
                lambda: writer._running and not writer._queue
            )  # the writer has taken it and waits for the lock
            for thread in asking:
                thread.start()
            _until(lambda: len(writer._queue) == 3)  # all three looked up with the one thread
            assert answers == {}  # and none answered yet
        finally:  # also on failure: the requests must end before the client closes
            release.set()
            for thread in [blocker, *asking]:
                if thread.is_alive():
                    thread.join(WAIT_S)


def test_lookups_waiting_for_their_audit_rows_hold_no_lookup_thread(
    url: str, engine: Engine, engine_name: str
):
    # One lookup thread; the writer is stuck behind a held lock with another row.
    # Every lookup still gets looked up and queues its row, and none is answered
    # before the rows are committed.
    with Session(engine) as session:
        key = make_user_key(session, "investigator")
        before = audit.count(session)
    app = create_app(Settings(database_url=url, lookup_threads=1), engine=engine)
    release, held = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(engine, release, held))
    holder.start()
    assert held.wait(WAIT_S)
    answers: dict[int, int] = {}
    _ask_three_behind_the_lock(app, key, release, answers)
    holder.join(WAIT_S)
    assert answers == {0: 200, 1: 200, 2: 200}
    with Session(engine) as check:
        assert audit.count(check) == before + 4
        assert audit.first_broken(check) is None


@pytest.mark.parametrize("refused", [False, True], ids=["audited", "audit-refused"])
def test_an_unresolvable_address_gets_its_422_only_once_the_refusal_is_audited(
    url: str, engine: Engine, engine_name: str, refused: bool
):
    asked = {"address": "Thôn Không Có, xã Không Tồn Tại"}
    answer, rows = _ask_once(url, engine, asked, "lookup.address", refused)
    assert answer.headers["content-type"].startswith("application/problem+json")
    if refused:
        assert answer.status_code == 503
        assert rows == []
    else:
        assert answer.status_code == 422
        assert [(r.outcome, r.object_id) for r in rows] == [
            ("rejected", "Thôn Không Có, xã Không Tồn Tại")
        ]


def test_a_failure_hidden_by_the_audits_503_is_still_logged(
    url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    # The lookup has queued its audit row, then fails unexpectedly; the row is refused too.
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the presenter broke")

    monkeypatch.setattr(routes, "answer_json", broken)
    with caplog.at_level(logging.ERROR, logger="camera_registry.errors"):
        answer, rows = _ask_once(url, engine, {"lon": LON, "lat": LAT}, "lookup.point", True)
    assert answer.status_code == 503 and rows == []
    logged = [r for r in caplog.records if r.name == "camera_registry.errors" and r.exc_info]
    assert [str(r.exc_info[1]) for r in logged] == ["the presenter broke"]
