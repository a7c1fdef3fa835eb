"""The API's rules, applied to every row at once.

Each row becomes the body ``POST /cameras`` would receive and is checked by the
field rules of the same ``CameraCreate`` model, column by column over each
column's distinct values (the model has no rule that looks at two fields), so an
import accepts exactly what the API accepts: direction 0–<360°, fov 1–360°, range
1–500 m, height 0–100 m, no date in the future, known vocabularies.  Then the
checks that need the registry: the code appears once in the file, the point lies
in a commune in force on the row's date (or, where no boundary is loaded yet,
the row names a commune without one), a commune written in the file agrees
with the point, and a commune officer writes only in their communes.

A row whose code is already stored updates that camera: fields the file has no
column for keep their stored values.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import numpy as np
import numpy.typing as npt
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.orm import Session

from camera_registry.auth import Principal
from camera_registry.cameras.schemas import CameraCreate
from camera_registry.imports.communes import CommuneLocator
from camera_registry.imports.fields import CAMERA_FIELDS
from camera_registry.imports.given import Outside, settle_outside
from camera_registry.imports.mapping import ColumnMap
from camera_registry.imports.queries import NamedCommune
from camera_registry.imports.rows import Parsed
from camera_registry.textnorm import fold
from camera_registry.timeutil import today_local
from camera_registry.vocab import Role

FloatArray = npt.NDArray[np.float64]

#: Fields checked by ``CameraCreate`` (the commune is checked against the point here).
API_FIELDS = tuple(
    name for name in CameraCreate.model_fields if name in (*CAMERA_FIELDS, "code", "lon", "lat")
)
_UNIT_PREFIXES = ("thi tran ", "xa ", "phuong ", "dac khu ", "commune ", "ward ")


def _reason(error: dict[str, Any]) -> str:
    if error.get("type") == "missing":
        return "is required"
    return str(error.get("msg", "invalid value")).removeprefix("Value error, ")


def records(
    parsed: Parsed, lon: FloatArray, lat: FloatArray, existing: dict[str, dict[str, Any]]
) -> list[dict[str, Any] | None]:
    """Each row as a camera body (no empty values): file values, stored ones for absent columns."""
    count = len(parsed.row_numbers)
    codes = parsed.values.get("code") or [None] * count
    names = [n for n in CAMERA_FIELDS if n in parsed.values]
    rows = zip(*(parsed.values[n] for n in names), strict=True) if names else iter([()] * count)
    lons, lats = lon.tolist(), lat.tolist()
    out: list[dict[str, Any] | None] = []
    for i, (code, values) in enumerate(zip(codes, rows, strict=True)):
        if i in parsed.bad:
            out.append(None)
            continue
        record = {k: v for k, v in zip(names, values, strict=True) if v is not None}
        record.update(code=code, lon=lons[i], lat=lats[i])
        stored = existing.get(code) if code is not None else None
        if stored is not None:
            for name in CAMERA_FIELDS:
                if name not in parsed.present:
                    record.pop(name, None)
                    if stored[name] is not None:
                        record[name] = stored[name]
        out.append(record)
    return out


def _field_adapter(name: str) -> TypeAdapter[list[Any]]:
    info = CameraCreate.model_fields[name]
    # the model's settings that bear on a single value (``extra`` is about the body)
    config = CameraCreate.model_config.copy()
    config.pop("extra", None)
    return TypeAdapter(list[Annotated[info.annotation, info]], config=config)  # type: ignore[name-defined]


#: One validator per field: ``CameraCreate`` has only field rules (a test holds it to that),
#: so checking each field's distinct values is checking every row's body.
_ADAPTERS = {name: _field_adapter(name) for name in API_FIELDS}
_ABSENT = object()
_MISSING = (object, _ABSENT)  # the key of a cell whose row has no value for the field


def _reasons(name: str, distinct: list[tuple[type, Any]]) -> dict[tuple[type, Any], str]:
    """Why each refused value of one field is refused."""
    try:
        _ADAPTERS[name].validate_python([value for _, value in distinct])
    except ValidationError as error:
        return {distinct[int(item["loc"][0])]: _reason(dict(item)) for item in error.errors()}
    return {}


def check_api_rules(parsed: Parsed, cmap: ColumnMap, recs: list[dict[str, Any] | None]) -> None:
    """Validate every record by ``CameraCreate``'s rules; errors name the file's columns.

    Column by column, each distinct value once: a file's columns repeat their
    values, and one pydantic call per column beats building a body per row.
    """
    rows = [(i, r) for i, r in enumerate(recs) if r is not None]
    for name in API_FIELDS:
        cells = [record.get(name, _ABSENT) for _, record in rows]
        keys = list(zip(map(type, cells), cells, strict=True))  # 1, 1.0 and True stay apart
        distinct = dict.fromkeys(keys)
        missing = _MISSING in distinct and CameraCreate.model_fields[name].is_required()
        distinct.pop(_MISSING, None)
        reasons = _reasons(name, list(distinct))
        if not reasons and not missing:
            continue
        for (i, _), key in zip(rows, keys, strict=True):
            if key == _MISSING and missing:
                parsed.error(i, _column(cmap, name), None, "is required", name)
            elif key in reasons:
                parsed.error(i, _column(cmap, name), key[1], reasons[key], name)
    for i, record in rows:
        extra = record.get("external_id")
        if isinstance(extra, str) and len(extra) > 100:
            parsed.error(i, _column(cmap, "external_id"), extra, "at most 100 characters", None)


def _column(cmap: ColumnMap, name: str) -> str:
    if name in ("lon", "lat") and name not in cmap.columns:
        for east, north in (("x", "y"), ("easting", "northing")):
            if east in cmap.columns:
                return cmap.header_of(east if name == "lon" else north)
        return "geometry"
    return cmap.header_of(name)


def check_unique_codes(parsed: Parsed, cmap: ColumnMap) -> None:
    """A code may appear once in a file: later rows with it are errors."""
    seen: dict[str, int] = {}
    header = cmap.header_of("code")
    for i, code in enumerate(parsed.values.get("code") or []):
        if code is None:
            continue
        if code in seen:
            first = parsed.row_numbers[seen[code]]
            parsed.error(i, header, code, f"the code also appears on row {first}", "code")
        else:
            seen[code] = i


def dates_of(recs: list[dict[str, Any] | None]) -> list[date]:
    """The date each row's commune is looked up on: its installation date, or today."""
    today = today_local()
    return [(r or {}).get("installed_on") or today for r in recs]


def _same_commune(given: object, code: str, name: str) -> bool:
    text = fold(str(given))
    if text == code:
        return True
    bare = fold(name)
    for prefix in _UNIT_PREFIXES:
        bare = bare.removeprefix(prefix)
        text = text.removeprefix(prefix)
    return text == bare


def check_communes(
    session: Session,
    parsed: Parsed,
    cmap: ColumnMap,
    recs: list[dict[str, Any] | None],
    located: npt.NDArray[np.int64],
    locator: CommuneLocator,
    actor: Principal,
    existing: dict[str, dict[str, Any]],
) -> dict[int, NamedCommune]:
    """The point's commune exists, agrees with the file, and is the actor's to write.

    A point in no loaded boundary may take the commune its row names, when that
    commune has no boundary yet (:mod:`camera_registry.imports.given`); those
    rows' communes are returned by row index.
    """
    given = parsed.values.get("commune_code")
    days = dates_of(recs)
    live = [i for i, r in enumerate(recs) if r is not None and i not in parsed.bad]
    job = Outside(parsed, recs, days, _column(cmap, "lon"), cmap.header_of("commune_code"))
    taken = settle_outside(session, job, [i for i in live if located[i] < 0])
    for i in live:
        if i in parsed.bad:
            continue
        record = recs[i]
        assert record is not None
        if i in taken:
            code = taken[i].code
        else:
            unit = locator.versions[located[i]]
            code = unit.code
            if given is not None and given[i] is not None:
                if not _same_commune(given[i], unit.code, unit.name):
                    reason = f"the point lies in commune {unit.code} ({unit.name}), not {given[i]}"
                    parsed.error(
                        i, cmap.header_of("commune_code"), given[i], reason, "commune_code"
                    )
                    continue
        _check_scope(parsed, cmap, i, record, (code, existing.get(record["code"])), actor)
    return taken


def _check_scope(
    parsed: Parsed,
    cmap: ColumnMap,
    i: int,
    record: dict[str, Any],
    where: tuple[str, dict[str, Any] | None],
    actor: Principal,
) -> None:
    """A commune officer writes only in their communes: the new one and the stored one."""
    code, stored = where
    for commune in (code, stored["commune_code"] if stored else code):
        if actor.role != Role.ADMIN and commune not in actor.commune_codes:
            reason = f"you may import cameras only in your communes, not in {commune}"
            parsed.error(i, _column(cmap, "lon"), f"{record['lon']}, {record['lat']}", reason, None)
            return
