"""The read path on SQLite: full-text search runs one MATCH per query (not one per row) and keeps the
order it always had; connections are reused, not reopened.

The order is checked against a reference written from its definition (quote matches first, then bm25
with the quote weighted 4x its paragraph, then time order and position), computed row by row in
Python; the plan check reads SQLite's EXPLAIN QUERY PLAN of every statement a search runs.
No timings here: ``scripts/load_bench.py`` and ``scripts/search_equivalence.py`` measure.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from test_store import pier_records, seed_record

from onrecord.store import fulltext, open_store

QUERIES = [
    "nuclear",
    "weapon",
    "said",
    "Russia",
    "mistake",
    '"fatal mistake"',
    "nuclear -weapon",
    "west",
    "the",
    "pier",
    "boats",
    "harbour master",
    "cracks -worst",
    "catch",
]


@pytest.fixture
def store(tmp_path, seed_path, seed_gold):
    s = open_store(tmp_path / "record.db")
    s.add_record(seed_record(seed_path, seed_gold))
    for rec in pier_records():
        s.add_record(rec)
    yield s
    s.close()


def reference_order(store, q: str, *, relevance: bool, dedupe: bool = True) -> list[str]:
    """Statement ids matching ``q`` in the documented order, every key computed on its own per row."""
    expr = fulltext.fts5_query(q)
    quote_expr = " AND ".join(f'quote_text : "{p}"' for neg, p in fulltext.parse_query(q) if not neg)
    with store.engine.connect() as conn:
        matching = {
            r[0]
            for r in conn.execute(
                sa.text("SELECT rowid FROM statements_fts WHERE statements_fts MATCH :q"), {"q": expr}
            )
        }
        in_quote = {
            r[0]
            for r in conn.execute(
                sa.text("SELECT rowid FROM statements_fts WHERE statements_fts MATCH :q"), {"q": quote_expr}
            )
        }
        rows = conn.execute(
            sa.text(
                "SELECT s.pk, s.id, s.canonical_id, s.sort_date, a.published, a.pk, s.position "
                "FROM statements s JOIN articles a ON a.id = s.article_id"
            )
        ).all()
        keys = []
        for pk, sid, canonical, sort_date, published, article_pk, position in rows:
            if pk not in matching or (dedupe and sid != canonical):
                continue
            bm25 = conn.execute(
                sa.text(
                    "SELECT bm25(statements_fts, 4.0, 1.0) FROM statements_fts WHERE rowid = :pk AND statements_fts MATCH :q"
                ),
                {"pk": pk, "q": expr},
            ).scalar_one()
            keys.append(
                (
                    (pk not in in_quote),
                    bm25 if relevance else 0.0,
                    sort_date is None,
                    sort_date or "",
                    published is None,
                    published or "",
                    article_pk,
                    position,
                    sid,
                )
            )
    return [k[-1] for k in sorted(keys)]


@pytest.mark.parametrize("order", ["relevance", "date"])
def test_search_order_and_total_follow_their_definition(store, order):
    for q in QUERIES:
        for dedupe in (True, False):
            expected = reference_order(store, q, relevance=order == "relevance", dedupe=dedupe)
            total, hits = store.search_statements(q, order=order, dedupe=dedupe, limit=1000)
            assert [h["id"] for h in hits] == expected, (q, order, dedupe)
            assert total == len(expected), (q, order, dedupe)
            # A page past the first is the same list, cut.
            total_2, page_2 = store.search_statements(q, order=order, dedupe=dedupe, limit=3, offset=2)
            assert total_2 == total and [h["id"] for h in page_2] == expected[2:5]


def test_a_search_runs_its_match_once_not_once_per_row(store):
    seen: list[tuple[str, object]] = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", remember)
    try:
        for order in ("relevance", "date"):
            store.search_statements("nuclear -weapon", order=order, speaker="Medvedev", outlet="seed")
    finally:
        event.remove(store.engine, "before_cursor_execute", remember)
    assert any("statements_fts" in sql for sql, _ in seen)
    with store.engine.connect() as conn:
        for sql, parameters in seen:
            plan = [row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, parameters)]
            assert not any("CORRELATED" in step for step in plan), (sql, plan)


def test_sixteen_concurrent_readers_reuse_their_connections(tmp_path):
    store = open_store(tmp_path / "record.db")
    opened = []
    event.listen(store.engine, "connect", lambda dbapi_conn, record: opened.append(dbapi_conn))
    try:
        for _ in range(2):  # a server's 16 request threads, twice
            held = [store.engine.connect() for _ in range(16)]
            for conn in held:
                conn.exec_driver_sql("SELECT 1")
                conn.close()
        assert len(opened) <= 16  # the second wave found every connection in the pool
    finally:
        store.close()


def test_spans_are_assigned_to_every_paragraph_they_overlap_in_their_order():
    from onrecord.model import Span
    from onrecord.web.render import _by_paragraph

    body = "one two.\n\nthree four.\n\nfive six."
    paragraphs = [Span.of(body, 0, 8), Span.of(body, 10, 21), Span.of(body, 23, 32)]
    spans = [(4, 7, "a"), (5, 15, "b"), (0, 32, "c"), (21, 23, "gap"), (24, 28, "d"), (11, 12, "e")]
    expected = [
        [(4, 7, "a"), (5, 15, "b"), (0, 32, "c")],
        [(5, 15, "b"), (0, 32, "c"), (11, 12, "e")],
        [(0, 32, "c"), (24, 28, "d")],
    ]
    assert _by_paragraph(paragraphs, spans) == expected
    # Paragraphs out of order (not what Article.paragraphs gives, but possible in a hand-made list): same answer.
    shuffled = [paragraphs[2], paragraphs[0], paragraphs[1]]
    assert _by_paragraph(shuffled, spans) == [expected[2], expected[0], expected[1]]


def test_a_quote_across_paragraphs_is_marked_in_each(tmp_path):
    import datetime as dt

    from onrecord.model import Article, Record, Span, Speaker, Statement
    from onrecord.web.render import article_blocks

    body = 'Lead line here.\n\n"First half of it,\n\nand the second half," said <Ana> & co.'
    start, end = body.index('"First'), body.index('," said') + 1
    record = Record(
        article=Article(id="x", body=body, published=dt.date(2025, 1, 2), title="Lead line here."),
        speakers=[Speaker(id="sp1", name='Ana "<b>"', kind="person")],
        statements=[Statement(id="s1", type="direct", quote=Span.of(body, start, end), speaker_id="sp1")],
    )
    blocks = [str(b.html) for b in article_blocks(record)]
    assert len(blocks) == 2  # the headline paragraph is the page's <h1>
    assert blocks[0].startswith(
        '<mark class="st c0" id="s1" tabindex="0" data-statement="s1" data-statements="s1" '
        'data-speaker-id="sp1" title="Ana &#34;&lt;b&gt;&#34;">&#34;First half of it,</mark>'
    )
    assert blocks[1].startswith('<mark class="st c0" tabindex="0" data-statement="s1"')
    assert blocks[1].endswith(" said &lt;Ana&gt; &amp; co.")
