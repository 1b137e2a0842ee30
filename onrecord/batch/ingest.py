"""Ingest at volume: read many inputs, extract in parallel, write once, resume after any stop.

:func:`ingest` is what ``onrecord ingest`` and ``POST /api/ingest`` run::

    reader (this process)           workers (one Extractor each)          writer (this process)
    iter_items(paths) ── skip ──►   Extractor.pipe(chunk) + MinHash  ──►  Store.add_records(batch)
       hashes already stored                                              one transaction per batch

* **Idempotent**: an input whose content hash (or raw-input hash) is stored is skipped before it is
  parsed, and the store refuses a second copy of the same content anyway.
* **Resumable**: each batch is committed in one transaction, so a run killed at any moment leaves
  whole batches only; the next run skips what was committed and redoes the rest. Ctrl-C commits
  the batch in hand before stopping.
* **Deterministic**: workers return results in input order and only this process writes, so a run
  resumed after a crash ends with the same database as one uninterrupted run.
* **Errors** (unreadable items, extraction failures, records the database refused) go to the
  ``ingest_log`` table with their reason; the run goes on. A batch whose transaction fails is
  stored one record at a time, so that only the bad record is lost (and logged).
* **One writer**: a run holds the store's ingest lock (:func:`onrecord.store.guard.run_lock`); a
  second run into the same database waits for it, then skips what the first stored.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
import traceback
import uuid
from collections import deque
from dataclasses import asdict, dataclass, field
from itertools import islice
from typing import Callable, Iterable, Iterator, Optional, Sequence

from onrecord.model import Article, Record
from onrecord.settings import INGEST_BATCH_SIZE as DEFAULT_BATCH_SIZE  # articles per transaction
from onrecord.settings import INGEST_CHUNK_SIZE as CHUNK_SIZE  # articles per task sent to a worker


@dataclass
class IngestSummary:
    """What one run did. ``skipped`` counts inputs whose content was already stored (earlier run or
    an exact duplicate earlier in this one); ``near_duplicates`` counts added articles found to be
    syndicated copies of an earlier one."""

    run_id: str
    seen: int = 0
    added: int = 0
    skipped: int = 0
    near_duplicates: int = 0
    statements: int = 0
    errors: int = 0
    seconds: float = 0.0
    error_samples: list[tuple[str, str]] = field(default_factory=list)

    @property
    def articles_per_second(self) -> float:
        return self.added / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        out = asdict(self)
        out["articles_per_second"] = round(self.articles_per_second, 2)
        out["seconds"] = round(self.seconds, 2)
        return out


# -- worker side ------------------------------------------------------------------------------------
_WORKER_EXTRACTOR = None


def _init_worker(batch_size: int) -> None:
    global _WORKER_EXTRACTOR
    import signal

    from onrecord.pipeline import Extractor

    # Ctrl-C is the parent's to handle (it commits the batch in hand, then stops the pool).
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    _WORKER_EXTRACTOR = Extractor(batch_size=batch_size)


def _extract_chunk(
    chunk: list[tuple[int, Article]],
) -> list[tuple[int, Optional[Record], Optional[bytes], Optional[str]]]:
    """Extract a chunk in a worker: (index, record, MinHash bytes, error) per article, in order."""
    return extract_chunk(_WORKER_EXTRACTOR, chunk)


def extract_chunk(extractor, chunk: list[tuple[int, Article]]):
    """Extract ``(index, article)`` pairs; an article that fails is retried alone and reported, not raised."""
    from onrecord.entities.crossdoc import body_signature

    def one(article: Article):
        record = extractor.process(article)
        return record, body_signature(article.body).tobytes()

    # (position in the batch, record, body signature, error): a record and its signature, or an error.
    out: list[tuple[int, Optional[Record], Optional[bytes], Optional[str]]] = []
    try:
        records = list(extractor.pipe([a for _, a in chunk], batch_size=len(chunk)))
        for (i, article), record in zip(chunk, records):
            out.append((i, record, body_signature(article.body).tobytes(), None))
    except Exception:
        out.clear()
        for i, article in chunk:
            try:
                record, sig = one(article)
                out.append((i, record, sig, None))
            except Exception as exc:  # one bad article must not stop the run
                where = traceback.extract_tb(exc.__traceback__)[-1]
                out.append(
                    (
                        i,
                        None,
                        None,
                        f"extraction failed: {type(exc).__name__}: {exc} ({where.filename.rsplit('/', 1)[-1]}:{where.lineno})",
                    )
                )
    return out


# -- reader side ------------------------------------------------------------------------------------
def _items(paths: Sequence[str], fetch: bool):
    from onrecord.ingest import iter_items

    return iter_items(list(paths), fetch=fetch)


def ingest(
    store,
    paths: Sequence[str],
    *,
    workers: Optional[int] = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    fetch: bool = False,
    on_progress: Optional[Callable[[IngestSummary], None]] = None,
    items: Optional[Iterable] = None,
    on_wait: Optional[Callable[[str], None]] = None,
) -> IngestSummary:
    """Ingest every article under ``paths`` into ``store``; returns the run's :class:`IngestSummary`.

    ``workers`` extraction processes (default: all cores; 1 extracts in this process);
    ``batch_size`` articles per committed transaction; ``fetch`` lets feeds fetch their entries'
    pages. ``items`` replaces reading ``paths`` (any iterable of ingest items). ``on_wait`` is told,
    once, when another run holds the database and this one waits for it.
    """
    from onrecord.store import guard

    with guard.run_lock(store, on_wait):
        guard.check_writable(store)  # a read-only or full database says so now, not after the first batch
        return _ingest_locked(
            store, paths, workers=workers, batch_size=batch_size, fetch=fetch, on_progress=on_progress, items=items
        )


def _ingest_locked(store, paths, *, workers, batch_size, fetch, on_progress, items) -> IngestSummary:
    from onrecord.store import StoredItem

    workers = max(1, workers or os.cpu_count() or 1)
    batch_size = max(1, batch_size)
    summary = IngestSummary(run_id=time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6])
    started = time.perf_counter()
    known = store.known_hashes()
    pending: dict[int, tuple[str, Optional[str]]] = {}  # index -> (source, raw hash) of articles in flight
    errors: list[tuple[str, Optional[str], str]] = []
    buffer: list[StoredItem] = []

    def report() -> None:
        summary.seconds = time.perf_counter() - started
        if on_progress:
            on_progress(summary)

    def note_error(source: str, raw: Optional[str], reason: str) -> None:
        summary.errors += 1
        errors.append((source, raw, reason))
        if len(summary.error_samples) < 20:
            summary.error_samples.append((source, reason))

    def flush() -> None:
        if not buffer and not errors:
            return
        failures: list[tuple[str, str]] = []
        added = store.add_records(buffer, run_id=summary.run_id, errors=errors, failures=failures)
        for item, ok in zip(buffer, added):
            if ok:
                summary.added += 1
                summary.statements += len(item.record.statements)
            elif ok is False:
                summary.skipped += 1
        for source, reason in failures:  # logged by the store already
            summary.errors += 1
            if len(summary.error_samples) < 20:
                summary.error_samples.append((source, reason))
        summary.near_duplicates = _near_dups_of_run(store, summary.run_id)
        buffer.clear()
        errors.clear()

    def articles() -> Iterator[tuple[int, Article]]:
        """Readable, not-yet-stored articles; errors and skips are counted here as they are read."""
        for index, item in enumerate(items if items is not None else _items(paths, fetch)):
            summary.seen += 1
            source = getattr(item, "source", None) or f"item {index}"
            raw = getattr(item, "raw_sha256", None)
            article = getattr(item, "article", None)
            if article is None:
                note_error(source, raw, getattr(item, "error", None) or "no article")
                report()
                continue
            if article.content_hash in known or (raw and raw in known):
                summary.skipped += 1
                report()
                continue
            known.add(article.content_hash)
            if raw:
                known.add(raw)
            pending[index] = (source, raw)
            yield index, article

    def consume(results) -> None:
        import numpy as np

        for index, record, sig, error in results:
            source, raw = pending.pop(index)
            if error:
                note_error(source, raw, error)
            else:
                buffer.append(StoredItem(record, source, raw, np.frombuffer(sig, dtype=np.uint64)))
            if len(buffer) >= batch_size:
                flush()
            report()

    try:
        if workers == 1:
            from onrecord.pipeline import Extractor

            extractor = Extractor(batch_size=CHUNK_SIZE)
            stream = articles()
            while chunk := list(islice(stream, CHUNK_SIZE)):
                consume(extract_chunk(extractor, chunk))
        else:
            # Forked workers must not inherit open database connections (SQLAlchemy's advice for fork).
            store.engine.dispose()
            _run_pool(workers, articles(), consume)
        flush()
    except BaseException:
        # Ctrl-C or a crash: keep what is already extracted (whole batch), then stop.
        try:
            flush()
        finally:
            summary.seconds = time.perf_counter() - started
        raise
    summary.seconds = time.perf_counter() - started
    report()
    return summary


def _run_pool(workers: int, articles: Iterator[tuple[int, Article]], consume) -> None:
    """Feed chunks to a process pool and consume results in input order, all from this thread.

    At most ``3 * workers`` chunks are in flight, so memory stays flat whatever the corpus size.
    """
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    ctx = mp.get_context(method)
    queue: deque = deque()
    with ctx.Pool(workers, initializer=_init_worker, initargs=(CHUNK_SIZE,)) as pool:
        try:
            while chunk := list(islice(articles, CHUNK_SIZE)):
                queue.append(pool.apply_async(_extract_chunk, (chunk,)))
                while len(queue) >= workers * 3 or (queue and queue[0].ready()):
                    consume(queue.popleft().get())
            while queue:
                consume(queue.popleft().get())
        except BaseException:
            pool.terminate()
            raise


def _near_dups_of_run(store, run_id: str) -> int:
    import sqlalchemy as sa

    from onrecord.store.schema import articles

    with store.engine.connect() as conn:
        return conn.execute(
            sa.select(sa.func.count())
            .select_from(articles)
            .where(articles.c.run_id == run_id, articles.c.dup_of.is_not(None))
        ).scalar_one()
