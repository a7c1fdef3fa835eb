"""Showing a table cell to a reader: numbers, rates, dates the report language's way."""

from __future__ import annotations

from datetime import date
from typing import Any

from camera_registry.reports import i18n


def show(value: Any, kind: str, lang: str) -> str:
    """A cell as text (``–`` for no value)."""
    if value is None:
        return "–"
    if kind == "int":
        return i18n.num(value, lang)
    if kind == "hours":
        return i18n.num(value, lang, 1)
    if kind == "rate":
        return i18n.pct(value, lang)
    if kind in ("km2", "ratio"):
        return i18n.num(value, lang, 2 if kind == "km2" else 3)
    if kind == "date" and isinstance(value, date):
        return i18n.day(value)
    if kind == "month" and isinstance(value, date):
        return i18n.month(value)
    return str(value)
