"""Text quality of PDF readers on the PDFs the tests generate: why onrecord reads PDFs with pdfminer.six.

    .venv/bin/python scripts/pdf_quality.py

For each sample (one column over pages; two columns drawn row by row; paragraphs told by indents only) and each reader, the lines it gives
go through the same rebuilding (onrecord.ingest.pdf.assemble), and we count against the text put in:

* body characters recovered: characters of the body in the longest matching blocks (difflib), of all;
* paragraphs recovered exactly;
* header, footer and page-number lines set aside, and body lines set aside wrongly.

pypdf gives text without positions, so its margins are the first and last lines of each page
(``margin_lines`` in pdf_rules.json) and its paragraphs are found from short lines alone.
"""

from __future__ import annotations

import difflib
import io
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from pdf_samples import write_release  # noqa: E402

from onrecord.ingest.pdf import PdfLine, assemble, pdf_lines  # noqa: E402


def pypdf_lines(data: bytes) -> list[list[PdfLine]]:
    import pypdf

    pages = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        lines = [ln.strip() for ln in page.extract_text().split("\n")]
        pages.append([PdfLine(text=ln, width=float(len(ln))) for ln in lines if ln])
    return pages


READERS = {"pdfminer.six": lambda data: pdf_lines(data, "sample"), "pypdf": pypdf_lines}


def measure(sample, pages) -> dict:
    pdf = assemble(pages)
    chars = list(pdf.text)
    for span in pdf.removed:
        chars[span.start : span.end] = " " * (span.end - span.start)
    body = [p.strip() for p in "".join(chars).split("\n\n") if p.strip()]
    got = "\n\n".join(body)
    want = sample.body
    matcher = difflib.SequenceMatcher(None, want, got, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    truth_furniture = Counter(sample.furniture)
    removed = Counter(span.text for span in pdf.removed)
    hits = sum((truth_furniture & removed).values())
    return {
        "chars": f"{matched}/{len(want)} ({matched / len(want):.1%})",
        "exact": got == want,
        "paragraphs": f"{len(set(body) & set([sample.title, *sample.paragraphs]))}/{len(sample.paragraphs) + 1}",
        "furniture": f"{hits}/{sum(truth_furniture.values())}",
        "wrongly removed": sum((removed - truth_furniture).values()),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        samples = {
            "one column, 2 pages": write_release(Path(tmp) / "one.pdf"),
            "two columns, 2 pages": write_release(Path(tmp) / "two.pdf", columns=2),
            "indents, no gaps": write_release(Path(tmp) / "indent.pdf", indent=True),
        }
        print(
            f"{'sample':22} {'reader':13} {'body chars recovered':22} {'exact':6} {'paragraphs':10} "
            f"{'furniture set aside':19} wrongly set aside"
        )
        for name, sample in samples.items():
            data = sample.path.read_bytes()
            for reader, lines_of in READERS.items():
                m = measure(sample, lines_of(data))
                print(
                    f"{name:22} {reader:13} {m['chars']:22} {str(m['exact']):6} {m['paragraphs']:10} "
                    f"{m['furniture']:19} {m['wrongly removed']}"
                )


if __name__ == "__main__":
    main()
