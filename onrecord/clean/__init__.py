"""Setting aside what is not body text: photo captions and credits, tag lines, share prompts, comment footers.

Scraped articles carry page furniture between their paragraphs. :func:`clean_article` finds it line by
line with the rules in ``patterns.json`` (regexes, each with a reason and a comment) and moves each such
line into :attr:`Article.removed` as a :class:`~onrecord.model.RemovedSpan`. In the body the line is blanked
to spaces, so every offset into the cleaned body is still an offset into the raw text, and
``article.raw_text()`` gives the input back: nothing is lost.

Three kinds of rule, applied in this order:

* ``footer``: a heading such as ``COMMENTS`` in the second half of the text starts a footer; it and every
  line after it are set aside (a later line matching a ``line`` rule keeps that more precise reason);
* ``line``: a line that is, in full, a credit (``AP Photo/Evan Vucci``), a caption ending with its
  parenthesised credit, a tag line (``ukraine zelensky``) or a share/subscribe prompt;
* ``neighbour``: a line judged by the removed line right below it, e.g. the caption on top of a credit,
  or a caption fragment cut off mid-word one blank line above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from onrecord.model import Article, RemovedSpan
from onrecord.rulefiles import load_rule_file

__all__ = ["Rules", "clean_article", "find_non_body", "load_rules"]


@dataclass(frozen=True)
class Rule:
    reason: str
    pattern: re.Pattern
    comment: str
    before: tuple[str, ...] = ()
    max_blank_lines: int = 0

    @property
    def name(self) -> str:
        return f"{self.reason}: {self.comment}"


@dataclass(frozen=True)
class Rules:
    line: tuple[Rule, ...]
    neighbour: tuple[Rule, ...]
    footer: tuple[Rule, ...]
    max_line_chars: int


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The rules of ``onrecord/clean/patterns.json``, compiled once per process."""
    data = load_rule_file(Path(__file__).with_name("patterns.json"))

    def build(kind: str) -> tuple[Rule, ...]:
        return tuple(
            Rule(
                reason=r["reason"],
                pattern=re.compile(r["pattern"]),
                comment=r.get("comment", ""),
                before=tuple(r.get("before", ())),
                max_blank_lines=int(r.get("max_blank_lines", 0)),
            )
            for r in data[kind]
        )

    return Rules(build("line"), build("neighbour"), build("footer"), int(data.get("max_line_chars", 400)))


@dataclass
class _Line:
    start: int  # offset of the first non-blank character
    end: int  # offset after the last non-blank character
    text: str
    reason: Optional[str] = None
    rule: Optional[str] = None


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        out.append(_Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return out


def find_non_body(text: str, rules: Optional[Rules] = None) -> list[RemovedSpan]:
    """The non-body lines of ``text`` as :class:`RemovedSpan` objects (offsets into ``text``), in order."""
    rules = rules or load_rules()
    lines = _lines(text)
    content = [ln for ln in lines if ln.text]
    if len(content) < 2:
        return []  # a one-paragraph text has no furniture to tell apart from its body

    # 1. A footer heading in the second half of the text takes every line after it.
    half = len(text) // 2
    heading = None
    for ln in lines:
        rule = _match(rules.footer, ln.text) if ln.text and ln.start >= half else None
        if rule is not None:
            heading = ln
            for later in lines[lines.index(ln) :]:
                if later.text:
                    later.reason, later.rule = rule.reason, rule.name
            break

    # 2. Lines that are furniture by themselves (inside a footer, a more precise reason wins).
    for ln in content:
        if ln is heading or len(ln.text) > rules.max_line_chars:
            continue
        rule = _match(rules.line, ln.text)
        if rule is not None:
            ln.reason, ln.rule = rule.reason, rule.name

    # 3. Lines judged by the removed line below them (a caption above its credit), bottom-up so that
    #    a two-line caption above a credit is caught too.
    for idx in range(len(lines) - 1, -1, -1):
        ln = lines[idx]
        if not ln.text or ln.reason or len(ln.text) > rules.max_line_chars:
            continue
        below, blanks = _next_content(lines, idx)
        if below is None or below.reason is None:
            continue
        for rule in rules.neighbour:
            if below.reason in rule.before and blanks <= rule.max_blank_lines and rule.pattern.fullmatch(ln.text):
                ln.reason, ln.rule = rule.reason, rule.name
                break

    return [
        RemovedSpan(start=ln.start, end=ln.end, text=ln.text, reason=ln.reason, rule=ln.rule)
        for ln in lines
        if ln.text and ln.reason
    ]


def _match(rules: tuple[Rule, ...], text: str) -> Optional[Rule]:
    for rule in rules:
        if rule.pattern.fullmatch(text):
            return rule
    return None


def _next_content(lines: list[_Line], idx: int) -> tuple[Optional[_Line], int]:
    blanks = 0
    for ln in lines[idx + 1 :]:
        if ln.text:
            return ln, blanks
        blanks += 1
    return None, blanks


def clean_article(article: Article) -> Article:
    """Return ``article`` with its non-body lines moved to ``removed`` and blanked in the body.

    Spans already in ``article.removed`` are kept; offsets do not change. Idempotent.
    """
    found = find_non_body(article.body)
    known = {(r.start, r.end) for r in article.removed}
    new = [r for r in found if (r.start, r.end) not in known]
    if not new:
        return article
    chars = list(article.body)
    for span in new:
        for i in range(span.start, span.end):
            if chars[i] != "\n":
                chars[i] = " "
    removed = sorted([*article.removed, *new], key=lambda r: r.start)
    return article.model_copy(update={"body": "".join(chars), "removed": removed})
