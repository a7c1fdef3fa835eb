""" "Clarified with footage" is derived from status and evidence, never typed in."""

from collections import defaultdict

import pytest

from camera_registry.demo.records import DemoDataset
from camera_registry.incidents.schemas import IncidentCreate
from camera_registry.vocab import Usefulness
from tests.incidents.conftest import Scene


def _tag(scene: Scene) -> bool:
    return scene.client.get(f"/incidents/{scene.case_code}").json()["properties"][
        "clarified_with_footage"
    ]


def _listed_with_footage(scene: Scene, value: str) -> bool:
    body = scene.client.get(
        "/incidents", params={"with_footage": value, "from": scene.occurred_at.date().isoformat()}
    ).json()
    return scene.case_code in {f["id"] for f in body["features"]}


def test_the_tag_follows_status_and_usefulness(scene: Scene):
    scene.add_evidence(scene.state, usefulness="not_useful")
    assert not _tag(scene)
    scene.client.post(f"/incidents/{scene.case_code}/status", json={"status": "clarified"})
    assert not _tag(scene), "clarified, but only useless footage"
    assert _listed_with_footage(scene, "false") and not _listed_with_footage(scene, "true")
    scene.add_evidence(scene.state, usefulness="supporting")
    assert _tag(scene)
    assert _listed_with_footage(scene, "true") and not _listed_with_footage(scene, "false")
    scene.client.post(f"/incidents/{scene.case_code}/status", json={"status": "closed"})
    assert _tag(scene)


def test_useful_footage_alone_does_not_tag_an_open_case(scene: Scene):
    scene.add_evidence(scene.state, usefulness="decisive")
    assert not _tag(scene)
    assert not _listed_with_footage(scene, "true")


@pytest.mark.parametrize("field", ["clarified_with_footage", "with_footage"])
def test_the_tag_cannot_be_typed_in(scene: Scene, field: str, cam_thuy_commune):
    assert field not in IncidentCreate.model_fields
    _, lon, lat = cam_thuy_commune
    response = scene.client.post(
        "/incidents",
        json={"case_code": "VV-TAG-1", "type": "fire", "occurred_at": "01/02/2024 10:00",
              "lon": lon, "lat": lat, "status": "closed", field: True},
    )  # fmt: skip
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


def test_the_tag_matches_the_demo_records(as_role, demo_data: DemoDataset):
    useful = defaultdict(bool)
    for clip in demo_data.evidence:
        useful[clip.case_code] |= clip.usefulness is not Usefulness.NOT_USEFUL
    expected = {
        i.case_code
        for i in demo_data.incidents
        if i.status.value in ("clarified", "closed") and useful[i.case_code]
    }
    body = (
        as_role("investigator")
        .get("/incidents", params={"with_footage": "true", "limit": 5000})
        .json()
    )
    assert {f["id"] for f in body["features"]} == expected
    rest = (
        as_role("investigator")
        .get("/incidents", params={"with_footage": "false", "limit": 5000})
        .json()
    )
    assert body["numberMatched"] + rest["numberMatched"] == len(demo_data.incidents)
    assert not expected & {f["id"] for f in rest["features"]}
