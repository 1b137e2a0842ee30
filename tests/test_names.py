"""The one set of person-name rules (onrecord.text.names) and its use by every stage (issue 10, class 6)."""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.entities.crossdoc import SpeakerIndex
from onrecord.model import Article, Speaker
from onrecord.text.names import (
    comparable_name,
    given_names_compatible,
    person_name_parts,
    same_person,
    same_surname,
    slugify,
    strip_titles,
    surname_key,
)


def test_surnames_compare_by_exact_keys_never_by_prefix_or_similarity():
    assert (
        same_surname("Lee", "lee") and same_surname("Zelensky", "Zelenskyy") and same_surname("Zelenskiy", "Zelenski")
    )
    assert (
        not same_surname("Lee", "Leen") and not same_surname("Biden", "Bidwell") and not same_surname("Brad", "Brady")
    )
    assert not same_surname("Lindqvist", "Lindquist")
    assert surname_key("Núñez’s") == "nunez"


def test_given_names_and_generation_separate_namesakes():
    assert same_person("Tom Lee", "Lee") and same_person("T. Lee", "Tom Lee")
    assert not same_person("Tom Lee", "Ann Lee") and not same_person("Tom Lee", "Ann Leen")
    assert not same_person("Carl Moss Jr.", "Carl Moss")
    assert given_names_compatible(("volodymyr",), ("volodimir",))


def test_titles_are_stripped_and_names_split():
    assert strip_titles(["Sen.", "Jane", "Roe"]) == ["Jane", "Roe"]
    assert strip_titles(["President"]) == ["President"]  # a name word always stays
    assert person_name_parts("Mayor Ursula von der Berg") == (("ursula",), "von der berg")
    assert slugify("Ana Núñez") == "ana-nunez"
    assert comparable_name("The U.S. Officials’") == "us officials"


@pytest.fixture(scope="module")
def extract(nlp):
    from onrecord.entities import extract_entities
    from onrecord.statements import extract_statements

    def _extract(text: str):
        article = Article(id="t", body=text, published=dt.date(2024, 5, 31))
        speakers, statements = extract_statements(nlp(text), article)
        entities = extract_entities(nlp(text), article, speakers)
        return speakers, statements, entities

    return _extract


def test_a_similar_surname_is_another_person_in_the_article(extract):
    speakers, statements, entities = extract(
        "Tom Lee said the plant would close in June. Ann Leen said the workers had not been told. "
        "Lee added that talks with the union would go on."
    )
    by_id = {s.id: s for s in speakers}
    names = [by_id[s.speaker_id].name for s in statements]
    assert names == ["Tom Lee", "Ann Leen", "Tom Lee"]
    assert "Ann Leen" not in by_id[statements[0].speaker_id].aliases
    persons = {e.name for e in entities if e.kind == "person"}
    assert {"Tom Lee", "Ann Leen"} <= persons


def test_the_same_surname_with_another_given_name_is_another_person(extract):
    speakers, statements, entities = extract(
        "Tom Lee said the plant would close. Ann Lee said the workers had not been told."
    )
    by_id = {s.id: s for s in speakers}
    assert [by_id[s.speaker_id].name for s in statements] == ["Tom Lee", "Ann Lee"]
    assert {"Tom Lee", "Ann Lee"} <= {e.name for e in entities if e.kind == "person"}


def test_the_cross_article_index_keeps_similar_surnames_apart():
    index = SpeakerIndex()
    first, _ = index.assign([Speaker(id="sp1", name="Tom Lee", kind="person")], dt.date(2024, 1, 1))
    second, _ = index.assign([Speaker(id="sp1", name="Leen", kind="person")], dt.date(2024, 1, 2))
    third, _ = index.assign([Speaker(id="sp1", name="Lee", kind="person")], dt.date(2024, 1, 3))
    assert second["sp1"] != first["sp1"] and third["sp1"] == first["sp1"]


def test_a_double_surname_without_the_first_name_is_the_same_person():
    assert same_person("Guajardo Villarreal", "Ildefonso Guajardo Villarreal")
    assert not same_person("Ana Guajardo Villarreal", "Ildefonso Guajardo Villarreal")
