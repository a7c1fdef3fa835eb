"""Holder identity reaches only the roles allowed to see it."""

import pytest
from fastapi.testclient import TestClient

from camera_registry.demo.records import DemoDataset


@pytest.mark.parametrize("path", ["/cameras", "/cameras/CT-390-00001", "/cameras?district=390"])
def test_unauthenticated_requests_get_401(client: TestClient, path: str):
    response = client.get(path)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer crk_abc_def", "Basic dXNlcjpwdw=="])
def test_bad_credentials_get_401(client: TestClient, header: str):
    response = client.get("/cameras", headers={"Authorization": header})
    assert response.status_code == 401


def _holders(body: dict) -> list[tuple[str, str | None]]:
    return [
        (f["properties"]["commune_code"], f["properties"].get("owner_contact"))
        for f in body["features"]
    ]


def test_planner_never_receives_owner_contacts(as_role):
    response = as_role("planner").get("/cameras", params={"district": "390"})
    assert response.status_code == 200
    assert "owner_contact" not in response.text and "owner_name" not in response.text


def test_investigator_reads_owner_contacts(as_role, demo_data: DemoDataset):
    body = as_role("investigator").get("/cameras", params={"district": "390"}).json()
    contacts = {f["id"]: f["properties"]["owner_contact"] for f in body["features"]}
    expected = {c.code: c.owner_contact for c in demo_data.cameras if c.code in contacts}
    assert contacts == expected
    assert any(expected.values())


def test_commune_officer_sees_holders_only_in_their_commune(as_role, cam_thuy_commune):
    own, _, _ = cam_thuy_commune
    body = as_role("commune_officer", (own,)).get("/cameras", params={"district": "390"}).json()
    for commune, contact in _holders(body):
        if commune != own:
            assert contact is None
    own_features = [f for f in body["features"] if f["properties"]["commune_code"] == own]
    assert own_features and all("owner_contact" in f["properties"] for f in own_features)
    others = [f for f in body["features"] if f["properties"]["commune_code"] != own]
    assert others and all("owner_contact" not in f["properties"] for f in others)
