"""PDF press releases: text rebuilt from PDFs the tests write, furniture set aside, pages on statements."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pdf_samples import FOOTER, HEADER, write_release, write_scan

from onrecord.cli import main
from onrecord.errors import InputError
from onrecord.ingest import iter_items, load_article
from onrecord.ingest.pdf import PdfLine, _join_lines, _reading_order, assemble, check_text_layer, looks_like_pdf


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdfs")
    return {
        "one": write_release(folder / "release.pdf"),
        "two": write_release(folder / "columns.pdf", columns=2),
        "indent": write_release(folder / "indented.pdf", indent=True),
    }


def _body_paragraphs(article) -> str:
    return article.readable_body()


@pytest.mark.parametrize("name", ["one", "two", "indent"])
def test_text_comes_back_as_written(samples, name):
    sample = samples[name]
    article = load_article(sample.path)
    assert sample.pages == 2
    assert article.meta["format"] == "pdf" and article.meta["pages"] == "2"
    assert article.title == sample.title
    assert _body_paragraphs(article) == sample.body  # hyphenation undone, lines and columns rejoined


@pytest.mark.parametrize("name", ["one", "two", "indent"])
def test_headers_footers_and_page_numbers_are_set_aside_with_offsets_kept(samples, name):
    sample = samples[name]
    article = load_article(sample.path)
    furniture = [r for r in article.removed if r.reason.startswith("page_")]
    assert sorted(r.text for r in furniture) == sorted(sample.furniture)
    assert {r.text: r.reason for r in furniture}[HEADER] == "page_header"
    assert {r.text: r.reason for r in furniture}[FOOTER] == "page_footer"
    assert {r.reason for r in furniture if r.text.startswith("Page ")} == {"page_number"}
    raw = article.raw_text()
    for span in article.removed:
        assert raw[span.start : span.end] == span.text
        assert article.body[span.start : span.end].strip() == ""
    assert len(article.body) == len(raw)


def test_page_starts_mark_where_each_page_begins(samples):
    article = load_article(samples["one"].path)
    first, second = article.page_starts
    assert first == 0 and second > 0
    # The first page's text is before the second's start, the second page's footer after it.
    assert "announced on Monday" in article.body[:second]
    assert "Page 2 of 2" in article.raw_text()[second:]


def test_statements_carry_their_page(samples, extractor):
    article = load_article(samples["one"].path)
    record = extractor.process(article)
    pages = {st.quote.text: st.page for st in record.statements}
    assert pages, "no statements found"
    assert all(page in (1, 2) for page in pages.values())
    by_start = sorted(record.statements, key=lambda s: s.quote.start)
    assert by_start[0].page == 1 and by_start[-1].page == 2
    text_record = extractor.process(load_article("“It works,” the mayor said.\n"))
    assert [st.page for st in text_record.statements] == [None]


def test_pages_are_kept_in_the_store(samples, extractor, tmp_path):
    from onrecord.store import open_store

    record = extractor.process(load_article(samples["one"].path))
    with open_store(tmp_path / "pdf.db") as store:
        assert store.add_record(record)
        stored = store.get_record(record.article.id)
    assert stored.article.page_starts == record.article.page_starts and len(record.article.page_starts) == 2
    assert [st.page for st in stored.statements] == [st.page for st in record.statements]
    assert {1, 2} <= {st.page for st in stored.statements}


def _packed_pdf(lines: int) -> bytes:
    """A hand-written one-page PDF drawing ``lines`` lines of 1-point text 1 point apart, flate-compressed:
    a few KB that draw as many characters as the caller likes (a decompression and layout bomb)."""
    import zlib

    content = zlib.compress(b"BT /F1 1 Tf " + b"(a b c d e f g h) Tj 0 -1 Td " * lines + b" ET", 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_page_that_draws_too_much_is_refused_before_its_layout():
    bomb = _packed_pdf(1_000_000)  # 70 KB, 29 MB of drawing once inflated: minutes of layout analysis
    assert len(bomb) < 100_000
    with pytest.raises(InputError, match="draws more than 12,000 characters"):
        load_article(bomb, source_name="bomb.pdf")


def test_reading_a_pdf_stops_past_its_time_limit(monkeypatch):
    import dataclasses

    from onrecord.ingest import pdf

    rules = pdf._rules()
    monkeypatch.setattr(pdf, "_rules", lambda: dataclasses.replace(rules, max_seconds=0.0))
    with pytest.raises(InputError, match="still being read after 0 s"):
        load_article(_packed_pdf(50), source_name="slow.pdf")


def test_scanned_pdf_without_text_is_a_clear_error(tmp_path):
    scan = write_scan(tmp_path / "scan.pdf")
    with pytest.raises(InputError, match="no text layer .*OCR"):
        load_article(scan)


def test_broken_pdf_is_a_clear_error(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage\n")
    with pytest.raises(InputError, match="broken.pdf: "):
        load_article(broken)
    assert looks_like_pdf(b"%PDF-1.4 ...") and not looks_like_pdf(b"Plain text about a PDF")
    assert not looks_like_pdf(b"A file starts with %PDF-1.7, the spokeswoman said.")


def test_folder_ingest_reads_pdfs_and_reports_a_scan(samples, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "release.pdf").write_bytes(samples["one"].path.read_bytes())
    write_scan(folder / "scan.pdf")
    (folder / "note.txt").write_text("“Fine,” she said.\n", encoding="utf-8")
    items = {Path(item.source).name: item for item in iter_items([folder])}
    assert set(items) == {"release.pdf", "scan.pdf", "note.txt"}
    assert items["release.pdf"].ok and items["release.pdf"].article.meta["format"] == "pdf"
    assert "no text layer" in items["scan.pdf"].error


def test_cli_extract_pdf_prints_pages(samples, capsys):
    with pytest.raises(SystemExit) as info:
        main(["extract", str(samples["one"].path), "--format", "json"])
        raise SystemExit(0)
    out, _ = capsys.readouterr()
    assert (info.value.code or 0) == 0
    record = json.loads(out)
    assert record["article"]["page_starts"][0] == 0
    assert {st["page"] for st in record["statements"]} == {1, 2}
    main(["extract", str(samples["one"].path)])  # returns when all went well
    report, _ = capsys.readouterr()
    assert "page 1" in report and "page 2" in report


# --- the rebuilding rules, on lines given directly --------------------------------------------------------


def test_hyphen_at_a_line_end_is_undone_unless_the_word_is_a_compound():
    assert (
        _join_lines(["the oldest infra-", "structure of the city"], set())[0] == "the oldest infrastructure of the city"
    )
    assert _join_lines(["a long-", "term plan"], {"long-term"})[0] == "a long-term plan"
    assert _join_lines(["a street-by-", "street plan"], set())[0] == "a street-by-street plan"
    assert _join_lines(["Anglo-", "American ties"], set())[0] == "Anglo-American ties"
    assert _join_lines(["a soft\u00ad", "hyphen"], set())[0] == "a softhyphen"
    joined, starts = _join_lines(["one two", "three"], set())
    assert joined == "one two three" and starts == [0, 8]


def test_without_positions_margins_are_the_first_and_last_lines():
    words = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar".split()

    def page(n: int) -> list[PdfLine]:
        body = [PdfLine(text=f"The {words[n * 5 + i - 5]} line runs on and on", width=40) for i in range(5)]
        return [PdfLine(text="Annual Report 2026", width=18), *body, PdfLine(text=f"- {n} -", width=5)]

    pdf = assemble([page(1), page(2), page(3)])
    reasons = sorted({(r.reason, r.text.startswith("-")) for r in pdf.removed})
    assert reasons == [("page_header", False), ("page_number", True)]
    assert len(pdf.removed) == 6


def test_a_line_in_the_margin_of_one_page_only_stays():
    top = [PdfLine(text="Statement by the minister", top=0.05, block=0, width=100, height=12)]
    body = [
        PdfLine(text=f"Line {i} of the text goes on", top=0.3 + i / 50, block=1, width=300, height=10) for i in range(3)
    ]
    pdf = assemble([top + body, list(body)])
    assert pdf.removed == []
    assert "Statement by the minister" in pdf.text


def test_reading_order_columns_between_wide_blocks():
    from types import SimpleNamespace as Box

    page = [  # drawn in no particular order; y grows upwards, as in PDF
        Box(name="left-2", x0=50, x1=280, y0=400, y1=500),
        Box(name="closing", x0=50, x1=550, y0=100, y1=150),
        Box(name="right-1", x0=320, x1=550, y0=400, y1=700),
        Box(name="title", x0=50, x1=550, y0=720, y1=760),
        Box(name="left-1", x0=50, x1=280, y0=550, y1=700),
        Box(name="right-2", x0=320, x1=550, y0=200, y1=380),
    ]
    assert [b.name for b in _reading_order(page, 600)] == ["title", "left-1", "left-2", "right-1", "right-2", "closing"]


def test_text_in_fonts_without_a_unicode_map_is_refused():
    gibberish = [[PdfLine(text="(cid:12)(cid:7)(cid:44) (cid:3)(cid:9) report", width=100)]]
    with pytest.raises(InputError, match="without a Unicode map"):
        check_text_layer(gibberish, "coded.pdf")
    check_text_layer([[PdfLine(text="A report that cites (cid:3) once, in a long enough line of text.")]], "ok.pdf")


def test_ligatures_become_letters():
    pdf = assemble([[PdfLine(text="The \ufb01nal o\ufb03cial \ufb02ow", width=30)]])
    assert pdf.text == "The final official flow"
