"""Who is calling, and what their role lets them see.

Callers authenticate with an API key, sent as ``Authorization: Bearer <key>``
(or ``X-API-Key``).  A key looks like ``crk_<prefix>_<secret>``: the prefix
finds the row, and only the SHA-256 of the whole key is stored, so a database
leak does not leak keys.  Keys are random 256-bit secrets, for which a fast
hash is the standard choice; passwords, when they come, get argon2.

Every non-public route depends on ``CurrentUser``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from camera_registry.accounts import queries as accounts
from camera_registry.accounts.models import AppUser
from camera_registry.db import SessionDep, now_utc
from camera_registry.errors import Forbidden, Unauthenticated
from camera_registry.vocab import Role

KEY_SCHEME = "crk"

#: Roles that may read a camera holder's identity and contact.
HOLDER_ROLES = frozenset({Role.ADMIN, Role.INVESTIGATOR})


@dataclass(frozen=True)
class Principal:
    """The authenticated caller of one request."""

    user_id: int
    username: str
    role: Role
    commune_codes: frozenset[str] = field(default_factory=frozenset)

    def may_see_holder(self, commune_code: str | None) -> bool:
        """Whether this caller may read the holder of a camera in a commune."""
        if self.role in HOLDER_ROLES:
            return True
        return self.role == Role.COMMUNE_OFFICER and commune_code in self.commune_codes


def hash_key(key: str) -> str:
    """The stored form of an API key."""
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> tuple[str, str, str]:
    """A fresh API key: ``(key, prefix, hash)``; show ``key`` once, store the rest."""
    prefix = secrets.token_hex(6)
    key = f"{KEY_SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    return key, prefix, hash_key(key)


def issue_key(session: Session, user: AppUser, name: str | None = None) -> str:
    """Create an API key for a user and return its secret (shown once)."""
    key, prefix, digest = new_key()
    accounts.add_api_key(session, user=user, prefix=prefix, key_hash=digest, name=name)
    return key


def principal_of(user: AppUser) -> Principal:
    """The principal a user acts as."""
    return Principal(
        user_id=user.id,
        username=user.username,
        role=Role(user.role),
        commune_codes=frozenset(scope.commune_code for scope in user.scopes),
    )


def authenticate_key(session: Session, key: str, *, at: datetime | None = None) -> Principal:
    """Check an API key; raise ``Unauthenticated`` if it is not valid now."""
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_SCHEME:
        raise Unauthenticated("The API key is malformed.")
    found = accounts.key_with_user(session, prefix=parts[1])
    if found is None or not hmac.compare_digest(found[0].key_hash, hash_key(key)):
        raise Unauthenticated("The API key is not valid.")
    api_key, user = found
    moment = at or now_utc()
    if api_key.revoked_at is not None or not user.is_active:
        raise Unauthenticated("The API key has been revoked.")
    if api_key.expires_at is not None and api_key.expires_at <= moment:
        raise Unauthenticated("The API key has expired.")
    return principal_of(user)


def _credential(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
        raise Unauthenticated("Use 'Authorization: Bearer <API key>'.")
    return request.headers.get("x-api-key")


def get_current_user(request: Request, session: SessionDep) -> Principal:
    """FastAPI dependency: the authenticated caller, or 401."""
    credential = _credential(request)
    if not credential:
        raise Unauthenticated()
    principal = authenticate_key(session, credential)
    request.state.principal = principal
    return principal


CurrentUser = Annotated[Principal, Depends(get_current_user)]


def require_roles(*roles: Role) -> Callable[[Principal], Principal]:
    """A dependency that admits only the given roles (403 otherwise)."""
    allowed = frozenset(roles)

    def check(user: CurrentUser) -> Principal:
        if user.role not in allowed:
            raise Forbidden(f"The role '{user.role}' may not do this.")
        return user

    return check
