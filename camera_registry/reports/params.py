"""What a monthly report is asked for: unit, month, format, language, cumulative start.

Months are local (Asia/Ho_Chi_Minh) calendar months written ``YYYY-MM`` (or
``MM/YYYY``).  The cumulative section runs from ``since`` (default
``CAMREG_REPORT_SINCE``, 2022-01) to the end of the report month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from camera_registry.coverage.params import local_midnight
from camera_registry.errors import InvalidInput
from camera_registry.timeutil import today_local

FORMATS = ("json", "csv", "xlsx", "html", "pdf")
LANGS = ("vi", "en")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_VN = re.compile(r"^\s*(\d{1,2})/(\d{4})\s*$")
#: The earliest month a report may be asked for (GSO codes and this registry are younger).
EARLIEST = date(2000, 1, 1)


def parse_month(text: str, field: str = "month") -> date:
    """The first day of a month written ``YYYY-MM`` or ``MM/YYYY``."""
    iso, vn = _ISO.match(text or ""), _VN.match(text or "")
    if iso:
        year, month = int(iso.group(1)), int(iso.group(2))
    elif vn:
        year, month = int(vn.group(2)), int(vn.group(1))
    else:
        raise InvalidInput(field, "must be a month written YYYY-MM (e.g. 2023-05) or MM/YYYY")
    if not 1 <= month <= 12:
        raise InvalidInput(field, f"month {month} is not between 01 and 12")
    first = date(year, month, 1)
    if first < EARLIEST:
        raise InvalidInput(field, f"must not be before {EARLIEST:%m/%Y}")
    return first


def add_months(first: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) ``first``'s month."""
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def last_day(first: date) -> date:
    """The last day of ``first``'s month."""
    return add_months(first, 1) - timedelta(days=1)


def month_key(first: date) -> str:
    """``YYYY-MM``."""
    return f"{first:%Y-%m}"


@dataclass(frozen=True)
class ReportRequest:
    """A validated request for one monthly report."""

    unit: str
    month: date
    fmt: str = "json"
    lang: str = "vi"
    since: date = date(2022, 1, 1)
    former: bool = False
    coverage: bool = False

    @property
    def start_utc(self) -> datetime:
        """The first instant of the report month."""
        return local_midnight(self.month)

    @property
    def end_utc(self) -> datetime:
        """The first instant after the report month."""
        return local_midnight(add_months(self.month, 1))

    @property
    def draws_map(self) -> bool:
        """Whether the format draws the coverage map (which needs coverage figures)."""
        return self.fmt in ("html", "pdf")


def make_request(
    *,
    unit: str,
    month: str,
    fmt: str = "json",
    lang: str = "vi",
    since: str | None = None,
    default_since: str = "2022-01",
    former: bool = False,
    coverage: bool = False,
) -> ReportRequest:
    """Check every input of a report request (422 naming the field otherwise)."""
    code = (unit or "").strip()
    if not code or len(code) > 16 or not code.isalnum():
        raise InvalidInput("unit", "must be the GSO code of an administrative unit (e.g. 390)")
    if fmt not in FORMATS:
        raise InvalidInput("format", f"must be one of {', '.join(FORMATS)}")
    if lang not in LANGS:
        raise InvalidInput("lang", f"must be one of {', '.join(LANGS)}")
    first = parse_month(month)
    this_month = today_local().replace(day=1)
    if first > this_month:
        raise InvalidInput("month", f"{first:%m/%Y} has not begun yet")
    start = parse_month(since, "since") if since else parse_month(default_since, "since")
    if start > first:
        raise InvalidInput("since", f"the cumulative start {start:%m/%Y} is after {first:%m/%Y}")
    return ReportRequest(code, first, fmt, lang, start, former, coverage or fmt in ("html", "pdf"))


def now_utc_seconds() -> datetime:
    """The generation time, to the second."""
    return datetime.now(UTC).replace(microsecond=0)
