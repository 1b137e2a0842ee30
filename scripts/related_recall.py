"""Related-statements recall@10 on the hand-picked same-subject pairs of scripts/data/related_pairs.json.

    .venv/bin/python scripts/related_recall.py var/polnear.db
    .venv/bin/python scripts/related_recall.py var/polnear.db --pairs scripts/data/related_pairs_browsed.json
    .venv/bin/python scripts/related_recall.py var/polnear.db --misses   # each miss, with the partner's rank

The first set (``related_pairs.json``) was picked through full-text search; the second
(``related_pairs_browsed.json``) by reading speakers' statement lists, to confirm what the first
was used to develop.

For each pair (a, b) and both directions: is b among the statements ``onrecord related a`` lists?
Two figures: ``any_speaker`` — b in the 10 most similar of any speaker (``similar``);
``by_list`` — b in the list ``related`` puts it in (``same_speaker`` when a and b have the same
canonical speaker, else ``other_speakers``), 10 each. ``related`` lists one report per quotation
cluster and names the others on it (``same_quotation``); ``..._or_same_quotation`` also counts b
when it is named there (b's quotation is listed, through another outlet's report).

Statement ids are renumbered when the extractor changes, so each pair also carries the quotes'
character spans in their articles (``a_span``, ``b_span``): a pair resolves to the statement of
that article whose quote overlaps the span most (a copy resolves to its canonical statement).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from onrecord.provenance.semantic import related  # noqa: E402
from onrecord.store import open_store  # noqa: E402
from onrecord.store.schema import statements  # noqa: E402

PAIRS = Path(__file__).with_name("data") / "related_pairs.json"


def resolve(store, statement_id: str, span: Optional[list]) -> Optional[str]:
    """The stored statement a pair names: by its quote span when given, else by id."""
    article = statement_id.rsplit(":", 1)[0]
    with store.engine.connect() as conn:
        if not span:
            return conn.execute(sa.select(statements.c.id).where(statements.c.id == statement_id)).scalar()
        rows = conn.execute(
            sa.select(statements.c.id, statements.c.quote_start, statements.c.quote_end).where(
                statements.c.article_id == article
            )
        ).all()
    start, end = span
    overlap = {sid: min(e, end) - max(s, start) for sid, s, e in rows}
    best = max(overlap, key=lambda s: (overlap[s], s == statement_id), default=None)
    return best if best is not None and overlap[best] > 0 else None


def main(argv=None) -> int:
    args = list(argv if argv is not None else sys.argv[1:])
    pairs_file = PAIRS
    if "--pairs" in args:
        at = args.index("--pairs")
        pairs_file = Path(args[at + 1])
        del args[at : at + 2]
    show_misses = "--misses" in args
    args = [a for a in args if a != "--misses"]
    db = (args or ["var/polnear.db"])[0]
    pairs = json.loads(pairs_file.read_text(encoding="utf-8"))["pairs"]
    store = open_store(db)
    any_hits = list_hits = any_quoted = list_quoted = n = unresolved = 0
    for p in pairs:
        ends = [resolve(store, p[k], p.get(k + "_span")) for k in ("a", "b")]
        if None in ends:
            # the extractor no longer finds one of the two statements: both directions count as misses
            # (the pair stays in the file, so a later extractor that finds it again is measured on it)
            print(f"unresolved  {p['a']} / {p['b']}: no statement at its span in {db}", file=sys.stderr)
            n += 2
            unresolved += 1
            continue
        for a, b in (ends, ends[::-1]):
            found = related(store, a, limit=10)
            if found is None:
                raise SystemExit(f"{a}: not in {db}")
            n += 1
            similar = [h["id"] for h in found["similar"]]
            listed = [h["id"] for h in found["same_speaker"] + found["other_speakers"]]
            any_hits += b in similar
            list_hits += b in listed
            any_quoted += b in similar or any(b in h.get("same_quotation", ()) for h in found["similar"])
            list_quoted += b in listed or any(
                b in h.get("same_quotation", ()) for h in found["same_speaker"] + found["other_speakers"]
            )
            if show_misses and b not in similar:
                deep = [h["id"] for h in related(store, a, limit=200)["similar"]]
                rank = deep.index(b) + 1 if b in deep else None
                print(f"miss  {a} -> {b}  rank {rank}  in list: {b in listed}  ({p.get('subject')})", file=sys.stderr)
    store.close()
    print(
        json.dumps(
            dict(
                pairs_file=pairs_file.name,
                pairs=len(pairs),
                directions=n,
                unresolved_pairs=unresolved,
                recall_at_10_any_speaker=round(any_hits / n, 3),
                recall_at_10_by_list=round(list_hits / n, 3),
                recall_at_10_any_speaker_or_same_quotation=round(any_quoted / n, 3),
                recall_at_10_by_list_or_same_quotation=round(list_quoted / n, 3),
            ),
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
