"""Following feeds over time: ``onrecord watch feeds.txt --every 15m`` polls feeds and sitemaps and stores new items.

One :class:`Watcher` polls a list of RSS/Atom feeds and sitemaps (plain, indexes, news sitemaps)::

    from onrecord.store import open_store
    from onrecord.watch import Watcher

    with open_store("var/onrecord.db") as store:
        summary = Watcher(store).poll(["https://example.org/feed.xml"])
        summary.counts        # Counter of log statuses: fetched, skipped, not-modified, error

Each poll asks every listing with a conditional GET (the ETag / Last-Modified of its last answer, kept
in the store), fetches the pages of items it has not settled yet (:mod:`onrecord.watch.state`), through
:class:`~onrecord.watch.http.PoliteClient` (robots.txt, per-host delay, timeouts, retries with backoff),
and ingests them through :func:`onrecord.batch.ingest.ingest`, the path of ``onrecord ingest``. Every
item gets one log line: ``fetched``, ``skipped`` (seen before, robots.txt, over ``max_new``),
``not-modified`` (its listing answered 304) or ``error`` (retried at the next poll, at most
:data:`~onrecord.watch.state.MAX_ATTEMPTS` times). An item that fails does not stop the others.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Optional

from onrecord.errors import ConfigError, FetchError, InputError
from onrecord.ingest.read import RawInput
from onrecord.model import Article, DateMethod
from onrecord.settings import INGEST_BATCH_SIZE, WATCH_MAX_NEW
from onrecord.watch import state
from onrecord.watch.http import PoliteClient, RobotsDisallowed
from onrecord.watch.sources import Entry, Listing, parse_listing, read_feed_list

__all__ = ["PollSummary", "PoliteClient", "Watcher", "parse_every", "read_feed_list"]

LISTING_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
PAGE_ACCEPT = "text/html, application/xhtml+xml, text/plain;q=0.9, */*;q=0.5"

#: ``log(status, url, detail)``: one call per item (and per listing).
LogFn = Callable[[str, str, str], None]


@dataclass
class PollSummary:
    counts: Counter = field(default_factory=Counter)  # log lines by status
    stored: int = 0  # articles added to the store
    statements: int = 0
    requests: int = 0  # HTTP requests sent, robots.txt and retries included
    seconds: float = 0.0


def parse_every(text: str) -> float:
    """Seconds in ``"15m"``, ``"1h"``, ``"90s"``, ``"1d"`` or a plain number of seconds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text or "")
    if not match or float(match.group(1)) <= 0:
        raise ConfigError(f"--every {text!r}: give a duration such as 15m, 1h, 90s or 1d")
    return float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]


class Watcher:
    """Polls listings into ``store``; keeps its HTTP client (robots.txt cache, host clocks) between polls.

    Args:
        client: the HTTP client (default: a :class:`PoliteClient` with its defaults).
        feed_text: take an RSS/Atom entry's own text instead of fetching its page (sitemap items are
            always fetched: a sitemap has no text).
        max_new: at most this many new items per listing per poll; the rest wait for the next poll.
        log: called with ``(status, url, detail)`` for every line of the log.
    """

    def __init__(
        self,
        store,
        *,
        client: Optional[PoliteClient] = None,
        feed_text: bool = False,
        max_new: int = WATCH_MAX_NEW,
        batch_size: int = INGEST_BATCH_SIZE,
        log: Optional[LogFn] = None,
    ):
        self.store = store
        self.engine = store.engine
        self.client = client or PoliteClient()
        self.feed_text = feed_text
        self.max_new = max(1, max_new)
        self.batch_size = batch_size
        self._log = log or (lambda status, url, detail: None)
        self._summary = PollSummary()

    # -- one poll ----------------------------------------------------------------------------------
    def poll(self, urls: list[str]) -> PollSummary:
        """Poll each listing once; returns what happened (also told line by line to ``log``)."""
        self._summary = PollSummary()
        started, requests_before = time.perf_counter(), self.client.requests
        for url in urls:
            self._poll_listing(url, parent=None)
        self._summary.requests = self.client.requests - requests_before
        self._summary.seconds = time.perf_counter() - started
        return self._summary

    def run(
        self,
        read_urls: Callable[[], list[str]],
        every: float,
        *,
        once: bool = False,
        sleep: Callable[[float], None] = time.sleep,
        on_poll: Optional[Callable[[PollSummary], None]] = None,
    ) -> PollSummary:
        """Poll every ``every`` seconds until interrupted (or once); the list is read again before each poll.

        ``on_poll`` is told each poll's summary as it ends.
        """
        while True:
            started = time.monotonic()
            summary = self.poll(read_urls())
            if on_poll:
                on_poll(summary)
            if once:
                return summary
            sleep(max(0.0, every - (time.monotonic() - started)))

    def log(self, status: str, url: str, detail: str = "") -> None:
        self._summary.counts[status] += 1
        self._log(status, url, detail)

    # -- listings ----------------------------------------------------------------------------------
    def _poll_listing(self, url: str, parent: Optional[str]) -> None:
        known = state.feed_state(self.engine, url)
        try:
            answer = self.client.get(url, etag=known.etag, last_modified=known.last_modified, accept=LISTING_ACCEPT)
        except RobotsDisallowed as exc:
            self.log("skipped", url, exc.problem)
            state.save_feed(self.engine, url, status="robots", error=exc.problem, parent_url=parent)
            return
        except FetchError as exc:
            self.log("error", url, exc.problem)
            state.save_feed(self.engine, url, status="error", error=exc.problem, parent_url=parent)
            return
        if answer.not_modified:
            self.log("not-modified", url, "listing unchanged since the last poll")
            state.save_feed(self.engine, url, status="not-modified", parent_url=parent)
            if known.kind == "sitemap-index" and parent is None:
                for child in state.child_sitemaps(self.engine, url):
                    self._poll_listing(child, parent=url)
            else:
                # Items that failed last time are tried again even though their listing has not changed.
                retry = [Entry(u, guid=g) for u, g in state.items_to_retry(self.engine, url)]
                self._fetch_new(url, Listing(known.kind or "feed"), retry)
            return
        try:
            listing = parse_listing(answer.data, answer.url)
        except InputError as exc:
            # Validators are not kept: once the listing is fixed, the next poll reads it whole.
            self.log("error", url, exc.problem)
            state.save_feed(self.engine, url, status="error", error=exc.problem, parent_url=parent)
            return
        left_over = False
        if listing.kind == "sitemap-index":
            self.log("fetched", url, f"sitemap index of {len(listing.sitemaps)} sitemaps")
            for child in listing.sitemaps:
                if parent is None:
                    self._poll_listing(child, parent=url)
                else:  # the protocol has no nested indexes; following them could loop
                    self.log("skipped", child, "sitemap index inside a sitemap index")
        else:
            left_over = self._take_entries(url, listing)
        # Validators are saved last: a poll that dies before this point is redone whole next time. With
        # items left over max_new none are kept, so the next poll reads the listing again (a 304 would
        # hide the items left for it).
        keep = listing.kind == "sitemap-index" or not left_over
        state.save_feed(
            self.engine,
            url,
            status="ok",
            kind=listing.kind,
            parent_url=parent,
            etag=answer.etag if keep else None,
            last_modified=answer.last_modified if keep else None,
            validators=True,
            n_items=len(listing.sitemaps) if listing.kind == "sitemap-index" else len(listing.entries),
        )

    def _take_entries(self, feed_url: str, listing: Listing) -> bool:
        """Fetch the listing's new entries, at most ``max_new``; True when some were left for later."""
        entries, listed = [], set()
        for entry in listing.entries:  # an item listed twice is taken once
            if entry.url not in listed:
                listed.add(entry.url)
                entries.append(entry)
        settled = state.settled_urls(self.engine, [e.url for e in entries])
        new = [e for e in entries if e.url not in settled]
        self.log("fetched", feed_url, f"{listing.kind}: {len(entries)} items, {len(new)} new")
        for entry in entries:
            if entry.url in settled:
                self.log("skipped", entry.url, "seen before")
        for entry in new[self.max_new :]:
            self.log("skipped", entry.url, f"over max_new ({self.max_new}); left for the next poll")
        self._fetch_new(feed_url, listing, new[: self.max_new])
        return len(new) > self.max_new

    def _fetch_new(self, feed_url: str, listing: Listing, entries: list[Entry]) -> None:
        fetched: list[tuple[Entry, object]] = []
        for entry in entries:
            try:
                item = self._item(entry, listing, feed_url)
            except RobotsDisallowed as exc:
                state.save_item(
                    self.engine, entry.url, feed_url=feed_url, guid=entry.guid, status="robots", reason=exc.problem
                )
                self.log("skipped", entry.url, exc.problem)
                continue
            except FetchError as exc:
                item = _error_item(entry.url, exc.problem)
            except Exception as exc:  # noqa: BLE001 - a page that breaks a parser must not stop the other items
                item = _error_item(entry.url, f"cannot read the page ({type(exc).__name__}: {_first_line(exc)})")
            fetched.append((entry, item))
        if fetched:
            self._ingest(feed_url, fetched)

    # -- items -------------------------------------------------------------------------------------
    def _item(self, entry: Entry, listing: Listing, feed_url: str):
        """The entry as an ingest item: its page fetched (or the feed's text), read and cleaned."""
        from onrecord.ingest.corpus import feed_entry_item, finish_item

        client = self.client
        if self.feed_text and entry.feed_entry is not None:
            return feed_entry_item(
                entry.feed_entry,
                entry.url,
                listing.title,
                keep_all=False,
                fetch=False,
                max_bytes=client.max_bytes,
                timeout=client.timeout,
            )
        answer = client.get(entry.url, accept=PAGE_ACCEPT)
        meta = {"watch_feed": feed_url}
        if answer.url != entry.url:
            meta["fetched_url"] = answer.url
        if entry.guid:
            meta["feed_id"] = entry.guid
        raw = RawInput(answer.data, entry.url, url=answer.url, content_type=answer.content_type)

        def fill(article: Article) -> None:
            article.title = article.title or entry.title
            # A news sitemap names the publication outright; a feed's title ("… - Top stories") is a fallback.
            article.outlet = entry.outlet or article.outlet or listing.title
            if article.published_method != DateMethod.metadata:
                _listing_date(article, entry)

        return finish_item(raw, keep_all=False, meta=meta, fill=fill)

    def _ingest(self, feed_url: str, fetched: list) -> None:
        from onrecord.batch.ingest import ingest

        summary = ingest(self.store, [], items=[item for _, item in fetched], workers=1, batch_size=self.batch_size)
        for entry, item in fetched:
            article = getattr(item, "article", None)
            row = state.stored_article(self.engine, article.content_hash, item.raw_sha256) if article else None
            if row is None:
                reason = item.error or state.logged_error(self.engine, summary.run_id, item.source) or "not stored"
                attempts = state.save_item(
                    self.engine, entry.url, feed_url=feed_url, guid=entry.guid, status="error", reason=reason
                )
                later = "given up" if attempts >= state.MAX_ATTEMPTS else "retried at the next poll"
                self.log("error", entry.url, f"{reason} (attempt {attempts} of {state.MAX_ATTEMPTS}, {later})")
            elif row["run_id"] == summary.run_id:
                state.save_item(
                    self.engine, entry.url, feed_url=feed_url, guid=entry.guid, status="stored", article_id=row["id"]
                )
                self._summary.stored += 1
                self._summary.statements += row["n_statements"]
                self.log("fetched", entry.url, f"stored: {row['n_statements']} statements (article {row['id'][:12]})")
            else:
                state.save_item(
                    self.engine, entry.url, feed_url=feed_url, guid=entry.guid, status="duplicate", article_id=row["id"]
                )
                self.log("fetched", entry.url, f"already stored (article {row['id'][:12]})")


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else "no message"


def _error_item(source: str, reason: str):
    from onrecord.ingest.corpus import IngestItem

    return IngestItem(source=source, error=reason)


def _listing_date(article: Article, entry: Entry) -> None:
    """The publication date the feed or news sitemap gives, as written there (the outlet's own day)."""
    from onrecord.ingest.published import parse_date, set_published

    value = entry.published
    if not parse_date(value) and entry.feed_entry is not None:
        parsed = entry.feed_entry.get("published_parsed") or entry.feed_entry.get("updated_parsed")
        value = dt.date(*parsed[:3]).isoformat() if parsed else None
    if value:
        set_published(article, value, DateMethod.metadata, 0.95, f"listing date: {value}")
