"""`onrecord extract` over many inputs: folders, globs and several paths in one process."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from onrecord.cli import main
from onrecord.cli.many import count_articles, expand, extract_many, needs_many
from onrecord.flat import STATEMENT_COLUMN_NAMES
from onrecord.model import Record

ARTICLES = {
    "council.txt": "Council approves budget\n\n“The budget is balanced,” said Mayor Ana Lopez on Monday.\n",
    "port.txt": "Port strike ends\n\nUnion leader Sam Reed said the workers would return on Friday.\n",
    "sub/school.txt": "School reopens\n\n“We missed our students,” the principal, Jo Park, told reporters.\n",
}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(argv))
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return info.value.code or 0, out, err


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "news"
    for name, text in ARTICLES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "broken.txt").write_bytes(b"\x00\x01\x02 not text")  # named in [brackets] below: not markup
    return root


def test_folder_to_jsonl_keeps_going_past_a_bad_file(folder, capsys, nlp):
    code, out, err = run(capsys, "extract", str(folder), "--format", "jsonl")
    records = [Record.model_validate_json(line) for line in out.splitlines()]
    assert sorted(r.article.source.split("news/")[1] for r in records) == sorted(ARTICLES)
    assert all(r.statements for r in records)
    assert code == 1
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "broken.txt: binary file" in errors[0]


def test_csv_is_one_statement_a_row(folder, capsys, nlp):
    (folder / "broken.txt").unlink()
    code, out, _ = run(capsys, "extract", str(folder), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == STATEMENT_COLUMN_NAMES
    assert {row["speaker_name"] for row in rows} >= {"Ana Lopez", "Sam Reed", "Jo Park"}
    assert len({row["article_id"] for row in rows}) == 3


def test_error_lines_print_names_as_they_are(folder, capsys, nlp, monkeypatch):
    (folder / "broken.txt").rename(folder / "[draft].txt")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"")))
    code, _, err = run(capsys, "extract", str(folder / "[draft].txt"), "-", "--format", "jsonl")
    assert code == 1
    assert "[draft].txt: binary file" in err
    assert "error: <stdin>: empty file" in err and "<stdin>: <stdin>" not in err


def test_globs_and_several_paths(folder, capsys, nlp):
    pattern = str(folder / "*.txt")  # quoted, so the shell left it to onrecord
    code, out, err = run(
        capsys,
        "extract",
        pattern,
        str(folder / "sub" / "school.txt"),
        str(folder / "nothing-*.txt"),
        "--format",
        "jsonl",
    )
    sources = [json.loads(line)["article"]["source"] for line in out.splitlines()]
    assert [s.rsplit("/", 1)[1] for s in sources] == ["council.txt", "port.txt", "school.txt"]
    assert code == 1 and "nothing-*.txt: no file matches" in err and "broken.txt" in err


def test_spacy_is_loaded_once_and_articles_are_batched(folder, monkeypatch):
    from onrecord import pipeline

    made, batches = [], []

    class Counting(pipeline.Extractor):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

        def pipe(self, articles, batch_size=None):
            batches.append(len(articles))
            return super().pipe(articles, batch_size)

    monkeypatch.setattr(pipeline, "Extractor", Counting)
    failed = extract_many([str(folder)], fmt="jsonl", keep_all=False, max_bytes=10_000, timeout=1)
    assert failed == 1 and len(made) == 1 and batches == [3]


def test_a_failing_article_is_reported_and_the_batch_goes_on(folder, capsys, extractor):
    class Fragile:
        batch_size = 16

        def pipe(self, articles):
            if any("strike" in a.body for a in articles):
                raise RuntimeError("parser crashed")
            return extractor.pipe(articles)

        def process(self, article):
            return next(self.pipe([article]))

    failed = extract_many([str(folder)], fmt="jsonl", keep_all=False, max_bytes=10_000, timeout=1, extractor=Fragile())
    out, err = capsys.readouterr()
    assert failed == 2  # broken.txt and the article that crashes
    assert len(out.splitlines()) == 2
    assert "port.txt: extraction failed (RuntimeError: parser crashed)" in err


def test_json_needs_one_input_and_published_is_checked(folder, capsys):
    code, _, err = run(capsys, "extract", str(folder), "--format", "json")
    assert code == 2 and "--format jsonl" in err
    code, _, err = run(capsys, "extract", str(folder), "--published", "yesterday")
    assert code == 2 and "not a date" in err


def test_published_applies_to_every_article(folder, capsys, nlp):
    (folder / "broken.txt").unlink()
    code, out, _ = run(capsys, "extract", str(folder), "--format", "jsonl", "--published", "2024-05-31")
    assert code == 0
    assert {json.loads(line)["article"]["published"] for line in out.splitlines()} == {"2024-05-31"}


def test_what_counts_as_many(folder):
    assert not needs_many([str(folder / "port.txt")]) and not needs_many(["https://example.org/a"])
    assert needs_many([str(folder)]) and needs_many([str(folder / "*.txt")]) and needs_many(["a.txt", "b.txt"])
    inputs, errors = expand([str(folder / "*.txt"), "-"])
    assert [Path(p).name for p in inputs] == ["broken.txt", "council.txt", "port.txt", "-"] and errors == []
    assert count_articles([str(folder)]) == 4
    (folder / "more.jsonl").write_text("{}\n", encoding="utf-8")
    assert count_articles([str(folder)]) is None  # a corpus file: the number of articles is not known
