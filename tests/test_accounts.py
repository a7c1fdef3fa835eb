"""Passwords, lockout, second factor, idle sessions, and refusals in the audit trail."""

from datetime import timedelta

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from camera_registry.accounts import queries as accounts
from camera_registry.accounts.models import AuthSession
from camera_registry.accounts.passwords import hash_password, new_totp_secret
from camera_registry.audit.models import AuditEvent
from camera_registry.db import now_utc

PASSWORD = "correct horse battery staple"


def _user(session: Session, name: str, role: str, totp: str | None = None) -> None:
    user = accounts.add_user(session, username=name, role=role)
    user.password_hash = hash_password(PASSWORD)
    user.totp_secret = totp
    session.flush()


def _login(client: TestClient, name: str, password: str = PASSWORD, totp: str | None = None):
    body = {"username": name, "password": password}
    if totp:
        body["totp"] = totp
    return client.post("/auth/login", json=body)


def test_password_login_gives_a_working_session(client: TestClient, session: Session):
    _user(session, "planner-pw", "planner")
    response = _login(client, "planner-pw")
    assert response.status_code == 200, response.text
    token = response.json()["token"]
    assert token.startswith("crs_") and response.json()["idle_timeout_s"] == 1800
    me = client.get("/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["username"] == "planner-pw" and me.json()["role"] == "planner"
    out = client.post("/auth/logout", headers={"Authorization": f"Bearer {token}"})
    assert out.status_code == 204
    again = client.get("/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert again.status_code == 401


def test_wrong_password_and_unknown_user_look_the_same(client: TestClient, session: Session):
    _user(session, "viewer-pw", "viewer")
    wrong = _login(client, "viewer-pw", "not the password at all")
    unknown = _login(client, "nobody-here", "not the password at all")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]


def test_five_failures_lock_the_account_for_ten_minutes(client: TestClient, session: Session):
    _user(session, "locked-pw", "viewer")
    for _ in range(5):
        assert _login(client, "locked-pw", "wrong password!!").status_code == 401
    locked = _login(client, "locked-pw")  # even the right password is refused now
    assert locked.status_code == 429
    assert 500 <= int(locked.headers["retry-after"]) <= 601
    user = accounts.get_user(session, username="locked-pw")
    assert user is not None
    user.locked_until = now_utc() - timedelta(seconds=1)
    session.flush()
    assert _login(client, "locked-pw").status_code == 200


@pytest.mark.parametrize("role", ["admin", "investigator"])
def test_admin_and_investigator_need_a_second_factor(client: TestClient, session, role):
    secret = new_totp_secret()
    _user(session, f"{role}-2fa", role, totp=secret)
    assert _login(client, f"{role}-2fa").status_code == 401
    assert _login(client, f"{role}-2fa", totp="000000").status_code in (401,)
    code = pyotp.TOTP(secret).now()
    assert _login(client, f"{role}-2fa", totp=code).status_code == 200


def test_admin_without_enrolled_second_factor_cannot_sign_in(client: TestClient, session):
    _user(session, "admin-no2fa", "admin")
    assert _login(client, "admin-no2fa").status_code == 401


def test_idle_session_expires_after_30_minutes(client: TestClient, session: Session):
    _user(session, "idle-pw", "viewer")
    token = _login(client, "idle-pw").json()["token"]
    prefix = token.split("_")[1]
    session.execute(
        update(AuthSession)
        .where(AuthSession.prefix == prefix)
        .values(last_seen_at=now_utc() - timedelta(minutes=31))
    )
    response = client.get("/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert "idle" in response.json()["detail"]


def test_refusals_and_logins_are_audited_with_request_ids(client: TestClient, session: Session):
    _user(session, "audited-pw", "viewer")
    _login(client, "audited-pw", "bad password here")
    denied = client.get("/cameras", headers={"X-Request-ID": "req-abc-123"})
    assert denied.status_code == 401 and denied.headers["x-request-id"] == "req-abc-123"
    rows = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(2)).all()
    refusal, failure = rows
    assert (refusal.action, refusal.outcome, refusal.request_id) == (
        "access.denied",
        "401",
        "req-abc-123",
    )
    assert refusal.object_id == "GET /cameras"
    assert (failure.action, failure.outcome, failure.actor) == (
        "auth.login",
        "failure",
        "audited-pw",
    )
    assert failure.source_addr == "testclient"


def test_forbidden_is_audited_with_the_actor(as_role, session: Session, cam_thuy_commune):
    client = as_role("planner")
    response = client.post("/cameras", json={"code": "X"})
    assert response.status_code in (403, 422)
    if response.status_code == 403:
        row = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()
        assert row.action == "access.denied" and row.role == "planner"


def test_admin_revokes_a_key(as_role, client: TestClient, session: Session):
    from tests.factories import make_user_key

    victim = make_user_key(session, "viewer")
    assert client.get("/auth/me", headers={"Authorization": f"Bearer {victim}"}).status_code == 200
    admin = as_role("admin")
    prefix = victim.split("_")[1]
    auth = admin.headers["Authorization"]
    assert admin.delete(f"/auth/keys/{prefix}", headers={"Authorization": auth}).status_code == 204
    assert client.get("/auth/me", headers={"Authorization": f"Bearer {victim}"}).status_code == 401


def test_using_a_session_restarts_its_idle_clock(client: TestClient, session: Session):
    _user(session, "busy-pw", "viewer")
    token = _login(client, "busy-pw").json()["token"]
    prefix = token.split("_")[1]
    stale = now_utc() - timedelta(minutes=20)
    session.execute(
        update(AuthSession).where(AuthSession.prefix == prefix).values(last_seen_at=stale)
    )
    assert client.get("/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    seen = session.scalars(select(AuthSession.last_seen_at).where(AuthSession.prefix == prefix))
    assert seen.one() > now_utc() - timedelta(minutes=1)


def test_me_carries_the_commune_scopes_and_a_disabled_account_is_refused(
    as_role, client: TestClient, session: Session
):
    scoped = as_role("commune_officer", ("26734", "26735")).get("/auth/me")
    assert scoped.status_code == 200 and scoped.json()["communes"] == ["26734", "26735"]
    unscoped = as_role("viewer").get("/auth/me")
    assert unscoped.status_code == 200 and unscoped.json()["communes"] == []
    username = unscoped.json()["username"]
    user = accounts.get_user(session, username=username)
    assert user is not None
    user.is_active = False
    session.flush()
    refused = client.get("/auth/me")
    assert refused.status_code == 401 and "disabled" in refused.json()["detail"]
