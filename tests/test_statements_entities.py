"""Per-article entities (onrecord.entities.article) and the speaker -> entity link (invented text)."""

from __future__ import annotations

import datetime as dt

from onrecord.entities import entity_slug, extract_entities
from onrecord.model import Article
from onrecord.statements import extract_statements


def _run(nlp, text):
    doc = nlp(text)
    article = Article(id="e", body=text, published=dt.date(2024, 5, 31))
    speakers, _ = extract_statements(doc, article)
    return speakers, extract_entities(doc, article, speakers)


def test_slug_is_deterministic_ascii():
    assert entity_slug("person", "Volodymyr Zelensky") == "person:volodymyr-zelensky"
    assert entity_slug("person", "José Martí") == "person:jose-marti"
    assert entity_slug("organization", "White House") == "organization:white-house"


def test_speakers_get_entity_ids_and_variants_merge(nlp):
    text = (
        "President Volodar Zelenskyy said the front was holding.\n\n"
        "Zelensky said more air defence was needed, and the White House said help was coming.\n\n"
        "Officials in Kharkiv said the city was calm."
    )
    speakers, entities = _run(nlp, text)
    by_name = {s.name: s for s in speakers}
    assert by_name["Volodar Zelenskyy"].entity_id == "person:volodar-zelenskyy"
    assert by_name["White House"].entity_id == "organization:white-house"
    ids = {e.id: e for e in entities}
    assert "person:volodar-zelenskyy" in ids and "organization:white-house" in ids
    assert not any(e.id.startswith("person:zelensky") for e in entities)  # one entity for both spellings
    assert all(s.entity_id is None for s in speakers if s.anonymous)


def test_places_get_country_codes(nlp):
    _, entities = _run(nlp, "Officials in Kharkiv and Berlin said the talks in Germany would resume.")
    codes = {e.name: e.country_code for e in entities if e.kind in {"place", "country"}}
    assert codes.get("Kharkiv") == "UA"
    assert codes.get("Berlin") == "DE"
    assert codes.get("Germany") == "DE"
