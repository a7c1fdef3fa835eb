"""Test data builders."""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy.orm import Session

from camera_registry.accounts import queries as accounts
from camera_registry.auth import issue_key
from camera_registry.backup.checksums import table_checksums
from camera_registry.db import make_engine

_serial = itertools.count(1)


def checksums_at(url: str) -> dict[str, tuple[int, str]]:
    """Each table's row count and checksum in the database at ``url`` (own engine)."""
    engine = make_engine(url)
    with Session(engine) as session:
        sums = table_checksums(session)
    engine.dispose()
    return sums


def make_user_key(session: Session, role: str, communes: tuple[str, ...] = ()) -> str:
    """Create a user of a role (with commune scopes) and return a fresh API key."""
    user = accounts.add_user(
        session, username=f"test-{role}-{next(_serial)}", role=role, commune_codes=list(communes)
    )
    key = issue_key(session, user)
    # Commit (the test's outer transaction still rolls it back): a refused request rolls
    # the shared session back, which must not take the caller's account with it.
    session.commit()
    return key


def camera_payload(lon: float, lat: float, **overrides: Any) -> dict[str, Any]:
    """A valid camera registration at a point."""
    body: dict[str, Any] = {
        "code": f"TEST-{next(_serial):05d}",
        "lon": lon,
        "lat": lat,
        "direction_deg": 90,
        "fov_deg": 80,
        "range_m": 60,
        "height_m": 4,
        "kind": "fixed",
        "ownership": "household",
        "owner_name": "Nguyễn Văn Thử",
        "owner_contact": "0900 012 345",
        "installed_on": "2023-03-01",
        "retention_days": 14,
    }
    body.update(overrides)
    return body
