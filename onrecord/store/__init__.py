"""The record: every article and statement in one database you can search, serve and export.

One interface, two back ends::

    from onrecord.store import open_store

    store = open_store("var/onrecord.db")                    # SQLite file (WAL, FTS5)
    store = open_store("postgresql://user@host/db")         # PostgreSQL (tsvector + GIN)

    store.add_record(record)                  # False when the same content is already stored
    total, hits = store.search_statements("nuclear", speaker="Medvedev", since="2024-05-01")
    profile = store.get_speaker("Medvedev")   # names, aliases, roles over time, outlets, statements
    store.export("jsonl", "out/records.jsonl")

Opening a store migrates its schema to the newest revision (Alembic, run programmatically; see
``onrecord/store/migrations``). Writes go through one process at a time (the ingest parent); reads
may come from many. Across-article canonicalisation (speakers, syndicated copies) happens as records
are added: see :mod:`onrecord.entities.crossdoc`.

Query results are typed (:mod:`onrecord.store.results`: ``statement_hits``, ``article_summaries``,
``speaker_summaries``, ``speaker_profile``, ``timeline_of``, with real dates); ``search_statements``,
``list_articles``, ``list_speakers``, ``get_speaker`` and ``timeline`` give the same as plain ``dict``
objects ready for JSON (dates as ISO strings). The queries the CLI, the API and the web pages expose are
declared in :mod:`onrecord.store.query`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

import numpy as np
import sqlalchemy as sa

from onrecord.entities.crossdoc import NearDuplicateIndex, SpeakerIndex
from onrecord.errors import ConfigError, StoreError
from onrecord.model import Record
from onrecord.settings import DEFAULT_DB, MAX_LIMIT, SQLITE_POOL_SIZE  # noqa: F401 (MAX_LIMIT: the largest page, for callers)
from onrecord.store import guard
from onrecord.store.common import DateLike, _first_line  # noqa: F401 (DateLike: the type of date filters, for callers)
from onrecord.store.export import StoreExport
from onrecord.store.reads import StoreReads
from onrecord.store.schema import articles
from onrecord.store.write import StoreWrites

__all__ = ["Store", "open_store", "DEFAULT_DB", "StoredItem", "database_url"]

MIGRATIONS = Path(__file__).with_name("migrations")


def database_url(url_or_path: Union[str, Path]) -> str:
    """The SQLAlchemy URL for a path (SQLite) or a database URL (``postgresql://`` uses psycopg 3)."""
    text = str(url_or_path)
    if "://" not in text:
        return "sqlite:///" + str(Path(text).expanduser().resolve())
    if text.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    if text.startswith(("sqlite://", "postgresql+psycopg://")):
        return text
    raise ConfigError(f"--db {text}: use a file path, sqlite:///PATH or postgresql://USER@HOST/DB")


def migrate(engine: sa.Engine, revision: str = "head") -> None:
    """Bring the schema of ``engine``'s database to ``revision`` (Alembic, no alembic.ini needed)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


@dataclass
class StoredItem:
    """One record to add, with where its raw input came from (what the ingest log and re-derivation need)."""

    record: Record
    source: Optional[str] = None
    raw_sha256: Optional[str] = None
    signature: Optional[np.ndarray] = None  # MinHash of the body; computed here when None


class Store(StoreWrites, StoreReads, StoreExport):
    """A database of records. Use :func:`open_store`; close it (or use ``with``) when done."""

    def __init__(
        self, url: Union[str, Path] = DEFAULT_DB, *, schema: Optional[str] = None, migrate_schema: bool = True
    ):
        self.url = database_url(url)
        self.schema = schema
        self.engine = _engine(self.url, schema)
        self.dialect = self.engine.dialect.name
        try:
            if self.url.startswith("sqlite:///") and self.url != "sqlite:///:memory:":
                Path(self.url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
            if migrate_schema:
                migrate(self.engine)
        except (OSError, sa.exc.DBAPIError) as exc:
            # Not a database, a folder, a refused or unknown server: one line naming --db, no traceback.
            self.engine.dispose()
            where = str(url) if self.dialect == "sqlite" else sa.make_url(str(url)).render_as_string(hide_password=True)
            advice = guard.problem_of(exc, self.dialect) if "not a database" not in _first_line(exc) else None
            advice = f"; {advice}" if advice and advice != "LOCKED" else ""
            raise ConfigError(f"--db {where}: cannot open the database ({_first_line(exc)}){advice}") from None
        # From here on a database that stops working (full, read-only, corrupted further in) is one line.
        guard.install(
            self.engine,
            str(url) if self.dialect == "sqlite" else sa.make_url(self.url).render_as_string(hide_password=True),
        )
        self._outlet_ids: dict[str, int] = {}
        self._indexes_loaded = False
        self._indexed_state: Optional[tuple] = None  # guard.state_of() when the indexes were last in step
        self.speaker_index = SpeakerIndex()
        self.near_dups = NearDuplicateIndex()
        from onrecord.provenance.hook import Provenance  # here: onrecord.provenance imports this package's schema

        self.provenance = Provenance()  # quotation clusters and statement vectors, see onrecord.provenance

    # -- life cycle -----------------------------------------------------------------------------
    def close(self) -> None:
        """Release connections. On SQLite, first fold the write-ahead log into the main file so the
        ``.db`` file alone is complete (what ``datasette --immutable`` or a copy of the file sees)."""
        if self.dialect == "sqlite":
            try:
                with self.engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            except (sa.exc.OperationalError, StoreError):
                pass  # another process holds the database (its last close checkpoints), or it cannot be written
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    # -- writing --------------------------------------------------------------------------------
    def has_hash(self, h: str) -> bool:
        """True when an article with this content hash (or raw input hash) is stored."""
        with self.engine.connect() as conn:
            q = (
                sa.select(articles.c.pk)
                .where(sa.or_(articles.c.content_hash == h, articles.c.raw_sha256 == h))
                .limit(1)
            )
            return conn.execute(q).first() is not None

    def known_hashes(self) -> set[str]:
        """Every content and raw-input hash stored (what a resumed ingest skips)."""
        with self.engine.connect() as conn:
            out = set()
            for content, raw in conn.execute(sa.select(articles.c.content_hash, articles.c.raw_sha256)):
                out.add(content)
                if raw:
                    out.add(raw)
            return out


def _engine(url: str, schema: Optional[str]) -> sa.Engine:
    if url.startswith("sqlite"):
        # Keep as many connections as a server has request threads at once (16 clients): a connection
        # opened past the pool's size is closed when given back, and each new one costs ~0.6 ms of
        # opening, PRAGMAs and schema parsing. 40 is Starlette's thread limit.
        engine = sa.create_engine(
            url, connect_args={"timeout": 30}, pool_size=SQLITE_POOL_SIZE, max_overflow=40 - SQLITE_POOL_SIZE
        )

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # pragma: no cover - exercised by every SQLite test
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer (serve while ingesting)
            cur.execute("PRAGMA synchronous=NORMAL")  # durable at checkpoints; a crash loses at most the last batch
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    engine = sa.create_engine(url, pool_pre_ping=True)
    if schema:

        @sa.event.listens_for(engine, "connect")
        def _search_path(dbapi_conn, _record):
            with dbapi_conn.cursor() as cur:
                cur.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
                cur.execute(f'SET search_path TO "{schema}"')
            dbapi_conn.commit()

    return engine


def open_store(url_or_path: Union[str, Path, None] = None, *, schema: Optional[str] = None) -> Store:
    """Open (creating and migrating as needed) the store at a path or database URL; default ``var/onrecord.db``."""
    return Store(url_or_path or DEFAULT_DB, schema=schema)
