"""Bulk writes of the importer: new cameras, changed cameras, status events; never commits.

PostGIS gets a binary COPY (geometries as EWKB); SpatiaLite one executemany
through the driver, with its per-row spatial-index triggers replaced by a
set-wise fill of the R*Trees inside the same transaction.  The engine branch
for the bulk write lives here (and the one for spatial SQL in
:mod:`camera_registry.spatial_sql`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import LargeBinary, Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from camera_registry.cameras.models import Camera, CameraStatusEvent
from camera_registry.imports.fields import CAMERA_FIELDS
from camera_registry.imports.queries import (
    code_among,
    copy_rows,
    driver,
    from_ewkb,
    from_wkb,
    is_postgis,
)

CAMERA_COLUMNS: tuple[str, ...] = (
    "code", "geom", "commune_id", "commune_basis", "view_geom", "source", "imported_at",
    "created_at",
    "updated_at", "version", "decommissioned_on", *CAMERA_FIELDS,
)  # fmt: skip


def _typed(
    table: Table, names: Sequence[str], prefix: str = "", *, ewkb: bool = False
) -> dict[str, Any]:
    """Bound parameters carrying each column's type; geometries from WKB (or EWKB)."""
    values: dict[str, Any] = {}
    for name in names:
        if name in ("geom", "view_geom"):
            geometry = bindparam(prefix + name, type_=LargeBinary)
            values[name] = from_ewkb(geometry) if ewkb else from_wkb(geometry)
        else:
            values[name] = bindparam(prefix + name, type_=table.c[name].type)
    return values


def insert_cameras(session: Session, *, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert new cameras (WKB geometries; EWKB on PostGIS); return their ids by code."""
    if not rows:
        return {}
    table = Camera.__table__
    assert isinstance(table, Table)
    if is_postgis(session):
        copy_rows(session, table, CAMERA_COLUMNS, rows)
        return _ids(session, [r["code"] for r in rows])
    raw = driver(session)
    with index_triggers_suspended(raw, "camera", ("geom", "view_geom")):
        # Dropping the triggers took SQLite's write lock, so no one else adds rows now and
        # every id above ``before`` is ours.  (Were the lock not yet held, another writer's
        # commit would make our insert fail on its stale snapshot, never mix ids.)
        before = session.scalar(select(func.max(Camera.id))) or 0
        _executemany(session, insert(table).values(_typed(table, CAMERA_COLUMNS)), rows)
        stmt = select(Camera.code, Camera.id).where(Camera.id > before)
        ids = {str(code): int(id_) for code, id_ in session.execute(stmt)}
        fill_rtrees(raw, after_id=before)
    return ids


def _ids(session: Session, codes: list[str]) -> dict[str, int]:
    """The ids of the cameras just copied (PostgreSQL)."""
    stmt = select(Camera.code, Camera.id).where(code_among(codes))
    return {str(code): int(id_) for code, id_ in session.execute(stmt)}


def _executemany(session: Session, stmt: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Run an INSERT for many rows through the driver, converting values once per distinct one.

    SQLAlchemy's own executemany converts every value of every row in Python;
    here each column's bind processor runs once per distinct value (timestamps,
    dates and vocabularies repeat), which makes a 100 000-row insert several
    times faster on SQLite.
    """
    dialect = session.get_bind().dialect
    compiled = stmt.compile(dialect=dialect)
    names = list(compiled.positiontup or [])
    table = stmt.table
    defaults = {  # scalar column defaults SQLAlchemy would add itself
        c.name: c.default.arg for c in table.c if c.default is not None and c.default.is_scalar
    }
    converters = []
    for name in names:
        process = compiled.binds[name].type._cached_bind_processor(dialect)
        converters.append(_memoised(process) if process is not None else None)
    columns = []
    for name, convert in zip(names, converters, strict=True):
        values = [row[name] if name in row else defaults[name] for row in rows]
        columns.append(values if convert is None else [convert(v) for v in values])
    params = list(zip(*columns, strict=True))
    raw = driver(session)
    raw.executemany(compiled.string, params)


def _memoised(process: Any) -> Any:
    memo: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        if isinstance(value, bytes | bytearray | memoryview):
            return value
        try:
            return memo[value]
        except KeyError:
            memo[value] = result = process(value)
            return result
        except TypeError:
            return process(value)

    return convert


#: SQLite's page cache during a bulk write (negative: KiB), so the new rows' pages and the
#: index pages they touch stay in memory while they are written instead of spilling early.
BULK_CACHE_KIB = -131072

#: SpatiaLite's per-row triggers that a bulk insert replaces by set-wise work.
_BULK_TRIGGERS = ("ggi", "gii", "tmi")


@contextmanager
def large_write(session: Session) -> Iterator[None]:
    """On SQLite, a larger page cache for one bulk write, restored after it."""
    if is_postgis(session):
        yield
        return
    raw = driver(session)
    (cache,) = raw.execute("PRAGMA cache_size").fetchone()
    raw.execute(f"PRAGMA cache_size = {BULK_CACHE_KIB}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA cache_size = {int(cache)}")


@contextmanager
def index_triggers_suspended(raw: Any, table: str, columns: Sequence[str]) -> Iterator[None]:
    """Suspend SpatiaLite's per-row insert triggers for one bulk insert (``raw``: DB-API).

    The triggers check each geometry's type and SRID (ours are built as
    WGS84 points and polygons), add each row's bounding box to the R*Tree
    (:func:`fill_rtrees` does that for all rows at once, in SQL) and stamp
    ``geometry_columns_time`` (done once here).  They are dropped and re-created
    from their own stored SQL inside the caller's transaction, so no other
    connection ever sees the table without them.
    """
    names = [f"{kind}_{table}_{column}" for kind in _BULK_TRIGGERS for column in columns]
    marks = ",".join("?" * len(names))
    saved = raw.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})", names
    ).fetchall()
    for name, _ in saved:
        raw.execute(f'DROP TRIGGER "{name}"')
    try:
        yield
        raw.execute(
            "UPDATE geometry_columns_time SET last_insert = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
            " WHERE lower(f_table_name) = lower(?)",
            (table,),
        )
    finally:
        for _, sql in saved:
            raw.execute(sql)


def fill_rtrees(raw: Any, *, after_id: int) -> None:
    """Add the bounding boxes of cameras with ids above ``after_id`` to both R*Trees, set-wise."""
    for column in ("geom", "view_geom"):
        raw.execute(
            f"INSERT INTO idx_camera_{column} (pkid, xmin, xmax, ymin, ymax)"
            f" SELECT id, MbrMinX({column}), MbrMaxX({column}), MbrMinY({column}),"
            f" MbrMaxY({column}) FROM camera WHERE id > ?",
            (after_id,),
        )


EVENT_COLUMNS = ("camera_id", "status", "effective_at", "reason", "recorded_by", "recorded_at")


def insert_status_events(session: Session, *, rows: list[dict[str, Any]]) -> None:
    """Insert status events (the first one of each new camera, or a change)."""
    if not rows:
        return
    table = CameraStatusEvent.__table__
    assert isinstance(table, Table)
    if is_postgis(session):
        copy_rows(session, table, EVENT_COLUMNS, rows)
    else:
        _executemany(session, insert(table).values(_typed(table, EVENT_COLUMNS)), rows)


def update_cameras(session: Session, *, rows: list[dict[str, Any]]) -> int:
    """Overwrite changed cameras by id where their version is still the one read.

    Returns how many rows were updated; fewer than given means someone changed
    a camera meanwhile (the caller rolls back).
    """
    if not rows:
        return 0
    table = Camera.__table__
    assert isinstance(table, Table)
    names = [c for c in CAMERA_COLUMNS if c not in ("code", "created_at", "version")]
    values = _typed(table, names, prefix="v_", ewkb=is_postgis(session))  # as the COPY gets them
    values["version"] = table.c.version + 1
    stmt = (
        update(table)
        .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
        .values(values)
    )
    params = [
        {"b_id": r["id"], "b_version": r["version"], **{f"v_{c}": r[c] for c in names}}
        for r in rows
    ]
    result = session.execute(stmt, params)
    return int(result.rowcount)  # type: ignore[attr-defined]
