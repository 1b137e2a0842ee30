"""onrecord: who said what, to whom, when, and about what, in the news.

The small public API::

    import onrecord
    record = onrecord.extract("article.txt")          # path, URL, raw text or an Article
    for st in record.statements:
        speaker = record.speaker(st.speaker_id)
        print(speaker.name if speaker else "?", st.cue.text if st.cue else "", st.quote.text)

    extractor = onrecord.Extractor()                  # loads spaCy once
    for record in extractor.pipe(articles):           # batched through nlp.pipe
        ...
"""

from onrecord.model import SCHEMA_VERSION, Article, Entity, Mention, Record, Span, Speaker, Statement

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Entity",
    "Extractor",
    "Mention",
    "Record",
    "SCHEMA_VERSION",
    "Span",
    "Speaker",
    "Statement",
    "__version__",
    "extract",
]


def __getattr__(name: str):
    # Lazy so that `import onrecord` (and `onrecord --version`) does not load spaCy.
    if name in ("Extractor", "extract"):
        from onrecord import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'onrecord' has no attribute {name!r}")
