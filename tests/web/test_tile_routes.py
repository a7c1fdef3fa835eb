"""``/tiles/{layer}/{z}/{x}/{y}.mvt``: authentication and problems for bad input."""

from __future__ import annotations

from tests.problems import assert_problem
from tests.web.support import features, tile_of


def test_tiles_need_a_signed_in_user(client):
    body = assert_problem(client.get("/tiles/cameras/0/0/0.mvt"), 401)
    assert body["status"] == 401


BAD_ADDRESSES = [
    ("/tiles/roads/1/0/0.mvt", "layer"),
    ("/tiles/cameras/23/0/0.mvt", "z"),
    ("/tiles/cameras/-1/0/0.mvt", "z"),
    ("/tiles/cameras/3/8/0.mvt", "x"),
    ("/tiles/cameras/3/0/8.mvt", "y"),
    ("/tiles/cameras/3/-1/0.mvt", "x"),
    ("/tiles/cameras/3/0/abc.mvt", "y"),
    ("/tiles/cameras/3/0/99999999999999999999.mvt", "y"),
    ("/tiles/communes/3/0/0.mvt?on=30/06/2025", "on"),
]


def test_bad_tile_addresses_are_named(as_role):
    client = as_role("viewer")
    for path, field in BAD_ADDRESSES:
        body = assert_problem(client.get(path), 422)
        assert field in [e["field"] for e in body["errors"]], path


def test_a_tile_is_the_same_for_every_role(as_role, cam_thuy_commune):
    _, lon, lat = cam_thuy_commune
    z, x, y = tile_of(lon, lat, 12)
    contents = set()
    for role in ("admin", "investigator", "planner", "commune_officer", "viewer"):
        found = features(as_role(role).get(f"/tiles/cameras/{z}/{x}/{y}.mvt").content, "cameras")
        assert found
        contents.add(tuple(sorted(repr(sorted(f.items())) for f in found)))
    assert len(contents) == 1
