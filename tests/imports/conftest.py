"""Fixtures of the import/export tests: an importing admin, a runner, and count helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from camera_registry.audit.models import AuditEvent
from camera_registry.auth import Principal
from camera_registry.cameras.models import Camera, CameraStatusEvent
from camera_registry.imports.mapping import UserMapping
from camera_registry.imports.report import ImportReport
from camera_registry.imports.service import ImportOptions, run_import
from camera_registry.imports.table import ImportSource
from camera_registry.vocab import Role

ADMIN = Principal(user_id=0, username="test-importer", role=Role.ADMIN)


def counts(session: Session) -> tuple[int, int, int]:
    """(cameras, status events, audit rows) now."""
    return (
        session.scalar(select(func.count()).select_from(Camera)) or 0,
        session.scalar(select(func.count()).select_from(CameraStatusEvent)) or 0,
        session.scalar(select(func.count()).select_from(AuditEvent)) or 0,
    )


@pytest.fixture
def run_file(session: Session) -> Callable[..., ImportReport]:
    """``run_file(data, "name.csv", partial=True, …)`` → the import's report."""

    def run(
        data: bytes,
        name: str,
        *,
        actor: Principal = ADMIN,
        mapping: UserMapping | None = None,
        **options: Any,
    ) -> ImportReport:
        opts = ImportOptions(mapping=mapping or UserMapping(), **options)
        return run_import(session, source=ImportSource(name, data), options=opts, actor=actor)

    return run


def stored(session: Session, code: str) -> Camera:
    """The stored camera with this code (fresh from the database)."""
    session.expire_all()
    return session.scalars(select(Camera).where(Camera.code == code)).one()
