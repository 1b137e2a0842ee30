"""Shared fixtures. Real text comes from ../shared when present, else from examples/."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED_ARTICLE = SHARED / "seed" / "article.txt"
SEED_GOLD = SHARED / "seed" / "gold.json"
POLNEAR_DEV = SHARED / "data" / "polnear" / "dev.jsonl"
POLNEAR_TRAIN = SHARED / "data" / "polnear" / "train.jsonl"
EXAMPLE_ARTICLE = REPO / "examples" / "article.txt"


def unavailable(reason: str, *, allow_module_level: bool = False):
    """Skip a test whose data or service is missing, except in CI, where `.ci/run` provides all of them:
    there a missing piece fails the run instead of hiding behind a green skip."""
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"CI must provide this: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=allow_module_level)


def _need(path: Path) -> Path:
    if not path.exists():
        unavailable(f"{path} is not here (a plain clone has no ../shared)")
    return path


@pytest.fixture(scope="session")
def nlp():
    from onrecord.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def run(nlp):
    """``run(text) -> (statements, speakers by id)``: statements of a text of the test's own writing, every
    offset checked (``helpers.statement_checks.checked_extraction``)."""
    from helpers.statement_checks import checked_extraction

    return checked_extraction(nlp)


@pytest.fixture(scope="session")
def misparsed(nlp):
    """``misparsed(text, changes)``: the same over a parse given a misreading of the test's choosing
    (``helpers.statement_checks.misparsed_extraction``)."""
    from helpers.statement_checks import misparsed_extraction

    return misparsed_extraction(nlp)


@pytest.fixture(scope="session")
def extractor(nlp):
    from onrecord.pipeline import Extractor

    return Extractor(nlp)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return _need(SEED_ARTICLE)


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    return json.loads(_need(SEED_GOLD).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def polnear_dev_path() -> Path:
    return _need(POLNEAR_DEV)


@pytest.fixture(scope="session")
def example_article_path() -> Path:
    return EXAMPLE_ARTICLE
