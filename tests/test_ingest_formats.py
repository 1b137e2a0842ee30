"""The input formats table (onrecord.ingest.formats): dispatch by extension and by first bytes, help lists it."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from onrecord.cli import main
from onrecord.ingest import formats, iter_items, load_article
from onrecord.ingest.formats import FORMATS, SOURCES, Format, article_format, file_format

ARTICLE = "Rain is due on Friday, the forecaster said.\n\nThe council will meet on Monday, its clerk said.\n"


def help_text(capsys, command: str) -> str:
    with pytest.raises(SystemExit):
        main([command, "--help"])
        raise SystemExit(0)
    out = capsys.readouterr().out
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", out).split())  # rich wraps and boxes: compare words


def test_extract_help_lists_every_registered_format_and_extension(capsys):
    text = help_text(capsys, "extract")
    for fmt in FORMATS:
        assert f"{fmt.name} ({', '.join(fmt.extensions)})" in text, fmt.name
    for source in SOURCES:
        assert f"{source.name} ({source.example})" in text


def test_ingest_help_names_every_registered_format(capsys):
    text = help_text(capsys, "ingest")
    assert ", ".join(f.name for f in FORMATS) in text


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("noext", b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
        ("noext", b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "feed"),
        ("noext", b'{"text": "one"}\n{"text": "two"}\n', "jsonl"),
        ("noext", b'{\n  "text": "one"\n}\n', "json"),
        ("noext", b'[{"text": "one"}]', "json"),
        ("noext", b"Plain words about a meeting.\n", "text"),
        ("page.xml", b"<html><body><p>A page saved under a feed's name.</p></body></html>", "html"),
        ("feed.xml", b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "feed"),
        ("notes.md", b'{"looks": "like json"}', "text"),  # the extension decides
        ("report.pdf", b"%PDF-1.4", "pdf"),
    ],
)
def test_file_format_by_extension_then_first_bytes(tmp_path: Path, name, data, expected):
    path = tmp_path / name
    path.write_bytes(data)
    assert file_format(path).name == expected


def test_gzip_files_are_sniffed_inside(tmp_path: Path):
    warc, jsonl = tmp_path / "a", tmp_path / "b"
    warc.write_bytes(gzip.compress(b"WARC/1.0\r\n"))
    jsonl.write_bytes(gzip.compress(b'{"text": "x"}\n'))
    assert (file_format(warc).name, file_format(jsonl).name) == ("warc", "jsonl")


def test_folder_files_trust_their_known_extension_without_sniffing(tmp_path: Path):
    path = tmp_path / "noext"
    path.write_bytes(b'{"text": "one"}\n')
    assert file_format(path, sniff=False).name == "text"


def test_article_format_pdf_signature_first_and_html_forcing():
    page = b"<html><body><p>x</p></body></html>"
    assert article_format(page).name == "html"
    assert article_format(page, html=False).name == "text"
    assert article_format(b"plain", "text/html").name == "html"
    assert article_format(b"%PDF-1.7 ...", html=True).name == "pdf"
    assert article_format(b"A file starts with %PDF-1.7, she said.").name == "text"


def test_extensions_and_many_flags_come_from_the_table():
    many = {f.name for f in FORMATS if f.many}
    assert many == {"warc", "feed", "jsonl", "json"}
    assert ".jsonl.gz" in formats.MANY_ARTICLE_EXTENSIONS and ".pdf" not in formats.MANY_ARTICLE_EXTENSIONS
    assert set(formats.KNOWN_EXTENSIONS) == {e for f in FORMATS for e in f.extensions}


def shout_items(path: Path, **opts):
    """A test format: each line of a .shout file is one article (read through the text reader)."""
    from onrecord.ingest.corpus import finish_item
    from onrecord.ingest.read import RawInput

    for number, line in enumerate(path.read_text().splitlines(), 1):
        yield finish_item(RawInput(line.replace(" | ", "\n\n").encode(), f"{path}#{number}"), keep_all=opts["keep_all"])


def test_a_new_format_is_one_row(tmp_path: Path, monkeypatch):
    row = Format("shout", "test lines", (".shout",), many=True, read_file=f"{__name__}:shout_items")
    monkeypatch.setattr(formats, "FORMATS", FORMATS + (row,))
    path = tmp_path / "two.shout"
    path.write_text(
        ARTICLE.strip().replace("\n\n", " | ")
        + "\n"
        + "The mayor said the road would reopen. | It did not, residents said.\n"
    )
    items = list(iter_items([path]))
    assert [item.source for item in items] == [f"{path}#1", f"{path}#2"]
    assert all(item.ok for item in items)
    assert items[0].article.body.startswith("Rain is due on Friday")


def test_single_article_readers_keep_their_metadata():
    article = load_article(ARTICLE.encode(), source_name="note")
    assert article.meta["format"] == "text" and article.meta["encoding"] == "utf-8"


def test_extract_of_one_corpus_file_reads_its_articles(tmp_path: Path, capsys):
    import json

    corpus = tmp_path / "two.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"a{i}", "text": ARTICLE}) + "\n" for i in (1, 2)))
    with pytest.raises(SystemExit):
        main(["extract", str(corpus), "--format", "jsonl"])
        raise SystemExit(0)
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["article"]["id"] for line in lines] == ["a1", "a2"]


def test_architecture_doc_lists_the_formats_of_the_table():
    doc = (Path(__file__).parent.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip(): line.split("|")[2].strip()
        for line in doc.splitlines()
        if line.startswith("| ") and line.count("|") == 4
    }
    for fmt in FORMATS:
        assert rows.get(fmt.name) == ", ".join(fmt.extensions), fmt.name
