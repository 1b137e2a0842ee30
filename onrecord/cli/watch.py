"""``onrecord watch``: follow feeds and sitemaps over time, storing each new item once."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Optional

import typer

from onrecord.cli import app
from onrecord.cli.corpus import _db_option, _open
from onrecord.settings import FETCH_TIMEOUT, WATCH_EVERY, WATCH_HOST_DELAY, WATCH_MAX_NEW, WATCH_RETRIES


@app.command()
def watch(
    feeds: str = typer.Argument(..., help="A file of feed/sitemap URLs, one per line (# comments allowed)."),
    every: str = typer.Option(WATCH_EVERY, "--every", help="Time between polls: 15m, 1h, 90s, 1d."),
    once: bool = typer.Option(False, "--once", help="Poll once and exit (for cron and tests)."),
    db: Optional[str] = _db_option(),
    delay: float = typer.Option(
        WATCH_HOST_DELAY, "--delay", min=0, help="Seconds between two requests to the same host."
    ),
    timeout: float = typer.Option(FETCH_TIMEOUT, "--timeout", min=0.1, help="Seconds allowed per request."),
    retries: int = typer.Option(
        WATCH_RETRIES, "--retries", min=0, help="Further attempts after a timeout, 429 or 5xx."
    ),
    max_new: int = typer.Option(WATCH_MAX_NEW, "--max-new", min=1, help="New items fetched per feed per poll."),
    feed_text: bool = typer.Option(
        False, "--feed-text", help="Store RSS/Atom entries' own text instead of fetching their pages."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Log only fetched items and errors."),
) -> None:
    """Poll RSS/Atom feeds and sitemaps, and store their new items; safe to stop and start again.

    Each poll sends conditional GETs (ETag / If-Modified-Since kept in the database), honours
    robots.txt, waits --delay between requests to a host, and retries with backoff. One log line per
    item: fetched, skipped, not-modified or error. The feeds file is read again before every poll.

    Example: onrecord watch feeds.txt --every 15m --db var/onrecord.db
    """
    from onrecord.watch import PoliteClient, Watcher, parse_every, read_feed_list

    seconds = parse_every(every)
    read_feed_list(feeds)  # a bad feeds file is an error now, not at the first poll

    def log(status: str, url: str, detail: str) -> None:
        if quiet and status not in ("fetched", "error"):
            return
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        sys.stdout.write(f"{stamp} {status:<12} {url}" + (f"  {detail}" if detail else "") + "\n")
        sys.stdout.flush()

    def report(summary) -> None:
        counts = ", ".join(f"{n} {status}" for status, n in sorted(summary.counts.items()))
        sys.stderr.write(
            f"poll done: {summary.stored} articles stored, {summary.statements} statements; "
            f"{counts or 'nothing listed'}; {summary.requests} requests in {summary.seconds:.1f}s"
            + ("" if once else f"; next poll in {every}")
            + "\n"
        )
        sys.stderr.flush()

    client = PoliteClient(delay=delay, timeout=timeout, retries=retries)
    store = _open(db, must_exist=False)
    try:
        watcher = Watcher(store, client=client, feed_text=feed_text, max_new=max_new, log=log)
        watcher.run(lambda: read_feed_list(feeds), seconds, once=once, on_poll=report)
    except KeyboardInterrupt:
        sys.stderr.write("stopped: what was stored is kept; run the same command again to go on\n")
        sys.exit(130)
    finally:
        client.close()
        store.close()
