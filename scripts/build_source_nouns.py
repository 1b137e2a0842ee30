"""Rebuild onrecord/statements/data/source_nouns.json from the PolNeAR *train* split.

Which common nouns head the sources of attributions in real news ("officials", "environmentalists",
"analysts", "study")? The statements stage accepts a cue whose subject is such a noun. The list is
mined from the annotated source spans of the train split only (never dev or test): the last word
of each source span when it is a lowercase word, kept when seen at least ``--min-count`` times.

    .venv/bin/python scripts/build_source_nouns.py ../shared/data/polnear/train.jsonl
"""

from __future__ import annotations

import argparse
import collections
import json
import re
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "onrecord" / "statements" / "data" / "source_nouns.json"
_WORD = re.compile(r"^[a-z][a-z-]+$")
_STOP = {
    "he",
    "she",
    "they",
    "it",
    "we",
    "i",
    "you",
    "who",
    "which",
    "that",
    "this",
    "these",
    "those",
    "one",
    "others",
    "some",
    "many",
    "all",
    "both",
    "most",
    "each",
    "someone",
    "everyone",
    "anyone",
    "him",
    "her",
    "them",
    "us",
    "me",
    "himself",
    "herself",
    "themselves",
    "itself",
    "his",
    "their",
    "its",
    "our",
    "my",
    "your",
    "week",
    "year",
    "day",
    "month",
    "surveyed",
    "polled",
    "interviewed",
    "asked",
    "said",
    "says",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("train", type=Path)
    ap.add_argument("--min-count", type=int, default=2)
    args = ap.parse_args()
    counts: collections.Counter[str] = collections.Counter()
    for line in args.train.open(encoding="utf-8"):
        doc = json.loads(line)
        if doc.get("split") not in (None, "train"):
            continue
        for q in doc["quotes"]:
            text = (q.get("speaker_text") or "").strip()
            words = re.sub(r"[’']s?$", "", text).rstrip(" ,.").split()
            if not words:
                continue
            last = words[-1]
            if _WORD.match(last) and last not in _STOP:
                counts[last] += 1
    nouns = {w: n for w, n in sorted(counts.items()) if n >= args.min_count}
    OUT.write_text(
        json.dumps(
            {
                "_doc": "Common nouns heading attribution sources in the PolNeAR train split, with counts. "
                "Rebuilt by scripts/build_source_nouns.py; do not edit by hand.",
                "nouns": nouns,
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(nouns)} nouns -> {OUT}")


if __name__ == "__main__":
    main()
