"""docs/python-api.md: every public name of the Python API has a section, and every example in it runs."""

from __future__ import annotations

import contextlib
import io
import re

import pytest
from conftest import REPO

import onrecord

DOC = REPO / "docs" / "python-api.md"


def blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def headings() -> str:
    return "\n".join(line for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("#"))


def public_methods(cls) -> set[str]:
    own = {
        name
        for name, value in vars(cls).items()
        if not name.startswith("_") and (callable(value) or isinstance(value, (property, classmethod)))
    }
    return own - set(dir(__import__("pydantic").BaseModel))


def test_every_public_name_and_method_has_a_section():
    text = headings()
    missing = [name for name in onrecord.__all__ if f"`{name}" not in text and f"onrecord.{name}" not in text]
    assert not missing, f"no section of docs/python-api.md for {missing}"
    for cls in (onrecord.Extractor, onrecord.Record, onrecord.Article, onrecord.Span):
        for method in public_methods(cls):
            assert f"{cls.__name__}.{method}" in text, f"{cls.__name__}.{method} has no section"


def test_the_examples_run_in_order(monkeypatch, example_article_path):
    assert example_article_path.exists()
    monkeypatch.chdir(REPO)  # the examples name examples/article.txt as a user in the repository would
    namespace: dict = {"__name__": "python_api_doc"}
    out = io.StringIO()
    for i, code in enumerate(blocks(), 1):
        try:
            with contextlib.redirect_stdout(out):
                exec(compile(code, f"{DOC.name} block {i}", "exec"), namespace)
        except Exception as exc:  # name the block, so a failing example is easy to find
            pytest.fail(f"docs/python-api.md block {i} failed: {type(exc).__name__}: {exc}\n{code}")
    assert len(blocks()) >= 15
    assert "Teresa Alvarado" in out.getvalue()
