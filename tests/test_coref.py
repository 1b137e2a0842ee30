"""Speaker coreference: pronouns, surnames, definite descriptions, name variants (invented text)."""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.model import Article
from onrecord.statements import extract_statements


@pytest.fixture(scope="module")
def run(nlp):
    def _run(text):
        speakers, statements = extract_statements(nlp(text), Article(id="c", body=text, published=dt.date(2024, 5, 31)))
        by_id = {s.id: s for s in speakers}
        return [(st, by_id.get(st.speaker_id)) for st in statements]

    return _run


def _speaker_of(pairs, fragment):
    hits = [sp for st, sp in pairs if fragment in st.quote.text]
    assert len(hits) == 1, [st.quote.text for st, _ in pairs]
    return hits[0]


def test_definite_description_takes_most_recent_compatible_antecedent(run):
    text = (
        "A senior Canadian official told reporters that the border would stay open.\n\n"
        "Another Canadian official told the Riverside Gazette that trucks would be inspected.\n\n"
        "“We have enough inspectors,” the official added."
    )
    pairs = run(text)
    first = _speaker_of(pairs, "border would stay open")
    second = _speaker_of(pairs, "trucks would be inspected")
    added = _speaker_of(pairs, "enough inspectors")
    assert added is second and added is not first
    assert first.anonymous and second.anonymous


def test_description_with_modifiers(run):
    text = (
        "A Danish intelligence officer said the ship had left port.\n\n"
        "“It sailed at dawn,” said one tired harbour pilot.\n\n"
        "The intelligence officer said the crew was small."
    )
    pairs = run(text)
    assert _speaker_of(pairs, "crew was small") is _speaker_of(pairs, "ship had left port")
    assert _speaker_of(pairs, "sailed at dawn") is not _speaker_of(pairs, "ship had left port")


def test_surname_resolves_to_full_name(run):
    text = (
        "Transport Secretary Helen Okafor said the rail strike would end soon.\n\n“Talks are going well,” said Okafor."
    )
    pairs = run(text)
    sp = _speaker_of(pairs, "Talks are going well")
    assert sp.name == "Helen Okafor" and sp.role == "Transport Secretary"
    assert sp is _speaker_of(pairs, "rail strike")


def test_pronouns_follow_gender(run):
    text = (
        "Mary Collins met John Avery in Dublin on Monday.\n\n"
        "John Avery said the deal was fair.\n\n"
        "“I signed it gladly,” she said."
    )
    pairs = run(text)
    assert _speaker_of(pairs, "signed it gladly").name == "Mary Collins"
    assert _speaker_of(pairs, "deal was fair").name == "John Avery"


def test_pronoun_skips_names_inside_quotations(run):
    text = "Senator Ruth Adler criticised the plan.\n\n“Peter Lang is wrong about this,” she said."
    pairs = run(text)
    assert _speaker_of(pairs, "wrong about this").name == "Ruth Adler"


def test_variant_spellings_are_one_speaker(run):
    text = "President Volodar Zelenskyy said the front was holding.\n\nZelensky said more air defence was needed."
    pairs = run(text)
    a, b = _speaker_of(pairs, "front was holding"), _speaker_of(pairs, "air defence")
    assert a is b and a.name == "Volodar Zelenskyy"


def test_nationality_title_becomes_role(run):
    pairs = run("Ukrainian President Volodymyr Zelensky said the talks would resume.")
    sp = _speaker_of(pairs, "talks would resume")
    assert sp.role == "President of Ukraine" and sp.kind == "person"


def test_organisations_drop_the_article_and_merge(run):
    text = "The White House said the visit was postponed.\n\nThe White House also said a new date was set."
    pairs = run(text)
    a, b = _speaker_of(pairs, "visit was postponed"), _speaker_of(pairs, "new date")
    assert a is b and a.name == "White House" and a.kind == "organization"


def test_a_hyphenated_name_keeps_its_hyphen(extractor):
    from onrecord.model import Article

    text = "Secretary General Ban Ki-moon said the launch was a clear breach of the rules. Ban added that talks must resume."
    record = extractor.process(Article(id="h", body=text))
    names = {sp.name for sp in record.speakers}
    assert names == {"Ban Ki-moon"}
    assert len(record.statements) == 2 and len({st.speaker_id for st in record.statements}) == 1


def test_a_family_name_first_refers_back_to_the_full_name_of_someone_who_had_not_spoken(extractor):
    from onrecord.model import Article

    text = "Secretary General Ban Ki-moon met the envoys in Geneva on Monday. Ban said talks must resume."
    record = extractor.process(Article(id="h2", body=text))
    assert [sp.name for sp in record.speakers] == ["Ban Ki-moon"]
    person = next(e for e in record.entities if e.kind == "person")
    assert person.name == "Ban Ki-moon" and "Ban" in person.aliases
    assert record.speakers[0].entity_id == person.id


def _mention_texts(speaker):
    return sorted((m.start, m.text) for m in speaker.mentions)


def test_later_pronoun_of_the_sources_sentence_joins_its_chain(run):
    text = "Maria Ruiz said the bridge would reopen in June, although she had opposed the repairs for years."
    pairs = run(text)
    speaker = _speaker_of(pairs, "bridge would reopen")
    she = text.index("she had opposed")
    assert (she, "she") in _mention_texts(speaker)


def test_pronoun_after_another_person_named_stays_out_of_the_chain(run):
    text = "Maria Ruiz said the mayor, Tom Lee, knew of the delay, but he did not act on it."
    pairs = run(text)
    speaker = _speaker_of(pairs, "knew of the delay")
    assert speaker.name == "Maria Ruiz"
    assert all(m.text != "he" for m in speaker.mentions)


def test_pronoun_of_the_other_gender_stays_out_of_the_chain(run):
    text = "Maria Ruiz said the council would vote on Friday, and his office confirmed the date."
    pairs = run(text)
    speaker = _speaker_of(pairs, "council would vote")
    assert all(m.text != "his" for m in speaker.mentions)


def test_pronoun_mention_takes_the_same_pronouns_before_it(run):
    text = (
        "Senator Maria Ruiz toured the harbour on Monday.\n\n"
        "She walked along the docks for an hour, and later she told the crowd that the port would grow."
    )
    pairs = run(text)
    speaker = _speaker_of(pairs, "port would grow")
    assert speaker.name == "Maria Ruiz"
    walked = text.index("She walked")
    assert (walked, "She") in _mention_texts(speaker)


def test_role_of_the_source_does_not_end_its_sentence(run):
    text = "Tom Reyes said the toll would rise in May, although as mayor of the city he had opposed it for years."
    pairs = run(text)
    speaker = _speaker_of(pairs, "toll would rise")
    assert speaker.name == "Tom Reyes"
    had = text.index("he had opposed")
    assert (had, "he") in _mention_texts(speaker)
