"""No personal data or secrets in application logs."""

import logging

import pytest

from camera_registry.demo.records import DemoDataset


def test_logs_carry_no_holder_contact_address_or_key(
    as_role, demo_data: DemoDataset, caplog: pytest.LogCaptureFixture
):
    cam = next(c for c in demo_data.cameras if c.owner_contact and c.commune_code)
    client = as_role("investigator")
    key = client.headers["Authorization"].split()[1]
    with caplog.at_level(logging.DEBUG):
        listed = client.get("/cameras", params={"commune": cam.commune_code, "limit": 5000})
        one = client.get(f"/cameras/{cam.code}")
        client.get("/cameras", params={"bbox": "not,a,bbox,here"})
    assert cam.owner_contact in listed.text and cam.owner_contact in one.text
    logged = caplog.text
    assert "GET /cameras" in logged  # the access log is on …
    assert cam.owner_contact not in logged  # … and holds no contact,
    assert cam.owner_name not in logged  # no holder name,
    assert key not in logged and key.split("_", 2)[2] not in logged  # no secret,
    assert "not,a,bbox" not in logged  # and no query string.
