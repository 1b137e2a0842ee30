"""`onrecord watch` against a local HTTP server (loopback, in-process thread) whose feeds change between polls.

The server counts every request by path, so "nothing is fetched twice" is checked where it matters:
on the server side. Articles and feeds here are written for these tests.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sqlalchemy as sa

from onrecord.errors import ConfigError, FetchError
from onrecord.store import open_store
from onrecord.store.schema import watch_feeds, watch_items
from onrecord.watch import PoliteClient, Watcher, parse_every, read_feed_list
from onrecord.watch.http import RobotsDisallowed
from onrecord.watch.sources import parse_listing
from onrecord.watch.state import MAX_ATTEMPTS

# -- the server -------------------------------------------------------------------------------------


class FeedServer:
    """Routes set by the test: path -> (statuses to answer in turn, body, content type, ETag, Last-Modified)."""

    def __init__(self):
        self.routes: dict[str, dict] = {}
        self.hits: Counter = Counter()
        self.headers_seen: dict[str, list[dict]] = {}
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the stdlib's name)
                owner.hits[self.path] += 1
                owner.headers_seen.setdefault(self.path, []).append(dict(self.headers))
                route = owner.routes.get(self.path)
                if route is None:
                    return self._answer(404, b"not found", "text/plain")
                statuses = route["statuses"]
                status = statuses.pop(0) if len(statuses) > 1 else statuses[0]
                if status != 200:
                    return self._answer(status, b"", "text/plain", extra=route.get("extra", {}))
                etag, modified = route.get("etag"), route.get("last_modified")
                if (etag and self.headers.get("If-None-Match") == etag) or (
                    modified and not etag and self.headers.get("If-Modified-Since") == modified
                ):
                    return self._answer(304, b"", None)
                extra = {"ETag": etag} if etag else {}
                if modified:
                    extra["Last-Modified"] = modified
                self._answer(200, route["body"], route["type"], extra=extra)

            def _answer(self, status, body, ctype, extra=None):
                self.send_response(status)
                if ctype:
                    self.send_header("Content-Type", ctype)
                for k, v in (extra or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):  # keep pytest's output clean
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def set(
        self,
        path,
        body=b"",
        *,
        type="text/html; charset=utf-8",
        statuses=(200,),
        etag=None,
        last_modified=None,
        extra=None,
    ):
        self.routes[path] = dict(
            body=body.encode("utf-8") if isinstance(body, str) else body,
            type=type,
            statuses=list(statuses),
            etag=etag,
            last_modified=last_modified,
            extra=extra or {},
        )

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def server():
    srv = FeedServer()
    srv.thread.start()
    srv.set("/robots.txt", "User-agent: *\nDisallow: /private/\n", type="text/plain")
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


def page(title: str, speaker: str, quote: str, topic: str) -> str:
    """A short news page of our own: a headline, a quoted statement with a cue, and a paragraph of context."""
    return f"""<html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>The regional water board met on Monday to discuss {topic}, a question that has divided the valley towns for years.</p>
<p>“{quote},” {speaker} said after the meeting, adding that a decision would follow within weeks.</p>
<p>Residents who attended the session asked the board to publish its figures before any vote is taken on {topic}.</p>
</article></body></html>"""


def rss(base: str, items: list[tuple[str, str]]) -> str:
    entries = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><guid>{base}{path}</guid>"
        f"<pubDate>Mon, 30 Nov 2026 09:00:00 GMT</pubDate></item>"
        for path, title in items
    )
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Courier</title>
<link>{base}/</link><description>news</description>{entries}</channel></rss>"""


def no_wait_client(**kw) -> PoliteClient:
    waits: list[float] = []
    client = PoliteClient(delay=0, backoff=0.5, timeout=5, sleep=waits.append, **kw)
    client.waits = waits  # type: ignore[attr-defined]
    return client


class Log:
    def __init__(self):
        self.lines: list[tuple[str, str, str]] = []

    def __call__(self, status, url, detail):
        self.lines.append((status, url, detail))

    def of(self, url: str) -> list[str]:
        return [status for status, u, _ in self.lines if u == url]


# -- end to end -----------------------------------------------------------------------------------


def test_feeds_that_change_between_polls_are_fetched_once_across_a_restart(server, tmp_path, nlp):
    db = tmp_path / "w.db"
    server.set(
        "/a.html",
        page(
            "Board weighs dam repairs",
            "Chair Miriam Oduya",
            "The dam will not last another decade without work",
            "the dam repairs",
        ),
    )
    server.set(
        "/b.html",
        page(
            "Pipeline plan delayed",
            "Engineer Tomas Reyes",
            "We found cracks nobody expected to find",
            "the new pipeline",
        ),
    )
    server.set(
        "/c.html",
        page(
            "Fees to rise in spring",
            "Treasurer Anika Bell",
            "Nobody likes paying more, but the pumps are failing",
            "the water fees",
        ),
    )
    server.set(
        "/private/d.html", page("Closed page", "Someone Else", "This page is closed to robots", "a closed subject")
    )
    server.set(
        "/feed.xml",
        rss(server.base, [("/a.html", "Dam"), ("/b.html", "Pipeline"), ("/private/d.html", "Closed")]),
        type="application/rss+xml",
        etag='"v1"',
    )
    feed = server.url("/feed.xml")

    log = Log()
    with open_store(db) as store:
        first = Watcher(store, client=no_wait_client(), log=log).poll([feed])
        assert first.stored == 2 and first.statements >= 2
        assert log.of(server.url("/a.html")) == ["fetched"] and log.of(server.url("/b.html")) == ["fetched"]
        assert log.of(server.url("/private/d.html")) == ["skipped"]  # robots.txt
        # second poll, same process: the feed answers 304 to the ETag it gave
        log.lines.clear()
        second = Watcher(store, client=no_wait_client(), log=log).poll([feed])
        assert log.lines[0][0] == "not-modified" and second.stored == 0
        total, hits = store.search_statements("dam")
        assert total >= 1 and any("Oduya" in (h["speaker"]["name"] or "") for h in hits)
    assert server.headers_seen["/feed.xml"][-1].get("If-None-Match") == '"v1"'

    # the feed changes; a new process (the CLI) with the state in the store fetches only the new item
    server.set(
        "/feed.xml",
        rss(server.base, [("/c.html", "Fees"), ("/a.html", "Dam"), ("/b.html", "Pipeline")]),
        type="application/rss+xml",
        etag='"v2"',
    )
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# the valley's papers\n\n{feed}   # Valley Courier\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "onrecord", "watch", str(feeds), "--once", "--db", str(db), "--delay", "0"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "poll done: 1 articles stored" in result.stderr
    lines = result.stdout.splitlines()
    assert any(" fetched " in line and line.split()[2] == server.url("/c.html") for line in lines)
    assert sum(" skipped " in line and "seen before" in line for line in lines) == 2  # a and b
    assert server.hits["/a.html"] == 1 and server.hits["/b.html"] == 1 and server.hits["/c.html"] == 1
    assert server.hits["/private/d.html"] == 0
    with open_store(db) as store:
        assert store.stats()["articles"] == 3
        with store.engine.connect() as conn:
            statuses = dict(conn.execute(sa.select(watch_items.c.url, watch_items.c.status)).all())
            etag = conn.execute(sa.select(watch_feeds.c.etag).where(watch_feeds.c.url == feed)).scalar_one()
    assert statuses[server.url("/c.html")] == "stored" and statuses[server.url("/private/d.html")] == "robots"
    assert etag == '"v2"'


def test_a_failing_item_does_not_stop_the_others_and_is_given_up_after_its_attempts(server, tmp_path, nlp):
    server.set(
        "/ok.html",
        page("Wells tested", "Inspector Hana Kim", "Every well we tested was within the limits", "the wells"),
    )
    server.set("/broken.html", statuses=(500,))
    # the feed answers 304 after the first poll: the failed item is retried all the same
    server.set(
        "/feed.xml",
        rss(server.base, [("/broken.html", "Broken"), ("/ok.html", "Wells")]),
        type="application/rss+xml",
        etag='"f1"',
    )
    feed = server.url("/feed.xml")
    log = Log()
    with open_store(tmp_path / "w.db") as store:
        client = no_wait_client(retries=1)
        watcher = Watcher(store, client=client, log=log)
        summary = watcher.poll([feed])
        assert summary.stored == 1 and summary.counts["error"] == 1
        assert log.of(server.url("/broken.html")) == ["error"] and log.of(server.url("/ok.html")) == ["fetched"]
        assert server.hits["/broken.html"] == 2  # one retry, after a backoff wait
        assert 0.5 in client.waits
        for _ in range(MAX_ATTEMPTS):
            watcher.poll([feed])
        assert server.hits["/broken.html"] == 2 * MAX_ATTEMPTS  # retried at later polls, then given up
        assert log.of(server.url("/broken.html")) == ["error"] * MAX_ATTEMPTS
        broken = [detail for _, url, detail in log.lines if url == server.url("/broken.html")]
        assert "retried at the next poll" in broken[0] and "given up" in broken[-1]
        assert server.hits["/ok.html"] == 1
        assert server.hits["/feed.xml"] == MAX_ATTEMPTS + 1
        errors = [e for e in store.errors() if e["source"] == server.url("/broken.html")]
        assert errors and "HTTP 500" in errors[0]["reason"]


def test_items_over_max_new_are_fetched_at_later_polls_of_an_unchanged_feed(server, tmp_path, nlp):
    server.set("/a.html", page("Dam opens", "Engineer Lea Park", "The dam will open on Friday", "the dam"))
    server.set("/b.html", page("Bridge shut", "Mayor Omar Diaz", "The bridge stays shut until spring", "the bridge"))
    server.set(
        "/feed.xml",
        rss(server.base, [("/a.html", "Dam"), ("/b.html", "Bridge")]),
        type="application/rss+xml",
        etag='"f1"',
    )
    with open_store(tmp_path / "w.db") as store:
        watcher = Watcher(store, client=no_wait_client(), log=Log(), max_new=1)
        assert watcher.poll([server.url("/feed.xml")]).stored == 1
        assert watcher.poll([server.url("/feed.xml")]).stored == 1  # the feed did not change; b was left for now
        third = watcher.poll([server.url("/feed.xml")])  # everything taken: the validators are kept again
        assert third.stored == 0
        assert server.hits["/a.html"] == 1 and server.hits["/b.html"] == 1
        assert watcher.poll([server.url("/feed.xml")]).counts.get("not-modified") == 1


def test_sitemap_index_and_news_sitemap(server, tmp_path, nlp):
    server.set(
        "/p/1.html",
        page("Canal reopened", "Harbour master Olu Ade", "The canal is open to boats again from today", "the canal"),
    )
    news = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{server.base}/p/1.html</loc><news:news><news:publication><news:name>Canal Weekly</news:name>
<news:language>en</news:language></news:publication><news:publication_date>2026-11-28</news:publication_date>
<news:title>Canal reopened</news:title></news:news></url></urlset>"""
    server.set(
        "/news-sitemap.xml.gz",
        gzip.compress(news.encode()),
        type="application/x-gzip",
        last_modified="Sat, 28 Nov 2026 10:00:00 GMT",
    )
    server.set(
        "/sitemap.xml",
        f"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{server.base}/news-sitemap.xml.gz</loc></sitemap></sitemapindex>""",
        type="application/xml",
        etag='"i1"',
    )
    log = Log()
    with open_store(tmp_path / "w.db") as store:
        summary = Watcher(store, client=no_wait_client(), log=log).poll([server.url("/sitemap.xml")])
        assert summary.stored == 1
        record = next(store.iter_records())
        assert record.article.outlet == "Canal Weekly" and str(record.article.published) == "2026-11-28"
        log.lines.clear()
        Watcher(store, client=no_wait_client(), log=log).poll([server.url("/sitemap.xml")])
    # the index answers 304 to its ETag, the child sitemap 304 to its Last-Modified
    assert [s for s, _, _ in log.lines] == ["not-modified", "not-modified"]
    assert server.hits["/p/1.html"] == 1


# -- the HTTP client --------------------------------------------------------------------------------


def test_client_waits_between_requests_to_one_host():
    now = [100.0]
    waits: list[float] = []

    def sleep(s):
        waits.append(s)
        now[0] += s

    client = PoliteClient(delay=5.0, sleep=sleep, clock=lambda: now[0])
    client._wait_for_host("http://a.example/1")
    now[0] += 1.0
    client._wait_for_host("http://a.example/2")  # 1 s after the first: waits the 4 s left
    client._wait_for_host("http://b.example/1")  # another host: no wait
    assert waits == [4.0]


def test_client_retries_with_exponential_backoff_and_honours_retry_after(server):
    server.set("/busy", "done", statuses=(503, 503, 503, 200))
    client = no_wait_client(retries=3)
    assert client.get(server.url("/busy")).data == b"done"
    assert client.waits == [0.5, 1.0, 2.0]
    server.set("/later", "ok", statuses=(429, 200), extra={"Retry-After": "7"})
    client = no_wait_client(retries=3)
    client.get(server.url("/later"))
    assert client.waits == [7.0]
    server.set("/gone", statuses=(404,))
    with pytest.raises(FetchError, match="HTTP 404"):
        client.get(server.url("/gone"))
    assert server.hits["/gone"] == 1  # not retried


def test_robots_txt_is_read_once_per_host_and_closes_paths(server):
    client = no_wait_client()
    server.set("/open", "fine")
    client.get(server.url("/open"))
    with pytest.raises(RobotsDisallowed):
        client.get(server.url("/private/x"))
    client.get(server.url("/open"))
    assert server.hits["/robots.txt"] == 1 and server.hits["/private/x"] == 0


def test_unreadable_robots_txt_closes_the_host(server):
    server.set("/robots.txt", statuses=(503,))
    client = no_wait_client(retries=0)
    with pytest.raises(RobotsDisallowed, match="could not be read"):
        client.get(server.url("/anything"))
    assert server.hits["/anything"] == 0


def test_a_feed_that_is_not_one_is_an_error_and_keeps_no_validators(server, tmp_path):
    server.set("/feed.xml", "<html><body><p>Not a feed at all.</p></body></html>", etag='"x"')
    log = Log()
    with open_store(tmp_path / "w.db") as store:
        Watcher(store, client=no_wait_client(), log=log).poll([server.url("/feed.xml")])
        with store.engine.connect() as conn:
            row = conn.execute(sa.select(watch_feeds)).mappings().one()
    assert log.lines[0][0] == "error" and "not an RSS/Atom feed or a sitemap" in log.lines[0][2]
    assert row["last_status"] == "error" and row["etag"] is None


# -- input -----------------------------------------------------------------------------------------


def test_feed_list_and_every(tmp_path):
    path = tmp_path / "feeds.txt"
    path.write_text(
        "# comment\n\nhttps://a.example/feed  # the A\nhttps://b.example/sitemap.xml\nhttps://a.example/feed\n",
        encoding="utf-8",
    )
    assert read_feed_list(path) == ["https://a.example/feed", "https://b.example/sitemap.xml"]
    path.write_text("https://a.example/feed\nfeed.example.org/rss\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"feeds.txt:2: not an http\(s\) URL"):
        read_feed_list(path)
    assert parse_every("15m") == 900 and parse_every("1h") == 3600 and parse_every("90") == 90
    with pytest.raises(ConfigError, match="--every"):
        parse_every("soon")


def test_atom_feed_and_plain_sitemap_are_read():
    atom = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Hill Post</title>
<entry><title>One</title><link href="/one.html"/><id>tag:hill,1</id><updated>2026-11-01T00:00:00Z</updated></entry></feed>"""
    listing = parse_listing(atom, "https://hill.example/atom.xml")
    assert listing.kind == "feed" and listing.title == "Hill Post"
    assert [(e.url, e.guid) for e in listing.entries] == [("https://hill.example/one.html", "tag:hill,1")]
    plain = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://hill.example/two.html</loc>
<lastmod>2026-11-02</lastmod></url></urlset>"""
    assert [e.url for e in parse_listing(plain, "https://hill.example/sitemap.xml").entries] == [
        "https://hill.example/two.html"
    ]


def test_crawl_delay_of_robots_txt_wins_over_a_shorter_delay(server):
    server.set("/robots.txt", "User-agent: *\nCrawl-delay: 3\n", type="text/plain")
    server.set("/x", "x")
    now = [0.0]
    waits: list[float] = []

    def sleep(s):
        waits.append(s)
        now[0] += s

    client = PoliteClient(delay=0.5, sleep=sleep, clock=lambda: now[0])
    client.get(server.url("/x"))
    client.get(server.url("/x"))
    # robots.txt, then /x 3 s after it, then /x again 3 s later (the clock only moves when the client sleeps)
    assert waits == [3.0, 3.0] and server.hits["/x"] == 2


def test_run_polls_every_period_and_rereads_the_feed_list(server, tmp_path):
    server.set("/empty.xml", rss(server.base, []), type="application/rss+xml")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(server.url("/empty.xml") + "\n", encoding="utf-8")
    reads, sleeps = [], []

    def read_urls():
        reads.append(1)
        return read_feed_list(feeds)

    def sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 2:
            raise KeyboardInterrupt  # how a user stops the watcher
        feeds.write_text(server.url("/empty.xml") + "\n" + server.url("/other.xml") + "\n", encoding="utf-8")

    with open_store(tmp_path / "w.db") as store:
        with pytest.raises(KeyboardInterrupt):
            Watcher(store, client=no_wait_client(retries=0)).run(read_urls, 900, sleep=sleep)
    assert len(reads) == 2 and all(800 < s <= 900 for s in sleeps)
    assert server.hits["/other.xml"] == 1  # the feed added to the file between polls was polled


def test_feed_text_mode_stores_the_entries_own_text_without_fetching_pages(server, tmp_path, nlp):
    body = (
        "<p>The ferry service will resume on Friday after the storm, the port authority said.</p>"
        "<p>“Our crews have checked every pier twice,” harbour director Lise Moen said on Thursday evening.</p>"
    )
    feed = f"""<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Fjord Times</title><link>{server.base}/</link><description>d</description>
<item><title>Ferries resume</title><link>{server.base}/ferry.html</link><guid>ferry-1</guid>
<pubDate>Thu, 26 Nov 2026 18:00:00 GMT</pubDate><content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>"""
    server.set("/feed.xml", feed, type="application/rss+xml")
    with open_store(tmp_path / "w.db") as store:
        summary = Watcher(store, client=no_wait_client(), feed_text=True).poll([server.url("/feed.xml")])
        record = next(store.iter_records())
    assert summary.stored == 1 and server.hits["/ferry.html"] == 0
    assert record.article.outlet == "Fjord Times" and any(sp.name == "Lise Moen" for sp in record.speakers)


def test_cli_refuses_a_bad_feeds_file_in_one_line(tmp_path):
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("https://a.example/rss\nnot a url\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "onrecord", "watch", str(feeds), "--once", "--db", str(tmp_path / "w.db")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (
        result.returncode == 2
        and "feeds.txt:2: not an http(s) URL" in result.stderr
        and "Traceback" not in result.stderr
    )
    result = subprocess.run(
        [sys.executable, "-m", "onrecord", "watch", str(feeds), "--every", "soon"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "--every 'soon'" in result.stderr


# -- the state, on both back ends ------------------------------------------------------------------


@pytest.fixture(scope="module")
def pg_url():
    from conftest import unavailable

    from helpers import pgtemp

    try:
        with pgtemp.postgres_url() as url:
            if not pgtemp.pg_available(url):
                unavailable(f"PostgreSQL at {url} does not answer")
            yield url
    except pgtemp.Unavailable as exc:
        unavailable(f"no PostgreSQL server: {exc}")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_store(request, tmp_path):
    if request.param == "sqlite":
        store = open_store(tmp_path / "w.db")
        yield store
        store.close()
        return
    from helpers import pgtemp

    url = request.getfixturevalue("pg_url")
    schema = pgtemp.fresh_schema_name()
    store = open_store(url, schema=schema)
    yield store
    store.close()
    pgtemp.drop_schema(url, schema)


def test_watch_state_round_trips(any_store):
    from onrecord.watch import state

    engine = any_store.engine
    state.save_feed(
        engine,
        "https://x.example/index.xml",
        status="ok",
        kind="sitemap-index",
        etag='"e1"',
        validators=True,
        n_items=1,
    )
    state.save_feed(
        engine,
        "https://x.example/s1.xml",
        status="ok",
        kind="sitemap",
        parent_url="https://x.example/index.xml",
        last_modified="Sat, 28 Nov 2026 10:00:00 GMT",
        validators=True,
    )
    state.save_feed(engine, "https://x.example/index.xml", status="not-modified")  # a 304 keeps the validators
    index = state.feed_state(engine, "https://x.example/index.xml")
    assert (index.etag, index.kind) == ('"e1"', "sitemap-index")
    assert state.child_sitemaps(engine, "https://x.example/index.xml") == ["https://x.example/s1.xml"]
    feed = "https://x.example/s1.xml"
    state.save_item(engine, "https://x.example/a", feed_url=feed, status="stored", article_id="abc")
    assert state.save_item(engine, "https://x.example/b", feed_url=feed, status="error", reason="HTTP 500") == 1
    assert state.settled_urls(engine, ["https://x.example/a", "https://x.example/b"]) == {"https://x.example/a"}
    assert state.items_to_retry(engine, feed) == [("https://x.example/b", None)]
    for attempt in range(2, MAX_ATTEMPTS + 1):
        assert (
            state.save_item(engine, "https://x.example/b", feed_url=feed, status="error", reason="HTTP 500") == attempt
        )
    assert state.items_to_retry(engine, feed) == []
    assert "https://x.example/b" in state.settled_urls(engine, ["https://x.example/b"])  # given up: not fetched again
