"""Helpers for the tests and the benchmark scripts (not part of the package): a throwaway PostgreSQL
(:mod:`helpers.pgtemp`) and a generated corpus with faults in it (:mod:`helpers.corpusgen`).

Tests import them as ``helpers`` (pytest puts ``tests/`` on ``sys.path``); scripts put ``tests/`` there first.
"""
