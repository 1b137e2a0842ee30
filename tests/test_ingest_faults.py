"""Bad items in a corpus: each is its own one-line error, and every good item around it is still read.

The inputs are the cases of issue 11 (lone surrogates, wrongly typed fields, file names that are not
UTF-8, truncated WARC files, impossible dates), written here in a few lines each.
"""

from __future__ import annotations

import io
import json
import os

import pytest

from onrecord.errors import InputError
from onrecord.ingest import iter_items, load_article

GOOD = "The harbour master said on Tuesday that the new ferry would start in spring, after two years of delays."


def good_line(i: int, **fields) -> str:
    return json.dumps({"id": f"good-{i}", "text": f"{GOOD} Story number {i}.", **fields})


def read(path) -> list:
    return list(iter_items([path]))


def test_lone_surrogate_in_text_is_one_error_and_the_lines_after_it_are_read(tmp_path):
    corpus = tmp_path / "news.jsonl"
    # json.dumps writes a lone surrogate as the escape \ud800, which json.loads reads back as one
    bad = json.dumps({"id": "bad", "text": "Broken \ud800 text. " + GOOD})
    corpus.write_text("\n".join([good_line(1), bad, good_line(2), good_line(3)]) + "\n", encoding="utf-8")
    items = read(corpus)
    assert [i.source for i in items] == [f"{corpus}:{n}" for n in (1, 2, 3, 4)]
    assert [i.ok for i in items] == [True, False, True, True]
    assert "lone surrogate" in items[1].error and "\n" not in items[1].error
    assert [i.article.id for i in items if i.ok] == ["good-1", "good-2", "good-3"]


def test_wrongly_typed_field_is_one_error_and_the_lines_after_it_are_read(tmp_path):
    corpus = tmp_path / "news.jsonl"
    lines = [good_line(1), good_line(2, url=12345), good_line(3), good_line(4, authors=[1, 2]), good_line(5, id=True)]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read(corpus)
    assert [i.ok for i in items] == [True, False, True, False, False]
    assert items[1].error == "field 'url' is a number, not a string"
    assert "'authors'" in items[3].error and "'id'" in items[4].error


def test_lone_surrogate_in_a_title_or_a_json_array_record(tmp_path):
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("\n".join([good_line(1, title="Title \udcff"), good_line(2)]) + "\n", encoding="utf-8")
    items = read(corpus)
    assert [i.ok for i in items] == [False, True] and "field 'title'" in items[0].error
    array = tmp_path / "news.json"
    array.write_text(json.dumps([json.loads(good_line(1, title="\udcff")), json.loads(good_line(2))]), encoding="utf-8")
    items = read(array)
    assert [i.ok for i in items] == [False, True] and "lone surrogate" in items[0].error


def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    name = os.path.join(os.fsencode(folder), b"caf\xe9.txt")  # a Latin-1 name, not UTF-8
    with open(name, "w", encoding="utf-8") as fh:
        fh.write(f"Ferry plan\n\n{GOOD}\n")
    (folder / "plain.txt").write_text(f"Second\n\n{GOOD} Again.\n", encoding="utf-8")
    items = read(folder)
    assert [i.ok for i in items] == [True, True]
    shown = items[0].source
    assert shown == f"{folder}/caf\\xe9.txt" and items[0].article.source == shown
    items[0].article.model_dump_json()  # what the store writes: it used to fail on the surrogate


def _warc_bytes(n_records: int, *, gzip: bool) -> tuple[bytes, list[str]]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    pages = []
    for i in range(n_records):
        paragraphs = "".join(f"<p>Paragraph {j} of story {i}: {GOOD}</p>" for j in range(12))
        page = f"<html><head><title>Story {i}</title></head><body><article>{paragraphs}</article></body></html>"
        pages.append(page)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://example.org/{i}", "response", payload=io.BytesIO(page.encode()), http_headers=headers
        )
        writer.write_record(record)
    return buf.getvalue(), pages


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_a_truncated_warc_stores_no_partial_article(tmp_path, gzip):
    data, _ = _warc_bytes(3, gzip=gzip)
    whole = tmp_path / ("whole.warc.gz" if gzip else "whole.warc")
    whole.write_bytes(data)
    full_bodies = [i.article.body for i in read(whole)]
    starts = [int(i.source.rsplit("@", 1)[1]) for i in read(whole)][1:] + [len(data)]
    assert len(full_bodies) == 3 and all(full_bodies)
    # Cut the file at many places: every article read is one of the whole ones, and a cut inside a
    # record is an error, never silence.
    for cut in range(len(data) // 3, len(data) - 1, max(1, len(data) // 40)):
        path = tmp_path / f"cut{cut}{'.warc.gz' if gzip else '.warc'}"
        path.write_bytes(data[:cut])
        items = read(path)
        bodies = [i.article.body for i in items if i.ok]
        assert bodies == full_bodies[: len(bodies)], f"cut at {cut}: a partial article was read"
        # A cut just before a record starts (in the blank lines or gzip trailer that end the one before)
        # leaves a shorter but whole WARC; anywhere else a record is lost, and that must be an error.
        if not any(0 <= start - cut <= 12 for start in starts):
            assert any(not i.ok for i in items), f"cut at {cut}: no error for the truncated record"
        assert all("truncated" in i.error for i in items if not i.ok)


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31", "0999-12-31", "3000-01-01"])
def test_a_publication_date_out_of_range_is_an_input_error(date):
    with pytest.raises(InputError, match="out of range"):
        load_article(f"Ferry plan\n\n{GOOD} She said it yesterday.\n", published=date)


def test_a_corpus_date_out_of_range_is_ignored_not_fatal(tmp_path):
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(good_line(1, published="0001-01-01") + "\n", encoding="utf-8")
    (item,) = read(corpus)
    assert item.ok and item.article.published is None


def test_cli_published_out_of_range_is_one_line(tmp_path, capsys):
    from onrecord.cli import main

    path = tmp_path / "story.txt"
    path.write_text(f"Ferry plan\n\n{GOOD} She said it yesterday.\n", encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["extract", str(path), "--published", "0001-01-01"])
    err = capsys.readouterr().err
    assert info.value.code == 2 and "Traceback" not in err  # was an OverflowError traceback
    assert err.strip().splitlines() == [
        "error: 0001-01-01: publication date out of range; give one between 1000-01-01 and 2999-12-31"
    ]


def test_text_with_a_lone_surrogate_is_an_input_error():
    with pytest.raises(InputError, match="undecodable"):
        load_article(f"Ferry plan\n\n{GOOD} \ud800\n", source_name="posted text")  # was UnicodeEncodeError
