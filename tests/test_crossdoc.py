"""Cross-article canonical speakers and near-duplicate detection (onrecord.entities.crossdoc)."""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.entities.crossdoc import (
    NearDuplicateIndex,
    SpeakerIndex,
    given_names_compatible,
    is_bare_role,
    is_office_reference,
    match_statements,
    normalize,
    person_name_parts,
    role_key,
    same_surname,
)
from onrecord.model import Mention, Speaker


def person(sid: str, name: str, role=None, **kw) -> Speaker:
    return Speaker(id=sid, name=name, kind="person", role=role, **kw)


def test_normalize_folds_case_accents_and_punctuation():
    assert normalize("Zelenskyy’s") == "zelenskyy s"
    assert normalize("  Éric  Zemmour ") == "eric zemmour"


@pytest.mark.parametrize(
    "name, parts",
    [
        ("President Joe Biden", (("joe",), "biden")),
        ("Medvedev", ((), "medvedev")),
        ("Ursula von der Leyen", (("ursula",), "von der leyen")),
        ("Martin Luther King Jr.", (("martin", "luther"), "king")),
        ("Zelenskyy's", ((), "zelenskyy")),
    ],
)
def test_person_name_parts(name, parts):
    assert person_name_parts(name) == parts


def test_surname_and_given_name_rules():
    assert same_surname("zelensky", "zelenskyy") and same_surname("zelenskiy", "zelenskyy")
    assert not same_surname("biden", "bidwell")
    assert not same_surname("brad", "brady")  # short names match exactly or not at all
    assert given_names_compatible(("joe",), ("j",))
    assert given_names_compatible(("volodymyr",), ("volodimir",))
    assert given_names_compatible((), ("hunter",))
    assert not given_names_compatible(("joe",), ("hunter",))


def test_spelling_variants_merge_across_articles():
    index = SpeakerIndex()
    first, changes = index.assign(
        [person("sp1", "Volodymyr Zelensky", role="Ukrainian President")], dt.date(2024, 5, 31)
    )
    assert changes.new and first["sp1"] == "person:volodymyr-zelensky"
    second, changes = index.assign([person("sp1", "Zelenskyy")], dt.date(2024, 6, 2))
    third, _ = index.assign([person("sp4", "Volodymyr Zelenskyy")], dt.date(2024, 6, 3))
    assert second["sp1"] == third["sp4"] == first["sp1"]
    assert not changes.new
    assert {"Volodymyr Zelensky", "Zelenskyy", "Volodymyr Zelenskyy"} <= index.speakers[first["sp1"]].aliases


def test_namesakes_with_different_given_names_stay_apart():
    index = SpeakerIndex()
    joe, _ = index.assign([person("sp1", "Joe Biden")])
    hunter, _ = index.assign([person("sp1", "Hunter Biden")])
    assert joe["sp1"] != hunter["sp1"]
    # A bare surname goes to the Biden named in the same article...
    both, _ = index.assign([person("sp1", "Hunter Biden"), person("sp2", "Biden")])
    assert both["sp2"] == hunter["sp1"]
    # ...and otherwise to the one seen most often.
    for _ in range(3):
        index.assign([person("sp1", "Joe Biden")])
    alone, _ = index.assign([person("sp1", "Biden")])
    assert alone["sp1"] == joe["sp1"]


def test_a_bare_surname_alias_does_not_pull_a_full_name_to_a_namesake():
    index = SpeakerIndex()
    hillary, _ = index.assign([person("sp1", "Hillary Clinton")])
    bill, _ = index.assign([person("sp1", "Bill Clinton", aliases=["Clinton", "Bill Clinton"])])
    assert bill["sp1"] != hillary["sp1"]
    # An article-level slip listing another given name as an alias is not kept...
    index.assign([person("sp1", "Hillary Clinton", aliases=["Chelsea Clinton"])])
    assert "Chelsea Clinton" not in index.speakers[hillary["sp1"]].aliases
    # ...so that person, when met, is someone else.
    chelsea, _ = index.assign([person("sp1", "Chelsea Clinton")])
    assert chelsea["sp1"] not in (hillary["sp1"], bill["sp1"])
    # Nor does an alias naming another person pull a new name into them.
    daughter, _ = index.assign([person("sp1", "Charlotte Clinton", aliases=["Hillary Clinton"])])
    assert daughter["sp1"] not in (hillary["sp1"], bill["sp1"], chelsea["sp1"])


def test_generational_suffix_and_linker_slips_keep_people_apart():
    index = SpeakerIndex()
    senior, _ = index.assign([person("sp1", "Donald Trump")])
    junior, _ = index.assign([person("sp1", "Donald Trump Jr.")])
    assert junior["sp1"] != senior["sp1"]
    # An article-level entity id pointing at someone with another given name is not trusted.
    slip, _ = index.assign([person("sp1", "Eric Trump", entity_id=senior["sp1"])])
    assert slip["sp1"] not in (senior["sp1"], junior["sp1"])


def test_a_first_name_alone():
    index = SpeakerIndex()
    hillary, _ = index.assign([person("sp1", "Hillary Clinton")])
    alone, _ = index.assign([person("sp1", "Hillary")])
    assert alone["sp1"] == hillary["sp1"]


def test_a_capitalised_name_is_not_a_bare_role():
    named = person("sp1", "Hillary Clinton", mentions=[Mention(start=0, end=3, text="she", kind="pronoun")])
    assert not is_bare_role(named)
    assert is_bare_role(person("sp2", "the foreign minister"))
    assert is_bare_role(person("sp3", "Foreign Minister", role="foreign minister"))


def test_a_surname_tagged_as_organisation_is_the_person():
    index = SpeakerIndex()
    person_ids, _ = index.assign([person("sp1", "Donald Trump")])
    org = Speaker(id="sp1", name="Trump", kind="organization")
    got, changes = index.assign([org])
    assert got["sp1"] == person_ids["sp1"] and not changes.new
    # A real organisation keeps its own entry, and an unknown one-word organisation is new.
    ford, _ = index.assign([Speaker(id="sp1", name="Ford", kind="organization")])
    assert ford["sp1"] == "organization:ford"


def test_surname_first_then_full_name_upgrades_the_display_name():
    index = SpeakerIndex()
    a, _ = index.assign([person("sp1", "Medvedev")])
    b, changes = index.assign([person("sp1", "Dmitry Medvedev")])
    assert a["sp1"] == b["sp1"]
    assert changes.renamed == {a["sp1"]: "Dmitry Medvedev"}
    assert index.speakers[a["sp1"]].name == "Dmitry Medvedev"


def test_bare_role_links_by_article_then_by_period():
    index = SpeakerIndex()
    role_only = person(
        "sp2",
        "Ukrainian President",
        role="Ukrainian President",
        mentions=[Mention(start=0, end=19, text="Ukrainian President", kind="description")],
    )
    assert is_bare_role(role_only)
    same, _ = index.assign(
        [person("sp1", "Volodymyr Zelensky", role="Ukrainian President"), role_only], dt.date(2024, 5, 31)
    )
    assert same["sp2"] == same["sp1"]
    # Another article, days later, with the role only: the one holder of that role in the period.
    later, _ = index.assign([role_only], dt.date(2024, 6, 10))
    assert later["sp2"] == same["sp1"]
    # Years later the role may be someone else's: no link.
    much_later, _ = index.assign([role_only], dt.date(2031, 1, 1))
    assert much_later["sp2"] is None


def test_role_keys_and_office_references():
    assert role_key("the Ukrainian president") == role_key("President of Ukraine") == "pres ukra"
    assert role_key("Chinese foreign minister") == role_key("Foreign Minister of China")
    assert role_key("Kremlin spokesman") != role_key("Pentagon spokesman")
    office = Speaker(
        id="sp1",
        name="Ukrainian president",
        kind="person",
        anonymous=True,
        description="The Ukrainian president",
        role="Ukrainian president",
    )
    assert is_office_reference(office)
    for description in ("a senior American official", "U.S. officials", "the president", "his wife"):
        vague = Speaker(id="sp1", name=description, kind="person", anonymous=True, description=description)
        assert not is_office_reference(vague), description


def test_an_unnamed_office_holder_links_to_the_named_one_of_the_period():
    index = SpeakerIndex()
    named, _ = index.assign([person("sp1", "Volodymyr Zelensky", role="President of Ukraine")], dt.date(2024, 6, 1))
    office = Speaker(
        id="sp1",
        name="Ukrainian president",
        kind="person",
        anonymous=True,
        description="The Ukrainian president",
        role="Ukrainian president",
    )
    got, _ = index.assign([office], dt.date(2024, 6, 5))
    assert got["sp1"] == named["sp1"]
    anon = Speaker(id="sp1", name="senior official", kind="person", anonymous=True, description="a senior official")
    assert index.assign([anon], dt.date(2024, 6, 5))[0]["sp1"] is None


def test_anonymous_sources_are_never_merged():
    index = SpeakerIndex()
    anon = Speaker(id="sp1", name="a senior official", kind="person", anonymous=True, description="a senior official")
    one, _ = index.assign([anon])
    two, _ = index.assign([anon])
    assert one["sp1"] is None and two["sp1"] is None


def test_index_rebuilt_from_rows_resolves_like_the_live_one():
    live = SpeakerIndex()
    ids, changes = live.assign([person("sp1", "Anna Lindqvist", role="Finance Minister")], dt.date(2024, 1, 5))
    rebuilt = SpeakerIndex().load(
        [(c.id, c.name, c.kind) for c in changes.new],
        changes.aliases,
        [(ids["sp1"], "Finance Minister", dt.date(2024, 1, 5))],
    )
    for index in (live, rebuilt):
        got, _ = index.assign(
            [person("sp9", "Lindqvist"), person("sp8", "Finance Minister", role="Finance Minister")],
            dt.date(2024, 2, 1),
        )
        assert got == {"sp9": ids["sp1"], "sp8": ids["sp1"]}


BODY = (
    "The harbour authority said on Tuesday that the northern pier would close for repairs until spring, "
    "and that ferries would use the eastern terminal in the meantime. Fishermen said they feared losing "
    "their winter catch, while the mayor promised compensation for every boat that could not sail.\n\n"
    "Engineers found cracks in three of the pillars during a routine inspection last month. The repairs "
    "are expected to cost about four million crowns, most of it paid by the regional government, which "
    "approved the money at a late-night session. Opposition councillors asked why the inspection had not "
    "happened sooner, pointing to a report from two years ago that already described rust on the pillars.\n\n"
    "Ferry operators said the eastern terminal could handle the extra traffic if departures were spread "
    "over the whole day. Tourist guides worried that visitors would miss the view from the old pier, "
    "which appears on most postcards of the town. The authority said it would publish a new timetable "
    "by the end of the week and open a help line for travellers with questions about their bookings."
)


def test_near_duplicates_found_and_distinct_bodies_not():
    index = NearDuplicateIndex()
    index.add("a1", index.signature(BODY))
    copy = BODY.replace("Tuesday", "Wednesday").replace("promised", "pledged")
    assert index.find(index.signature(copy)) == "a1"
    other = (
        BODY[: len(BODY) // 3]
        + " A school in the valley opened a new library with four thousand books donated by former pupils."
    )
    assert index.find(index.signature(other)) is None
    # A copy of a copy belongs to the first article's cluster.
    index.add("a2", index.signature(copy), root="a1")
    assert index.find(index.signature(copy + " Updated.")) == "a1"


def test_match_statements_maps_lightly_edited_quotes_once():
    earlier = [
        ("a1:s1", "a1:s1", "We will rebuild the pier before the storms"),
        ("a1:s2", "a1:s2", "Every boat will be paid for"),
    ]
    new = [
        ("a2:s1", "We will rebuild the pier before the storm"),
        ("a2:s2", "Nobody asked us"),
        ("a2:s3", "Every boat will be paid for"),
    ]
    assert match_statements(new, earlier) == {"a2:s1": "a1:s1", "a2:s3": "a1:s2"}


ZELENSKY_REPORTS = [
    (
        "2024-06-01",
        "Kyiv Daily",
        "Ukrainian President Volodymyr Zelensky said on Saturday that the new air defence systems had arrived.\n\n"
        '"Our skies are safer tonight," Zelensky told reporters in Kyiv.\n',
    ),
    (
        "2024-06-03",
        "Harbour Post",
        "Volodymyr Zelenskyy thanked the allies on Monday.\n\n"
        '"We will not forget this help," Zelenskyy said in a video address.\n',
    ),
    (
        "2024-06-05",
        "Evening Wire",
        "The Ukrainian president said on Wednesday that talks with the allies would continue next week.\n\n"
        '"We are ready to meet anyone who wants peace," the Ukrainian president said.\n',
    ),
]


def test_one_speaker_across_spellings_and_a_role_end_to_end(extractor, tmp_path):
    """Real extraction of three invented reports, stored: Zelensky, Zelenskyy and "the Ukrainian president" are one speaker."""
    from onrecord.ingest import load_article
    from onrecord.store import open_store

    store = open_store(tmp_path / "z.db")
    for day, outlet, text in ZELENSKY_REPORTS:
        article = load_article(text.encode("utf-8"), source_name=outlet, published=day).model_copy(
            update={"outlet": outlet}
        )
        store.add_record(extractor.process(article))
    profile = store.get_speaker("Zelenskyy")
    assert profile["id"] == store.resolve_speaker("Volodymyr Zelensky")
    # The role-only report is among that speaker's statements.
    assert profile["n_articles"] == 3 and {o["name"] for o in profile["outlets"]} == {
        "Kyiv Daily",
        "Harbour Post",
        "Evening Wire",
    }
    assert (profile["first_seen"], profile["last_seen"]) == ("2024-06-01", "2024-06-05")
    store.close()
