"""The store under bad records and a bad database: one bad record never costs its batch, NUL characters
never reach PostgreSQL, a second writer never corrupts a long-lived store, and a read-only, full or
corrupted database is one line that says what to do. Run on SQLite and PostgreSQL where it applies.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import unavailable
from test_store import (  # noqa: F401  (pg_url: the PostgreSQL fixture)
    BACKENDS,
    SQLITE,
    new_store,
    person,
    pg_url,
    record,
)

from onrecord.errors import InputError, StoreError
from onrecord.store import Store, StoredItem, open_store

REPO = Path(__file__).resolve().parent.parent

BODY = 'Ferry operator Lena Brandt said the new boat would sail in May. "We are ready," Brandt said on Monday.'


def story(n: int, name: str = "Lena Brandt", **article_fields) -> StoredItem:
    body = BODY.replace("Lena Brandt", name).replace("Brandt", name.split()[-1]) + f" Story {n}."
    sp = person("sp1", name, role="Ferry operator")
    rec = record(f"story-{n}", body, "2024-05-06", "Coast Daily", [(sp, "We are ready,")], **article_fields)
    return StoredItem(rec, source=f"corpus.jsonl:{n}")


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def store(backend, tmp_path, request) -> Store:
    s = new_store(backend, tmp_path, request)
    yield s
    s.close()


def logged(store: Store) -> list[tuple[str, str]]:
    return [(e["source"], e["reason"]) for e in reversed(store.errors())]


def test_a_bad_record_costs_only_itself_and_is_logged(store):
    bad = story(2)
    bad.record.article.title = "Title \udcff"  # no database or JSON writer takes a lone surrogate
    outside = story(3)
    outside.source = "corpus/caf\udce9.txt"  # a file name whose bytes are not UTF-8, as Python carries it
    outside.record.article.source = outside.source
    failures: list = []
    added = store.add_records([story(1), bad, outside, story(4)], run_id="r1", failures=failures)
    assert added == [True, None, None, True]
    assert store.stats()["articles"] == 2
    log = logged(store)
    assert [source for source, _ in log] == ["corpus.jsonl:2", "corpus/caf\\udce9.txt"]
    assert all(reason.startswith("not stored: ") and "\n" not in reason for _, reason in log)
    assert failures == log
    # The same through add_record (what POST /api/articles calls): an InputError, not a traceback.
    with pytest.raises(InputError, match="not stored"):
        store.add_record(bad.record, source="api")
    assert store.add_record(story(5).record) is True


def test_a_record_dated_out_of_range_is_an_input_error(store):
    item = story(1)
    item.record.article.published = dt.date(1, 1, 1)
    with pytest.raises(InputError, match="out of range"):
        store.add_record(item.record, source="api")
    assert store.stats()["articles"] == 0


def test_nul_characters_are_stored_and_queried_without_error(store):
    item = story(1, title="Ferry\x00plan")
    item.record.article.outlet = "Coast\x00Daily"
    assert store.add_records([item]) == [True]
    (article,) = store.list_articles()[1]
    assert article["title"] == "Ferry\ufffdplan"  # one character for one: offsets into the body hold
    assert store.get_record("story-1").article.title == "Ferry\x00plan"  # the record as given, JSON-escaped
    for call in (
        lambda: store.search_statements(speaker="\x00"),
        lambda: store.search_statements("ready\x00", outlet="\x00"),
        lambda: store.list_articles(q="\x00", outlet="Coast\x00"),
        lambda: store.list_speakers("\x00"),
        lambda: store.get_speaker("\x00"),
        lambda: store.timeline("\x00"),
        lambda: store.get_record("\x00" * 9),
    ):
        call()  # PostgreSQL used to answer DataError (and the API 500)
    assert store.list_articles(outlet="Coast\x00")[0] == 1


def test_a_long_lived_store_sees_what_another_writer_added(backend, tmp_path, request):
    server = new_store(backend, tmp_path, request)
    if backend == SQLITE:
        outside = open_store(tmp_path / "record.db")
    else:
        outside = Store(server.url, schema=server.schema)
    try:
        assert server.add_record(story(1).record) is True  # its indexes are loaded now
        assert outside.add_record(story(2, "Piet Jansen").record) is True  # an outside ingest: a new speaker
        # The server's next add mentions the speaker the outside writer created: it used to fail with a
        # UNIQUE constraint on speakers.id (its index did not know the speaker), losing the article.
        assert server.add_record(story(3, "Piet Jansen").record) is True
        assert server.add_record(story(4, "Piet Jansen").record) is True
        speakers = {s["name"]: s for s in server.list_speakers()[1]}
        assert speakers["Piet Jansen"]["statements"] == 3 and speakers["Lena Brandt"]["statements"] == 1
    finally:
        outside.close()
        server.close()


# -- a database that cannot work: one line, what to do -----------------------------------------------------


def cli(*args: str, as_nobody: bool = False) -> subprocess.CompletedProcess:
    prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if as_nobody else []
    return subprocess.run(
        [*prefix, sys.executable, "-m", "onrecord", *args], cwd=REPO, capture_output=True, text=True, timeout=300
    )


def assert_one_line(done: subprocess.CompletedProcess, *words: str) -> None:
    assert done.returncode not in (0, 3), done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr[-3000:]
    assert all(w in lines[0] for w in words), lines[0]


@pytest.fixture
def filled_db(tmp_path) -> Path:
    # A folder of its own that every user can reach (pytest's tmp_path is private to its owner).
    folder = Path(tempfile.mkdtemp(prefix="onrecord-faults-"))
    folder.chmod(0o755)
    db = folder / "record.db"
    with open_store(db) as store:
        store.add_records([story(n) for n in range(1, 40)])
    yield db
    folder.chmod(0o755)
    shutil.rmtree(folder)


@pytest.fixture
def corpus(filled_db) -> Path:
    path = filled_db.parent.with_name(filled_db.parent.name + "-corpus.txt")
    path.write_text("Ferry news\n\n" + BODY + "\n", encoding="utf-8")
    yield path
    path.unlink()


def test_a_read_only_database_is_one_line(filled_db, corpus):
    # Read-only for real: as root (who may write anywhere) the commands run as the user nobody.
    as_nobody = os.geteuid() == 0
    if as_nobody and not shutil.which("setpriv"):
        unavailable("running as root without setpriv (util-linux): no way to make a file read-only to us")
    corpus.chmod(0o644)
    for path in filled_db.parent.iterdir():
        path.chmod(0o444)
    filled_db.parent.chmod(0o555)
    try:
        assert_one_line(
            cli("ingest", str(corpus), "--db", str(filled_db), "-j", "1", as_nobody=as_nobody), "read-only", "--db"
        )
        for command in (["search", "ready"], ["speakers"]):
            done = cli(*command, "--db", str(filled_db), as_nobody=as_nobody)
            # Reading a read-only database works; where it cannot, the reason is one line.
            assert done.returncode == 0 or (
                len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
            ), done.stderr
    finally:
        filled_db.parent.chmod(0o755)


def test_a_corrupted_database_is_one_line(filled_db, corpus):
    # Ruin the pages of the tables that search, speakers and ingest read, and leave the rest (the schema,
    # the migration table) alone: the database opens, then fails inside a query, where the traceback was.
    import sqlite3

    with sqlite3.connect(filled_db) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        roots = [
            r
            for (r,) in conn.execute(
                "SELECT rootpage FROM sqlite_master WHERE name IN ('statements', 'speakers', 'speaker_aliases') AND rootpage > 1"
            )
        ]
    data = bytearray(filled_db.read_bytes())
    for root in roots:
        data[(root - 1) * page_size : root * page_size] = b"\xa5" * page_size
    filled_db.write_bytes(bytes(data))
    for name in ("record.db-wal", "record.db-shm"):
        (filled_db.parent / name).unlink(missing_ok=True)
    assert_one_line(cli("ingest", str(corpus), "--db", str(filled_db), "-j", "1"), "corrupted", "--db")
    assert_one_line(cli("search", "ready", "--db", str(filled_db)), "corrupted")
    assert_one_line(cli("speakers", "--db", str(filled_db)), "corrupted")


def test_a_full_disk_is_one_line_and_keeps_what_was_committed(tmp_path):
    # A full disk, simulated: SQLite's max_page_count caps the file just above its present size.
    store = open_store(tmp_path / "record.db")
    assert store.add_records([story(1)]) == [True]
    with store.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    store.engine.dispose()
    sa.event.listen(store.engine, "connect", lambda dbapi, _: dbapi.execute(f"PRAGMA max_page_count = {pages + 2}"))
    big = [story(n, title="Long " * 20000) for n in range(2, 6)]
    with pytest.raises(StoreError, match="disk is full") as caught:
        store.add_records(big)
    assert "\n" not in str(caught.value) and str(caught.value).startswith("--db ")
    with open_store(tmp_path / "record.db") as fresh:
        assert fresh.stats()["articles"] == 1
    store.close()


# -- the same through the API (what users saw as a 500) ----------------------------------------------------


def test_api_answers_nul_queries_and_refuses_impossible_dates(store, extractor):
    from fastapi.testclient import TestClient

    from onrecord.api import create_app

    store.add_record(story(1).record)
    client = TestClient(create_app(store, extractor=extractor), raise_server_exceptions=False)
    for url in (
        "/api/statements?speaker=%00",
        "/api/search?q=%00&speaker=%00",
        "/api/speakers?q=%00",
        "/api/articles?outlet=%00",
    ):
        assert client.get(url).status_code == 200, url  # PostgreSQL: DataError, 500, connection reset
    answer = client.post("/api/extract", json={"text": "Ferry news\n\n" + BODY + "\n", "published": "0001-01-01"})
    assert answer.status_code == 400 and "out of range" in answer.text  # was an OverflowError, 500


def test_api_post_after_an_outside_ingest_is_stored(backend, tmp_path, request):
    from fastapi.testclient import TestClient

    from onrecord.api import create_app

    server = new_store(backend, tmp_path, request)
    outside = open_store(tmp_path / "record.db") if backend == SQLITE else Store(server.url, schema=server.schema)
    try:
        client = TestClient(create_app(server, token="t0ken", read_only=False), raise_server_exceptions=False)
        auth = {"Authorization": "Bearer t0ken"}
        assert (
            client.post("/api/articles", json=story(1).record.model_dump(mode="json"), headers=auth).status_code == 201
        )
        outside.add_record(story(2, "Piet Jansen").record)
        answer = client.post("/api/articles", json=story(3, "Piet Jansen").record.model_dump(mode="json"), headers=auth)
        assert answer.status_code == 201 and answer.json()["added"] is True, answer.text  # was 500, article lost
        assert server.stats()["articles"] == 3
    finally:
        outside.close()
        server.close()


def test_cli_ingest_on_a_full_disk_is_one_line(tmp_path, capsys, monkeypatch):
    import onrecord.store as store_module
    from onrecord.cli import main

    db = tmp_path / "record.db"
    with open_store(db) as store:
        with store.engine.connect() as conn:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    real_engine = store_module._engine

    def capped_engine(url, schema):  # the disk is full one page past the migrated, empty database
        engine = real_engine(url, schema)
        sa.event.listen(engine, "connect", lambda dbapi, _: dbapi.execute(f"PRAGMA max_page_count = {pages + 1}"))
        return engine

    monkeypatch.setattr(store_module, "_engine", capped_engine)
    corpus = tmp_path / "news.txt"
    corpus.write_text("Ferry news\n\n" + BODY + " " + "More words about the ferry. " * 400 + "\n", encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["ingest", str(corpus), "--db", str(db), "--workers", "1", "--quiet"])
    err = capsys.readouterr().err.strip().splitlines()
    assert info.value.code == 1 and len(err) == 1, err  # was a 120-line sqlite3 traceback
    assert err[0].startswith(f"error: --db {db}: the disk is full") and "run the same command again" in err[0]
