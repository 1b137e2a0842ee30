"""onrecord.settings: one table of defaults and thresholds, imported by the modules that use them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import onrecord
from onrecord import settings
from onrecord.errors import ConfigError

PACKAGE = Path(onrecord.__file__).parent


def test_every_setting_has_a_help_and_a_constant():
    for setting in settings.SETTINGS:
        assert setting.help.strip(), setting.name
        assert getattr(settings, setting.name.upper()) == setting.default  # no override in the test run
    assert len(settings.BY_NAME) == len(settings.SETTINGS)  # names are unique


def test_users_take_their_constants_from_the_table():
    from onrecord import model, pipeline
    from onrecord.api import guard, work
    from onrecord.cli import corpus
    from onrecord.ingest import read
    from onrecord.statements import lexicon
    from onrecord.store import DEFAULT_DB, MAX_LIMIT

    assert DEFAULT_DB == corpus.DEFAULT_DB == settings.DEFAULT_DB and MAX_LIMIT == settings.MAX_LIMIT
    assert (
        model.UNCERTAIN_BELOW == settings.UNCERTAIN_BELOW and pipeline.DEFAULT_BATCH_SIZE == settings.EXTRACT_BATCH_SIZE
    )
    assert work.DEFAULT_TIME_LIMIT == settings.WORKER_TIME_LIMIT and guard.MAX_BODY_BYTES == settings.MAX_BODY_BYTES
    assert read.DEFAULT_MAX_BYTES == settings.MAX_BYTES and lexicon.MINED_MIN_COUNT == settings.MINED_MIN_COUNT


def test_default_db_is_defined_once():
    defined = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if any(line.startswith("DEFAULT_DB =") for line in path.read_text(encoding="utf-8").splitlines())
    ]
    assert defined == []  # settings.py annotates it: DEFAULT_DB: str = ...


def test_no_threshold_is_read_from_the_environment_outside_settings():
    readers = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.name != "settings.py" and 'environ.get("ONRECORD_MINED' in path.read_text(encoding="utf-8")
    ]
    assert readers == []


def test_environment_override_is_typed_and_a_bad_one_is_one_line(monkeypatch):
    monkeypatch.setenv("ONRECORD_MINED_MIN_PRECISION", "0.5")
    assert settings.value("mined_min_precision") == 0.5
    monkeypatch.setenv("ONRECORD_MINED_MIN_COUNT", "many")
    with pytest.raises(ConfigError, match=r"ONRECORD_MINED_MIN_COUNT='many': not a valid int"):
        settings.value("mined_min_count")


def test_environment_override_reaches_the_lexicon_in_a_new_process():
    code = "from onrecord.statements import lexicon; print(lexicon.MINED_MIN_COUNT)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"ONRECORD_MINED_MIN_COUNT": "7", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "7"


def test_settings_table_lists_values_and_env():
    rows = {row["name"]: row for row in settings.settings_table()}
    assert rows["mined_min_count"]["env"] == "ONRECORD_MINED_MIN_COUNT"
    assert rows["default_db"]["value"] == "var/onrecord.db"
