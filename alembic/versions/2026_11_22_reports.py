"""Reports: the monthly tally of incidents, kept by triggers

Revision ID: 20261122_reports
Revises: 20261122_trust
Create Date: 2026-11-22

``incident_month_tally`` counts incidents and those clarified with footage
(status clarified or closed, and at least one decisive or supporting clip) per
commune, local month and type.  Triggers on ``incident`` and
``footage_evidence`` keep it exact on every insert, update and delete; the
upgrade fills it from the rows already there.  Local months: PostgreSQL uses
the Asia/Ho_Chi_Minh zone, SQLite the fixed +7 hours that zone has kept since
1975.

SQLite drops a table's triggers when a batch migration rebuilds it: a later
revision that rebuilds ``incident`` or ``footage_evidence`` must create them
again (``SQLITE_TRIGGERS`` below).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261122_reports"
down_revision: str | None = "20261122_trust"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DONE = "('clarified', 'closed')"
USEFUL = "('decisive', 'supporting')"
MONTH = {
    "sqlite": "date({t}, '+7 hours', 'start of month')",
    "postgresql": "(date_trunc('month', {t} AT TIME ZONE 'Asia/Ho_Chi_Minh'))::date",
}
TRUE = {"sqlite": "1", "postgresql": "true"}


def _useful(incident: str, other_than: str | None = None) -> str:
    skip = f" AND f.id <> {other_than}" if other_than else ""
    return (
        f"EXISTS (SELECT 1 FROM footage_evidence f WHERE f.incident_id = {incident}"
        f" AND f.usefulness IN {USEFUL}{skip})"
    )


def _tag(row: str) -> str:
    """1 when the incident ``row`` (NEW/OLD) is clarified with footage, else 0."""
    return f"(CASE WHEN {row}.status IN {DONE} AND {_useful(row + '.id')} THEN 1 ELSE 0 END)"


def _add(dialect: str, row: str, sign: str) -> str:
    """Add (sign +) or remove (sign -) an incident row's contribution."""
    month = MONTH[dialect].format(t=f"{row}.occurred_at")
    return (
        "INSERT INTO incident_month_tally (commune_id, month, type, incidents, clarified) "
        f"SELECT {row}.commune_id, {month}, {row}.type, {sign}1, {sign}{_tag(row)} "
        f"WHERE {row}.commune_id IS NOT NULL "
        "ON CONFLICT (commune_id, month, type) DO UPDATE SET "
        "incidents = incident_month_tally.incidents + excluded.incidents, "
        "clarified = incident_month_tally.clarified + excluded.clarified"
    )


def _bump(dialect: str, incident: str, sign: str, condition: str) -> str:
    """Move the clarified count of an incident's tally row by one, when ``condition`` holds."""
    month = MONTH[dialect].format(t="i.occurred_at")
    return (
        f"UPDATE incident_month_tally SET clarified = clarified {sign} 1 "
        f"WHERE (commune_id, month, type) = (SELECT i.commune_id, {month}, i.type "
        f"FROM incident i WHERE i.id = {incident} AND i.status IN {DONE}) AND {condition}"
    )


def _evidence_steps(dialect: str) -> dict[str, list[str]]:
    """Statements per evidence event (NEW/OLD rows); the clip table is already changed."""
    new_ok, old_ok = f"NEW.usefulness IN {USEFUL}", f"OLD.usefulness IN {USEFUL}"
    return {
        "INSERT": [_bump(dialect, "NEW.incident_id", "+",
                         f"{new_ok} AND NOT {_useful('NEW.incident_id', 'NEW.id')}")],
        "DELETE": [_bump(dialect, "OLD.incident_id", "-",
                         f"{old_ok} AND NOT {_useful('OLD.incident_id')}")],
        "UPDATE": [
            _bump(dialect, "OLD.incident_id", "-",
                  f"{old_ok} AND NOT {_useful('OLD.incident_id', 'NEW.id')} AND NOT "
                  f"({new_ok} AND NEW.incident_id = OLD.incident_id)"),
            _bump(dialect, "NEW.incident_id", "+",
                  f"{new_ok} AND NOT {_useful('NEW.incident_id', 'NEW.id')} AND NOT "
                  f"({old_ok} AND OLD.incident_id = NEW.incident_id)"),
        ],
    }  # fmt: skip


def _incident_steps(dialect: str) -> dict[str, list[str]]:
    return {
        "INSERT": [_add(dialect, "NEW", "+")],
        "DELETE": [_add(dialect, "OLD", "-")],
        "UPDATE": [_add(dialect, "OLD", "-"), _add(dialect, "NEW", "+")],
    }


INCIDENT_UPDATE_COLUMNS = "commune_id, occurred_at, type, status"
EVIDENCE_UPDATE_COLUMNS = "incident_id, usefulness"


def _sqlite_triggers() -> list[str]:
    found = []
    for table, steps, columns in (
        ("incident", _incident_steps("sqlite"), INCIDENT_UPDATE_COLUMNS),
        ("footage_evidence", _evidence_steps("sqlite"), EVIDENCE_UPDATE_COLUMNS),
    ):
        for event, statements in steps.items():
            on = f"UPDATE OF {columns}" if event == "UPDATE" else event
            body = "; ".join(statements)
            found.append(
                f"CREATE TRIGGER {table}_tally_{event.lower()} AFTER {on} ON {table} "
                f"FOR EACH ROW BEGIN {body}; END"
            )
    return found


def _pg_function(table: str, steps: dict[str, list[str]]) -> str:
    branches = " ".join(
        f"{'IF' if i == 0 else 'ELSIF'} TG_OP = '{event}' THEN {'; '.join(sql)};"
        for i, (event, sql) in enumerate(steps.items())
    )
    return (
        f"CREATE FUNCTION {table}_tally() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {branches} END IF; RETURN NULL; END $$"
    )


def _pg_triggers() -> list[str]:
    found = []
    for table, steps, columns in (
        ("incident", _incident_steps("postgresql"), INCIDENT_UPDATE_COLUMNS),
        ("footage_evidence", _evidence_steps("postgresql"), EVIDENCE_UPDATE_COLUMNS),
    ):
        found.append(_pg_function(table, steps))
        found.append(
            f"CREATE TRIGGER {table}_tally AFTER INSERT OR DELETE OR UPDATE OF {columns} "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_tally()"
        )
    found.append(
        "CREATE FUNCTION incident_tally_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN DELETE FROM incident_month_tally; RETURN NULL; END $$"
    )
    found.append(
        "CREATE TRIGGER incident_tally_truncate AFTER TRUNCATE ON incident "
        "FOR EACH STATEMENT EXECUTE FUNCTION incident_tally_truncate()"
    )
    return found


def fill(dialect: str) -> str:
    """Recount the whole tally from the incidents and clips (used by the upgrade)."""
    return (
        "INSERT INTO incident_month_tally (commune_id, month, type, incidents, clarified) "
        f"SELECT i.commune_id, {MONTH[dialect].format(t='i.occurred_at')}, i.type, count(*), "
        f"sum(CASE WHEN i.status IN {DONE} AND {_useful('i.id')} THEN 1 ELSE 0 END) "
        "FROM incident i WHERE i.commune_id IS NOT NULL GROUP BY 1, 2, 3"
    )


def upgrade() -> None:
    op.create_table(
        "incident_month_tally",
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("incidents", sa.Integer(), nullable=False),
        sa.Column("clarified", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"],
            ["admin_unit.id"],
            name=op.f("fk_incident_month_tally_commune_id_admin_unit"),
        ),
        sa.PrimaryKeyConstraint("commune_id", "month", "type", name=op.f("pk_incident_month_tally")),
    )
    dialect = op.get_bind().dialect.name
    for statement in _sqlite_triggers() if dialect == "sqlite" else _pg_triggers():
        op.execute(statement)
    op.execute(fill(dialect))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in ("incident", "footage_evidence"):
            for event in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_tally_{event}")
    else:
        op.execute("DROP TRIGGER IF EXISTS incident_tally_truncate ON incident")
        op.execute("DROP FUNCTION IF EXISTS incident_tally_truncate()")
        for table in ("incident", "footage_evidence"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_tally ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_tally()")
    op.drop_table("incident_month_tally")
