"""An incident placed by its address goes through the lookup's resolution chain."""

from camera_registry.addresses.resolve import resolve_address
from camera_registry.demo.records import DemoDataset


def _place(demo_data: DemoDataset, kind: str):
    return next(p for p in demo_data.places if p.kind == kind and "Cẩm Thủy" in p.address)


def test_an_address_at_a_named_place_gives_the_point(as_role, session, demo_data: DemoDataset):
    market = _place(demo_data, "market")
    typed = market.address.replace("Chợ", "cho").replace("huyện", "h.")  # how people type
    resolved = resolve_address(session, typed)
    response = as_role("investigator").post(
        "/incidents",
        json={"case_code": "VV-ADDR-1", "type": "property_theft",
              "occurred_at": "12/03/2025 08:15", "address": typed},
    )  # fmt: skip
    assert response.status_code == 201, response.text
    feature = response.json()
    assert tuple(feature["geometry"]["coordinates"]) == tuple(round(v, 7) for v in resolved.point)
    assert feature["properties"]["address"] == typed
    assert feature["properties"]["commune_code"] == market.commune_code


def test_a_hamlet_or_commune_is_not_a_point(as_role, demo_data: DemoDataset):
    hamlet = _place(demo_data, "hamlet")
    client = as_role("investigator")
    for address in (hamlet.address, "xã Cẩm Liên, huyện Cẩm Thủy, Thanh Hóa", "Zzzz qqqq"):
        response = client.post(
            "/incidents",
            json={"case_code": "VV-ADDR-2", "type": "fire", "occurred_at": "12/03/2025 08:15",
                  "address": address},
        )  # fmt: skip
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["field"] == "address"
