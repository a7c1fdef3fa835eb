"""Row counts and checksums of every table, to prove a backup round trip."""

from __future__ import annotations

import hashlib
from typing import Any

from geoalchemy2 import Geometry
from sqlalchemy import Column, func, select
from sqlalchemy.orm import Session

from camera_registry.models import Base


def _column(column: Column[Any]) -> Any:
    if isinstance(column.type, Geometry):
        return func.ST_AsBinary(column).label(column.name)
    return column


def _canonical(value: Any) -> str:
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, float):
        return repr(value)
    return "" if value is None else str(value)


def table_checksums(session: Session) -> dict[str, tuple[int, str]]:
    """``{table: (rows, sha256 of its rows in primary-key order)}`` for every table."""
    result: dict[str, tuple[int, str]] = {}
    for table in Base.metadata.sorted_tables:
        stmt = select(*(_column(c) for c in table.columns)).order_by(*table.primary_key.columns)
        digest = hashlib.sha256()
        rows = 0
        for row in session.execute(stmt):
            digest.update("\x1f".join(_canonical(v) for v in row).encode())
            digest.update(b"\x1e")
            rows += 1
        result[table.name] = (rows, digest.hexdigest())
    return result
