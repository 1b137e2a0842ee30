"""Reading quotation clusters: a cluster's appearances, outlets, wording variants, diffs and flags."""

from __future__ import annotations

import re
import weakref
from collections import Counter
from typing import Optional

import sqlalchemy as sa

from onrecord.provenance.clusters import ClusterIndex, contained_in
from onrecord.provenance.diff import changed_words, classify, flags, word_diff
from onrecord.provenance.hook import Provenance
from onrecord.provenance.text import n_words, normalize_quote, plain
from onrecord.statements.lexicon import lexicon
from onrecord.store.schema import articles, outlets, quote_fragments, speakers, statements
from onrecord.text import names

_reader_state: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # per store object


def _iso(value) -> Optional[str]:
    return value.isoformat() if value is not None and not isinstance(value, str) else value


def reader_index(store, conn) -> ClusterIndex:
    """The cluster index for matching a user's text, reloaded when the store has grown since."""
    state = _reader_state.setdefault(store, Provenance())
    stored = state._stored_high_water(conn)
    if state.index is None or state.high_water != stored:
        state.load(conn)
    return state.index


def _members(conn, cluster_ids: list[int]) -> list[dict]:
    q = (
        sa.select(
            quote_fragments.c.cluster_id,
            quote_fragments.c.key,
            quote_fragments.c.text.label("fragment"),
            quote_fragments.c.norm,
            quote_fragments.c.match_kind,
            quote_fragments.c.start.label("fragment_start"),
            quote_fragments.c.end.label("fragment_end"),
            statements.c.quote_start,
            statements.c.id.label("statement_id"),
            statements.c.quote_text,
            statements.c.type,
            statements.c.context,
            statements.c.speaker_id,
            statements.c.speaker_name,
            statements.c.sort_date,
            statements.c.position,
            speakers.c.name.label("canonical_name"),
            articles.c.id.label("article_id"),
            articles.c.pk.label("article_pk"),
            articles.c.title,
            articles.c.published,
            articles.c.url,
            outlets.c.name.label("outlet"),
        )
        .select_from(
            quote_fragments.join(statements, statements.c.id == quote_fragments.c.statement_id)
            .join(articles, articles.c.id == statements.c.article_id)
            .outerjoin(outlets, outlets.c.id == articles.c.outlet_id)
            .outerjoin(speakers, speakers.c.id == statements.c.speaker_id)
        )
        .where(quote_fragments.c.cluster_id.in_(cluster_ids))
    )
    rows = [dict(r) for r in conn.execute(q).mappings()]
    # First appearance: earliest publication date, then ingest order (article pk), then position.
    rows.sort(key=lambda r: (r["published"] is None, r["published"] or 0, r["article_pk"], r["position"], r["key"]))
    return rows


def _copies(conn, statement_ids: list[str]) -> dict[str, list[dict]]:
    """Syndicated copies of the given statements (near-duplicate articles), by original statement id."""
    if not statement_ids:
        return {}
    q = (
        sa.select(statements.c.canonical_id, statements.c.id, articles.c.id, articles.c.published, outlets.c.name)
        .join(articles, articles.c.id == statements.c.article_id)
        .outerjoin(outlets, outlets.c.id == articles.c.outlet_id)
        .where(statements.c.canonical_id.in_(statement_ids), statements.c.id != statements.c.canonical_id)
        .order_by(articles.c.pk)
    )
    out: dict[str, list[dict]] = {}
    for cid, sid, aid, published, outlet in conn.execute(q):
        out.setdefault(cid, []).append(dict(statement_id=sid, article_id=aid, published=_iso(published), outlet=outlet))
    return out


def _appearance(r: dict) -> dict:
    return dict(
        statement_id=r["statement_id"],
        article_id=r["article_id"],
        title=r["title"],
        outlet=r["outlet"],
        published=_iso(r["published"]),
        url=r["url"],
        type=r["type"],
        fragment=r["fragment"],
        # Where the fragment stands in the article body: unlike statement ids (renumbered when the
        # extractor finds one statement more or fewer earlier), it names the same words across rebuilds.
        span=[r["quote_start"] + r["fragment_start"], r["quote_start"] + r["fragment_end"]],
        speaker=dict(id=r["speaker_id"], name=r["canonical_name"] or r["speaker_name"]),
        match=r["match_kind"],
    )


def build_cluster(cluster_id: int, rows: list[dict], copies: dict[str, list[dict]]) -> dict:
    """The reader's view of one cluster from its member rows (sorted by first appearance)."""
    variants: dict[str, dict] = {}
    for r in rows:
        v = variants.setdefault(plain(r["norm"]), dict(text=r["fragment"], norm=r["norm"], appearances=[]))
        v["appearances"].append(r)
    ordered = list(variants.values())  # in order of first appearance
    full = [
        v
        for v in ordered
        if not any(
            o is not v and n_words(o["norm"]) > n_words(v["norm"]) and contained_in(v["norm"], o["norm"])
            for o in ordered
        )
    ]
    reference = full[0] if full else ordered[0]
    speaker_counts = Counter(r["speaker_id"] for r in rows if r["speaker_id"])
    names = {r["speaker_id"]: r["canonical_name"] or r["speaker_name"] for r in rows if r["speaker_id"]}
    # The attribution the others are checked against: the speaker most appearances give (ties: the earliest),
    # so that one mis-attributed first report does not flag every correct one after it.
    order = {sid: i for i, sid in reversed(list(enumerate(r["speaker_id"] for r in rows)))}
    ranked = sorted(speaker_counts.items(), key=lambda kv: (-kv[1], order[kv[0]]))
    ref_speaker = ranked[0][0] if ranked else None
    ref_name = names.get(ref_speaker)
    ref_context = next((r["context"] for r in rows if r["speaker_id"] == ref_speaker), None)
    nested = {id(v): _nested_quotations(v["text"]) for v in ordered}
    out_variants, all_flags = [], Counter()
    for v in ordered:
        kind = "reference" if v is reference else classify(v["norm"], reference["norm"])
        diff = (
            []
            if v is reference
            else word_diff(
                v["norm"],
                reference["norm"],
                normalize_quote(v["text"], keep_case=True),
                normalize_quote(reference["text"], keep_case=True),
            )
        )
        apps = []
        for r in v["appearances"]:
            app = _appearance(r)
            app["flags"] = (
                [] if v is reference and r["speaker_id"] == ref_speaker else flags(kind, r["speaker_id"], ref_speaker)
            )
            if "conflicting_attribution" in app["flags"]:
                name = r["canonical_name"] or r["speaker_name"]
                if _quotes_the_other(v, ordered, nested, ref_speaker):
                    app["flags"] = []
                elif same_person(name, ref_name) or _names(r["context"], ref_name) or _names(ref_context, name):
                    # One person under two ids, or the extractor's slip on one side: the report gives
                    # the words to the reference speaker, so its wording is checked as theirs.
                    app["flags"] = flags(kind, ref_speaker, ref_speaker)
            app["copies"] = copies.get(r["statement_id"], [])
            all_flags.update(app["flags"])
            apps.append(app)
        out_variants.append(
            dict(
                text=v["text"],
                kind=kind,
                diff=diff,
                changes=changed_words(diff),
                appearances=apps,
                flags=sorted({f for a in apps for f in a["flags"]}),
            )
        )
    first = rows[0]
    articles_seen: dict[str, dict] = {}
    for r in rows:
        articles_seen.setdefault(
            r["article_id"],
            dict(
                article_id=r["article_id"],
                title=r["title"],
                outlet=r["outlet"],
                published=_iso(r["published"]),
                url=r["url"],
            ),
        )
    outlet_first: dict[str, Optional[str]] = {}
    for r in rows:
        if r["outlet"] and r["outlet"] not in outlet_first:
            outlet_first[r["outlet"]] = _iso(r["published"])
    n_copies = sum(len(c) for c in copies.values())
    return dict(
        id=cluster_id,
        text=reference["text"],
        speakers=[dict(id=sid, name=names.get(sid), appearances=n) for sid, n in ranked],
        first_appearance=_appearance(first),
        n_articles=len(articles_seen),
        n_outlets=len(outlet_first),
        n_copies=n_copies,
        articles=list(articles_seen.values()),
        outlets=[dict(name=o, first_seen=d) for o, d in outlet_first.items()],
        variants=out_variants,
        flags=dict(all_flags),
        spread=_spread(rows),
    )


def same_person(name: Optional[str], other: Optional[str]) -> bool:
    """Whether two speaker names can be one person, by the one rule for person names
    (:func:`onrecord.text.names.same_person`) after two kinds of name-resolution debris are set aside: a
    medium word after the name ("Voss Statement", the adjunct nouns of the cue lexicon) and a social
    handle ("@ElenaVoss"). A speaker split that way is no conflict of attribution; "Bill Clinton" and
    "Hillary Clinton", or "Ted Cruz" and "Cruz Ramirez", are two people."""
    if not name or not other:
        return False
    a, b = _person_words(name), _person_words(other)
    if not a or not b:
        return False
    if names.same_person(a, b):
        return True
    for handle, full in ((name, b), (other, a)):  # "@realDonaldTrump" holds "Trump"
        surname = re.findall(r"\w+", full.casefold())[-1]
        tags = re.findall(r"@(\w+)", handle)
        if len(surname) >= 4 and any(surname in tag.casefold() for tag in tags):
            return True
    return False


def _person_words(name: str) -> str:
    """``name`` without handles and without the medium words the resolver can leave after a name."""
    media = lexicon().adjunct_nouns
    words = [w for w in re.sub(r"@\w+", " ", name).split() if w.casefold().strip(".,") not in media]
    return " ".join(words)


def _names(paragraph: Optional[str], name: Optional[str]) -> bool:
    """Whether a paragraph names the person (their surname): the report then likely gives the words to
    them too, and the differing speaker is the extractor's slip rather than the outlet's."""
    words = re.findall(r"\w+", (name or "").casefold())
    return bool(words) and len(words[-1]) >= 3 and words[-1] in re.findall(r"\w+", (paragraph or "").casefold())


_NESTED = re.compile(r"\u2018([^\u2019]+)\u2019|(?:(?<=\s)|^)'([^']+?)'(?=[\s,.;:!?]|$)")


def _nested_quotations(text: str) -> list[str]:
    """Normalised quotations inside a quotation (single marks): words the speaker quotes from someone else."""
    return [normalize_quote(a or b) for a, b in _NESTED.findall(text or "")]


def _quotes_the_other(variant: dict, ordered: list[dict], nested: dict, ref_speaker: Optional[str]) -> bool:
    """Whether a differing speaker's variant quotes other words of the cluster inside single marks (they
    cite someone), or the reference speaker's own variant quotes this one so (they cite this speaker)."""
    for other in ordered:
        if other is variant:
            continue
        if any(contained_in(other["norm"], span) for span in nested[id(variant)] if span):
            return True
        if any(r["speaker_id"] == ref_speaker for r in other["appearances"]) and any(
            contained_in(variant["norm"], span) for span in nested[id(other)] if span
        ):
            return True
    return False


def _spread(rows: list[dict]) -> list[dict]:
    """Appearances per publication day (undated ones left out), in time order."""
    days = Counter(_iso(r["published"]) for r in rows if r["published"] is not None)
    return [dict(date=d, appearances=n) for d, n in sorted(days.items())]


def get_cluster(store, cluster_id: int) -> Optional[dict]:
    with store.engine.connect() as conn:
        rows = _members(conn, [cluster_id])
        if not rows:
            return None
        copies = _copies(conn, sorted({r["statement_id"] for r in rows}))
    return build_cluster(cluster_id, rows, copies)


def clusters_of_statement(store, statement_id: str) -> list[int]:
    """The clusters a statement's quoted fragments belong to (a copy's: its original's)."""
    with store.engine.connect() as conn:
        canonical = conn.execute(sa.select(statements.c.canonical_id).where(statements.c.id == statement_id)).scalar()
        if canonical is None:
            return []
        return [
            c
            for (c,) in conn.execute(
                sa.select(quote_fragments.c.cluster_id)
                .where(quote_fragments.c.statement_id == canonical)
                .order_by(quote_fragments.c.key)
            )
        ]


def find_clusters(store, text: str, limit: int = 20) -> list[int]:
    """Clusters a user's text is: the cluster it matches as a quotation, then those quoting its words."""
    norm = normalize_quote(text)
    if not norm:
        return []
    found: list[int] = []
    with store.engine.connect() as conn:
        match = reader_index(store, conn).match(norm)
        if match:
            found.append(match.cluster)
        like = f"%{plain(norm)}%"
        q = (
            sa.select(quote_fragments.c.cluster_id, sa.func.count().label("n"))
            .where(quote_fragments.c.norm.like(like))
            .group_by(quote_fragments.c.cluster_id)
            .order_by(sa.desc("n"), quote_fragments.c.cluster_id)
            .limit(limit)
        )
        for cid, _ in conn.execute(q):
            if cid not in found:
                found.append(cid)
    return found[:limit]


def resolve_quote(store, ident: str) -> Optional[dict]:
    """``onrecord quote ID|TEXT``: a cluster id, a statement id, or a quotation's text."""
    ident = (ident or "").strip()
    if re.fullmatch(r"\d+", ident):
        found = get_cluster(store, int(ident))
        if found:
            return found
    if ":" in ident:
        ids = clusters_of_statement(store, ident)
        if ids:
            return get_cluster(store, ids[0])
    ids = find_clusters(store, ident, limit=1)
    return get_cluster(store, ids[0]) if ids else None


def list_clusters(
    store, *, min_articles: int = 2, q: Optional[str] = None, limit: int = 50, offset: int = 0
) -> tuple[int, list[dict]]:
    """``(total, page)`` of clusters seen in at least ``min_articles`` articles, most widespread first."""
    n_articles = sa.func.count(sa.distinct(statements.c.article_id))
    base = (
        sa.select(
            quote_fragments.c.cluster_id,
            n_articles.label("n_articles"),
            sa.func.count(sa.distinct(articles.c.outlet_id)).label("n_outlets"),
        )
        .select_from(
            quote_fragments.join(statements, statements.c.id == quote_fragments.c.statement_id).join(
                articles, articles.c.id == statements.c.article_id
            )
        )
        .group_by(quote_fragments.c.cluster_id)
        .having(n_articles >= min_articles)
    )
    if q:
        ids = find_clusters(store, q, limit=200)
        base = base.where(quote_fragments.c.cluster_id.in_(ids or [-1]))
    sub = base.subquery()
    with store.engine.connect() as conn:
        total = conn.execute(sa.select(sa.func.count()).select_from(sub)).scalar_one()
        page = conn.execute(
            sa.select(sub)
            .order_by(sub.c.n_articles.desc(), sub.c.n_outlets.desc(), sub.c.cluster_id)
            .limit(max(0, min(limit, 1000)))
            .offset(max(0, offset))
        ).all()
        rows = _members(conn, [r[0] for r in page])
        copies = _copies(conn, sorted({r["statement_id"] for r in rows}))
    by: dict[int, list[dict]] = {}
    for r in rows:
        by.setdefault(r["cluster_id"], []).append(r)
    return total, [build_cluster(cid, by[cid], copies) for cid, _, _ in page if cid in by]
