"""The speaker page at corpus scale: bars per day or week, statements on demand, a paged filtered list.

Records are built by hand (no extraction): one speaker quoted 60 times over 30 days, in two outlets.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from fastapi.testclient import TestClient

from onrecord.model import Article, Record, Span, Speaker, Statement

SUBJECTS = ["the harbour wall", "the school budget", "the night buses"]


def _record(i: int) -> Record:
    subject = SUBJECTS[i % 3]
    quote = f"We will settle {subject} this month, item {i}"
    body = f'"{quote}," said Ana Lund, the deputy mayor.'
    day = dt.date(2026, 2, 1) + dt.timedelta(days=i // 2)
    art = Article(
        id=f"lund-{i}",
        body=body,
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
        outlet="North Post" if i % 2 else "South Herald",
        published=day,
        title=f"Lund on {subject}",
    )
    return Record(
        article=art,
        speakers=[Speaker(id="sp1", name="Ana Lund", kind="person")],
        statements=[
            Statement(id="s1", type="direct", quote=Span(start=1, end=1 + len(quote), text=quote), speaker_id="sp1")
        ],
    )


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from onrecord.api import create_app
    from onrecord.store import StoredItem, open_store

    store = open_store(tmp_path_factory.mktemp("scale") / "scale.db")
    store.add_records([StoredItem(_record(i)) for i in range(60)])
    yield TestClient(create_app(store))
    store.close()


def test_many_statements_are_bars_per_day_not_a_tower_of_dots(client):
    page = client.get("/speakers/Ana Lund").text
    assert page.count('<rect class="bar"') == 30  # 60 statements on 30 days
    assert "<circle" not in page
    assert page.count('<li id="st') == 50  # the first page
    assert "Next →" in page
    second = client.get("/speakers/person:ana-lund?offset=50").text
    assert second.count('<li id="st') == 10 and "item 59" in second


def test_a_bar_lists_the_statements_of_its_day(client):
    page = client.get("/speakers/person:ana-lund").text
    link = re.search(r'<a href="([^"]*period=2026-02-03[^"]*)">', page).group(1).replace("&amp;", "&")
    day = client.get(link).text
    assert day.count('<li id="st') == 2 and "item 4" in day and "item 5" in day


def test_filter_by_subject_and_outlet(client):
    page = client.get("/speakers/person:ana-lund", params={"q": "buses", "outlet": "North"}).text
    items = re.findall(r"item (\d+)", page)
    assert items and all(int(i) % 3 == 2 and int(i) % 2 == 1 for i in items)
    assert "10 statements" in page
