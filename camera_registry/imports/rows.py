"""From a table of cells to typed columns, one field at a time.

Parsing is column-wise with a fast path (``float()`` on plain numbers) and a
memo of every distinct text seen, so 100 000 rows cost little more than their
distinct values.  A cell that cannot be read becomes an error naming its row,
column and value; an empty cell takes the mapping's default, if any.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

from camera_registry.errors import InvalidInput
from camera_registry.imports import parse
from camera_registry.imports.fields import BY_NAME, Kind
from camera_registry.imports.mapping import ColumnMap
from camera_registry.imports.report import Issue
from camera_registry.imports.table import Table
from geo.direction import LoneN, parse_direction_sector
from geo.errors import GeometryInputError


@dataclass
class Parsed:
    """Typed values by field (``None`` where empty or unreadable), and the errors."""

    row_numbers: list[int]
    values: dict[str, list[Any]]
    present: set[str]
    issues: list[Issue] = field(default_factory=list)
    bad: set[int] = field(default_factory=set)

    def error(self, index: int, column: str, value: object, reason: str, name: str | None) -> None:
        """Record an error that stops row ``index``."""
        shown = "" if value is None else parse.text(value)
        self.issues.append(Issue(self.row_numbers[index], column, shown, reason, "error", name))
        self.bad.add(index)


def _direction(lone_n: LoneN) -> Callable[[object], tuple[float, float | None]]:
    def read(value: object) -> tuple[float, float | None]:
        try:
            return parse_direction_sector(value, lone_n=lone_n)  # type: ignore[arg-type]
        except GeometryInputError as error:
            raise parse.CellError(error.reason) from None

    return read


def _reader(kind: Kind, name: str, lone_n: LoneN) -> Callable[[object], Any]:
    readers: dict[Kind, Callable[[object], Any]] = {
        Kind.TEXT: parse.text,
        Kind.NUMBER: parse.number,
        Kind.INTEGER: parse.integer,
        Kind.COORD: parse.coordinate,
        Kind.DATE: parse.day,
        Kind.BOOL: parse.boolean,
        Kind.ENUM: lambda v: parse.choice(name, v),
        Kind.DIRECTION: _direction(lone_n),
    }
    return readers[kind]


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _column(
    parsed: Parsed, cells: Sequence[object], name: str, header: str, lone_n: LoneN
) -> list[Any]:
    """Parse one column: each distinct cell value once, then map the column through."""
    read = _reader(BY_NAME[name].kind, name, lone_n)
    seen: dict[object, Any] = {}
    unhashable = False
    try:
        distinct = dict.fromkeys(cells)
    except TypeError:
        distinct, unhashable = {}, True
    for cell in distinct:
        seen[cell] = None if _blank(cell) else _read(read, cell)
    if unhashable:
        values = [None if _blank(c) else _read(read, c) for c in cells]
    else:
        values = [seen[c] for c in cells]
    bad = {c for c, v in seen.items() if isinstance(v, parse.CellError)} if seen else set()
    if bad or unhashable:
        for i, value in enumerate(values):
            if isinstance(value, parse.CellError):
                parsed.error(i, header, cells[i], value.reason, name)
                values[i] = None
    return values


def _read(read: Callable[[object], Any], cell: object) -> Any:
    try:
        return read(cell)
    except parse.CellError as error:
        return error


def _default(name: str, value: object, lone_n: LoneN) -> Any:
    try:
        return _reader(BY_NAME[name].kind, name, lone_n)(value)
    except parse.CellError as error:
        raise InvalidInput("mapping", f"default for {name}: {error.reason}") from None


def parse_table(table: Table, cmap: ColumnMap, lone_n: LoneN) -> Parsed:
    """Parse every mapped column of the table, then apply defaults."""
    numbers = [number for number, _ in table.rows]
    count = len(numbers)
    parsed = Parsed(numbers, {}, set(cmap.columns))
    columns = list(zip_longest(*(cells for _, cells in table.rows), fillvalue=None))
    for name, index in cmap.columns.items():
        cells = columns[index] if index < len(columns) else (None,) * count
        parsed.values[name] = _column(parsed, cells, name, cmap.headers[index], lone_n)
    _split_direction(parsed, cmap, count)
    for name, raw in cmap.defaults.items():
        value = _default(name, raw, lone_n)
        column = parsed.values.setdefault(name, [None] * count)
        for i in range(count):
            if column[i] is None and i not in parsed.bad:
                column[i] = value
    _split_direction(parsed, cmap, count)
    return parsed


def _split_direction(parsed: Parsed, cmap: ColumnMap, count: int) -> None:
    """Direction cells hold ``(direction, width of a range or None)``; split them.

    A range's width is the field of view; a different one in the fov column is
    an error, since the row then says two things.
    """
    column = parsed.values.get("direction_deg")
    if column is None:
        return
    fov = parsed.values.setdefault("fov_deg", [None] * count)
    for i, value in enumerate(column):
        if not isinstance(value, tuple):
            continue
        column[i], width = value
        if width is None:
            continue
        if fov[i] is None:
            fov[i] = width
        elif fov[i] != width:
            header = cmap.header_of("fov_deg")
            reason = (
                f"the direction is a range {width:g}° wide but the field of view says {fov[i]:g}°"
            )
            parsed.error(i, header, fov[i], reason, "fov_deg")
