"""Reading incident-specific cells of an import file (times, types, statuses)."""

from __future__ import annotations

from datetime import datetime, timedelta

from camera_registry.geoconv import from_db
from camera_registry.imports import parse
from camera_registry.incidents.queries import IncidentRecord
from camera_registry.incidents.schemas import IncidentCreate
from camera_registry.textnorm import fold
from camera_registry.timeparse import EXPECTED, aware, in_range, parse_text
from camera_registry.vocab import LABELS, IncidentStatus, IncidentType

_EXCEL_EPOCH = datetime(1899, 12, 30)
_ENUMS = {"type": IncidentType, "status": IncidentStatus}
_VOCAB = {
    name: {fold(term): m.value for m in enum for term in (m.value, *LABELS[m])}
    for name, enum in _ENUMS.items()
}


def moment_cell(value: object) -> datetime:
    """A time from an Excel date cell or serial number, or text (Vietnam time if naive)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not 20000 <= value <= 80000:  # an Excel serial day number (1954–2119)
            raise parse.CellError(f"{value!r} is not {EXPECTED}")
        value = _EXCEL_EPOCH + timedelta(days=float(value))
    if isinstance(value, datetime):
        if not in_range(value):
            raise parse.CellError(f"{value:%d/%m/%Y} is not {EXPECTED}")
        return aware(value)
    parsed = parse_text(parse.text(value))
    if parsed is None:
        raise parse.CellError(f"{parse.text(value)!r} is not {EXPECTED}")
    return aware(parsed[0])


def vocabulary_cell(name: str, value: object) -> str:
    """An incident type or status from its value or its Vietnamese or English label."""
    found = _VOCAB[name].get(fold(parse.text(value)))
    if found is None:
        allowed = ", ".join(f"{m.value} ({LABELS[m][0]})" for m in _ENUMS[name])
        raise parse.CellError(f"{parse.text(value)!r} is not one of: {allowed}")
    return found


def same_incident(row: IncidentRecord, data: IncidentCreate) -> bool:
    """Whether a recorded incident has the type, time and point of an import row."""
    point = from_db(row.incident.geom)
    if data.lon is None or data.lat is None:
        return row.incident.type == data.type.value and row.incident.occurred_at == data.occurred_at
    return (
        row.incident.type == data.type.value
        and row.incident.occurred_at == data.occurred_at
        and abs(point.x - data.lon) < 1e-7
        and abs(point.y - data.lat) < 1e-7
    )
