"""Severity weights per incident type, for hot spots and camera placement.

A robbery seen by a camera matters more to a planner than a fraud (which rarely
happens in the street); the weights rank uncovered places accordingly.  They
are configurable (``CAMREG_COVERAGE_SEVERITY_WEIGHTS``, a JSON object of
type → weight); types left out keep the defaults below.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from camera_registry.vocab import IncidentType

#: The default weight of each incident type (higher = more worth covering).
DEFAULT_SEVERITY_WEIGHTS: dict[str, float] = {
    IncidentType.ROBBERY.value: 5.0,
    IncidentType.ASSAULT.value: 4.0,
    IncidentType.DRUG_OFFENCE.value: 4.0,
    IncidentType.PROPERTY_THEFT.value: 3.0,
    IncidentType.TRAFFIC_ACCIDENT.value: 3.0,
    IncidentType.FIRE.value: 3.0,
    IncidentType.PUBLIC_DISORDER.value: 2.0,
    IncidentType.NEIGHBOURHOOD_DISPUTE.value: 1.0,
    IncidentType.TRAFFIC_VIOLATION.value: 1.0,
    IncidentType.FRAUD.value: 1.0,
    IncidentType.OTHER.value: 1.0,
}


def merged_weights(overrides: Mapping[str, float]) -> dict[str, float]:
    """The defaults updated with ``overrides``; unknown types or bad weights raise ValueError."""
    known = {t.value for t in IncidentType}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise ValueError(f"unknown incident types {unknown}; known: {sorted(known)}")
    for name, weight in overrides.items():
        if not math.isfinite(float(weight)) or float(weight) < 0:
            raise ValueError(f"weight of {name!r} must be a finite number ≥ 0")
    return {**DEFAULT_SEVERITY_WEIGHTS, **{k: float(v) for k, v in overrides.items()}}
