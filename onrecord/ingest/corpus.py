"""Many articles at once: folders, JSONL corpora, RSS/Atom feeds and WARC files, streamed item by item.

:func:`iter_items` yields one :class:`IngestItem` per article found, in a stable order, holding at most one
input item in memory at a time. A bad item (a JSON line that does not parse, a binary file, a page with
no article) becomes an item with ``error`` set, so a caller logs it and goes on::

    for item in iter_items(["corpus/", "news.jsonl", "feed.xml", "cc-news.warc.gz"]):
        if item.error:
            log(item.source, item.error)       # e.g. "news.jsonl:17: line is not valid JSON (...)"
        else:
            store(item.article, raw_sha256=item.raw_sha256)

Each item's ``source`` says where to find it again: ``path`` for a file, ``path:LINE`` for a JSONL line,
``path#entry-N`` for a feed entry (1-based), ``path@OFFSET`` for a WARC record (its byte offset).
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from onrecord.errors import InputError, OnrecordError
from onrecord.ingest.formats import KNOWN_EXTENSIONS, extensions, file_format
from onrecord.ingest.published import parse_date, set_published
from onrecord.ingest.read import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, RawInput, fetch_url, read_file
from onrecord.ingest.validate import record_problem, shown_path
from onrecord.model import Article, DateMethod, content_hash

# The extensions of each format, from the table (kept under their old names for importers).
TEXT_EXTENSIONS = extensions("text")
HTML_EXTENSIONS = extensions("html")
JSONL_EXTENSIONS = extensions("jsonl")
JSON_EXTENSIONS = extensions("json")
FEED_EXTENSIONS = extensions("feed")
WARC_EXTENSIONS = extensions("warc")
PDF_EXTENSIONS = extensions("pdf")


@dataclass
class IngestItem:
    """One article read from a corpus, or the reason it could not be read.

    ``raw_sha256`` is the sha256 of the bytes the item was read from (the file, the JSONL line, the feed
    entry, the WARC payload): the same input always gives the same value, so a store can skip repeats.
    """

    source: str
    article: Optional[Article] = None
    error: Optional[str] = None
    raw_sha256: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.error is None


def iter_items(
    paths: Iterable[Union[str, Path]],
    *,
    follow_links: bool = False,
    keep_all: bool = False,
    fetch: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
) -> Iterator[IngestItem]:
    """Stream the articles of files, folders (recursively), JSONL/JSON corpora, feeds, WARC files and URLs.

    Args:
        paths: files, folders or ``http(s)`` URLs. In folders only files with a known extension are read
            (see ``KNOWN_EXTENSIONS``), hidden files and folders are skipped; a file named directly is
            read whatever its name, its kind sniffed from its first bytes.
        follow_links: follow symbolic links to folders while walking.
        keep_all: do not clean the bodies (see :func:`onrecord.clean.clean_article`).
        fetch: for feed entries, fetch the linked page (falling back to the feed's own text when the
            fetch fails); otherwise the entry's content/summary is the article.
        max_bytes, timeout: as for :func:`onrecord.ingest.load_article`, per item.
    """
    opts = dict(keep_all=keep_all, fetch=fetch, max_bytes=max_bytes, timeout=timeout)
    for entry in paths:
        text = str(entry)
        if text.lower().startswith(("http://", "https://")):
            yield from _guard(text, _url_items(text, **opts))
            continue
        path = Path(entry)
        if path.is_dir():
            for file in _walk(path, follow_links):
                yield from _guard(shown_path(file), _file_items(file, sniff=False, **opts))
        else:
            yield from _guard(shown_path(path), _file_items(path, sniff=True, **opts))


def _guard(source: str, items: Iterator[IngestItem]) -> Iterator[IngestItem]:
    """Turn an error that stops a whole file (unreadable, not a WARC...) into one error item."""
    try:
        yield from items
    except OnrecordError as exc:
        yield IngestItem(source=source, error=_message(exc, source))
    except (OSError, ValueError, EOFError) as exc:
        yield IngestItem(source=source, error=f"cannot read ({exc.__class__.__name__}: {exc})")


def _message(exc: Exception, source: str) -> str:
    """The problem alone when the error names this item already (the item's source is logged beside it)."""
    return exc.problem if isinstance(exc, InputError) and exc.source == source else str(exc)


def _walk(root: Path, follow_links: bool) -> Iterator[Path]:
    seen: set[str] = set()  # real paths of folders walked, so that a link loop ends
    for folder, dirs, files in os.walk(root, followlinks=follow_links):
        real = os.path.realpath(folder)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            if name.startswith(".") or not name.lower().endswith(KNOWN_EXTENSIONS):
                continue
            if path.is_symlink() and not follow_links:
                continue
            yield path


def kind_of(path: Path, sniff: bool = True) -> str:
    """The name of the :data:`~onrecord.ingest.formats.FORMATS` row of ``path``: by extension, else by the first bytes."""
    return file_format(path, sniff).name


def _file_items(path: Path, *, sniff: bool, **opts) -> Iterator[IngestItem]:
    if not path.exists():
        raise InputError(shown_path(path), "no such file or folder")
    fmt = file_format(path, sniff)
    reader = fmt.file_reader() if fmt.many else _single_file_item
    yield from reader(path, **opts)


def finish_item(raw: RawInput, *, keep_all: bool, html: Optional[bool] = None, meta=None, fill=None) -> IngestItem:
    """Build, fill in and finish one article; errors become an error item."""
    from onrecord.ingest import article_from_raw, finish_article

    sha = hashlib.sha256(raw.data).hexdigest()
    try:
        article = article_from_raw(raw, html=html, meta=meta)
        if fill:
            fill(article)
        article = finish_article(article, keep_all=keep_all)
    except OnrecordError as exc:
        return IngestItem(source=raw.source, error=_message(exc, raw.source), raw_sha256=sha)
    return IngestItem(source=raw.source, article=article, raw_sha256=sha)


def _single_file_item(path: Path, *, keep_all, max_bytes, **_) -> Iterator[IngestItem]:
    try:
        raw = read_file(path, max_bytes=max_bytes, name=shown_path(path))
    except InputError as exc:
        yield IngestItem(source=shown_path(path), error=exc.problem)
        return
    yield finish_item(raw, keep_all=keep_all)


def _url_items(url: str, *, keep_all, max_bytes, timeout, **_) -> Iterator[IngestItem]:
    raw = fetch_url(url, max_bytes=max_bytes, timeout=timeout)
    yield finish_item(raw, keep_all=keep_all)


# --- JSONL / JSON corpora (the common format of ../shared/data/README.md) -------------------------------

_CORPUS_META = ("source", "split", "annotator")

# Other news dumps carry the same things under other names (news-please writes ``maintext`` and
# ``date_publish``; many scrapers write ``body`` or ``content``). Each tuple is read in order, and the first
# field holding a string wins, so a record in the common format reads as before.
TEXT_FIELDS = ("text", "body", "content", "maintext", "article_text", "full_text")
HTML_FIELDS = ("html", "raw_html")
DATE_FIELDS = ("published", "date_publish", "published_at", "publish_date", "date")
OUTLET_FIELDS = ("publisher", "outlet", "source_domain", "site_name")


def _first_string(record: dict, fields: tuple[str, ...]) -> Optional[str]:
    return next((record[f] for f in fields if isinstance(record.get(f), str)), None)


def _open_maybe_gzip(path: Path):
    with path.open("rb") as fh:
        magic = fh.read(2)
    return gzip.open(path, "rb") if magic == b"\x1f\x8b" else path.open("rb")


def is_jsonl_corpus(path: Union[str, Path]) -> bool:
    """Whether ``path`` is one JSONL corpus file (plain or gzip), which can be read a line at a time anywhere."""
    path = Path(path)
    return path.is_file() and kind_of(path) == "jsonl"


def item_from_corpus_line(
    line: Union[bytes, str], source: str, *, keep_all: bool = False, max_bytes: int = DEFAULT_MAX_BYTES
) -> Optional[IngestItem]:
    """One line of a JSONL corpus as an item (None for a blank line), exactly as :func:`iter_items` reads it.

    For readers that split a corpus themselves, such as Spark's ``textFile``: ``source`` should be
    ``"path:lineno"`` so that errors point at the line.
    """
    data = line.encode("utf-8") if isinstance(line, str) else line
    if not data.strip():
        return None
    if len(data) > max_bytes:
        return IngestItem(source=source, error=f"line longer than {max_bytes:,} bytes; raise --max-bytes")
    return _record_item(data, source, keep_all=keep_all)


def _jsonl_items(path: Path, *, keep_all, max_bytes, **_) -> Iterator[IngestItem]:
    with _open_maybe_gzip(path) as fh:
        lineno = 0
        while True:
            line = fh.readline(max_bytes + 1)
            if not line:
                break
            lineno += 1
            source = f"{shown_path(path)}:{lineno}"
            if len(line) > max_bytes and not line.endswith(b"\n"):
                while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass  # skip the rest of the over-long line without holding it
                yield IngestItem(source=source, error=f"line longer than {max_bytes:,} bytes; raise --max-bytes")
                continue
            item = _safely(source, item_from_corpus_line, line, source, keep_all=keep_all, max_bytes=max_bytes)
            if item is not None:
                yield item


def _json_items(path: Path, *, keep_all, max_bytes, **_) -> Iterator[IngestItem]:
    name = shown_path(path)
    raw = read_file(path, max_bytes=max_bytes, name=name)
    try:
        data = json.loads(raw.data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        yield IngestItem(source=name, error=f"not valid JSON ({exc})", raw_sha256=content_hash(raw.data))
        return
    records = data if isinstance(data, list) else [data]
    for i, record in enumerate(records, 1):
        source = f"{name}#{i}" if isinstance(data, list) else name
        # surrogatepass: a lone surrogate must not stop the file here (the record check refuses that record)
        line = json.dumps(record, ensure_ascii=False).encode("utf-8", "surrogatepass")
        yield _safely(source, _record_item, line, source, keep_all=keep_all, parsed=record)


def _safely(source: str, read_one, *args, **kwargs) -> Optional[IngestItem]:
    """``read_one(*args)``, with an unforeseen failure made this item's error: one item never stops its file."""
    try:
        return read_one(*args, **kwargs)
    except Exception as exc:  # a bug shows in the log as this line, the rest of the file is still read
        reason = (str(exc).strip().splitlines() or [""])[0][:200]
        return IngestItem(
            source=source, error=f"could not be read ({type(exc).__name__}: {reason}); please report this"
        )


def _record_item(line: bytes, source: str, *, keep_all: bool, parsed=None) -> IngestItem:
    """One corpus record ``{"text": ..., "id", "publisher", "published", "title", "url", ...}``.

    The fields are those of the common format (``../shared/data/README.md``); ``publisher`` (or ``outlet``)
    becomes :attr:`Article.outlet`, ``published`` a metadata date, ``id`` the article id. A record with
    ``html`` instead of ``text`` is a page whose main text is extracted as for an HTML file.
    """
    sha = hashlib.sha256(line).hexdigest()
    if parsed is None:
        try:
            parsed = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            return IngestItem(
                source=source,
                error=f"line is not valid JSON ({exc.msg} at column {exc.colno})"
                if isinstance(exc, json.JSONDecodeError)
                else "line is not UTF-8",
                raw_sha256=sha,
            )
    if not isinstance(parsed, dict):
        return IngestItem(source=source, error="record is not a JSON object", raw_sha256=sha)
    if problem := record_problem(parsed):
        return IngestItem(source=source, error=problem, raw_sha256=sha)
    text, is_html = _first_string(parsed, TEXT_FIELDS), False
    if text is None and (page := _first_string(parsed, HTML_FIELDS)) is not None:
        text, is_html = page, True  # a crawl dump: the page itself, main text still to extract
    if text is None:
        names = ", ".join(f"'{f}'" for f in TEXT_FIELDS + HTML_FIELDS)
        return IngestItem(
            source=source, error=f"record has no article text (a string in one of {names})", raw_sha256=sha
        )
    meta = {k: str(parsed[k]) for k in _CORPUS_META if parsed.get(k) is not None}
    if parsed.get("id") is not None:
        meta["corpus_id"] = str(parsed["id"])

    def fill(article: Article) -> None:
        if parsed.get("id") is not None:
            article.id = str(parsed["id"])
        article.title = parsed.get("title") or article.title
        article.url = parsed.get("url") or article.url
        article.outlet = _first_string(parsed, OUTLET_FIELDS) or article.outlet
        authors = parsed.get("authors") or parsed.get("author")
        if authors:
            article.authors = [authors] if isinstance(authors, str) else [str(a) for a in authors]
        date_field = next((f for f in DATE_FIELDS if isinstance(parsed.get(f), str) and parsed[f]), None)
        if date_field is not None:
            _metadata_date(article, parsed[date_field], f"corpus field '{date_field}'", 1.0)

    raw = RawInput(text.encode("utf-8"), source, url=parsed.get("url"))
    return finish_item(raw, keep_all=keep_all, html=is_html, meta=meta, fill=fill)


def _metadata_date(article: Article, value, evidence: str, confidence: float) -> None:
    if value:
        set_published(article, value, DateMethod.metadata, confidence, f"{evidence}: {value}")


# --- RSS / Atom feeds -------------------------------------------------------------------------------------


def _feed_items(path: Path, *, keep_all, fetch, max_bytes, timeout) -> Iterator[IngestItem]:
    import feedparser

    name = shown_path(path)
    raw = read_file(path, max_bytes=max_bytes, name=name)
    try:
        feed = feedparser.parse(_valid_char_refs(raw.data))
    except (ValueError, TypeError, LookupError, AttributeError, IndexError) as exc:  # feedparser on garbled input
        first = (str(exc).strip().splitlines() or [""])[0][:120]
        raise InputError(name, f"not a readable RSS/Atom feed ({type(exc).__name__}: {first})") from None
    if not feed.entries:
        reason = f" ({feed.bozo_exception})" if feed.get("bozo") and feed.get("bozo_exception") else ""
        raise InputError(name, f"not an RSS/Atom feed with entries{reason}")
    outlet = feed.feed.get("title")
    for i, entry in enumerate(feed.entries, 1):
        source = f"{name}#entry-{i}"
        yield _safely(
            source,
            feed_entry_item,
            entry,
            source,
            outlet,
            keep_all=keep_all,
            fetch=fetch,
            max_bytes=max_bytes,
            timeout=timeout,
        )


_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def _valid_char_refs(data: bytes) -> bytes:
    """Character references to what no text may hold (NUL, a lone surrogate, past U+10FFFF) made U+FFFD:
    feedparser would stop on the whole feed for one ``&#xD800;`` in one entry."""

    def fix(m: re.Match) -> bytes:
        code = int(m[1], 16) if m[1] else int(m[2])
        return b"&#xFFFD;" if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else m[0]

    return _CHAR_REF.sub(fix, data) if b"&#" in data else data


def feed_entry_item(entry, source: str, outlet, *, keep_all, fetch, max_bytes, timeout) -> IngestItem:
    link = entry.get("link")
    meta = {"feed_entry": source}
    if entry.get("id"):
        meta["feed_id"] = str(entry["id"])
    raw = None
    if fetch and link:
        try:
            raw = fetch_url(link, max_bytes=max_bytes, timeout=timeout)
            raw.source = source
        except InputError as exc:
            meta["fetch_error"] = exc.problem  # offline: fall back to the feed's own text
    html_mode: Optional[bool] = None
    if raw is None:
        content = entry.get("content") or []
        body = content[0].get("value") if content else entry.get("summary", "")
        if not body or not body.strip():
            return IngestItem(source=source, error="feed entry has no content or summary text")
        ctype = (content[0].get("type") if content else entry.get("summary_detail", {}).get("type")) or "text/html"
        html_mode = "html" in ctype
        raw = RawInput(
            _fragment_page(body, entry.get("title")) if html_mode else body.encode("utf-8"), source, url=link
        )
        meta["from"] = "feed text"
    # The date as written (local to the outlet), not feedparser's UTC struct, which can move it a day.
    published = entry.get("published") or entry.get("updated")
    if not parse_date(published) and (entry.get("published_parsed") or entry.get("updated_parsed")):
        published = dt.date(*(entry.get("published_parsed") or entry.get("updated_parsed"))[:3]).isoformat()
    from_feed = html_mode is not None  # the feed's own text, not the fetched page

    def fill(article: Article) -> None:
        # The feed's metadata describes its text; a fetched page's own metadata describes the page.
        if from_feed or not article.title:
            article.title = entry.get("title") or article.title
        article.url = article.url if not from_feed and article.url else link or article.url
        article.outlet = (outlet or article.outlet) if from_feed else (article.outlet or outlet)
        if entry.get("author") and (from_feed or not article.authors):
            article.authors = [entry["author"]]
        if published and article.published_method != DateMethod.metadata:
            _metadata_date(article, published, "feed entry date", 0.95)

    return finish_item(raw, keep_all=keep_all, html=html_mode, meta=meta, fill=fill)


def _fragment_page(fragment: str, title: Optional[str]) -> bytes:
    """Wrap a feed's HTML fragment in a page so that trafilatura sees an article."""
    from html import escape

    head = f"<title>{escape(title)}</title>" if title else ""
    return f"<html><head>{head}</head><body><article>{fragment}</article></body></html>".encode()


# --- WARC (e.g. CC-NEWS) ---------------------------------------------------------------------------------


def _warc_items(path: Path, *, keep_all, max_bytes, **_) -> Iterator[IngestItem]:
    from warcio.exceptions import ArchiveLoadFailed

    name = shown_path(path)
    with path.open("rb") as fh:
        records = _checked_archive(fh)
        try:
            for record in records:
                if record.rec_type != "response":
                    continue
                where = _offset_of(records, record, name)
                item = _safely(name, _warc_record_item, record, where, keep_all=keep_all, max_bytes=max_bytes)
                if item is not None:
                    yield item
        except ArchiveLoadFailed as exc:
            if records.offset and fh.tell() >= os.fstat(fh.fileno()).st_size:
                raise InputError(
                    name,
                    f"truncated: the file ends inside a record after byte {records.offset:,}; "
                    "the complete records before it are read",
                ) from None
            # warcio quotes the first line it could not read, which for a binary file is a screenful of noise
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            reason = reason if len(reason) <= 80 else reason[:79] + "…"
            raise InputError(name, f"not a readable WARC file ({reason})") from None
        except (AttributeError, KeyError, TypeError, ValueError, EOFError, OSError) as exc:
            # warcio's parser on a record header cut short or garbled: the records before it are read
            at_end = fh.tell() >= os.fstat(fh.fileno()).st_size
            problem = "truncated: the file ends inside a record" if at_end else "malformed WARC record"
            raise InputError(
                name,
                f"{problem} after byte {records.offset:,} ({type(exc).__name__}); "
                "the complete records before it are read",
            ) from None
        if records.unfinished_member or _bytes_after(fh, records.offset):
            raise InputError(
                name,
                f"truncated: the file ends inside a record after byte {records.offset:,} "
                "(an incomplete download?); the complete records before it are read",
            )


def _bytes_after(fh, offset: int) -> bool:
    """Whether anything but blank lines follows ``offset``, where warcio stopped: a record cut inside its headers."""
    fh.seek(offset)
    while chunk := fh.read(1 << 16):
        if chunk.strip():
            return True
    return False


def _checked_archive(fh):
    """warcio's reader, noting whether the file ended inside a gzip member.

    warcio stops quietly when the last member of a ``.warc.gz`` is cut short before a whole record
    header is in it; its decompressor, not yet at the member's end, is what tells.
    """
    from warcio.archiveiterator import ArchiveIterator

    class CheckedArchiveIterator(ArchiveIterator):
        unfinished_member = False

        def close(self):
            decompressor = getattr(self.reader, "decompressor", None) if self.reader else None
            if decompressor is not None and getattr(decompressor, "eof", True) is False:
                self.unfinished_member = True
            super().close()

    return CheckedArchiveIterator(fh)


def _offset_of(records, record, name: str):
    """``name@offset`` of ``record``; warcio only knows the offset once the record has been read to its end."""

    def where() -> str:
        records.read_to_end(record)
        return f"{name}@{records.get_record_offset()}"

    return where


def _read_bounded(stream, max_bytes: int) -> Optional[bytes]:
    """Read a stream in chunks (warcio's readers return nothing for one huge read), None past the limit."""
    chunks, size = [], 0
    while chunk := stream.read(1 << 16):
        size += len(chunk)
        if size > max_bytes:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _warc_record_item(record, where, *, keep_all, max_bytes) -> Optional[IngestItem]:
    http = record.http_headers
    ctype = (http.get_header("Content-Type") if http else None) or ""
    if ctype and not ctype.lower().startswith(("text/html", "application/xhtml", "text/plain")):
        return None  # images, scripts, PDFs: not articles
    url = record.rec_headers.get_header("WARC-Target-URI")
    status = http.get_statuscode() if http else "200"
    data = _read_bounded(record.content_stream(), max_bytes)
    missing = getattr(record.raw_stream, "limit", 0)  # bytes of the record's declared length never read
    source = where()
    if data is None:
        return IngestItem(source=source, error=f"payload larger than {max_bytes:,} bytes; raise --max-bytes")
    if missing:
        return IngestItem(
            source=source,
            error=f"truncated record: the file ends {missing:,} bytes before the record's "
            f"declared end (Content-Length {record.length:,}); not stored",
        )
    if status and not str(status).startswith("2"):
        return IngestItem(
            source=source, error=f"HTTP {status} response for {url}", raw_sha256=hashlib.sha256(data).hexdigest()
        )
    warc_date = record.rec_headers.get_header("WARC-Date")
    meta = {"warc_date": warc_date} if warc_date else {}
    raw = RawInput(data, source, url=url, content_type=ctype or None, meta=meta)

    def fill(article: Article) -> None:
        article.url = article.url or url
        if article.published is None and warc_date:
            _metadata_date(article, warc_date, "WARC-Date (crawl time)", 0.6)

    return finish_item(raw, keep_all=keep_all, fill=fill)
