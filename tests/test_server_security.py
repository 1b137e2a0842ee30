"""The server under attack: stalls, oversized input, the ways around the token, SSRF, headers, Host.

Every fetch here goes to a test server on the loopback interface, never anywhere else.
"""

from __future__ import annotations

import http.server
import json
import threading

import pytest
from fastapi.testclient import TestClient
from test_web import make_record

from onrecord.api import create_app
from onrecord.api.guard import MAX_BODY_BYTES, host_names
from onrecord.api.work import ExtractionWorkers
from onrecord.errors import TooLongError
from onrecord.nlp.bound import MAX_SYMBOL_RUN, SYMBOL_RUN, bound_symbol_runs
from onrecord.pipeline import Extractor
from onrecord.store import open_store

TOKEN = "tok-5be1c0d9a7e24f63"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
STORY = (
    "Ferry fares frozen\n\n"
    "“Nobody should pay more to cross the river than to cross the street,” Mayor Ana Ruiz said on Monday.\n"
)


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "sec.db")
    s.add_record(make_record())
    yield s
    s.close()


@pytest.fixture
def writer(store, extractor):
    return TestClient(create_app(store, token=TOKEN, read_only=False, extractor=extractor))


# ---------------------------------------------------------------------------------------------
# stalls and sizes


def test_long_symbol_runs_are_split_and_nothing_else_moves():
    normal = "He said “yes” -- twice... (really?!) " + "-" * MAX_SYMBOL_RUN + " $5, 10% & more.\n"
    assert bound_symbol_runs(normal) is normal  # text without long runs is handed over untouched
    hostile = "Intro. " + "“" * 20_000 + " said Ana Ruiz." + "💥" * 500
    bounded = bound_symbol_runs(hostile)
    assert len(bounded) == len(hostile)  # same length: every offset into the body still holds
    assert SYMBOL_RUN.search(bounded) is None
    assert all(a == b for a, b in zip(hostile, bounded) if b != "\n")
    assert bounded.startswith("Intro. ") and bounded.endswith(" said Ana Ruiz." + bounded[-500:])


class RecordingNlp:
    """Stands in for spaCy: records what it is given to parse."""

    max_length = 1_000_000

    def __init__(self, nlp):
        self.nlp, self.texts = nlp, []

    def pipe(self, texts, batch_size=None):
        texts = list(texts)
        self.texts.extend(texts)
        return self.nlp.pipe(texts, batch_size=batch_size)


def test_the_parser_never_sees_a_pathological_run_and_offsets_hold(nlp):
    from onrecord.ingest import load_article

    recording = RecordingNlp(nlp)
    body = STORY + "\n" + "“" * 20_000 + "\n"
    record = Extractor(recording).process(load_article(body.encode(), source_name="marks"))
    assert all(SYMBOL_RUN.search(t) is None for t in recording.texts)
    assert record.statements, "the real sentence before the run is still found"
    for st in record.statements:
        assert record.article.body[st.quote.start : st.quote.end] == st.quote.text


def test_text_over_the_parsers_limit_is_one_clear_error(nlp, tmp_path, capsys):
    from onrecord.cli import main
    from onrecord.ingest import load_article

    article = load_article(("Word " * 220_000).encode(), source_name="huge.txt")  # 1.1M characters
    with pytest.raises(TooLongError, match="huge.txt: text too long .* limit 1,000,000"):
        Extractor(nlp).process(article)
    path = tmp_path / "huge.txt"
    path.write_text("Word " * 220_000, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", str(path)])
    err = capsys.readouterr().err.strip()
    assert (
        exit_info.value.code == 2 and "text too long" in err and "Traceback" not in err and len(err.splitlines()) == 1
    )


def test_text_over_the_parsers_limit_is_413_in_api_and_page(writer):
    text = "Word " * 220_000
    response = writer.post("/api/extract", json={"text": text})
    assert response.status_code == 413 and "text too long" in response.json()["detail"]
    page = writer.post("/paste", files={"file": ("huge.txt", text.encode(), "text/plain")})
    assert page.status_code == 413 and "text too long" in page.text


def test_a_lone_surrogate_in_posted_text_is_a_422_not_a_500(writer):
    body = '{"text": "The mayor said \\ud800 the fares would stay."}'  # JSON escape of a lone surrogate
    response = writer.post("/api/extract", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "text"] and "\\ud800" in error["input"]
    for nested in ('["\\ud800"]', '{"a": "\\ud800"}'):  # inside a list or an object too
        response = writer.post(
            "/api/extract", content='{"text": ' + nested + "}", headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 422, nested
        assert "\\ud800" in response.json()["detail"][0]["input"]


def test_bodies_over_the_limit_get_413_without_an_echo(writer):
    big = {"text": "x" * 20_000_000}
    response = writer.post("/api/extract", json=big)
    assert response.status_code == 413 and len(response.content) < 500
    assert response.headers["x-content-type-options"] == "nosniff"
    # a streamed body (no Content-Length) is cut off at the limit too
    chunks = (b"x" * 1_000_000 for _ in range(MAX_BODY_BYTES // 1_000_000 + 2))
    streamed = writer.post("/api/extract", content=chunks, headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413


def test_validation_errors_echo_only_a_little(writer):
    response = writer.post("/api/extract", json={"url": "https://example.org/" + "a" * 1_000_000})
    assert response.status_code == 422 and len(response.content) < 3000
    error = response.json()["detail"][0]
    assert error["loc"] == ["body", "url"] and "characters)" in error["input"]


class BlockingExtractor:
    """An extraction that holds its worker until released."""

    def __init__(self):
        self.release, self.started = threading.Event(), threading.Event()

    def process(self, article):
        self.started.set()
        self.release.wait(30)
        return make_record()


def test_extraction_is_bounded_and_timed_out(store):
    blocking = BlockingExtractor()
    client = TestClient(create_app(store, extractor=blocking, extract_time_limit=30, extract_queue=0))
    first: dict = {}
    runner = threading.Thread(target=lambda: first.update(r=client.post("/api/extract", json={"text": STORY})))
    runner.start()
    assert blocking.started.wait(10)
    busy = client.post("/api/extract", json={"text": STORY})  # the one worker is busy, no queue
    assert busy.status_code == 503 and busy.headers["retry-after"] and "busy" in busy.json()["detail"]
    assert client.get("/api/health").status_code == 200  # reads go on meanwhile
    blocking.release.set()
    runner.join(10)
    assert first["r"].status_code == 200
    slow = BlockingExtractor()
    timed = TestClient(create_app(store, extractor=slow, extract_time_limit=0.2, extract_queue=0))
    response = timed.post("/api/extract", json={"text": STORY})
    assert response.status_code == 504 and "longer than 0.2 s" in response.json()["detail"]
    page = timed.post("/paste", data={"text": STORY})
    assert page.status_code == 503  # the abandoned thread still holds the only worker...
    slow.release.set()


@pytest.mark.slow
def test_worker_processes_are_killed_past_the_limit_and_replaced():
    """The extraction ``onrecord serve`` uses: spaCy in a worker process, killed when it runs too long."""
    import asyncio

    from onrecord.api.work import TimedOut
    from onrecord.ingest import load_article

    workers = ExtractionWorkers(processes=1, time_limit=60)
    try:
        workers.start()
        article = load_article(STORY.encode(), source_name="story")
        record = asyncio.run(workers.process(article))
        assert any("cross the river" in st.quote.text for st in record.statements)
        first = workers._idle[0].process
        import os

        from onrecord.api.work import WORKER_NICENESS

        # the worker yields the CPU to the server's own process
        assert os.getpriority(os.PRIO_PROCESS, first.pid) >= min(
            19, os.getpriority(os.PRIO_PROCESS, 0) + WORKER_NICENESS
        )
        workers.time_limit = 0.01
        long_article = load_article(("Ana Ruiz said the ferry was late. " * 5000).encode(), source_name="long")
        with pytest.raises(TimedOut):
            asyncio.run(workers.process(long_article))
        first.join(5)
        assert not first.is_alive() and not workers._idle  # killed, and not given work again
        workers.time_limit = 60
        assert asyncio.run(workers.process(article)).statements  # a fresh worker takes the next one
    finally:
        workers.close()


# ---------------------------------------------------------------------------------------------
# ways in


def _fake_paste(client, monkeypatch, record):
    class FakeExtractor:
        def process(self, article):
            return record

    monkeypatch.setattr("onrecord.ingest.load_article", lambda source, **options: record.article)
    client.app.state.web.extractor = FakeExtractor()


def test_saving_a_paste_needs_the_token(store, monkeypatch):
    client = TestClient(create_app(store, token=TOKEN, read_only=False))
    _fake_paste(client, monkeypatch, make_record(article_id="curl1", title="Ferry fares frozen"))
    assert 'name="token"' in client.get("/paste").text
    curl = client.post("/paste", data={"text": "x", "save": "1"})  # no Origin, no token: curl
    assert curl.status_code == 403 and store.get_record("curl1") is None
    same_origin = client.post("/paste", data={"text": "x", "save": "1"}, headers={"Origin": "http://testserver"})
    assert same_origin.status_code == 403 and store.get_record("curl1") is None
    wrong = client.post("/paste", data={"text": "x", "save": "1", "token": "guess"})
    assert wrong.status_code == 403 and store.get_record("curl1") is None
    ok = client.post("/paste", data={"text": "x", "save": "1", "token": TOKEN}, follow_redirects=False)
    assert ok.status_code == 303 and store.get_record("curl1") is not None
    assert TOKEN not in client.get("/paste").text


def test_paste_save_without_token_takes_a_browser_form_only(store, monkeypatch):
    client = TestClient(create_app(store, token=TOKEN, read_only=False, allow_paste_save=True))
    _fake_paste(client, monkeypatch, make_record(article_id="form1", title="Ferry fares frozen"))
    assert 'name="token"' not in client.get("/paste").text
    assert client.post("/paste", data={"text": "x", "save": "1"}).status_code == 403
    assert store.get_record("form1") is None
    fetch = client.post(
        "/paste", data={"text": "x", "save": "1"}, headers={"Sec-Fetch-Site": "same-origin"}, follow_redirects=False
    )
    assert fetch.status_code == 303 and store.get_record("form1") is not None


def test_ingest_reads_only_under_the_allowed_folders(store, extractor, tmp_path):
    outside = tmp_path / "private.txt"
    outside.write_text("Secret notes.\n\nNobody said anything here at all today.\n", encoding="utf-8")
    root = tmp_path / "drop"
    root.mkdir()
    (root / "link.txt").symlink_to(outside)
    closed = TestClient(create_app(store, token=TOKEN, read_only=False, extractor=extractor))
    refused = closed.post("/api/ingest", json={"paths": ["/etc/os-release"]}, headers=AUTH)
    assert refused.status_code == 403 and "--ingest-root" in refused.json()["detail"]
    client = TestClient(create_app(store, token=TOKEN, read_only=False, extractor=extractor, ingest_roots=[root]))
    for path in ("/etc/os-release", str(root / ".." / "private.txt"), str(root / "link.txt")):
        response = client.post("/api/ingest", json={"paths": [path]}, headers=AUTH)
        assert response.status_code == 403 and "outside the folders" in response.json()["detail"], path
    assert store.stats()["articles"] == 1


@pytest.fixture
def loopback_server():
    """A server on 127.0.0.1 that counts its requests; ``/hop`` redirects to 127.0.0.2."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            if self.path == "/hop":
                self.send_response(302)
                self.send_header("Location", f"http://127.0.0.2:{self.server.server_address[1]}/secret")
                self.end_headers()
                return
            body = STORY.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1], hits
    httpd.shutdown()
    httpd.server_close()


LOOPBACK_SPELLINGS = [
    "http://127.0.0.1:{port}/",
    "http://127.1:{port}/",
    "http://2130706433:{port}/",
    "http://0x7f000001:{port}/",
    "http://0177.0.0.1:{port}/",
    "http://[::ffff:127.0.0.1]:{port}/",
    "http://[::1]:{port}/",
    "http://user@127.0.0.1:{port}/",
    "http://user:pw@localhost:{port}/",
    "http://localhost:{port}/",
    "http://[0:0:0:0:0:ffff:7f00:1]:{port}/",
    "http://0.0.0.0:{port}/",
    "http://127.0.0.1:{port}/api/health",
]


def test_no_spelling_of_loopback_is_fetched(store, extractor, loopback_server):
    port, hits = loopback_server
    client = TestClient(create_app(store, extractor=extractor))  # the default
    for spelling in LOOPBACK_SPELLINGS:
        url = spelling.format(port=port)
        response = client.post("/api/extract", json={"url": url})
        refused = ("private or local address", "invalid URL")  # httpx refuses an octal 0177.0.0.1 itself
        assert response.status_code == 400 and any(r in response.text for r in refused), url
        page = client.post("/paste", data={"url": url})
        assert page.status_code == 422 and any(r in page.text for r in refused), url
    assert hits == []  # not one request reached the server
    allowed = TestClient(create_app(store, extractor=extractor, allow_private_urls=True))
    assert allowed.post("/api/extract", json={"url": f"http://127.0.0.1:{port}/"}).status_code == 200


def test_every_redirect_and_the_connected_address_are_checked(loopback_server, monkeypatch):
    import ipaddress

    from onrecord.errors import FetchError
    from onrecord.ingest import read

    port, hits = loopback_server
    # Pretend 127.0.0.1 were public: the first hop passes, its redirect to 127.0.0.2 must not.
    real = read.is_public
    monkeypatch.setattr(read, "is_public", lambda ip: ip == ipaddress.ip_address("127.0.0.1") or real(ip))
    with pytest.raises(FetchError, match="127.0.0.2 is a private or local address"):
        read.fetch_url(f"http://127.0.0.1:{port}/hop", allow_private=False)
    assert hits == ["/hop"]
    # A name that resolved to a public address when checked, but connects to loopback (DNS rebinding).
    monkeypatch.setattr(read, "is_public", real)
    monkeypatch.setattr(read, "refuse_private_host", lambda url, host: None)
    with pytest.raises(FetchError, match="connected to a private or local address"):
        read.fetch_url(f"http://127.0.0.1:{port}/", allow_private=False)


def test_only_http_links_are_rendered(tmp_path):
    s = open_store(tmp_path / "links.db")
    rec = make_record(article_id="js1")
    s.add_record(rec.model_copy(update={"article": rec.article.model_copy(update={"url": "javascript:alert(1)"})}))
    page = TestClient(create_app(s)).get("/articles/js1").text
    assert "javascript:" not in page and 'class="source"' not in page
    s.close()


@pytest.mark.parametrize(
    "path, status",
    [
        ("/api/health", 200),
        ("/api/articles/none-such", 404),
        ("/api/statements?limit=0", 422),
        ("/static/onrecord.css", 200),
        ("/docs", 200),
        ("/openapi.json", 200),
        ("/", 200),
        ("/static/none.css", 404),
    ],
)
def test_security_headers_on_every_answer(store, path, status):
    response = TestClient(create_app(store)).get(path)
    assert response.status_code == status
    for header in ("content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options"):
        assert header in response.headers, (path, header)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_docs_come_from_this_server(store):
    import re

    client = TestClient(create_app(store))
    page = client.get("/docs").text
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(src.startswith("/") for src in sources), sources
    assert "<script>" not in page  # no inline script: the CSP allows none
    for src in sources:
        assert client.get(src).status_code == 200, src
    assert client.get("/openapi.json").json()["paths"]


def test_only_the_bound_host_names_are_answered(store):
    app = create_app(store, allowed_hosts=host_names("127.0.0.1"))
    client = TestClient(app, base_url="http://127.0.0.1:8000")
    assert client.get("/api/health").status_code == 200
    assert client.get("/api/health", headers={"Host": "localhost:8000"}).status_code == 200
    rebound = client.get("/api/health", headers={"Host": "attacker.example:8000"})
    assert rebound.status_code == 400 and "--allowed-host" in rebound.json()["detail"]
    assert "x-frame-options" in rebound.headers
    wide = host_names("0.0.0.0", ["news.example"])
    assert {"news.example", "<ip>"} <= wide and "localhost" not in wide
    assert host_names("::1") >= {"localhost", "::1"} and host_names("127.0.0.1", ["*"]) is None


def test_serve_checks_host_and_takes_the_new_flags(monkeypatch, tmp_path):
    import uvicorn

    from onrecord.cli import main

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, log_level: seen.update(app=app))
    main(["serve", "--db", str(tmp_path / "s.db"), "--allowed-host", "news.example", "--ingest-root", str(tmp_path)])
    client = TestClient(seen["app"], base_url="http://127.0.0.1:8000")
    assert client.get("/api/health").status_code == 200
    assert client.get("/api/health", headers={"Host": "news.example"}).status_code == 200
    assert client.get("/api/health", headers={"Host": "rebind.example"}).status_code == 400
    state = seen["app"].state
    assert state.allow_private_urls is False and state.allow_paste_save is False and state.extraction.use_processes
    with pytest.raises(SystemExit):
        main(["serve", "--db", str(tmp_path / "s.db"), "--ingest-root", str(tmp_path / "missing")])


def test_serve_with_several_workers_gives_each_the_same_settings(monkeypatch, tmp_path):
    import uvicorn

    from onrecord.api import SERVE_SETTINGS_ENV, app_from_environment
    from onrecord.cli import main

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    monkeypatch.setenv(SERVE_SETTINGS_ENV, "{}")  # both put back after the test, whatever serve sets them to
    monkeypatch.setenv("ONRECORD_API_TOKEN", "")
    main(["serve", "--db", str(tmp_path / "w.db"), "--workers", "3", "--extract-timeout", "7", "--token", TOKEN])
    target, options = calls[-1]
    assert target == "onrecord.api:app_from_environment" and options["factory"] and options["workers"] == 3
    settings = json.loads(__import__("os").environ[SERVE_SETTINGS_ENV])
    assert TOKEN not in json.dumps(settings)  # the token travels in its own variable only
    app = app_from_environment()
    assert app.state.extraction.time_limit == 7 and app.state.read_only is False
    client = TestClient(app, base_url="http://127.0.0.1")
    assert client.get("/api/health", headers={"Host": "elsewhere.example"}).status_code == 400
    assert client.post("/api/articles", json={"text": "x"}).status_code == 401  # writable, with the token


def test_error_answers_are_documented_in_the_schema(store):
    paths = TestClient(create_app(store)).get("/openapi.json").json()["paths"]
    assert {"400", "413", "503", "504"} <= set(paths["/api/extract"]["post"]["responses"])
    assert {"401", "403"} <= set(paths["/api/ingest"]["post"]["responses"])
    assert "404" in paths["/api/articles/{article_id}"]["get"]["responses"]
    json.dumps(paths)  # serialisable as it is served


def test_a_stored_record_is_parsed_once_while_it_is_asked_for(store):
    first = store.get_record("art1", shared=True)
    assert first is not None and store.get_record("art1", shared=True) is first  # asked again: not parsed again
    assert store.get_record("none-such") is None


def test_a_caller_that_changes_its_record_does_not_change_what_others_get(store):
    mine = store.get_record("art1")
    served = store.get_record("art1", shared=True)
    assert mine is not served and mine == served
    mine.statements.clear()
    mine.article.title = "changed by a caller"
    again = store.get_record("art1")
    assert again.statements and again.article.title != "changed by a caller"
    assert store.get_record("art1", shared=True) == again


def test_article_page_links_speakers_with_one_query(store):
    import sqlalchemy as sa

    queries = []
    sa.event.listen(store.engine, "before_cursor_execute", lambda *args: queries.append(args[2]))
    page = TestClient(create_app(store)).get("/articles/art1").text
    assert 'data-speaker-href="/speakers/person%3Aana-ruiz"' in page
    speaker_queries = [q for q in queries if "FROM speakers" in q or "speaker_aliases" in q]
    assert len(speaker_queries) == 1, speaker_queries
    assert store.known_speaker_ids(["person:ana-ruiz", "person:nobody", ""]) == {"person:ana-ruiz"}


def test_the_posted_text_path_is_loaded_at_start_up_not_by_the_first_extract(store):
    # Its first use imports the ingest and cleaning modules and compiles their rules in a server thread
    # holding the GIL: health checks waited behind it. Start-up does it instead.
    from onrecord.clean import load_rules

    load_rules.cache_clear()
    app = create_app(store)
    assert load_rules.cache_info().currsize == 0
    with TestClient(app) as client:
        assert load_rules.cache_info().currsize == 1
        assert client.get("/api/health").status_code == 200
