"""The answer cache of ``onrecord serve`` (onrecord.api.answers): kept answers come back the same, and
every commit to the database, by this server or by another connection, drops them."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from test_store import person, pier_records, record

from onrecord.api import create_app
from onrecord.api.answers import sqlite_path
from onrecord.store import open_store

LIGHTHOUSE = (
    "Keeper Maren Solberg said the old lighthouse would be lit again in spring.\n\n"
    '"The lamp has waited long enough," Solberg said on the pier.'
)


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "cache.db")
    for rec in pier_records():
        s.add_record(rec)
    yield s
    s.close()


def lighthouse(article_id: str = "light-1"):
    return record(
        article_id,
        LIGHTHOUSE,
        "2024-04-02",
        "Coast Daily",
        [(person("sp1", "Maren Solberg"), "The lamp has waited long enough,")],
    )


def counting(monkeypatch, store, method: str) -> list:
    calls: list = []
    real = getattr(store, method)

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(store, method, counted)
    return calls


def test_a_kept_answer_is_served_again_without_asking_the_store(store, monkeypatch):
    client = TestClient(create_app(store, answer_cache=8))
    calls = counting(monkeypatch, store, "statement_hits")
    first = client.get("/api/search?q=pillars")
    again = client.get("/api/search?q=pillars")
    assert first.status_code == again.status_code == 200 and first.json()["total"] > 0
    assert again.content == first.content and again.headers == first.headers
    assert len(calls) == 1
    client.get("/api/search?q=boats")  # another query string is another answer
    assert len(calls) == 2
    head = client.head("/api/search?q=pillars")  # HEAD is a GET without the body, from the kept answer
    assert head.status_code == 200 and head.content == b"" and len(calls) == 2
    assert again.headers["content-security-policy"] and again.headers["x-content-type-options"] == "nosniff"


def test_without_the_cache_every_request_asks_the_store(store, monkeypatch):
    client = TestClient(create_app(store))
    calls = counting(monkeypatch, store, "statement_hits")
    client.get("/api/search?q=pillars")
    client.get("/api/search?q=pillars")
    assert len(calls) == 2


def test_a_write_by_another_connection_drops_the_kept_answers(store, tmp_path):
    client = TestClient(create_app(store, answer_cache=8))
    before = client.get("/api/search?q=lamp").json()["total"]
    page = client.get("/articles/light-1")
    assert before == 0 and page.status_code == 404
    other = open_store(tmp_path / "cache.db")  # another writer: an ingest beside the server, another worker
    other.add_record(lighthouse())
    other.close()
    assert client.get("/api/search?q=lamp").json()["total"] == 1
    assert client.get("/articles/light-1").status_code == 200


def test_a_write_through_the_servers_own_store_drops_the_kept_answers(store):
    client = TestClient(create_app(store, answer_cache=8))
    listed = client.get("/api/articles").json()["total"]
    speaker_page = client.get("/speakers").text
    store.add_record(lighthouse())
    assert client.get("/api/articles").json()["total"] == listed + 1
    assert "Maren Solberg" in client.get("/speakers").text and "Maren Solberg" not in speaker_page


def test_only_200_answers_are_kept(store, monkeypatch):
    client = TestClient(create_app(store, answer_cache=8))
    calls = counting(monkeypatch, store, "get_record")
    assert client.get("/articles/no-such-article").status_code == 404
    assert client.get("/articles/no-such-article").status_code == 404
    assert client.get("/api/search?limit=0").status_code == 422
    assert len(calls) == 2


def test_only_the_newest_answers_are_kept(store, monkeypatch):
    client = TestClient(create_app(store, answer_cache=2))
    calls = counting(monkeypatch, store, "statement_hits")
    for q in ("pillars", "boats", "catch", "pillars"):  # "pillars" was pushed out by the two after it
        client.get(f"/api/search?q={q}")
    assert len(calls) == 4
    client.get("/api/search?q=catch")
    assert len(calls) == 4


def test_health_is_never_kept(store, monkeypatch):
    client = TestClient(create_app(store, answer_cache=8))
    calls = counting(monkeypatch, store, "stats")
    client.get("/api/health")
    client.get("/api/health")
    assert len(calls) == 2


def test_no_cache_where_sqlite_has_no_file(tmp_path):
    for dialect, url in (
        ("sqlite", "sqlite:///:memory:"),
        ("sqlite", "sqlite:///file:x?mode=memory"),
        ("postgresql", "postgresql://h/db"),
    ):
        assert sqlite_path(SimpleNamespace(dialect=dialect, url=url)) is None
    on_disk = open_store(tmp_path / "x.db")
    assert sqlite_path(on_disk) == str(tmp_path / "x.db")
    on_disk.close()
