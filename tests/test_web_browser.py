"""The web page in headless Chromium (Debian's ``chromium``), driven by Playwright.

A real server (uvicorn on a free 127.0.0.1 port, in a thread) over a temporary SQLite store holding
the seed article as the extractor reads it, plus one hand-built hostile record. Run with
``pytest -m browser tests/test_web_browser.py``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from conftest import unavailable

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

if not CHROMIUM.exists():
    unavailable("/usr/bin/chromium is not installed (apt-get install chromium)", allow_module_level=True)

sys.path.insert(0, str(Path(__file__).parent))
from test_web import make_record  # noqa: E402  (the hand-built hostile record)

from helpers.served import serving  # noqa: E402
from onrecord.web.render import statement_anchor  # noqa: E402


def build_app(db_path: Path, extractor):
    """The app ``onrecord serve`` runs (the API with the pages mounted), or the pages alone."""
    try:
        from onrecord.api import create_app
    except ImportError:
        create_app = None
    if create_app is not None:
        app = create_app(str(db_path), token="browser-test-token", read_only=True)
    else:  # before the API exists: the pages on their own
        from fastapi import FastAPI

        from onrecord.store import open_store
        from onrecord.web import mount

        app = FastAPI()
        mount(app, open_store(db_path))
    app.state.web.extractor = extractor  # share the session's spaCy pipeline with the paste page
    return app


@pytest.fixture(scope="module")
def site(tmp_path_factory, seed_path, extractor):

    from onrecord.ingest import load_article
    from onrecord.store import open_store

    db = tmp_path_factory.mktemp("web") / "seed.db"
    store = open_store(db)
    seed = extractor.process(load_article(seed_path))
    store.add_record(seed)
    store.add_record(make_record(hostile=True))
    stored = store.get_record(seed.article.id)
    store.close()

    app = build_app(db, extractor)
    with serving(app) as url:
        yield {"url": url, "record": stored}


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


MARKED = "() => new Set([...document.querySelectorAll('mark.st')].flatMap(m => m.dataset.statements.split(' '))).size"


def test_seed_article_shows_every_statement_highlighted(site, page):
    record = site["record"]
    page.goto(f"{site['url']}/articles/{record.article.id}")
    assert page.locator("h1").inner_text() == record.article.title
    assert page.evaluate(MARKED) == len(record.statements)  # the page shows every statement the record has
    # hovering a statement fills the panel with who said it (before that it only says what to do)
    assert page.locator('#detail [data-field="empty"]').is_visible()
    assert not page.locator("#detail dl").is_visible()
    first = page.locator("mark.st").first
    first.hover()
    assert page.locator("#detail dl").is_visible()
    row = page.locator(f"#q-{first.get_attribute('data-statement')}")
    assert page.locator('#detail [data-field="speaker"]').inner_text() == row.get_attribute("data-speaker")
    assert page.locator('#detail [data-field="cue"]').inner_text().strip("“”") == row.get_attribute("data-cue")
    # the removed non-body lines are folded away, closed
    assert page.locator("details.removed").count() >= 1
    assert not page.locator("details.removed").first.evaluate("d => d.open")
    # keyboard: a statement can be reached with Tab
    page.keyboard.press("Tab")
    for _ in range(40):
        if page.evaluate("document.activeElement.matches('mark.st')"):
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('mark.st')")
    assert page.errors == []


def test_seed_article_highlights_all_26_annotated_statements(site, page, seed_gold):
    # Separate from the test above: this one measures the extractor against the hand annotation.
    # Each of the 26 gold statements must be highlighted on the page as a statement whose quote
    # covers at least half of the gold span (the match rule; one extra statement is allowed).
    from onrecord.web.render import statement_anchor

    record = site["record"]
    page.goto(f"{site['url']}/articles/{record.article.id}")
    highlighted = set(
        page.evaluate("() => [...document.querySelectorAll('mark.st')].flatMap(m => m.dataset.statements.split(' '))")
    )
    missing = []
    for gold in seed_gold["statements"]:
        need = (gold["quote_end"] - gold["quote_start"]) / 2
        covering = [
            st
            for st in record.statements
            if min(st.quote.end, gold["quote_end"]) - max(st.quote.start, gold["quote_start"]) >= need
        ]
        if not any(statement_anchor(st) in highlighted for st in covering):
            missing.append(f"{gold['id']}: {gold['quote'][:60]}")
    assert not missing, "gold statements not highlighted:\n" + "\n".join(missing)
    assert len(seed_gold["statements"]) == 26
    assert len(highlighted) <= 26 + 1


def test_speaker_filter_dims_the_others(site, page):
    page.goto(f"{site['url']}/articles/{site['record'].article.id}")
    button = page.locator(".speaker-btn").first
    count = int(button.locator(".sp-count").inner_text())
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert (
        page.locator("mark.st:not(.dim)").evaluate_all("ms => new Set(ms.map(m => m.dataset.statement)).size") == count
    )
    button.click()
    assert page.locator("mark.st.dim").count() == 0


def test_medvedev_speaker_page_lists_his_statements_in_order(site, page):
    record = site["record"]
    page.goto(f"{site['url']}/speakers?q=Medvedev")
    page.get_by_role("link", name=re.compile("Medvedev")).first.click()
    page.wait_for_load_state()
    assert "Medvedev" in page.locator("h1").inner_text()
    shown = [q.strip() for q in page.locator("ol.said blockquote").all_inner_texts()]
    medvedev = [
        st
        for st in sorted(record.statements, key=lambda s: s.quote.start)
        if "Medvedev" in (record.speaker(st.speaker_id).name if record.speaker(st.speaker_id) else "")
    ]
    assert shown == [st.quote.text.strip() for st in medvedev]  # same statements, same (reading = time) order
    assert len(shown) == 5  # the hand annotation gives him five
    assert page.locator("svg.timeline circle").count() == len(shown)


def test_search_nuclear_leads_to_the_right_paragraph(site, page):
    record = site["record"]
    page.goto(site["url"] + "/")
    page.fill("#quick-q", "nuclear")
    page.press("#quick-q", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=nuclear"))
    hits = page.locator("ol.hits a.hit-link")
    assert hits.count() >= 1
    href = hits.first.get_attribute("href")
    anchor = href.split("#", 1)[1]
    hits.first.click()
    page.wait_for_url(re.compile(re.escape(href) + "$"))
    # the statement is targeted and its paragraph, the one holding the quote, is marked and on screen
    paragraph = page.locator("p.here")
    assert paragraph.count() == 1
    index = int(paragraph.get_attribute("data-paragraph"))
    target = next(st for st in record.statements if statement_anchor(st) == anchor)
    paras = record.article.paragraphs()
    expected = next(i for i, p in enumerate(paras) if p.start <= target.quote.start < p.end)
    assert index == expected
    assert "nuclear" in paragraph.inner_text().lower()
    assert page.locator(f"#{anchor}").evaluate(
        "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"
    )
    assert page.locator('#detail [data-field="speaker"]').inner_text() != ""


HOSTILE = (
    "Riverside council settles the ferry question\n\n"
    "Mayor Ana Ruiz said on Tuesday: \u201c<script>window.__pwned = 1; alert(1)</script> is not a plan,"
    ' and <img src=x onerror="window.__pwned = 2; alert(2)"> is not a bridge.\u201d\n\n'
    '\u201cWe " onmouseover="window.__pwned=3" data-x=" will build it,\u201d council member Tom Berg told the '
    "Valley Post on Wednesday.\n"
)


def test_hostile_article_runs_nothing(site, page):
    # pasted through the form: the text is shown as text and nothing executes
    page.goto(site["url"] + "/paste")
    page.fill("#text", HOSTILE)
    page.click("button[type=submit]")
    page.wait_for_selector("#article-body")
    body_text = page.locator("#article-body").inner_text()
    assert "<script>window.__pwned = 1; alert(1)</script>" in body_text
    assert "<img src=x onerror=" in body_text
    for mark in page.locator("mark.st").all():
        mark.hover()
        mark.click()
    assert page.locator("#article-body script, #article-body img").count() == 0
    # stored and read back: speaker names and outlets with markup land in attributes and the panel
    page.goto(site["url"] + "/articles/evil")
    for mark in page.locator("mark.st").all():
        mark.hover()
    page.locator("#s3").click()
    assert "onmouseover" in page.locator('#detail [data-field="speaker"]').inner_text()
    page.goto(site["url"] + "/search?q=budget")
    page.goto(site["url"] + "/speakers")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.dialogs == []
    assert page.errors == []


def test_token_never_reaches_the_page(site, page):
    for path in ("/", "/speakers", "/search?q=nuclear", "/paste", f"/articles/{site['record'].article.id}"):
        response = page.goto(site["url"] + path)
        assert "browser-test-token" not in page.content()
        assert "script-src 'self'" in response.headers["content-security-policy"]


def test_from_a_statement_to_its_speakers_page(site, page):
    record = site["record"]
    page.goto(f"{site['url']}/articles/{record.article.id}")
    anchor = page.locator('.statement-list li[data-speaker*="Medvedev"]').first.get_attribute("data-anchor")
    page.locator(f"mark.st#{anchor}").click()
    link = page.locator('#detail [data-field="speaker-link"]')
    assert link.is_visible() and "Medvedev" in link.inner_text()
    link.click()
    page.wait_for_url(re.compile(r"/speakers/"))
    assert "Medvedev" in page.locator("h1").inner_text()


def test_api_docs_render_from_this_server_under_the_csp(site, page):
    """/docs: Swagger UI from this server's own files, started by a script file the CSP allows."""
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site["url"] + "/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)  # the operations are listed
    assert "/api/search" in page.inner_text("#swagger-ui")
    assert requests and all(url.startswith(site["url"]) for url in requests), requests
