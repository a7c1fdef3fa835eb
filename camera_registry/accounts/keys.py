"""Administering API keys."""

from __future__ import annotations

from sqlalchemy.orm import Session

from camera_registry.accounts import queries
from camera_registry.audit import service as audit
from camera_registry.auth import Principal
from camera_registry.db import now_utc
from camera_registry.errors import NotFound


def revoke_key(session: Session, *, prefix: str, actor: Principal) -> None:
    """Revoke the API key with this prefix; 404 if there is none."""
    found = queries.key_with_user(session, prefix=prefix)
    if found is None:
        raise NotFound(f"No API key has prefix {prefix!r}.")
    key, owner = found
    if key.revoked_at is None:
        key.revoked_at = now_utc()
    audit.record_for(
        session,
        actor,
        "auth.key_revoke",
        object_type="api_key",
        object_id=f"{owner.username}:{prefix}",
    )
    session.commit()
