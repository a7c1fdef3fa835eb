"""Reading and writing times as officers and investigators write them.

One reader for every place a person types a time (lookups, incident forms,
imports, filters).  Accepted: ISO 8601 (``2023-05-04T21:30:00+07:00``,
``2023-05-04 21:30``, ``…Z``, ``2023-05-04``); day first, as in Vietnam
(``04/05/2023 21:30[:SS]``, ``04.05.2023``, ``04-05-2023``); clock first
(``21:30 04/05/2023``, ``21h30 04/05/2023``); and the report style
``21 giờ 30 phút ngày 04/05/2023``.  A date alone means its midnight; a time
without an offset is Asia/Ho_Chi_Minh time.  Output for people is
``dd/mm/yyyy HH:MM`` in that zone; for machines, ISO 8601 with ``+07:00``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from camera_registry.db import now_utc
from camera_registry.errors import InvalidInput
from camera_registry.timeutil import LOCAL_TZ

_CLOCK = (
    r"(?P<h>\d{1,2})\s*(?:[:h]|\s*gio\s*|\s*giờ\s*)\s*"
    r"(?P<m>\d{1,2})?(?::(?P<s>\d{1,2}))?\s*(?:phut|phút)?"
)
_DATE = r"(?:ngay|ngày)?\s*(?P<d>\d{1,2})[/.-](?P<mo>\d{1,2})[/.-](?P<y>\d{4})"
_DAY_FIRST = re.compile(rf"^{_DATE}(?:(?:\s*(?:,|luc|lúc)?\s*|T){_CLOCK})?$", re.IGNORECASE)
_CLOCK_FIRST = re.compile(rf"^{_CLOCK}\s*,?\s*{_DATE}$", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EXPECTED = "a time (years 1900–2100) such as 04/05/2023 21:30 or 2023-05-04T21:30:00+07:00"
#: Years a recorded time may have; anything else is a typo (and would overflow on conversion).
YEARS = (1900, 2100)
#: Clock skew tolerated before a moment counts as "in the future".
FUTURE_TOLERANCE = timedelta(minutes=5)


def read_time(text: str) -> tuple[datetime, bool] | None:
    """``(moment, date_only)`` from typed text (naive unless it has an offset), or None.

    ``ValueError`` when the text has the shape of a time that does not exist
    (``31/02/2023``), so callers can say so.
    """
    cleaned = " ".join(text.split())
    match = _DAY_FIRST.match(cleaned) or _CLOCK_FIRST.match(cleaned)
    if match is not None:
        parts = match.groupdict()
        moment = datetime(
            int(parts["y"]),
            int(parts["mo"]),
            int(parts["d"]),
            int(parts["h"] or 0),
            int(parts["m"] or 0),
            int(parts["s"] or 0),
        )
        return moment, parts["h"] is None
    try:
        moment = datetime.fromisoformat(cleaned.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment, bool(_ISO_DATE.match(cleaned))


def in_range(moment: datetime) -> bool:
    """Whether a time's year is plausible for a record."""
    return YEARS[0] <= moment.year <= YEARS[1]


def aware(value: datetime) -> datetime:
    """The same time, read as Vietnam time when it has no offset."""
    return value.replace(tzinfo=LOCAL_TZ) if value.tzinfo is None else value


def parse_text(text: str) -> tuple[datetime, bool] | None:
    """``(moment, date_only)`` (possibly naive) of a record's time, or None when it is not one."""
    try:
        parsed = read_time(text)
    except ValueError:
        return None
    return parsed if parsed is not None and in_range(parsed[0]) else None


def parse_moment(value: str | datetime | date, *, field: str) -> datetime:
    """An aware datetime of a record from user input (naive means Asia/Ho_Chi_Minh), or a 422."""
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


def parse_past_moment(text: str, *, field: str = "at", now: datetime | None = None) -> datetime:
    """The moment a lookup asks about: a past time (or now), from 1970 on; a 422 on ``field``."""
    if not " ".join(text.split()):
        raise InvalidInput(field, "is empty")
    try:
        parsed = read_time(text)
    except ValueError as exc:
        raise InvalidInput(field, f"{text!r} is not a real date and time: {exc}") from None
    if parsed is None:
        raise InvalidInput(
            field, f"{text!r} is not a time: use 2023-05-04T21:30 or 04/05/2023 21:30"
        )
    moment = aware(parsed[0])
    if moment > (now or now_utc()) + FUTURE_TOLERANCE:
        raise InvalidInput(field, f"{text!r} is in the future")
    if moment.year < 1970:
        raise InvalidInput(field, f"{text!r} is before 1970")
    return moment


def local_text(moment: datetime | None) -> str | None:
    """``dd/mm/yyyy HH:MM`` in Vietnam time, for people."""
    return None if moment is None else moment.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")


def local_iso(moment: datetime | None) -> str | None:
    """ISO 8601 with the Vietnam offset, for machines."""
    return None if moment is None else moment.astimezone(LOCAL_TZ).isoformat()
