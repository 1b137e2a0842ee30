"""The package's layout: what lives where (issue 12)."""

from __future__ import annotations

import importlib

import pytest
from conftest import unavailable


@pytest.mark.parametrize("module", ["onrecord.store.pgtemp", "onrecord.store.corpusgen"])
def test_test_helpers_are_not_in_the_package(module):
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module(module)


# Moved by issue 12: the batch runners to onrecord/batch/, publication dates to onrecord/ingest/published.py.
@pytest.mark.parametrize("module", ["onrecord.spark", "onrecord.store.ingest", "onrecord.clean.published"])
def test_old_homes_are_gone(module):
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module(module)


def test_the_batch_runners_are_one_package():
    from onrecord.batch import ingest, spark

    assert callable(ingest.ingest) and callable(spark.run_spark)


def test_test_helpers_import_from_tests():
    from helpers import corpusgen, pgtemp

    assert callable(pgtemp.postgres_url) and callable(corpusgen.make_corpus)


def test_ci_lints_before_the_tests_and_still_runs_make_test():
    from pathlib import Path

    lines = (Path(__file__).parent.parent / ".ci" / "run").read_text().splitlines()
    steps = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    ruff = next(i for i, s in enumerate(steps) if s.startswith(".venv/bin/ruff check onrecord tests scripts"))
    mypy = next(
        i
        for i, s in enumerate(steps)
        if s.startswith(".venv/bin/mypy onrecord/model.py onrecord/pipeline.py onrecord/text/")
    )
    assert ruff < steps.index("make test") and mypy < steps.index("make test")


def test_ci_type_checks_all_of_statements():
    from pathlib import Path

    run = (Path(__file__).parent.parent / ".ci" / "run").read_text()
    mypy = run[run.index(".venv/bin/mypy") :].split("\n\n")[0]
    assert "onrecord/statements/" in mypy.split() and "grep -v" not in mypy


def test_ruff_check_passes():
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    ruff = Path(sys.executable).with_name("ruff")
    if not ruff.exists() and shutil.which("ruff") is None:
        unavailable("ruff is not installed (pip install -e '.[dev]')")
    done = subprocess.run(
        [str(ruff if ruff.exists() else "ruff"), "check", "onrecord", "tests", "scripts"],
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:]


def test_spacy_tokens_are_compared_by_index_never_by_identity():
    # ``doc[i]`` and ``tok.head`` build a new Token object on every access, so ``tok.head is tok`` is False
    # even for the root, and ``is not`` always True: a root test written that way silently never fires.
    import re
    from pathlib import Path

    import onrecord

    pattern = re.compile(r"\.head is (not )?\w")
    found = [
        f"{path.name}:{n}"
        for path in Path(onrecord.__file__).parent.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == []
