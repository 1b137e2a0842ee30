"""How often the ``onrecord`` spaCy component agrees with ``Extractor`` on the PolNeAR dev articles,
with and without ``onrecord_paragraphs`` before the parser.

    .venv/bin/python scripts/spacy_component_agreement.py

With it (what ``add_pipe("onrecord")`` adds by default), the statements are identical
(tests/test_spacy_component.py checks this); without it (``add_paragraphs=False``) the parser may run a
headline into the sentence below it.
"""

from __future__ import annotations

from pathlib import Path

import spacy

from onrecord.ingest import iter_items
from onrecord.nlp import MODEL_NAME, PARAGRAPHS
from onrecord.pipeline import Extractor

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "polnear" / "dev.jsonl"


def key(st) -> tuple:
    return (
        st.quote.start,
        st.quote.end,
        st.cue.text if st.cue else None,
        st.speaker_mention.text if st.speaker_mention else None,
    )


def main() -> None:
    articles = [item.article for item in iter_items([DEV]) if item.ok]
    reference = [{key(st) for st in record.statements} for record in Extractor().pipe(articles)]
    for with_paragraphs in (True, False):
        nlp = spacy.load(MODEL_NAME)
        nlp.add_pipe("onrecord", config={"add_paragraphs": with_paragraphs})
        assert (PARAGRAPHS in nlp.pipe_names) == with_paragraphs
        docs = []
        for article in articles:
            doc = nlp.make_doc(article.body)
            doc._.published = article.published.isoformat() if article.published else None
            docs.append(doc)
        same_articles = both = only_ref = only_comp = 0
        for ref, doc in zip(reference, nlp.pipe(docs)):
            got = {key(span._.statement) for span in doc._.statements}
            same_articles += got == ref
            both += len(got & ref)
            only_ref += len(ref - got)
            only_comp += len(got - ref)
        label = "with onrecord_paragraphs" if with_paragraphs else "add_paragraphs=False"
        print(
            f"{label:26} identical articles {same_articles}/{len(articles)}; statements in both {both}, "
            f"only Extractor {only_ref}, only component {only_comp}"
        )


if __name__ == "__main__":
    main()
