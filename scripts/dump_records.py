"""Dump the `onrecord extract` JSON records of PolNeAR dev, a 100-article train slice and the seed to a folder.

For checking that a change leaves output byte-identical: run it before and after, then ``diff -r`` the two
folders. Each record goes to its own file (``dev-NNN.json`` and ``train-NNN.json`` in corpus order,
``seed.json``), as the CLI prints it, so a diff names the article that changed. The train slice is the first
``TRAIN_SLICE`` lines of ``train.jsonl``: deterministic, and only read here to compare output, not to measure.

    .venv/bin/python scripts/dump_records.py /tmp/records-before
    # ... change things ...
    .venv/bin/python scripts/dump_records.py /tmp/records-after && diff -r /tmp/records-before /tmp/records-after
"""

from __future__ import annotations

import argparse
import itertools
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV = SHARED / "data" / "polnear" / "dev.jsonl"
TRAIN = SHARED / "data" / "polnear" / "train.jsonl"
SEED = SHARED / "seed" / "article.txt"
TRAIN_SLICE = 100


def onrecord(*args: str, cwd: Path = ROOT) -> str:
    """The stdout of ``onrecord ARGS`` run with this checkout's interpreter; a failure stops the dump."""
    done = subprocess.run([sys.executable, "-m", "onrecord", *args], capture_output=True, text=True, cwd=cwd)
    if done.returncode != 0:
        sys.exit(f"onrecord {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the records to (created; files replaced)")
    args = parser.parse_args()
    for path in (DEV, TRAIN, SEED):
        if not path.is_file():
            sys.exit(f"{path}: not found (the shared data lives in ../shared next to this checkout)")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        # Read by a relative name from inside the temporary folder: a record's `source` names its input, and
        # the folder's random name would make two dumps differ.
        with TRAIN.open(encoding="utf-8") as source:
            (Path(tmp) / "train-slice.jsonl").write_text(
                "".join(itertools.islice(source, TRAIN_SLICE)), encoding="utf-8"
            )
        train = onrecord("extract", "train-slice.jsonl", "--format", "jsonl", cwd=Path(tmp)).splitlines()
    for number, line in enumerate(train, 1):
        (args.out / f"train-{number:03d}.json").write_text(line + "\n", encoding="utf-8")
    # Two inputs make `extract` read them in one process; the seed's record comes last.
    lines = onrecord("extract", str(DEV), str(SEED), "--format", "jsonl").splitlines()
    *dev, seed_line = lines
    for number, line in enumerate(dev, 1):
        (args.out / f"dev-{number:03d}.json").write_text(line + "\n", encoding="utf-8")
    (args.out / "seed.json").write_text(seed_line + "\n", encoding="utf-8")
    # The single-input path (`--format json`) as well: it loads the article without the batch runner.
    (args.out / "seed-single.json").write_text(onrecord("extract", str(SEED), "--format", "json"), encoding="utf-8")
    print(f"{len(dev)} dev records, {len(train)} train records and the seed written to {args.out}")


if __name__ == "__main__":
    main()
