"""API keys, the demo sign-in's loopback rule, and the audit chain."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from camera_registry.accounts.models import ApiKey
from camera_registry.audit import service as audit
from camera_registry.audit.models import AuditEvent
from camera_registry.db import now_utc
from camera_registry.main import create_app
from camera_registry.settings import Settings
from tests.factories import make_user_key


def test_keys_are_stored_hashed(session: Session):
    key = make_user_key(session, "viewer")
    stored = session.query(ApiKey).order_by(ApiKey.id.desc()).first()
    assert stored is not None and key not in (stored.key_hash, stored.prefix)
    assert len(stored.key_hash) == 64


def test_revoked_and_expired_keys_are_refused(client: TestClient, session: Session):
    for change in ({"revoked_at": now_utc()}, {"expires_at": now_utc() - timedelta(seconds=1)}):
        key = make_user_key(session, "viewer")
        prefix = key.split("_")[1]
        session.execute(update(ApiKey).where(ApiKey.prefix == prefix).values(**change))
        response = client.get("/cameras", headers={"Authorization": f"Bearer {key}"})
        assert response.status_code == 401


def test_x_api_key_header_works(client: TestClient, session: Session):
    key = make_user_key(session, "viewer")
    assert client.get("/cameras?limit=1", headers={"X-API-Key": key}).status_code == 200


def test_demo_login_refused_off_loopback():
    with pytest.raises(ValueError, match="loopback"):
        create_app(Settings(database_url="sqlite:///unused.db", host="0.0.0.0", demo_login=True))


def test_demo_login_on_loopback_issues_a_working_key(settings: Settings, engine, session):
    from camera_registry.deps import get_session

    app = create_app(settings.model_copy(update={"demo_login": True}), engine=engine)
    app.dependency_overrides[get_session] = lambda: session
    with TestClient(app, client=("127.0.0.1", 5555)) as client:
        issued = client.post("/auth/demo-login", json={"role": "planner"})
        assert issued.status_code == 200, issued.text
        key = issued.json()["api_key"]
        listed = client.get("/cameras?limit=1", headers={"Authorization": f"Bearer {key}"})
        assert listed.status_code == 200
    with TestClient(app, client=("10.1.2.3", 5555)) as remote:
        assert remote.post("/auth/demo-login", json={"role": "admin"}).status_code == 404


def test_demo_login_is_off_by_default(client: TestClient):
    assert client.post("/auth/demo-login", json={"role": "admin"}).status_code == 404


def test_audit_chain_detects_tampering(session: Session):
    for i in range(3):
        audit.record(session, action="test.event", actor=f"u{i}")
    assert audit.first_broken(session) is None
    rows = session.query(AuditEvent).order_by(AuditEvent.id).all()
    target = rows[-2]
    session.execute(update(AuditEvent).where(AuditEvent.id == target.id).values(actor="mallory"))
    session.expire_all()
    assert audit.first_broken(session) == target.id


def test_an_audit_entry_with_a_field_the_row_has_not_is_refused_whole(session: Session):
    before = session.query(AuditEvent).count()
    good = {"action": "test.event", "actor": "u1"}
    misspelt = {"action": "test.event", "actor": "u2", "objet_id": "cam-1"}
    with pytest.raises(TypeError, match="objet_id"):
        audit.record_many(session, [good, misspelt])
    assert session.query(AuditEvent).count() == before
