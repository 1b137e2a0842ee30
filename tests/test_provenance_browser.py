"""The quotation page and the related-statements panel in headless Chromium (see test_web_browser.py).

The store holds ``fixtures/provenance_articles.jsonl`` (articles written for the tests: one pledge
repeated, trimmed, elided, misquoted and misattributed). Run with
``pytest -m browser tests/test_provenance_browser.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import unavailable

pytestmark = pytest.mark.browser

sys.path.insert(0, str(Path(__file__).parent))
from test_web_browser import (  # noqa: E402,F401 (pytest fixtures, used by name)
    CHROMIUM,
    browser,
    build_app,
    page,
)

if not CHROMIUM.exists():
    unavailable("/usr/bin/chromium is not installed (apt-get install chromium)", allow_module_level=True)

from helpers.served import serving  # noqa: E402

FIXTURE = Path(__file__).parent / "fixtures" / "provenance_articles.jsonl"


@pytest.fixture(scope="module")
def site(tmp_path_factory, extractor):

    from onrecord.ingest.corpus import iter_items
    from onrecord.provenance.quotes import resolve_quote
    from onrecord.store import StoredItem, open_store

    db = tmp_path_factory.mktemp("prov-web") / "prov.db"
    store = open_store(db)
    items = list(iter_items([str(FIXTURE)]))
    store.add_records([StoredItem(extractor.process(i.article), i.source, i.raw_sha256) for i in items])
    cluster = resolve_quote(store, "we will not raise local taxes to pay for it")
    store.close()
    app = build_app(db, extractor)
    with serving(app) as url:
        yield {"url": url, "cluster": cluster}


def test_quotation_page_shows_spread_variants_and_flags(site, page):
    page.goto(f"{site['url']}/quotes/{site['cluster']['id']}")
    assert page.locator("svg.bars rect.bar").count() == 6  # six days, one appearance each
    assert "Harbour Gazette" in page.locator("#first-appearance").inner_text()
    rows = page.locator("#variants tbody tr")
    assert rows.count() == 4  # reference, trimmed, changed, ellipsis
    changed = page.locator("tr.variant-changed")
    assert changed.locator("mark.changed").all_inner_texts() == ["spring", "city"]
    assert changed.locator("del").all_inner_texts() == ["winter", "local"]
    assert "possible misquote" in changed.inner_text().lower()
    assert "conflicting attribution" in page.locator("tr.variant-reference").inner_text().lower()
    assert page.errors == []


def test_from_a_highlighted_statement_to_its_related_panel(site, page):
    page.goto(f"{site['url']}/articles/prov-a4")
    page.locator("mark.st").first.click()
    link = page.locator('[data-field="related-link"]')
    assert link.is_visible()
    link.click()
    page.wait_for_selector("#related")
    same = page.locator("#related-same li").all_inner_texts()
    assert any("Harbour Gazette" in t for t in same) and not any("Daily Ledger" in t for t in same)
    dates = page.locator("#related-same time").all_inner_texts()
    assert dates == sorted(dates)  # in time order
    assert "Tomas Brandt" in page.locator("#related-others").inner_text()
    page.locator("#statement-quotes a").first.click()
    page.wait_for_selector("#variants")
    assert page.errors == []


def test_related_statements_inside_the_article_panel(site, page):
    requests = []
    page.on("request", lambda r: requests.append(r.url) if "/related" in r.url else None)
    page.goto(f"{site['url']}/articles/prov-a4")
    mark = page.locator("mark.st").first
    mark.hover()
    assert not page.locator('[data-field="related"]').is_visible() and requests == []  # pointing fetches nothing
    mark.click()
    page.wait_for_selector('[data-field="related-same"] li')
    same = page.locator('[data-field="related-same"] li').all_inner_texts()
    assert any("Harbour Gazette" in t for t in same) and not any("Daily Ledger" in t for t in same)
    assert "Tomas Brandt" in page.locator('[data-field="related-others"]').inner_text()
    href = page.locator('[data-field="related-same"] li a').first.get_attribute("href")
    assert href.startswith("/statements/")
    page.locator('[data-field="close"]').dispatch_event("click")  # the button shows on narrow screens only
    assert not page.locator('[data-field="related"]').is_visible()
    assert len(requests) == 1 and page.errors == []
