"""Reads and writes of users and API keys; never commits."""

from __future__ import annotations

from sqlalchemy import select
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


def revoke_keys(session: Session, *, user: AppUser, prefix: str | None = None) -> int:
    """Revoke one key (by prefix) or all keys of a user; return how many."""
    stmt = select(ApiKey).where(ApiKey.user_id == user.id, ApiKey.revoked_at.is_(None))
    if prefix is not None:
        stmt = stmt.where(ApiKey.prefix == prefix)
    keys = list(session.scalars(stmt))
    for key in keys:
        key.revoked_at = now_utc()
    return len(keys)
