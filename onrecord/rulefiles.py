"""The package's rule files (word lists, patterns, thresholds as JSON), read and checked against their schema.

Every rule file ``NAME.json`` (``statements/data/cues.json``, ``clean/patterns.json``, ...) has a JSON Schema
at ``onrecord/schemas/NAME.schema.json``, and its loader reads it with :func:`load_rule_file`: a file that does
not fit (a misspelt key, a word list that is not a list, an act that is not one of the four) stops the run
with one line naming the file and the key, instead of a ``KeyError`` deep in a rule or a rule that silently
does nothing. Keys starting with ``_`` are comments. Each file is read once per process (the loaders cache).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from onrecord.errors import ConfigError

SCHEMAS = Path(__file__).parent / "schemas"
_PACKAGE = Path(__file__).resolve().parent.parent
_SHOWN = 120  # characters of a message kept in the one-line error


def schema_path(path: Path) -> Path:
    """The schema of the rule file ``path``: ``onrecord/schemas/<file name>.schema.json``."""
    return SCHEMAS / f"{path.stem}.schema.json"


@cache
def _validator(schema_file: Path) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(schema_file.read_text(encoding="utf-8")))


def load_rule_file(path: Path) -> Any:
    """The JSON of the rule file ``path``, checked against :func:`schema_path`; a :class:`ConfigError`
    (``FILE: KEY: what is wrong``, one line) when it is not JSON or does not fit its schema."""
    shown = _shown(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot read the rule file ({exc.strerror or exc})") from None
    except ValueError as exc:  # JSONDecodeError, or bytes that are not UTF-8
        raise ConfigError(f"{shown}: not valid JSON ({exc})") from None
    schema = schema_path(path)
    if not schema.is_file():
        raise ConfigError(f"{shown}: no schema for this rule file (expected {_shown(schema)})")
    validator = _validator(schema)
    if not validator.is_valid(data):  # the quick check; the most telling error is looked for only on failure
        from jsonschema.exceptions import best_match

        error = best_match(validator.iter_errors(data))
        raise ConfigError(f"{shown}: {_key(error)}: {_problem(error)}")
    return data


def _shown(path: Path) -> str:
    """``path`` relative to the checkout when it is inside it (``onrecord/statements/data/cues.json``)."""
    try:
        return str(path.resolve().relative_to(_PACKAGE))
    except ValueError:
        return str(path)


def _key(error: Any) -> str:
    """The offending key as a dotted path (``verbs.say``, ``line.3.pattern``), or the key the message names."""
    where = ".".join(str(part) for part in error.absolute_path)
    if error.validator in ("additionalProperties", "patternProperties", "unevaluatedProperties"):
        known = set(error.schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in known and not str(k).startswith("_"))
        if extra:
            return ".".join(filter(None, [where, extra[0]]))
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        if missing:
            return ".".join(filter(None, [where, missing[0]]))
    return where or "(top level)"


def _problem(error: Any) -> str:
    """What is wrong, short: the value's own text can be a whole word list."""
    kind = error.validator
    if kind in ("additionalProperties", "patternProperties", "unevaluatedProperties"):
        return "not a key of this file (misspelt, or read by nothing)"
    if kind == "required":
        return "missing"
    if kind == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return f"should be {expected}, not {_json_type(error.instance)}"
    if kind == "enum":
        return f"{_short(json.dumps(error.instance, ensure_ascii=False))} is not one of {error.validator_value}"
    return _short(error.message)


def _json_type(value: Any) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer", float: "number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
