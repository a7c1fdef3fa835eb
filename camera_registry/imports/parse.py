"""Reading one cell of a camera list into a typed value, or saying why it cannot be read.

Cells come as text (CSV, most GIS attributes) or as typed values (Excel numbers,
dates and booleans; GeoPackage integers).  Numbers accept a decimal comma and
thousands separators as Vietnamese spreadsheets write them (``2.235.000,5``);
dates accept ``dd/mm/yyyy`` (also with ``-`` or ``.``), ISO ``yyyy-mm-dd`` and
Excel date cells; vocabularies accept the stored value and the Vietnamese or
English label, without regard to diacritics.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from enum import StrEnum

from camera_registry.textnorm import fold
from camera_registry.vocab import LABELS, CameraKind, CameraStatus, Ownership
from geo.dms import parse_dms
from geo.errors import GeometryInputError


class CellError(ValueError):
    """A cell that cannot be read; ``reason`` says why in words a steward can act on."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


Cell = object

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_DECIMAL_DEGREES = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$", re.IGNORECASE)
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_EXCEL_EPOCH = date(1899, 12, 30)


def is_blank(value: Cell) -> bool:
    """Whether a cell holds nothing (None, empty or whitespace-only text)."""
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Cell) -> str:
    """A cell as text; whole numbers from spreadsheets lose their ``.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def number(value: Cell) -> float:
    """A finite number from a number cell or from text with any decimal separator."""
    if isinstance(value, bool):
        raise CellError("must be a number")
    if isinstance(value, int | float):
        result = float(value)
    else:
        result = _number_text(str(value))
    if not math.isfinite(result):
        raise CellError("must be a finite number")
    return result


def _number_text(raw: str) -> float:
    body = _SPACES.sub("", raw.strip()).replace("−", "-")
    if "," in body and "." in body:
        decimal = "," if body.rfind(",") > body.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        body = body.replace(thousands, "").replace(decimal, ".")
    elif body.count(",") == 1:
        body = body.replace(",", ".")
    elif body.count(",") > 1 or body.count(".") > 1:
        body = body.replace(",", "").replace(".", "")
    if not _PLAIN_NUMBER.match(body):
        raise CellError(f"{raw!r} is not a number")
    return float(body)


def integer(value: Cell) -> int:
    """A whole number."""
    result = number(value)
    if not result.is_integer():
        raise CellError(f"{value!r} is not a whole number")
    return int(result)


def coordinate(value: Cell) -> float:
    """Decimal degrees from a number or from degrees-minutes-seconds text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number(value)
    raw = str(value).strip().replace("−", "-")
    if _DECIMAL_DEGREES.match(raw):
        return float(raw.replace(",", "."))
    try:
        return parse_dms(raw)
    except GeometryInputError as error:
        raise CellError(error.reason) from None


def day(value: Cell) -> date:
    """A date from an Excel date cell, ``dd/mm/yyyy`` or ISO ``yyyy-mm-dd``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # an Excel serial day number (1954–2119)
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise CellError(f"{value!r} is not a date: write dd/mm/yyyy")
    raw = str(value).strip()
    match = _DMY.match(raw)
    try:
        if match:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        iso = _ISO.match(raw)
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    except ValueError as error:
        raise CellError(f"{raw!r} is not a valid date ({error})") from None
    raise CellError(f"{raw!r} is not a date: write dd/mm/yyyy or yyyy-mm-dd")


_TRUE = {"1", "true", "yes", "y", "x", "co", "da ket noi", "ket noi", "dung", "t"}
_FALSE = {"0", "false", "no", "n", "khong", "chua", "chua ket noi", "khong ket noi", "sai", "f"}


def boolean(value: Cell) -> bool:
    """Yes/no in English or Vietnamese (có/không), 1/0, true/false, x."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    folded = fold(str(value))
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise CellError(f"{value!r} is not yes/no (có/không)")


_SYNONYMS: dict[type[StrEnum], dict[str, str]] = {
    CameraKind: {
        "co dinh": "fixed", "quay quet": "ptz", "xoay": "ptz", "dome": "ptz", "panning": "ptz",
        "mat ca": "fisheye", "toan canh": "fisheye", "360": "fisheye", "360 do": "fisheye",
        "bien so": "anpr", "nhan dien bien so": "anpr", "lpr": "anpr", "alpr": "anpr",
    },
    Ownership: {
        "nha nuoc": "state", "ngan sach": "state", "ngan sach nha nuoc": "state",
        "public": "state", "xa hoi hoa": "community", "cong dong": "community",
        "ho gia dinh": "household", "gia dinh": "household", "ca nhan": "household",
        "private": "household", "doanh nghiep": "business", "cua hang": "business",
        "company": "business",
    },
    CameraStatus: {
        "hoat dong": "active", "tot": "active", "ok": "active", "binh thuong": "active",
        "loi": "faulty", "hu": "faulty", "hu hong": "faulty", "broken": "faulty",
        "mat tin hieu": "offline", "mat ket noi": "offline", "thao do": "decommissioned",
        "da thao": "decommissioned", "removed": "decommissioned",
    },
}  # fmt: skip


def _vocabulary(enum: type[StrEnum]) -> dict[str, str]:
    table = dict(_SYNONYMS.get(enum, {}))
    for member in enum:
        vi, en = LABELS[member]
        for name in (member.value, vi, en):
            table[fold(name)] = member.value
    return table


_VOCABULARIES: dict[type[StrEnum], dict[str, str]] = {
    enum: _vocabulary(enum) for enum in (CameraKind, Ownership, CameraStatus)
}
ENUM_OF_FIELD: dict[str, type[StrEnum]] = {
    "kind": CameraKind,
    "ownership": Ownership,
    "status": CameraStatus,
}


def choice(field: str, value: Cell) -> str:
    """A vocabulary value (``ptz``) from the value itself or a label in either language."""
    enum = ENUM_OF_FIELD[field]
    found = _VOCABULARIES[enum].get(fold(text(value)))
    if found is None:
        allowed = ", ".join(f"{m.value} ({LABELS[m][0]})" for m in enum)
        raise CellError(f"{value!r} is not one of: {allowed}")
    return found
