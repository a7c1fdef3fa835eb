"""Which column holds which field: the default table, the user's mapping, and defaults.

A mapping file is JSON or YAML::

    columns:            # header in the file → camreg field (or null to ignore it)
      "Số hiệu trụ": code
      "Hướng quay (độ)": direction_deg
    defaults:           # values for fields a row leaves empty or the file lacks
      ownership: community
      range_m: 40
    sheet: "Ba Đình"    # one worksheet (name or number from 1); default: every one
    drop: ["Ghi chú"]   # columns removed as soon as the file is read, never reported

A flat ``{"header": "field"}`` object is read as ``columns``.  On the command line
``--map "Cột A=code"`` adds one column entry.  Headers are compared folded
(see :func:`camera_registry.imports.fields.normalise_header`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from camera_registry.errors import InvalidInput
from camera_registry.imports.fields import ALIASES, BY_NAME, Kind, header_candidates

IGNORE = "ignore"


@dataclass(frozen=True)
class UserMapping:
    """Column assignments and default values a user gave.

    ``sheet`` (a worksheet's name or 1-based number) and ``drop`` (columns removed
    as soon as the file is read, e.g. personal notes) travel with the mapping
    because they, too, say how to read one kind of file.
    """

    columns: dict[str, str | None] = field(default_factory=dict)
    defaults: dict[str, object] = field(default_factory=dict)
    sheet: str | None = None
    drop: tuple[str, ...] = ()

    def merged(self, other: UserMapping) -> UserMapping:
        """This mapping with ``other``'s entries on top."""
        return UserMapping(
            {**self.columns, **other.columns},
            {**self.defaults, **other.defaults},
            other.sheet if other.sheet is not None else self.sheet,
            tuple(dict.fromkeys((*self.drop, *other.drop))),
        )


@dataclass
class ColumnMap:
    """The resolved mapping of one file: field → column index, plus defaults."""

    headers: list[str]
    columns: dict[str, int]
    defaults: dict[str, object]
    ignored: list[str]

    def header_of(self, name: str) -> str:
        """The file's header for a field (the field name if it came from a default)."""
        index = self.columns.get(name)
        return self.headers[index] if index is not None else name


def _check_field(name: object, where: str) -> str | None:
    if name is None or name == IGNORE:
        return None
    if not isinstance(name, str):
        raise InvalidInput("mapping", f"{where}: a field name must be text, not {name!r}")
    if name not in BY_NAME or BY_NAME[name].kind == Kind.IGNORED:
        known = ", ".join(f.name for f in BY_NAME.values() if f.kind != Kind.IGNORED)
        raise InvalidInput("mapping", f"{where}: {name!r} is not a field; use one of {known}")
    return name


#: Checks one field name of a mapping (``None`` or "ignore": the column is ignored).
FieldCheck = Callable[[object, str], str | None]


def mapping_from_object(data: Any, where: str, check: FieldCheck | None = None) -> UserMapping:
    """Validate a parsed mapping document; ``check`` names the fields (default: cameras')."""
    check = check or _check_field
    if not isinstance(data, dict):
        raise InvalidInput("mapping", f"{where}: must be an object of header → field")
    if {"columns", "defaults", "sheet", "drop"} & data.keys():
        columns, defaults = data.get("columns") or {}, data.get("defaults") or {}
    else:
        columns, defaults = data, {}
    if not isinstance(columns, dict) or not isinstance(defaults, dict):
        raise InvalidInput("mapping", f"{where}: 'columns' and 'defaults' must be objects")
    checked = {str(k): check(v, where) for k, v in columns.items()}
    for name in defaults:
        check(str(name), where)
    sheet, drop = data.get("sheet"), data.get("drop") or []
    if not isinstance(drop, list) or not all(isinstance(d, str) for d in drop):
        raise InvalidInput("mapping", f"{where}: 'drop' must be a list of column headers")
    return UserMapping(checked, {str(k): v for k, v in defaults.items()},
                       None if sheet is None else str(sheet), tuple(drop))  # fmt: skip


def mapping_from_text(text: str | None, check: FieldCheck | None = None) -> UserMapping:
    """An API's optional ``mapping`` form field: a JSON ``{columns, defaults}`` object."""
    if not text:
        return UserMapping()
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput("mapping", f"not valid JSON: {error}") from None
    return mapping_from_object(document, "mapping", check)


def load_mapping(path: Path, check: FieldCheck | None = None) -> UserMapping:
    """Read a JSON or YAML mapping file; ``check`` names the fields (default: cameras')."""
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
    return mapping_from_object(data, path.name, check)


def parse_map_options(options: list[str], check: FieldCheck | None = None) -> UserMapping:
    """Read ``--map "Header=field"`` options; ``check`` names the fields (default: cameras')."""
    check = check or _check_field
    columns: dict[str, str | None] = {}
    for option in options:
        header, sep, name = option.rpartition("=")
        if not sep or not header.strip():
            raise InvalidInput("map", f'{option!r} must look like "Header=field"')
        columns[header.strip()] = check(name.strip(), "--map")
    return UserMapping(columns)


def _user_lookup(user: UserMapping) -> dict[str, str | None]:
    lookup: dict[str, str | None] = {}
    for header, name in user.columns.items():
        for candidate in header_candidates(header):
            lookup.setdefault(candidate, name)
    return lookup


def field_of(header: str, user_lookup: dict[str, str | None]) -> str | None:
    """The field a header names, by the user's mapping first, then the default table."""
    for candidate in header_candidates(header):
        if candidate in user_lookup:
            return user_lookup[candidate]
    for candidate in header_candidates(header):
        if candidate in ALIASES:
            return ALIASES[candidate]
    return None


def header_test(user: UserMapping) -> Any:
    """A predicate telling whether a row looks like the header row."""
    lookup = _user_lookup(user)

    def looks_like_header(cells: list[object]) -> bool:
        named = sum(1 for c in cells if isinstance(c, str) and field_of(c, lookup) is not None)
        return named >= 2

    return looks_like_header


def resolve(
    headers: list[str], user: UserMapping, preset: dict[str, str] | None = None
) -> ColumnMap:
    """Assign each header to a field; two headers for one field is an error.

    ``preset`` holds a reader's own guesses (a KML placemark's name as the
    code); they give way to the user's mapping and to headers the table names.
    """
    lookup = _user_lookup(user)
    columns: dict[str, int] = {}
    guessed: set[str] = set()
    ignored: list[str] = []
    for index, header in enumerate(headers):
        if not header:
            continue
        name = field_of(header, lookup)
        from_preset = name is None and bool(preset) and header in (preset or {})
        if from_preset:
            name = (preset or {})[header]
        if name is None or BY_NAME[name].kind == Kind.IGNORED:
            ignored.append(header)
            continue
        if name in columns:
            if from_preset:
                ignored.append(header)
                continue
            if name not in guessed:
                other = headers[columns[name]]
                raise InvalidInput(
                    "mapping", f"columns {other!r} and {header!r} both name {name}; map one away"
                )
            ignored.append(headers[columns[name]])
        columns[name] = index
        if from_preset:
            guessed.add(name)
        else:
            guessed.discard(name)
    return ColumnMap(headers, columns, dict(user.defaults), ignored)


def _user_named(header: str, lookup: dict[str, str | None]) -> bool:
    return any(c in lookup for c in header_candidates(header))
