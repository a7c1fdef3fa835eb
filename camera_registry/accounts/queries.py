"""Reads and writes of users and API keys; never commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Row, Select, bindparam, null, select, update
from sqlalchemy.orm import Session

from camera_registry.accounts.models import ApiKey, AppUser, AuthSession, UserCommuneScope
from camera_registry.db import now_utc


def get_user(session: Session, *, username: str) -> AppUser | None:
    """The user with this username, if any."""
    return session.scalars(select(AppUser).where(AppUser.username == username)).one_or_none()


def add_user(
    session: Session,
    *,
    username: str,
    role: str,
    full_name: str | None = None,
    commune_codes: list[str] | None = None,
) -> AppUser:
    """Stage a new user with its commune scopes."""
    user = AppUser(username=username, role=role, full_name=full_name, is_active=True)
    user.scopes = [UserCommuneScope(commune_code=code) for code in commune_codes or []]
    session.add(user)
    session.flush()
    return user


def add_api_key(
    session: Session, *, user: AppUser, prefix: str, key_hash: str, name: str | None = None
) -> ApiKey:
    """Stage a new API key (its hash only) for a user."""
    key = ApiKey(user_id=user.id, prefix=prefix, key_hash=key_hash, name=name)
    session.add(key)
    session.flush()
    return key


def key_with_user(session: Session, *, prefix: str) -> tuple[ApiKey, AppUser] | None:
    """The API key with this public prefix and its user, if any."""
    row = session.execute(
        select(ApiKey, AppUser)
        .join(AppUser, AppUser.id == ApiKey.user_id)
        .where(ApiKey.prefix == prefix)
    ).one_or_none()
    return None if row is None else (row[0], row[1])


def session_with_user(session: Session, *, prefix: str) -> tuple[AuthSession, AppUser] | None:
    """The sign-in session with this public prefix and its user, if any."""
    row = session.execute(
        select(AuthSession, AppUser)
        .join(AppUser, AppUser.id == AuthSession.user_id)
        .where(AuthSession.prefix == prefix)
    ).one_or_none()
    return None if row is None else (row[0], row[1])


class Holder(NamedTuple):
    """A bearer secret's row and the account behind it: all that authentication reads."""

    secret_id: int
    secret_hash: str
    revoked_at: datetime | None
    expires_at: datetime | None
    last_seen_at: datetime | None  # sessions only
    user_id: int
    username: str
    role: str
    is_active: bool
    commune_codes: frozenset[str]


def _holder_select(secret: tuple[Any, ...], *, user_id: Any, prefix: Any) -> Select[Any]:
    # One round trip: the secret, its user, and the user's scopes (one row per scope).
    return (
        select(*secret, AppUser.id, AppUser.username, AppUser.role, AppUser.is_active)
        .add_columns(UserCommuneScope.commune_code)  # last: ``_holder`` gathers it
        .join(AppUser, AppUser.id == user_id)
        .outerjoin(UserCommuneScope, UserCommuneScope.user_id == AppUser.id)
        .where(prefix == bindparam("prefix"))
    )


# Built once: authentication runs on every request.
_KEY_HOLDER = _holder_select(
    (ApiKey.id, ApiKey.key_hash, ApiKey.revoked_at, ApiKey.expires_at, null()),
    user_id=ApiKey.user_id,
    prefix=ApiKey.prefix,
)
_SESSION_HOLDER = _holder_select(
    (
        AuthSession.id,
        AuthSession.token_hash,
        AuthSession.revoked_at,
        AuthSession.expires_at,
        AuthSession.last_seen_at,
    ),
    user_id=AuthSession.user_id,
    prefix=AuthSession.prefix,
)


def _holder(rows: list[Row[Any]]) -> Holder | None:
    if not rows:
        return None
    codes = frozenset(row[-1] for row in rows if row[-1] is not None)
    return Holder._make((*rows[0][:-1], codes))


def api_key_holder(session: Session, *, prefix: str) -> Holder | None:
    """The API key with this public prefix, its user and their commune scopes, if any."""
    return _holder(list(session.execute(_KEY_HOLDER, {"prefix": prefix})))


def session_holder(session: Session, *, prefix: str) -> Holder | None:
    """The sign-in session with this public prefix, its user and their scopes, if any."""
    return _holder(list(session.execute(_SESSION_HOLDER, {"prefix": prefix})))


def touch_session(session: Session, *, session_id: int, at: datetime) -> None:
    """Record that a sign-in session was used at ``at`` (its idle clock restarts)."""
    session.execute(update(AuthSession).where(AuthSession.id == session_id).values(last_seen_at=at))


def revoke_keys(session: Session, *, user: AppUser, prefix: str | None = None) -> int:
    """Revoke one key (by prefix) or all keys of a user; return how many."""
    stmt = select(ApiKey).where(ApiKey.user_id == user.id, ApiKey.revoked_at.is_(None))
    if prefix is not None:
        stmt = stmt.where(ApiKey.prefix == prefix)
    keys = list(session.scalars(stmt))
    for key in keys:
        key.revoked_at = now_utc()
    return len(keys)
