"""onrecord.text.dates: the one home of month/weekday names and written-date parsing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import onrecord
from onrecord import time as statement_time
from onrecord.ingest import published
from onrecord.text import dates

PACKAGE = Path(onrecord.__file__).parent


def test_full_dates_need_a_year_and_keep_their_offsets():
    text = "Posted Sept. 3, 2024. On 4th of October 2023 she spoke; 2024-02-30 is no day."
    found = dates.explicit_dates(text)
    assert [(day, text[start:end]) for day, start, end in found] == [
        (dt.date(2024, 9, 3), "Sept. 3, 2024"),
        (dt.date(2023, 10, 4), "4th of October 2023"),
    ]


def test_month_day_without_a_year_takes_the_nearest_year_on_or_before_the_anchor():
    anchor = dt.date(2024, 1, 3)
    assert dates.month_day_date("on Dec. 30", anchor) == dt.date(2023, 12, 30)
    assert dates.month_day_date("on January 9", anchor) == dt.date(2024, 1, 9)  # within a week after: same year
    assert dates.month_day_date("on May 31", None) is None
    assert dates.month_day_date("31 May 2020", None) == dt.date(2020, 5, 31)
    assert dates.month_day_date("Room 12", anchor) is None  # not a month


def test_parse_date_reads_iso_and_rss_dates():
    assert dates.parse_date("2024-05-31T23:30:00Z") == dt.date(2024, 5, 31)
    assert dates.parse_date("Fri, 31 May 2024 14:00:00 GMT") == dt.date(2024, 5, 31)
    assert dates.parse_date("next week") is None


def test_inference_and_statement_dates_share_the_names():
    assert statement_time.MONTHS is dates.MONTHS and statement_time.WEEKDAYS is dates.WEEKDAYS
    assert published.parse_date is dates.parse_date and published.explicit_dates is dates.explicit_dates


def test_no_other_module_writes_its_own_month_names():
    copies = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path != PACKAGE / "text" / "dates.py"
        and any(
            marker in path.read_text(encoding="utf-8") for marker in ('"january": 1', "Jan(?:uary", "(Monday|Tuesday")
        )
    ]
    assert copies == []
