"""The registry of cue rules: each rule is one function, registered with its name, order and method.

Two kinds of rule, tried by :func:`onrecord.statements.extract.extract_statements`:

- **Token rules** (:func:`token_rule`) look at one word of the parse outside quotations. They are tried
  in ``order``; the first whose ``matches`` accepts the word builds the candidate (or ``None``), and the
  rules after it are not tried, unless the rule ``falls_through`` when it finds nothing.
- **Line rules** (:func:`line_rule`) read whole lines ("Sanders: …", headlines) after the token
  rules' content has been snapped to quotations; each gets the candidates found so far and returns new ones.

``method`` is the :class:`~onrecord.statements.candidate.Method` the rule's candidates carry: the
confidence model's ``method=`` weight is its base confidence, so a new construction with a new method
needs a refit (``scripts/fit_confidence.py``) and an entry in ``data/acts.json`` ``constructions``.
A token rule only sees the words :func:`onrecord.statements.index._possible_cues` lets through (verbs,
nouns, prepositions, adjectives, "according").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Optional

from onrecord.statements.candidate import Candidate, Method

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from onrecord.statements.index import _DocIndex
    from onrecord.statements.lexicon import Lexicon

    TokenBuild = Callable[[Token, _DocIndex, Lexicon], Optional[Candidate]]
    LineBuild = Callable[[list[Candidate], _DocIndex, Lexicon], list[Candidate]]


@dataclass(frozen=True)
class TokenRule:
    """A cue construction read at one word: ``matches(tok, lex)`` says whether it applies, ``build`` finds it."""

    name: str
    order: int
    method: Method
    matches: Callable[..., bool]
    build: Callable[..., Optional[Candidate]]
    is_cue: bool = False  # its candidate is the cue of its word for quotations without a cue ("“…,” he said")
    needs_content: bool = False  # a candidate without content is kept as a cue only, not as a statement
    falls_through: bool = False  # when it finds nothing, the later rules are tried on the same word


@dataclass(frozen=True)
class LineRule:
    """A cue construction read over whole lines: ``build(candidates, index, lex)`` returns new candidates."""

    name: str
    order: int
    method: Method
    build: Callable[..., list[Candidate]]


_TOKEN_RULES: dict[str, TokenRule] = {}
_LINE_RULES: dict[str, LineRule] = {}


def _check_unique(name: str, order: int, rules: dict) -> None:
    if name in rules:
        raise ValueError(f"cue rule {name!r} is registered twice")
    clash = next((r.name for r in rules.values() if r.order == order), None)
    if clash is not None:
        raise ValueError(f"cue rule {name!r} has order {order}, already taken by {clash!r}")


def token_rule(
    name: str,
    *,
    order: int,
    method: Method,
    matches: Callable[..., bool],
    is_cue: bool = False,
    needs_content: bool = False,
    falls_through: bool = False,
) -> Callable:
    """Register the decorated ``build(tok, index, lex)`` as the token rule ``name``."""

    def register(build: Callable) -> Callable:
        _check_unique(name, order, _TOKEN_RULES)
        _TOKEN_RULES[name] = TokenRule(name, order, method, matches, build, is_cue, needs_content, falls_through)
        return build

    return register


def line_rule(name: str, *, order: int, method: Method) -> Callable:
    """Register the decorated ``build(candidates, index, lex)`` as the line rule ``name``."""

    def register(build: Callable) -> Callable:
        _check_unique(name, order, _LINE_RULES)
        _LINE_RULES[name] = LineRule(name, order, method, build)
        return build

    return register


def token_rules() -> list[TokenRule]:
    """The registered token rules, in order."""
    return sorted(_TOKEN_RULES.values(), key=lambda r: r.order)


def line_rules() -> list[LineRule]:
    """The registered line rules, in order."""
    return sorted(_LINE_RULES.values(), key=lambda r: r.order)
