"""On SpatiaLite a spatial filter must go through the R*Tree, not a full scan."""

import pytest
from sqlalchemy.orm import Session

from camera_registry.cameras import queries


@pytest.mark.engines("spatialite")
def test_bbox_and_unit_filters_use_the_rtree(session: Session, engine_name: str):
    plans = []
    for flt in (
        queries.CameraFilter(bbox=(105.4, 20.1, 105.5, 20.2)),
        queries.CameraFilter(unit_codes=("390",)),
    ):
        stmt = queries._filtered(session, flt)
        assert stmt is not None
        compiled = stmt.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        plan = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
        plans.append(" | ".join(str(row[-1]) for row in plan))
    for plan in plans:
        assert "idx_camera_geom" in plan, plan
        assert "SCAN camera" not in plan.replace("SCAN camera USING", ""), plan


@pytest.mark.engines("postgis")
def test_bbox_filter_uses_the_gist_index(session: Session, engine_name: str):
    stmt = queries._filtered(session, queries.CameraFilter(bbox=(105.4, 20.1, 105.5, 20.2)))
    assert stmt is not None
    compiled = stmt.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
    conn = session.connection()
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    plan = "\n".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {compiled}"))
    assert "idx_camera_geom" in plan, plan
