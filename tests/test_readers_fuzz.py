"""Fuzzing the readers: any input becomes an Article or an InputError (an error item in a corpus), never
another exception. Text, HTML, one JSONL line, an RSS/Atom feed and a WARC file, each from generated
input built around the shapes the readers look for. Bounded: a few seconds per reader, no database.
"""

from __future__ import annotations

import io
import json
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from onrecord.errors import InputError
from onrecord.ingest import item_from_corpus_line, iter_items, load_article
from onrecord.model import Article

FUZZ = settings(
    max_examples=120,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Errors that mean a reader failed in a way nobody foresaw (caught as a last resort, so the rest of the
# file is still read): a fuzzed input must never end there.
UNFORESEEN = re.compile(r"please report this|^cannot read \((?!OSError|PermissionError|FileNotFoundError)")

SENTENCE = "The harbour master said on Tuesday that the new ferry would start in spring."
# Text the readers treat specially: quotes, dates, NUL and other controls, surrogates, BOMs, markup.
pieces = st.sampled_from(
    [
        SENTENCE,
        "\n\n",
        "\r\n",
        "\u201cWe are ready,\u201d she said.",
        "May 31, 2024",
        "0001-01-01",
        "\x00",
        "\x0b",
        "\ufeff",
        "\ud800",
        "\udcff",
        "<p>",
        "</p>",
        "<script>",
        "&#0;",
        "&#xD800;",
        "&amp;",
        "]]>",
        "<![CDATA[",
        "é",
        "\u202e",
        "Photo: Reuters",
        "By Jane Roe",
        "\t",
        " ",
        "{",
        "}",
        '"',
        "\\",
    ]
)
texts = st.lists(st.one_of(pieces, st.text(max_size=30)), max_size=30).map("".join)


def as_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # lone surrogates as the (invalid) bytes a file may hold


def article_or_input_error(read) -> None:
    try:
        result = read()
    except InputError as exc:
        assert "\n" not in str(exc), str(exc)
        return
    assert isinstance(result, Article)
    result.model_dump_json()  # what the store writes: it must be serialisable


def assert_items_sound(items) -> None:
    for item in items:
        assert (item.article is None) != (item.error is None)
        if item.error is not None:
            assert not UNFORESEEN.search(item.error), item.error
            assert "\n" not in item.error, item.error
        else:
            item.article.model_dump_json()
            assert item.source.encode("utf-8")


@FUZZ
@given(st.one_of(texts.map(as_bytes), st.binary(max_size=400), texts))  # bytes, or text as a caller passes it
@example(f"Ferry plan\n\n{SENTENCE} \ud800\n")  # a str with a lone surrogate: UnicodeEncodeError before
def test_text(data):
    article_or_input_error(lambda: load_article(data, source_name="fuzz.txt"))


@FUZZ
@given(
    st.lists(
        st.tuples(st.sampled_from(["p", "div", "article", "h1", "title", "meta", "script", "table", "li", "a"]), texts),
        max_size=12,
    ),
    st.sampled_from(["<!doctype html>", "<html>", "", "\ufeff<html>"]),
)
def test_html(parts, prefix):
    page = prefix + "".join(f"<{tag}>{text}</{tag}>" for tag, text in parts)
    article_or_input_error(lambda: load_article(as_bytes(page), source_name="fuzz.html"))


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), texts),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8,
)
fields = st.sampled_from(
    ["id", "text", "html", "title", "url", "publisher", "outlet", "published", "authors", "author", "source"]
)


@FUZZ
@given(st.dictionaries(fields, json_values, max_size=8), st.sampled_from(["json", "raw", "cut"]))
@example({"text": f"{SENTENCE} \ud800"}, "json")  # issue 11: a lone surrogate ended its file
@example({"text": SENTENCE, "url": 12345}, "json")  # issue 11: a wrongly typed field ended its file
@example({"text": SENTENCE, "title": "\udcff"}, "json")  # issue 11: crashed the store, every run
def test_jsonl_line(record, how):
    line = json.dumps(record, ensure_ascii=how == "json").encode("utf-8", "surrogatepass")
    if how == "cut":
        line = line[: len(line) // 2]
    item = item_from_corpus_line(line, "fuzz.jsonl:1")
    if item is not None:
        assert_items_sound([item])


@FUZZ
@given(
    entries=st.lists(
        st.tuples(texts, texts, st.sampled_from(["", "Fri, 31 May 2024 14:00:00 GMT", "0001-01-01", "garbage"])),
        min_size=1,
        max_size=4,
    ),
    atom=st.booleans(),
    cut=st.integers(min_value=0, max_value=3000),
)
@example(
    entries=[("&#xD800;", SENTENCE, "")], atom=False, cut=3000
)  # found by this test: feedparser stopped on the whole feed
def test_feed(tmp_path_factory, entries, atom, cut):
    from html import escape

    if atom:
        body = "".join(
            f"<entry><title>{escape(t)}</title><updated>{d}</updated><content type='html'>{escape(c)}</content></entry>"
            for t, c, d in entries
        )
        feed = f"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>Fuzz</title>{body}</feed>"
    else:
        body = "".join(
            f"<item><title>{t}</title><pubDate>{d}</pubDate><description>{escape(c)}</description></item>"
            for t, c, d in entries
        )
        feed = f"<?xml version='1.0'?><rss version='2.0'><channel><title>Fuzz</title>{body}</channel></rss>"
    data = as_bytes(feed)
    path = tmp_path_factory.mktemp("feed") / "fuzz.xml"
    path.write_bytes(data[: max(cut, len(data) // 2)] if cut < len(data) else data)
    assert_items_sound(iter_items([path]))


@FUZZ
@given(
    records=st.lists(
        st.tuples(
            texts,
            st.sampled_from(["text/html", "text/plain", "image/png", "", "text/html; charset=latin-1"]),
            st.sampled_from(["200 OK", "404 Not Found", "301 Moved"]),
        ),
        min_size=1,
        max_size=3,
    ),
    gzip=st.booleans(),
    cut=st.integers(min_value=0),
    noise=st.binary(max_size=8),
)
@example(records=[(SENTENCE, "text/html", "200 OK")], gzip=False, cut=240, noise=b"")  # cut inside the WARC headers
def test_warc(tmp_path_factory, records, gzip, cut, noise):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    for i, (text, ctype, status) in enumerate(records):
        headers = StatusAndHeaders(status, [("Content-Type", ctype)] if ctype else [], protocol="HTTP/1.1")
        payload = as_bytes(f"<html><body><article><p>{SENTENCE} {text}</p><p>{text}</p></article></body></html>")
        writer.write_record(
            writer.create_warc_record(
                f"https://example.org/{i}", "response", payload=io.BytesIO(payload), http_headers=headers
            )
        )
    data = buf.getvalue()
    at = cut % (len(data) + 1)
    data = data[:at] + noise + data[at + len(noise) :] if noise else data[:at] or data  # overwrite or cut
    path = tmp_path_factory.mktemp("warc") / ("fuzz.warc.gz" if gzip else "fuzz.warc")
    path.write_bytes(data)
    assert_items_sound(iter_items([path]))
