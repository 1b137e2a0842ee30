"""Quotation marks glued to the word before them, split off by the tokenizer.

Scraped and hastily typed news drops the space between a cue and the quotation it opens
(``said,“Look``), or between a closing quotation and the next sentence (``voters!”After``). spaCy's
stock English tokenizer splits a comma only between two letters, so such a chunk is one token
(``said,“Look``): the cue verb is no longer a word, and the statement it introduces is lost. The
infixes below split, inside one whitespace-free chunk, a sentence mark that follows a word and comes
before a double quotation mark touching the next word, and that quotation mark: ``said`` ``,`` ``“``
``Look``; and an opening quotation mark right after a closing one (``.”“Your``). Only double
quotation marks: a single one inside a word is an apostrophe (``rock’n’roll``, ``O’Malley``).
Text with a space where a space belongs is tokenised as before.
"""

from __future__ import annotations

import re

from spacy.language import Language

#: A sentence mark between a word and a double quotation mark glued to the next word; that
#: quotation mark after such a mark; an opening mark glued to a closing one and to the next word.
GLUED_QUOTE_INFIXES = (
    r'(?<=\w)[,:;.!?](?=["“”]\w)',
    r'(?<=\w[,:;.!?])["“”](?=\w)',
    r"(?<=[”\"])“(?=\w)",
)
_OURS = "|".join(GLUED_QUOTE_INFIXES)


def split_glued_quotes(nlp: Language) -> Language:
    """Add :data:`GLUED_QUOTE_INFIXES` to ``nlp``'s tokenizer (once; a second call changes nothing)."""
    tokenizer = nlp.tokenizer
    stock = tokenizer.infix_finditer
    pattern = stock.__self__.pattern if stock is not None else None
    if pattern and pattern.endswith(_OURS):
        return nlp
    tokenizer.infix_finditer = re.compile(f"{pattern}|{_OURS}" if pattern else _OURS).finditer
    return nlp
