"""Cue rules by family (verbs, nouns, "according to", lines), each registered in :mod:`.registry`.

Importing this package imports every family module, which registers its rules. A new construction is
one decorated function in the module of its family plus a test; see ``docs/architecture.md``.
"""

from onrecord.statements.cues import (  # noqa: F401  (they register their rules)
    according_to,
    adjectives,
    light_verbs,
    lines,
    nouns,
    verbs,
)
from onrecord.statements.cues.registry import LineRule, TokenRule, line_rules, token_rules

__all__ = ["LineRule", "TokenRule", "line_rules", "token_rules"]
