"""Across articles: one canonical speaker per person, one canonical statement per syndicated quote.

Two indexes, both kept in memory by the single process that writes the store and rebuilt from the
database when it opens:

:class:`SpeakerIndex`
    Maps each article-level :class:`~onrecord.model.Speaker` to a canonical speaker id
    (``"person:dmitry-medvedev"``). The same person appears as "Zelensky", "Zelenskyy",
    "Volodymyr Zelensky" or, with context, "the Ukrainian President". Rules, in order:

    1. the per-article entity id (a slug of the full name) is already known, and the name fits
       that speaker → that speaker;
    2. the normalised name is a known alias (accents, case, honorifics ignored) → that speaker;
    3. a person whose surname is a known person's surname (:func:`onrecord.text.names.same_surname`:
       equal up to case, accents and transliterated endings, never fuzzily) *and* whose given names
       and generation are compatible (equal up to y/i, an initial, or missing on one side; "Jr."
       differs from none) → that person. "Joe Biden" and "Hunter Biden" share a surname but not a
       given name, so they stay two people; a bare "Biden" goes to the Biden named in the same
       article, else to the one seen most often; a first name alone ("Hillary") that is nobody's
       surname goes to the most quoted person of that first name. Aliases the article-level step
       gave that name another person are neither used nor kept;
    4. a one-word "organisation" that is exactly a known person's surname (a tagging slip: "Trump
       said") → that person, chosen as in rule 3;
    5. a bare role ("Ukrainian President", no personal name), or an unnamed source described by a
       single office ("the Ukrainian president", see :func:`is_office_reference`) → the person of
       the same article holding that role, else the one person recorded in that role within
       :attr:`SpeakerIndex.role_window_days` of the article's date; no link when it is ambiguous.
       Roles compare by word stems (:func:`role_key`): "President of Ukraine" = "Ukrainian president";
    6. otherwise a new canonical speaker. Other anonymous sources ("a senior official") are never
       merged across articles.

:class:`NearDuplicateIndex`
    MinHash LSH over word shingles of article bodies (datasketch). An article whose body is at
    least :attr:`~NearDuplicateIndex.threshold` similar (estimated Jaccard) to an earlier one joins
    that article's cluster; :func:`match_statements` then maps its statements onto the earlier
    report's, so a quote carried by five outlets is one canonical statement with five sources.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import numpy as np
from rapidfuzz import fuzz  # statement texts only (match_statements); names never compare fuzzily

from onrecord.model import Speaker
from onrecord.rulefiles import load_rule_file
from onrecord.text.names import (  # the one set of name rules; re-exported for the store and tests
    generation,
    given_names_compatible,
    normalize,
    person_name_parts,
    same_surname,
    slugify,
)
from onrecord.text.names import (
    same_person as person_names_compatible,
)

_DATA = Path(__file__).with_name("data") / "crossdoc.json"
MINHASH_SCHEME = "affine32"  # fixed so that stored signatures stay comparable across datasketch versions


@lru_cache(maxsize=1)
def _tables() -> dict:
    data = load_rule_file(_DATA)
    return {key: frozenset(values) for key, values in data.items() if not key.startswith("_")}


def is_bare_role(speaker: Speaker) -> bool:
    """A speaker known only by a role: "the Ukrainian President", with no personal name in the article.

    The name *is* the role (or ends with it), or, with no role given, the name is a lower-case
    description ("the foreign minister"). A capitalised name is taken for a name.
    """
    if speaker.anonymous or speaker.kind not in ("person", "unknown"):
        return False
    name = normalize(speaker.name)
    role = normalize(speaker.role or "")
    if role:
        return name == role or name.endswith(" " + role)
    words = [w for w in speaker.name.split() if w.lower() not in ("the", "a", "an")]
    return bool(words) and all(w[:1].islower() for w in words)


def role_key(role: Optional[str]) -> Optional[str]:
    """The comparable form of a role: its words' 4-letter stems, sorted, so that a demonym meets its
    country: "the Ukrainian president", "Ukrainian President" and "President of Ukraine" all give
    ``"pres ukra"``; "Foreign Minister of China" and "Chinese foreign minister" give ``"chin fore mini"``.
    (French/France and the like still differ.)
    """
    if not role:
        return None
    stop = _tables()["role_stopwords"]
    stems = sorted({w[:4] for w in normalize(role).split() if w not in stop})
    return " ".join(stems) or None


def is_office_reference(speaker: Speaker) -> bool:
    """An unnamed speaker referred to by a single office ("the Ukrainian president", "Kremlin
    spokesman"), which can be linked to the office's holder; not "a senior official", not "officials",
    not a bare "the president" (too many presidents)."""
    if speaker.kind not in ("person", "unknown"):
        return False  # groups: "Democrats", "officials"
    not_one = _tables()["not_one_office"]
    words = normalize(speaker.name or "").split()
    described = normalize(speaker.description or "").split()
    if not words or words[0] in not_one or (described and described[0] in not_one):
        return False
    last = words[-1]
    if last.endswith("s") and not last.endswith(("ss", "us")):
        return False  # plural: officials, sources, analysts
    key = role_key(speaker.role or speaker.name)
    return bool(key) and len(key.split()) >= 2


@dataclass
class CanonicalSpeaker:
    """A person or organisation as the store knows it across articles."""

    id: str
    name: str
    kind: str
    aliases: set[str] = field(default_factory=set)
    given: tuple[str, ...] = ()
    surname: Optional[str] = None
    generation: str = ""
    count: int = 0  # article speakers linked to it: breaks ties between namesakes


@dataclass
class Changes:
    """What :meth:`SpeakerIndex.assign` changed, for the store to write in the same transaction."""

    new: list[CanonicalSpeaker] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)  # id -> new display name
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (speaker id, alias)


class SpeakerIndex:
    """Resolves article speakers to canonical speakers; see the module docstring for the rules."""

    role_window_days = 180
    max_alias_length = 120

    def __init__(self) -> None:
        self.speakers: dict[str, CanonicalSpeaker] = {}
        self._by_alias: dict[str, set[str]] = {}  # normalised alias -> ids
        self._by_surname_initial: dict[str, set[str]] = {}  # first letter of surname -> person ids
        self._by_first_name: dict[str, set[str]] = {}  # first given name -> person ids
        self._by_role: dict[str, list[tuple[Optional[dt.date], str]]] = {}  # role key -> (date, id)

    # -- building -------------------------------------------------------------------------------
    def load(
        self,
        speakers: Iterable[tuple[str, str, str]],
        aliases: Iterable[tuple[str, str]],
        roles: Iterable[tuple[str, Optional[str], Optional[dt.date]]],
    ) -> "SpeakerIndex":
        """Fill the index from stored rows: (id, name, kind), (speaker id, alias), (speaker id, role, date)."""
        for sid, name, kind in speakers:
            self._add_speaker(CanonicalSpeaker(id=sid, name=name, kind=kind))
        for sid, alias in aliases:
            if sid in self.speakers:
                self._add_alias(self.speakers[sid], alias)
        for sid, role, date in roles:
            if sid in self.speakers:
                self.speakers[sid].count += 1
                self._add_role(sid, role, date)
        return self

    def _add_speaker(self, canon: CanonicalSpeaker) -> None:
        if canon.kind == "person":
            canon.given, canon.surname = person_name_parts(canon.name)
            canon.generation = generation(canon.name)
            if canon.surname:
                self._by_surname_initial.setdefault(canon.surname[:1], set()).add(canon.id)
            if canon.given:
                self._by_first_name.setdefault(canon.given[0], set()).add(canon.id)
        self.speakers[canon.id] = canon
        self._add_alias(canon, canon.name)

    def _add_alias(self, canon: CanonicalSpeaker, alias: str) -> bool:
        alias = " ".join(alias.split())
        if not alias or len(alias) > self.max_alias_length or alias in canon.aliases:
            return False
        canon.aliases.add(alias)
        self._by_alias.setdefault(normalize(alias), set()).add(canon.id)
        return True

    @staticmethod
    def _alias_fits(canon: CanonicalSpeaker, alias: str) -> bool:
        """A person keeps only aliases that name them: another given name ("Bill Clinton" for Hillary
        Clinton, a slip of the article-level linker) would later pull that other person in."""
        if canon.kind != "person" or not canon.surname:
            return True
        given, surname = person_name_parts(alias)
        if not surname:
            return False
        if not given:
            return True  # surname or one-word name
        return (
            same_surname(surname, canon.surname)
            and given_names_compatible(given, canon.given)
            and generation(alias) == canon.generation
        )

    def _add_role(self, sid: str, role: Optional[str], date: Optional[dt.date]) -> None:
        key = role_key(role)
        if key:
            self._by_role.setdefault(key, []).append((date, sid))

    # -- resolving ------------------------------------------------------------------------------
    def assign(
        self, speakers: list[Speaker], published: Optional[dt.date] = None
    ) -> tuple[dict[str, Optional[str]], Changes]:
        """Canonical id (or None for anonymous/unresolvable sources) of each speaker of one article.

        Named speakers are resolved first so that a bare role can be linked to the person of the
        same article who holds it. The index is updated (new speakers, aliases, roles).
        """
        changes = Changes()
        result: dict[str, Optional[str]] = {}
        in_article: list[tuple[Speaker, str]] = []
        named = [s for s in speakers if not s.anonymous and not is_bare_role(s)]
        # Full names before bare surnames, so "Medvedev" finds the "Dmitry Medvedev" of the same article.
        named.sort(key=lambda s: -len(person_name_parts(s.name)[0]) if s.kind == "person" else 0)
        for sp in named:
            sid = self._resolve_named(sp, in_article, changes)
            result[sp.id] = sid
            in_article.append((sp, sid))
        for sp in speakers:
            if sp.id in result:
                continue
            linkable = not sp.anonymous or is_office_reference(sp)
            result[sp.id] = self._resolve_role(sp, in_article, published) if linkable else None
        for sp in speakers:
            sid = result.get(sp.id)
            if sid is None:
                continue
            canon = self.speakers[sid]
            canon.count += 1
            for alias in [sp.name, *sp.aliases]:
                if (not is_bare_role(sp) or alias != sp.name) and self._alias_fits(canon, alias):
                    if self._add_alias(canon, alias):
                        changes.aliases.append((sid, " ".join(alias.split())))
            self._add_role(sid, sp.role, published)
        return result, changes

    def _resolve_named(self, sp: Speaker, in_article: list[tuple[Speaker, str]], changes: Changes) -> str:
        kind = sp.kind if sp.kind != "unknown" else "person"
        known = self.speakers.get(sp.entity_id or "")
        if known and self._kind_ok(known, kind) and self._alias_fits(known, sp.name):
            return self._maybe_rename(known, sp, changes)
        found = self._match(sp.name, kind, in_article)
        # Aliases help when the name itself matched nothing, but a person's bare-surname alias
        # ("Clinton" for "Bill Clinton") would take the most-quoted namesake: only fuller aliases count.
        # Aliases the article-level linker gave that name someone else ("Hillary Clinton" listed for
        # "Chelsea Clinton") are ignored too.
        has_given = kind == "person" and bool(person_name_parts(sp.name)[0])
        if found is None:
            for alias in (
                a
                for a in sp.aliases
                if not has_given or (person_name_parts(a)[0] and person_names_compatible(a, sp.name))
            ):
                found = self._match(alias, kind, in_article)
                if found:
                    break
        if found is None and kind == "organization":
            found = self._surname_as_organization(sp.name, in_article)
        if found is not None:
            return self._maybe_rename(self.speakers[found], sp, changes)
        base = sp.entity_id or f"{kind}:{slugify(sp.name)}"
        sid, n = base, 1
        while sid in self.speakers:  # a namesake the rules kept apart
            n += 1
            sid = f"{base}-{n}"
        canon = CanonicalSpeaker(id=sid, name=" ".join(sp.name.split()), kind=kind)
        self._add_speaker(canon)
        changes.new.append(canon)
        changes.aliases.append((sid, canon.name))
        return sid

    @staticmethod
    def _kind_ok(canon: CanonicalSpeaker, kind: str) -> bool:
        return canon.kind == kind or "unknown" in (canon.kind, kind)

    def _match(self, name: str, kind: str, in_article: list[tuple[Speaker, str]]) -> Optional[str]:
        norm = normalize(name)
        if not norm:
            return None
        if kind != "person":
            ids = [i for i in self._by_alias.get(norm, ()) if self._kind_ok(self.speakers[i], kind)]
            return self._pick(ids, in_article)
        given, surname = person_name_parts(name)
        if not surname:
            return None
        candidates = []
        for sid in self._by_surname_initial.get(surname[:1], ()):
            canon = self.speakers[sid]
            if (
                canon.surname
                and same_surname(canon.surname, surname)
                and given_names_compatible(canon.given, given)
                and (not given or canon.generation == generation(name))
            ):
                candidates.append(canon)
        if not candidates:
            if given:
                return None
            # A one-word alias recorded for someone ("Bibi") still counts; so does a first name used
            # alone ("Hillary", "Bernie") when it is nobody's surname.
            aliased = [i for i in self._by_alias.get(norm, ()) if self.speakers[i].kind == "person"]
            by_first = sorted(self._by_first_name.get(surname, ()))
            return self._pick(aliased or by_first, in_article)
        if given:
            # Prefer the same given name, then a spelling variant or initial, then a surname-only speaker.
            def rank(c: CanonicalSpeaker) -> int:
                return 0 if c.given and c.given[0] == given[0] else 1 if c.given else 2

            top = min(rank(c) for c in candidates)
            return self._pick([c.id for c in candidates if rank(c) == top], in_article)
        return self._pick([c.id for c in candidates], in_article)

    def _surname_as_organization(self, name: str, in_article: list[tuple[Speaker, str]]) -> Optional[str]:
        """A one-word "organisation" that is exactly a known person's surname ("Trump said") is that person.

        Named-entity taggers often label a bare surname ORG; a real organisation of that name would
        have matched its own alias first.
        """
        norm = normalize(name)
        if not norm or " " in norm:
            return None
        ids = [
            sid
            for sid in self._by_surname_initial.get(norm[:1], ())
            if self.speakers[sid].surname
            and same_surname(self.speakers[sid].surname, norm)
            and self.speakers[sid].given
        ]
        return self._pick(ids, in_article)

    def _pick(self, ids: list[str], in_article: list[tuple[Speaker, str]]) -> Optional[str]:
        if not ids:
            return None
        local = {sid for _, sid in in_article}
        same = [i for i in ids if i in local]
        pool = same or ids
        return max(pool, key=lambda i: (self.speakers[i].count, -len(i), i))  # deterministic tie-break

    def _maybe_rename(self, canon: CanonicalSpeaker, sp: Speaker, changes: Changes) -> str:
        """A fuller name replaces a surname-only display name ("Zelenskyy" → "Volodymyr Zelenskyy")."""
        if canon.kind != "person":
            return canon.id
        given, surname = person_name_parts(sp.name)
        if given and not canon.given and surname:
            canon.name = " ".join(sp.name.split())
            canon.given, canon.surname, canon.generation = given, surname, generation(sp.name)
            self._by_first_name.setdefault(given[0], set()).add(canon.id)
            changes.renamed[canon.id] = canon.name
        return canon.id

    def _resolve_role(
        self, sp: Speaker, in_article: list[tuple[Speaker, str]], published: Optional[dt.date]
    ) -> Optional[str]:
        key = role_key(sp.role) or role_key(sp.name)
        if not key:
            return None
        for other, sid in in_article:
            if role_key(other.role) == key:
                return sid
        holders = self._by_role.get(key, [])
        if published is not None:
            window = dt.timedelta(days=self.role_window_days)
            holders = [(d, s) for d, s in holders if d is None or abs(d - published) <= window]
        people = {s for _, s in holders}
        return people.pop() if len(people) == 1 else None


class NearDuplicateIndex:
    """Finds syndicated copies: bodies whose word-shingle sets are ``threshold``-similar (MinHash LSH)."""

    def __init__(self, threshold: float = 0.7, num_perm: int = 64, shingle: int = 5):
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle = shingle
        # Weighted against false negatives: candidates are verified on the full signature anyway.
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(0.1, 0.9))
        self._sigs: dict[str, np.ndarray] = {}
        self._root: dict[str, str] = {}

    def signature(self, text: str) -> np.ndarray:
        """The MinHash signature of a body for this index (see :func:`body_signature`)."""
        return body_signature(text, num_perm=self.num_perm, shingle=self.shingle)

    def find(self, signature: np.ndarray) -> Optional[str]:
        """The cluster (id of its first article) this signature is a near-copy of, or None."""
        from datasketch import MinHash

        mh = MinHash(num_perm=self.num_perm, hashvalues=signature, scheme=MINHASH_SCHEME)
        best, best_sim = None, self.threshold
        for key in sorted(self._lsh.query(mh)):
            sim = float(np.mean(self._sigs[key] == signature))
            if sim >= best_sim:
                best, best_sim = key, sim
        return self._root[best] if best else None

    def add(self, article_id: str, signature: np.ndarray, root: Optional[str] = None) -> None:
        """Index an article; ``root`` is the first article of its cluster (itself when None)."""
        from datasketch import MinHash

        if article_id in self._sigs:
            return
        self._sigs[article_id] = signature
        self._root[article_id] = root or article_id
        self._lsh.insert(article_id, MinHash(num_perm=self.num_perm, hashvalues=signature, scheme=MINHASH_SCHEME))


def shingles(text: str, n: int = 5) -> set[str]:
    """The word ``n``-grams of a normalised text (the whole text when it has fewer than ``n`` words)."""
    words = normalize(text).split()
    return {" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}


def body_signature(text: str, num_perm: int = 64, shingle: int = 5) -> np.ndarray:
    """The MinHash signature (``num_perm`` uint64 values) of a body's word ``shingle``-grams.

    A module function so that ingest workers can compute it next to extraction.
    """
    from datasketch import MinHash

    mh = MinHash(num_perm=num_perm, scheme=MINHASH_SCHEME)
    mh.update_batch([g.encode("utf-8") for g in shingles(text, shingle)])
    return mh.hashvalues.astype(np.uint64)


def match_statements(
    new: list[tuple[str, str]], earlier: list[tuple[str, str, str]], min_ratio: float = 90.0
) -> dict[str, str]:
    """Map statements of a near-copy onto the earlier report's: ``{new id: canonical id}``.

    ``new`` holds (id, quote text); ``earlier`` holds (id, canonical id, quote text). A quote
    matches when its normalised text is ``min_ratio`` similar (rapidfuzz ratio), which tolerates
    the small edits syndication makes; each earlier statement is used once.
    """
    out: dict[str, str] = {}
    used: set[str] = set()
    pool = [(eid, cid, normalize(text)) for eid, cid, text in earlier]
    for nid, text in new:
        norm = normalize(text)
        best, best_score = None, min_ratio
        for eid, cid, etext in pool:
            if eid in used:
                continue
            score = fuzz.ratio(norm, etext, score_cutoff=best_score)
            if score >= best_score:
                best, best_score = (eid, cid), score
        if best:
            used.add(best[0])
            out[nid] = best[1]
    return out
