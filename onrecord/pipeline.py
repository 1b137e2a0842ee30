"""The per-article function and its batched form: the one path every front end uses.

CLI, REST API, web page, store ingest and the Spark runner all call :class:`Extractor`, and the
``onrecord`` spaCy component calls the same :func:`record_from_doc`, so a fix to extraction reaches
all of them at once.
"""

from __future__ import annotations

from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from onrecord import __version__
from onrecord.errors import TooLongError
from onrecord.model import Article, Record, page_number
from onrecord.nlp import load_nlp
from onrecord.nlp.bound import bound_symbol_runs
from onrecord.settings import EXTRACT_BATCH_SIZE as DEFAULT_BATCH_SIZE  # ~14 MB per document in a batch
from onrecord.text.chars import parse_text


def text_for_parser(body: str) -> str:
    """What spaCy reads of an article body: invisible characters as spaces and pathological symbol runs
    split (:mod:`onrecord.text.chars`, :mod:`onrecord.nlp.bound`). Same length, so every offset of the
    parse is an offset into ``body``. Every path that parses bodies goes through this."""
    return bound_symbol_runs(parse_text(body))


class Extractor:
    """Turns clean :class:`Article` objects into :class:`Record` objects.

    The spaCy pipeline is loaded once, on first use. ``pipe`` streams: it holds at most one batch of
    parsed documents in memory, whatever the length of the input iterable.
    """

    def __init__(self, nlp=None, *, batch_size: int = DEFAULT_BATCH_SIZE):
        self._nlp = nlp
        self.batch_size = batch_size

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = load_nlp()
        return self._nlp

    def process(self, article: Article) -> Record:
        """Extract the record of one article."""
        return next(self.pipe([article]))

    def pipe(self, articles: Iterable[Article], batch_size: Optional[int] = None) -> Iterator[Record]:
        """Extract records from many articles, parsing them in batches through ``nlp.pipe``."""
        size = batch_size or self.batch_size
        iterator = iter(articles)
        while batch := list(islice(iterator, size)):
            for article in batch:
                self.check_length(article)
            docs = self.nlp.pipe((text_for_parser(a.body) for a in batch), batch_size=size)
            for article, doc in zip(batch, docs):
                yield self.record_from_doc(article, doc)

    def check_length(self, article: Article) -> None:
        """Refuse, with one line, an article longer than the parser takes (spaCy's E088 otherwise)."""
        limit = self.nlp.max_length
        if len(article.body) > limit:
            raise TooLongError(
                article.source or article.id or "article",
                f"text too long ({len(article.body):,} characters, limit {limit:,}); split it into smaller articles",
            )

    def record_from_doc(self, article: Article, doc) -> Record:
        """Build the record of an article from its already parsed ``doc`` (used by ``pipe`` and Spark)."""
        return record_from_doc(article, doc)


def record_from_doc(article: Article, doc) -> Record:
    """The record of ``article`` from ``doc``, spaCy's parse of ``article.body``.

    The one implementation behind both faces: :class:`Extractor` and the ``onrecord`` spaCy component
    (:mod:`onrecord.nlp.component`) call it, so they give the same statements for the same parse.
    """
    from onrecord.entities import extract_entities
    from onrecord.statements import extract_statements

    speakers, statements = extract_statements(doc, article)
    if article.page_starts:
        for statement in statements:
            statement.page = page_number(article.page_starts, statement.quote.start)
    entities = extract_entities(doc, article, speakers)
    return Record(
        article=article,
        speakers=speakers,
        statements=statements,
        entities=entities,
        extractor_version=__version__,
    )


def extract(source: Union[str, Path, Article], **load_options) -> Record:
    """Extract the record of one article given as an :class:`Article`, a path, a URL or raw text.

    ``load_options`` go to :func:`onrecord.ingest.load_article` (e.g. ``published="2024-05-31"``,
    ``keep_all=True``).
    """
    from onrecord.ingest import load_article

    article = source if isinstance(source, Article) else load_article(source, **load_options)
    return _default_extractor().process(article)


_EXTRACTOR: Optional[Extractor] = None


def _default_extractor() -> Extractor:
    global _EXTRACTOR
    if _EXTRACTOR is None:
        _EXTRACTOR = Extractor()
    return _EXTRACTOR
