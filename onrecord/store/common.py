"""Small helpers shared by the store's modules: filter dates, bounds, ISO dates, a driver error's first line."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Callable, Optional, Union

import sqlalchemy as sa

from onrecord.errors import ConfigError
from onrecord.ingest.published import parse_date
from onrecord.settings import MAX_LIMIT

DateLike = Union[dt.date, str, None]


class StoreState:
    """What :class:`onrecord.store.Store` sets up and its parts (writes, reads, export) use: declared
    here for the type checker only (the values are set in ``Store.__init__``)."""

    if TYPE_CHECKING:
        url: str
        engine: sa.Engine
        dialect: str
        provenance: Any
        speaker_index: Any
        near_dups: Any
        _outlet_ids: dict[str, int]
        _indexes_loaded: bool
        _indexed_state: Optional[tuple]
        _statement_page: Callable[..., tuple[int, list[dict]]]


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
