"""Statements: every quotation and piece of reported speech in an article, attributed to its speaker.

The public entry point is :func:`extract_statements`, called by :mod:`onrecord.pipeline` with
spaCy's parse of :attr:`Article.body`::

    speakers, statements = extract_statements(doc, article)

How it works is described in :mod:`onrecord.statements.extract`; the rule tables (cue verbs and
their frames, titles, nationalities, pronoun features, first-name genders, media names) are JSON
files in ``onrecord/statements/data/``.
"""

from onrecord.statements.extract import extract_statements
from onrecord.statements.quotes import Quote, find_quotes

__all__ = ["extract_statements", "find_quotes", "Quote"]
