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
:mod:`onrecord.ingest.published` (publication date: user, metadata or inferred from the text).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional, Union

from onrecord.errors import FetchError, InputError
from onrecord.ingest.articles import MIN_ARTICLE_WORDS  # noqa: F401  (re-exported: its old home)
from onrecord.ingest.formats import article_format
from onrecord.ingest.language import detect_language
from onrecord.ingest.published import out_of_range_problem, parse_date, published_in_range, set_published
from onrecord.ingest.read import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, RawInput, read_source
from onrecord.model import Article, DateMethod

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

    The reader is the row of :data:`onrecord.ingest.formats.FORMATS` that
    :func:`~onrecord.ingest.formats.article_format` picks (PDF, HTML or text). ``html`` forces the HTML
    (True) or plain-text (False) path; by default the content type or the first bytes decide. Metadata from
    the page (title, authors, date, site, canonical URL) is filled in; a date found there is recorded with
    ``published_method == "metadata"``.
    """
    if not raw.data.strip():
        raise InputError(raw.source, "empty file (nothing but whitespace)" if raw.data else "empty file")
    fmt = article_format(raw.data, raw.content_type, html)
    return fmt.article_reader()(raw, {**raw.meta, **(meta or {})})


def finish_article(article: Article, *, published: DateLike = None, keep_all: bool = False) -> Article:
    """Clean (unless ``keep_all``), detect the language and settle the publication date of ``article``.

    The date comes from, in order: ``published`` (the user), metadata already on the article, the text.
    """
    from onrecord.clean import clean_article
    from onrecord.ingest.published import infer_published
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
