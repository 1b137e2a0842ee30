"""When was an article published? Setting a given date, and inferring one from the text when none is given
(the dates themselves are read by :mod:`onrecord.text.dates`).

News text rarely states its own date, but it leaves two kinds of evidence:

* explicit full dates ("May 31, 2024", "31 May 2024", "2024-05-31"), often in a dated photo caption or a
  dateline — which is why the raw text *including removed spans* is searched;
* weekday mentions ("on Friday", "Thursday afternoon"), which in news refer to days of the publication
  week.

Each explicit date is a candidate. Its score grows when its weekday is mentioned in the text (a report
saying "on Friday" next to a caption dated Friday, May 31), when it sits in a dateline or a
"Published/Updated" line, and when it is the latest date of the text (articles report the past). The best
candidate wins; its confidence is its score and the evidence names the words it came from.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional

from onrecord.model import Article, DateMethod
from onrecord.text.dates import WEEKDAY_NAME, WEEKDAY_NAMES, explicit_dates, parse_date

__all__ = [
    "DateGuess",
    "EARLIEST_PUBLISHED",
    "LATEST_PUBLISHED",
    "explicit_dates",
    "infer_published",
    "out_of_range_problem",
    "parse_date",
    "published_in_range",
    "set_published",
]

# A line that announces the article's own date.
_DATELINE = re.compile(r"(?i)^(?:published|posted|updated|first published|last updated|date)\b|^[A-Z][A-Z .,'-]{2,40},")

# Scores (they add up to at most 1.0).
_BASE = 0.35
_WEEKDAY_AGREES = 0.35  # the date's weekday is mentioned in the text
_DATELINE_BONUS = 0.2
_LATEST_BONUS = 0.1


@dataclass
class DateGuess:
    date: dt.date
    confidence: float
    evidence: str


# The publication dates onrecord accepts. Statement dates are computed from them ("yesterday", "last
# Friday", a week's window), so a date at the edge of Python's calendar (0001-01-01) would overflow.
EARLIEST_PUBLISHED = dt.date(1000, 1, 1)
LATEST_PUBLISHED = dt.date(2999, 12, 31)


def published_in_range(day: Optional[dt.date]) -> bool:
    """Whether ``day`` (None counts as in range: no date) lies within the accepted publication dates."""
    return day is None or EARLIEST_PUBLISHED <= day <= LATEST_PUBLISHED


def out_of_range_problem() -> str:
    return f"publication date out of range; give one between {EARLIEST_PUBLISHED} and {LATEST_PUBLISHED}"


def set_published(article: Article, value, method: DateMethod, confidence: float, evidence: str) -> bool:
    """Record ``value`` (a date or anything :func:`parse_date` reads) as the publication date of
    ``article``, with how it was found; ``False``, and ``article`` unchanged, when it is not a date
    or lies outside :data:`EARLIEST_PUBLISHED` – :data:`LATEST_PUBLISHED`."""
    day = parse_date(value)
    if day is None or not published_in_range(day):
        return False
    article.published = day
    article.published_method = method
    article.published_confidence = confidence
    article.published_evidence = evidence
    return True


def infer_published(article: Article) -> Optional[DateGuess]:
    """Guess the publication date of ``article`` from its raw text (removed spans included), or ``None``."""
    text = article.raw_text()
    candidates = explicit_dates(text)
    if not candidates:
        return None
    weekdays = {m.group(1).lower() for m in WEEKDAY_NAME.finditer(text)}
    latest = max(day for day, _, _ in candidates)
    best: Optional[DateGuess] = None
    for day, start, end in candidates:
        line_end = text.find("\n", end)
        line = text[text.rfind("\n", 0, start) + 1 : line_end if line_end >= 0 else len(text)]
        score, why = _BASE, [f"“{text[start:end]}”"]
        weekday = WEEKDAY_NAMES[day.weekday()]
        if weekday in weekdays:
            score += _WEEKDAY_AGREES
            why.append(f"a {weekday.capitalize()}, a weekday the text mentions")
        if _DATELINE.match(line.strip()):
            score += _DATELINE_BONUS
            why.append("in a dateline")
        if day == latest:
            score += _LATEST_BONUS
            why.append("the latest date in the text")
        guess = DateGuess(day, round(min(score, 1.0), 2), "; ".join(why))
        if best is None or (guess.confidence, guess.date) > (best.confidence, best.date):
            best = guess
    return best
