"""GET /places: search the gazetteer by name (any diacritics), kind and unit."""

from __future__ import annotations

from camera_registry.demo.records import DemoDataset


def test_search_by_folded_name_and_unit(as_role, demo_data: DemoDataset):
    body = as_role("viewer").get("/places", params={"q": "cho cam lien"}).json()
    assert [f["properties"]["name"] for f in body["features"]] == ["Chợ Cẩm Liên"]
    hamlets = as_role("viewer").get("/places", params={"unit": "15145", "kind": "hamlet"}).json()
    expected = {
        p.name for p in demo_data.places if p.commune_code == "15145" and p.kind == "hamlet"
    }
    assert {f["properties"]["name"] for f in hamlets["features"]} == expected


def test_search_needs_credentials_and_a_known_kind(client, as_role):
    assert client.get("/places", params={"q": "cho"}).status_code == 401
    response = as_role("viewer").get("/places", params={"kind": "castle"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "kind"
