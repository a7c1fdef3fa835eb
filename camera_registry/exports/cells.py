"""One spreadsheet cell as text: the form every CSV camreg writes uses.

The camera listing's CSV and the export's CSV (and GeoPackage text columns)
must agree, or a listing and an export of the same cameras would read back
differently: blank for nothing, có/không for yes/no, dd/mm/yyyy dates, local
(Vietnam) time for moments, and floats at full precision with a decimal point.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from camera_registry.timeutil import LOCAL_TZ


def cell_text(value: Any) -> str:
    """A value as the text of one CSV cell.

    ``None`` → ``""``; ``True``/``False`` → ``"có"``/``"không"``; a datetime →
    ``dd/mm/yyyy HH:MM:SS`` in Vietnam time; a date → ``dd/mm/yyyy``; a float →
    its shortest round-tripping form (``repr``), so it reads back to the same
    number; anything else → ``str``.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, datetime):
        return value.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return repr(value)
    return str(value)
