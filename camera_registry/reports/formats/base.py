"""The building blocks of report tables: columns, tables, ratios."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from camera_registry.reports import i18n


@dataclass(frozen=True)
class Column:
    """A column: key, label in the report's language, and how values are shown."""

    key: str
    label: str
    kind: str = "int"


@dataclass(frozen=True)
class Table:
    """A titled table; ``wide`` tables are printed on landscape pages."""

    key: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    wide: bool = False


def ratio(numerator: float | None, denominator: float) -> float | None:
    """``numerator / denominator`` (None when undefined)."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def columns(lang: str, *spec: tuple[str, str]) -> list[Column]:
    """Columns from ``(text key, kind)`` pairs, labelled in ``lang``."""
    return [Column(key, i18n.t(key, lang), kind) for key, kind in spec]


def unit_columns(lang: str) -> list[Column]:
    """The code and name columns that start a table of units."""
    return columns(lang, ("code", "text"), ("unit", "text"))
