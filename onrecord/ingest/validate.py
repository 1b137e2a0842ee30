"""Checks that an input's fields can be stored: valid Unicode, the types the corpus format names.

JSON can carry what no text file can: lone surrogates (``"\\ud800"``), which no UTF-8 encoder, database
or JSON writer accepts, and fields of the wrong type (``"url": 12345``). Both are refused here, per
item and with a one-line reason, so that one bad line never stops its file and nothing unstorable
reaches the store. File names are different: a name with bytes that are not UTF-8 (which Python
carries as surrogates) still names a good article, so it is shown with those bytes escaped instead.
"""

from __future__ import annotations

import os
from typing import Optional

from onrecord.errors import InputError

# Corpus fields read as text, and the JSON types each may have (None: the field may be null or absent).
_STRING_FIELDS = ("title", "url", "publisher", "outlet", "published", "source", "split", "annotator")
_TYPE_NAMES = {
    bool: "true/false",
    int: "a number",
    float: "a number",
    list: "a list",
    dict: "an object",
    str: "a string",
}


def shown_path(path: os.PathLike | str) -> str:
    """``path`` as text any writer accepts: bytes that are not UTF-8 appear as ``\\xff`` escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def shown_text(text: str) -> str:
    """``text`` with lone surrogates written as escapes (``\\udcff``), for names and log lines."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def surrogate_at(text: str) -> Optional[int]:
    """The index of the first lone surrogate in ``text``, or None when it is valid Unicode."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


def _type_name(value) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def record_problem(record: dict) -> Optional[str]:
    """Why a corpus record cannot become an article (a wrongly typed field, invalid Unicode), or None."""
    for name in _STRING_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return f"field '{name}' is {_type_name(value)}, not a string"
    ident = record.get("id")
    if ident is not None and (isinstance(ident, bool) or not isinstance(ident, (str, int))):
        return f"field 'id' is {_type_name(ident)}, not a string or a whole number"
    for name in ("authors", "author"):
        value = record.get(name)
        if (
            value is not None
            and not isinstance(value, str)
            and not (isinstance(value, list) and all(isinstance(a, str) for a in value))
        ):
            return f"field '{name}' is {_type_name(value)}, not a string or a list of strings"
    for name, value in record.items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and (at := surrogate_at(text)) is not None:
                return _surrogate_problem(f"field '{shown_text(str(name))}'", text, at)
        if isinstance(name, str) and surrogate_at(name) is not None:
            return _surrogate_problem("a field name", name, surrogate_at(name))
    return None


def _surrogate_problem(where: str, text: str, at: int) -> str:
    return (
        f"{where} has a lone surrogate ({shown_text(text[at])}) at character {at}: not valid Unicode; "
        "fix or re-encode the line"
    )


def check_article_text(article) -> None:
    """Refuse an article whose text fields are not valid Unicode; escape the same in its names.

    Raises :class:`InputError` naming the field. ``source`` and ``meta`` values are names and notes,
    not content, so they are escaped (``\\udcff``) rather than refused.
    """
    article.source = shown_text(article.source) if article.source else article.source
    article.meta = {shown_text(str(k)): shown_text(str(v)) for k, v in article.meta.items()}
    fields = [("title", article.title), ("url", article.url), ("outlet", article.outlet), ("body", article.body)]
    fields += [("author", a) for a in article.authors]
    for name, text in fields:
        if isinstance(text, str) and (at := surrogate_at(text)) is not None:
            raise InputError(article.source or "<input>", _surrogate_problem(f"the {name}", text, at))
