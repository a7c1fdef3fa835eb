"""Incident map filters go through the spatial index on both engines."""

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.incidents import queries
from camera_registry.incidents.models import Incident

FILTERS = [
    queries.IncidentFilter(bbox=(105.4, 20.1, 105.5, 20.2)),
    queries.IncidentFilter(unit_codes=("390",), with_footage=True),
]


def _compiled(session: Session, flt: queries.IncidentFilter) -> str:
    stmt = select(Incident.id).where(*queries.filter_clauses(session, flt=flt))
    return str(stmt.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))


@pytest.mark.engines("spatialite")
@pytest.mark.parametrize("flt", FILTERS)
def test_filters_use_the_rtree(session: Session, engine_name: str, flt):
    plan = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {_compiled(session, flt)}")
    text = " | ".join(str(row[-1]) for row in plan)
    assert "idx_incident_geom" in text, text
    assert "SCAN incident" not in text.replace("SCAN incident USING", ""), text


@pytest.mark.engines("postgis")
def test_bbox_filter_uses_the_gist_index(session: Session, engine_name: str):
    conn = session.connection()
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    plan = "\n".join(
        r[0] for r in conn.exec_driver_sql(f"EXPLAIN {_compiled(session, FILTERS[0])}")
    )
    assert "idx_incident_geom" in plan, plan
