"""The store's reads: records, articles, statements (full text and filters), speakers, timelines, stats."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Optional

import sqlalchemy as sa

from onrecord.entities.crossdoc import normalize
from onrecord.errors import ConfigError
from onrecord.model import ACT_KINDS, Record
from onrecord.settings import MAX_LIMIT
from onrecord.store import fulltext, prepared
from onrecord.store.common import DateLike, StoreState, _bound, _date, _iso
from onrecord.store.results import (
    ArticleSummary,
    OutletCount,
    RoleSpan,
    Source,
    SpeakerName,
    SpeakerProfile,
    SpeakerSummary,
    StatementHit,
    Timeline,
    day,
    to_json,
)
from onrecord.store.schema import (
    article_speakers,
    articles,
    ingest_log,
    outlets,
    speaker_aliases,
    speakers,
    statements,
)


class StoreReads(StoreState):
    """Queries (a part of :class:`onrecord.store.Store`)."""

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
        """``(total, page)`` of articles, newest first, as JSON-ready dicts (see :meth:`article_summaries`)."""
        total, rows = self.article_summaries(limit, offset, outlet=outlet, since=since, until=until, q=q)
        return total, to_json(rows)

    def article_summaries(
        self,
        limit: int = 50,
        offset: int = 0,
        outlet: Optional[str] = None,
        since: DateLike = None,
        until: DateLike = None,
        q: Optional[str] = None,
    ) -> tuple[int, list[ArticleSummary]]:
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
        return total, [ArticleSummary.from_row(r) for r in rows]

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

    def search_statements(self, q: Optional[str] = None, **filters) -> tuple[int, list[dict]]:
        """``(total, page)`` of statements as JSON-ready dicts; the filters of :meth:`statement_hits`."""
        total, hits = self.statement_hits(q, **filters)
        return total, to_json(hits)

    def statement_hits(
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
    ) -> tuple[int, list[StatementHit]]:
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
            filters: dict = {}  # see onrecord.store.prepared; the full-text filter is _statement_hits's
            if speaker:
                ids = self._speaker_ids(conn, speaker)
                if ids:
                    filters["speaker_ids"] = ids
                filters["speaker_like"] = prepared.like_pattern(speaker.lower())
            if outlet:
                filters["outlet_like"] = prepared.like_pattern(outlet.lower())
            if (d := _date(since)) is not None:
                filters["since"] = d
            if (d := _date(until)) is not None:
                filters["until"] = d
            if type:
                filters["type"] = type
            if anonymous is not None:
                filters["anonymous"] = bool(anonymous)
            if article_id:
                filters["article_id"] = article_id
            if act:
                if act not in ACT_KINDS:
                    raise ConfigError(f"act {act!r}: use one of {', '.join(ACT_KINDS)}")
                filters["act"] = act
            if min_confidence is not None:
                if not 0.0 <= float(min_confidence) <= 1.0:
                    raise ConfigError(f"min confidence {min_confidence!r}: use a number from 0 to 1")
                filters["min_confidence"] = float(min_confidence)
            if dedupe:
                filters["dedupe"] = True
            total, rows = self._statement_hits(conn, filters, order=order, q=q, limit=limit, offset=offset)
        return total, rows

    def _statement_page(self, conn, conds, **options) -> tuple[int, list[dict]]:
        """:meth:`_statement_hits` as JSON-ready dicts (what :mod:`onrecord.provenance` reads)."""
        total, hits = self._statement_hits(conn, conds, **options)
        return total, to_json(hits)

    def _statement_hits(
        self, conn, filters, *, order="date", q=None, limit=50, offset=0
    ) -> tuple[int, list[StatementHit]]:
        """``(total, page)`` of the statements ``filters`` select: a dict (see :mod:`onrecord.store.prepared`),
        or a list of SQLAlchemy conditions on the statements (a search then built for this call alone)."""
        if isinstance(filters, dict):
            count, page, values = prepared.statement_queries(self.dialect, filters, order, q)
        else:
            count, page, values = prepared.statement_queries(self.dialect, {}, order, q, conditions=filters)
        total = conn.execute(count, values).scalar_one()
        rows = conn.execute(page, {**values, "page_limit": limit, "page_offset": offset}).mappings().all()
        hits = [StatementHit.from_row(r) for r in rows]
        if q:
            matched = fulltext.word_matcher(q)
            for r, h in zip(rows, hits):
                h.matched = matched(r["quote_text"], r["context"])
        self._attach_sources(conn, hits)
        return total, hits

    def _attach_sources(self, conn, hits: list[StatementHit]) -> None:
        """Add ``sources``: every article reporting the same canonical statement (syndicated copies)."""
        ids = {h.canonical_id for h in hits}
        if not ids:
            return
        by: dict[str, list[Source]] = {}
        for cid, sid, aid, outlet, published in conn.execute(prepared.SOURCES, {"canonical_ids": sorted(ids)}).all():
            by.setdefault(cid, []).append(
                Source(statement_id=sid, article_id=aid, outlet=outlet, published=day(published))
            )
        for h in hits:
            h.sources = by.get(h.canonical_id, [])

    def list_speakers(self, q: Optional[str] = None, limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
        """``(total, page)`` of speakers as JSON-ready dicts (see :meth:`speaker_summaries`)."""
        total, rows = self.speaker_summaries(q, limit, offset)
        return total, to_json(rows)

    def speaker_summaries(
        self, q: Optional[str] = None, limit: int = 50, offset: int = 0
    ) -> tuple[int, list[SpeakerSummary]]:
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
            SpeakerSummary(
                **{**r, "first_seen": day(r["first_seen"]), "last_seen": day(r["last_seen"])},
                roles=roles.get(r["id"], []),
            )
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
        """:meth:`speaker_profile` as a JSON-ready dict, or None."""
        profile = self.speaker_profile(speaker_id_or_name, limit=limit, offset=offset)
        return None if profile is None else to_json(profile)

    def speaker_profile(
        self, speaker_id_or_name: str, *, limit: int = MAX_LIMIT, offset: int = 0
    ) -> Optional[SpeakerProfile]:
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
            total, hits = self._statement_hits(
                conn,
                {"speaker_id": sid, "dedupe": True},
                limit=_bound(limit, 0)[0],
                offset=offset,
            )
        return SpeakerProfile(
            id=sid,
            name=row["name"],
            kind=row["kind"],
            aliases=aliases,
            roles=[RoleSpan(role=r, first_seen=day(a), last_seen=day(b), articles=n) for r, a, b, n in role_rows],
            outlets=[OutletCount(name=o, articles=n) for o, n in outlet_rows],
            first_seen=day(span[0]),
            last_seen=day(span[1]),
            n_articles=span[2],
            n_statements=total,
            statements=hits,
        )

    def timeline(self, speaker_or_topic: str, **options) -> dict:
        """:meth:`timeline_of` as a JSON-ready dict."""
        return to_json(self.timeline_of(speaker_or_topic, **options))

    def timeline_of(
        self,
        speaker_or_topic: str,
        *,
        limit: int = MAX_LIMIT,
        offset: int = 0,
        since: DateLike = None,
        until: DateLike = None,
    ) -> Timeline:
        """Statements in time order, of a speaker (when the text names one) or else about a topic (full text)."""
        sid = self.resolve_speaker(speaker_or_topic)
        if sid is not None:
            total, hits = self.statement_hits(speaker=sid, since=since, until=until, limit=limit, offset=offset)
            with self.engine.connect() as conn:
                name = conn.execute(sa.select(speakers.c.name).where(speakers.c.id == sid)).scalar_one()
            return Timeline(
                kind="speaker",
                query=speaker_or_topic,
                speaker=SpeakerName(id=sid, name=name),
                total=total,
                statements=hits,
            )
        total, hits = self.statement_hits(speaker_or_topic, since=since, until=until, limit=limit, offset=offset)
        return Timeline(kind="topic", query=speaker_or_topic, speaker=None, total=total, statements=hits)

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


@lru_cache(maxsize=32)
def _parsed_record(record_json: str) -> Record:
    """The Record of a stored JSON text, parsed once while it is among the last 32 asked for (a stored
    record is never changed, and parsing a long one costs ~20 ms of a page's ~30)."""
    return Record.model_validate_json(record_json)
