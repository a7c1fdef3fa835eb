"""The point lookup goes through the spatial indexes: R*Tree on SpatiaLite, GiST on PostGIS."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from camera_registry.lookup import queries
from geo.measure import radius_bbox

LON, LAT = 105.346023, 20.20542


AT = datetime(2023, 5, 4, 21, 30, tzinfo=UTC)


def _compiled(session: Session, at: bool) -> str:
    stmt = queries._point_statement(session, at)
    params = queries.point_parameters(lon=LON, lat=LAT, bbox=radius_bbox(LON, LAT, 300))
    if at:
        params["at"] = AT
    bound = stmt.params(params)
    return str(bound.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))


@pytest.mark.engines("spatialite")
@pytest.mark.parametrize("at", [False, True], ids=["now", "at"])
def test_spatialite_uses_both_rtrees(session: Session, engine_name: str, at: bool):
    rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {_compiled(session, at)}")
    plan = " | ".join(str(r[-1]) for r in rows)
    assert "idx_camera_view_geom" in plan and "idx_camera_geom" in plan, plan
    assert "SCAN camera" not in plan.replace("SCAN camera USING", ""), plan
    if at:  # the status at T: one step per camera down the covering index, nothing sorted
        assert "COVERING INDEX ix_camera_status_event_status_at" in plan, plan
        assert "TEMP B-TREE" not in plan, plan


@pytest.mark.engines("postgis")
@pytest.mark.parametrize("at", [False, True], ids=["now", "at"])
def test_postgis_uses_both_gist_indexes(session: Session, engine_name: str, at: bool):
    conn = session.connection()
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    plan = "\n".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {_compiled(session, at)}"))
    assert "idx_camera_view_geom" in plan and "idx_camera_geom" in plan, plan
    if at:  # one backward step per camera down the covering index, nothing sorted
        assert "ix_camera_status_event_status_at" in plan, plan
        assert "Sort" not in plan, plan
