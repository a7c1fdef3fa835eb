"""Who is calling, and what their role lets them see.

Callers authenticate with a bearer secret sent as ``Authorization: Bearer …``
(or ``X-API-Key``): either an API key (``crk_…``, issued by an administrator,
revocable) or a session token (``crs_…``, from ``POST /auth/login``, ending
after 30 idle minutes).  See ``camera_registry.accounts.tokens``.

Every non-public route depends on ``CurrentUser``; a test walks the app's
routes to make sure of it.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from camera_registry.accounts import queries as accounts
from camera_registry.accounts.models import AppUser
from camera_registry.accounts.queries import Holder
from camera_registry.accounts.service import IDLE_TIMEOUT
from camera_registry.accounts.tokens import (
    API_KEY_SCHEME,
    hash_token,
    new_token,
    split_token,
)
from camera_registry.admin_units import queries as units
from camera_registry.db import now_utc
from camera_registry.errors import Unauthenticated
from camera_registry.vocab import Role

#: Roles that may read a camera holder's identity and contact.
HOLDER_ROLES = frozenset({Role.ADMIN, Role.INVESTIGATOR})
#: How stale ``last_seen_at`` may get before a request refreshes it.
_TOUCH_EVERY = timedelta(minutes=1)

hash_key = hash_token


@dataclass(frozen=True)
class Principal:
    """The authenticated caller of one request."""

    user_id: int
    username: str
    role: Role
    commune_codes: frozenset[str] = field(default_factory=frozenset)
    #: Whether the user has scopes at all (an investigator's province; an officer's communes).
    scoped: bool = False

    def in_scope(self, commune_code: str | None) -> bool:
        """Whether a commune lies inside this caller's scope (unscoped users: everywhere)."""
        return not self.scoped or commune_code in self.commune_codes

    def may_see_holder(self, commune_code: str | None) -> bool:
        """Whether this caller may read the holder of a camera in a commune."""
        if self.role == Role.ADMIN:
            return True
        if self.role == Role.INVESTIGATOR:
            return self.in_scope(commune_code)
        return self.role == Role.COMMUNE_OFFICER and commune_code in self.commune_codes


def new_key() -> tuple[str, str, str]:
    """A fresh API key: ``(key, prefix, hash)``; show ``key`` once, store the rest."""
    return new_token(API_KEY_SCHEME)


def issue_key(session: Session, user: AppUser, name: str | None = None) -> str:
    """Create an API key for a user and return its secret (shown once)."""
    key, prefix, digest = new_key()
    accounts.add_api_key(session, user=user, prefix=prefix, key_hash=digest, name=name)
    return key


def _communes(session: Session, scope_codes: frozenset[str]) -> frozenset[str]:
    # GSO commune codes have five digits: only a district or province scope needs the units.
    if all(len(code) == 5 for code in scope_codes):  # (and no scope at all)
        return scope_codes
    return scope_codes | units.communes_under(session, codes=scope_codes)


def principal_of(user: AppUser, session: Session | None = None) -> Principal:
    """The principal a user acts as (``session`` expands district and province scopes)."""
    codes = frozenset(scope.commune_code for scope in user.scopes)
    return Principal(
        user_id=user.id,
        username=user.username,
        role=Role(user.role),
        commune_codes=_communes(session, codes) if session is not None else codes,
        scoped=bool(codes),
    )


def _check_api_key(session: Session, prefix: str, token: str, moment: datetime) -> Holder:
    found = accounts.api_key_holder(session, prefix=prefix)
    if found is None or not hmac.compare_digest(found.secret_hash, hash_token(token)):
        raise Unauthenticated("The API key is not valid.")
    if found.revoked_at is not None:
        raise Unauthenticated("The API key has been revoked.")
    if found.expires_at is not None and found.expires_at <= moment:
        raise Unauthenticated("The API key has expired.")
    return found


def _check_session(session: Session, prefix: str, token: str, moment: datetime) -> Holder:
    found = accounts.session_holder(session, prefix=prefix)
    if found is None or not hmac.compare_digest(found.secret_hash, hash_token(token)):
        raise Unauthenticated("The session token is not valid.")
    ended = found.expires_at is None or found.expires_at <= moment
    if found.revoked_at is not None or ended:
        raise Unauthenticated("The session has ended; sign in again.")
    last_seen = found.last_seen_at
    if last_seen is None or last_seen + IDLE_TIMEOUT <= moment:
        raise Unauthenticated("The session expired after 30 idle minutes; sign in again.")
    if moment - last_seen >= _TOUCH_EVERY:
        accounts.touch_session(session, session_id=found.secret_id, at=moment)
        session.commit()
    return found


def authenticate_key(session: Session, token: str, *, at: datetime | None = None) -> Principal:
    """Check an API key or session token; raise ``Unauthenticated`` if not valid now."""
    parsed = split_token(token)
    if parsed is None:
        raise Unauthenticated("The credential is malformed.")
    scheme, prefix = parsed
    moment = at or now_utc()
    check = _check_api_key if scheme == API_KEY_SCHEME else _check_session
    found = check(session, prefix, token, moment)
    if not found.is_active:
        raise Unauthenticated("The account is disabled.")
    return Principal(
        user_id=found.user_id,
        username=found.username,
        role=Role(found.role),
        commune_codes=_communes(session, found.commune_codes),
        scoped=bool(found.commune_codes),
    )
