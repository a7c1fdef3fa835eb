"""Reports: footage available and camera contributions, kept by triggers

Revision ID: 20261122_report_tallies
Revises: 20261122_reports
Create Date: 2026-11-22

Two more figures of the monthly report are kept in step with every write, as
the monthly tally already is, so that a report sums summary rows instead of
testing hundreds of thousands of incident points against camera views:

* ``incident_in_view`` lists the incidents whose point lay in the view of a
  camera active at their moment ("footage available", the coverage domain's
  ``seen_by_working_camera``); ``incident_month_tally.footage_available``
  counts them per commune, local month and type.  Triggers re-test exactly the
  incidents a write can affect: the incident itself (insert, delete, new
  point, time, type or commune), the incidents in a camera's old and new view
  (camera deleted, view changed), or those in its view from an event's moment
  on (status event inserted, deleted or changed).  A new camera has no status
  history, so it sees nothing until its first event: inserting one changes
  nothing.
* ``camera_month_tally`` counts, per camera and local month of the incident,
  the incidents that a decisive or supporting clip of that camera helped, and
  how many of those are clarified (status clarified or closed).  Triggers on
  ``footage_evidence`` and on ``incident`` (time, status) keep it.

Status events arrive in bulk (camera imports COPY one per new camera): on
PostgreSQL their trigger runs once per statement over its transition tables;
SQLite's row trigger first checks that any incident lies near the view.
SQLite fires a table's triggers newest first, so SpatiaLite's own R*Tree
triggers on ``camera`` run after ours: the camera trigger names the changed
camera explicitly instead of relying on the view's R*Tree entry.  The
incident tests use ``CASE WHEN EXISTS`` rather than a bare ``EXISTS`` filter
(SQLite 3.51 may turn the latter into a join that repeats rows).
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "20261122_report_tallies"
down_revision: str | None = "20261122_reports"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DONE = "('clarified', 'closed')"
USEFUL = "('decisive', 'supporting')"
MONTH = {
    "sqlite": "date({t}, '+7 hours', 'start of month')",
    "postgresql": "(date_trunc('month', {t} AT TIME ZONE 'Asia/Ho_Chi_Minh'))::date",
}
TALLY = "incident_month_tally"
CELL = "(commune_id, month, type)"
#: The moment of the latest incident (an index lookup): no later status change can matter.
LATEST = "(SELECT max(occurred_at) FROM incident)"


def _meets(dialect: str, alias: str, rtree: str, column: str, geom: str) -> str:
    """Rows of ``alias`` whose indexed bounding box meets that of ``geom``."""
    if dialect == "sqlite":
        return (
            f"{alias}.id IN (SELECT pkid FROM {rtree} WHERE xmax >= MbrMinX({geom}) "
            f"AND xmin <= MbrMaxX({geom}) AND ymax >= MbrMinY({geom}) "
            f"AND ymin <= MbrMaxY({geom}))"
        )
    return f"{alias}.{column} && {geom}"


def _seen(dialect: str, row: str, also: str | None = None) -> str:
    """1 when the incident ``row`` lay in the view of a camera active at its moment, else 0.

    ``also``: a camera id to test even if the view's R*Tree does not list it yet.
    """
    near = _meets(dialect, "c", "idx_camera_view_geom", "view_geom", f"{row}.geom")
    if also is not None and dialect == "sqlite":
        near = f"({near} OR c.id = {also})"
    status = (
        "(SELECT e.status FROM camera_status_event e WHERE e.camera_id = c.id "
        f"AND e.effective_at <= {row}.occurred_at ORDER BY e.effective_at DESC, e.id DESC LIMIT 1)"
    )
    return (
        f"(CASE WHEN EXISTS (SELECT 1 FROM camera c WHERE {near} "
        f"AND ST_Intersects(c.view_geom, {row}.geom) AND {status} = 'active') THEN 1 ELSE 0 END)"
    )


def _member(incident_id: str) -> str:
    return f"EXISTS (SELECT 1 FROM incident_in_view v WHERE v.incident_id = {incident_id})"


def _count(dialect: str, row: str, sign: str) -> str:
    """Add (+) or remove (-) one listed incident ``row`` (NEW/OLD) from its tally cell."""
    month = MONTH[dialect].format(t=f"{row}.occurred_at")
    return (
        f"INSERT INTO {TALLY} (commune_id, month, type, incidents, clarified, footage_available) "
        f"SELECT {row}.commune_id, {month}, {row}.type, 0, 0, {sign}1 "
        f"WHERE {row}.commune_id IS NOT NULL AND {_member(row + '.id')} "
        f"ON CONFLICT {CELL} DO UPDATE SET footage_available = "
        f"{TALLY}.footage_available + excluded.footage_available"
    )


def _incident_steps(dialect: str) -> dict[str, list[str]]:
    """Statements per incident event: forget the old row, test and count the new one."""
    forget = [
        _count(dialect, "OLD", "-"),
        "DELETE FROM incident_in_view WHERE incident_id = OLD.id",
    ]
    learn = [
        "INSERT INTO incident_in_view (incident_id) "
        f"SELECT NEW.id WHERE {_seen(dialect, 'NEW')} = 1",
        _count(dialect, "NEW", "+"),
    ]
    return {"INSERT": learn, "DELETE": forget, "UPDATE": forget + learn}


def _resync(dialect: str, area: str, also: str | None = None) -> list[str]:
    """Re-test the incidents of ``area`` (a condition on ``i``); fix the list and the tally."""
    now, was = _seen(dialect, "i", also), f"(CASE WHEN {_member('i.id')} THEN 1 ELSE 0 END)"
    month = MONTH[dialect].format(t="i.occurred_at")
    return [
        f"INSERT INTO {TALLY} (commune_id, month, type, incidents, clarified, footage_available) "
        "SELECT s.commune_id, s.month, s.type, 0, 0, s.delta FROM "
        f"(SELECT i.commune_id, {month} AS month, i.type, sum({now} - {was}) AS delta "
        f"FROM incident i WHERE {area} AND i.commune_id IS NOT NULL GROUP BY 1, 2, 3) AS s "
        f"WHERE s.delta <> 0 ON CONFLICT {CELL} DO UPDATE SET footage_available = "
        f"{TALLY}.footage_available + excluded.footage_available",
        "DELETE FROM incident_in_view WHERE incident_id IN "
        f"(SELECT i.id FROM incident i WHERE {area} AND {now} = 0)",
        "INSERT INTO incident_in_view (incident_id) SELECT i.id FROM incident i "
        f"WHERE {area} AND {now} = 1 AND {was} = 0",
    ]


def _in_view_of(dialect: str, view: str, since: str | None = None) -> str:
    """Incidents ``i`` whose bounding box meets ``view`` (and not before ``since``)."""
    area = _meets(dialect, "i", "idx_incident_geom", "geom", view)
    return f"{area} AND i.occurred_at >= {since}" if since else area


def _view_of(camera_id: str) -> str:
    return f"(SELECT c0.view_geom FROM camera c0 WHERE c0.id = {camera_id})"


# --------------------------------------------------------------------------- contributions


def _pair_useful(clip: str, other_than: str | None = None) -> str:
    """Whether another decisive or supporting clip ties ``clip``'s incident to its camera."""
    skip = f" AND f.id <> {other_than}" if other_than else ""
    return (
        f"EXISTS (SELECT 1 FROM footage_evidence f WHERE f.incident_id = {clip}.incident_id "
        f"AND f.camera_id = {clip}.camera_id AND f.usefulness IN {USEFUL}{skip})"
    )


def _credit(dialect: str, clip: str, sign: str, condition: str) -> str:
    """Add (+) or remove (-) the pair (incident, camera) of ``clip`` when ``condition`` holds."""
    month = MONTH[dialect].format(t="i.occurred_at")
    return (
        "INSERT INTO camera_month_tally (camera_id, month, helped, clarified) "
        f"SELECT {clip}.camera_id, {month}, {sign}1, "
        f"{sign}(CASE WHEN i.status IN {DONE} THEN 1 ELSE 0 END) "
        f"FROM incident i WHERE i.id = {clip}.incident_id AND {condition} "
        "ON CONFLICT (camera_id, month) DO UPDATE SET "
        "helped = camera_month_tally.helped + excluded.helped, "
        "clarified = camera_month_tally.clarified + excluded.clarified"
    )


def _evidence_steps(dialect: str) -> dict[str, list[str]]:
    """Statements per clip event (the clip table is already changed)."""
    new_ok, old_ok = f"NEW.usefulness IN {USEFUL}", f"OLD.usefulness IN {USEFUL}"
    same = "NEW.incident_id = OLD.incident_id AND NEW.camera_id = OLD.camera_id"
    return {
        "INSERT": [_credit(dialect, "NEW", "+",
                           f"{new_ok} AND NOT {_pair_useful('NEW', 'NEW.id')}")],
        "DELETE": [_credit(dialect, "OLD", "-", f"{old_ok} AND NOT {_pair_useful('OLD')}")],
        "UPDATE": [
            _credit(dialect, "OLD", "-", f"{old_ok} AND NOT {_pair_useful('OLD', 'NEW.id')} "
                    f"AND NOT ({new_ok} AND {same})"),
            _credit(dialect, "NEW", "+", f"{new_ok} AND NOT {_pair_useful('NEW', 'NEW.id')} "
                    f"AND NOT ({old_ok} AND {same})"),
        ],
    }  # fmt: skip


def _move(dialect: str, row: str, sign: str) -> str:
    """Add (+) or remove (-) every camera pair of the incident ``row`` (NEW/OLD)."""
    month = MONTH[dialect].format(t=f"{row}.occurred_at")
    return (
        "INSERT INTO camera_month_tally (camera_id, month, helped, clarified) "
        f"SELECT DISTINCT f.camera_id, {month}, {sign}1, "
        f"{sign}(CASE WHEN {row}.status IN {DONE} THEN 1 ELSE 0 END) "
        f"FROM footage_evidence f WHERE f.incident_id = {row}.id AND f.usefulness IN {USEFUL} "
        "ON CONFLICT (camera_id, month) DO UPDATE SET "
        "helped = camera_month_tally.helped + excluded.helped, "
        "clarified = camera_month_tally.clarified + excluded.clarified"
    )


# --------------------------------------------------------------------------- triggers

INCIDENT_COLUMNS = "commune_id, occurred_at, type, geom"
PAIR_COLUMNS = "occurred_at, status"
CAMERA_COLUMNS = "view_geom"
EVENT_COLUMNS = "camera_id, status, effective_at"
EVIDENCE_COLUMNS = "incident_id, camera_id, usefulness"


def _camera_steps(dialect: str) -> dict[str, list[str]]:
    return {
        "DELETE": _resync(dialect, _in_view_of(dialect, "OLD.view_geom")),
        "UPDATE": _resync(dialect, _in_view_of(dialect, "OLD.view_geom"), also="NEW.id")
        + _resync(dialect, _in_view_of(dialect, "NEW.view_geom"), also="NEW.id"),
    }


def _event_area(dialect: str, row: str) -> str:
    return _in_view_of(dialect, _view_of(f"{row}.camera_id"), f"{row}.effective_at")


def _event_steps(dialect: str) -> dict[str, list[str]]:
    area = {row: _event_area(dialect, row) for row in ("NEW", "OLD")}
    return {
        "INSERT": _resync(dialect, area["NEW"]),
        "DELETE": _resync(dialect, area["OLD"]),
        "UPDATE": _resync(dialect, area["OLD"]) + _resync(dialect, area["NEW"]),
    }


def _pair_steps(dialect: str) -> dict[str, list[str]]:
    return {"DELETE": [_move(dialect, "OLD", "-")],
            "UPDATE": [_move(dialect, "OLD", "-"), _move(dialect, "NEW", "+")]}  # fmt: skip


Trigger = tuple[str, str, dict[str, list[str]], str, dict[str, str]]


def _triggers(dialect: str) -> list[Trigger]:
    """(name, table, statements per event, columns of UPDATE OF, WHEN per event) of row triggers.

    On PostgreSQL the status-history trigger is per statement (:func:`_pg_event_triggers`).
    """
    distinct = "IS NOT" if dialect == "sqlite" else "IS DISTINCT FROM"
    # PostGIS: compare the bytes, not the geometries — pg_restore runs with an empty search_path,
    # where "geometry = geometry" is ambiguous and the trigger could not be recreated.
    view = "ST_AsEWKB({}.view_geom)" if dialect == "postgresql" else "{}.view_geom"
    moved = {"UPDATE": f"{view.format('OLD')} {distinct} {view.format('NEW')}"}
    pair = {
        "UPDATE": f"OLD.occurred_at {distinct} NEW.occurred_at OR OLD.status {distinct} NEW.status"
    }
    found: list[Trigger] = [
        ("incident_footage", "incident", _incident_steps(dialect), INCIDENT_COLUMNS, {}),
        ("camera_footage", "camera", _camera_steps(dialect), CAMERA_COLUMNS, moved),
        ("incident_contribution", "incident", _pair_steps(dialect), PAIR_COLUMNS, pair),
        ("footage_evidence_contribution", "footage_evidence", _evidence_steps(dialect),
         EVIDENCE_COLUMNS, {}),
    ]  # fmt: skip
    if dialect == "sqlite":
        near = {row: f"{row}.effective_at <= {LATEST} "
                     f"AND EXISTS (SELECT 1 FROM incident i WHERE {_event_area(dialect, row)})"
                for row in ("NEW", "OLD")}  # fmt: skip
        guard = {"INSERT": near["NEW"], "DELETE": near["OLD"],
                 "UPDATE": f"{near['OLD']} OR {near['NEW']}"}  # fmt: skip
        steps = _event_steps(dialect)
        found.append(("camera_status_event_footage", "camera_status_event", steps, EVENT_COLUMNS,
                      guard))  # fmt: skip
    return found


def _sqlite_triggers() -> list[str]:
    found = []
    for name, table, steps, columns, when in _triggers("sqlite"):
        for event, statements in steps.items():
            on = f"UPDATE OF {columns}" if event == "UPDATE" else event
            guard = f" WHEN {when[event]}" if event in when else ""
            found.append(
                f"CREATE TRIGGER {name}_{event.lower()} AFTER {on} ON {table} "
                f"FOR EACH ROW{guard} BEGIN {'; '.join(statements)}; END"
            )
    return found


def _pg_resync_changed(source: str) -> str:
    """Re-test, in one statement, the incidents in the views of cameras whose history changed.

    ``source`` yields ``(camera_id, effective_at)`` of the changed events: the
    incidents in each camera's view from its earliest changed moment on.  They
    are read straight from the GiST probes (a semi-join on ``incident.id``
    would have the planner, blind to a transition table's size, walk the
    primary key of every incident).  Events after the latest incident (a new
    camera's first event, as imports write them) need no probe at all.
    """
    month = MONTH["postgresql"].format(t="i.occurred_at")
    now, was = _seen("postgresql", "i"), f"(CASE WHEN {_member('i.id')} THEN 1 ELSE 0 END)"
    return (
        "WITH i AS MATERIALIZED (SELECT DISTINCT ON (i2.id) i2.id, i2.commune_id, i2.type, "
        "i2.occurred_at, i2.geom FROM (SELECT camera_id, min(effective_at) AS since "
        f"FROM ({source}) AS x GROUP BY camera_id) AS e JOIN camera c ON c.id = e.camera_id "
        "JOIN incident i2 ON i2.geom && c.view_geom AND i2.occurred_at >= e.since "
        f"WHERE e.since <= {LATEST}), "
        f"s AS MATERIALIZED (SELECT i.id, i.commune_id, {month} AS month, i.type, "
        f"{now} AS now, {was} AS was FROM i), "
        "gone AS (DELETE FROM incident_in_view v USING s WHERE v.incident_id = s.id "
        "AND s.now = 0), "
        "came AS (INSERT INTO incident_in_view (incident_id) SELECT id FROM s "
        "WHERE now = 1 AND was = 0) "
        f"INSERT INTO {TALLY} (commune_id, month, type, incidents, clarified, footage_available) "
        "SELECT commune_id, month, type, 0, 0, sum(now - was) FROM s "
        "WHERE commune_id IS NOT NULL GROUP BY 1, 2, 3 HAVING sum(now - was) <> 0 "
        f"ON CONFLICT {CELL} DO UPDATE SET footage_available = "
        f"{TALLY}.footage_available + excluded.footage_available"
    )


#: The status events a statement changed, from its transition tables, per event.
EVENT_SOURCES = {
    "INSERT": ("NEW TABLE AS new_rows", "SELECT camera_id, effective_at FROM new_rows"),
    "DELETE": ("OLD TABLE AS old_rows", "SELECT camera_id, effective_at FROM old_rows"),
    "UPDATE": (
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "SELECT u.camera_id, u.effective_at FROM old_rows o JOIN new_rows n ON n.id = o.id, "
        "LATERAL (VALUES (o.camera_id, o.effective_at), (n.camera_id, n.effective_at)) "
        "AS u (camera_id, effective_at) WHERE (o.camera_id, o.status, o.effective_at) "
        "IS DISTINCT FROM (n.camera_id, n.status, n.effective_at)",
    ),
}


def _pg_event_triggers() -> list[str]:
    """Status-history triggers per statement: a bulk COPY of events re-tests once."""
    found = []
    for event, (tables, source) in EVENT_SOURCES.items():
        name = f"camera_status_event_footage_{event.lower()}"
        # no JIT: the planner, blind to a transition table's size, would compile for millions
        found.append(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$ "
            f"BEGIN {_pg_resync_changed(source)}; RETURN NULL; END $$"
        )
        found.append(
            f"CREATE TRIGGER {name} AFTER {event} ON camera_status_event "
            f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )
    return found


def _pg_triggers() -> list[str]:
    found = []
    for name, table, steps, columns, when in _triggers("postgresql"):
        branches = " ".join(
            f"{'IF' if i == 0 else 'ELSIF'} TG_OP = '{event}' THEN {'; '.join(sql)};"
            for i, (event, sql) in enumerate(steps.items())
        )
        events = " OR ".join(f"UPDATE OF {columns}" if e == "UPDATE" else e for e in steps)
        found.append(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {branches} END IF; RETURN NULL; END $$"
        )
        if when:
            # a WHEN clause cannot name OLD on INSERT nor NEW on DELETE: one trigger per event
            for event in steps:
                on = f"UPDATE OF {columns}" if event == "UPDATE" else event
                guard = f" WHEN ({when[event]})" if event in when else ""
                found.append(
                    f"CREATE TRIGGER {name}_{event.lower()} AFTER {on} ON {table} "
                    f"FOR EACH ROW{guard} EXECUTE FUNCTION {name}()"
                )
        else:
            found.append(
                f"CREATE TRIGGER {name} AFTER {events} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}()"
            )
    found += _pg_event_triggers()
    found.append(
        "CREATE FUNCTION report_tallies_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN IF TG_TABLE_NAME = 'footage_evidence' THEN DELETE FROM camera_month_tally; "
        "ELSE DELETE FROM incident_in_view; "
        f"UPDATE {TALLY} SET footage_available = 0 WHERE footage_available <> 0; "
        "END IF; RETURN NULL; END $$"
    )
    for table in ("incident", "camera", "camera_status_event", "footage_evidence"):
        found.append(
            f"CREATE TRIGGER {table}_report_truncate AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION report_tallies_truncate()"
        )
    return found


def _drop_triggers(dialect: str) -> list[str]:
    found = []
    for name, table, steps, _columns, when in _triggers(dialect):
        if dialect == "sqlite":
            found += [f"DROP TRIGGER IF EXISTS {name}_{e.lower()}" for e in steps]
            continue
        names = [f"{name}_{e.lower()}" for e in steps] if when else [name]
        found += [f"DROP TRIGGER IF EXISTS {n} ON {table}" for n in names]
        found.append(f"DROP FUNCTION IF EXISTS {name}()")
    if dialect == "postgresql":
        # "" : the row-level trigger of this revision's first version (commit 4e21b96)
        for suffix in ("", *(f"_{event.lower()}" for event in EVENT_SOURCES)):
            name = f"camera_status_event_footage{suffix}"
            found.append(f"DROP TRIGGER IF EXISTS {name} ON camera_status_event")
            found.append(f"DROP FUNCTION IF EXISTS {name}()")
        for table in ("incident", "camera", "camera_status_event", "footage_evidence"):
            found.append(f"DROP TRIGGER IF EXISTS {table}_report_truncate ON {table}")
        found.append("DROP FUNCTION IF EXISTS report_tallies_truncate()")
    return found


# --------------------------------------------------------------------------- filling


def fill(dialect: str) -> list[str]:
    """Compute both summaries from the rows already there (used by the upgrade)."""
    near = _meets(dialect, "i", "idx_incident_geom", "geom", "c.view_geom")
    status = (
        "(SELECT e.status FROM camera_status_event e WHERE e.camera_id = c.id "
        "AND e.effective_at <= i.occurred_at ORDER BY e.effective_at DESC, e.id DESC LIMIT 1)"
    )
    month = MONTH[dialect].format(t="i.occurred_at")
    return [
        "INSERT INTO incident_in_view (incident_id) SELECT DISTINCT i.id FROM camera c "
        f"JOIN incident i ON {near} AND ST_Intersects(c.view_geom, i.geom) "
        f"WHERE {status} = 'active'",
        f"UPDATE {TALLY} SET footage_available = s.n FROM (SELECT i.commune_id, {month} AS month, "
        "i.type, count(*) AS n FROM incident i JOIN incident_in_view v ON v.incident_id = i.id "
        "GROUP BY 1, 2, 3) AS s "
        f"WHERE {TALLY}.commune_id = s.commune_id AND {TALLY}.month = s.month "
        f"AND {TALLY}.type = s.type",
        "INSERT INTO camera_month_tally (camera_id, month, helped, clarified) "
        f"SELECT f.camera_id, {month}, count(DISTINCT i.id), "
        f"count(DISTINCT CASE WHEN i.status IN {DONE} THEN i.id END) "
        "FROM footage_evidence f JOIN incident i ON i.id = f.incident_id "
        f"WHERE f.usefulness IN {USEFUL} GROUP BY 1, 2",
    ]


def upgrade() -> None:
    op.add_column(
        TALLY, sa.Column("footage_available", sa.Integer(), nullable=False, server_default="0")
    )
    op.create_table(
        "incident_in_view",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("incident_id", name=op.f("pk_incident_in_view")),
    )
    op.create_table(
        "camera_month_tally",
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("helped", sa.Integer(), nullable=False),
        sa.Column("clarified", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("camera_id", "month", name=op.f("pk_camera_month_tally")),
    )
    dialect = op.get_bind().dialect.name
    for statement in fill(dialect):
        op.execute(statement)
    for statement in _sqlite_triggers() if dialect == "sqlite" else _pg_triggers():
        op.execute(statement)


def downgrade() -> None:
    for statement in _drop_triggers(op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_table("camera_month_tally")
    op.drop_table("incident_in_view")
    # not a batch: rebuilding the tally would trip over the triggers that write to it
    op.execute(f"ALTER TABLE {TALLY} DROP COLUMN footage_available")
