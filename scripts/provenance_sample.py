"""Print a fixed-seed random sample of quotation clusters (2+ articles) for checking by hand.

    .venv/bin/python scripts/provenance_sample.py var/polnear.db [--n 100] [--seed 13] > var/sample.txt

Each cluster is printed with every member fragment (article, outlet, date, speaker, how it
matched) and each variant's class and flags, so that a reader can judge whether all members are
the same quotation and whether each flag is right. The verdicts go in
scripts/data/provenance_verdicts.json; ``--score`` prints precision and flag accuracy from them.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from onrecord.provenance.quotes import list_clusters  # noqa: E402
from onrecord.store import open_store  # noqa: E402

VERDICTS = Path(__file__).with_name("data") / "provenance_verdicts.json"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--score", action="store_true", help="score the verdicts file instead of printing")
    args = ap.parse_args(argv)
    store = open_store(args.db)
    total, clusters = list_clusters(store, min_articles=2, limit=1000)
    multi_outlet = sum(1 for c in clusters if c["n_outlets"] >= 2)
    sample = sorted(random.Random(args.seed).sample(clusters, min(args.n, len(clusters))), key=lambda c: c["id"])
    if args.score:
        verdicts = json.loads(VERDICTS.read_text(encoding="utf-8"))
        judged = [verdicts["clusters"][str(c["id"])] for c in sample if str(c["id"]) in verdicts["clusters"]]
        good = sum(1 for v in judged if v["same_quotation"])
        # The flags the code gives now, each looked up in the verdicts (an unjudged one is reported).
        now = [
            f"{a['statement_id']} {f}"
            for c in sample
            for v in c["variants"]
            for a in v["appearances"]
            for f in a["flags"]
        ]
        flags = {k: verdicts["flags"][k] for k in now if k in verdicts["flags"]}
        unjudged = [k for k in now if k not in verdicts["flags"]]
        right = sum(1 for f in flags.values() if f["right"])
        print(
            json.dumps(
                dict(
                    clusters_2plus_articles=total,
                    clusters_2plus_outlets=multi_outlet,
                    sampled=len(sample),
                    judged=len(judged),
                    precision=round(good / max(1, len(judged)), 4),
                    flagged_now=len(now),
                    flagged_judged=len(flags),
                    flagged_unjudged=unjudged,
                    flags_right=right,
                    flag_accuracy=round(right / max(1, len(flags)), 4),
                ),
                indent=2,
            )
        )
        return 0
    print(
        f"# {total} clusters in 2+ articles, {multi_outlet} in 2+ outlets; sample of {len(sample)} (seed {args.seed})"
    )
    for c in sample:
        print(f"\n=== cluster {c['id']}: {c['n_articles']} articles, {c['n_outlets']} outlets, flags {c['flags']}")
        for v in c["variants"]:
            print(f"  [{v['kind']}] {v['text']!r}")
            if v["changes"]:
                print("     changes:", "; ".join(f"{o['reference']!r}->{o['variant']!r}" for o in v["changes"]))
            for a in v["appearances"]:
                print(
                    f"     - {a['published']} {a['outlet']} | {a['speaker']['name']} ({a['speaker']['id']}) | "
                    f"{a['match']} | {a['statement_id']} {a['flags'] or ''}"
                )
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
