"""Loading a posted article: what the API's ``/api/extract`` and ``/api/articles`` and the paste page share.

An address (a ``str``) is fetched, under the server's rule on private addresses; anything else comes as
``bytes`` (pasted text, posted HTML, an uploaded file), never as a ``str`` that could be taken for a path
on the server. Both go through the same ingest path as the CLI (:func:`onrecord.ingest.load_article`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional, Union

from onrecord.model import Article


def load_posted(
    content: Union[str, bytes],
    *,
    name: str = "posted text",
    published: Optional[dt.date] = None,
    allow_private_urls: bool = False,
    outlet: Optional[str] = None,
    title: Optional[str] = None,
) -> Article:
    """The article of ``content`` (an http(s) URL to fetch, or the bytes of a text, page or file named
    ``name``), with ``published``, ``outlet`` and ``title`` set when given."""
    from onrecord.ingest import load_article

    options: dict[str, Any] = {"published": published} if published else {}
    if isinstance(content, str):
        article = load_article(content, allow_private_urls=allow_private_urls, **options)
    else:
        article = load_article(content, source_name=name, **options)
    updates = {k: v for k, v in (("outlet", outlet), ("title", title)) if v}
    return article.model_copy(update=updates) if updates else article
