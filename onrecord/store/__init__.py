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

Query results are plain ``dict`` objects ready for JSON (dates as ISO strings).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

import numpy as np
import sqlalchemy as sa

from onrecord.ingest.published import out_of_range_problem, parse_date, published_in_range
from onrecord.entities.crossdoc import NearDuplicateIndex, SpeakerIndex, body_signature, match_statements, normalize
from onrecord.errors import ConfigError, InputError, StoreError
from onrecord.model import ACT_KINDS, Record, paragraph_index
from onrecord.store import fulltext, guard
from onrecord.store.schema import (
    article_speakers,
    articles,
    ingest_log,
    mentions,
    outlets,
    removed_spans,
    speaker_aliases,
    speakers,
    statements,
)

__all__ = ["Store", "open_store", "DEFAULT_DB", "StoredItem", "database_url"]

from onrecord.settings import DEFAULT_DB, MAX_LIMIT, SQLITE_POOL_SIZE  # noqa: E402  (defined once, in the settings table)

MIGRATIONS = Path(__file__).with_name("migrations")

DateLike = Union[dt.date, str, None]


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


def _date(value: DateLike) -> Optional[dt.date]:
    """A filter's date (``None`` when not given); a value that is no date is the user's error."""
    if value is None or value == "":
        return None
    day = parse_date(value)
    if day is None:
        raise ConfigError(f"{value!r} is not a date: use YYYY-MM-DD")
    return day


def _first_line(exc: Exception) -> str:
    """The driver's own message (``file is not a database``, ``Connection refused``) without SQLAlchemy's notes."""
    cause = getattr(exc, "orig", None) or exc
    text = str(cause).strip() or type(cause).__name__
    return text.splitlines()[0]


def _iso(value) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return value.isoformat()


def _bound(limit: int, offset: int) -> tuple[int, int]:
    return max(0, min(int(limit), MAX_LIMIT)), max(0, int(offset))


@dataclass
class StoredItem:
    """One record to add, with where its raw input came from (what the ingest log and re-derivation need)."""

    record: Record
    source: Optional[str] = None
    raw_sha256: Optional[str] = None
    signature: Optional[np.ndarray] = None  # MinHash of the body; computed here when None


class Store:
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

    def add_record(self, record: Record, *, source: Optional[str] = None, raw_sha256: Optional[str] = None) -> bool:
        """Store one record in its own transaction. False (and nothing written) when its content is already stored.

        Raises :class:`~onrecord.errors.InputError` (and logs it) when the record cannot be stored.
        """
        failures: list[tuple[str, str]] = []
        added = self.add_records([StoredItem(record, source, raw_sha256)], failures=failures)[0]
        if added is None:
            raise InputError(*failures[0])
        return added

    def add_records(
        self,
        items: Iterable[StoredItem],
        *,
        run_id: Optional[str] = None,
        errors: Iterable[tuple[str, Optional[str], str]] = (),
        failures: Optional[list[tuple[str, str]]] = None,
    ) -> list[Optional[bool]]:
        """Store many records (and ingest errors as ``(source, raw_sha256, reason)``) in ONE transaction.

        Returns, per item: True (added), False (its content was already stored) or None (it could not
        be stored: it is logged in the ingest log with the reason, and appended to ``failures`` as
        ``(source, reason)`` when a list is given). When the batch's transaction fails because of an
        item, the items are stored one at a time, so only the bad one is lost. An ingest that dies
        mid-batch loses only what was not committed, which its next run redoes.

        Raises :class:`~onrecord.errors.StoreError` when the database itself cannot take writes
        (read-only, disk full, corrupted, locked too long): no item is to blame then.
        """
        items = list(items)
        now = dt.datetime.now(dt.timezone.utc)
        log = [guard.log_row(src, h, reason) for src, h, reason in errors]
        try:
            return self._write(items, run_id, log, now)
        except StoreError:
            raise
        except Exception:
            pass  # one item is to blame: find it by storing them one at a time
        added: list[Optional[bool]] = []
        for item in items:
            try:
                added.append(self._write([item], run_id, [], now)[0])
            except StoreError:
                raise
            except Exception as exc:
                source = item.source or item.record.article.source or item.record.article.id
                log.append(guard.log_row(source, item.raw_sha256, f"not stored: {guard.item_problem(exc)}"))
                if failures is not None:
                    failures.append((log[-1][0], log[-1][2]))
                added.append(None)
        self._write([], run_id, log, now)
        return added

    def _write(self, items: list[StoredItem], run_id: Optional[str], log: list[tuple], now: dt.datetime) -> list[bool]:
        """One write transaction: the write lock, indexes brought up to date, the items, the log rows."""
        try:
            with self.engine.begin() as conn:
                guard.begin_write(conn)
                self._load_indexes(conn)
                added = [self._insert(conn, item, run_id, now) for item in items]
                if log:
                    conn.execute(
                        ingest_log.insert(),
                        [
                            dict(
                                run_id=run_id or "manual",
                                source=src,
                                raw_sha256=h,
                                status="error",
                                reason=reason,
                                at=now,
                            )
                            for src, h, reason in log
                        ],
                    )
                self.provenance.after_batch(conn)
                state = guard.state_of(conn, articles)
        except BaseException:
            # The in-memory indexes saw records the database did not keep: rebuild them from it.
            self._indexes_loaded = False
            self._outlet_ids.clear()
            raise
        self._indexed_state = state
        return added

    def log_errors(self, errors: Iterable[tuple[str, Optional[str], str]], *, run_id: Optional[str] = None) -> None:
        """Record bad inputs ``(source, raw_sha256, reason)`` in the ingest log."""
        self.add_records([], run_id=run_id, errors=errors)

    def _load_indexes(self, conn) -> None:
        """Load the speaker and near-duplicate indexes, again whenever another writer has added articles
        since (an outside ``onrecord ingest`` into a database this long-lived store serves)."""
        state = guard.state_of(conn, articles)
        if self._indexes_loaded and state == self._indexed_state:
            return
        self._outlet_ids.clear()
        index = SpeakerIndex()
        index.load(
            conn.execute(sa.select(speakers.c.id, speakers.c.name, speakers.c.kind).order_by(speakers.c.id)),
            conn.execute(
                sa.select(speaker_aliases.c.speaker_id, speaker_aliases.c.alias).order_by(speaker_aliases.c.id)
            ),
            conn.execute(
                sa.select(article_speakers.c.speaker_id, article_speakers.c.role, articles.c.published)
                .join(articles, articles.c.id == article_speakers.c.article_id)
                .where(article_speakers.c.speaker_id.is_not(None))
                .order_by(article_speakers.c.id)
            ),
        )
        near = NearDuplicateIndex()
        for aid, sig, dup in conn.execute(
            sa.select(articles.c.id, articles.c.minhash, articles.c.dup_of).order_by(articles.c.pk)
        ):
            if sig:
                near.add(aid, np.frombuffer(sig, dtype=np.uint64), dup)
        self.speaker_index, self.near_dups = index, near
        self._indexes_loaded = True
        self._indexed_state = state

    def _outlet_id(self, conn, name: Optional[str]) -> Optional[int]:
        name = " ".join((name or "").split())
        if not name:
            return None
        if name not in self._outlet_ids:
            found = conn.execute(sa.select(outlets.c.id).where(outlets.c.name == name)).scalar()
            if found is None:
                found = conn.execute(outlets.insert().values(name=name).returning(outlets.c.id)).scalar_one()
            self._outlet_ids[name] = found
        return self._outlet_ids[name]

    def _insert(self, conn, item: StoredItem, run_id: Optional[str], now: dt.datetime) -> bool:
        record, art = item.record, item.record.article
        if not published_in_range(art.published):
            raise InputError(item.source or art.source or art.id, out_of_range_problem())
        # One round trip: is this content stored, and is its id taken?
        clashes = (
            conn.execute(
                sa.select(articles.c.content_hash).where(
                    sa.or_(articles.c.content_hash == art.content_hash, articles.c.id == art.id)
                )
            )
            .scalars()
            .all()
        )
        if art.content_hash in clashes:
            return False
        article_id = f"{art.id}-{art.content_hash[:12]}" if clashes else art.id  # same id, different content: keep both

        signature = item.signature if item.signature is not None else body_signature(art.body)
        signature = np.asarray(signature, dtype=np.uint64)
        root = self.near_dups.find(signature)

        mapping, changes = self.speaker_index.assign(record.speakers, art.published)
        if changes.new:
            conn.execute(speakers.insert(), [dict(id=c.id, name=c.name, kind=c.kind) for c in changes.new])
        for sid, name in changes.renamed.items():
            conn.execute(speakers.update().where(speakers.c.id == sid).values(name=name))
        if changes.aliases:
            conn.execute(
                speaker_aliases.insert(),
                [dict(speaker_id=sid, alias=alias, norm=normalize(alias)) for sid, alias in changes.aliases],
            )

        stored = record.model_copy(deep=True)
        stored.article.id = article_id
        for sp in stored.speakers:
            sp.entity_id = mapping.get(sp.id) or sp.entity_id
        conn.execute(
            articles.insert().values(
                id=article_id,
                content_hash=art.content_hash,
                source=item.source or art.source,
                url=art.url,
                outlet_id=self._outlet_id(conn, art.outlet),
                title=art.title,
                authors=json.dumps(art.authors, ensure_ascii=False),
                published=art.published,
                published_method=art.published_method.value,
                language=art.language,
                body=art.body,
                raw_source=item.source or art.source,
                raw_sha256=item.raw_sha256,
                dup_of=root,
                minhash=signature.tobytes(),
                n_statements=len(record.statements),
                extractor_version=record.extractor_version,
                record_json=stored.model_dump_json(),
                run_id=run_id,
                ingested_at=now,
            )
        )
        if art.removed:
            conn.execute(
                removed_spans.insert(),
                [
                    dict(article_id=article_id, start=r.start, end=r.end, reason=r.reason, rule=r.rule, text=r.text)
                    for r in art.removed
                ],
            )
        by_local = {sp.id: sp for sp in record.speakers}
        if record.speakers:
            conn.execute(
                article_speakers.insert(),
                [
                    dict(
                        article_id=article_id,
                        local_id=sp.id,
                        speaker_id=mapping.get(sp.id),
                        name=sp.name,
                        kind=sp.kind,
                        role=sp.role,
                        affiliation=sp.affiliation,
                        anonymous=sp.anonymous,
                        description=sp.description,
                        entity_id=sp.entity_id,
                    )
                    for sp in record.speakers
                ],
            )
            rows = [
                dict(article_id=article_id, local_speaker_id=sp.id, start=m.start, end=m.end, text=m.text, kind=m.kind)
                for sp in record.speakers
                for m in sp.mentions
            ]
            if rows:
                conn.execute(mentions.insert(), rows)

        ordered = sorted(record.statements, key=lambda s: (s.quote.start, s.quote.end, s.id))
        canonical: dict[str, str] = {}
        if root:
            earlier = conn.execute(
                sa.select(statements.c.id, statements.c.canonical_id, statements.c.quote_text)
                .join(articles, articles.c.id == statements.c.article_id)
                .where(sa.or_(articles.c.id == root, articles.c.dup_of == root))
                .order_by(articles.c.pk, statements.c.position)
            ).all()
            canonical = match_statements(
                [(f"{article_id}:{s.id}", s.quote.text) for s in ordered], [tuple(r) for r in earlier]
            )
        if ordered:
            paragraphs = art.paragraphs()
            rows = []
            for position, st in enumerate(ordered):
                sp = by_local.get(st.speaker_id)
                para = st.paragraph if st.paragraph is not None else paragraph_index(paragraphs, st.quote.start)
                context = paragraphs[para].text if para is not None and 0 <= para < len(paragraphs) else None
                sid = f"{article_id}:{st.id}"
                rows.append(
                    dict(
                        id=sid,
                        article_id=article_id,
                        local_id=st.id,
                        position=position,
                        type=st.type,
                        quote_start=st.quote.start,
                        quote_end=st.quote.end,
                        quote_text=st.quote.text,
                        context=context,
                        paragraph=para,
                        cue_start=st.cue.start if st.cue else None,
                        cue_end=st.cue.end if st.cue else None,
                        cue_text=st.cue.text if st.cue else None,
                        local_speaker_id=st.speaker_id,
                        speaker_id=mapping.get(st.speaker_id) if st.speaker_id else None,
                        speaker_name=(sp.name if sp else (st.speaker_mention.text if st.speaker_mention else None)),
                        anonymous=bool(sp.anonymous) if sp else False,
                        outlet_told=st.outlet,
                        date=st.date,
                        date_text=st.date_text,
                        sort_date=st.date or art.published,
                        confidence=st.confidence,
                        act=st.act,
                        canonical_id=canonical.get(sid, sid),
                    )
                )
            conn.execute(statements.insert(), rows)
        self.near_dups.add(article_id, signature, root)
        return True

    # -- reading --------------------------------------------------------------------------------
    def get_record(self, article_id: str, *, shared: bool = False) -> Optional[Record]:
        """The stored :class:`Record` of an article (id or a unique id prefix of 8+ characters), or None.

        Parsed records are cached (a page asked again is not parsed again); each caller gets its own copy,
        unless ``shared=True``, which returns the cached object itself for callers that only read it (the
        API and the web pages)."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(articles.c.record_json).where(articles.c.id == article_id)).first()
            if row is None and len(article_id) >= 8:
                rows = conn.execute(
                    sa.select(articles.c.record_json)
                    .where(articles.c.id.startswith(article_id, autoescape=True))
                    .limit(2)
                ).all()
                row = rows[0] if len(rows) == 1 else None
        if row is None:
            return None
        record = _parsed_record(row[0])
        return record if shared else record.model_copy(deep=True)

    def list_articles(
        self,
        limit: int = 50,
        offset: int = 0,
        outlet: Optional[str] = None,
        since: DateLike = None,
        until: DateLike = None,
        q: Optional[str] = None,
    ) -> tuple[int, list[dict]]:
        """``(total, page)`` of articles, newest first; filters as in :meth:`search_statements`."""
        limit, offset = _bound(limit, offset)
        conds = []
        if outlet:
            conds.append(sa.func.lower(outlets.c.name).contains(outlet.lower(), autoescape=True))
        if (d := _date(since)) is not None:
            conds.append(articles.c.published >= d)
        if (d := _date(until)) is not None:
            conds.append(articles.c.published <= d)
        if q and (m := fulltext.match_clause(self.dialect, articles, q)) is not None:
            conds.append(m)
        base = articles.outerjoin(outlets, outlets.c.id == articles.c.outlet_id)
        cols = [
            articles.c.id,
            articles.c.title,
            outlets.c.name.label("outlet"),
            articles.c.published,
            articles.c.url,
            articles.c.source,
            articles.c.language,
            articles.c.n_statements,
            articles.c.dup_of,
        ]
        with self.engine.connect() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(base).where(*conds)).scalar_one()
            rows = (
                conn.execute(
                    sa.select(*cols)
                    .select_from(base)
                    .where(*conds)
                    .order_by(articles.c.published.desc().nulls_last(), articles.c.pk)
                    .limit(limit)
                    .offset(offset)
                )
                .mappings()
                .all()
            )
        return total, [{**r, "published": _iso(r["published"])} for r in rows]

    def _speaker_ids(self, conn, name: str) -> list[str]:
        """Canonical ids a user's speaker query can mean, best first: exact id, exact alias, alias containing it."""
        if conn.execute(sa.select(speakers.c.id).where(speakers.c.id == name)).first():
            return [name]
        norm = normalize(name)
        if not norm:
            return []
        counts = (
            sa.select(statements.c.speaker_id, sa.func.count().label("n")).group_by(statements.c.speaker_id).subquery()
        )

        def lookup(cond) -> list[str]:
            q = (
                sa.select(speaker_aliases.c.speaker_id, sa.func.coalesce(sa.func.max(counts.c.n), 0).label("n"))
                .outerjoin(counts, counts.c.speaker_id == speaker_aliases.c.speaker_id)
                .where(cond)
                .group_by(speaker_aliases.c.speaker_id)
                .order_by(sa.desc("n"), speaker_aliases.c.speaker_id)
            )
            return [r[0] for r in conn.execute(q)]

        exact = lookup(speaker_aliases.c.norm == norm)
        if exact:
            return exact
        # Whole words only: "Biden" matches "joe biden", not "bidenomics".
        padded = sa.literal(" ") + speaker_aliases.c.norm + sa.literal(" ")
        return lookup(padded.contains(f" {norm} ", autoescape=True))

    def search_statements(
        self,
        q: Optional[str] = None,
        *,
        speaker: Optional[str] = None,
        outlet: Optional[str] = None,
        since: DateLike = None,
        until: DateLike = None,
        type: Optional[str] = None,
        anonymous: Optional[bool] = None,
        article_id: Optional[str] = None,
        act: Optional[str] = None,
        min_confidence: Optional[float] = None,
        dedupe: Optional[bool] = None,
        order: str = "date",
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[int, list[dict]]:
        """``(total, page)`` of statements matching every filter given.

        ``q`` is full text over the quote and its paragraph (words, "phrases", -exclusions);
        ``speaker`` a canonical id, a name or part of one (also matches how an anonymous source is
        described); ``outlet`` part of the publishing outlet's name; ``since``/``until`` bound the
        statement's date (else its article's); ``type`` is direct|indirect|mixed|block; ``act`` is
        speech|belief|knowledge|intention; ``min_confidence`` keeps statements at least that confident.
        ``dedupe`` (default: on unless ``outlet`` or ``article_id`` is given) returns one hit per
        canonical statement, with the syndicated copies in ``sources``. ``order`` is ``date`` (time
        order, then position in the article) or ``relevance`` (needs ``q``).
        """
        limit, offset = _bound(limit, offset)
        if dedupe is None:
            dedupe = not (outlet or article_id)
        with self.engine.connect() as conn:
            conds = []  # the full-text filter is _statement_page's: it joins the FTS5 matches on SQLite
            if speaker:
                ids = self._speaker_ids(conn, speaker)
                like = sa.func.lower(statements.c.speaker_name).contains(speaker.lower(), autoescape=True)
                conds.append(sa.or_(statements.c.speaker_id.in_(ids), like) if ids else like)
            if outlet:
                conds.append(sa.func.lower(outlets.c.name).contains(outlet.lower(), autoescape=True))
            if (d := _date(since)) is not None:
                conds.append(statements.c.sort_date >= d)
            if (d := _date(until)) is not None:
                conds.append(statements.c.sort_date <= d)
            if type:
                conds.append(statements.c.type == type)
            if anonymous is not None:
                conds.append(statements.c.anonymous == bool(anonymous))
            if article_id:
                conds.append(statements.c.article_id == article_id)
            if act:
                if act not in ACT_KINDS:
                    raise ConfigError(f"act {act!r}: use one of {', '.join(ACT_KINDS)}")
                conds.append(statements.c.act == act)
            if min_confidence is not None:
                if not 0.0 <= float(min_confidence) <= 1.0:
                    raise ConfigError(f"min confidence {min_confidence!r}: use a number from 0 to 1")
                conds.append(statements.c.confidence >= float(min_confidence))
            if dedupe:
                conds.append(statements.c.id == statements.c.canonical_id)
            total, rows = self._statement_page(conn, conds, order=order, q=q, limit=limit, offset=offset)
        return total, rows

    def _statement_page(self, conn, conds, *, order="date", q=None, limit=50, offset=0) -> tuple[int, list[dict]]:
        search = fulltext.text_search(self.dialect, statements, q)
        base = statements if search is None else search.select_from(statements)
        if search is not None:
            conds = [*search.conditions(), *conds]
        joined = (
            base.join(articles, articles.c.id == statements.c.article_id)
            .outerjoin(outlets, outlets.c.id == articles.c.outlet_id)
            .outerjoin(
                article_speakers,
                sa.and_(
                    article_speakers.c.article_id == statements.c.article_id,
                    article_speakers.c.local_id == statements.c.local_speaker_id,
                ),
            )
            .outerjoin(speakers, speakers.c.id == statements.c.speaker_id)
        )
        # The count needs no speaker columns: those outer joins are on unique keys, so they never add a row.
        counted = base.join(articles, articles.c.id == statements.c.article_id).outerjoin(
            outlets, outlets.c.id == articles.c.outlet_id
        )
        total = conn.execute(sa.select(sa.func.count()).select_from(counted).where(*conds)).scalar_one()
        ordering = [
            statements.c.sort_date.asc().nulls_last(),
            articles.c.published.asc().nulls_last(),
            articles.c.pk,
            statements.c.position,
        ]
        if order == "relevance" and search is not None:
            ordering.insert(0, search.rank)
        if q and (quote_first := fulltext.quote_first_order(self.dialect, statements, q)) is not None:
            ordering.insert(0, quote_first)  # a match inside the quotation before one only in its paragraph
        query = (
            sa.select(
                statements,
                articles.c.title.label("article_title"),
                articles.c.published.label("article_published"),
                articles.c.url.label("article_url"),
                outlets.c.name.label("article_outlet"),
                speakers.c.name.label("canonical_name"),
                article_speakers.c.role,
                article_speakers.c.affiliation,
                article_speakers.c.description,
                article_speakers.c.kind.label("speaker_kind"),
            )
            .select_from(joined)
            .where(*conds)
            .order_by(*ordering)
            .limit(limit)
            .offset(offset)
        )
        rows = conn.execute(query).mappings().all()
        hits = [_hit(r) for r in rows]
        if q:
            matched = fulltext.word_matcher(q)
            for r, h in zip(rows, hits):
                h["matched"] = matched(r["quote_text"], r["context"])
        self._attach_sources(conn, hits)
        return total, hits

    def _attach_sources(self, conn, hits: list[dict]) -> None:
        """Add ``sources``: every article reporting the same canonical statement (syndicated copies)."""
        ids = {h["canonical_id"] for h in hits}
        if not ids:
            return
        q = (
            sa.select(
                statements.c.canonical_id,
                statements.c.id,
                statements.c.article_id,
                outlets.c.name,
                articles.c.published,
            )
            .join(articles, articles.c.id == statements.c.article_id)
            .outerjoin(outlets, outlets.c.id == articles.c.outlet_id)
            .where(statements.c.canonical_id.in_(ids))
            .order_by(articles.c.pk)
        )
        by: dict[str, list[dict]] = {}
        for cid, sid, aid, outlet, published in conn.execute(q):
            by.setdefault(cid, []).append(
                dict(statement_id=sid, article_id=aid, outlet=outlet, published=_iso(published))
            )
        for h in hits:
            h["sources"] = by.get(h["canonical_id"], [])

    def list_speakers(self, q: Optional[str] = None, limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
        """``(total, page)`` of canonical speakers with their statement and article counts, most quoted first."""
        limit, offset = _bound(limit, offset)
        counts = (
            sa.select(
                statements.c.speaker_id,
                sa.func.count().label("statements"),
                sa.func.count(sa.distinct(statements.c.article_id)).label("articles"),
                sa.func.min(statements.c.sort_date).label("first_seen"),
                sa.func.max(statements.c.sort_date).label("last_seen"),
            )
            .where(statements.c.speaker_id.is_not(None))
            .group_by(statements.c.speaker_id)
            .subquery()
        )
        conds = []
        if q:
            norm = normalize(q)
            conds.append(
                speakers.c.id.in_(
                    sa.select(speaker_aliases.c.speaker_id).where(
                        speaker_aliases.c.norm.contains(norm, autoescape=True)
                    )
                )
            )
        base = speakers.outerjoin(counts, counts.c.speaker_id == speakers.c.id)
        n = sa.func.coalesce(counts.c.statements, 0)
        with self.engine.connect() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(base).where(*conds)).scalar_one()
            rows = (
                conn.execute(
                    sa.select(
                        speakers.c.id,
                        speakers.c.name,
                        speakers.c.kind,
                        n.label("statements"),
                        sa.func.coalesce(counts.c.articles, 0).label("articles"),
                        counts.c.first_seen,
                        counts.c.last_seen,
                    )
                    .select_from(base)
                    .where(*conds)
                    .order_by(n.desc(), speakers.c.name, speakers.c.id)
                    .limit(limit)
                    .offset(offset)
                )
                .mappings()
                .all()
            )
            roles = self._top_roles(conn, [r["id"] for r in rows])
        return total, [
            {
                **r,
                "roles": roles.get(r["id"], []),
                "first_seen": _iso(r["first_seen"]),
                "last_seen": _iso(r["last_seen"]),
            }
            for r in rows
        ]

    @staticmethod
    def _top_roles(conn, speaker_ids: list[str], per_speaker: int = 3) -> dict[str, list[str]]:
        """Each speaker's most frequent roles (ties in a stable order), one query for a whole page."""
        if not speaker_ids:
            return {}
        rows = conn.execute(
            sa.select(
                article_speakers.c.speaker_id,
                article_speakers.c.role,
                sa.func.count().label("n"),
                sa.func.min(article_speakers.c.article_id).label("first"),
            )
            .where(
                article_speakers.c.speaker_id.in_(speaker_ids),
                article_speakers.c.role.is_not(None),
                article_speakers.c.role != "",
            )
            .group_by(article_speakers.c.speaker_id, article_speakers.c.role)
        ).all()
        # "Harbour master" and "harbour master" are one role: counted together, shown in one spelling.
        found: dict[str, dict[str, list]] = {}
        for speaker_id, role, n, first in sorted(rows, key=lambda r: (r[3], r[1])):
            entry = found.setdefault(speaker_id, {}).setdefault(role.casefold(), [0, first, role])
            entry[0] -= n
        return {sid: [role for _, _, role in sorted(by_role.values())[:per_speaker]] for sid, by_role in found.items()}

    def known_speaker_ids(self, ids: Iterable[str]) -> set[str]:
        """Those of ``ids`` that are canonical speaker ids in the store (one query, for a page's links)."""
        wanted = sorted({i for i in ids if i})
        if not wanted:
            return set()
        with self.engine.connect() as conn:
            return {r[0] for r in conn.execute(sa.select(speakers.c.id).where(speakers.c.id.in_(wanted)))}

    def resolve_speaker(self, speaker_id_or_name: str) -> Optional[str]:
        """The canonical id a name or id means (the most quoted when several match), or None."""
        with self.engine.connect() as conn:
            ids = self._speaker_ids(conn, speaker_id_or_name)
        return ids[0] if ids else None

    def get_speaker(self, speaker_id_or_name: str, *, limit: int = MAX_LIMIT, offset: int = 0) -> Optional[dict]:
        """A speaker's profile: names, aliases, roles over time, outlets, first/last seen, statements in time order."""
        sid = self.resolve_speaker(speaker_id_or_name)
        if sid is None:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(speakers).where(speakers.c.id == sid)).mappings().one()
            aliases = [
                a
                for (a,) in conn.execute(
                    sa.select(speaker_aliases.c.alias)
                    .where(speaker_aliases.c.speaker_id == sid)
                    .order_by(speaker_aliases.c.id)
                )
            ]
            role_rows = conn.execute(
                sa.select(
                    article_speakers.c.role,
                    sa.func.min(articles.c.published),
                    sa.func.max(articles.c.published),
                    sa.func.count(),
                )
                .join(articles, articles.c.id == article_speakers.c.article_id)
                .where(article_speakers.c.speaker_id == sid, article_speakers.c.role.is_not(None))
                .group_by(article_speakers.c.role)
                .order_by(sa.func.min(articles.c.published).asc().nulls_last(), article_speakers.c.role)
            ).all()
            outlet_rows = conn.execute(
                sa.select(outlets.c.name, sa.func.count(sa.distinct(statements.c.article_id)))
                .select_from(
                    statements.join(articles, articles.c.id == statements.c.article_id).join(
                        outlets, outlets.c.id == articles.c.outlet_id
                    )
                )
                .where(statements.c.speaker_id == sid)
                .group_by(outlets.c.name)
                .order_by(sa.func.count(sa.distinct(statements.c.article_id)).desc(), outlets.c.name)
            ).all()
            span = conn.execute(
                sa.select(
                    sa.func.min(statements.c.sort_date),
                    sa.func.max(statements.c.sort_date),
                    sa.func.count(sa.distinct(statements.c.article_id)),
                ).where(statements.c.speaker_id == sid)
            ).one()
            total, hits = self._statement_page(
                conn,
                [statements.c.speaker_id == sid, statements.c.id == statements.c.canonical_id],
                limit=_bound(limit, 0)[0],
                offset=offset,
            )
        return dict(
            id=sid,
            name=row["name"],
            kind=row["kind"],
            aliases=aliases,
            roles=[dict(role=r, first_seen=_iso(a), last_seen=_iso(b), articles=n) for r, a, b, n in role_rows],
            outlets=[dict(name=o, articles=n) for o, n in outlet_rows],
            first_seen=_iso(span[0]),
            last_seen=_iso(span[1]),
            n_articles=span[2],
            n_statements=total,
            statements=hits,
        )

    def timeline(
        self,
        speaker_or_topic: str,
        *,
        limit: int = MAX_LIMIT,
        offset: int = 0,
        since: DateLike = None,
        until: DateLike = None,
    ) -> dict:
        """Statements in time order, of a speaker (when the text names one) or else about a topic (full text)."""
        sid = self.resolve_speaker(speaker_or_topic)
        if sid is not None:
            total, hits = self.search_statements(speaker=sid, since=since, until=until, limit=limit, offset=offset)
            with self.engine.connect() as conn:
                name = conn.execute(sa.select(speakers.c.name).where(speakers.c.id == sid)).scalar_one()
            return dict(
                kind="speaker", query=speaker_or_topic, speaker=dict(id=sid, name=name), total=total, statements=hits
            )
        total, hits = self.search_statements(speaker_or_topic, since=since, until=until, limit=limit, offset=offset)
        return dict(kind="topic", query=speaker_or_topic, speaker=None, total=total, statements=hits)

    def stats(self) -> dict:
        """Counts: articles, near-duplicates, statements (all and canonical), speakers, outlets, logged errors."""
        with self.engine.connect() as conn:

            def count(q) -> int:
                return conn.execute(q).scalar_one()

            return dict(
                articles=count(sa.select(sa.func.count()).select_from(articles)),
                near_duplicates=count(
                    sa.select(sa.func.count()).select_from(articles).where(articles.c.dup_of.is_not(None))
                ),
                statements=count(sa.select(sa.func.count()).select_from(statements)),
                canonical_statements=count(
                    sa.select(sa.func.count())
                    .select_from(statements)
                    .where(statements.c.id == statements.c.canonical_id)
                ),
                speakers=count(sa.select(sa.func.count()).select_from(speakers)),
                outlets=count(sa.select(sa.func.count()).select_from(outlets)),
                errors=count(
                    sa.select(sa.func.count(sa.distinct(ingest_log.c.source))).where(ingest_log.c.status == "error")
                ),
                first_published=_iso(conn.execute(sa.select(sa.func.min(articles.c.published))).scalar()),
                last_published=_iso(conn.execute(sa.select(sa.func.max(articles.c.published))).scalar()),
            )

    def errors(self, run_id: Optional[str] = None, limit: int = 100, offset: int = 0) -> list[dict]:
        """Logged ingest errors (newest run first), optionally of one run."""
        limit, offset = _bound(limit, offset)
        q = sa.select(ingest_log).where(ingest_log.c.status == "error")
        if run_id:
            q = q.where(ingest_log.c.run_id == run_id)
        with self.engine.connect() as conn:
            rows = conn.execute(q.order_by(ingest_log.c.id.desc()).limit(limit).offset(offset)).mappings().all()
        return [{**r, "at": _iso(r["at"])} for r in rows]

    def iter_records(self) -> Iterator[Record]:
        """Every stored record, in the order they were added."""
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=200).execute(
                sa.select(articles.c.record_json).order_by(articles.c.pk)
            )
            for (text,) in result:
                yield Record.model_validate_json(text)

    def iter_statement_rows(self) -> Iterator[dict]:
        """Every statement as one flat row (speaker and article fields included), in time order."""
        offset, page = 0, 500
        while True:
            with self.engine.connect() as conn:
                _, hits = self._statement_page(conn, [], limit=page, offset=offset)
            for h in hits:
                yield _flat(h)
            if len(hits) < page:
                return
            offset += page

    def export(self, fmt: str, path: Union[str, Path], *, what: Optional[str] = None) -> int:
        """Write the record to ``path``; returns the number of rows written.

        ``jsonl`` writes one full :class:`Record` per line (``what="records"``, the default for
        jsonl: everything needed to re-derive or re-load) or one statement per line
        (``what="statements"``); ``csv`` and ``parquet`` write one flat row per statement; ``duckdb``
        writes a DuckDB file with those rows plus articles and speakers (:mod:`onrecord.store.duckdb_export`).
        """
        fmt = fmt.lower()
        what = what or ("records" if fmt == "jsonl" else "statements")
        if fmt not in ("jsonl", "csv", "parquet", "duckdb"):
            raise ConfigError(f"export format {fmt!r}: use jsonl, csv, parquet or duckdb")
        if what not in ("records", "statements") or (what == "records" and fmt != "jsonl"):
            raise ConfigError(f"cannot export {what} as {fmt}: records export as jsonl only")
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return self._write_export(fmt, what, path)
        except OSError as exc:  # a folder, a read-only place, a full disk: one line, not a traceback
            raise ConfigError(f"{path}: cannot write the export ({exc.strerror or exc})") from None

    def _write_export(self, fmt: str, what: str, path: Path) -> int:
        if fmt == "duckdb":
            from onrecord.store.duckdb_export import write_duckdb

            return write_duckdb(self, path)
        n = 0
        if fmt == "jsonl":
            with path.open("w", encoding="utf-8") as fh:
                rows = (
                    (r.model_dump_json() for r in self.iter_records())
                    if what == "records"
                    else (json.dumps(r, ensure_ascii=False) for r in self.iter_statement_rows())
                )
                for line in rows:
                    fh.write(line + "\n")
                    n += 1
            return n
        rows = list(self.iter_statement_rows())
        if fmt == "csv":
            with path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=FLAT_FIELDS)
                writer.writeheader()
                writer.writerows(rows)
            return len(rows)
        import pyarrow as pa
        import pyarrow.parquet as pq

        types = _arrow_types()
        table = pa.Table.from_pylist(rows, schema=pa.schema([(f, types.get(f, pa.string())) for f in FLAT_FIELDS]))
        pq.write_table(table, path)
        return len(rows)


def _hit(r) -> dict:
    return dict(
        id=r["id"],
        article_id=r["article_id"],
        local_id=r["local_id"],
        position=r["position"],
        type=r["type"],
        quote=r["quote_text"],
        quote_start=r["quote_start"],
        quote_end=r["quote_end"],
        paragraph=r["paragraph"],
        cue=r["cue_text"],
        cue_start=r["cue_start"],
        cue_end=r["cue_end"],
        date=_iso(r["date"]),
        date_text=r["date_text"],
        sort_date=_iso(r["sort_date"]),
        confidence=r["confidence"],
        act=r["act"],
        outlet_told=r["outlet_told"],
        anonymous=bool(r["anonymous"]),
        canonical_id=r["canonical_id"],
        speaker=dict(
            id=r["speaker_id"],
            name=r["canonical_name"] or r["speaker_name"],
            article_name=r["speaker_name"],
            local_id=r["local_speaker_id"],
            kind=r["speaker_kind"],
            role=r["role"],
            affiliation=r["affiliation"],
            description=r["description"],
        ),
        article=dict(
            id=r["article_id"],
            title=r["article_title"],
            outlet=r["article_outlet"],
            published=_iso(r["article_published"]),
            url=r["article_url"],
        ),
    )


FLAT_FIELDS = [
    "id",
    "canonical_id",
    "article_id",
    "position",
    "type",
    "quote",
    "quote_start",
    "quote_end",
    "paragraph",
    "cue",
    "date",
    "sort_date",
    "confidence",
    "act",
    "outlet_told",
    "anonymous",
    "speaker_id",
    "speaker_name",
    "speaker_article_name",
    "speaker_role",
    "speaker_affiliation",
    "article_title",
    "article_outlet",
    "article_published",
    "article_url",
    "n_sources",
]


def _flat(h: dict) -> dict:
    sp, art = h["speaker"], h["article"]
    return dict(
        id=h["id"],
        canonical_id=h["canonical_id"],
        article_id=h["article_id"],
        position=h["position"],
        type=h["type"],
        quote=h["quote"],
        quote_start=h["quote_start"],
        quote_end=h["quote_end"],
        paragraph=h["paragraph"],
        cue=h["cue"],
        date=h["date"],
        sort_date=h["sort_date"],
        confidence=h["confidence"],
        act=h["act"],
        outlet_told=h["outlet_told"],
        anonymous=h["anonymous"],
        speaker_id=sp["id"],
        speaker_name=sp["name"],
        speaker_article_name=sp["article_name"],
        speaker_role=sp["role"],
        speaker_affiliation=sp["affiliation"],
        article_title=art["title"],
        article_outlet=art["outlet"],
        article_published=art["published"],
        article_url=art["url"],
        n_sources=len(h.get("sources") or []),
    )


def _arrow_types() -> dict:
    import pyarrow as pa

    ints = {"position", "quote_start", "quote_end", "paragraph", "n_sources"}
    return {**{f: pa.int64() for f in ints}, "confidence": pa.float64(), "anonymous": pa.bool_()}


@lru_cache(maxsize=32)
def _parsed_record(record_json: str) -> Record:
    """The Record of a stored JSON text, parsed once while it is among the last 32 asked for (a stored
    record is never changed, and parsing a long one costs ~20 ms of a page's ~30)."""
    return Record.model_validate_json(record_json)


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
