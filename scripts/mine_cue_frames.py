"""Rebuild onrecord/statements/data/cue_frames_mined.json from the PolNeAR *train* split.

For every verb of the parsed train articles and every frame in which it could report content —
a complement clause (``clause``), a direct object (``object``), an infinitive (``xcomp``) or a
prepositional object (``prep:P``) — count how often that verb-in-that-frame is an annotated
attribution cue whose content the frame's complement overlaps, and how often it occurs at all.
Lemma/frame pairs seen as cues at least ``--min-count`` times with a precision of at least
``--min-precision`` are written out; :mod:`onrecord.statements.lexicon` adds them to the
hand-written frames of ``cues.json``. Only the train split is read (never dev or test).

Each mined lemma's act (speech, belief, knowledge, intention) is written beside its frames, in
``acts``, from ``onrecord/statements/data/acts.json``; the run stops if a mined lemma has no act there
(add it to acts.json first). ``--acts-only`` rewrites only the acts of the file as it is, without
mining (the frames, and so extraction, stay as they are).

    .venv/bin/python scripts/mine_cue_frames.py ../shared/data/polnear/train.jsonl --docs 250
    .venv/bin/python scripts/mine_cue_frames.py --acts-only
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


def acts_of(lemmas) -> dict[str, str]:
    """The act of each mined lemma, from acts.json; a lemma without one stops the run."""
    sys.path.insert(0, str(ROOT))
    from onrecord.statements.acts import act_table

    table = act_table()
    missing = sorted(lemma for lemma in lemmas if table.of_verb(lemma) is None)
    if missing:
        raise SystemExit(f"no act in onrecord/statements/data/acts.json for: {', '.join(missing)}")
    return {lemma: table.of_verb(lemma) for lemma in sorted(lemmas)}


ACTS_DOC = " 'acts': lemma -> the act it reports (from acts.json)."


def write(payload: dict) -> None:
    payload["acts"] = acts_of(payload["frames"])
    if ACTS_DOC not in payload["_doc"]:
        payload["_doc"] += ACTS_DOC
    OUT.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("train", type=Path, nargs="?")
    ap.add_argument("--acts-only", action="store_true", help="only rewrite the acts of the existing file")
    ap.add_argument("--docs", type=int, default=250)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--min-precision", type=float, default=0.35)
    args = ap.parse_args()
    if args.acts_only:
        write(json.loads(OUT.read_text(encoding="utf-8")))
        print(f"acts of the mined verbs written -> {OUT}")
        return
    if args.train is None:
        ap.error("give the train split (or --acts-only)")
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
        cues = [
            (q["cue_start"], q["cue_end"], q["quote_start"], q["quote_end"])
            for q in d["quotes"]
            if q.get("cue_start") is not None
        ]
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
    write(
        {
            "_doc": f"Verb frames that report content in PolNeAR train ({len(docs)} articles): lemma -> frame -> "
            "[times a cue, times seen]. Rebuilt by scripts/mine_cue_frames.py; do not edit by hand.",
            "min_count": args.min_count,
            "min_precision": args.min_precision,
            "frames": mined,
        }
    )
    print(f"{sum(len(v) for v in mined.values())} frames of {len(mined)} verbs -> {OUT}")


if __name__ == "__main__":
    main()
