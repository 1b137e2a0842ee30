"""The store's write path: records in one transaction each batch, canonical speakers and syndicated copies
matched across articles as they are added, bad items stored one at a time and logged."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Iterable, Optional

import numpy as np
import sqlalchemy as sa

from onrecord.entities.crossdoc import NearDuplicateIndex, SpeakerIndex, body_signature, match_statements, normalize
from onrecord.errors import InputError, StoreError
from onrecord.ingest.published import out_of_range_problem, published_in_range
from onrecord.model import Record, paragraph_index
from onrecord.store import guard
from onrecord.store.common import StoreState
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

if TYPE_CHECKING:  # StoredItem is defined beside Store, which imports this module
    from onrecord.store import StoredItem


class StoreWrites(StoreState):
    """Adding records (a part of :class:`onrecord.store.Store`)."""

    def add_record(self, record: Record, *, source: Optional[str] = None, raw_sha256: Optional[str] = None) -> bool:
        """Store one record in its own transaction. False (and nothing written) when its content is already stored.

        Raises :class:`~onrecord.errors.InputError` (and logs it) when the record cannot be stored.
        """
        from onrecord.store import StoredItem  # defined beside Store, which this class is part of

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
        now = dt.datetime.now(dt.UTC)
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

    def _write(
        self, items: list[StoredItem], run_id: Optional[str], log: list[tuple], now: dt.datetime
    ) -> list[Optional[bool]]:
        """One write transaction: the write lock, indexes brought up to date, the items, the log rows."""
        try:
            with self.engine.begin() as conn:
                guard.begin_write(conn)
                self._load_indexes(conn)
                added: list[Optional[bool]] = [self._insert(conn, item, run_id, now) for item in items]
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
        by_local = {speaker.id: speaker for speaker in record.speakers}
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
                who = by_local.get(st.speaker_id or "")  # "": no speaker
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
                        speaker_name=(who.name if who else (st.speaker_mention.text if st.speaker_mention else None)),
                        anonymous=bool(who.anonymous) if who else False,
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
