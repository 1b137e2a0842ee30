"""The web page through FastAPI's TestClient: pages render, statements are highlighted, text is escaped.

Records are built by hand from invented text, so these tests need neither spaCy nor ../shared.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from onrecord.model import Article, Mention, Record, RemovedSpan, Span, Speaker, Statement
from onrecord.web import mount
from onrecord.web.render import TimelinePoint, article_blocks, highlight_terms, statement_rows, timeline_svg

XSS = "<script>window.__pwned=1;alert(1)</script>"
IMG = '<img src=x onerror="window.__pwned=2">'
BREAK = '" onmouseover="window.__pwned=3" x="'


def _span(body: str, text: str, after: int = 0) -> Span:
    start = body.index(text, after)
    return Span.of(body, start, start + len(text))


def make_record(title: str = "Council backs the river bridge", hostile: bool = False, article_id: str = "") -> Record:
    """An invented article: three speakers, one unnamed, a photo credit set aside, an optional attack."""
    quote3 = "the budget is tight" + (f" {XSS} {IMG} {BREAK}" if hostile else "")
    raw = (
        f"{title}\n\n"
        "Photo: the old ferry landing at dusk\n\n"
        "Mayor Ana Ruiz said on Tuesday that the bridge would open next spring.\n\n"
        "\u201cWe are not going to wait another decade,\u201d council member Tom Berg told the Valley Post.\n\n"
        f"A city official who asked not to be named said {quote3}.\n\n"
        "Ruiz added: \u201cThe ferry has served us well, but the river is wider than our patience.\u201d\n"
    )
    credit = _span(raw, "Photo: the old ferry landing at dusk")
    body = raw[: credit.start] + " " * (credit.end - credit.start) + raw[credit.end :]
    article = Article(
        id=article_id or ("evil" if hostile else "art1"),
        title=title,
        outlet="Riverside Gazette" + (f" {XSS}" if hostile else ""),
        published=dt.date(2025, 3, 4),
        body=body,
        removed=[RemovedSpan(**credit.model_dump(), reason="photo_credit")],
    )
    sp_ruiz = Speaker(
        id="sp1",
        name="Ana Ruiz",
        kind="person",
        role="Mayor",
        aliases=["Ruiz"],
        mentions=[Mention(**_span(body, "Mayor Ana Ruiz").model_dump(), kind="name")],
    )
    sp_berg = Speaker(id="sp2", name="Tom Berg", kind="person", role="council member")
    sp_anon = Speaker(
        id="sp3",
        name="city official" + (f" {BREAK}" if hostile else ""),
        kind="person",
        anonymous=True,
        description="A city official who asked not to be named",
    )
    st = [
        Statement(
            id="1",
            type="indirect",
            quote=_span(body, "the bridge would open next spring"),
            cue=_span(body, "said"),
            speaker_id="sp1",
            speaker_mention=_span(body, "Mayor Ana Ruiz"),
            date=dt.date(2025, 3, 4),
            date_text="on Tuesday",
            confidence=0.9,
        ),
        Statement(
            id="2",
            type="direct",
            quote=_span(body, "We are not going to wait another decade,"),
            cue=_span(body, "told"),
            speaker_id="sp2",
            speaker_mention=_span(body, "Tom Berg"),
            outlet="Valley Post",
            confidence=0.95,
        ),
        Statement(
            id="3",
            type="indirect",
            quote=_span(body, quote3),
            cue=_span(body, "said", body.index("official")),
            speaker_id="sp3",
            speaker_mention=_span(body, "A city official"),
            confidence=0.7,
        ),
        Statement(
            id="4",
            type="direct",
            quote=_span(body, "The ferry has served us well, but the river is wider than our patience."),
            cue=_span(body, "added"),
            speaker_id="sp1",
            speaker_mention=_span(body, "Ruiz", body.index("added") - 6),
            confidence=0.85,
        ),
    ]
    return Record(article=article, speakers=[sp_ruiz, sp_berg, sp_anon], statements=st)


@pytest.fixture()
def store(tmp_path):
    from onrecord.store import open_store

    st = open_store(tmp_path / "web.db")
    st.add_record(make_record())
    st.add_record(make_record(hostile=True))
    yield st
    st.close()


@pytest.fixture()
def client(store):
    app = FastAPI()
    app.state.token = "s3cret-token-never-shown"
    mount(app, store)
    return TestClient(app)


def marked_statements(page: str) -> set[str]:
    return {m for ids in re.findall(r'<mark [^>]*data-statements="([^"]*)"', page) for m in ids.split()}


def test_article_view_highlights_every_statement_with_anchors(client):
    page = client.get("/articles/art1").text
    assert marked_statements(page) == {"s1", "s2", "s3", "s4"}
    for n in range(1, 5):
        assert page.count(f'id="s{n}"') == 1
    # one colour per speaker: Ruiz's two statements share theirs, the others differ
    colours = dict(re.findall(r'<mark class="st (c\d)[^"]*" id="(s\d)"', page)[i][::-1] for i in range(4))
    assert colours["s1"] == colours["s4"] != colours["s2"] != colours["s3"]
    assert re.search(r'<p id="p\d+" data-paragraph="\d+">', page)
    # the unnamed source is flagged, the cue and the speaker mention are marked
    assert 'class="st c2 anon"' in page
    assert '<span class="cue">told</span>' in page
    assert re.search(r"<span class=\"who c\d\">Tom Berg</span>", page)


def test_article_view_folds_removed_parts_and_lists_speakers(client):
    page = client.get("/articles/art1").text
    details = re.search(r'<details class="removed">.*?</details>', page, re.S).group(0)
    assert "photo credit" in details and "the old ferry landing at dusk" in details
    # the side panel: speakers by statement count, Ruiz first with 2
    panel = re.search(r'<ul class="speaker-filter">.*?</ul>', page, re.S).group(0)
    names = re.findall(r'<span class="sp-name">([^<]*)</span>', panel)
    counts = re.findall(r'<span class="sp-count"[^>]*>(\d+)</span>', panel)
    assert names == ["Ana Ruiz", "Tom Berg", "city official"]
    assert counts == ["2", "1", "1"]


def test_statement_details_are_in_data_attributes(client):
    page = client.get("/articles/art1").text
    row = re.search(r'<li id="q-s2"(.*?)>', page, re.S).group(1)
    assert 'data-speaker="Tom Berg"' in row
    assert 'data-cue="told"' in row
    assert 'data-outlet="Valley Post"' in row
    assert 'data-confidence="95"' in row
    assert 'data-anonymous="named"' in row


def test_hostile_text_is_escaped_everywhere(client):
    for url in ("/articles/evil", "/search?q=budget", "/speakers", "/speakers/person:ana-ruiz", "/"):
        page = client.get(url).text
        assert "<script>window" not in page, url
        assert "<img src=x" not in page, url
        assert 'onmouseover="window' not in page, url
    page = client.get("/articles/evil").text
    assert html.escape(XSS) in page or "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=" in page
    # the only scripts are the page's own file
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/onrecord.js" defer>']


def test_pages_carry_a_content_security_policy_and_never_the_token(client):
    for url in (
        "/",
        "/articles/art1",
        "/speakers",
        "/speakers/Ana Ruiz",
        "/search?q=bridge",
        "/paste",
        "/articles/nope",
    ):
        response = client.get(url)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "s3cret-token-never-shown" not in response.text
    assert client.get("/articles/nope").status_code == 404


def test_search_links_each_hit_to_its_statement(client):
    page = client.get("/search", params={"q": "ferry"}).text
    assert "2 statements found" in page  # the same words in both articles
    assert 'href="/articles/art1#s4"' in page and 'href="/articles/evil#s4"' in page
    assert '<b class="hit">ferry</b>' in page
    anon = client.get("/search", params={"q": "budget", "anonymous": "yes"}).text
    assert "2 statements found" in anon
    named = client.get("/search", params={"q": "budget", "anonymous": "no"}).text
    assert "0 statements found" in named
    bad = client.get("/search", params={"since": "last week"})
    assert "must be a date" in bad.text


def test_speaker_pages(client):
    listing = client.get("/speakers", params={"q": "ruiz"}).text
    assert 'href="/speakers/person%3Aana-ruiz"' in listing
    assert re.search(r"<td>\s*Mayor\s*</td>", listing), "the Roles column shows the role from her articles"
    assert "Tom Berg" not in listing
    page = client.get("/speakers/Ana Ruiz").text
    quotes = re.findall(r"<blockquote>(.*?)</blockquote>", page, re.S)
    assert quotes[:2] == [
        "the bridge would open next spring",
        "The ferry has served us well, but the river is wider than our patience.",
    ]
    assert "<svg" in page and page.count("<circle") == 4  # two statements in each of the two articles
    assert client.get("/speakers/Nobody").status_code == 404


def test_paste_shows_the_article_without_storing(client, store, monkeypatch):
    record = make_record(title="Pasted piece", article_id="pasted1")

    class FakeExtractor:
        def process(self, article):
            return record

    seen = {}

    def fake_load(source, **options):
        seen["source"] = source
        return record.article

    monkeypatch.setattr("onrecord.ingest.load_article", fake_load)
    client.app.state.web.extractor = FakeExtractor()
    response = client.post("/paste", data={"text": "/etc/passwd\nline two", "save": "1"})
    # read-only by default: refused before any work is done
    assert response.status_code == 403 and "read-only" in response.text and not seen
    client.post("/paste", data={"text": "/etc/passwd\nline two"})
    assert seen["source"] == b"/etc/passwd\nline two"  # the pasted text went in as bytes, never as a path
    response = client.post("/paste", data={"text": "anything at all"})
    assert response.status_code == 200
    assert "Not saved." in response.text and len(marked_statements(response.text)) == 4
    assert store.get_record("pasted1") is None
    client.app.state.read_only = False
    client.app.state.allow_paste_save = True
    response = client.post(
        "/paste", data={"text": "again", "save": "1"}, follow_redirects=False, headers={"Origin": "http://testserver"}
    )
    assert response.status_code == 303 and response.headers["location"] == "/articles/pasted1"
    saved = store.get_record("pasted1")
    assert saved.article == record.article and len(saved.statements) == 4
    assert "Pasted piece" in client.get("/articles/pasted1").text


def test_paste_rejects_empty_and_bad_input(client):
    assert client.post("/paste", data={}).status_code == 400
    assert "http://" in client.post("/paste", data={"url": "file:///etc/passwd"}).text
    assert client.post("/paste", data={"text": "x\ny", "published": "yesterday"}).status_code == 400


def test_overlapping_statements_keep_every_anchor():
    rec = make_record()
    body = rec.article.body
    inner = rec.statements[3]
    outer = Statement(
        id="9",
        type="mixed",
        quote=_span(body, "Ruiz added: \u201cThe ferry has served us well"),
        speaker_id="sp1",
        confidence=0.5,
    )
    rec.statements.append(outer)
    rows = statement_rows(rec)
    html_body = "".join(str(b.html) for b in article_blocks(rec, rows))
    assert marked_statements(html_body) == {"s1", "s2", "s3", "s4", "s9"}
    assert html_body.count('id="s4"') == 1 and html_body.count('id="s9"') == 1
    assert inner.quote.text.split(",")[0] in html.unescape(re.sub(r"<[^>]+>", "", html_body))


def test_highlight_terms_escapes_around_matches():
    out = str(highlight_terms("<b>nuclear</b> weapons & nuclear-armed", "nuclear"))
    assert out == '&lt;b&gt;<b class="hit">nuclear</b>&lt;/b&gt; weapons &amp; <b class="hit">nuclear</b>-armed'


def test_timeline_svg_places_and_stacks_dots():
    pts = [TimelinePoint(dt.date(2024, 5, d), f"q{d}<", f"/articles/a#s{d}") for d in (1, 1, 20)]
    svg = str(timeline_svg(pts))
    cx = [float(x) for x in re.findall(r'cx="([\d.]+)"', svg)]
    cy = [float(y) for y in re.findall(r'cy="([\d.]+)"', svg)]
    assert cx[0] == cx[1] < cx[2] and cy[0] > cy[1]
    assert "q1&lt;" in svg and "<title>" in svg


def test_onrecord_serve_app_has_the_pages_and_keeps_the_token_out(tmp_path):
    from onrecord.api import create_app

    app = create_app(str(tmp_path / "served.db"), token="tok-9f8e7d-never-in-html", read_only=False)
    client = TestClient(app)
    for url in ("/", "/speakers", "/search?q=x", "/paste"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "tok-9f8e7d-never-in-html" not in response.text
        assert "script-src 'self'" in response.headers["content-security-policy"]
    assert client.get("/static/onrecord.js").status_code == 200
    assert 'name="save"' in client.get("/paste").text  # writable: the page offers to save
    read_only = TestClient(create_app(str(tmp_path / "served.db")))
    assert 'name="save"' not in read_only.get("/paste").text


def test_onrecord_serve_binds_to_localhost_by_default(tmp_path, monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from onrecord.cli import app as cli

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda application, **kw: calls.append(kw))
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0, result.output
    assert calls and calls[0]["host"] == "127.0.0.1"


def _fake_extraction(client, monkeypatch, record):
    seen = []

    class FakeExtractor:
        def process(self, article):
            return record

    def fake_load(source, **options):
        seen.append((source, options))
        return record.article

    monkeypatch.setattr("onrecord.ingest.load_article", fake_load)
    client.app.state.web.extractor = FakeExtractor()
    return seen


def test_paste_upload_and_address_reach_the_reader_as_given(client, monkeypatch):
    seen = _fake_extraction(client, monkeypatch, make_record(article_id="up1"))
    page = client.post(
        "/paste", files={"file": ("story.html", b"<p>Hi</p>", "text/html")}, data={"published": "2024-05-31"}
    )
    assert page.status_code == 200 and "Not saved." in page.text
    assert seen[-1] == (b"<p>Hi</p>", {"source_name": "story.html", "published": dt.date(2024, 5, 31)})
    client.post("/paste", data={"url": " https://example.org/story "})
    assert seen[-1][0] == "https://example.org/story"
    too_big = client.post("/paste", files={"file": ("big.txt", b"x" * 5_000_001, "text/plain")})
    assert too_big.status_code == 413


def test_saving_needs_a_writable_server_and_a_same_origin_form(client, store, monkeypatch):
    _fake_extraction(client, monkeypatch, make_record(title="Ferry fares frozen", article_id="csrf1"))
    client.app.state.read_only = False
    client.app.state.allow_paste_save = True  # saving from the page's own form, without the token
    cross = client.post("/paste", data={"text": "x", "save": "1"}, headers={"Origin": "https://evil.example"})
    assert cross.status_code == 403 and store.get_record("csrf1") is None
    same = client.post(
        "/paste", data={"text": "x", "save": "1"}, headers={"Origin": "http://testserver"}, follow_redirects=False
    )
    assert same.status_code == 303 and store.get_record("csrf1") is not None
    # the same text again under another id: the store keeps one copy and the page says so
    _fake_extraction(client, monkeypatch, make_record(title="Ferry fares frozen", article_id="csrf2"))
    again = client.post("/paste", data={"text": "x", "save": "1"}, headers={"Origin": "http://testserver"})
    assert again.status_code == 200 and "Not saved again" in again.text


def test_article_view_links_known_speakers_to_their_pages(client):
    page = client.get("/articles/art1").text
    assert 'data-speaker-href="/speakers/person%3Aana-ruiz"' in page
    # the unnamed source has no page of its own
    row = re.search(r'<li id="q-s3"(.*?)>', page, re.S).group(1)
    assert 'data-speaker-href=""' in row


@pytest.mark.parametrize(
    "params, found",
    [
        ({"speaker": "Ruiz"}, 4),
        ({"speaker": "Ruiz", "type": "direct"}, 2),
        ({"outlet": "gazette", "since": "2025-03-01", "until": "2025-03-31"}, 8),
        ({"outlet": "gazette", "since": "2025-03-05"}, 0),
        ({"q": "bridge", "anonymous": "no"}, 2),
    ],
)
def test_search_filters(client, params, found):
    page = client.get("/search", params=params).text
    assert f"{found} statement{'' if found == 1 else 's'} found" in page


def test_search_names_an_unattributed_statement_as_unknown(client, store):
    rec = make_record(title="Ferry timetable", article_id="noone1")
    body = rec.article.body
    rec.statements = [
        Statement(id="1", type="indirect", quote=_span(body, "the bridge would open next spring"), confidence=0.4)
    ]
    store.add_record(rec.model_copy(update={"article": rec.article.model_copy(update={"content_hash": "f" * 64})}))
    page = client.get("/search", params={"q": "bridge", "outlet": "Riverside"}).text
    hit = re.search(r'<a class="hit-link" href="/articles/noone1#s1">.*?</p>', page, re.S).group(0)
    assert "unknown speaker" in hit and "{" not in hit


@pytest.fixture()
def story_server():
    import http.server
    import threading

    story = (
        "Ferry Fares Frozen for Another Year\n\n"
        "“Nobody should pay more to cross the river than to cross the street,” Mayor Ana Ruiz said on Monday.\n"
    ).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(story)))
            self.end_headers()
            self.wfile.write(story)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/story.txt"
    httpd.shutdown()
    httpd.server_close()


def test_pasting_an_address_fetches_the_page(client, extractor, story_server):
    client.app.state.web.extractor = extractor
    client.app.state.allow_private_urls = True  # the story server is on loopback
    page = client.post("/paste", data={"url": story_server})
    assert page.status_code == 200
    assert "Ferry Fares Frozen for Another Year" in page.text
    assert "cross the river than to cross the street" in page.text
    # by default the server refuses to fetch its own network for a visitor
    client.app.state.allow_private_urls = False
    refused = client.post("/paste", data={"url": story_server})
    assert refused.status_code == 422 and "private or local address" in refused.text
