"""Every default and threshold onrecord runs with, in one table: name, value, help (as Datasette's settings).

The modules that use a setting import its constant from here (``from onrecord.settings import MAX_LIMIT``)
and keep it under the name they always had, so that code and tests that read or patch
``module.CONSTANT`` are unchanged. A setting with an ``env`` name can be overridden by that environment
variable when onrecord is imported (the value is converted to the default's type; a bad value is a
one-line :class:`~onrecord.errors.ConfigError`). ``onrecord settings`` is not a command yet; the table is
printed by :func:`settings_table` and listed in docs/architecture.md.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Optional

from onrecord.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    env: Optional[str] = None  # an environment variable that overrides the default


SETTINGS: tuple[Setting, ...] = (
    # store and queries
    Setting("default_db", "var/onrecord.db", "Database used when --db (or the CLI's $ONRECORD_DB) is not given."),
    Setting("max_limit", 1000, "Most results one store query returns (larger limits are cut to this)."),
    Setting("api_max_page", 1000, "Largest page size (limit=) the REST API accepts."),
    Setting("sqlite_pool_size", 16, "SQLite connections a store keeps open for reuse (reopening one costs ~0.6 ms)."),
    Setting("web_page_size", 50, "Articles, speakers or search results on one web page."),
    # input sizes and fetching
    Setting("max_bytes", 20_000_000, "Largest input read as one article (--max-bytes)."),
    Setting("fetch_timeout", 10.0, "Seconds allowed for fetching a URL (--timeout)."),
    Setting("max_redirects", 10, "Redirects followed when fetching a URL."),
    Setting("min_article_words", 12, "Fewer words than this in an HTML page's main text: not an article."),
    Setting("max_body_bytes", 6_000_000, "Largest HTTP request body the server takes (a 5 MB upload plus framing)."),
    Setting("api_max_post_chars", 5_000_000, "Longest article text POST /api/extract takes."),
    Setting("web_max_upload_bytes", 5_000_000, "Largest file the web page's upload form takes."),
    # extraction workers of the server
    Setting(
        "worker_time_limit",
        60.0,
        "Seconds one extraction may take in the server before it is stopped (serve --time-limit).",
    ),
    Setting(
        "worker_queue", 8, "Extractions that may wait for a worker before the server answers busy (serve --queue)."
    ),
    Setting(
        "worker_niceness", 10, "Niceness of the server's extraction workers, so that its own process answers first."
    ),
    # batches
    Setting("extract_batch_size", 16, "Articles spaCy parses in one batch (memory grows ~14 MB per article)."),
    Setting("ingest_batch_size", 32, "Articles committed per transaction by onrecord ingest (--batch-size)."),
    Setting("ingest_chunk_size", 8, "Articles per task sent to an ingest worker process."),
    Setting(
        "parse_cache",
        "",
        "Folder where onrecord eval keeps the spaCy parses of gold sets between runs (empty: no cache).",
        env="ONRECORD_PARSE_CACHE",
    ),
    # following feeds (onrecord watch)
    Setting("watch_every", "15m", "Time between two polls of the feeds (watch --every)."),
    Setting(
        "watch_host_delay",
        1.0,
        "Seconds between two requests to the same host (watch --delay); robots.txt's Crawl-delay wins when longer.",
    ),
    Setting("watch_retries", 3, "Further attempts after a timeout, 429 or 5xx (watch --retries)."),
    Setting(
        "watch_max_new", 100, "New items fetched per feed per poll (watch --max-new); the rest wait for the next polls."
    ),
    # extraction thresholds
    Setting("uncertain_below", 0.5, "Statements whose confidence is below this are marked uncertain."),
    Setting(
        "mined_min_count",
        3,
        "A verb frame mined from PolNeAR train is a cue when train saw it this often...",
        env="ONRECORD_MINED_MIN_COUNT",
    ),
    Setting(
        "mined_min_precision",
        0.35,
        "...and when at least this share of its train uses were cues.",
        env="ONRECORD_MINED_MIN_PRECISION",
    ),
)

BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


def value(name: str) -> Any:
    """The value of setting ``name``: its environment override when it has one and it is set, else the default."""
    setting = BY_NAME[name]
    raw = os.environ.get(setting.env) if setting.env else None
    if raw is None:
        return setting.default
    try:
        return type(setting.default)(raw)
    except ValueError:
        raise ConfigError(
            f"${setting.env}={raw!r}: not a valid {type(setting.default).__name__} (setting {name}, default {setting.default})"
        ) from None


def settings_table() -> list[dict[str, Any]]:
    """Every setting with its value now, its default, its help and its environment variable."""
    return [dict(name=s.name, value=value(s.name), default=s.default, help=s.help, env=s.env) for s in SETTINGS]


DEFAULT_DB: str = value("default_db")
MAX_LIMIT: int = value("max_limit")
API_MAX_PAGE: int = value("api_max_page")
SQLITE_POOL_SIZE: int = value("sqlite_pool_size")
WEB_PAGE_SIZE: int = value("web_page_size")
MAX_BYTES: int = value("max_bytes")
FETCH_TIMEOUT: float = value("fetch_timeout")
MAX_REDIRECTS: int = value("max_redirects")
MIN_ARTICLE_WORDS: int = value("min_article_words")
MAX_BODY_BYTES: int = value("max_body_bytes")
API_MAX_POST_CHARS: int = value("api_max_post_chars")
WEB_MAX_UPLOAD_BYTES: int = value("web_max_upload_bytes")
WORKER_TIME_LIMIT: float = value("worker_time_limit")
WORKER_QUEUE: int = value("worker_queue")
WORKER_NICENESS: int = value("worker_niceness")
EXTRACT_BATCH_SIZE: int = value("extract_batch_size")
INGEST_BATCH_SIZE: int = value("ingest_batch_size")
INGEST_CHUNK_SIZE: int = value("ingest_chunk_size")
WATCH_EVERY: str = value("watch_every")
WATCH_HOST_DELAY: float = value("watch_host_delay")
WATCH_RETRIES: int = value("watch_retries")
WATCH_MAX_NEW: int = value("watch_max_new")
UNCERTAIN_BELOW: float = value("uncertain_below")
MINED_MIN_COUNT: int = value("mined_min_count")
MINED_MIN_PRECISION: float = value("mined_min_precision")
PARSE_CACHE: str = value("parse_cache")
