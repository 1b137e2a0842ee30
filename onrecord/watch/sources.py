"""What a watched URL lists: RSS/Atom entries (feedparser) or sitemap URLs (sitemaps, sitemap indexes, news sitemaps).

:func:`parse_listing` turns the bytes of one answer into a :class:`Listing`; :func:`read_feed_list`
reads the file of URLs to watch.
"""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urljoin

from onrecord.errors import ConfigError, InputError

# A gzipped sitemap larger than this once unpacked is refused (the sitemap protocol's own limit is 50 MB).
MAX_SITEMAP_BYTES = 60_000_000


@dataclass
class Entry:
    """One item a feed or sitemap lists: the page to fetch and what the listing says about it."""

    url: str
    guid: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None  # as written in the listing
    outlet: Optional[str] = None  # a news sitemap's publication name
    feed_entry: Any = None  # the feedparser entry, for reading the feed's own text


@dataclass
class Listing:
    kind: str  # "feed", "sitemap" or "sitemap-index"
    title: Optional[str] = None  # the feed's title: the outlet, for its entries
    entries: list[Entry] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)  # what a sitemap index points to


def read_feed_list(path: str | Path) -> list[str]:
    """The URLs of a feeds file: one per line; blank lines and ``#`` comments (whole line or after the URL) ignored.

    Raises :class:`ConfigError` naming the line of anything that is not an ``http(s)`` URL.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such feeds file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the feeds file ({getattr(exc, 'strerror', None) or exc})") from None
    urls: list[str] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        value = line.split(" #", 1)[0].split("\t#", 1)[0].strip()
        if not value or value.startswith("#"):
            continue
        if not value.lower().startswith(("http://", "https://")) or any(c.isspace() for c in value):
            raise ConfigError(f"{path}:{lineno}: not an http(s) URL: {value[:80]!r} (one feed or sitemap URL per line)")
        if value not in urls:
            urls.append(value)
    return urls


def parse_listing(data: bytes, url: str) -> Listing:
    """Read an RSS/Atom feed, a sitemap (plain or gzipped), a sitemap index or a news sitemap.

    Raises :class:`InputError` for anything else (an HTML page, broken XML).
    """
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, url)
    root = _xml_root(data)
    name = _local(root.tag) if root is not None else ""
    if name == "urlset":
        return _sitemap(root, url)
    if name == "sitemapindex":
        locs = [urljoin(url, loc) for loc in (_text(el, "loc") for el in root if _local(el.tag) == "sitemap") if loc]
        return Listing("sitemap-index", sitemaps=locs)
    return _feed(data, url)


def _gunzip(data: bytes, url: str) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
        try:
            out = fh.read(MAX_SITEMAP_BYTES + 1)
        except (OSError, EOFError) as exc:
            raise InputError(url, f"not a readable gzip file ({exc})") from None
    if len(out) > MAX_SITEMAP_BYTES:
        raise InputError(url, f"gzipped sitemap larger than {MAX_SITEMAP_BYTES:,} bytes unpacked")
    return out


def _xml_root(data: bytes):
    """The root element, or None when ``data`` is not well-formed XML (feedparser copes with more)."""
    from lxml import etree

    # No entities, no network: a listing from anywhere must not make the parser fetch or expand anything.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(el, name: str):
    for child in el:
        if _local(child.tag) == name:
            return child
    return None


def _text(el, name: str) -> Optional[str]:
    child = _child(el, name) if el is not None else None
    value = (child.text or "").strip() if child is not None else ""
    return value or None


def _sitemap(root, url: str) -> Listing:
    listing = Listing("sitemap")
    for el in root:
        if _local(el.tag) != "url" or not _text(el, "loc"):
            continue
        news = _child(el, "news")  # Google News sitemaps: <news:news> with title, date and publication
        publication = _child(news, "publication") if news is not None else None
        listing.entries.append(
            Entry(
                url=urljoin(url, _text(el, "loc")),
                title=_text(news, "title"),
                published=_text(news, "publication_date"),
                outlet=_text(publication, "name"),
            )
        )
    return listing


def _feed(data: bytes, url: str) -> Listing:
    import feedparser

    feed = feedparser.parse(data)
    if not feed.get("version") and not feed.entries:
        reason = f" ({feed.bozo_exception})" if feed.get("bozo") and feed.get("bozo_exception") else ""
        raise InputError(url, f"not an RSS/Atom feed or a sitemap{reason}")
    listing = Listing("feed", title=feed.feed.get("title"))
    for entry in feed.entries:
        link = entry.get("link")
        guid = entry.get("id")
        if not link and not guid:
            continue
        listing.entries.append(
            Entry(
                url=urljoin(url, link) if link else str(guid),
                guid=str(guid) if guid else None,
                title=entry.get("title"),
                published=entry.get("published") or entry.get("updated"),
                feed_entry=entry,
            )
        )
    return listing
