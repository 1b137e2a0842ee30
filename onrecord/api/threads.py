"""The server's two thread pools: one answering requests, one loading articles.

Starlette runs every plain ``def`` endpoint in anyio's default thread pool (40 threads). Sixteen clients
then keep sixteen threads taking turns at the GIL, and waking each other for it cost as much system CPU as
a search's SQL (``docs/performance.md``): :func:`limit_request_threads` sets that pool to
:data:`~onrecord.settings.SERVER_THREADS` when the server starts. A few threads would be held for long by
the loading of a posted, uploaded or fetched article (URL fetches of up to 10 s, PDF reading of up to
30 s), and health checks and searches would wait behind them; so that loading, and storing what it gave,
run in their own pool of :data:`~onrecord.settings.SERVER_LOAD_THREADS` (:func:`run_loading`).
"""

from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter

from onrecord.settings import SERVER_LOAD_THREADS, SERVER_THREADS

T = TypeVar("T")


def limit_request_threads(threads: int = SERVER_THREADS) -> Callable[[], Any]:
    """A start-up hook setting the threads that answer requests (anyio's default pool) to ``threads``."""

    async def limit() -> None:
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads

    return limit


async def run_loading(app: Any, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``func(*args, **kwargs)`` in a thread of the loading pool of ``app``, not in a request thread."""
    limiter = getattr(app.state, "loading_threads", None)
    if limiter is None:
        limiter = app.state.loading_threads = CapacityLimiter(SERVER_LOAD_THREADS)
    return await anyio.to_thread.run_sync(functools.partial(func, *args, **kwargs), limiter=limiter)
