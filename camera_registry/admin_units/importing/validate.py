"""Each row of a boundary file checked and turned into a unit record, or into row errors.

Every problem is an :class:`~camera_registry.imports.report.Issue` naming the
row, the column as the file heads it, the value and the reason: a missing or
duplicated code, an unknown level word, an unknown parent code, an unreadable
number or date, and the geometry's problems found by
:func:`camera_registry.admin_units.importing.geometry.boundary`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from camera_registry.admin_units.importing import fields as uf
from camera_registry.admin_units.importing.geometry import Boundary
from camera_registry.admin_units.importing.mapping import UnitColumns
from camera_registry.admin_units.importing.read import cell
from camera_registry.admin_units.models import BEGINNING_OF_RECORDS
from camera_registry.imports import parse
from camera_registry.imports.report import Issue
from camera_registry.vocab import Level

_THOUSANDS = re.compile(r"^\d{1,3}(?:[.\s]\d{3})+$")
#: What the ``admin_unit`` table holds: codes, names (with their type word), population.
MAX_CODE, MAX_NAME, MAX_POPULATION = 16, 200, 2**31 - 1


@dataclass
class UnitRecord:
    """One unit as the file describes it, checked; ``parent_code`` is resolved later."""

    row: int
    code: str
    name: str
    level: Level
    unit_type: str
    boundary: Boundary
    parent_code: str | None = None
    population: int | None = None
    area_published_km2: float | None = None
    merged_from: str | None = None
    valid_from: date = uf.REFORM_DAY
    valid_to: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class RowCheck:
    """Collects the issues of one row while its cells are read."""

    def __init__(self, row: int, cells: list[object], cols: UnitColumns) -> None:
        self.row, self.cells, self.cols = row, cells, cols
        self.issues: list[Issue] = []

    def raw(self, name: str) -> Any:
        """The cell of a field (or the mapping's default for it)."""
        value = cell(self.cells, self.cols.columns.get(name))
        return self.cols.defaults.get(name) if value is None else value

    def error(self, name: str, value: object, reason: str) -> None:
        """Record an error on the field's column."""
        shown = "" if value is None else parse.text(value)
        column = self.cols.header_of(name)
        if name == "wkt" and name not in self.cols.columns:
            column = "geometry"  # a GIS feature's own geometry
        self.issues.append(Issue(self.row, column, shown, reason, field=name))

    def required(self, name: str, reader: Any) -> Any:
        """Like :meth:`read`, and a blank cell is an error too."""
        value = self.read(name, reader)
        if value is None and all(issue.field != name for issue in self.issues):
            self.error(name, None, "is required")
        return value

    def read(self, name: str, reader: Any) -> Any:
        """A field's value through ``reader`` (None when blank; an error when unreadable)."""
        value = self.raw(name)
        if parse.is_blank(value):
            return None
        try:
            return reader(value)
        except parse.CellError as error:
            self.error(name, value, error.reason)
            return None


def _text(value: object, limit: int | None = None) -> str:
    """A text cell: not a JSON list or object, no NUL character, at most ``limit`` long."""
    if isinstance(value, dict | list):
        raise parse.CellError("phải là chữ / must be text, not a list or an object")
    text = parse.text(value)
    if "\x00" in text:
        raise parse.CellError("có ký tự NUL / contains a NUL character")
    if limit is not None and len(text) > limit:
        raise parse.CellError(f"quá dài / at most {limit} characters ({len(text)} given)")
    return text


def _code(value: object) -> str:
    return _text(value, MAX_CODE)


def _population(value: object) -> int:
    if isinstance(value, dict | list):
        raise parse.CellError("must be a number")
    if isinstance(value, str) and _THOUSANDS.match(value.strip()):
        value = re.sub(r"[.\s]", "", value)
    number = parse.integer(value)
    if number < 0:
        raise parse.CellError("a population cannot be negative")
    if number > MAX_POPULATION:
        raise parse.CellError(f"quá lớn / at most {MAX_POPULATION}")
    return number


def _area(value: object) -> float:
    if isinstance(value, dict | list):
        raise parse.CellError("must be a number")
    number = parse.number(value)
    if number <= 0:
        raise parse.CellError("an area must be positive")
    return number


def _level(check: RowCheck, name: str) -> uf.LevelWord | None:
    word = check.raw("level")
    if parse.is_blank(word):
        found = uf.level_from_name(name)
        if found is None and "level" in check.cols.columns:
            check.error("level", None, "is required (xã, phường, đặc khu, tỉnh …)")
        return found or uf.LevelWord(Level.COMMUNE, "Xã")
    found = uf.level_word(parse.text(word))
    if found is None:
        check.error(
            "level", word, "không rõ cấp / unknown level word; use xã, phường, đặc khu, "
            "thị trấn, tỉnh, thành phố, huyện, quận or thị xã",
        )  # fmt: skip
    elif (
        found.level is Level.PROVINCE
        and found.unit_type == "Thành phố"
        and check.raw("parent_code")
    ):
        return uf.LevelWord(Level.DISTRICT, "Thành phố")  # a city under a province
    return found


def _dates(check: RowCheck, level: Level) -> tuple[date, date | None]:
    valid_to = check.read("valid_to", parse.day)
    valid_from = check.read("valid_from", parse.day)
    if valid_from is None:
        legacy = level is Level.DISTRICT or (valid_to is not None and valid_to < uf.REFORM_DAY)
        valid_from = BEGINNING_OF_RECORDS if legacy else uf.REFORM_DAY
    if valid_to is not None and valid_to < valid_from:
        check.error("valid_to", valid_to, f"is before valid_from ({valid_from.isoformat()})")
    return valid_from, valid_to


def _name_and_kind(check: RowCheck) -> tuple[str | None, uf.LevelWord | None]:
    """The unit's name as stored (led by its type word) and its level and type."""
    name = check.required("name", _text)
    kind = _level(check, name or "")
    if name is None or kind is None:
        return None, kind
    full = uf.full_name(name, kind.unit_type)
    if len(full) > MAX_NAME:
        check.error("name", name, f"quá dài / at most {MAX_NAME} characters with its type word")
    return full, kind


def record_of(
    check: RowCheck, shape: Boundary | str, province: str | None
) -> tuple[UnitRecord | None, list[Issue]]:
    """Read one row; the record (None if it has errors) and its issues."""
    code = check.required("code", _code)
    name, kind = _name_and_kind(check)
    level = kind.level if kind else Level.COMMUNE
    valid_from, valid_to = _dates(check, level)
    population = check.read("population", _population)
    area = check.read("area_published_km2", _area)
    merged = check.read("merged_from", _text)
    parent = check.read("parent_code", _code)
    if parent is None and level != Level.PROVINCE:
        parent = province
    if isinstance(shape, str):
        check.error("wkt", None, shape)
    if check.issues or code is None or name is None or kind is None or isinstance(shape, str):
        return None, check.issues
    unit = UnitRecord(
        check.row, code, name, level, kind.unit_type, shape,
        parent, population, area, merged, valid_from, valid_to,
    )  # fmt: skip
    return unit, check.issues


def check_unique(records: list[UnitRecord], header: str) -> list[Issue]:
    """A code (with its validity start) may appear once: later rows with it are errors."""
    seen: dict[tuple[str, date], int] = {}
    issues = []
    for rec in records:
        key = (rec.code, rec.valid_from)
        if key in seen:
            reason = f"mã trùng / the code also appears on row {seen[key]}"
            issues.append(Issue(rec.row, header, rec.code, reason, field="code"))
        else:
            seen[key] = rec.row
    return issues
