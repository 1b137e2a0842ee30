"""Acts and confidence in the store, its migration, and the search filters of the CLI, API and web page.

The records are built by hand from invented sentences, so the tests need no parse.
"""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from onrecord.errors import ConfigError
from onrecord.model import UNCERTAIN_BELOW, Record
from onrecord.store import migrate, open_store

BODY = "Mayor Lena Park said the bridge would close in June. Councillor Ray Cole believes the works will run late."


def _record(schema_version: str = "1.1") -> dict:
    said = BODY.index("the bridge")
    believed = BODY.index("the works")
    statements = [
        {
            "id": "st1",
            "type": "indirect",
            "quote": {"start": said, "end": BODY.index(".", said), "text": BODY[said : BODY.index(".", said)]},
            "cue": {"start": said - 5, "end": said - 1, "text": "said"},
            "speaker_id": "sp1",
            "act": "speech",
            "confidence": 0.95,
        },
        {
            "id": "st2",
            "type": "indirect",
            "quote": {"start": believed, "end": len(BODY) - 1, "text": BODY[believed : len(BODY) - 1]},
            "cue": {"start": believed - 9, "end": believed - 1, "text": "believes"},
            "speaker_id": "sp2",
            "act": "belief",
            "confidence": round(UNCERTAIN_BELOW / 2, 3),
        },
    ]
    if schema_version == "1.0":
        for st in statements:
            del st["act"]
    return {
        "schema_version": schema_version,
        "article": {"id": "bridge-" + schema_version, "body": BODY, "title": "Bridge to close"},
        "speakers": [
            {"id": "sp1", "name": "Lena Park", "kind": "person"},
            {"id": "sp2", "name": "Ray Cole", "kind": "person"},
        ],
        "statements": statements,
    }


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "acts.db")
    s.add_record(Record.model_validate(_record()))
    yield s
    s.close()


def test_search_by_act_and_minimum_confidence(store):
    assert store.search_statements()[0] == 2
    total, hits = store.search_statements(act="belief")
    assert total == 1 and hits[0]["act"] == "belief" and hits[0]["speaker"]["name"] == "Ray Cole"
    total, hits = store.search_statements(min_confidence=0.9)
    assert total == 1 and hits[0]["speaker"]["name"] == "Lena Park"
    assert store.search_statements(act="speech", min_confidence=0.99)[0] == 0
    with pytest.raises(ConfigError):
        store.search_statements(act="rumour")
    with pytest.raises(ConfigError):
        store.search_statements(min_confidence=1.5)


def test_flat_exports_carry_the_act(store, tmp_path):
    path = tmp_path / "statements.jsonl"
    store.export("jsonl", path, what="statements")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["act"] for r in rows) == ["belief", "speech"]


def test_migration_0002_backfills_the_act_from_stored_records(tmp_path):
    """A database written at revision 0001 (schema 1.0 records) gets each statement's act."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = sa.create_engine(url)
    migrate(engine, "0001")
    old = _record("1.0")
    with engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO articles (id, content_hash, body, record_json) VALUES (:id, :h, :body, :json)"),
            {"id": "old", "h": "h-old", "body": BODY, "json": json.dumps(old)},
        )
        for position, st in enumerate(old["statements"]):
            conn.execute(
                sa.text(
                    "INSERT INTO statements (id, article_id, local_id, position, type, quote_start, quote_end, "
                    "quote_text, confidence, canonical_id) VALUES (:id, 'old', :local, :pos, 'indirect', :s, :e, :t, 0.5, :id)"
                ),
                {
                    "id": f"old:{st['id']}",
                    "local": st["id"],
                    "pos": position,
                    "s": st["quote"]["start"],
                    "e": st["quote"]["end"],
                    "t": st["quote"]["text"],
                },
            )
    engine.dispose()
    store = open_store(tmp_path / "old.db")  # migrates to head
    try:
        with store.engine.connect() as conn:
            acts = dict(conn.execute(sa.text("SELECT local_id, act FROM statements")).all())
        assert acts == {"st1": "speech", "st2": "belief"}
        assert store.get_record("old").statements[1].act == "belief"
        assert store.search_statements(act="belief")[0] == 1
    finally:
        store.close()


def test_api_filters_by_act_and_confidence(store):
    from onrecord.api import create_app

    client = TestClient(create_app(store))
    page = client.get("/api/statements", params={"act": "belief"}).json()
    assert page["total"] == 1 and page["items"][0]["act"] == "belief"
    assert client.get("/api/search", params={"min_confidence": 0.9}).json()["total"] == 1
    assert client.get("/api/statements", params={"act": "rumour"}).status_code == 422
    assert client.get("/api/statements", params={"min_confidence": 2}).status_code == 422


def test_web_search_filters_and_marks_uncertain_statements(store):
    from onrecord.api import create_app

    client = TestClient(create_app(store))
    page = client.get("/search", params={"act": "belief"}).text
    assert "the works will run late" in page and "the bridge would close" not in page
    assert "uncertain" in page and 'name="min_confidence"' in page
    sure = client.get("/search", params={"min_confidence": "0.9"}).text
    assert "the bridge would close" in sure and "the works will run late" not in sure
    assert "must be a number from 0 to 1" in client.get("/search", params={"min_confidence": "high"}).text


def test_web_article_view_shows_the_act_and_uncertainty(store):
    from onrecord.api import create_app

    page = TestClient(create_app(store)).get("/articles/bridge-1.1").text
    assert 'data-act="belief"' in page and 'data-uncertain="yes"' in page and 'data-uncertain="no"' in page
    assert 'data-field="act"' in page and 'class="uncertain"' in page


def test_cli_search_by_act(store):
    from onrecord.cli import app

    db = store.url[len("sqlite:///") :]
    result = CliRunner().invoke(app, ["search", "--act", "belief", "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)["items"]
    assert [h["act"] for h in items] == ["belief"]
    sure = CliRunner().invoke(app, ["search", "--min-confidence", "0.9", "--db", db, "--format", "json"])
    assert [h["speaker"]["name"] for h in json.loads(sure.output)["items"]] == ["Lena Park"]
    table = CliRunner().invoke(app, ["search", "--db", db])
    assert "uncertain" in table.output and "belief" in table.output
    assert CliRunner().invoke(app, ["search", "--act", "rumour", "--db", db]).exit_code != 0
