"""The query layer: each query declared once (onrecord.store.query), typed results (onrecord.store.results),
and the CLI, the API and the web pages built from the declarations."""

from __future__ import annotations

import datetime as dt
import html
import json

import pytest
import typer
from fastapi.testclient import TestClient
from test_store import pier_records
from typer.testing import CliRunner

from onrecord.api import create_app
from onrecord.store import open_store
from onrecord.store.query import QUERIES, SEARCH, Param, Query, QueryError, page_of
from onrecord.store.results import StatementHit, to_json


@pytest.fixture(scope="module")
def pier_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("query") / "pier.db"
    store = open_store(path)
    for record in pier_records():
        store.add_record(record)
    yield store
    store.close()


def _flat(output: str) -> str:
    """Rich's boxed error as one line of words."""
    return " ".join(output.replace("│", " ").split())


# -- parameters -------------------------------------------------------------------------------------


def test_a_parameter_parses_text_and_names_what_is_wrong_in_one_line():
    limit = Param("limit", int, default=50, ge=1, le=1000)
    assert limit.parse("20") == 20 and limit.parse("") is None and limit.parse(None) is None
    with pytest.raises(QueryError, match=r"^limit '0' must be a whole number from 1 to 1000$"):
        limit.parse("0")
    with pytest.raises(QueryError, match=r"^limit 'many' must be a whole number from 1 to 1000$"):
        limit.parse("many")
    with pytest.raises(QueryError, match=r"^limit 5000 must be a whole number from 1 to 1000$"):
        limit.check(5000)
    since = Param("since", dt.date)
    assert since.parse("2024-05-01") == dt.date(2024, 5, 1)
    with pytest.raises(QueryError, match=r"since '2024-13-01' must be a date like 2024-05-01"):
        since.parse("2024-13-01")
    act = Param("act", choices=("speech", "belief"))
    with pytest.raises(QueryError, match=r"act 'rumour' is not one of 'speech', 'belief'"):
        act.parse("rumour")
    assert Param("anonymous", bool).parse("no") is False
    with pytest.raises(QueryError, match="must be at most 3 characters"):
        Param("q", max_length=3).parse("four")
    with pytest.raises(QueryError, match="of is required"):
        Param("of", required=True).parse("")


def test_a_query_fixes_what_a_front_end_does_not_take():
    # The API's /api/search ranks by relevance, the CLI and the page list in time order; the page's size is fixed.
    assert SEARCH.values("api", {})["order"] == "relevance"
    assert SEARCH.values("cli", {})["order"] == "date" and SEARCH.values("cli", {})["limit"] == 20
    web, errors = SEARCH.parse("web", {"limit": "3", "since": "someday", "act": "rumour"})
    assert web["limit"] == 50 and web["since"] is None and len(errors) == 2


def test_a_bad_value_is_the_same_message_in_the_cli_and_on_the_page(pier_db):
    from onrecord.cli import app

    db = pier_db.url[len("sqlite:///") :]
    client = TestClient(create_app(pier_db))
    for name, value in (("since", "2024-13-01"), ("act", "rumour"), ("min_confidence", "2")):
        message = str(pytest.raises(QueryError, SEARCH.values, "cli", {name: value}).value)
        flag = "--" + name.replace("_", "-")
        result = CliRunner().invoke(app, ["search", flag, value, "--db", db])
        assert result.exit_code == 2 and message in _flat(result.output)
        assert message in html.unescape(client.get("/search", params={name: value}).text)
        assert client.get("/api/search", params={name: value}).status_code == 422


# -- typed results ----------------------------------------------------------------------------------


def test_results_hold_dates_and_turn_into_the_same_json(pier_db):
    total, hits = pier_db.statement_hits("pillars")
    assert total >= 1 and isinstance(hits[0], StatementHit)
    assert hits[0].article.published == dt.date(2024, 3, 4) and isinstance(hits[0].sort_date, dt.date)
    as_json = to_json(hits)
    assert as_json == pier_db.search_statements("pillars")[1]
    assert as_json[0]["article"]["published"] == "2024-03-04" and "matched" in as_json[0]
    assert "matched" not in to_json(pier_db.statement_hits()[1][0])  # no full-text query: no matched words
    assert to_json(StatementHit.from_json(as_json[0])) == as_json[0]
    profile = pier_db.speaker_profile("Ines Okafor")
    assert profile is not None and profile.first_seen == dt.date(2024, 3, 4)
    assert to_json(profile) == pier_db.get_speaker("Ines Okafor")


def test_the_cli_lists_articles_newest_first(pier_db):
    from onrecord.cli import app

    db = pier_db.url[len("sqlite:///") :]
    result = CliRunner().invoke(app, ["articles", "--db", db, "--format", "json", "--limit", "2"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total"] == 3 and [a["id"] for a in data["items"]] == ["pier-3", "pier-2"]
    assert "pier-1" in CliRunner().invoke(app, ["articles", "--db", db, "--since", "2024-03-01"]).output


# -- a new query appears in every front end --------------------------------------------------------


def _titles(store, word, limit):
    total, rows = store.article_summaries(limit, 0, q=word)
    return page_of(total, [{"id": a.id, "title": a.title} for a in rows], {"limit": limit, "offset": 0})


TITLES = Query(
    "titles",
    "Titles of the articles with a word.",
    (
        Param("word", help="a word of the article", required=True, max_length=40, argument=True),
        Param("limit", int, "titles at most", default=3, ge=1, le=5, flags=("--limit", "-n")),
    ),
    _titles,
    api="/api/titles",
    cli="titles",
    web="/titles",
    pages=True,
)


def test_a_query_declared_once_appears_in_the_cli_the_api_and_the_web(pier_db, monkeypatch):
    from onrecord.cli import queries as cli_queries

    monkeypatch.setitem(QUERIES, "titles", TITLES)
    monkeypatch.setattr(cli_queries, "_added", set(cli_queries._added))
    expected = [{"id": a.id, "title": a.title} for a in pier_db.article_summaries(3, 0, q="cracks")[1]]

    cli = typer.Typer()
    cli.callback()(lambda: None)  # a group (a lone command would be the root itself)
    cli_queries.add_commands(cli)
    db = pier_db.url[len("sqlite:///") :]
    result = CliRunner().invoke(cli, ["titles", "cracks", "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["total"] >= 1 and found["limit"] == 3 and found["items"] == expected
    too_many = CliRunner().invoke(cli, ["titles", "cracks", "-n", "9", "--db", db])
    assert too_many.exit_code == 2 and "limit '9' must be a whole number from 1 to 5" in _flat(too_many.output)

    client = TestClient(create_app(pier_db))
    assert client.get("/api/titles", params={"word": "cracks"}).json() == found
    assert client.get("/api/titles", params={"word": "cracks", "limit": 9}).status_code == 422
    declared = {p["name"]: p for p in client.get("/openapi.json").json()["paths"]["/api/titles"]["get"]["parameters"]}
    assert declared["limit"]["schema"]["maximum"] == 5 and declared["word"]["required"] is True

    page = client.get("/titles", params={"word": "cracks"})
    assert page.status_code == 200 and found["items"][0]["id"] in page.text
    bad = client.get("/titles", params={"word": "cracks", "limit": "9"})
    assert bad.status_code == 400 and "limit &#39;9&#39; must be a whole number from 1 to 5" in bad.text


def test_every_declared_query_is_in_the_front_ends_it_names():
    from typer.main import get_command

    from onrecord.cli import app

    commands = get_command(app).commands  # type: ignore[attr-defined]
    for query in QUERIES.values():
        if query.cli:
            assert query.cli in commands, query.name
            assert query.help.split("\n")[0] in (commands[query.cli].help or ""), query.name


def test_the_api_declares_every_query_route_with_its_bounds(pier_db):
    paths = TestClient(create_app(pier_db)).get("/openapi.json").json()["paths"]
    for query in QUERIES.values():
        if query.api:
            params = {p["name"]: p for p in paths[query.api]["get"]["parameters"]}
            for param in query.params_for("api"):
                schema = params[param.name]["schema"]
                options = schema.get("anyOf", [schema])[0]
                if param.le is not None:
                    assert options["maximum"] == param.le, (query.name, param.name)
                if param.max_length is not None:
                    assert options["maxLength"] == param.max_length, (query.name, param.name)
