"""Small helpers shared by the store's modules: filter dates, bounds, ISO dates, a driver error's first line."""

from __future__ import annotations

import datetime as dt
from typing import Optional, Union

from onrecord.errors import ConfigError
from onrecord.ingest.published import parse_date
from onrecord.settings import MAX_LIMIT

DateLike = Union[dt.date, str, None]


def _date(value: DateLike) -> Optional[dt.date]:
    """A filter's date (``None`` when not given); a value that is no date is the user's error."""
    if value is None or value == "":
        return None
    day = parse_date(value)
    if day is None:
        raise ConfigError(f"{value!r} is not a date: use YYYY-MM-DD")
    return day


def _first_line(exc: Exception) -> str:
    """The driver's own message (``file is not a database``, ``Connection refused``) without SQLAlchemy's notes."""
    cause = getattr(exc, "orig", None) or exc
    text = str(cause).strip() or type(cause).__name__
    return text.splitlines()[0]


def _iso(value) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return value.isoformat()


def _bound(limit: int, offset: int) -> tuple[int, int]:
    return max(0, min(int(limit), MAX_LIMIT)), max(0, int(offset))
