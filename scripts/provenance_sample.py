"""Print a fixed-seed random sample of quotation clusters (2+ articles) for checking by hand.

    .venv/bin/python scripts/provenance_sample.py var/polnear.db [--n 100] [--seed 13] > var/sample.txt
    .venv/bin/python scripts/provenance_sample.py var/polnear.db --n 100 --seed 13 --score

Each cluster is printed with every member fragment (article, outlet, date, speaker, how it
matched, where it stands in its article) and each variant's class and flags, so that a reader can
judge whether all members are the same quotation and whether each flag is right. The verdicts go
in scripts/data/provenance_verdicts.json; ``--score`` prints precision and flag accuracy from them.

**Keys are spans, not ids.** Cluster ids and statement ids come from statement primary keys and
local numbers, which change whenever the extractor finds one statement more or fewer. A member is
therefore named ``ARTICLE@START-END``: its article and the fragment's character span in the article
body. A cluster is keyed by its first appearance (the first member of the view) and its verdict
holds the members it was judged with: a cluster whose members have changed since is reported as
``changed`` (to be judged again), never scored on an old verdict. A flag is keyed by the member
it is on and its name, a variant's class (``trimmed``, ``ellipsis``, ``extended``, ``changed``) by
its first appearance and the class. The sample is drawn from the clusters in the order of their keys, so a seed
names the same clusters on any store with the same members.
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


def member_key(appearance: dict) -> str:
    start, end = appearance["span"]
    return f"{appearance['article_id']}@{start}-{end}"


def appearances(cluster: dict) -> list[dict]:
    return [a for v in cluster["variants"] for a in v["appearances"]]


def cluster_key(cluster: dict) -> str:
    return member_key(appearances(cluster)[0])


def members(cluster: dict) -> list[str]:
    return sorted(member_key(a) for a in appearances(cluster))


def draw(clusters: list[dict], n: int, seed: int) -> list[dict]:
    ordered = sorted(clusters, key=cluster_key)
    return sorted(random.Random(seed).sample(ordered, min(n, len(ordered))), key=cluster_key)


def score(sample: list[dict], verdicts: dict) -> dict:
    judged, changed, unjudged = [], [], []
    for c in sample:
        v = verdicts["clusters"].get(cluster_key(c))
        if v is None:
            unjudged.append(cluster_key(c))
        elif v["members"] != members(c):
            changed.append(cluster_key(c))
        else:
            judged.append(v)
    good = sum(1 for v in judged if v["same_quotation"])
    # The flags the code gives now, each looked up in the verdicts (an unjudged one is reported).
    now = [f"{member_key(a)} {f}" for c in sample for a in appearances(c) for f in a["flags"]]
    flags = {k: verdicts["flags"][k] for k in now if k in verdicts["flags"]}
    right = sum(1 for f in flags.values() if f["right"])
    by_flag: dict[str, list[int]] = {}
    for k, f in flags.items():
        tally = by_flag.setdefault(k.split()[-1], [0, 0])
        tally[0] += f["right"]
        tally[1] += 1
    # Each variant's class (trimmed, ellipsis, extended, changed), keyed by its first appearance.
    kinds = [f"{member_key(v['appearances'][0])} {v['kind']}" for c in sample for v in c["variants"]]
    kinds = [k for k in kinds if not k.endswith(" reference")]
    classes = {k: verdicts.get("classes", {})[k] for k in kinds if k in verdicts.get("classes", {})}
    return dict(
        sampled=len(sample),
        judged=len(judged),
        changed_since_judged=changed,
        unjudged=unjudged,
        same_quotation=good,
        precision=round(good / max(1, len(judged)), 4),
        sampled_2plus_outlets=sum(1 for c in sample if c["n_outlets"] >= 2),
        flagged_now=len(now),
        flagged_judged=len(flags),
        flagged_unjudged=[k for k in now if k not in verdicts["flags"]],
        flags_right=right,
        flag_accuracy=round(right / max(1, len(flags)), 4),
        flags_right_by_kind={k: f"{r}/{t}" for k, (r, t) in sorted(by_flag.items())},
        variant_classes_now=len(kinds),
        variant_classes_judged=len(classes),
        variant_classes_unjudged=[k for k in kinds if k not in classes],
        variant_classes_right=sum(1 for v in classes.values() if v["right"]),
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--score", action="store_true", help="score the verdicts file instead of printing")
    args = ap.parse_args(argv)
    store = open_store(args.db)
    total, clusters = list_clusters(store, min_articles=2, limit=1000)
    store.close()
    multi_outlet = sum(1 for c in clusters if c["n_outlets"] >= 2)
    sample = draw(clusters, args.n, args.seed)
    if args.score:
        verdicts = json.loads(VERDICTS.read_text(encoding="utf-8"))
        result = dict(clusters_2plus_articles=total, clusters_2plus_outlets=multi_outlet, seed=args.seed, n=args.n)
        result.update(score(sample, verdicts))
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"# {total} clusters in 2+ articles, {multi_outlet} in 2+ outlets; sample of {len(sample)} (seed {args.seed})"
    )
    for c in sample:
        print(
            f"\n=== {cluster_key(c)} (cluster {c['id']}): {c['n_articles']} articles, {c['n_outlets']} outlets, "
            f"flags {c['flags']}"
        )
        for v in c["variants"]:
            print(f"  [{v['kind']}] {v['text']!r}")
            if v["changes"]:
                print("     changes:", "; ".join(f"{o['reference']!r}->{o['variant']!r}" for o in v["changes"]))
            for a in v["appearances"]:
                print(
                    f"     - {a['published']} {a['outlet']} | {a['speaker']['name']} ({a['speaker']['id']}) | "
                    f"{a['match']} | {member_key(a)} {a['statement_id']} {a['flags'] or ''}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
