"""The demo sign-in: convenient on a laptop, impossible on a network."""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from camera_registry.accounts import queries as accounts
from camera_registry.audit import service as audit
from camera_registry.auth import issue_key
from camera_registry.db import now_utc
from camera_registry.errors import Forbidden, NotFound
from camera_registry.settings import Settings
from camera_registry.vocab import Role

DEMO_KEY_LIFETIME = timedelta(hours=12)


def is_loopback(host: str | None) -> bool:
    """Whether an address (or 'localhost') is on this machine only."""
    if host is None:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def demo_login(
    session: Session, *, settings: Settings, role: Role, client: str | None
) -> tuple[str, str, datetime]:
    """Issue a key for the demo user of ``role``: ``(username, key, expires_at)``."""
    if not (settings.demo_login and is_loopback(settings.host) and is_loopback(client)):
        raise NotFound("Demo sign-in is off on this server.")
    username = f"demo-{role.value}"
    user = accounts.get_user(session, username=username)
    if user is None:
        raise Forbidden(f"No demo user {username!r}: run 'camreg demo' first.")
    key = issue_key(session, user, name="demo-login")
    expires = now_utc() + DEMO_KEY_LIFETIME
    api_key = accounts.key_with_user(session, prefix=key.split("_")[1])
    assert api_key is not None
    api_key[0].expires_at = expires
    audit.record(
        session, action="auth.demo_login", actor=username, role=role.value, source_addr=client
    )
    session.commit()
    return username, key, expires
