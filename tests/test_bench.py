"""`onrecord bench` runs end to end on a tiny corpus and reports sane fields. It measures nothing here:
timings are for the benchmark itself, never asserted in tests."""

from __future__ import annotations

import json

import pytest

from onrecord.bench import build_corpus
from onrecord.errors import ConfigError


def test_build_corpus_repeats_texts_to_n(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Ana Ruiz said the plan was ready.\n", encoding="utf-8")
    b.write_text("“It is not,” said Tom Berg.\n", encoding="utf-8")
    texts = build_corpus(5, [a, b])
    assert len(texts) == 5
    assert texts[0] == texts[2] == texts[4] and texts[1] == texts[3] and texts[0] != texts[1]
    with pytest.raises(ConfigError):
        build_corpus(0, [a])


def test_bench_command_on_three_articles(tmp_path, capsys):
    from onrecord.cli import main

    corpus = tmp_path / "c.txt"
    corpus.write_text(
        "The council voted on Monday. “We expect the new line to open in spring,” said Ana Ruiz, "
        "the transport director. Tom Berg, who leads the opposition, said the budget was unrealistic.\n",
        encoding="utf-8",
    )
    main(["bench", "--corpus", str(corpus), "--n", "3", "--single-only", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert report["n_articles"] == 3
    rows = {r["system"]: r for r in report["rows"]}
    assert set(rows) == {"spacy", "onrecord", "textacy"}
    for row in rows.values():
        assert "error" not in row, row
        assert row["processes"] == 1 and row["articles"] == 3
        assert row["seconds"] > 0 and row["articles_per_s"] > 0 and row["peak_rss_mb"] > 50
        assert row["tokens"] > 30 and row["tokens_per_s"] > 0
    assert rows["textacy"]["failed_articles"] == 0
    assert set(report["time_over_bare_spacy"]["1"]) == {"onrecord", "textacy"}


def test_bench_profile_lists_hot_spots(tmp_path, capsys):
    from onrecord.cli import main

    corpus = tmp_path / "c.txt"
    corpus.write_text("“Rates will stay where they are,” the central bank governor said on Friday.\n", encoding="utf-8")
    main(["bench", "--profile", "--corpus", str(corpus), "--profile-n", "2", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert report["articles"] == 2 and report["seconds"] > 0
    assert report["self"] and all({"function", "where", "seconds", "share"} <= set(r) for r in report["self"])
