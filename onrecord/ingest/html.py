"""HTML pages to an article body and metadata, through trafilatura.

trafilatura finds the main text and drops navigation, related links, share bars and, because we ask it
to, the comments. We rebuild the body from its XML tree so that paragraphs are separated by a blank line,
the convention every later stage relies on (:meth:`onrecord.model.Article.paragraphs`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

_HTML_SNIFF = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|article|div|p)\b", re.I | re.S
)
# Elements whose text is one paragraph of the body; nested ones are handled by their parent.
_BLOCKS = {"p", "head", "item", "quote", "row", "code", "list", "table"}
_WS = re.compile(r"[ \t\r\f\v]+")


def looks_like_html(data: bytes, content_type: Optional[str] = None) -> bool:
    """True when the content type says HTML/XHTML, or the first bytes open an HTML document."""
    if content_type:
        ct = content_type.split(";")[0].strip().lower()
        if ct in ("text/html", "application/xhtml+xml"):
            return True
        if ct.startswith("text/plain"):
            return False
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    return bool(_HTML_SNIFF.match(head))


@dataclass
class HtmlArticle:
    body: str
    title: Optional[str] = None
    authors: list[str] = field(default_factory=list)
    date: Optional[str] = None  # YYYY-MM-DD as trafilatura found it in the page metadata
    sitename: Optional[str] = None
    url: Optional[str] = None
    language: Optional[str] = None
    description: Optional[str] = None


def extract_html(html: str, url: Optional[str] = None) -> Optional[HtmlArticle]:
    """Main text and metadata of an HTML page, or ``None`` when the page holds no article text."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        favor_precision=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        return None
    body = _body_text(doc)
    if not body.strip():
        return None
    return HtmlArticle(
        body=body,
        title=_clean(doc.title),
        authors=_authors(doc.author),
        date=_clean(doc.date),
        sitename=_clean(doc.sitename),
        url=_clean(doc.url) or url,
        language=_clean(doc.language),
        description=_clean(doc.description),
    )


def _body_text(doc) -> str:
    tree = getattr(doc, "body", None)
    if tree is None or len(tree) == 0:
        return (doc.text or "").strip().replace("\n", "\n\n")
    paragraphs = []
    for element in tree:
        paragraphs.extend(_paragraphs(element))
    return "\n\n".join(p for p in paragraphs if p)


def _paragraphs(element) -> list[str]:
    # A list or table is several paragraphs (its items/rows); a quote with <p> children likewise.
    children = [c for c in element if c.tag in _BLOCKS]
    if element.tag in ("list", "table", "quote", "div", "cell") and children:
        out = []
        for child in children:
            out.extend(_paragraphs(child))
        return out
    if element.tag == "row":
        cells = [_norm("".join(c.itertext())) for c in element]
        return [" | ".join(c for c in cells if c)]
    text = _norm("".join(element.itertext()))
    return [text] if text else []


def _norm(text: str) -> str:
    lines = [_WS.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _clean(value) -> Optional[str]:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _authors(value) -> list[str]:
    if not value:
        return []
    return [a.strip() for a in re.split(r";|\band\b", str(value)) if a.strip()]
