"""Bounding the text spaCy is given, before it is tokenised.

spaCy's tokenizer strips prefixes and suffixes from a whitespace-free chunk one character at a
time, copying the rest each time: a run of n punctuation marks or symbols (““““…, $$$$…, emoji)
costs O(n²) with the GIL held. 20,000 “ took ~30 s and froze a server's event loop. No word of
running text is such a run, so long runs are split by turning every :data:`SPLIT_EVERY`-th
character of the run into a line break (a break rather than a space: the paragraph component then
starts a sentence there, and the parser gets short sentences instead of one of 20,000 tokens). The text keeps its length, so every offset into it stays
valid, and text without such runs is returned unchanged (the same object).
"""

from __future__ import annotations

import regex  # the stdlib's re has no Unicode category classes

#: Runs of punctuation/symbol characters longer than this are split. Long enough for every rule
#: line, ellipsis or ASCII art of an article; a run this long costs well under a millisecond.
MAX_SYMBOL_RUN = 64
#: Where a long run is split: every this-many characters of it becomes a line break.
SPLIT_EVERY = 32


#: Runs of more than MAX_SYMBOL_RUN characters of the Unicode categories P (punctuation) and S (symbols).
SYMBOL_RUN = regex.compile(r"[\p{P}\p{S}]{" + str(MAX_SYMBOL_RUN + 1) + ",}")


def bound_symbol_runs(text: str) -> str:
    """``text`` with each run of more than :data:`MAX_SYMBOL_RUN` punctuation marks or symbols split by a
    line break every :data:`SPLIT_EVERY` characters; same length, and the same object when nothing is split."""
    if not SYMBOL_RUN.search(text):
        return text

    def split(match: regex.Match) -> str:
        run = list(match.group(0))
        for i in range(SPLIT_EVERY - 1, len(run), SPLIT_EVERY):
            run[i] = "\n"
        return "".join(run)

    return SYMBOL_RUN.sub(split, text)
