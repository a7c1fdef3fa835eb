"""Which column of a boundary file holds which unit field: defaults, ``--map`` and mapping files.

The same forms as the camera import (``--map "Header=field"``, a JSON/YAML file
of ``columns`` and ``defaults``), checked against the unit fields of
:mod:`camera_registry.admin_units.importing.fields` instead of the camera ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from camera_registry.admin_units.importing.fields import check_field, field_of, user_lookup
from camera_registry.errors import InvalidInput
from camera_registry.imports.mapping import UserMapping


@dataclass
class UnitColumns:
    """The resolved mapping of one file: field → column index, defaults, and what was ignored."""

    headers: list[str]
    columns: dict[str, int]
    defaults: dict[str, object]
    ignored: list[str]

    def header_of(self, name: str) -> str:
        """The file's header for a field (the field name itself when no column holds it)."""
        index = self.columns.get(name)
        return self.headers[index] if index is not None else name

    def shown(self) -> str:
        """``"ma_xa → code, ten_xa → name"``: the report's note of what was recognised."""
        pairs = sorted(self.columns.items(), key=lambda kv: kv[1])
        return ", ".join(f"{self.headers[i]} → {name}" for name, i in pairs)


def mapping_from_object(data: Any, where: str) -> UserMapping:
    """Validate a parsed mapping document (``{columns, defaults}`` or a flat object)."""
    if not isinstance(data, dict):
        raise InvalidInput("mapping", f"{where}: must be an object of header → field")
    if "columns" in data or "defaults" in data:
        columns, defaults = data.get("columns") or {}, data.get("defaults") or {}
    else:
        columns, defaults = data, {}
    if not isinstance(columns, dict) or not isinstance(defaults, dict):
        raise InvalidInput("mapping", f"{where}: 'columns' and 'defaults' must be objects")
    checked = {str(k): check_field(v, where) for k, v in columns.items()}
    for name in defaults:
        check_field(str(name), where)
    return UserMapping(checked, {str(k): v for k, v in defaults.items()})


def load_mapping(path: Path) -> UserMapping:
    """Read a JSON or YAML mapping file of unit fields."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InvalidInput("mapping", f"cannot read {path}: {error.strerror}") from None
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            import yaml  # noqa: PLC0415

            data = yaml.safe_load(raw)
        else:
            data = json.loads(raw)
    except Exception as error:  # noqa: BLE001 — yaml and json raise different types
        raise InvalidInput("mapping", f"{path.name} is not valid JSON/YAML: {error}") from None
    return mapping_from_object(data, path.name)


def parse_map_options(options: list[str]) -> UserMapping:
    """Read ``--map "Header=field"`` options."""
    columns: dict[str, str | None] = {}
    for option in options:
        header, sep, name = option.rpartition("=")
        if not sep or not header.strip():
            raise InvalidInput("map", f'{option!r} must look like "Header=field"')
        columns[header.strip()] = check_field(name.strip(), "--map")
    return UserMapping(columns)


def form_mapping(text: str | None) -> UserMapping:
    """The route's optional ``mapping`` form field: a JSON ``{columns, defaults}`` object."""
    if not text:
        return UserMapping()
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput("mapping", f"not valid JSON: {error}") from None
    return mapping_from_object(document, "mapping")


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
