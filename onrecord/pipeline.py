"""The per-article function and its batched form: the one path every front end uses.

CLI, REST API, web page, store ingest and the Spark runner all call :class:`Extractor`,
so a fix to extraction reaches all of them at once.
"""

from __future__ import annotations

from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from onrecord import __version__
from onrecord.model import Article, Record
from onrecord.nlp import load_nlp
from onrecord.text.chars import parse_text

DEFAULT_BATCH_SIZE = 16  # spaCy memory grows ~14 MB per document in a batch; 8-32 is the sweet spot


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
            docs = self.nlp.pipe((parse_text(a.body) for a in batch), batch_size=size)
            for article, doc in zip(batch, docs):
                yield self.record_from_doc(article, doc)

    def record_from_doc(self, article: Article, doc) -> Record:
        """Build the record of an article from its already parsed ``doc`` (used by ``pipe`` and Spark)."""
        from onrecord.entities import extract_entities
        from onrecord.statements import extract_statements

        speakers, statements = extract_statements(doc, article)
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
