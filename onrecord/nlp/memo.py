"""Memoised stand-ins for spaCy's attribute ruler and rule lemmatizer: same output, a fraction of the cost.

In ``en_core_web_sm`` the attribute ruler (tag → POS and morphology, plus word exceptions) and the
rule lemmatizer are pure Python over every token: together a fifth of the whole parse, more than the
tagger and the parser's own scoring. Yet both are functions of a handful of token attributes, and a
news article repeats the same few hundred word/tag combinations over and over:

* an attribute-ruler pattern of one token looks only at that token (its tag, lower-cased form,
  dependency label, whitespace flag); so the attributes it assigns are a function of those values,
  worked out once per distinct combination and written back with one ``Doc.from_array`` call;
* spaCy's lemmatizer answers per (word, POS, morphology) but re-derives, token after token, the
  lemma of every word already in its base form; here each distinct triple is worked out once.

Patterns that are not single-token, or use a predicate this module does not evaluate, still go
through a spaCy ``Matcher`` holding just those patterns, and the tokens they touch get every rule
applied in the original order. The output is token-for-token identical to the stock components:
``tests/test_nlp_memo.py`` checks POS, morphology and lemma on real articles.

Use :func:`memoise_pipeline` (``onrecord.nlp.load_nlp`` does) rather than the classes directly.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any, Callable, Optional

import numpy
from spacy.attrs import IDS, LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline.attributeruler import set_token_attrs
from spacy.tokens import Doc

# Token attributes a single-token pattern may test, and how to read each from a token's array row.
_STRING_KEYS = ("ORTH", "TEXT", "LOWER", "TAG", "POS", "DEP", "LEMMA", "NORM", "SHAPE", "ENT_TYPE")
_BOOL_KEYS = ("IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_STOP")
# What the fast path writes with one array call; any other attribute is set token by token.
_ARRAY_WRITABLE = (POS, MORPH, LEMMA)

Predicate = Callable[[Any], bool]

# The class of every attribute value no rule names; no string hashes to it in practice.
_OTHER = 2**64 - 1


class _Unnamed:
    """Stands for "a value no rule names": equal to nothing, in no list, matched by no regex."""

    def __repr__(self) -> str:
        return "<unnamed>"


_UNNAMED = _Unnamed()


def _value_test(value: Any) -> Optional[Predicate]:
    """A test for one pattern value (``"NN"``, ``{"IN": [...]}`` …), or None if not supported here."""
    if isinstance(value, (str, bool, int)):
        return lambda seen: seen == value
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op == "IN":
            allowed = frozenset(arg)
            return lambda seen: seen in allowed
        if op == "NOT_IN":
            banned = frozenset(arg)
            return lambda seen: seen not in banned
        if op == "REGEX":
            search = re.compile(arg).search
            return lambda seen: isinstance(seen, str) and search(seen) is not None
    return None


class _TokenRule:
    """One single-token pattern compiled to tests over named token attributes."""

    def __init__(self, tests: dict[str, Predicate]):
        self.tests = tests

    def matches(self, values: dict[str, Any]) -> bool:
        return all(test(values[key]) for key, test in self.tests.items())


def _compile_token(spec: dict) -> Optional[_TokenRule]:
    tests: dict[str, Predicate] = {}
    for key, value in spec.items():
        key = key.upper()
        key = "ORTH" if key == "TEXT" else key
        if key not in _STRING_KEYS and key not in _BOOL_KEYS:
            return None  # "OP", extension attributes, lengths …: left to spaCy's Matcher
        test = _value_test(value)
        if test is None:
            return None
        tests[key] = test
    return _TokenRule(tests)


def _compile_pattern(pattern: list[dict]) -> Optional[tuple[_TokenRule, ...]]:
    """A fixed-length pattern as one test per token, or None where only the Matcher can run it."""
    compiled = tuple(_compile_token(spec) for spec in pattern)
    return compiled if compiled and all(compiled) else None  # type: ignore[return-value]


class MemoAttributeRuler:
    """spaCy's ``AttributeRuler`` with its token tests evaluated once per distinct token signature.

    Built from a loaded ``AttributeRuler`` (its rules, in their order); see the module docstring.
    A rule's patterns are run here when every token of them is a plain test; multi-token patterns
    are then found by chaining the per-token answers. Anything else goes to a ``Matcher``.
    """

    def __init__(self, ruler):
        self.vocab = ruler.vocab
        self.attrs: list[dict] = list(ruler.attrs)
        self.indices: list[int] = list(ruler.indices)
        # (rule number, pattern number) -> per-token tests; single-token ones are the common case
        self.sequences: dict[tuple[int, int], tuple[_TokenRule, ...]] = {}
        self.matcher = Matcher(self.vocab, validate=False)  # the rules no test here can express
        # A word no rule names behaves like any other such word: folding them into one class keeps
        # the number of distinct signatures near (tags × labels) instead of growing with the vocabulary.
        self._named: dict[str, set] = defaultdict(set)
        self._regexes: dict[str, list] = defaultdict(list)
        for number in range(len(self.attrs)):
            _, patterns = ruler.matcher.get(str(number))
            compiled = [_compile_pattern(p) for p in patterns]
            if not all(compiled):
                self.matcher.add(str(number), patterns)
                continue
            for k, tests in enumerate(compiled):
                self.sequences[(number, k)] = tests  # type: ignore[assignment]
            for spec in (spec for pattern in patterns for spec in pattern):
                for key, value in spec.items():
                    self._note_value("ORTH" if key.upper() == "TEXT" else key.upper(), value)
        self.signature_keys = sorted({key for tests in self.sequences.values() for rule in tests for key in rule.tests})
        self.signature_ids = [IDS[k] for k in self.signature_keys] or [ORTH]
        self._classes: dict[str, dict[int, int]] = {key: {} for key in self.signature_keys}
        self._cache: dict[tuple, tuple] = {}

    def _note_value(self, key: str, value: Any) -> None:
        if isinstance(value, dict):
            for op, arg in value.items():
                if op == "REGEX":
                    self._regexes[key].append(re.compile(arg))
                else:
                    self._named[key].update(arg)
        else:
            self._named[key].add(value)

    def _class_of(self, key: str, raw: int) -> int:
        """``raw`` itself where some rule names or matches that value, else the shared class."""
        if key in _BOOL_KEYS:
            return raw
        value = self.vocab.strings[raw]
        if value in self._named[key] or any(regex.search(value) for regex in self._regexes[key]):
            return raw
        return _OTHER

    def _resolve(self, row: tuple) -> tuple:
        """For one distinct signature: the single-token rules it fires, their merged effect where it
        is array-writable (else None), and the (rule, pattern, position) tests of longer patterns it
        passes."""
        strings = self.vocab.strings
        values = {
            key: (bool(raw) if key in _BOOL_KEYS else _UNNAMED if raw == _OTHER else strings[raw])
            for key, raw in zip(self.signature_keys, row)
        }
        fired: list[int] = []
        steps: set[tuple[int, int, int]] = set()
        for (number, k), tests in self.sequences.items():
            if len(tests) == 1:
                if tests[0].matches(values) and (not fired or fired[-1] != number):
                    fired.append(number)
                continue
            steps.update((number, k, at) for at, rule in enumerate(tests) if rule.matches(values))
        merged: Optional[dict] = {}
        for number in fired:
            if self.indices[number] not in (0, -1) or not set(self.attrs[number]) <= set(_ARRAY_WRITABLE):
                merged = None
                break
            merged.update(self.attrs[number])
        return tuple(fired), merged, frozenset(steps)

    def _sequence_matches(self, entries: list, inverse) -> list[tuple[int, int, int]]:
        """(rule number, start, end) of every multi-token pattern match, found from per-token answers."""
        found = []
        n = len(inverse)
        for start in range(n):
            for number, k, at in entries[inverse[start]][2]:
                if at:
                    continue
                length = len(self.sequences[(number, k)])
                end = start + length
                if end <= n and all((number, k, j) in entries[inverse[start + j]][2] for j in range(1, length)):
                    found.append((number, start, end))
        return found

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array(self.signature_ids)
        if rows.ndim == 1:
            rows = rows.reshape(-1, 1)
        for column, key in enumerate(self.signature_keys):
            if key in _BOOL_KEYS:
                continue
            values, where = numpy.unique(rows[:, column], return_inverse=True)
            known = self._classes[key]
            classes = []
            for raw in values.tolist():
                cls = known.get(raw)
                if cls is None:
                    cls = known[raw] = self._class_of(key, raw)
                classes.append(cls)
            rows[:, column] = numpy.asarray(classes, dtype=numpy.uint64)[where.reshape(-1)]
        distinct, inverse = numpy.unique(rows, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1).tolist()
        cache = self._cache
        entries = []
        for row in map(tuple, distinct.tolist()):
            entry = cache.get(row)
            if entry is None:
                entry = cache[row] = self._resolve(row)
            entries.append(entry)

        # Rule applications that need spaCy's own setter, token by token, in spaCy's order.
        slow: dict[int, set[tuple[int, int, int]]] = {}
        matches = list(self._sequence_matches(entries, inverse)) if any(e[2] for e in entries) else []
        if len(self.matcher):
            matches += [
                (int(self.vocab.strings[match_id]), start, end)
                for match_id, start, end in self.matcher(doc, allow_missing=True, as_spans=False)
            ]
        for number, start, end in matches:
            try:
                target = range(start, end)[self.indices[number]]
            except IndexError:
                raise ValueError(
                    f"attribute ruler rule {number}: index {self.indices[number]} outside its match"
                ) from None
            slow.setdefault(target, set()).add((number, start, end))
        for i, entry_index in enumerate(inverse):
            fired, merged, _ = entries[entry_index]
            if fired and (merged is None or i in slow):
                slow.setdefault(i, set()).update((number, i, i + 1) for number in fired)

        # Everything else: one gather per attribute, one array write.
        index = numpy.asarray(inverse)
        current = doc.to_array(list(_ARRAY_WRITABLE))
        updated = current.copy()
        for column, attr in enumerate(_ARRAY_WRITABLE):
            sets = numpy.array([bool(e[1]) and attr in e[1] for e in entries])
            if not sets.any():
                continue
            table = numpy.array([e[1][attr] if e[1] and attr in e[1] else 0 for e in entries], dtype=numpy.uint64)
            updated[:, column] = numpy.where(sets[index], table[index], current[:, column])
        if (updated != current).any():
            doc.from_array(list(_ARRAY_WRITABLE), updated)
        for i in sorted(slow):
            for number, _, _ in sorted(slow[i]):
                set_token_attrs(doc[i], self.attrs[number])
        return doc


class MemoLemmatizer:
    """spaCy's rule lemmatizer, asked once per distinct (word, POS, morphology) while the process lives.

    Wraps a loaded ``Lemmatizer`` in ``rule`` mode. Its answer is a function of that triple alone (it
    is the key of spaCy's own cache), but spaCy re-derives it for every token whose form is already
    the lemma, which is most of them; here each triple is worked out once, and the table is dropped
    when it reaches ``max_entries`` so that memory stays bounded on endless corpora.
    """

    def __init__(self, lemmatizer, max_entries: int = 500_000):
        self.lemmatizer = lemmatizer
        self.vocab = lemmatizer.vocab
        self.overwrite = lemmatizer.overwrite
        self.max_entries = max_entries
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        lemmatize = self.lemmatizer.lemmatize
        strings = self.vocab.strings
        if len(self._lemmas) > self.max_entries:
            self._lemmas.clear()
        known = self._lemmas
        keys = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = keys[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(keys.tolist()):
            if lemma and not self.overwrite:
                continue
            key = (orth, pos, morph)
            value = known.get(key)
            if value is None:
                value = known[key] = strings.add(lemmatize(doc[i])[0])
            lemmas[i] = value
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


MEMO_ATTRIBUTES = "onrecord_memo_attribute_ruler"
MEMO_LEMMAS = "onrecord_memo_lemmatizer"


@Language.factory(MEMO_ATTRIBUTES, default_config={"wraps": "attribute_ruler"})
def make_memo_attribute_ruler(nlp: Language, name: str, wraps: str) -> MemoAttributeRuler:
    """The memoised form of the pipeline's loaded attribute ruler called ``wraps``."""
    return MemoAttributeRuler(nlp.get_pipe(wraps))


@Language.factory(MEMO_LEMMAS, default_config={"wraps": "lemmatizer"})
def make_memo_lemmatizer(nlp: Language, name: str, wraps: str) -> MemoLemmatizer:
    """The memoised form of the pipeline's loaded rule lemmatizer called ``wraps``."""
    return MemoLemmatizer(nlp.get_pipe(wraps))


def memoise_pipeline(nlp: Language) -> list[str]:
    """Swap, in place, ``nlp``'s stock attribute ruler and rule lemmatizer for their memoised forms.

    Each keeps its name and place in the pipeline. Returns the names of the components swapped; one
    that is missing, disabled or not of the expected kind (a lookup lemmatizer, say) is left alone.
    """
    from spacy.pipeline import AttributeRuler, Lemmatizer

    swapped = []
    for name, component in list(nlp.pipeline):
        if type(component) is AttributeRuler:
            factory = MEMO_ATTRIBUTES
        elif isinstance(component, Lemmatizer) and component.mode == "rule":
            factory = MEMO_LEMMAS
        else:
            continue
        temporary = f"{name}__memo"
        nlp.add_pipe(factory, name=temporary, before=name, config={"wraps": name})
        nlp.remove_pipe(name)
        nlp.rename_pipe(temporary, name)
        swapped.append(name)
    return swapped
