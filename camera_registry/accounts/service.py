"""Signing in with a password (and a one-time code), sessions, and their limits.

Five failed sign-ins in a row lock an account for ten minutes; a session ends
after 30 idle minutes or 12 hours in all; admins and investigators need a
second factor (TOTP).  Every attempt is audited, whatever its outcome.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from camera_registry.accounts import queries
from camera_registry.accounts.models import AppUser, AuthSession
from camera_registry.accounts.passwords import verify_password, verify_totp
from camera_registry.accounts.tokens import SESSION_SCHEME, new_token
from camera_registry.audit import service as audit
from camera_registry.db import now_utc
from camera_registry.errors import TooManyRequests, Unauthenticated
from camera_registry.vocab import Role

LOCKOUT_THRESHOLD = 5
LOCKOUT_DURATION = timedelta(minutes=10)
IDLE_TIMEOUT = timedelta(minutes=30)
SESSION_MAX_AGE = timedelta(hours=12)
TOTP_ROLES = frozenset({Role.ADMIN, Role.INVESTIGATOR})
_GENERIC = "Invalid username, password or one-time code."


def _second_factor_ok(user: AppUser, code: str | None) -> bool:
    if Role(user.role) not in TOTP_ROLES:
        return True
    return bool(user.totp_secret and code and verify_totp(user.totp_secret, code))


def _fail(session: Session, user: AppUser | None, username: str, source: str | None) -> None:
    now = now_utc()
    if user is not None:
        user.failed_logins += 1
        if user.failed_logins >= LOCKOUT_THRESHOLD:
            user.locked_until = now + LOCKOUT_DURATION
            user.failed_logins = 0
    audit.record(
        session,
        action="auth.login",
        outcome="failure",
        actor=username,
        role=user.role if user else None,
        source_addr=source,
    )
    session.commit()


def login(
    session: Session,
    *,
    username: str,
    password: str,
    totp_code: str | None = None,
    source_addr: str | None = None,
) -> str:
    """Check credentials and open a session; return its bearer token (shown once)."""
    user = queries.get_user(session, username=username)
    now = now_utc()
    if user is not None and user.locked_until is not None and user.locked_until > now:
        audit.record_for(session, user, "auth.login", outcome="locked", source_addr=source_addr)
        session.commit()
        wait = int((user.locked_until - now).total_seconds()) + 1
        locked = TooManyRequests("Too many failed sign-ins; the account is locked for now.", wait)
        raise locked.already_audited()
    valid = (
        user is not None
        and user.is_active
        and verify_password(user.password_hash, password)
        and _second_factor_ok(user, totp_code)
    )
    if not valid or user is None:
        _fail(session, user, username, source_addr)
        raise Unauthenticated(_GENERIC).already_audited()
    token, prefix, digest = new_token(SESSION_SCHEME)
    session.add(
        AuthSession(
            user_id=user.id,
            prefix=prefix,
            token_hash=digest,
            created_at=now,
            last_seen_at=now,
            expires_at=now + SESSION_MAX_AGE,
            source_addr=source_addr,
        )
    )
    user.failed_logins = 0
    user.last_login_at = now
    audit.record_for(session, user, "auth.login", source_addr=source_addr)
    session.commit()
    return token


def logout(session: Session, *, token_prefix: str, username: str) -> None:
    """End a session."""
    found = queries.session_with_user(session, prefix=token_prefix)
    if found is not None:
        found[0].revoked_at = now_utc()
    audit.record(session, action="auth.logout", actor=username)
    session.commit()
