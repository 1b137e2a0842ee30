"""The text the parser reads: the article body with invisible characters turned into spaces.

A zero-width space, joiner or word joiner, a byte-order mark or a soft hyphen inside or next to a
word ("Traeger\\u200b said") makes the tokenizer glue it to the word, and the tagger then loses
the name. Each is replaced by one plain space, so every offset of the parse still equals the
offset in ``Article.body``, which keeps the original characters.
"""

from __future__ import annotations

# Format characters (Unicode category Cf) seen in scraped news, and the soft hyphen. The bidirectional
# embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069, U+061C) come with text pasted from
# social media ("\u202a”Sorry", a quotation mark glued to the word behind an invisible mark).
INVISIBLE = (
    "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
)
_TO_SPACE = str.maketrans({c: " " for c in INVISIBLE})


def parse_text(body: str) -> str:
    """``body`` as the parser should read it: same length, invisible characters as spaces."""
    return body.translate(_TO_SPACE)
