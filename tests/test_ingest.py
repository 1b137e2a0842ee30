"""Ingestion of single articles (text, HTML, URL, stdin, bytes) and of corpora (folders, JSONL, feeds, WARC)."""

from __future__ import annotations

import gzip
import hashlib
import http.server
import io
import json
import random
import socket
import threading
import time
from pathlib import Path

import pytest

from onrecord.errors import FetchError, InputError
from onrecord.ingest import iter_items, load_article
from onrecord.ingest.read import read_source
from onrecord.model import DateMethod

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parent.parent / "examples"

# An invented two-paragraph report with NBSP, curly quotes, an en dash and an accented name.
STORY = (
    "Library Reopens After Flood Repairs\n\n"
    "The Millbrook public library reopened on Monday, three\u00a0months after a burst pipe flooded its basement.\n\n"
    "\u201cWe lost 2,000 books \u2013 but not one reader,\u201d said head librarian Zoë Marchetti.\n"
)


# --- plain text -----------------------------------------------------------------------------------------


def test_seed_title_and_exact_body(seed_path):
    article = load_article(seed_path)
    raw = seed_path.read_bytes()
    assert article.title == "Joe Biden Gives Ukraine Permission to Hit Targets in Russia with U.S. Weapons"
    assert article.id == article.content_hash == hashlib.sha256(raw).hexdigest()
    assert article.raw_text() == raw.decode("utf-8")  # nothing lost
    assert len(article.body) == len(raw.decode("utf-8"))  # offsets are file offsets
    assert article.language == "en"
    assert article.meta["format"] == "text"


def test_nbsp_and_curly_quotes_preserved_with_exact_offsets(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    article = load_article(path)
    assert article.body == STORY
    start = STORY.index("\u201cWe lost")
    assert article.body[start] == "\u201c"
    assert "three\u00a0months" in article.body
    assert article.title == "Library Reopens After Flood Repairs"


def test_crlf_normalised_to_lf_and_recorded(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(STORY.replace("\n", "\r\n").encode("utf-8"))
    article = load_article(path)
    assert article.body == STORY
    assert "\r" not in article.body
    assert "normalised" in article.meta["newlines"]
    assert article.id == hashlib.sha256(path.read_bytes()).hexdigest()  # the id hashes the raw bytes


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_byte_order_marks(tmp_path, encoding):
    path = tmp_path / "bom.txt"
    path.write_bytes(STORY.encode(encoding))
    article = load_article(path)
    assert article.body == STORY  # the BOM is not part of the body


def test_legacy_single_byte_encoding_is_detected(tmp_path):
    text = STORY.replace("\u2013", "-") * 3  # cp1252 has curly quotes, NBSP and ë
    path = tmp_path / "cp1252.txt"
    path.write_bytes(text.encode("cp1252"))
    article = load_article(path)
    assert article.body == text
    assert article.meta["encoding"] != "utf-8"  # a single-byte code page that decodes it the same


def test_bytes_and_text_with_a_source_name():
    from_bytes = load_article(STORY.encode("utf-8"), source_name="clipboard")
    from_text = load_article(STORY, source_name="clipboard")
    assert from_bytes.body == from_text.body == STORY
    assert from_bytes.source == "clipboard"


def test_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(STORY.encode("utf-8"))))
    article = load_article("-")
    assert article.body == STORY
    assert article.source == "<stdin>"


def test_stdin_over_the_limit_is_refused_without_reading_it_all():
    stream = io.BytesIO(b"x" * 5000)
    with pytest.raises(InputError, match="--max-bytes"):
        read_source("-", max_bytes=1000, stdin=stream)
    assert stream.tell() == 1001  # one byte past the limit, no more


def test_user_date_wins(seed_path):
    article = load_article(seed_path, published="2024-06-02")
    assert str(article.published) == "2024-06-02"
    assert article.published_method == DateMethod.user
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        load_article(seed_path, published="last Friday")


def test_non_english_article_is_reported_not_rejected(tmp_path):
    path = tmp_path / "nieuws.txt"
    path.write_text(
        "Gemeente bouwt nieuwe dijk\n\n"
        "De gemeenteraad heeft dinsdag ingestemd met de bouw van een nieuwe dijk langs de rivier. "
        "Volgens de wethouder is het project over drie jaar klaar.\n",
        encoding="utf-8",
    )
    article = load_article(path)
    assert article.language == "nl"
    assert article.language_confidence > 0.5
    assert "dijk" in article.body


# --- bad input: one line naming the file and the problem ------------------------------------------------


def _error(tmp_path, name, data, **kw) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        load_article(path, **kw)
    message = str(info.value)
    assert message.startswith(str(path)) and "\n" not in message
    return message


def test_one_line_of_prose_taken_for_a_path_says_how_to_pass_text():
    sentence = "The mayor said on Tuesday that the bridge would open in spring, weather permitting."
    with pytest.raises(InputError, match="source_name") as info:
        load_article(sentence)
    assert len(str(info.value)) < 200  # the message names a short excerpt, not the whole text
    article = load_article(sentence, source_name="<text>")
    assert article.body.startswith("The mayor said")


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file") as info:
        load_article(tmp_path / "nope.txt")
    assert str(tmp_path / "nope.txt") in str(info.value)


def test_folder_is_not_an_article(tmp_path):
    with pytest.raises(InputError, match="folder"):
        load_article(tmp_path)


def test_empty_and_whitespace_only(tmp_path):
    assert "empty" in _error(tmp_path, "empty.txt", b"")
    assert "empty" in _error(tmp_path, "blank.txt", b" \n\t\r\n \xc2\xa0\n".replace(b"\xc2\xa0", b" "))


def test_binary_file(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    assert "binary" in _error(tmp_path, "photo.txt", png)
    assert "binary" in _error(tmp_path, "noise.txt", bytes((i * 37 + 11) % 32 for i in range(4000)))


def test_undecodable_bytes(tmp_path):
    broken = "Caf\u00e9 owners say \u201cno\u201d to the plan.\n\nMore text here.\n".encode("utf-8")
    broken = broken[:30] + b"\xff\xfe\xfd" + broken[30:]
    message = _error(tmp_path, "broken.txt", broken)
    assert "undecodable" in message and "UTF-8" in message


def test_fifty_megabyte_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: 50 MB on paper, nothing on disk
        fh.truncate(50_000_000)
    opened = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self) or real_open(self, *a, **k))
    with pytest.raises(InputError, match="too large.*--max-bytes") as info:
        load_article(path)
    assert str(path) in str(info.value)
    assert path not in opened  # refused by its size, never opened


def test_limit_can_be_raised(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    with pytest.raises(InputError, match="--max-bytes"):
        load_article(path, max_bytes=50)
    assert load_article(path, max_bytes=len(STORY.encode()) + 1).body == STORY


def test_html_without_an_article():
    with pytest.raises(InputError, match="no article text"):
        load_article(FIXTURES / "no_article.html")


# --- HTML -----------------------------------------------------------------------------------------------


def test_html_page_body_and_metadata():
    article = load_article(EXAMPLES / "article.html")
    assert article.title == "Harbor City Council Approves Floodwall After Two Years of Delay"
    assert article.authors == ["Priya Natarajan"]
    assert article.outlet == "The Harbor Ledger"
    assert article.url == "https://www.harborledger.example/news/2025/03/18/council-approves-floodwall"
    assert str(article.published) == "2025-03-18"
    assert article.published_method == DateMethod.metadata
    assert article.language == "en"
    body = article.body
    # every paragraph of the story is in the body, intact, each its own paragraph
    story = (EXAMPLES / "article.txt").read_text(encoding="utf-8").split("\n\n")
    first = next(i for i, p in enumerate(story) if p.startswith("The Harbor City Council voted"))
    last = next(i for i, p in enumerate(story) if p.startswith("The council is expected"))
    paragraphs = {p.text for p in article.paragraphs()}
    for paragraph in story[first : last + 1]:
        assert paragraph.strip() in paragraphs
    # navigation, captions, related links, newsletter, share bar, comments and footer are gone
    for chrome in (
        "Obituaries",
        "Skip to content",
        "Subscribe for $1 a week",
        "Volunteers stack sandbags",
        "Lena Okafor",
        "New flood maps",
        "Bus fares to rise",
        "Sign up for our City Hall newsletter",
        "Share on Facebook",
        "tidewatcher",
        "My basement flooded twice",
        "having issues with commenting",
        "All rights reserved",
    ):
        assert chrome not in body, chrome


def test_html_furniture_inside_the_article_is_set_aside():
    article = load_article(FIXTURES / "news_page.html")
    assert article.title == "Ferry service to Gull Island will resume in May, operator says"
    assert article.outlet == "Coastline Courier"
    assert article.authors == ["Tomás Reyes"]
    assert article.url == "https://coastline-courier.example/2023/04/06/gull-island-ferry"
    assert str(article.published) == "2023-04-06"
    removed = {r.text: r.reason for r in article.removed}
    assert removed == {"Advertisement": "advert", "Read more: Water taxi fares to double on weekends": "read_more"}
    for gone in ("Trending", "seaglass77", "Who paid for the hull work", "Ana Brandt", "Log in", "Wharf Street"):
        assert gone not in article.body
    for kept in (
        "“We found more corrosion than anyone expected,” said Hannah Lindqvist",
        "A spokesperson for the county, which subsidizes the route, said a new fare schedule",
    ):
        assert kept in article.body


# --- URLs: a local server, never the internet ------------------------------------------------------------

PAGES = {
    "/story.html": ("text/html; charset=utf-8", (EXAMPLES / "article.html").read_bytes()),
    "/story.txt": ("text/plain; charset=utf-8", STORY.encode("utf-8")),
    "/latin1.txt": (
        "text/plain; charset=iso-8859-1",
        STORY.replace("\u201c", '"')
        .replace("\u201d", '"')
        .replace("\u2013", "-")
        .replace("Zoë", "Zoe")
        .encode("latin-1"),
    ),
}


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path == "/slow":
            time.sleep(2)
        if self.path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(10_000_000))
            self.end_headers()
            return
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/story.txt")
            self.end_headers()
            return
        if self.path not in PAGES:
            self.send_error(404, "Not Found")
            return
        ctype, data = PAGES[self.path]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # clients that time out on /slow close the socket; that is the point of the test


@pytest.fixture(scope="module")
def server():
    httpd = _QuietServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_html(server):
    article = load_article(f"{server}/story.html")
    assert article.title == "Harbor City Council Approves Floodwall After Two Years of Delay"
    assert article.source == f"{server}/story.html"
    assert article.published_method == DateMethod.metadata


def test_url_text_and_redirect(server):
    assert load_article(f"{server}/story.txt").body == STORY
    moved = load_article(f"{server}/moved")
    assert moved.body == STORY
    assert moved.url.endswith("/story.txt")


def test_url_charset_from_bytes(server):
    assert "Zoe Marchetti" in load_article(f"{server}/latin1.txt").body


def test_url_404(server):
    with pytest.raises(FetchError, match="HTTP 404") as info:
        load_article(f"{server}/missing")
    assert f"{server}/missing" in str(info.value)


def test_url_connection_refused():
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError, match="cannot connect.*offline"):
        load_article(f"http://127.0.0.1:{port}/story.html", timeout=2)


def test_url_timeout(server):
    with pytest.raises(FetchError, match="timed out.*--timeout"):
        load_article(f"{server}/slow", timeout=0.3)


def test_url_too_large(server):
    with pytest.raises(FetchError, match="too large.*--max-bytes"):
        load_article(f"{server}/big", max_bytes=1_000_000)


# --- corpora --------------------------------------------------------------------------------------------


def _jsonl(path: Path, records: list) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(rec if isinstance(rec, str) else json.dumps(rec, ensure_ascii=False))
            fh.write("\n")
    return path


def test_jsonl_corpus_with_a_bad_line(tmp_path):
    path = _jsonl(
        tmp_path / "corpus.jsonl",
        [
            {
                "id": "a1",
                "publisher": "Ledger",
                "published": "2025-03-18",
                "title": "T1",
                "url": "https://x.example/1",
                "text": STORY,
            },
            '{"id": "broken", "text": "unterminated',
            {"id": "a3", "text": "Short note.\n\nIt was published without metadata on Tuesday, March 4, 2025."},
            {"id": "a4", "title": "no text"},
        ],
    )
    items = list(iter_items([path]))
    assert [i.source for i in items] == [f"{path}:1", f"{path}:2", f"{path}:3", f"{path}:4"]
    first, bad, third, no_text = items
    assert first.ok and first.article.id == "a1"
    assert first.article.outlet == "Ledger" and first.article.title == "T1"
    assert first.article.url == "https://x.example/1"
    assert str(first.article.published) == "2025-03-18" and first.article.published_method == DateMethod.metadata
    assert first.article.content_hash == hashlib.sha256(STORY.encode()).hexdigest()
    assert not bad.ok and "not valid JSON" in bad.error and bad.raw_sha256
    assert third.ok and third.article.published_method == DateMethod.text
    assert not no_text.ok and "'text'" in no_text.error


def test_gzipped_jsonl_and_json_array(tmp_path):
    with gzip.open(tmp_path / "c.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "g1", "text": STORY}) + "\n")
    (tmp_path / "c.json").write_text(json.dumps([{"id": "j1", "text": STORY}, {"id": "j2", "text": STORY}]))
    items = list(iter_items([tmp_path / "c.jsonl.gz", tmp_path / "c.json"]))
    assert [i.article.id for i in items] == ["g1", "j1", "j2"]


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Coastline Courier</title><link>https://coastline-courier.example/</link>
<item><title>Ferry to resume in May</title><link>{base}/story.html</link>
<pubDate>Thu, 06 Apr 2023 07:30:00 GMT</pubDate><guid>ferry-1</guid>
<content:encoded><![CDATA[<p>The only passenger ferry to Gull Island will return to service on May 1, the operator said on Wednesday.</p>
<p>“We found more corrosion than anyone expected,” said Hannah Lindqvist, general manager of Gull Island Ferries.</p>]]></content:encoded></item>
<item><title>Dredging delayed</title><link>{base}/gone</link><pubDate>Wed, 05 Apr 2023 18:00:00 GMT</pubDate>
<description>Harbor dredging will not start until June, port officials said on Tuesday, citing a shortage of barges.</description></item>
<item><title>Empty</title><link>{base}/empty</link></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbor Ledger</title><id>urn:ledger</id><updated>2025-03-19T08:00:00Z</updated>
<entry><title>Council approves floodwall</title><id>urn:ledger:1</id><link href="https://www.harborledger.example/1"/>
<published>2025-03-18T21:40:00-04:00</published><updated>2025-03-19T08:15:00-04:00</updated><author><name>Priya Natarajan</name></author>
<content type="html">&lt;p&gt;The Harbor City Council voted 7-2 on Tuesday to build a concrete floodwall along the Eastside waterfront.&lt;/p&gt;&lt;p&gt;Mayor Teresa Alvarado called the vote “a promise kept.”&lt;/p&gt;</content></entry>
</feed>
"""


def test_rss_feed_uses_entry_text_offline(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text(RSS.format(base="http://127.0.0.1:9"), encoding="utf-8")
    items = list(iter_items([path]))
    assert [i.source for i in items] == [f"{path}#entry-{n}" for n in (1, 2, 3)]
    ferry, dredging, empty = items
    assert ferry.article.title == "Ferry to resume in May"
    assert ferry.article.outlet == "Coastline Courier"
    assert str(ferry.article.published) == "2023-04-06" and ferry.article.published_method == DateMethod.metadata
    assert "“We found more corrosion than anyone expected,” said Hannah Lindqvist" in ferry.article.body
    assert "\n\n" in ferry.article.body  # paragraphs kept apart
    assert dredging.article.body.startswith("Harbor dredging will not start until June")
    assert not empty.ok and "no content" in empty.error


def test_rss_feed_fetches_pages_when_asked(tmp_path, server):
    path = tmp_path / "feed.rss"
    path.write_text(RSS.format(base=server), encoding="utf-8")
    ferry, dredging, _ = list(iter_items([path], fetch=True, timeout=2))
    assert ferry.article.meta.get("from") is None  # the page itself
    assert ferry.article.title == "Harbor City Council Approves Floodwall After Two Years of Delay"
    assert "HTTP 404" in dredging.article.meta["fetch_error"]  # fell back to the feed text
    assert dredging.article.body.startswith("Harbor dredging")


def test_atom_feed(tmp_path):
    path = tmp_path / "ledger.atom"
    path.write_text(ATOM, encoding="utf-8")
    (item,) = list(iter_items([path]))
    assert item.article.authors == ["Priya Natarajan"]
    assert str(item.article.published) == "2025-03-18"
    assert item.article.url == "https://www.harborledger.example/1"
    assert "a promise kept." in item.article.body


def _write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = (EXAMPLES / "article.html").read_bytes()
    bare = (
        b"<html><head><title>Ferry</title></head><body><article><p>" + STORY.encode() + b"</p></article></body></html>"
    )
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for uri, status, ctype, payload, date in (
            (
                "https://www.harborledger.example/floodwall",
                "200 OK",
                "text/html; charset=utf-8",
                page,
                "2025-03-19T02:00:00Z",
            ),
            (
                "https://cdn.example/logo.png",
                "200 OK",
                "image/png",
                b"\x89PNG\r\n\x1a\n" + bytes(64),
                "2025-03-19T02:00:01Z",
            ),
            (
                "https://coastline-courier.example/missing",
                "404 Not Found",
                "text/html",
                b"<html><body>gone</body></html>",
                "2025-03-19T02:00:02Z",
            ),
            ("https://coastline-courier.example/ferry", "200 OK", "text/html", bare, "2023-04-06T12:00:00Z"),
        ):
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(payload),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(record)


def test_warc(tmp_path):
    path = tmp_path / "cc-news.warc.gz"
    _write_warc(path)
    items = list(iter_items([path]))
    assert len(items) == 3  # the image is not an article
    page, missing, bare = items
    assert page.source.startswith(f"{path}@") and page.source != bare.source
    assert (
        page.article.url == "https://www.harborledger.example/news/2025/03/18/council-approves-floodwall"
    )  # canonical
    assert str(page.article.published) == "2025-03-18"  # page metadata beats the crawl date
    assert not missing.ok and "HTTP 404" in missing.error
    assert bare.article.url == "https://coastline-courier.example/ferry"
    assert "WARC-Date" in bare.article.published_evidence and str(bare.article.published) == "2023-04-06"


def test_folder_walk_mixes_kinds_and_reports_errors(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / ".hidden").mkdir()
    (corpus / "a.txt").write_text(STORY, encoding="utf-8")
    (corpus / "sub" / "b.html").write_bytes((EXAMPLES / "article.html").read_bytes())
    (corpus / "sub" / "empty.txt").write_bytes(b"")
    (corpus / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))  # not an article extension: skipped
    (corpus / ".hidden" / "c.txt").write_text(STORY, encoding="utf-8")
    _jsonl(corpus / "sub" / "c.jsonl", [{"id": "j", "text": STORY}])
    _write_warc(corpus / "sub" / "d.warc.gz")
    items = list(iter_items([corpus]))
    sources = [i.source for i in items]
    assert sources[0] == str(corpus / "a.txt")
    assert str(corpus / "sub" / "b.html") in sources
    assert not any(".hidden" in s or "photo.jpg" in s for s in sources)
    errors = {i.source: i.error for i in items if not i.ok}
    assert "empty" in errors[str(corpus / "sub" / "empty.txt")]
    assert sum(1 for i in items if i.ok) == 1 + 1 + 1 + 2
    same = [i for i in items if i.ok and i.article.body == STORY and i.source.endswith("a.txt")]
    assert same[0].raw_sha256 == hashlib.sha256(STORY.encode()).hexdigest()


def test_named_file_is_sniffed_and_missing_path_is_an_error_item(tmp_path):
    path = tmp_path / "corpus.dump"  # unknown extension, JSONL inside
    _jsonl(path, [{"id": "s1", "text": STORY}])
    items = list(iter_items([path, tmp_path / "missing.jsonl"]))
    assert items[0].article.id == "s1"
    assert not items[1].ok and "no such file" in items[1].error


def test_warc_offsets_point_at_their_records(tmp_path):
    from warcio.archiveiterator import ArchiveIterator

    path = tmp_path / "cc.warc.gz"
    _write_warc(path)
    urls = []
    for item in iter_items([path]):
        with path.open("rb") as fh:
            fh.seek(int(item.source.rsplit("@", 1)[1]))
            urls.append(next(iter(ArchiveIterator(fh))).rec_headers.get_header("WARC-Target-URI"))
    assert urls == [
        "https://www.harborledger.example/floodwall",
        "https://coastline-courier.example/missing",
        "https://coastline-courier.example/ferry",
    ]


def test_jsonl_records_in_other_dumps_field_names(tmp_path):
    # news-please writes maintext, date_publish and source_domain; many scrapers write body or content
    path = _jsonl(
        tmp_path / "dump.jsonl",
        [
            {"id": "p1", "maintext": STORY, "date_publish": "2025-03-18 09:30:00", "source_domain": "ledger.example"},
            {"id": "p2", "body": STORY, "published_at": "2025-03-19"},
            {"id": "p3", "content": {"blocks": []}, "text": STORY},  # a non-string alias gives way to the next
            {"id": "p4", "content": {"blocks": []}},
        ],
    )
    first, second, third, none = list(iter_items([path]))
    assert first.ok and first.article.outlet == "ledger.example" and str(first.article.published) == "2025-03-18"
    assert "date_publish" in first.article.published_evidence
    assert second.ok and str(second.article.published) == "2025-03-19"
    assert third.ok and third.article.id == "p3"
    assert not none.ok and "'maintext'" in none.error


def test_jsonl_record_with_html_instead_of_text(tmp_path):
    page = (EXAMPLES / "article.html").read_text(encoding="utf-8")
    path = _jsonl(tmp_path / "crawl.jsonl", [{"id": "h1", "url": "https://x.example/h1", "html": page}])
    (item,) = list(iter_items([path]))
    assert item.article.title == "Harbor City Council Approves Floodwall After Two Years of Delay"
    assert "Obituaries" not in item.article.body and item.article.id == "h1"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Council Votes to Build Floodwall\n\nThe council voted on Tuesday.", "Council Votes to Build Floodwall"),
        ("Is the Floodwall Worth It?\n\nThe council voted on Tuesday.", "Is the Floodwall Worth It?"),
        ("The council voted on Tuesday.\n\nIt was close.", None),  # a sentence, not a headline
        ("Council votes\nThe council voted on Tuesday.\n\nIt was close.", None),  # no blank line after it
        ("In a statement, the council said:\n\nWe will build it.", None),  # a lead-in
        ("Council Votes to Build Floodwall", None),  # one line: the body itself
    ],
)
def test_headline_of_a_plain_text_scrape(text, title):
    from onrecord.ingest.text import headline

    assert headline(text) == title


def test_links_are_followed_only_when_asked_and_loops_end(tmp_path):
    corpus, elsewhere = tmp_path / "corpus", tmp_path / "elsewhere"
    corpus.mkdir()
    elsewhere.mkdir()
    (corpus / "a.txt").write_text(STORY, encoding="utf-8")
    (elsewhere / "b.txt").write_text(STORY.replace("Millbrook", "Eastfield"), encoding="utf-8")
    (corpus / "linked").symlink_to(elsewhere, target_is_directory=True)
    (corpus / "linked-file.txt").symlink_to(elsewhere / "b.txt")
    (elsewhere / "loop").symlink_to(corpus, target_is_directory=True)
    plain = [Path(i.source).name for i in iter_items([corpus])]
    assert plain == ["a.txt"]
    followed = sorted(Path(i.source).name for i in iter_items([corpus], follow_links=True))
    assert followed == ["a.txt", "b.txt", "linked-file.txt"]


def test_a_file_that_is_not_a_warc_is_one_short_error(tmp_path):
    path = tmp_path / "noise.warc.gz"
    path.write_bytes(random.Random(7).randbytes(3000))  # not gzip, not WARC: warcio quotes its first "line"
    items = list(iter_items([path]))
    assert len(items) == 1 and not items[0].ok
    assert items[0].error.startswith("not a readable WARC file (") and len(items[0].error) < 120


def test_url_on_a_private_address_is_refused_when_the_caller_asks(server):
    # what a server fetching for its users does: its own network is out of reach
    with pytest.raises(FetchError, match="private or local address"):
        load_article(f"{server}/story.txt", allow_private_urls=False)
    assert load_article(f"{server}/story.txt").body == STORY  # the command line may fetch anything
