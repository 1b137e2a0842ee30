"""The web page: read the record as a person would.

:func:`mount` adds the HTML pages to a FastAPI application (``onrecord serve`` calls it from
:func:`onrecord.api.create_app`, so page and API share one process and one store)::

    from fastapi import FastAPI
    from onrecord.store import open_store
    from onrecord.web import mount

    app = FastAPI()
    mount(app, open_store("var/onrecord.db"))

Pages:

* ``/`` — the articles in the store, newest first, and a way in for a new user;
* ``/articles/{id}`` — the article with every statement highlighted in its speaker's colour,
  the details of a statement on hover, focus or click, the removed non-body parts folded,
  and the speakers with their statement counts (``#p12`` is a paragraph, ``#s5`` a statement);
* ``/paste`` — paste text or HTML, give a URL or upload a file and see the article view at once;
  nothing is stored unless *Save* is ticked and the server is not read-only;
* ``/speakers`` and ``/speakers/{id}`` — speakers with search, and one speaker's statements over
  time as a server-drawn SVG timeline, with roles, aliases and outlets;
* ``/search`` — full-text search over statements with filters, each hit linking to its place;
* ``/quotes``, ``/quotes/{id}``, ``/statements/{id}``, ``/semantic`` — see :mod:`onrecord.web.provenance`.

Safety: article text is untrusted. Templates autoescape, highlighted bodies are built from escaped
pieces (:mod:`onrecord.web.render`), the script sets ``textContent`` only, every page carries a
Content-Security-Policy that allows scripts and styles from this server only, and nothing from
``app.state`` but the store and the read-only flag is read (the API token never reaches a page).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

STATIC_DIR = Path(__file__).parent / "static"
TEMPLATE_DIR = Path(__file__).parent / "templates"


def mount(app: Any, store: Any = None, *, extractor: Any = None, static_path: str = "/static") -> None:
    """Add the HTML pages and their static files to ``app``.

    ``store`` is an :class:`onrecord.store.Store` (or ``None`` for a paste-only page). ``extractor``
    is the :class:`onrecord.pipeline.Extractor` used by the paste page; by default one is created on
    the first paste (loading spaCy then, not at start-up). Saving a pasted article is allowed only
    when ``app.state.read_only`` is set and false.
    """
    from fastapi.staticfiles import StaticFiles

    from onrecord.web.paste import router as paste_router
    from onrecord.web.provenance import router as provenance_router
    from onrecord.web.routes import WebContext, router

    app.state.web = WebContext(store=store, extractor=extractor, static_path=static_path)
    app.include_router(router)
    app.include_router(paste_router)  # /paste: extract (and, when allowed, save) a pasted article
    app.include_router(provenance_router)  # quotations, statements with related ones, search by meaning
    from onrecord.web.queries import add_plain_pages

    add_plain_pages(app)  # a declared query (onrecord.store.query) with a web path but no page above
    app.mount(static_path, StaticFiles(directory=STATIC_DIR), name="web-static")


__all__ = ["mount"]
