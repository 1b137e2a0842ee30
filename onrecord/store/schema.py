"""The tables of the record, as SQLAlchemy Core objects (the migrations create exactly these).

Keys are readable where people look at them (Datasette, SQL): articles are keyed by the
article id (a sha256), statements by ``"<article id>:<statement id>"`` and canonical speakers by
a slug such as ``"person:dmitry-medvedev"``. Statements and articles also carry an integer
``pk`` because the full-text tables (SQLite FTS5 external-content tables) address rows by an
integer rowid; on SQLite ``pk`` *is* the rowid.

Full-text search is not in these objects because it differs per dialect; see
:mod:`onrecord.store.fulltext`.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

outlets = sa.Table(
    "outlets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False, unique=True),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True),
    sa.Column("id", sa.Text, nullable=False, unique=True),
    sa.Column("content_hash", sa.Text, nullable=False, unique=True),
    sa.Column("source", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("outlet_id", sa.Integer, sa.ForeignKey("outlets.id")),
    sa.Column("title", sa.Text),
    sa.Column("authors", sa.Text, nullable=False, server_default="[]"),  # JSON list
    sa.Column("published", sa.Date, index=True),
    sa.Column("published_method", sa.Text, nullable=False, server_default="unknown"),
    sa.Column("language", sa.Text),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("raw_source", sa.Text),  # where the raw input was read: "corpus.jsonl:17", a path, a URL
    sa.Column("raw_sha256", sa.Text, index=True),  # sha256 of the raw input bytes (before cleaning)
    sa.Column("dup_of", sa.Text, index=True),  # id of the first article of its near-duplicate cluster
    sa.Column("minhash", sa.LargeBinary),  # MinHash signature of the body shingles (uint64 array)
    sa.Column("n_statements", sa.Integer, nullable=False, server_default="0"),
    sa.Column("extractor_version", sa.Text),
    sa.Column("record_json", sa.Text, nullable=False),  # the whole Record, canonical speaker ids applied
    sa.Column("run_id", sa.Text),
    sa.Column("ingested_at", sa.DateTime(timezone=True)),
)

removed_spans = sa.Table(
    "removed_spans",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("rule", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
)

speakers = sa.Table(
    "speakers",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),  # e.g. "person:dmitry-medvedev"
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False, server_default="unknown"),
)

speaker_aliases = sa.Table(
    "speaker_aliases",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("speaker_id", sa.Text, sa.ForeignKey("speakers.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("alias", sa.Text, nullable=False),
    sa.Column("norm", sa.Text, nullable=False, index=True),  # lower-cased, accents and punctuation removed
    sa.UniqueConstraint("speaker_id", "alias", name="uq_speaker_alias"),
)

article_speakers = sa.Table(
    "article_speakers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("local_id", sa.Text, nullable=False),  # Speaker.id inside the Record, e.g. "sp3"
    sa.Column("speaker_id", sa.Text, sa.ForeignKey("speakers.id"), index=True),  # canonical; NULL if anonymous
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("role", sa.Text),
    sa.Column("affiliation", sa.Text),
    sa.Column("anonymous", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("description", sa.Text),
    sa.Column("entity_id", sa.Text),  # the per-article entity id the extractor gave
    sa.UniqueConstraint("article_id", "local_id", name="uq_article_speaker"),
)

mentions = sa.Table(
    "mentions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("local_speaker_id", sa.Text, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
)

statements = sa.Table(
    "statements",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True),
    sa.Column("id", sa.Text, nullable=False, unique=True),  # "<article id>:<statement id>"
    sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("local_id", sa.Text, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),  # order in the article (quote start)
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("quote_start", sa.Integer, nullable=False),
    sa.Column("quote_end", sa.Integer, nullable=False),
    sa.Column("quote_text", sa.Text, nullable=False),
    sa.Column("context", sa.Text),  # the paragraph the quote starts in: searched with the quote
    sa.Column("paragraph", sa.Integer),
    sa.Column("cue_start", sa.Integer),
    sa.Column("cue_end", sa.Integer),
    sa.Column("cue_text", sa.Text),
    sa.Column("local_speaker_id", sa.Text),
    sa.Column("speaker_id", sa.Text, sa.ForeignKey("speakers.id"), index=True),  # canonical speaker
    sa.Column("speaker_name", sa.Text),  # as the article names it (or describes it, if anonymous)
    sa.Column("anonymous", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("outlet_told", sa.Text),  # medium the statement was given to ("told the BBC")
    sa.Column("date", sa.Date),  # when it was said, if the text says
    sa.Column("date_text", sa.Text),
    sa.Column("sort_date", sa.Date, index=True),  # date, else the article's publication date
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("act", sa.Text, nullable=False, server_default="speech", index=True),  # speech|belief|knowledge|intention
    sa.Column("canonical_id", sa.Text, nullable=False, index=True),  # first report of the same statement
)

ingest_log = sa.Table(
    "ingest_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("run_id", sa.Text, nullable=False, index=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("raw_sha256", sa.Text),
    sa.Column("status", sa.Text, nullable=False),  # "error" (others are counted, not logged per item)
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True)),
)

# `onrecord watch`: what it polls and what it has seen, so that a restarted watcher fetches nothing twice.
watch_feeds = sa.Table(
    "watch_feeds",
    metadata,
    sa.Column("url", sa.Text, primary_key=True),  # a feed or sitemap, as listed (or found in a sitemap index)
    sa.Column("kind", sa.Text),  # "feed", "sitemap" or "sitemap-index", once it has been read
    sa.Column("parent_url", sa.Text),  # the sitemap index that listed it; NULL for a listed URL
    sa.Column("etag", sa.Text),  # validators of the last 200 answer, sent back as If-None-Match / If-Modified-Since
    sa.Column("last_modified", sa.Text),
    sa.Column("last_polled", sa.DateTime(timezone=True)),
    sa.Column("last_status", sa.Text),  # "ok", "not-modified", "error", "robots"
    sa.Column("last_error", sa.Text),
    sa.Column("n_items", sa.Integer, nullable=False, server_default="0"),  # items in its last answer
)

watch_items = sa.Table(
    "watch_items",
    metadata,
    sa.Column("url", sa.Text, primary_key=True),  # the item's page
    sa.Column("feed_url", sa.Text, nullable=False, index=True),
    sa.Column("guid", sa.Text),  # the feed entry's id, when it has one
    sa.Column("status", sa.Text, nullable=False),  # "stored", "duplicate", "robots", "error"
    sa.Column("reason", sa.Text),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("article_id", sa.Text, index=True),  # the stored article it became (no foreign key: kept if purged)
    sa.Column("first_seen", sa.DateTime(timezone=True)),
    sa.Column("last_attempt", sa.DateTime(timezone=True)),
)

quote_fragments = sa.Table(
    "quote_fragments",
    metadata,
    sa.Column("key", sa.BigInteger, primary_key=True, autoincrement=False),  # statement pk * 100 + piece
    sa.Column("statement_pk", sa.Integer, nullable=False, index=True),
    sa.Column("statement_id", sa.Text, sa.ForeignKey("statements.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("cluster_id", sa.BigInteger, nullable=False, index=True),  # key of the fragment that founded it
    sa.Column("start", sa.Integer, nullable=False),  # offsets in the statement's quote text
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("norm", sa.Text, nullable=False),
    sa.Column("match_kind", sa.Text),  # how it joined its cluster (exact, contained, near...); NULL: founded it
    sa.Column("match_key", sa.BigInteger),  # the fragment it matched
)

statement_vectors = sa.Table(
    "statement_vectors",
    metadata,
    sa.Column("statement_pk", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("statement_id", sa.Text, sa.ForeignKey("statements.id", ondelete="CASCADE"), nullable=False, unique=True),
    sa.Column("model", sa.Text, nullable=False),
    sa.Column("vector", sa.LargeBinary, nullable=False),  # float16 array, unit length
)

#: Tables in the order their rows must be deleted/inserted (children after parents).
TABLES = [
    outlets,
    speakers,
    speaker_aliases,
    articles,
    removed_spans,
    article_speakers,
    mentions,
    statements,
    quote_fragments,
    statement_vectors,
    ingest_log,
    watch_feeds,
    watch_items,
]
