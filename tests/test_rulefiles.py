"""Rule files are checked against their JSON Schema when they load (onrecord/rulefiles.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from onrecord.errors import ConfigError
from onrecord.rulefiles import SCHEMAS, load_rule_file, schema_path

PACKAGE = Path(__file__).resolve().parent.parent / "onrecord"
CUES = PACKAGE / "statements" / "data" / "cues.json"
# JSON in the package that is not a rule file of ours: schemas, the embedding model's own config, and the
# Datasette metadata (Datasette's format, checked against the store's tables by test_data_out.py).
NOT_RULE_FILES = {"schemas", "minilm-static", "datasette_metadata.json"}


def rule_files() -> list[Path]:
    return sorted(
        p
        for p in PACKAGE.rglob("*.json")
        if not NOT_RULE_FILES & {*p.relative_to(PACKAGE).parts} and "migrations" not in p.parts
    )


def test_there_are_rule_files_and_schemas():
    assert len(rule_files()) >= 10
    assert {schema_path(p) for p in rule_files()} == set(SCHEMAS.glob("*.schema.json"))


@pytest.mark.parametrize("path", rule_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_rule_file_fits_its_schema(path):
    Draft202012Validator.check_schema(json.loads(schema_path(path).read_text(encoding="utf-8")))
    assert load_rule_file(path) == json.loads(path.read_text(encoding="utf-8"))


def broken_copy(tmp_path: Path, source: Path, change) -> Path:
    data = json.loads(source.read_text(encoding="utf-8"))
    change(data)
    out = tmp_path / source.name
    out.write_text(json.dumps(data), encoding="utf-8")
    return out


def one_line_error(path: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_rule_file(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path}: ")
    return message[len(f"{path}: ") :]


def test_a_word_list_that_is_not_a_list(tmp_path):
    path = broken_copy(tmp_path, CUES, lambda d: d.update(strong="said"))
    assert one_line_error(path) == "strong: should be array, not string"


def test_a_misspelt_key_is_named(tmp_path):
    path = broken_copy(tmp_path, CUES, lambda d: d.update(strnog=["said"]))
    assert one_line_error(path) == "strnog: not a key of this file (misspelt, or read by nothing)"


def test_a_missing_key_is_named(tmp_path):
    path = broken_copy(tmp_path, CUES, lambda d: d.pop("hearer_verbs"))
    assert one_line_error(path) == "hearer_verbs: missing"


def test_a_nested_value_names_its_path(tmp_path):
    path = broken_copy(tmp_path, CUES, lambda d: d["verbs"].update(say=["clause", "claws"]))
    assert one_line_error(path).startswith('verbs.say.1: "claws" is not one of ')


def test_an_act_that_is_not_one_of_the_four(tmp_path):
    acts = PACKAGE / "statements" / "data" / "acts.json"
    path = broken_copy(tmp_path, acts, lambda d: d["verbs"].update(say="talk"))
    assert one_line_error(path).startswith('verbs.say: "talk" is not one of ')


def test_comments_are_free_but_must_be_text(tmp_path):
    path = broken_copy(tmp_path, CUES, lambda d: d.update(_note="any words"))
    assert load_rule_file(path)["_note"] == "any words"
    path = broken_copy(tmp_path, CUES, lambda d: d.update(_note=3))
    assert one_line_error(path) == "_note: should be string, not integer"


def test_not_json(tmp_path):
    path = tmp_path / "cues.json"
    path.write_text('{"verbs": {', encoding="utf-8")
    assert one_line_error(path).startswith("not valid JSON (")


def test_a_file_without_a_schema(tmp_path):
    path = tmp_path / "unheard_of.json"
    path.write_text("{}", encoding="utf-8")
    assert one_line_error(path).startswith("no schema for this rule file")


def test_the_lexicon_loader_checks_its_files(tmp_path, monkeypatch):
    """The statement stage stops on a broken word list instead of running without it."""
    from onrecord.statements import lexicon as lexicon_module

    data = tmp_path / "data"
    shutil.copytree(CUES.parent, data)
    broken_copy(data, CUES, lambda d: d.update(quote_only={"said": 1}))
    monkeypatch.setattr(lexicon_module, "DATA", data)
    lexicon_module.lexicon.cache_clear()
    try:
        with pytest.raises(ConfigError, match=r"cues\.json: quote_only: should be array, not object$"):
            lexicon_module.lexicon()
    finally:
        lexicon_module.lexicon.cache_clear()
