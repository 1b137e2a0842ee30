"""Searches of one form reuse the statements built for the first (onrecord.store.prepared), with their
own values: words, names, outlets, dates, limits. Each answer is checked against one the store gives with
nothing prepared yet, and against what the filter means. No timings here (``scripts/service_time.py``)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from test_store import pier_records, seed_record

from onrecord.store import open_store, prepared

SEARCHES = [
    dict(q="nuclear"),
    dict(q="pier"),
    dict(q="boats", order="relevance"),
    dict(q="said", order="relevance", limit=2, offset=1),
    dict(q='"fatal mistake"', order="relevance"),
    dict(q="cracks -worst"),
    dict(speaker="Okafor"),
    dict(speaker="Medvedev"),
    dict(speaker="harbour master", q="boats"),
    dict(outlet="coast"),
    dict(outlet="herald"),
    dict(since="2024-03-05"),
    dict(until="2024-03-04"),
    dict(type="direct"),
    dict(type="indirect"),
    dict(anonymous=True),
    dict(anonymous=False),
    dict(act="speech"),
    dict(min_confidence=0.0),
    dict(min_confidence=1.0),
    dict(dedupe=False, limit=3),
    dict(dedupe=False, limit=1000),
]


@pytest.fixture
def store(tmp_path, seed_path, seed_gold):
    s = open_store(tmp_path / "record.db")
    s.add_record(seed_record(seed_path, seed_gold))
    for rec in pier_records():
        s.add_record(rec)
    yield s
    s.close()


def fresh(store, search: dict):
    """The answer with nothing prepared: the statements built for this search alone."""
    prepared._PREPARED.clear()
    return store.search_statements(**search)


def test_every_search_reuses_the_form_built_before_and_answers_for_its_own_values(store):
    expected = [fresh(store, s) for s in SEARCHES]
    prepared._PREPARED.clear()
    for _ in range(2):  # in turn, so that each form is first built for another search's values
        for search, answer in zip(SEARCHES, expected):
            assert store.search_statements(**search) == answer, search
    shapes = len(prepared._PREPARED)
    assert 0 < shapes < len(SEARCHES)  # forms were built once and shared ("nuclear" and "pier" are one)
    store.search_statements(q="harbour", order="date")
    store.search_statements(outlet="daily", dedupe=False)
    assert len(prepared._PREPARED) == shapes  # two more searches of known forms: nothing new built


def test_the_filters_mean_what_they_say_whatever_search_came_first(store):
    store.search_statements(q="nuclear", outlet="seed", speaker="Medvedev")  # prepare the form
    total, hits = store.search_statements(q="boats", outlet="herald", speaker="Okafor")
    assert total == len(hits) > 0
    assert all("herald" in h["article"]["outlet"].lower() for h in hits)
    assert all(h["speaker"]["id"] == hits[0]["speaker"]["id"] for h in hits)
    _, by_date = store.search_statements(since="2024-03-05", dedupe=False, limit=1000)
    assert by_date and all(h["sort_date"] >= "2024-03-05" for h in by_date)
    _, first_two = store.search_statements(dedupe=False, limit=2)
    _, next_two = store.search_statements(dedupe=False, limit=2, offset=2)
    _, all_four = store.search_statements(dedupe=False, limit=4)
    assert [h["id"] for h in first_two + next_two] == [h["id"] for h in all_four]


@pytest.mark.parametrize("pattern", ["%", "_", "/", "%oast", "c_ast"])
def test_like_wildcards_in_a_name_are_taken_literally(store, pattern):
    store.search_statements(outlet="coast")  # the same form, prepared with a plain name
    assert store.search_statements(outlet=pattern) == (0, [])
    assert store.search_statements(speaker=pattern) == (0, [])


def test_a_speaker_known_by_several_ids_or_none_gets_its_own_list(store):
    with store.engine.connect() as conn:
        ids = conn.execute(sa.text("SELECT DISTINCT speaker_id FROM statements WHERE speaker_id IS NOT NULL")).all()
    assert len(ids) >= 2
    for name in ("Okafor", "Reyes", "Medvedev", "Okafor", "nobody at all"):
        assert store.search_statements(speaker=name) == fresh(store, dict(speaker=name)), name


def test_an_unknown_filter_is_refused(store):
    with pytest.raises(ValueError, match="unknown statement filters"):
        prepared.statement_queries("sqlite", {"colour": "red"}, "date", None)
