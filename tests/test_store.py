"""The store, one suite run against SQLite and PostgreSQL.

Records here are built by hand (from the seed's gold annotation and from short invented articles),
so these tests check storage, search, canonicalisation and export whatever the extractor does.
PostgreSQL: ``$ONRECORD_TEST_PG_URL`` (set by ``.ci/run``) or a throwaway cluster started here.
Each module gets a fresh schema.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import unavailable

from helpers import pgtemp
from onrecord.model import Article, Mention, Record, RemovedSpan, Span, Speaker, Statement
from onrecord.store import Store, open_store
from onrecord.store.schema import metadata

SQLITE, POSTGRES = "sqlite", "postgres"
BACKENDS = [SQLITE, pytest.param(POSTGRES, marks=pytest.mark.postgres)]


# -- back ends ---------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def pg_url():
    """A PostgreSQL server URL for the session (skips with the reason when none can be had)."""
    try:
        with pgtemp.postgres_url() as url:
            if not pgtemp.pg_available(url):
                unavailable(f"PostgreSQL at {url} does not answer")
            yield url
    except pgtemp.Unavailable as exc:
        unavailable(f"no PostgreSQL server: {exc}")


def new_store(backend: str, tmp_path: Path, request) -> Store:
    """An empty store on ``backend``: a new SQLite file, or a new PostgreSQL schema dropped afterwards."""
    if backend == SQLITE:
        return open_store(tmp_path / "record.db")
    url = request.getfixturevalue("pg_url")
    schema = pgtemp.fresh_schema_name()
    store = open_store(url, schema=schema)
    request.addfinalizer(lambda: (store.close(), pgtemp.drop_schema(url, schema)))
    return store


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def store(backend, tmp_path, request) -> Store:
    s = new_store(backend, tmp_path, request)
    yield s
    s.close()


# -- records built by hand ---------------------------------------------------------------------------
def seed_record(seed_path: Path, gold: dict) -> Record:
    """The seed article with the statements and speakers of its gold annotation."""
    text = seed_path.read_text(encoding="utf-8")
    body = list(text)
    removed = []
    for line in gold["not_body_text"]:
        start = text.index(line)
        removed.append(RemovedSpan(start=start, end=start + len(line), text=line, reason="gold"))
        body[start : start + len(line)] = " " * len(line)
    article = Article(
        id="seed",
        source=str(seed_path),
        outlet="Seed Outlet",
        title=gold["title"],
        body="".join(body),
        removed=removed,
        published=dt.date.fromisoformat(gold["published"]),
    )
    speakers: dict[str, Speaker] = {}
    statements = []
    for g in gold["statements"]:
        name = g["speaker"]
        if name not in speakers:
            speakers[name] = Speaker(
                id=f"sp{len(speakers) + 1}",
                name=name,
                kind=g["speaker_kind"],
                role=g["role"],
                anonymous=g["anonymous"],
                description=name if g["anonymous"] else None,
            )
        statements.append(
            Statement(
                id=f"s{g['id']}",
                type=g["type"],
                quote=Span.of(article.body, g["quote_start"], g["quote_end"]),
                speaker_id=speakers[name].id,
                outlet=g["outlet"],
                date=dt.date.fromisoformat(g["date"]) if g["date"] else None,
            )
        )
    return Record(article=article, speakers=list(speakers.values()), statements=statements)


def record(article_id: str, body: str, published: str, outlet: str, quotes: list[tuple[Speaker, str]], **kw) -> Record:
    """An invented article whose statements are ``(speaker, exact quote text in body)``."""
    article = Article(
        id=article_id,
        body=body,
        published=dt.date.fromisoformat(published),
        outlet=outlet,
        title=kw.pop("title", body.split(".")[0]),
        **kw,
    )
    statements = []
    for i, (sp, quote) in enumerate(quotes, 1):
        start = body.index(quote)
        statements.append(
            Statement(id=f"s{i}", type="direct", quote=Span.of(body, start, start + len(quote)), speaker_id=sp.id)
        )
    speakers = list({sp.id: sp for sp, _ in quotes}.values())
    return Record(article=article, speakers=speakers, statements=statements)


def person(sid, name, role=None, **kw) -> Speaker:
    return Speaker(id=sid, name=name, kind="person", role=role, **kw)


PIER = (
    "Harbour master Ines Okafor said the northern pier would close on Monday.\n\n"
    '"We cannot let boats moor against cracked pillars," Okafor said, adding that repairs would take months. '
    'Fishermen on the quay were unhappy. "Our winter catch is gone," said Tomas Reyes, who has fished here for thirty years.\n\n'
    "The council said it would pay compensation to every crew that could not sail, and a ferry timetable will follow.\n\n"
    "Engineers found the cracks during an inspection in February. They said salt water had reached the steel inside "
    "two of the oldest pillars, which were poured in the nineteen-fifties and never replaced. A diving team will "
    "survey the rest of the structure before the work starts, and the results will be shown at a public meeting "
    "in the town hall. Shop owners near the quay asked for a footpath to stay open so that visitors can still reach "
    "the market on Saturdays."
)


def pier_records():
    okafor, reyes = person("sp1", "Ines Okafor", role="Harbour master"), person("sp2", "Tomas Reyes")
    first = record(
        "pier-1",
        PIER,
        "2024-03-04",
        "Coast Daily",
        [(okafor, "We cannot let boats moor against cracked pillars,"), (reyes, "Our winter catch is gone,")],
    )
    # The same story carried by another outlet, lightly edited (a syndication copy).
    copy_body = PIER.replace("on Monday", "next Monday").replace("thirty years", "three decades")
    copy = record(
        "pier-2",
        copy_body,
        "2024-03-05",
        "Bay Herald",
        [(okafor, "We cannot let boats moor against cracked pillars,"), (reyes, "Our winter catch is gone,")],
    )
    # Later, another article: same harbour master with an accent in her name (some outlets drop it), and a
    # role-only mention. A misspelling ("Okafour") would be another person: surnames never match fuzzily.
    later_body = (
        "Harbour Master Ines Okafór said on Friday that the pier repairs were ahead of schedule.\n\n"
        '"The worst cracks are fixed," she said. Later the harbour master added: "Boats may return in May."'
    )
    okafor_accent = person("sp1", "Ines Okafór", role="Harbour master")
    role_only = Speaker(
        id="sp2",
        name="harbour master",
        kind="person",
        role="harbour master",
        mentions=[
            Mention(
                start=later_body.index("the harbour master") + 4,
                end=later_body.index("the harbour master") + 18,
                text="harbour master",
                kind="description",
            )
        ],
    )
    later = record(
        "pier-3",
        later_body,
        "2024-04-12",
        "Coast Daily",
        [(okafor_accent, "The worst cracks are fixed,"), (role_only, "Boats may return in May.")],
    )
    return first, copy, later


# -- tests -------------------------------------------------------------------------------------------
def test_add_is_idempotent_by_content_hash(store):
    first, copy, _ = pier_records()
    assert store.add_record(first, source="pier-1.txt") is True
    assert store.add_record(first, source="pier-1.txt") is False
    assert store.has_hash(first.article.content_hash)
    assert not store.has_hash(copy.article.content_hash)
    stats = store.stats()
    assert (stats["articles"], stats["statements"], stats["speakers"], stats["outlets"]) == (1, 2, 2, 1)


def test_record_round_trip_keeps_everything_and_applies_canonical_ids(store, seed_path, seed_gold):
    rec = seed_record(seed_path, seed_gold)
    store.add_record(rec)
    back = store.get_record("seed")
    assert back.article == rec.article
    assert [s.model_dump() for s in back.statements] == [s.model_dump() for s in rec.statements]
    medvedev = next(s for s in back.speakers if s.name == "Dmitry Medvedev")
    assert medvedev.entity_id == "person:dmitry-medvedev"
    assert store.get_record("nope") is None
    with store.engine.connect() as conn:
        reasons = conn.execute(sa.text("SELECT count(*) FROM removed_spans WHERE article_id = 'seed'")).scalar()
    assert reasons == len(seed_gold["not_body_text"])


def test_what_did_medvedev_say(store, seed_path, seed_gold):
    store.add_record(seed_record(seed_path, seed_gold))
    gold = [g["quote"] for g in seed_gold["statements"] if g["speaker"] == "Dmitry Medvedev"]
    total, hits = store.search_statements(speaker="Medvedev")
    assert total == 5 and [h["quote"] for h in hits] == gold
    profile = store.get_speaker("Medvedev")
    assert profile["id"] == "person:dmitry-medvedev"
    assert [h["quote"] for h in profile["statements"]] == gold
    assert profile["roles"][0]["role"] == "deputy head of Russia’s Security Council"
    assert profile["first_seen"] == profile["last_seen"] == "2024-05-31"
    assert profile["outlets"] == [{"name": "Seed Outlet", "articles": 1}]
    assert [h["quote"] for h in store.timeline("Dmitry Medvedev")["statements"]] == gold


def test_full_text_search_quotes_and_their_paragraphs(store, seed_path, seed_gold):
    store.add_record(seed_record(seed_path, seed_gold))
    total, hits = store.search_statements("nuclear", speaker="Medvedev", since="2024-05-01")
    # "nuclear" is in the paragraph of the "fatal mistake" quote, not in the quote itself.
    assert total == 1 and "fatal mistake" in hits[0]["quote"]
    assert hits[0]["paragraph"] is not None
    para = store.get_record("seed").article.paragraphs()[hits[0]["paragraph"]]
    assert para.start <= hits[0]["quote_start"] < para.end
    total, hits = store.search_statements("weapon")  # stemming: finds "weapons"
    assert total >= 3
    assert store.search_statements("nuclear", since="2024-06-01")[0] == 0
    # Hostile query syntax is just words.
    assert store.search_statements('NEAR( "fatal AND * mistake')[0] >= 1
    assert store.search_statements("-nuclear")[0] == 26  # nothing but an exclusion: no text filter
    timeline = store.timeline("escalation")
    assert timeline["kind"] == "topic" and timeline["total"] >= 1


def test_filters_and_pagination(store, seed_path, seed_gold):
    store.add_record(seed_record(seed_path, seed_gold))
    gold = seed_gold["statements"]
    assert store.search_statements(type="block")[0] == sum(g["type"] == "block" for g in gold)
    assert store.search_statements(anonymous=True)[0] == sum(g["anonymous"] for g in gold)
    assert store.search_statements(anonymous=False)[0] == sum(not g["anonymous"] for g in gold)
    assert store.search_statements(outlet="seed")[0] == 26
    assert store.search_statements(outlet="elsewhere")[0] == 0
    total, page1 = store.search_statements(limit=10)
    _, page3 = store.search_statements(limit=10, offset=20)
    assert total == 26 and len(page1) == 10 and len(page3) == 6
    assert store.search_statements(limit=10_000)[1].__len__() == 26  # limit is capped, not an error
    # An anonymous source is found by how it is described.
    assert store.search_statements(speaker="intelligence officer")[0] == 2


def test_speakers_across_articles_syndication_and_roles(store):
    first, copy, later = pier_records()
    for rec in (first, copy, later):
        assert store.add_record(rec)
    stats = store.stats()
    assert stats["articles"] == 3 and stats["near_duplicates"] == 1
    assert stats["statements"] == 6 and stats["canonical_statements"] == 4
    total, speakers = store.list_speakers()
    assert total == 2
    okafor = speakers[0]
    assert okafor["name"] == "Ines Okafor" and okafor["statements"] == 4  # 2 + 1 copy + Okafór + harbour master
    assert okafor["roles"] == ["Harbour master"]  # three mentions, two spellings of one role
    assert speakers[1]["roles"] == []
    profile = store.get_speaker("Okafór")
    assert profile["id"] == okafor["id"]
    assert {"Ines Okafor", "Ines Okafór"} <= set(profile["aliases"])
    assert {o["name"] for o in profile["outlets"]} == {"Coast Daily", "Bay Herald"}
    assert (profile["first_seen"], profile["last_seen"]) == ("2024-03-04", "2024-04-12")
    # The syndicated statement is one statement with two sources.
    quotes = [h["quote"] for h in profile["statements"]]
    assert quotes == [
        "We cannot let boats moor against cracked pillars,",
        "The worst cracks are fixed,",
        "Boats may return in May.",
    ]
    assert [s["outlet"] for s in profile["statements"][0]["sources"]] == ["Coast Daily", "Bay Herald"]
    # With an outlet filter each outlet's own copy is listed.
    assert store.search_statements(outlet="Bay Herald")[0] == 2
    total, articles = store.list_articles(q="pillars", since="2024-03-05")
    assert total == 1 and articles[0]["outlet"] == "Bay Herald" and articles[0]["dup_of"] == "pier-1"
    assert store.list_speakers(q="reyes")[0] == 1


def test_indexes_are_rebuilt_when_the_store_is_reopened(backend, tmp_path, request):
    first, copy, later = pier_records()
    s1 = new_store(backend, tmp_path, request)
    s1.add_record(first)
    s1.close()
    s2 = Store(s1.url, schema=s1.schema)
    try:
        s2.add_record(copy)
        s2.add_record(later)
        assert s2.stats()["near_duplicates"] == 1
        assert s2.list_speakers()[0] == 2
    finally:
        s2.close()


def test_same_id_different_content_keeps_both(store):
    a = record(
        "same",
        'Mayor Lena Holm said "the bridge opens today" at noon.',
        "2024-01-01",
        "Town Post",
        [(person("sp1", "Lena Holm"), "the bridge opens today")],
    )
    b = record(
        "same",
        'Mayor Lena Holm said "the tunnel opens tomorrow" at noon.',
        "2024-01-02",
        "Town Post",
        [(person("sp1", "Lena Holm"), "the tunnel opens tomorrow")],
    )
    assert store.add_record(a) and store.add_record(b)
    total, items = store.list_articles()
    assert total == 2 and len({i["id"] for i in items}) == 2


def test_export_formats(store, tmp_path, seed_path, seed_gold):
    first, copy, later = pier_records()
    for rec in (seed_record(seed_path, seed_gold), first, copy, later):
        store.add_record(rec)
    assert store.export("jsonl", tmp_path / "records.jsonl") == 4
    lines = (tmp_path / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert Record.model_validate_json(lines[0]).article.id == "seed"
    assert store.export("csv", tmp_path / "st.csv") == 32
    with (tmp_path / "st.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 32 and {"quote", "speaker_name", "article_outlet", "n_sources"} <= set(rows[0])
    import pyarrow.parquet as pq

    assert store.export("parquet", tmp_path / "st.parquet") == 32
    table = pq.read_table(tmp_path / "st.parquet")
    assert table.num_rows == 32 and table.schema.field("anonymous").type.id == __import__("pyarrow").bool_().id
    assert store.export("jsonl", tmp_path / "st.jsonl", what="statements") == 32
    assert json.loads((tmp_path / "st.jsonl").read_text(encoding="utf-8").splitlines()[0])["quote"]
    # A record export re-loads into an equal store.
    other = open_store(tmp_path / "reloaded.db")
    for line in lines:
        other.add_record(Record.model_validate_json(line))
    keep = ("articles", "near_duplicates", "statements", "canonical_statements", "speakers")
    assert {k: other.stats()[k] for k in keep} == {k: store.stats()[k] for k in keep}
    other.close()


def test_ingest_errors_are_logged(store):
    store.log_errors([("bad.jsonl:3", None, "line is not valid JSON"), ("empty.txt", "abc", "empty file")], run_id="r1")
    assert store.stats()["errors"] == 2
    assert {e["source"] for e in store.errors(run_id="r1")} == {"bad.jsonl:3", "empty.txt"}


def test_migrated_schema_matches_the_table_definitions(store):
    """The Alembic migrations create exactly the tables of onrecord.store.schema (plus full-text extras)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from onrecord.store.fulltext import EXTRA_NAMES

    def include(obj, name, type_, reflected, compare_to):
        return not (
            name
            and (
                name in EXTRA_NAMES or name.startswith(("statements_fts", "articles_fts")) or name == "alembic_version"
            )
        )

    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": include, "compare_type": True})
        diff = compare_metadata(ctx, metadata)
    assert diff == []


def test_sqlite_is_datasette_ready(tmp_path):
    """WAL mode, and FTS5 tables declared the way Datasette detects them (content="table")."""
    store = open_store(tmp_path / "d.db")
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        fts = dict(conn.execute(sa.text("SELECT name, sql FROM sqlite_master WHERE sql LIKE '%VIRTUAL TABLE%'")).all())
    assert 'content="statements"' in fts["statements_fts"] and 'content="articles"' in fts["articles_fts"]
    store.close()
    # Datasette's own detection query, run by plain sqlite3 on the file.
    import sqlite3

    con = sqlite3.connect(tmp_path / "d.db")
    found = con.execute(
        """select name from sqlite_master where rootpage = 0 and (sql like '%VIRTUAL TABLE%USING FTS%content="statements"%')"""
    ).fetchall()
    assert found == [("statements_fts",)]
    con.close()


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_database_that_cannot_be_opened_is_one_line_naming_db(tmp_path):
    from onrecord.errors import ConfigError

    notes = tmp_path / "notes.db"
    notes.write_text("plain text, not SQLite\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="file is not a database") as info:
        open_store(notes)
    assert str(info.value).startswith(f"--db {notes}:") and "\n" not in str(info.value)
    assert notes.read_text(encoding="utf-8") == "plain text, not SQLite\n"  # left as it was
    with pytest.raises(ConfigError, match="cannot open the database"):
        open_store(tmp_path)  # a folder
    with pytest.raises(ConfigError, match="refused") as info:
        open_store(f"postgresql://reader:pw-never-shown@127.0.0.1:{_closed_port()}/news")
    assert "pw-never-shown" not in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("command", [["search", "nuclear"], ["speakers"], ["serve"]])
def test_cli_on_a_file_that_is_not_a_database_says_so_in_one_line(tmp_path, capsys, command):
    from onrecord.cli import main

    notes = tmp_path / "notes.db"
    notes.write_text("plain text, not SQLite\n", encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main([*command, "--db", str(notes)])
    err = capsys.readouterr().err
    assert info.value.code == 2 and "Traceback" not in err
    assert err.strip().splitlines() == [f"error: --db {notes}: cannot open the database (file is not a database)"]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_to_a_folder_is_one_config_error(tmp_path, fmt):
    from onrecord.errors import ConfigError

    with open_store(tmp_path / "record.db") as store:
        with pytest.raises(ConfigError, match="cannot write the export") as info:
            store.export(fmt, tmp_path)
    assert str(info.value).startswith(f"{tmp_path}:") and "\n" not in str(info.value)
