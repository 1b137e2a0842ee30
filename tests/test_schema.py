"""The committed JSON Schema is the one the model generates, and real records validate against it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from onrecord.ingest import load_article
from onrecord.model import SCHEMA_VERSION, Mention, Record, Span, Speaker, Statement, record_json_schema

SCHEMA_FILE = Path(__file__).parent.parent / "schema" / "record.schema.json"
REGENERATE = "regenerate it with: .venv/bin/python -m onrecord schema > schema/record.schema.json"


def test_committed_schema_is_the_generated_one():
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == record_json_schema(), f"{SCHEMA_FILE} is out of date with onrecord/model.py; {REGENERATE}"


def test_schema_is_valid_and_versioned():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert SCHEMA_VERSION in schema["$id"]


def _hand_built(article) -> Record:
    body = article.body
    start = body.index("President Joe Biden has permitted")
    end = body.index(" with American weapons") + len(" with American weapons")
    who = body.index("U.S. officials")
    cue = body.index("said", who)
    speaker = Speaker(
        id="sp1",
        name="U.S. officials",
        kind="group",
        anonymous=True,
        description="U.S. officials",
        mentions=[Mention(**Span.of(body, who, who + len("U.S. officials")).model_dump(), kind="description")],
    )
    statement = Statement(
        id="st1",
        type="indirect",
        quote=Span.of(body, start, end),
        cue=Span.of(body, cue, cue + 4),
        speaker_id="sp1",
        speaker_mention=Span.of(body, who, who + len("U.S. officials")),
        date=article.published,
        date_text="on Friday",
        confidence=0.9,
    )
    return Record(article=article, speakers=[speaker], statements=[statement])


def _errors(data: dict) -> list[str]:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(data)]


def test_record_of_an_ingested_article_validates(seed_path):
    record = _hand_built(load_article(seed_path))
    data = json.loads(json.dumps(record.model_dump(mode="json")))
    assert _errors(data) == []
    assert Record.model_validate(data) == record  # the JSON form round-trips


def test_invalid_records_are_rejected(seed_path):
    data = _hand_built(load_article(seed_path)).model_dump(mode="json")
    data["statements"][0]["type"] = "rumour"
    data["article"]["published"] = "31/05/2024"
    data["article"]["surprise"] = 1
    errors = " ".join(_errors(data))
    assert "rumour" in errors and "31/05/2024" in errors and "surprise" in errors


@pytest.mark.slow
def test_record_from_a_full_extraction_validates(seed_path, extractor):
    record = extractor.process(load_article(seed_path))
    assert record.statements
    assert _errors(json.loads(json.dumps(record.model_dump(mode="json")))) == []
