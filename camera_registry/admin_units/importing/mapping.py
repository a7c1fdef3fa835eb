"""Which column of a boundary file holds which unit field: defaults, ``--map`` and mapping files.

The same forms as the camera import (``--map "Header=field"``, a JSON/YAML file
of ``columns`` and ``defaults``), checked against the unit fields of
:mod:`camera_registry.admin_units.importing.fields` instead of the camera ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from camera_registry.admin_units.importing.fields import check_field, field_of, user_lookup
from camera_registry.errors import InvalidInput
from camera_registry.imports import mapping as base
from camera_registry.imports.mapping import ColumnMap, UserMapping


@dataclass
class UnitColumns(ColumnMap):
    """The resolved mapping of one boundary file (the camera import's, plus its report note)."""

    def shown(self) -> str:
        """``"ma_xa → code, ten_xa → name"``: the report's note of what was recognised."""
        pairs = sorted(self.columns.items(), key=lambda kv: kv[1])
        return ", ".join(f"{self.headers[i]} → {name}" for name, i in pairs)


def mapping_from_object(data: Any, where: str) -> UserMapping:
    """Validate a parsed mapping document of unit fields."""
    return base.mapping_from_object(data, where, check_field)


def load_mapping(path: Path) -> UserMapping:
    """Read a JSON or YAML mapping file of unit fields."""
    return base.load_mapping(path, check_field)


def parse_map_options(options: list[str]) -> UserMapping:
    """Read ``--map "Header=field"`` options naming unit fields."""
    return base.parse_map_options(options, check_field)


def form_mapping(text: str | None) -> UserMapping:
    """The route's optional ``mapping`` form field: a JSON ``{columns, defaults}`` object."""
    return base.mapping_from_text(text, check_field)


def header_test(user: UserMapping) -> Any:
    """Whether a row of a spreadsheet looks like the header (two cells name unit fields)."""
    lookup = user_lookup(user)

    def looks_like_header(cells: list[object]) -> bool:
        named = sum(1 for c in cells if isinstance(c, str) and field_of(c, lookup))
        return named >= 2

    return looks_like_header


def resolve(
    headers: list[str], user: UserMapping, weak: frozenset[str] = frozenset()
) -> UnitColumns:
    """Assign each header to a unit field; two headers for one field is a 422.

    ``weak`` headers are a format's own members (a KML placemark's ``Name``):
    they give way to a real column naming the same field.  A file of provinces
    often has only ``ma_tinh``: with no other code column it is read as the code.
    """
    lookup = user_lookup(user)
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        name = field_of(header, lookup) if header else None
        if name is None:
            if header:
                ignored.append(header)
            continue
        if name in columns and header in weak:
            ignored.append(header)
            continue
        if name in columns and headers[columns[name]] in weak:
            ignored.append(headers[columns[name]])
        elif name in columns:
            other = headers[columns[name]]
            raise InvalidInput(
                "mapping", f"columns {other!r} and {header!r} both name {name}; map one away"
            )
        columns[name] = index
    if "code" not in columns and "parent_code" in columns:
        columns["code"] = columns.pop("parent_code")
    if "code" not in columns:
        raise InvalidInput("file", "no unit code column: head one 'ma_xa' or 'code' (or --map)")
    return UnitColumns(headers, columns, dict(user.defaults), ignored)
