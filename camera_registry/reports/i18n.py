"""Labels and number/date formats of the reports, Vietnamese first, English with ``lang=en``.

Vietnamese writes 1.234,5 and 12,5%; English 1,234.5 and 12.5%; dates are
dd/mm/yyyy in both, months mm/yyyy.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from camera_registry.reports.texts import TEXTS
from camera_registry.timeutil import LOCAL_TZ
from camera_registry.vocab import CameraStatus, IncidentType, Level, Ownership, label

_VI = str.maketrans({",": ".", ".": ","})

#: Short incident-type labels for wide tables (column headers).
SHORT_TYPES: dict[str, tuple[str, str]] = {
    "traffic_accident": ("TNGT", "Traffic acc."),
    "traffic_violation": ("Vi phạm TTATGT", "Traffic viol."),
    "property_theft": ("Trộm cắp", "Theft"),
    "robbery": ("Cướp", "Robbery"),
    "assault": ("Cố ý gây TT", "Assault"),
    "drug_offence": ("Ma túy", "Drugs"),
    "neighbourhood_dispute": ("Mâu thuẫn", "Dispute"),
    "fraud": ("Lừa đảo", "Fraud"),
    "fire": ("Cháy nổ", "Fire"),
    "public_disorder": ("Gây rối", "Disorder"),
    "other": ("Khác", "Other"),
}


def num(value: float | int | None, lang: str, digits: int = 0) -> str:
    """A number the reader's way: ``1.234,5`` (vi) or ``1,234.5`` (en); ``–`` for none."""
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    return text.translate(_VI) if lang == "vi" else text


def pct(rate: float | None, lang: str, digits: int = 1) -> str:
    """A fraction as a percentage: ``12,5%`` (vi) or ``12.5%`` (en)."""
    return "–" if rate is None else num(rate * 100, lang, digits) + "%"


def day(value: date | None) -> str:
    """dd/mm/yyyy."""
    return "–" if value is None else f"{value:%d/%m/%Y}"


def moment(value: datetime) -> str:
    """dd/mm/yyyy HH:MM in Vietnam time."""
    return f"{value.astimezone(LOCAL_TZ):%d/%m/%Y %H:%M}"


def month(value: date) -> str:
    """mm/yyyy."""
    return f"{value:%m/%Y}"


def vocab(value: StrEnum, lang: str) -> str:
    """A vocabulary value's label."""
    return label(value, lang)


def incident_type(kind: str, lang: str, short: bool = False) -> str:
    """An incident type's label (or its short form for wide tables)."""
    if short:
        vi, en = SHORT_TYPES[kind]
        return en if lang == "en" else vi
    return label(IncidentType(kind), lang)


def ownership(kind: str, lang: str) -> str:
    """An ownership's label."""
    return label(Ownership(kind), lang)


def status(value: str | None, lang: str) -> str:
    """A camera status's label (``–`` when unknown)."""
    return "–" if value is None else label(CameraStatus(value), lang)


def level(value: str, lang: str) -> str:
    """A unit level's label."""
    return label(Level(value), lang)


def t(key: str, lang: str, **params: object) -> str:
    """The text of ``key`` in ``lang``, formatted with ``params``."""
    vi, en = TEXTS[key]
    return (en if lang == "en" else vi).format(**params)
