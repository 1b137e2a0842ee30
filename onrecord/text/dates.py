"""Month and weekday names, and the dates written in news text: one home for both publication-date
inference (:mod:`onrecord.ingest.published`) and statement dates (:mod:`onrecord.time`).

Two kinds of written date are read here, deliberately with different patterns:

* full dates with a year ("May 31, 2024", "31st of May 2024", "2024-05-31"), by :func:`explicit_dates`,
  which are the evidence of a publication date; abbreviations are those of news style ("Sept.", "Jan.");
* a month and a day with an optional year ("May 31", "31 May"), by :func:`month_day_date`, which dates
  a statement relative to its article (without a year, the year nearest on or before the anchor).

:func:`parse_date` reads the dates that metadata and users give (ISO dates and date-times, RSS dates).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Optional, Union

WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")  # by weekday()
MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

# A month name as news style writes it (full, or abbreviated with or without a full stop), in a full date.
MONTH_NAME = (
    r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
FULL_DATE_PATTERNS = (
    re.compile(rf"\b{MONTH_NAME}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_NAME},?\s+(?P<year>(?:19|20)\d\d)\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
)
WEEKDAY_NAME = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")

# Month and day, year optional; any word of 3-9 letters is tried as a month (MONTHS decides).
MONTH_DAY = re.compile(r"\b(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?\b")
DAY_MONTH = re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[A-Za-z]{3,9})\.?(?:,?\s+(?P<year>\d{4}))?\b")
ISO_DATE = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")


def parse_date(value: Union[str, dt.date, dt.datetime, None]) -> Optional[dt.date]:
    """A date from ``YYYY-MM-DD`` (or an ISO date-time, an RFC 2822 date, or a ``date``), else ``None``."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime  # RSS dates: "Fri, 31 May 2024 14:00:00 GMT"

    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def explicit_dates(text: str) -> list[tuple[dt.date, int, int]]:
    """Every full calendar date written in ``text`` as ``(date, start, end)``."""
    found = []
    for pattern in FULL_DATE_PATTERNS:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            month = int(groups["mnum"]) if groups.get("mnum") else MONTHS[groups["month"].lower().rstrip(".")]
            try:
                day = dt.date(int(groups["year"]), month, int(groups["day"]))
            except ValueError:
                continue
            found.append((day, m.start(), m.end()))
    return sorted(set(found), key=lambda f: f[1])


def month_day_date(text: str, anchor: Optional[dt.date]) -> Optional[dt.date]:
    """The first date written in ``text`` (ISO, "May 31", "31 May", a year optional); without a year,
    the year of ``anchor``, or the one before when that would put it more than a week after ``anchor``."""
    m = ISO_DATE.search(text)
    if m:
        try:
            return dt.date(int(m["year"]), int(m["month"]), int(m["day"]))
        except ValueError:
            return None
    for pattern in (MONTH_DAY, DAY_MONTH):
        m = pattern.search(text)
        if not m:
            continue
        month = MONTHS.get(m["month"].lower().rstrip("."))
        if month is None:
            continue
        day = int(m["day"])
        if m["year"]:
            year = int(m["year"])
        elif anchor is not None:
            year = anchor.year
            try:
                if dt.date(year, month, day) > anchor + dt.timedelta(days=7):
                    year -= 1
            except ValueError:
                return None
        else:
            return None
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    return None
