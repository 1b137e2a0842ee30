"""The watcher's memory, in the store (tables ``watch_feeds`` and ``watch_items``): what survives a restart.

A feed keeps the validators (ETag, Last-Modified) of its last full answer, so the next poll asks
"anything new?" and a 304 costs no body. An item is remembered once it is settled: stored, a duplicate
of a stored article, closed by robots.txt, or failed :data:`MAX_ATTEMPTS` times. Settled items are never
fetched again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

import sqlalchemy as sa

from onrecord.store.schema import articles, ingest_log, watch_feeds, watch_items

# An item that failed this many polls in a row is given up (its last error stays in watch_items).
MAX_ATTEMPTS = 3
SETTLED = ("stored", "duplicate", "robots")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class FeedState:
    url: str
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    kind: Optional[str] = None


def feed_state(engine: sa.Engine, url: str) -> FeedState:
    with engine.connect() as conn:
        row = conn.execute(sa.select(watch_feeds).where(watch_feeds.c.url == url)).mappings().first()
    if row is None:
        return FeedState(url)
    return FeedState(url, row["etag"], row["last_modified"], row["kind"])


def child_sitemaps(engine: sa.Engine, index_url: str) -> list[str]:
    """The sitemaps an index listed last time (polled again when the index itself answers 304)."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(watch_feeds.c.url).where(watch_feeds.c.parent_url == index_url).order_by(watch_feeds.c.url)
        )
        return [url for (url,) in rows]


def save_feed(
    engine: sa.Engine,
    url: str,
    *,
    status: str,
    error: Optional[str] = None,
    kind: Optional[str] = None,
    parent_url: Optional[str] = None,
    etag: Optional[str] = None,
    last_modified: Optional[str] = None,
    n_items: Optional[int] = None,
    validators: bool = False,
) -> None:
    """Record a poll of ``url``; ``validators=True`` replaces the stored ETag/Last-Modified (a 200 answer)."""
    values: dict = dict(last_polled=_now(), last_status=status, last_error=error)
    if kind is not None:
        values["kind"] = kind
    if parent_url is not None:
        values["parent_url"] = parent_url
    if validators:
        values.update(etag=etag, last_modified=last_modified)
    if n_items is not None:
        values["n_items"] = n_items
    with engine.begin() as conn:
        updated = conn.execute(sa.update(watch_feeds).where(watch_feeds.c.url == url).values(**values)).rowcount
        if not updated:
            conn.execute(sa.insert(watch_feeds).values(url=url, **values))


def settled_urls(engine: sa.Engine, urls: list[str]) -> set[str]:
    """Those of ``urls`` that need no fetch: settled, or failed :data:`MAX_ATTEMPTS` times."""
    found: set[str] = set()
    with engine.connect() as conn:
        for start in range(0, len(urls), 500):
            chunk = urls[start : start + 500]
            q = sa.select(watch_items.c.url).where(
                watch_items.c.url.in_(chunk),
                sa.or_(watch_items.c.status.in_(SETTLED), watch_items.c.attempts >= MAX_ATTEMPTS),
            )
            found.update(url for (url,) in conn.execute(q))
    return found


def items_to_retry(engine: sa.Engine, feed_url: str) -> list[tuple[str, Optional[str]]]:
    """``(url, guid)`` of this listing's items that failed fewer than :data:`MAX_ATTEMPTS` times."""
    with engine.connect() as conn:
        q = (
            sa.select(watch_items.c.url, watch_items.c.guid)
            .where(
                watch_items.c.feed_url == feed_url,
                watch_items.c.status == "error",
                watch_items.c.attempts < MAX_ATTEMPTS,
            )
            .order_by(watch_items.c.first_seen)
        )
        return [(url, guid) for url, guid in conn.execute(q)]


def save_item(
    engine: sa.Engine,
    url: str,
    *,
    feed_url: str,
    status: str,
    guid: Optional[str] = None,
    reason: Optional[str] = None,
    article_id: Optional[str] = None,
) -> int:
    """Record the outcome of one attempt at ``url``; returns its number of attempts so far."""
    now = _now()
    with engine.begin() as conn:
        row = conn.execute(sa.select(watch_items.c.attempts).where(watch_items.c.url == url)).first()
        attempts = (row[0] if row else 0) + 1
        values = dict(
            feed_url=feed_url,
            guid=guid,
            status=status,
            reason=reason,
            attempts=attempts,
            article_id=article_id,
            last_attempt=now,
        )
        if row is None:
            conn.execute(sa.insert(watch_items).values(url=url, first_seen=now, **values))
        else:
            conn.execute(sa.update(watch_items).where(watch_items.c.url == url).values(**values))
    return attempts


def stored_article(engine: sa.Engine, content_hash: str, raw_sha256: Optional[str]) -> Optional[dict]:
    """The stored article with this content (or raw input) hash: its id, statement count and ingest run."""
    cond = articles.c.content_hash == content_hash
    if raw_sha256:
        cond = sa.or_(cond, articles.c.raw_sha256 == raw_sha256)
    with engine.connect() as conn:
        row = (
            conn.execute(sa.select(articles.c.id, articles.c.n_statements, articles.c.run_id).where(cond).limit(1))
            .mappings()
            .first()
        )
    return dict(row) if row else None


def logged_error(engine: sa.Engine, run_id: str, source: str) -> Optional[str]:
    """Why the ingest run ``run_id`` could not store ``source`` (its ingest_log line), if it logged one."""
    with engine.connect() as conn:
        q = sa.select(ingest_log.c.reason).where(ingest_log.c.run_id == run_id, ingest_log.c.source == source).limit(1)
        row = conn.execute(q).first()
    return row[0] if row else None
