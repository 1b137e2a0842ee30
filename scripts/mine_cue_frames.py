"""Rebuild onrecord/statements/data/cue_frames_mined.json from the PolNeAR *train* split.

For every verb of the parsed train articles and every frame in which it could report content —
a complement clause (``clause``), a direct object (``object``), an infinitive (``xcomp``) or a
prepositional object (``prep:P``) — count how often that verb-in-that-frame is an annotated
attribution cue whose content the frame's complement overlaps, and how often it occurs at all.
Lemma/frame pairs seen as cues at least ``--min-count`` times with a precision of at least
``--min-precision`` are written out; :mod:`onrecord.statements.lexicon` adds them to the
hand-written frames of ``cues.json``. Only the train split is read (never dev or test).

    .venv/bin/python scripts/mine_cue_frames.py ../shared/data/polnear/train.jsonl --docs 250
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "onrecord" / "statements" / "data" / "cue_frames_mined.json"


def frames_of(tok):
    """``(frame, complement token)`` pairs a verb token shows in its parse."""
    out = []
    for c in tok.children:
        if c.i < tok.i and c.dep_ != "ccomp":
            continue
        if c.dep_ == "ccomp":
            out.append(("clause", c))
        elif c.dep_ == "dobj":
            out.append(("object", c))
        elif c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"}:
            out.append(("xcomp", c))
        elif c.dep_ == "prep":
            objs = [d for d in c.children if d.dep_ in {"pobj", "pcomp"}]
            if objs:
                out.append((f"prep:{c.lower_}", objs[0]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("train", type=Path)
    ap.add_argument("--docs", type=int, default=250)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--min-precision", type=float, default=0.35)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from onrecord.nlp import load_nlp

    nlp = load_nlp()
    docs = []
    for line in args.train.open(encoding="utf-8"):
        d = json.loads(line)
        if d.get("split") in (None, "train"):
            docs.append(d)
        if len(docs) >= args.docs:
            break
    pos: collections.Counter = collections.Counter()
    total: collections.Counter = collections.Counter()
    for d, doc in zip(docs, nlp.pipe((d["text"] for d in docs), batch_size=16)):
        cues = [(q["cue_start"], q["cue_end"], q["quote_start"], q["quote_end"]) for q in d["quotes"] if q.get("cue_start") is not None]
        for tok in doc:
            if tok.pos_ != "VERB":
                continue
            lemma = tok.lemma_.lower()
            mine = [(qs, qe) for cs, ce, qs, qe in cues if cs <= tok.idx < ce]
            for frame, comp in frames_of(tok):
                key = (lemma, frame)
                total[key] += 1
                lo, hi = comp.left_edge.idx, comp.right_edge.idx + len(comp.right_edge.text)
                if any(lo < qe and hi > qs for qs, qe in mine):
                    pos[key] += 1
    mined: dict[str, dict[str, list]] = {}
    for (lemma, frame), n in sorted(pos.items()):
        prec = n / total[(lemma, frame)]
        if n >= args.min_count and prec >= args.min_precision:
            mined.setdefault(lemma, {})[frame] = [n, total[(lemma, frame)]]
    OUT.write_text(
        json.dumps(
            {"_doc": f"Verb frames that report content in PolNeAR train ({len(docs)} articles): lemma -> frame -> "
                     "[times a cue, times seen]. Rebuilt by scripts/mine_cue_frames.py; do not edit by hand.",
             "min_count": args.min_count, "min_precision": args.min_precision, "frames": mined},
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{sum(len(v) for v in mined.values())} frames of {len(mined)} verbs -> {OUT}")


if __name__ == "__main__":
    main()
