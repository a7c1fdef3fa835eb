"""Generate the demo data set once for all demo tests."""

from __future__ import annotations

import pytest

from camera_registry.demo.generate import DemoDataset, generate


@pytest.fixture(scope="session")
def data() -> DemoDataset:
    return generate()
