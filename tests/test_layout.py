"""The package's layout: what lives where (issue 12)."""

from __future__ import annotations

import importlib

import pytest


@pytest.mark.parametrize("module", ["onrecord.store.pgtemp", "onrecord.store.corpusgen"])
def test_test_helpers_are_not_in_the_package(module):
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module(module)


def test_test_helpers_import_from_tests():
    from helpers import corpusgen, pgtemp

    assert callable(pgtemp.postgres_url) and callable(corpusgen.make_corpus)
