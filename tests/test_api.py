"""The REST API: reads, pagination and validation, the token on writes, extraction on the fly, the seed questions."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from test_store import pier_records, seed_record

from onrecord.api import create_app
from onrecord.store import open_store

TOKEN = "tok-" + "9f3a7c2e51b84d06"


@pytest.fixture
def store(tmp_path, seed_path, seed_gold):
    s = open_store(tmp_path / "api.db")
    s.add_record(seed_record(seed_path, seed_gold))
    for rec in pier_records():
        s.add_record(rec)
    yield s
    s.close()


@pytest.fixture
def client(store):
    return TestClient(create_app(store))


@pytest.fixture
def writer(store, extractor):
    return TestClient(create_app(store, token=TOKEN, read_only=False, extractor=extractor))


def gold_medvedev(seed_gold):
    return [g for g in seed_gold["statements"] if g["speaker"] == "Dmitry Medvedev"]


def test_health_and_openapi(client):
    health = client.get("/api/health").json()
    assert health["status"] == "ok" and health["articles"] == 4 and health["read_only"] is True
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/statements",
        "/api/speakers",
        "/api/speakers/{speaker_id}",
        "/api/search",
        "/api/extract",
        "/api/health",
    ):
        assert path in paths


@pytest.mark.parametrize("path", ["/api/health", "/api/articles", "/", "/speakers", "/static/onrecord.css"])
def test_head_answers_like_get_without_a_body(client, path):
    get, head = client.get(path), client.head(path)
    assert get.status_code == head.status_code == 200
    assert head.content == b"" and get.content
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers.get("content-length") == get.headers.get("content-length")


def test_head_of_a_missing_page_is_404(client):
    assert client.head("/api/articles/no-such-article").status_code == 404
    assert client.post("/api/health").status_code == 405  # other methods are still refused


def test_articles_pagination_and_record(client):
    page = client.get("/api/articles", params={"limit": 2}).json()
    assert page["total"] == 4 and len(page["items"]) == 2 and page["limit"] == 2
    rest = client.get("/api/articles", params={"limit": 2, "offset": 2}).json()["items"]
    assert {a["id"] for a in page["items"]}.isdisjoint({a["id"] for a in rest})
    assert client.get("/api/articles", params={"outlet": "bay herald"}).json()["total"] == 1
    record = client.get("/api/articles/seed").json()
    assert record["article"]["id"] == "seed" and len(record["statements"]) == 26
    assert client.get("/api/articles/missing").status_code == 404


@pytest.mark.parametrize(
    "params", [{"limit": 0}, {"limit": 1001}, {"offset": -1}, {"since": "yesterday"}, {"type": "rumour"}]
)
def test_bad_parameters_are_rejected(client, params):
    response = client.get("/api/statements", params=params)
    assert response.status_code == 422


def test_what_did_medvedev_say_through_the_api(client, seed_gold):
    gold = [g["quote"] for g in gold_medvedev(seed_gold)]
    page = client.get("/api/statements", params={"speaker": "Medvedev"}).json()
    assert page["total"] == 5 and [h["quote"] for h in page["items"]] == gold
    profile = client.get("/api/speakers/person:dmitry-medvedev").json()
    assert [h["quote"] for h in profile["statements"]] == gold
    assert client.get("/api/speakers/Medvedev").json()["id"] == "person:dmitry-medvedev"
    hit = client.get("/api/statements", params={"q": "nuclear", "speaker": "Medvedev", "since": "2024-05-01"}).json()
    assert hit["total"] == 1 and "fatal mistake" in hit["items"][0]["quote"]
    assert client.get("/api/speakers", params={"q": "medved"}).json()["items"][0]["statements"] == 5
    assert client.get("/api/speakers/nobody-at-all").status_code == 404
    timeline = client.get("/api/timeline", params={"of": "Medvedev"}).json()
    assert timeline["kind"] == "speaker" and [h["quote"] for h in timeline["statements"]] == gold


def test_search_and_syndicated_sources(client):
    page = client.get("/api/search", params={"q": "cracked pillars"}).json()
    # Both statements of that paragraph match; the one whose quote holds the words ranks first.
    assert page["total"] == 2 and "cracked pillars" in page["items"][0]["quote"]
    assert [s["outlet"] for s in page["items"][0]["sources"]] == ["Coast Daily", "Bay Herald"]
    assert client.get("/api/statements", params={"anonymous": True}).json()["total"] == sum(
        1 for h in client.get("/api/statements", params={"limit": 1000}).json()["items"] if h["anonymous"]
    )


def test_read_only_by_default(client):
    assert client.post("/api/articles", json={"text": 'Anyone said "hello".'}).status_code == 403
    assert client.post("/api/ingest", json={"paths": ["."]}).status_code == 403


def test_writes_need_the_token_which_is_never_echoed(writer, store):
    body = {
        "text": 'Port director Maren Solberg said on Tuesday that "the cranes will be replaced by autumn".',
        "outlet": "Harbour News",
    }
    assert writer.post("/api/articles", json=body).status_code == 401
    assert writer.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    ok = writer.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 201 and ok.json()["added"] is True
    again = writer.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert again.json()["added"] is False
    stored = writer.get(f"/api/articles/{ok.json()['id']}").json()
    assert stored["article"]["outlet"] == "Harbour News"
    for path in ("/api/health", "/openapi.json", "/api/articles", "/docs"):
        assert TOKEN not in writer.get(path).text
    assert (
        writer.post("/api/articles", json={"nonsense": 1}, headers={"Authorization": f"Bearer {TOKEN}"}).status_code
        == 422
    )


def test_extract_on_the_fly_stores_nothing(writer, store, seed_path, seed_gold):
    before = store.stats()["articles"]
    response = writer.post(
        "/api/extract", json={"text": seed_path.read_text(encoding="utf-8"), "published": "2024-05-31"}
    )
    assert response.status_code == 200
    record = response.json()
    assert record["article"]["published"] == "2024-05-31"
    assert len(record["statements"]) >= 20
    assert store.stats()["articles"] == before
    assert writer.post("/api/extract", json={}).status_code == 422
    assert writer.post("/api/extract", json={"text": "a", "url": "https://example.org/"}).status_code == 422


def test_seed_questions_on_extracted_records(tmp_path, extractor, seed_path, seed_gold):
    """End to end: the seed extracted by the real extractor, stored, asked through the API."""
    from onrecord.ingest import load_article

    store = open_store(tmp_path / "extracted.db")
    store.add_record(extractor.process(load_article(str(seed_path))))
    client = TestClient(create_app(store))
    profile = client.get("/api/speakers/Medvedev").json()
    gold = gold_medvedev(seed_gold)
    assert profile["name"] == "Dmitry Medvedev"
    assert len(profile["statements"]) == len(gold)
    for hit, g in zip(profile["statements"], gold):  # same places, same order
        assert hit["quote_start"] < g["quote_end"] and g["quote_start"] < hit["quote_end"]
    nuclear = client.get("/api/search", params={"q": "nuclear", "speaker": "Medvedev", "since": "2024-05-01"}).json()
    assert nuclear["total"] >= 1 and any("fatal mistake" in h["quote"] for h in nuclear["items"])
    store.close()


def test_ingest_endpoint_with_the_token(store, extractor, tmp_path):
    writer = TestClient(create_app(store, token=TOKEN, read_only=False, extractor=extractor, ingest_roots=[tmp_path]))
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "quay.txt").write_text(
        "Dock workers voted on Thursday to end their strike.\n\n"
        '"We got what we asked for," union leader Sofia Brandt told reporters at the gate.\n',
        encoding="utf-8",
    )
    (folder / "blank.txt").write_text("", encoding="utf-8")
    headers = {"Authorization": f"Bearer {TOKEN}"}
    assert writer.post("/api/ingest", json={"paths": [str(folder)]}).status_code == 401
    assert writer.post("/api/ingest", json={"paths": [str(tmp_path / "missing")]}, headers=headers).status_code == 400
    done = writer.post("/api/ingest", json={"paths": [str(folder)]}, headers=headers).json()
    assert (done["added"], done["errors"]) == (1, 1)
    again = writer.post("/api/ingest", json={"paths": [str(folder)]}, headers=headers).json()
    assert (again["added"], again["skipped"]) == (0, 1)
    assert writer.get("/api/statements", params={"speaker": "Brandt"}).json()["total"] >= 1


def test_a_server_open_to_the_network_does_not_fetch_private_addresses(store, extractor):
    from onrecord.api import create_app

    app = create_app(store, extractor=extractor, allow_private_urls=False)
    response = TestClient(app).post("/api/extract", json={"url": "http://127.0.0.1:9/story.html"})
    assert response.status_code == 400
    assert "private or local address" in response.text


def test_serve_fetches_private_addresses_only_when_told(monkeypatch, tmp_path):
    import uvicorn

    from onrecord.cli import main

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, log_level: seen.update(host=host, app=app))
    for host, flags, allowed in (
        ("127.0.0.1", [], False),
        ("0.0.0.0", [], False),
        ("127.0.0.1", ["--allow-private-urls"], True),
    ):
        main(["serve", "--db", str(tmp_path / "s.db"), "--host", host, *flags])
        assert seen["host"] == host and seen["app"].state.allow_private_urls is allowed


def test_a_posted_article_is_loaded_by_one_function_for_the_api_and_the_paste_page():
    import datetime as dt

    from onrecord.api.posted import load_posted

    body = b"Harbour news\n\nThe pier will reopen in May, the harbour master said on Monday.\n"
    article = load_posted(body, published=dt.date(2024, 5, 2), outlet="Coast Daily", title="Pier to reopen")
    assert (article.title, article.outlet, article.published) == ("Pier to reopen", "Coast Daily", dt.date(2024, 5, 2))
    plain = load_posted(body, name="pasted text")
    assert plain.title == "Harbour news" and plain.outlet is None and "pier will reopen" in plain.body
