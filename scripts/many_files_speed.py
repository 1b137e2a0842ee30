"""Many-file extract against one process per file, on the PolNeAR dev articles written out as .txt files.

    .venv/bin/python scripts/many_files_speed.py            # one process per file for a sample of 10
    .venv/bin/python scripts/many_files_speed.py --sample 84  # ... or for every file

It times `onrecord extract FILE --format jsonl` run once per file (over a sample, extrapolated to all
files) and one `onrecord extract FOLDER --format jsonl` run over all of them, and checks that both give
the same records.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEV = REPO.parent / "shared" / "data" / "polnear" / "dev.jsonl"
ONRECORD = str(Path(sys.executable).parent / "onrecord")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=10, help="files run one process each (then extrapolated)")
    parser.add_argument("--dev", type=Path, default=DEV)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "dev"
        folder.mkdir()
        with args.dev.open(encoding="utf-8") as lines:
            for n, line in enumerate(lines):
                item = json.loads(line)
                (folder / f"{n:03d}.txt").write_text(item["text"], encoding="utf-8")
        files = sorted(folder.glob("*.txt"))
        sample = files[: args.sample]

        started = time.perf_counter()
        one_each = {}
        for file in sample:
            out = subprocess.run(
                [ONRECORD, "extract", str(file), "--format", "jsonl"], capture_output=True, text=True, check=True
            )
            one_each[str(file)] = json.loads(out.stdout)
        per_file = (time.perf_counter() - started) / len(sample)

        started = time.perf_counter()
        out = subprocess.run(
            [ONRECORD, "extract", str(folder), "--format", "jsonl"], capture_output=True, text=True, check=True
        )
        together = time.perf_counter() - started
        records = {r["article"]["source"]: r for r in map(json.loads, out.stdout.splitlines())}

    same = all(records[src]["statements"] == rec["statements"] for src, rec in one_each.items())
    print(
        f"{len(files)} files; one process per file: {per_file:.2f} s a file over {len(sample)} files, "
        f"so {per_file * len(files):.0f} s for all {len(files)}"
        + (" (measured)" if len(sample) == len(files) else " (extrapolated)")
    )
    print(
        f"one `onrecord extract folder/` run: {together:.1f} s for {len(records)} records "
        f"({per_file * len(files) / together:.1f}x faster); same statements for the sampled files: {same}"
    )


if __name__ == "__main__":
    main()
