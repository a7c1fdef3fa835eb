"""Reading and writing times as officers write them.

Accepted input: ISO 8601 (``2023-05-04T21:30:00+07:00``, ``2023-05-04 21:30``),
``dd/mm/yyyy HH:MM[:SS]`` and bare dates (``04/05/2023``, ``2023-05-04``).
A time without an offset is Asia/Ho_Chi_Minh time.  Output for people is
``dd/mm/yyyy HH:MM`` in that zone; for machines, ISO 8601 with ``+07:00``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from camera_registry.errors import InvalidInput
from camera_registry.timeutil import LOCAL_TZ

_VN = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$")
_ISO_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")
EXPECTED = "a time (years 1900–2100) such as 04/05/2023 21:30 or 2023-05-04T21:30:00+07:00"
#: Years a recorded time may have; anything else is a typo (and would overflow on conversion).
YEARS = (1900, 2100)


def in_range(moment: datetime) -> bool:
    """Whether a time's year is plausible for a record."""
    return YEARS[0] <= moment.year <= YEARS[1]


def aware(value: datetime) -> datetime:
    """The same time, read as Vietnam time when it has no offset."""
    return value.replace(tzinfo=LOCAL_TZ) if value.tzinfo is None else value


def parse_text(text: str) -> tuple[datetime, bool] | None:
    """``(moment, date_only)`` (possibly naive) or None when the text is not a time."""
    match = _VN.match(text)
    if match:
        day, month, year, hour, minute, second = match.groups()
        try:
            moment = datetime(
                int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
            )
        except ValueError:
            return None
        return (moment, hour is None) if in_range(moment) else None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return (moment, bool(_ISO_DATE.match(text))) if in_range(moment) else None


def parse_moment(value: str | datetime | date, *, field: str) -> datetime:
    """An aware datetime from user input (naive means Asia/Ho_Chi_Minh), or a 422."""
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time())
    if isinstance(value, datetime):
        if not in_range(value):
            raise InvalidInput(field, f"{value:%Y} is not {EXPECTED}")
        return aware(value)
    parsed = parse_text(str(value))
    if parsed is None:
        raise InvalidInput(field, f"{value!r} is not {EXPECTED}")
    return aware(parsed[0])


def parse_bound(value: str, *, field: str, end: bool) -> datetime:
    """A range bound: a bare date means the start (or, for ``end``, the end) of that day."""
    parsed = parse_text(value)
    if parsed is None:
        raise InvalidInput(field, f"{value!r} is not a date or {EXPECTED}")
    moment, date_only = parsed
    moment = aware(moment)
    if date_only and end:
        moment = moment + timedelta(days=1) - timedelta(microseconds=1)
    return moment


def local_text(moment: datetime | None) -> str | None:
    """``dd/mm/yyyy HH:MM`` in Vietnam time, for people."""
    return None if moment is None else moment.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")


def local_iso(moment: datetime | None) -> str | None:
    """ISO 8601 with the Vietnam offset, for machines."""
    return None if moment is None else moment.astimezone(LOCAL_TZ).isoformat()
