"""Build a test corpus for ingest: real article texts plus the traps a real corpus holds.

Used by ``tests/test_ingest_corpus.py`` and ``scripts/ingest_corpus_bench.py``. From JSONL
corpora in the common format (``{"id", "publisher", "published", "title", "text"}``, e.g. the
shared PolNeAR files) and optionally the seed article, :func:`make_corpus` writes a folder with

* ``news.jsonl`` — ``n_articles`` distinct articles (one a line);
* ``seed/article.txt`` — the seed article, when given;
* ``z-copies/`` (named to sort after the originals) — exact duplicates: repeated JSONL lines and a second copy of the seed file;
* ``syndicated.jsonl`` — near-copies of some articles under another outlet: a word changed and a
  wire credit added (what syndication does), each checked to be ≥ 0.8 similar (exact Jaccard of
  word 5-grams) to its original;
* ``broken/`` — inputs that must be logged as errors: a binary file, an empty file, an HTML page
  without an article, and a JSONL file with an invalid line, a record without text and a non-object.

It returns the counts a correct ingest must report. Articles are chosen so that no two of them
are near-copies of each other (exact Jaccard < 0.5), so the only near-duplicates are the planted ones.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Iterable, Optional

from onrecord.entities.crossdoc import NearDuplicateIndex, shingles

BROKEN_ERRORS = 6  # binary, empty, no-article HTML, and three bad JSONL lines


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _syndicate(text: str, outlet: str) -> str:
    """A light edit: one word swapped in the middle and a wire credit appended."""
    middle = len(text) // 2
    at = text.find(" the ", middle)
    if at != -1:
        text = text[:at] + " this " + text[at + 5 :]
    return text.rstrip() + f"\n\nThis report was distributed by {outlet}."


def make_corpus(
    out: Path,
    sources: Iterable[Path],
    *,
    n_articles: int,
    seed_article: Optional[Path] = None,
    n_exact_dups: int = 10,
    n_near_copies: int = 5,
    max_chars: Optional[int] = None,
    random_seed: int = 7,
) -> dict:
    """Write the corpus folder ``out``; returns the expected ``articles``, ``skipped``, ``near_duplicates``,
    ``errors`` and ``inputs`` counts of one clean ingest of it."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    (out / "z-copies").mkdir(parents=True)
    (out / "broken").mkdir()
    rng = random.Random(random_seed)

    # Distinct articles: no pair more than 0.5 similar (MinHash finds candidates, exact Jaccard decides).
    candidates = NearDuplicateIndex(threshold=0.5)
    chosen: list[tuple[str, dict, set]] = []
    for path in sources:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                text = record.get("text") or ""
                if not text.strip() or (max_chars and len(text) > max_chars):
                    continue
                grams = shingles(text)
                sig = candidates.signature(text)
                close = candidates.find(sig)
                if close is not None and any(jaccard(grams, g) >= 0.5 for key, _, g in chosen if key == close):
                    continue
                key = str(record.get("id") or len(chosen))
                candidates.add(key, sig)
                keep = {
                    k: record[k] for k in ("id", "publisher", "published", "title", "text") if record.get(k) is not None
                }
                chosen.append((key, keep, grams))
                if len(chosen) >= n_articles:
                    break
        if len(chosen) >= n_articles:
            break
    lines = [json.dumps(rec, ensure_ascii=False) for _, rec, _ in chosen]
    (out / "news.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")

    inputs = len(lines)
    articles = len(lines)
    skipped = 0
    if seed_article is not None:
        (out / "seed").mkdir()
        shutil.copyfile(seed_article, out / "seed" / "article.txt")
        shutil.copyfile(seed_article, out / "z-copies" / "seed-copy.txt")
        inputs, articles, skipped = inputs + 2, articles + 1, skipped + 1

    dups = rng.sample(lines, min(n_exact_dups, len(lines)))
    (out / "z-copies" / "repeated.jsonl").write_text("".join(line + "\n" for line in dups), encoding="utf-8")
    inputs, skipped = inputs + len(dups), skipped + len(dups)

    near = []
    for key, rec, grams in rng.sample(chosen, min(n_near_copies, len(chosen))):
        outlet = "Onrecord Test Wire"
        text = _syndicate(rec["text"], outlet)
        if jaccard(grams, shingles(text)) < 0.8:
            continue  # too short for a light edit to stay a near-copy; skip rather than plant a doubtful one
        near.append(json.dumps({**rec, "id": f"{key}-wire", "publisher": outlet, "text": text}, ensure_ascii=False))
    (out / "syndicated.jsonl").write_text("".join(line + "\n" for line in near), encoding="utf-8")
    inputs, articles = inputs + len(near), articles + len(near)

    broken = out / "broken"
    (broken / "binary.txt").write_bytes(b"\x00\x01\x02\xff\xfe not text at all")
    (broken / "empty.txt").write_bytes(b"")
    (broken / "menu-only.html").write_text(
        "<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8"
    )
    (broken / "bad.jsonl").write_text(
        '{"id": "no-close", "text": "unterminated\n{"id": "no-text"}\n[1, 2, 3]\n', encoding="utf-8"
    )
    inputs += BROKEN_ERRORS
    return dict(inputs=inputs, articles=articles, skipped=skipped, near_duplicates=len(near), errors=BROKEN_ERRORS)
