"""The speaker page at corpus scale: statement counts per day or week as bars, a filtered, paged list.

A speaker with a handful of statements keeps the dot timeline (one dot per statement). Past
``DOTS_UP_TO`` statements the dots would stack into towers (a candidate quoted 170 times in one
split), so the page draws one bar per day (a span of up to ``DAYS_UP_TO`` days) or per week (weeks
start on Monday); a bar links to the statements of its period, shown below on demand. The list is
paged (``PAGE_SIZE``) and filtered by subject (full text), outlet, period and speech act.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional
from urllib.parse import urlencode

import sqlalchemy as sa

from onrecord.store.results import StatementHit
from onrecord.store.schema import statements

DOTS_UP_TO = 40
DAYS_UP_TO = 120
PAGE_SIZE = 50


def daily_counts(store, speaker_id: str) -> list[tuple[dt.date, int]]:
    """The speaker's canonical statements per date (statement date, else the article's)."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(statements.c.sort_date, sa.func.count())
            .where(
                statements.c.speaker_id == speaker_id,
                statements.c.id == statements.c.canonical_id,
                statements.c.sort_date.is_not(None),
            )
            .group_by(statements.c.sort_date)
        ).all()
    return sorted((d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)), n) for d, n in rows)


def binned(counts: list[tuple[dt.date, int]]) -> tuple[str, list[tuple[dt.date, int]]]:
    """``("day"|"week", [(period start, count)])``: days for a short span, else weeks from Monday."""
    if not counts:
        return "day", []
    if (counts[-1][0] - counts[0][0]).days <= DAYS_UP_TO:
        return "day", counts
    weeks: dict[dt.date, int] = {}
    for d, n in counts:
        start = d - dt.timedelta(days=d.weekday())
        weeks[start] = weeks.get(start, 0) + n
    return "week", sorted(weeks.items())


def period_bounds(unit: str, start: Optional[dt.date]) -> tuple[Optional[dt.date], Optional[dt.date]]:
    if start is None:
        return None, None
    return start, start + dt.timedelta(days=6 if unit == "week" else 0)


def page_url(speaker_href: str, filters: dict, **changes) -> str:
    values = {k: v for k, v in {**filters, **changes}.items() if v not in (None, "", 0)}
    return speaker_href + ("?" + urlencode(values) if values else "")


def listing(
    store, speaker_id: str, *, q: str = "", outlet: str = "", act: str = "", since=None, until=None, offset: int = 0
) -> tuple[int, list[StatementHit]]:
    """One page of the speaker's statements (time order) under the filters given."""
    return store.statement_hits(
        q.strip() or None,
        speaker=speaker_id,
        outlet=outlet.strip() or None,
        since=since,
        until=until,
        act=act or None,
        dedupe=True,
        limit=PAGE_SIZE,
        offset=offset,
    )
