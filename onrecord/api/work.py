"""Extraction for a server: off the event loop, a bounded number at a time, within a time limit.

Extraction is CPU work of seconds, and spaCy holds the GIL while it tokenises: run in a thread, a
long text still stops every other request of the process. So ``onrecord serve`` extracts in worker
*processes* (:class:`ExtractionWorkers` with ``processes=N``); the server's own process only waits.
A worker past the time limit is killed and replaced, so one bad request costs its own time only.

With an extractor object in hand (tests, an application embedding ``create_app``) extraction runs in
threads of its own pool instead; a thread cannot be killed, so a request past the time limit is
answered 504 while its thread runs on, still counted against the bound until it ends.

Either way at most ``workers`` extractions run at once and at most ``queue`` wait; one more is
refused at once with :class:`Busy` (HTTP 503 with ``Retry-After``), a time-out is :class:`TimedOut`
(HTTP 504). Errors of the article itself (:class:`~onrecord.errors.InputError`) reach the caller
as they were raised.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Optional

from onrecord.errors import FetchError, InputError, OnrecordError, TooLongError
from onrecord.model import Article, Record
from onrecord.settings import WORKER_NICENESS  # noqa: F401
from onrecord.settings import WORKER_QUEUE as DEFAULT_QUEUE
from onrecord.settings import WORKER_TIME_LIMIT as DEFAULT_TIME_LIMIT


class Busy(OnrecordError):
    """Every worker is busy and the queue is full."""


class TimedOut(OnrecordError):
    """An extraction ran past the time limit."""


class ExtractionWorkers:
    """Runs ``Extractor.process`` for the server (see the module docstring).

    ``get_extractor`` gives the extractor for thread mode (called per job, so the one on the app at
    the time is used); ``processes`` > 0 selects worker processes, each loading its own pipeline.
    """

    def __init__(
        self,
        get_extractor: Optional[Callable[[], Any]] = None,
        *,
        workers: int = 1,
        processes: int = 0,
        queue: int = DEFAULT_QUEUE,
        time_limit: float = DEFAULT_TIME_LIMIT,
    ):
        self.get_extractor = get_extractor
        self.workers = max(1, processes or workers)
        self.use_processes = processes > 0
        self.queue = queue
        self.time_limit = time_limit
        self._running = 0  # admitted jobs not yet finished (timed-out threads included)
        self._lock = threading.Lock()
        self._threads = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="onrecord-extract")
        self._idle: list[_WorkerProcess] = []
        self._idle_lock = threading.Lock()

    async def process(self, article: Article) -> Record:
        """Extract ``article``'s record; :class:`Busy` when the bound is reached, :class:`TimedOut` past the limit."""
        with self._lock:
            if self._running >= self.workers + self.queue:
                raise Busy(f"extraction is busy ({self.workers} running, {self.queue} waiting); try again shortly")
            self._running += 1
        released = False

        def release(_future: Any = None) -> None:
            with self._lock:
                self._running -= 1

        try:
            if self.use_processes:
                return await asyncio.wrap_future(self._threads.submit(self._in_process, article))
            future = self._threads.submit(self._in_thread, article)
            done, _ = await asyncio.wait({asyncio.wrap_future(future)}, timeout=self.time_limit)
            if not done:
                # The thread cannot be stopped: it keeps its place in the bound until it ends.
                future.add_done_callback(release)
                released = True
                raise TimedOut(f"extraction took longer than {self.time_limit:g} s and was abandoned")
            return done.pop().result()
        finally:
            if not released:
                release()

    def _in_thread(self, article: Article) -> Record:
        return self.get_extractor().process(article)

    def _in_process(self, article: Article) -> Record:
        with self._idle_lock:
            worker = self._idle.pop() if self._idle else None
        worker = worker or _WorkerProcess()
        try:
            record = worker.run(article, self.time_limit)
        except TimedOut:
            worker.kill()
            raise
        except BaseException:
            worker.kill()  # a broken pipe or a crashed worker: never reuse it
            raise
        with self._idle_lock:
            self._idle.append(worker)
        return record

    def start(self) -> None:
        """Start the worker processes now (spaCy loads in each) rather than on the first request."""
        if not self.use_processes:
            return
        with self._idle_lock:
            while len(self._idle) < self.workers:
                worker = _WorkerProcess()
                worker.ready()
                self._idle.append(worker)

    def close(self) -> None:
        with self._idle_lock:
            for worker in self._idle:
                worker.kill()
            self._idle.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)


class _WorkerProcess:
    """One spawned process with its own Extractor, spoken to over a pipe (articles in, records out, as JSON)."""

    def __init__(self):
        context = multiprocessing.get_context("spawn")  # never fork a process with threads and a loaded model
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child,), daemon=True, name="onrecord-extract")
        self.process.start()
        child.close()
        self._ready = False

    def ready(self, timeout: float = 300.0) -> None:
        if not self._ready:
            if not self.conn.poll(timeout):
                raise OnrecordError("the extraction worker did not start")
            self.conn.recv()
            self._ready = True

    def run(self, article: Article, time_limit: float) -> Record:
        self.ready()
        self.conn.send(article.model_dump_json())
        if not self.conn.poll(time_limit):
            raise TimedOut(f"extraction took longer than {time_limit:g} s and was stopped")
        kind, *payload = self.conn.recv()
        if kind == "record":
            return Record.model_validate_json(payload[0])
        error_class = {"TooLongError": TooLongError, "FetchError": FetchError}.get(kind, InputError)
        if kind == "error":
            raise OnrecordError(payload[0])
        raise error_class(*payload)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


def _worker_main(conn) -> None:
    """The worker process: load the pipeline, then extract each article sent until the pipe closes."""
    import os

    from onrecord.pipeline import Extractor

    # Extraction is batch work: on a busy machine the server's own process (health checks, pages) goes first.
    os.nice(WORKER_NICENESS)
    extractor = Extractor()
    extractor.nlp  # noqa: B018  (load now, so the first request does not pay for it)
    conn.send(("ready",))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        try:
            record = extractor.process(Article.model_validate_json(message))
            conn.send(("record", record.model_dump_json()))
        except InputError as exc:
            conn.send((type(exc).__name__, exc.source, exc.problem))
        except Exception as exc:  # reported to the request as one line; the worker lives on
            conn.send(("error", f"extraction failed ({exc.__class__.__name__}: {str(exc)[:200]})"))
