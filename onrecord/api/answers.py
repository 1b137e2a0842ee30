"""A cache of whole GET answers over a SQLite store, dropped whenever the database changes.

A search or an article page is the same bytes until something is written, and most of a read's cost is
building it again (the SQL, the statement list, the highlighted body, the JSON). :class:`AnswerCache` keeps
the last answers (status 200 only, by path and query string) and serves them again while SQLite's
``PRAGMA data_version`` is unchanged. That number, read on a connection of the cache's own that never
writes, changes with every commit by any other connection: this server's own writes, another ``--workers``
process, an ``onrecord ingest`` running beside the server. It is read before the answer is built, so an
answer stored under a version can only be as new as that version or newer, never older.

Only the read routes of :data:`CACHED_PREFIXES` are kept (not ``/api/health``, which must ask the store, nor
the paste page, static files or docs); answers do not depend on any request header (the pages and the JSON
are built from path and query alone). Off for PostgreSQL and in-memory SQLite, where there is no such
number to read. It sits inside the host check and the security headers, so those apply to every answer.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from typing import Any, Optional

# Read routes whose answers are functions of the stored data, the path and the query string.
CACHED_PREFIXES: tuple[str, ...] = ("/api/search", "/api/statements", "/api/articles", "/api/speakers")
CACHED_PREFIXES += ("/api/timeline", "/api/quotes", "/articles/", "/speakers", "/search", "/quotes")
MAX_ANSWER_BYTES = 2_000_000  # a larger answer (a page of 1,000 statements) is built each time
DEFAULT_ENTRIES = 512


def sqlite_path(store: Any) -> Optional[str]:
    """The file of ``store`` when it is a SQLite file (not ``:memory:`` nor a ``file:`` URI), else None."""
    if getattr(store, "dialect", None) != "sqlite":
        return None
    path = store.url[len("sqlite:///") :].split("?", 1)[0] if store.url.startswith("sqlite:///") else ""
    return None if not path or path == ":memory:" or path.startswith("file:") else path


class DataVersion:
    """``PRAGMA data_version`` of one read-only connection: a number that changes at every commit of any
    other connection to the file. None when it cannot be read (the cache is then bypassed)."""

    def __init__(self, path: str):
        self._path = path
        self._lock = threading.Lock()
        self._conn: Optional[sqlite3.Connection] = None

    def __call__(self) -> Optional[int]:
        with self._lock:
            try:
                if self._conn is None:
                    # A short busy wait: this runs on the event loop, and in WAL mode a reader waits at most
                    # for a moment of a checkpoint; past it the request is answered without the cache.
                    self._conn = sqlite3.connect(self._path, timeout=0.2, isolation_level=None, check_same_thread=False)
                return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error:
                self.close_locked()
                return None

    def close_locked(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class AnswerCache:
    """ASGI middleware keeping up to ``entries`` answers of :data:`CACHED_PREFIXES` for one data version."""

    def __init__(self, app, version: DataVersion, entries: int = DEFAULT_ENTRIES):
        self.app = app
        self.version = version
        self.entries = entries
        self._answers: OrderedDict[tuple[str, bytes], tuple[int, list, bytes]] = OrderedDict()
        self._version: Optional[int] = None
        self.hits = self.misses = 0

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith(CACHED_PREFIXES):
            await self.app(scope, receive, send)
            return
        version = self.version()
        if version is None:
            await self.app(scope, receive, send)
            return
        if version != self._version:
            self._answers.clear()
            self._version = version
        key = (scope["path"], scope.get("query_string", b""))
        kept = self._answers.get(key)
        if kept is not None:
            self.hits += 1
            self._answers.move_to_end(key)
            status, headers, body = kept
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        self.misses += 1
        start: dict = {}
        chunks: list[bytes] = []
        size = 0

        async def keeping(message):
            nonlocal size
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body" and size <= MAX_ANSWER_BYTES:
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
            await send(message)

        await self.app(scope, receive, keeping)
        headers = list(start.get("headers", []))
        personal = any(name.lower() == b"set-cookie" for name, _ in headers)
        if start.get("status") == 200 and size <= MAX_ANSWER_BYTES and not personal and self._version == version:
            self._answers[key] = (200, headers, b"".join(chunks))
            while len(self._answers) > self.entries:
                self._answers.popitem(last=False)


__all__ = ["AnswerCache", "DataVersion", "sqlite_path"]
