"""The server's thread pools (onrecord.api.threads): few threads answer requests, and the loading of posted
articles has its own, so health checks answer while more loads are held up than there are request threads."""

from __future__ import annotations

import asyncio
import threading

import anyio.to_thread
import httpx
from fastapi.testclient import TestClient

import onrecord.api
from onrecord.api import create_app
from onrecord.errors import InputError
from onrecord.settings import SERVER_LOAD_THREADS, SERVER_THREADS
from onrecord.store import open_store


def test_the_request_threads_are_set_when_the_server_starts(tmp_path):
    app = create_app(open_store(tmp_path / "s.db"), extract_processes=0)

    @app.get("/threads")
    async def threads() -> int:
        return anyio.to_thread.current_default_thread_limiter().total_tokens

    with TestClient(app) as client:
        assert client.get("/threads").json() == SERVER_THREADS < 40  # anyio's default is 40


def test_health_answers_while_more_loads_are_held_than_there_are_request_threads(tmp_path, monkeypatch):
    held = SERVER_THREADS + 2
    assert held <= SERVER_LOAD_THREADS
    started, release = [], threading.Event()

    def slow_load(req, **_):
        started.append(req)
        release.wait(20)  # a fetch or a PDF that takes its time
        raise InputError("posted text", "gave up")

    monkeypatch.setattr(onrecord.api, "_load_posted", slow_load)
    app = create_app(open_store(tmp_path / "s.db"), extract_processes=0)

    async def scenario():
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
                loads = [asyncio.create_task(client.post("/api/extract", json={"text": "x"})) for _ in range(held)]
                try:
                    for _ in range(400):
                        if len(started) == held:
                            break
                        await asyncio.sleep(0.025)
                    assert len(started) == held  # every load got a thread, none waits for a request thread
                    health = await asyncio.wait_for(client.get("/api/health"), 20)
                    assert health.status_code == 200 and not any(t.done() for t in loads)
                finally:
                    release.set()
                answers = await asyncio.gather(*loads)
        return answers

    answers = asyncio.run(scenario())
    assert [a.status_code for a in answers] == [400] * held
