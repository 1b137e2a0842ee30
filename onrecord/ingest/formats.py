"""The input formats onrecord reads, as one table: name, extensions, how its first bytes are sniffed, its reader.

Every dispatch on the kind of an input goes through :data:`FORMATS`:

* :func:`file_format` picks the row of a file (by extension, else by its first bytes); rows that hold many
  articles (``many``) have a ``read_file`` reader that yields :class:`~onrecord.ingest.IngestItem`\\ s, the
  others are read as one article each;
* :func:`article_format` picks the row of one article's bytes (PDF, HTML or plain text), whose
  ``read_article`` reader turns a :class:`~onrecord.ingest.read.RawInput` into an uncleaned ``Article``;
* folders are walked for files with a :data:`KNOWN_EXTENSIONS` name; the CLI help and
  ``docs/architecture.md`` list :func:`formats_help`.

Adding a format is one module with its reader and one row here (a sniffing test if its extension is not
enough). Readers are named ``"module:function"`` and imported when first used, so that this table costs
nothing to import and the readers may import the rest of ``onrecord.ingest``.

:data:`SOURCES` lists the ways an input is named other than a file path (a URL, ``-`` for stdin); the
readers for those live in :mod:`onrecord.ingest.read`.
"""

from __future__ import annotations

import gzip
import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

_BOM_AND_BLANKS = b"\xef\xbb\xbf \t\r\n"


@dataclass(frozen=True)
class Head:
    """The first bytes of a file as sniffers see them: ``raw`` (2 KiB), ``stripped`` of a BOM and blank
    space, and ``gzip_inner`` (the first 64 decompressed bytes) when the file is gzip-compressed."""

    raw: bytes
    gzip_inner: Optional[bytes] = None

    @property
    def stripped(self) -> bytes:
        return self.raw.lstrip(_BOM_AND_BLANKS)


@dataclass(frozen=True)
class Format:
    """One row of the table.

    ``sniff`` answers for a file's :class:`Head`; ``sniff_article`` for one article's bytes and HTTP
    content type. ``extension_is_hint``: the extension alone does not decide (``.xml`` may be a feed or a
    page); when the content does not sniff as this format, the rows named in ``otherwise`` are asked.
    """

    name: str
    label: str
    extensions: tuple[str, ...] = ()
    many: bool = False
    sniff: Optional[Callable[[Head], bool]] = None
    sniff_article: Optional[Callable[[bytes, Optional[str]], bool]] = None
    read_file: Optional[str] = None  # "module:function(path, **opts) -> Iterator[IngestItem]"
    read_article: Optional[str] = None  # "module:function(raw, meta) -> Article"
    extension_is_hint: bool = False
    otherwise: tuple[str, ...] = ()

    def file_reader(self) -> Callable:
        return _resolve(self.read_file)

    def article_reader(self) -> Callable:
        return _resolve(self.read_article)


@dataclass(frozen=True)
class InputSource:
    """A way of naming an input other than a file path (for help and docs; :mod:`onrecord.ingest.read`
    reads them)."""

    name: str
    label: str
    example: str


def _resolve(target: Optional[str]) -> Callable:
    if target is None:
        raise LookupError("this format has no reader of that kind")
    module, _, function = target.partition(":")
    return getattr(importlib.import_module(module), function)


def _is_feed(head: bytes) -> bool:
    low = head.lower()
    return b"<rss" in low or (b"<feed" in low and b"atom" in low) or b"<rdf:rdf" in low


def _sniff_warc(head: Head) -> bool:
    if head.gzip_inner is not None:
        return head.gzip_inner.startswith(b"WARC/")
    return head.stripped.startswith(b"WARC/")


def _sniff_feed(head: Head) -> bool:
    return head.gzip_inner is None and _is_feed(head.raw)


def _sniff_jsonl(head: Head) -> bool:
    if head.gzip_inner is not None:
        return head.gzip_inner.lstrip().startswith(b"{")
    # one object on the first line: JSONL; an object spread over lines is one JSON document
    return head.stripped.startswith(b"{") and head.stripped.split(b"\n", 1)[0].strip().endswith(b"}")


def _sniff_json(head: Head) -> bool:
    return head.gzip_inner is None and head.stripped.startswith((b"{", b"["))


def _sniff_html_file(head: Head) -> bool:
    # only asked for a file whose extension is a hint (.xml): a page saved under a feed's name
    return b"<html" in head.raw.lower()


def _sniff_pdf(data: bytes, content_type: Optional[str]) -> bool:
    from onrecord.ingest.pdf import looks_like_pdf

    return looks_like_pdf(data)


def _sniff_html(data: bytes, content_type: Optional[str]) -> bool:
    from onrecord.ingest.html import looks_like_html

    return looks_like_html(data, content_type)


# Order matters: extensions are matched over all rows first (they do not overlap), then the sniffers are
# asked in this order; a file that nothing claims is one article (pdf, html or text, by its bytes).
FORMATS: tuple[Format, ...] = (
    Format(
        "warc",
        "WARC web archives (e.g. CC-NEWS), one article per HTML response",
        (".warc", ".warc.gz", ".arc.gz"),
        many=True,
        sniff=_sniff_warc,
        read_file="onrecord.ingest.corpus:_warc_items",
    ),
    Format(
        "feed",
        "RSS/Atom feeds, one article per entry",
        (".xml", ".rss", ".atom"),
        many=True,
        sniff=_sniff_feed,
        read_file="onrecord.ingest.corpus:_feed_items",
        extension_is_hint=True,
        otherwise=("html",),
    ),
    Format(
        "jsonl",
        "JSONL corpora (one record a line, plain or gzip)",
        (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"),
        many=True,
        sniff=_sniff_jsonl,
        read_file="onrecord.ingest.corpus:_jsonl_items",
    ),
    Format(
        "json",
        "JSON corpora (one record or a list of records)",
        (".json",),
        many=True,
        sniff=_sniff_json,
        read_file="onrecord.ingest.corpus:_json_items",
    ),
    Format(
        "pdf",
        "PDF files (text layer; page headers, footers and numbers set aside)",
        (".pdf",),
        sniff_article=_sniff_pdf,
        read_article="onrecord.ingest.articles:article_from_pdf",
    ),
    Format(
        "html",
        "HTML pages (main text and metadata through trafilatura)",
        (".html", ".htm", ".xhtml", ".shtml"),
        sniff=_sniff_html_file,
        sniff_article=_sniff_html,
        read_article="onrecord.ingest.articles:article_from_html",
    ),
    Format(
        "text",
        "plain text (encoding detected; first line taken as the headline)",
        (".txt", ".text", ".md"),
        sniff_article=lambda data, content_type: True,
        read_article="onrecord.ingest.articles:article_from_text",
    ),
)

SOURCES: tuple[InputSource, ...] = (
    InputSource("url", "http(s) URLs, fetched with a timeout and a size limit", "https://example.org/story"),
    InputSource("stdin", "standard input, named -", "-"),
)

BY_NAME: dict[str, Format] = {f.name: f for f in FORMATS}
KNOWN_EXTENSIONS: tuple[str, ...] = tuple(ext for f in FORMATS for ext in f.extensions)
MANY_ARTICLE_EXTENSIONS: tuple[str, ...] = tuple(ext for f in FORMATS if f.many for ext in f.extensions)


def extensions(name: str) -> tuple[str, ...]:
    return BY_NAME[name].extensions


def read_head(path: Path, size: int = 2048) -> Head:
    try:
        with path.open("rb") as fh:
            raw = fh.read(size)
    except OSError:
        return Head(b"")
    if not raw.startswith(b"\x1f\x8b"):
        return Head(raw)
    with gzip.open(path, "rb") as fh:
        return Head(raw, gzip_inner=fh.read(64))


def by_extension(filename: str) -> Optional[Format]:
    name = filename.lower()
    return next((f for f in FORMATS if f.extensions and name.endswith(f.extensions)), None)


def file_format(path: Path, sniff: bool = True) -> Format:
    """The row for the file ``path``: by its extension, else (``sniff``) by its first bytes, else ``text``.

    ``sniff=False`` (files found while walking a folder, which have a known extension) trusts the name.
    A single-article row (pdf, html, text) means "one article": :func:`article_format` decides which.
    """
    fmt = by_extension(path.name)
    if fmt is not None and not fmt.extension_is_hint:
        return fmt
    if fmt is not None:
        head = read_head(path)
        if _sniffs(fmt, head):
            return fmt
        return next((BY_NAME[n] for n in fmt.otherwise if _sniffs(BY_NAME[n], head)), fmt)
    if not sniff:
        return BY_NAME["text"]
    head = read_head(path)
    return next((f for f in FORMATS if _sniffs(f, head)), BY_NAME["text"])


def _sniffs(fmt: Format, head: Head) -> bool:
    return fmt.sniff is not None and fmt.sniff(head)


def article_format(data: bytes, content_type: Optional[str] = None, html: Optional[bool] = None) -> Format:
    """The single-article row for ``data``: the first whose ``sniff_article`` answers yes.

    ``html`` (True/False) replaces the HTML row's own sniffing, for callers that know (a corpus record's
    ``html`` field, a feed entry's content type); a PDF signature is still recognised first.
    """
    for fmt in FORMATS:
        if fmt.sniff_article is None:
            continue
        if fmt.name == "html" and html is not None:
            if html:
                return fmt
            continue
        if fmt.sniff_article(data, content_type):
            return fmt
    return BY_NAME["text"]


def formats_help() -> str:
    """One line per format and source, for CLI help and docs: ``name (extensions): label``."""
    lines = [f"{f.name} ({', '.join(f.extensions)}): {f.label}" for f in FORMATS]
    lines += [f"{s.name} ({s.example}): {s.label}" for s in SOURCES]
    return "\n".join(lines)


def formats_summary(sources: tuple[str, ...] = ("url", "stdin")) -> str:
    """The format names in one phrase, for an argument's help text, with the ``sources`` a command takes."""
    named = [s.label.split(",")[0] for s in SOURCES if s.name in sources]
    return ", ".join(f.name for f in FORMATS) + " files, folders" + "".join(f", {label}" for label in named)
