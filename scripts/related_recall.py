"""Related-statements recall@10 on the hand-picked same-subject pairs of scripts/data/related_pairs.json.

    .venv/bin/python scripts/related_recall.py var/polnear.db
    .venv/bin/python scripts/related_recall.py var/polnear.db --pairs scripts/data/related_pairs_browsed.json

The first set (``related_pairs.json``) was picked through full-text search; the second
(``related_pairs_browsed.json``) by reading speakers' statement lists, to confirm what the first
was used to develop.

For each pair (a, b) and both directions: is b among the statements ``onrecord related a`` lists?
Two figures: ``any_speaker`` — b in the 10 most similar of any speaker (``similar``);
``by_list`` — b in the list ``related`` puts it in (``same_speaker`` when a and b have the same
canonical speaker, else ``other_speakers``), 10 each.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from onrecord.provenance.semantic import related  # noqa: E402
from onrecord.store import open_store  # noqa: E402

PAIRS = Path(__file__).with_name("data") / "related_pairs.json"


def main(argv=None) -> int:
    args = list(argv if argv is not None else sys.argv[1:])
    pairs_file = PAIRS
    if "--pairs" in args:
        at = args.index("--pairs")
        pairs_file = Path(args[at + 1])
        del args[at : at + 2]
    db = (args or ["var/polnear.db"])[0]
    pairs = json.loads(pairs_file.read_text(encoding="utf-8"))["pairs"]
    store = open_store(db)
    any_hits = list_hits = n = 0
    for p in pairs:
        for a, b in ((p["a"], p["b"]), (p["b"], p["a"])):
            found = related(store, a, limit=10)
            if found is None:
                raise SystemExit(f"{a}: not in {db}")
            n += 1
            any_hits += b in [h["id"] for h in found["similar"]]
            listed = found["same_speaker"] + found["other_speakers"]
            list_hits += b in [h["id"] for h in listed]
    store.close()
    print(
        json.dumps(
            dict(
                pairs_file=pairs_file.name,
                pairs=len(pairs),
                directions=n,
                recall_at_10_any_speaker=round(any_hits / n, 3),
                recall_at_10_by_list=round(list_hits / n, 3),
            ),
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
