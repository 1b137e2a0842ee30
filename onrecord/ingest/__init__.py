"""Ingestion: from a file, URL, stdin or corpus item to a clean, dated :class:`~onrecord.model.Article`.

The one entry point for a single article is :func:`load_article`::

    from onrecord.ingest import load_article
    article = load_article("story.html")                 # or a URL, "-" for stdin, bytes + source_name
    article.title, article.published, article.published_method
    article.body[start:end]                              # offsets every later stage uses
    [(r.reason, r.text) for r in article.removed]        # what cleaning set aside, nothing lost

Many articles (folders, JSONL corpora, RSS/Atom feeds, WARC files) stream through :func:`iter_items`,
one :class:`IngestItem` at a time, bad items included as errors so a run can log them and go on.

Steps, each in its own module: ``read`` (bytes within a size limit) → ``text``/``html`` (decode or extract
main text and metadata) → :mod:`onrecord.clean` (set non-body lines aside) → ``language`` →
:mod:`onrecord.clean.published` (publication date: user, metadata or inferred from the text).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional, Union

from onrecord.clean.published import out_of_range_problem, parse_date, published_in_range, set_published
from onrecord.errors import FetchError, InputError
from onrecord.ingest.html import extract_html, looks_like_html
from onrecord.ingest.language import detect_language
from onrecord.ingest.pdf import article_from_pdf, looks_like_pdf
from onrecord.ingest.read import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, RawInput, read_source
from onrecord.ingest.text import decode_bytes, headline
from onrecord.model import Article, DateMethod, content_hash

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "FetchError",
    "IngestItem",
    "InputError",
    "RawInput",
    "article_from_raw",
    "finish_article",
    "is_jsonl_corpus",
    "item_from_corpus_line",
    "iter_items",
    "load_article",
]

DateLike = Union[str, dt.date, None]
# Fewer words than this in a page's main text means trafilatura found menus or a stub, not an article.
MIN_ARTICLE_WORDS = 12


def load_article(
    source: Union[str, Path, bytes],
    *,
    published: DateLike = None,
    keep_all: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    source_name: Optional[str] = None,
    allow_private_urls: bool = True,
) -> Article:
    """Read one article from a path, an ``http(s)`` URL, ``"-"`` (stdin) or raw bytes/text.

    Args:
        source: a file path; a URL; ``"-"``; ``bytes``, or a ``str`` of article text given with
            ``source_name`` (a ``str`` containing a line break is also taken as text).
        published: the publication date (``YYYY-MM-DD`` or a date) when the caller knows it; it wins over
            metadata and inference (``published_method == "user"``).
        keep_all: keep every line in the body (no cleaning of captions, credits, footers...).
        max_bytes: refuse larger inputs, checked before they are read.
        timeout: seconds allowed for fetching a URL.
        source_name: how to name the input in errors and in ``Article.source``.
        allow_private_urls: fetch URLs on loopback and private networks too; a server that fetches
            for others sets it to False.

    Raises:
        InputError: one line naming the input and the problem (missing, empty, binary, undecodable,
            too large, an HTML page with no article text).
        FetchError: a URL could not be fetched (offline, refused, timeout, HTTP error).
    """
    raw = read_source(
        source, max_bytes=max_bytes, timeout=timeout, source_name=source_name, allow_private_urls=allow_private_urls
    )
    article = article_from_raw(raw)
    return finish_article(article, published=published, keep_all=keep_all)


def article_from_raw(raw: RawInput, *, html: Optional[bool] = None, meta: Optional[dict] = None) -> Article:
    """Decode/extract ``raw`` into an uncleaned :class:`Article` (no language, no inferred date yet).

    ``html`` forces the HTML (True) or plain-text (False) path; by default the content type or the first
    bytes decide. Metadata from the page (title, authors, date, site, canonical URL) is filled in; a date
    found there is recorded with ``published_method == "metadata"``.
    """
    if not raw.data.strip():
        raise InputError(raw.source, "empty file (nothing but whitespace)" if raw.data else "empty file")
    if looks_like_pdf(raw.data):
        return article_from_pdf(raw.data, raw.source, digest=content_hash(raw.data), url=raw.url, meta={**raw.meta, **(meta or {})})
    decoded = decode_bytes(raw.data, raw.source)
    if not decoded.text.strip():
        raise InputError(raw.source, "empty file (nothing but whitespace)")
    digest = content_hash(raw.data)
    extra = {"encoding": decoded.encoding, **raw.meta, **(meta or {})}
    if decoded.newlines_normalised:
        extra["newlines"] = "CRLF/CR normalised to LF; offsets index the LF text"
    is_html = looks_like_html(raw.data, raw.content_type) if html is None else html
    if is_html:
        page = extract_html(decoded.text, url=raw.url)
        if page is None or len(page.body.split()) < MIN_ARTICLE_WORDS:
            raise InputError(raw.source, "HTML page with no article text in it")
        extra["format"] = "html"
        if page.description:
            extra["description"] = page.description
        if page.language:
            extra["html_language"] = page.language
        article = Article(
            id=digest,
            source=raw.source,
            url=page.url or raw.url,
            outlet=page.sitename,
            title=page.title,
            authors=page.authors,
            body=page.body,
            content_hash=digest,
            meta=extra,
        )
        if page.date:
            set_published(article, page.date, DateMethod.metadata, 0.9, f"HTML metadata date {page.date}")
        return article
    extra["format"] = "text"
    return Article(
        id=digest,
        source=raw.source,
        url=raw.url,
        title=headline(decoded.text),
        body=decoded.text,
        content_hash=digest,
        meta=extra,
    )


def finish_article(article: Article, *, published: DateLike = None, keep_all: bool = False) -> Article:
    """Clean (unless ``keep_all``), detect the language and settle the publication date of ``article``.

    The date comes from, in order: ``published`` (the user), metadata already on the article, the text.
    """
    from onrecord.clean import clean_article
    from onrecord.clean.published import infer_published
    from onrecord.ingest.validate import check_article_text

    check_article_text(article)
    if not keep_all:
        article = clean_article(article)
    article.language, article.language_confidence = detect_language(article.body)
    if published is not None:
        day = parse_date(published)
        if day is not None and not published_in_range(day):
            raise InputError(str(published), out_of_range_problem())
        if not set_published(article, published, DateMethod.user, 1.0, "given by the user"):
            raise InputError(str(published), "not a date; give the publication date as YYYY-MM-DD")
    elif article.published is None:
        guess = infer_published(article)
        if guess is not None:
            set_published(article, guess.date, DateMethod.text, guess.confidence, guess.evidence)
    return article


from onrecord.ingest.corpus import IngestItem, is_jsonl_corpus, item_from_corpus_line, iter_items  # noqa: E402
