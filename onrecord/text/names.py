"""Person names, one set of rules for every stage that groups them.

The article-level speaker resolver (:mod:`onrecord.statements.speakers`), the article's entities
(:mod:`onrecord.entities.article`), the cross-article speaker index
(:mod:`onrecord.entities.crossdoc`) and the eval's speaker check (:mod:`onrecord.eval.scoring`)
all read names through this module:

* :func:`normalize` folds case, accents and punctuation ("Zelenskyy’s" -> "zelenskyy s");
  :func:`slugify` makes an id part of it;
* :func:`strip_titles` drops honorifics and titles written before a name ("Sen. Jane Roe",
  "President Joe Biden"), from the tables ``entities/data/crossdoc.json`` (honorifics) and
  ``statements/data/speakers.json`` (short titles);
* :func:`person_name_parts` splits a name into given names and surname;
* :func:`surname_key` is the comparable form of a surname: exact equality of keys is the only
  surname rule. It folds case, accents, a possessive and the transliterated endings of one
  surname ("Zelensky", "Zelenskyy", "Zelenskiy" share ``zelensky``), and nothing else, so "Lee"
  and "Leen", "Biden" and "Bidwell" stay apart: no fuzzy or prefix matching anywhere;
* :func:`given_names_compatible` and :func:`same_person` add the given-name and generation rules:
  "Tom Lee" and "Ann Lee" share a surname but are two people;
* :func:`comparable_name` is what eval compares a predicted name with a gold mention by.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Optional

from onrecord.rulefiles import load_rule_file

_PACKAGE = Path(__file__).resolve().parent.parent
_CROSSDOC = _PACKAGE / "entities" / "data" / "crossdoc.json"
_SPEAKERS = _PACKAGE / "statements" / "data" / "speakers.json"
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
# Endings that transliterations of one name write differently: -y, -yy, -iy, -ij, -ii, -i.
_TRANSLITERATED_END = re.compile(r"(?:yy|iy|ij|ii|y|i)$")


@lru_cache(maxsize=1)
def _tables() -> dict:
    crossdoc = load_rule_file(_CROSSDOC)
    speakers = load_rule_file(_SPEAKERS)
    honorifics = frozenset(crossdoc["honorifics"]) | frozenset(speakers["name_titles"])
    return {
        "honorifics": honorifics,
        "suffixes": frozenset(crossdoc["suffixes"]),
        "particles": frozenset(crossdoc["particles"]),
        "determiners": frozenset(crossdoc["determiners"]),
    }


@lru_cache(maxsize=65536)  # the same few names are normalised again and again in every article
def normalize(text: Optional[str]) -> str:
    """Lower case, accents folded, punctuation to spaces: ``"Zelenskyy’s"`` → ``"zelenskyy s"``."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.findall(r"[^\W_]+", plain.lower()))


def slugify(text: str) -> str:
    """``"Dmitry Medvedev"`` → ``"dmitry-medvedev"`` (the id part of a canonical id)."""
    return normalize(text).replace(" ", "-") or "unnamed"


def is_title(word: str) -> bool:
    """ "Mr.", "Sen", "President": a word written before a name that is not part of it."""
    return normalize(word) in _tables()["honorifics"]


def strip_titles(words: list[str]) -> list[str]:
    """The words of a name without the titles before it (one name word always stays)."""
    words = list(words)
    while len(words) > 1 and is_title(words[0]):
        words.pop(0)
    return words


def drop_possessive(word: str) -> str:
    return _POSSESSIVE.sub("", word)


def surname_key(word: str) -> str:
    """The comparable form of a surname; two surnames are the same exactly when their keys are equal."""
    key = normalize(drop_possessive(word)).replace(" ", "")
    if len(key) >= 6:  # short names keep their endings: "Lee" is not "Le", "Brady" not "Brad"
        key = _TRANSLITERATED_END.sub("y", key)
    return key


def _given_key(word: str) -> str:
    """A given name's comparable form: "Volodymyr" and "Volodimir" (y and i) are one name."""
    return normalize(word).replace("y", "i").replace(" ", "")


def person_name_parts(name: str) -> tuple[tuple[str, ...], Optional[str]]:
    """Given names and surname of a personal name, honorifics and suffixes dropped, normalised.

    ``"President Joe Biden"`` → ``(("joe",), "biden")``; ``"Medvedev"`` → ``((), "medvedev")``.
    The possessive "’s" is dropped; a particle before the surname stays with it ("von der leyen").
    """
    tables = _tables()
    tokens = [t for t in normalize(name).split() if t != "s"]
    while tokens and tokens[0] in tables["honorifics"] and len(tokens) > 1:
        tokens.pop(0)
    while tokens and tokens[-1] in tables["suffixes"] and len(tokens) > 1:
        tokens.pop()
    if not tokens:
        return (), None
    surname = [tokens.pop()]
    while tokens and tokens[-1] in tables["particles"]:
        surname.insert(0, tokens.pop())
    return tuple(tokens), " ".join(surname)


def generation(name: str) -> str:
    """The generational suffix of a personal name ("jr", "sr", "ii", ...) or "": Donald Trump Jr. is not Donald Trump."""
    tokens = normalize(name).split()
    return tokens[-1] if len(tokens) > 1 and tokens[-1] in _tables()["suffixes"] else ""


def same_surname(a: str, b: str) -> bool:
    """Equal keys (:func:`surname_key`): Zelensky / Zelenskyy, but not Lee / Leen or Biden / Bidwell."""
    return bool(a) and bool(b) and " ".join(map(surname_key, a.split())) == " ".join(map(surname_key, b.split()))


def given_names_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True unless both sides name a first name and the names differ ("Joe" vs "Hunter").

    An initial matches any name with that letter ("J." ~ "Joe"); "Volodymyr" ~ "Volodimir"; a
    name without its first given name matches the full one (double surnames: "Guajardo Villarreal").
    """
    if not a or not b:
        return True
    keys_a, keys_b = tuple(map(_given_key, a)), tuple(map(_given_key, b))
    if keys_a == keys_b[-len(keys_a) :] or keys_b == keys_a[-len(keys_b) :]:
        return True  # "Guajardo Villarreal" for "Ildefonso Guajardo Villarreal": the first name left out
    x, y = a[0], b[0]
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    return _given_key(x) == _given_key(y)


def same_person(a: str, b: str) -> bool:
    """Two personal names that can be the same person: same surname, given names and generation compatible."""
    given_a, surname_a = person_name_parts(a)
    given_b, surname_b = person_name_parts(b)
    if not surname_a or not surname_b or not same_surname(surname_a, surname_b):
        return False
    if given_a and given_b and generation(a) != generation(b):
        return False
    return given_names_compatible(given_a, given_b)


def comparable_name(text: Optional[str]) -> str:
    """A name or mention as eval compares it: :func:`normalize` without possessives, dots inside
    abbreviations or leading determiners: "The U.S. Officials’" -> "us officials"."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).replace("’", "'")
    text = re.sub(r"'s\b|'\B", "", text, flags=re.I).replace(".", "")
    words = normalize(text).split()
    determiners = _tables()["determiners"]
    while words and words[0] in determiners:
        words = words[1:]
    return " ".join(words)
