"""The single-article readers of :data:`onrecord.ingest.formats.FORMATS`: one input's bytes to an uncleaned
:class:`~onrecord.model.Article` (no language, no inferred date yet).

Each takes the :class:`~onrecord.ingest.read.RawInput` and the metadata to record (the input's own and the
caller's, merged); :func:`onrecord.ingest.article_from_raw` picks the reader by the table.
"""

from __future__ import annotations

from onrecord.errors import InputError
from onrecord.ingest.html import extract_html
from onrecord.ingest.published import set_published
from onrecord.ingest.read import RawInput
from onrecord.ingest.text import DecodedText, decode_bytes, headline
from onrecord.model import Article, DateMethod, content_hash
from onrecord.settings import MIN_ARTICLE_WORDS  # fewer words: trafilatura found menus or a stub


def article_from_pdf(raw: RawInput, meta: dict) -> Article:
    from onrecord.ingest.pdf import article_from_pdf as from_pdf

    return from_pdf(raw.data, raw.source, digest=content_hash(raw.data), url=raw.url, meta=meta)


def _decoded(raw: RawInput, meta: dict) -> tuple[DecodedText, str, dict]:
    """The decoded text, the content hash and the metadata (encoding first) of a text or HTML input."""
    decoded = decode_bytes(raw.data, raw.source)
    if not decoded.text.strip():
        raise InputError(raw.source, "empty file (nothing but whitespace)")
    extra = {"encoding": decoded.encoding, **meta}
    if decoded.newlines_normalised:
        extra["newlines"] = "CRLF/CR normalised to LF; offsets index the LF text"
    return decoded, content_hash(raw.data), extra


def article_from_html(raw: RawInput, meta: dict) -> Article:
    """A page's main text and metadata (title, authors, date, site, canonical URL); a date found there is
    recorded with ``published_method == "metadata"``."""
    decoded, digest, extra = _decoded(raw, meta)
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


def article_from_text(raw: RawInput, meta: dict) -> Article:
    decoded, digest, extra = _decoded(raw, meta)
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
