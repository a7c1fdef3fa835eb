"""The moment of an incident, as investigators write it.

Accepted: ISO 8601 (``2023-05-04T21:30``, ``2023-05-04 21:30+07:00``, ``…Z``),
``04/05/2023 21:30`` (day first, as in Vietnam), ``21:30 04/05/2023``,
``21h30 04/05/2023`` and the report style ``21 giờ 30 phút ngày 04/05/2023``; a
date alone means its midnight.  Without an offset the time is Asia/Ho_Chi_Minh.
A moment in the future is refused.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from camera_registry.db import now_utc
from camera_registry.errors import InvalidInput
from camera_registry.timeutil import LOCAL_TZ

_CLOCK = (
    r"(?P<h>\d{1,2})\s*(?:[:h]|\s*gio\s*|\s*giờ\s*)\s*"
    r"(?P<m>\d{1,2})?(?::(?P<s>\d{1,2}))?\s*(?:phut|phút)?"
)
_DATE = r"(?:ngay|ngày)?\s*(?P<d>\d{1,2})[/.-](?P<mo>\d{1,2})[/.-](?P<y>\d{4})"
_DAY_FIRST = re.compile(rf"^{_DATE}(?:\s*(?:,|luc|lúc)?\s*{_CLOCK})?$", re.IGNORECASE)
_CLOCK_FIRST = re.compile(rf"^{_CLOCK}\s*,?\s*{_DATE}$", re.IGNORECASE)
#: Clock skew tolerated before a moment counts as "in the future".
FUTURE_TOLERANCE = timedelta(minutes=5)


def _vietnamese(text: str) -> datetime | None:
    match = _DAY_FIRST.match(text) or _CLOCK_FIRST.match(text)
    if match is None:
        return None
    parts = match.groupdict()
    try:
        return datetime(
            int(parts["y"]),
            int(parts["mo"]),
            int(parts["d"]),
            int(parts["h"] or 0),
            int(parts["m"] or 0),
            int(parts["s"] or 0),
        )
    except ValueError as exc:
        raise InvalidInput("at", f"{text!r} is not a real date and time: {exc}") from None


def parse_moment(text: str, *, field: str = "at", now: datetime | None = None) -> datetime:
    """An aware datetime from what a user typed; ``InvalidInput`` on ``field`` otherwise."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InvalidInput(field, "is empty")
    moment = _vietnamese(cleaned)
    if moment is None:
        try:
            moment = datetime.fromisoformat(cleaned.replace("Z", "+00:00"))
        except ValueError:
            raise InvalidInput(
                field, f"{text!r} is not a time: use 2023-05-04T21:30 or 04/05/2023 21:30"
            ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LOCAL_TZ)
    if moment > (now or now_utc()) + FUTURE_TOLERANCE:
        raise InvalidInput(field, f"{text!r} is in the future")
    if moment.year < 1970:
        raise InvalidInput(field, f"{text!r} is before 1970")
    return moment
