"""Quotation clusters, variants and flags, and statements by meaning (onrecord.provenance).

The end-to-end tests read ``fixtures/provenance_articles.jsonl``: short articles written for these
tests, where one pledge of a (fictional) mayor is repeated, trimmed, elided, misquoted and
misattributed, plus one unrelated quotation.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from onrecord.provenance.clusters import ClusterIndex, contained_in
from onrecord.provenance.diff import classify, flags, word_diff
from onrecord.provenance.embed import StaticEncoder, basic_tokens, encoder
from onrecord.provenance.text import normalize_quote, quoted_fragments

FIXTURE = Path(__file__).parent / "fixtures" / "provenance_articles.jsonl"
PLEDGE = (
    "We will rebuild the north bridge before the winter floods arrive, and we will not raise local taxes to pay for it"
)


# -- normalisation -----------------------------------------------------------------------------------
def test_typography_does_not_change_a_quotation():
    a = normalize_quote("“We’ll  WIN this… the vote,” ")
    b = normalize_quote('"we\'ll win this ... the vote,"')
    assert a == b == "we will win this … the vote"
    assert normalize_quote("... trimmed at the start . . .") == "trimmed at the start"


def test_contractions_and_editorial_brackets_are_not_wording():
    assert normalize_quote("We're sure he [the mayor] won't quit") == normalize_quote("we are sure he will not quit")


def test_fragments_of_mixed_and_interrupted_quotations():
    # A title in quotation marks is a name, not a quotation.
    assert [f[2] for f in quoted_fragments("mixed", 'he told "Morning Report With Anna Berg" it was "a bad deal"')] == [
        "a bad deal"
    ]
    assert [f[2] for f in quoted_fragments("mixed", 'he called it "a rigged system" and "a disgrace"')] == [
        "a rigged system",
        "a disgrace",
    ]
    assert [f[2] for f in quoted_fragments("direct", "We won,” she said. “Now we govern")] == [
        "We won,",
        "Now we govern",
    ]
    assert [f[2] for f in quoted_fragments("direct", "He said “yes” and left")] == ["He said “yes” and left"]
    assert quoted_fragments("indirect", "that taxes will rise") == []


# -- matching ----------------------------------------------------------------------------------------
def _index(*texts: str) -> tuple[ClusterIndex, list[int]]:
    index = ClusterIndex()
    return index, [index.add(k, normalize_quote(t))[0] for k, t in enumerate(texts, start=1)]


def test_exact_trimmed_and_near_verbatim_join_one_cluster():
    _, clusters = _index(
        PLEDGE,
        PLEDGE.upper().replace(",", ""),  # typography only
        "we will not raise local taxes to pay for it",  # trimmed
        PLEDGE.replace("winter", "spring"),  # one word changed
        "We will rebuild the north bridge … we will not raise local taxes",  # elided
    )
    assert clusters == [1, 1, 1, 1, 1]


def test_short_common_phrases_do_not_chain_quotations():
    _, clusters = _index(
        "The people of this town deserve a quay that survives the winter storms",
        "The people of this town will vote against the new parking charges next month",
        "the people of this town",  # five words: below the containment minimum
    )
    assert clusters == [1, 2, 3]


def test_containment_needs_every_piece_in_order():
    assert contained_in(normalize_quote("north bridge … local taxes"), normalize_quote(PLEDGE))
    assert not contained_in(normalize_quote("local taxes … north bridge"), normalize_quote(PLEDGE))
    assert not contained_in(normalize_quote("the north bridg"), normalize_quote(PLEDGE))  # whole words only


# -- variants and flags -----------------------------------------------------------------------------
def test_variant_classes_and_diff():
    ref = normalize_quote(PLEDGE)
    assert classify(normalize_quote("we will not raise local taxes"), ref) == "trimmed"
    assert classify(normalize_quote("We will rebuild the north bridge … pay for it"), ref) == "ellipsis"
    assert classify(normalize_quote(PLEDGE + " next year"), ref) == "extended"
    changed = normalize_quote(PLEDGE.replace("local", "city"))
    assert classify(changed, ref) == "changed"
    ops = [o for o in word_diff(changed, ref) if o["op"] != "equal"]
    assert ops == [dict(op="replace", reference="local", variant="city")]
    shown = word_diff(
        normalize_quote("We met the Governor"),
        normalize_quote("We met the Mayor"),
        normalize_quote("We met the Governor", keep_case=True),
        normalize_quote("We met the Mayor", keep_case=True),
    )
    assert [o for o in shown if o["op"] != "equal"] == [dict(op="replace", reference="Mayor", variant="Governor")]
    # A shorter end is not a change; the words facing each other are.
    ends = word_diff(normalize_quote("we will not raise local fees"), ref)
    assert [(o["reference"], o["variant"]) for o in ends if o["op"] != "equal"] == [("taxes", "fees")]
    trimmed_ops = word_diff(normalize_quote("we will not raise local taxes"), ref)
    assert all(o["op"] == "equal" for o in trimmed_ops)  # trimming is not a change


def test_same_person_and_nested_quotations():
    from onrecord.provenance.quotes import _nested_quotations, same_person

    assert same_person("Voss Statement", "Elena Voss") and same_person("@ElenaVoss Twitter", "Elena Voss")
    assert not same_person("Anna Voss", "Elena Voss") and not same_person("Tomas Brandt", "Elena Voss")
    # the one name rule decides: an initial agrees with its given name, a generation or a surname used as a
    # given name does not (a conflict of attribution is not hidden, nor invented)
    assert same_person("E. Voss", "Elena Voss") and same_person("Elena Voss", "Voss")
    assert not same_person("Elena Voss Jr.", "Elena Voss") and not same_person("Voss Brandt", "Elena Voss")
    assert not same_person("Al Vossberg", "Elena Voss") and not same_person(None, "Elena Voss")
    assert _nested_quotations("She said the plan was ‘a waste of money’ and left") == ["a waste of money"]


def test_flags():
    assert flags("changed", "person:a", "person:a") == ["possible_misquote"]
    assert flags("same", "person:b", "person:a") == ["conflicting_attribution"]
    assert flags("trimmed", "person:a", "person:a") == []
    assert flags("changed", None, "person:a") == []  # an unknown speaker conflicts with nobody


# -- embeddings --------------------------------------------------------------------------------------
def test_static_encoder_is_shipped_and_means_something():
    enc = encoder()
    assert enc.dims == 128
    vec = enc.encode(
        [
            "The bridge will be rebuilt before the floods.",
            "Repairs to the crossing will finish before winter rain.",
            "The striker scored twice in the second half.",
        ]
    )
    assert np.allclose(np.linalg.norm(vec, axis=1), 1.0, atol=1e-5)
    assert vec[0] @ vec[1] > vec[0] @ vec[2] + 0.1
    assert basic_tokens("Don't STOP—now!") == ["don", "'", "t", "stop", "—", "now", "!"]


def test_static_encoder_follows_meaning_over_shared_words():
    # The shipped table is fitted to the transformer's vectors of quote-with-paragraph texts: a
    # reworded statement on the same subject is nearer than one that repeats the words on another
    # subject (the distilled table before the fit had it the other way round, -0.09). The word
    # scores of ``related`` see the shared words; the vectors are there for the meaning.
    enc = encoder()
    vec = enc.encode(
        [
            "the levy on imported steel would be doubled The minister said the levy on imported steel "
            "would be doubled, a move aimed at protecting mills in the north.",
            "tariffs on foreign metal are a lifeline for our factories Union leaders welcomed the plan. "
            '"Tariffs on foreign metal are a lifeline for our factories," their spokeswoman said.',
            "the levy on the new stadium would be paid by fans The council said the levy on the new "
            "stadium would be paid by fans, a move aimed at the north stand.",
        ]
    )
    assert vec[0] @ vec[1] > vec[0] @ vec[2] + 0.03


def test_missing_model_is_one_clear_error(tmp_path):
    from onrecord.errors import ConfigError

    with pytest.raises(ConfigError, match="embedding model is missing"):
        StaticEncoder(tmp_path)


# -- end to end on the fixture articles --------------------------------------------------------------
@pytest.fixture(scope="module")
def records(extractor):
    from onrecord.ingest.corpus import iter_items

    items = list(iter_items([str(FIXTURE)]))
    return [(extractor.process(i.article), i) for i in items]


def _store(tmp_path, records, batches=(slice(None),)):
    from onrecord.store import StoredItem, open_store

    store = open_store(tmp_path / "prov.db")
    for part in batches:
        store.add_records([StoredItem(r, i.source, i.raw_sha256) for r, i in records[part]])
    return store


def _partition(store) -> list[tuple]:
    with store.engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(sa.text("select key, cluster_id, norm, match_kind from quote_fragments order by key"))
        ]


def _pledge(store):
    from onrecord.provenance import quotes

    found = quotes.resolve_quote(store, "we will not raise local taxes to pay for it")
    assert found is not None
    return found


def test_pledge_cluster_first_appearance_outlets_and_flags(tmp_path, records):
    store = _store(tmp_path, records)
    c = _pledge(store)
    assert c["first_appearance"]["outlet"] == "Harbour Gazette" and c["first_appearance"]["published"] == "2026-03-02"
    assert c["n_articles"] == 6 and c["n_outlets"] == 6
    assert c["speakers"][0]["id"] == "person:elena-voss"
    kinds = {v["appearances"][0]["outlet"]: v["kind"] for v in c["variants"]}
    assert kinds["Harbour Gazette"] == "reference"
    assert kinds["Coast Herald"] == "trimmed"
    assert kinds["Riverside Courier"] == "ellipsis"
    assert kinds["Daily Ledger"] == "changed"
    by_outlet = {a["outlet"]: a["flags"] for v in c["variants"] for a in v["appearances"]}
    assert by_outlet["Daily Ledger"] == ["possible_misquote"]
    assert by_outlet["Evening Post"] == ["conflicting_attribution"]
    assert by_outlet["Coast Herald"] == [] and by_outlet["Valley Times"] == []
    changed = next(v for v in c["variants"] if v["kind"] == "changed")
    assert {(o["reference"], o["variant"]) for o in changed["changes"]} == {("winter", "spring"), ("local", "city")}
    # The harbour quotation shares "the winter" with the pledge but is its own (single-article) quotation.
    assert all("quay" not in v["text"] for v in c["variants"])
    store.close()


def test_each_appearance_names_its_words_by_their_span_in_the_article(tmp_path, records):
    # The span, unlike a statement id, still names the same words after the extractor changes.
    store = _store(tmp_path, records)
    c = _pledge(store)
    bodies = {r.article.id: r.article.body for r, _ in records}
    for v in c["variants"]:
        for a in v["appearances"]:
            start, end = a["span"]
            assert bodies[a["article_id"]][start:end] == a["fragment"]
    store.close()


def test_reingest_changes_nothing_and_rebuild_gives_the_same_clusters(tmp_path, records):
    store = _store(tmp_path, records, batches=(slice(0, 3), slice(3, None)))  # incremental, two batches
    before = _partition(store)
    assert before
    assert store.add_records(
        [
            __import__("onrecord.store", fromlist=["StoredItem"]).StoredItem(r, i.source, i.raw_sha256)
            for r, i in records
        ]
    ) == [False] * len(records)
    assert _partition(store) == before
    with store.engine.begin() as conn:
        store.provenance.rebuild(conn)
    assert _partition(store) == before
    store.close()
    one_batch = _store(tmp_path / "one", records)
    assert _partition(one_batch) == before
    one_batch.close()


def test_rolled_back_batch_leaves_clusters_consistent(tmp_path, records):
    from onrecord.store import StoredItem

    store = _store(tmp_path, records, batches=(slice(0, 2),))

    class Boom(Exception):
        pass

    def failing():
        yield StoredItem(records[2][0], records[2][1].source, records[2][1].raw_sha256)
        raise Boom()

    with pytest.raises(Boom):
        store.add_records(failing())
    store.add_records([StoredItem(r, i.source, i.raw_sha256) for r, i in records[2:]])
    after = _partition(store)
    store.close()
    assert after == _partition(_store(tmp_path / "clean", records))


def test_related_and_semantic_search(tmp_path, records):
    from onrecord.provenance.semantic import related, semantic_search

    store = _store(tmp_path, records)
    total, hits = semantic_search(store, "reconstructing the crossing before the rainy season", limit=3)
    # No word of the query is in the pledge (the full text alone finds nothing): the meaning does.
    assert store.search_statements("reconstructing crossing rainy")[0] == 0
    assert total >= 3 and any("bridge" in h["quote"] for h in hits) and hits[0]["similarity"] is not None
    ledger = next(h for h in store.search_statements("spring")[1])
    found = related(store, ledger["id"])
    same = [h["article"]["outlet"] for h in found["same_speaker"]]
    assert "Harbour Gazette" in same and "Daily Ledger" not in same  # itself is left out
    assert [h["sort_date"] for h in found["same_speaker"]] == sorted(h["sort_date"] for h in found["same_speaker"])
    assert any(h["speaker"]["id"] == "person:tomas-brandt" for h in found["other_speakers"])
    assert related(store, "no-such:statement") is None
    store.close()


def test_vectors_of_another_model_are_encoded_again(tmp_path, records):
    # A store embedded before the shipped model changed holds vectors that are not comparable with
    # the new model's query vectors: search and related encode those statements again.
    from onrecord.provenance.embed import to_blob
    from onrecord.provenance.semantic import related, semantic_search
    from onrecord.store.schema import statement_vectors

    store = _store(tmp_path, records)
    other = np.zeros(encoder().dims, dtype=np.float32)
    other[0] = 1.0  # every statement "the same": what an unrelated model's vectors look like to this one
    with store.engine.begin() as conn:
        conn.execute(statement_vectors.update().values(model="an-older-model", vector=to_blob(other)))
    _, hits = semantic_search(store, "reconstructing the crossing before the rainy season", limit=3)
    assert any("bridge" in h["quote"] for h in hits)
    assert len({h["similarity"] for h in hits}) > 1
    ledger = next(h for h in store.search_statements("spring")[1])
    assert "Harbour Gazette" in [h["article"]["outlet"] for h in related(store, ledger["id"])["same_speaker"]]
    store.close()


def test_cli_quote_related_and_semantic_search(tmp_path, records):
    from onrecord.cli import app

    store = _store(tmp_path, records)
    sid = store.search_statements("spring")[1][0]["id"]
    store.close()
    db = str(tmp_path / "prov.db")
    runner = CliRunner()
    out = runner.invoke(app, ["quote", "not raise local taxes to pay for it", "--db", db, "-f", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["n_articles"] == 6 and data["flags"] == {"possible_misquote": 1, "conflicting_attribution": 1}
    shown = runner.invoke(app, ["quote", str(data["id"]), "--db", db]).output
    assert "possible_misquote" in shown and "Daily Ledger" in shown
    rebuilt = runner.invoke(app, ["quote", "--rebuild", "--db", db])
    assert rebuilt.exit_code == 0 and "1 quotations seen in 2+ articles" in rebuilt.output
    missing = runner.invoke(app, ["quote", "words nobody ever said", "--db", db])
    assert missing.exit_code != 0
    rel = runner.invoke(app, ["related", sid, "--db", db, "-f", "json"])
    assert rel.exit_code == 0 and json.loads(rel.output)["same_speaker"]
    sem = runner.invoke(app, ["search", "--semantic", "bridge repairs and taxes", "--db", db, "-f", "json"])
    assert sem.exit_code == 0 and json.loads(sem.output)["items"][0]["similarity"] > 0.3


def test_api_and_pages(tmp_path, records):
    from fastapi.testclient import TestClient

    from onrecord.api import create_app

    store = _store(tmp_path, records)
    client = TestClient(create_app(store))
    listed = client.get("/api/quotes").json()
    assert listed["total"] == 1
    qid = listed["items"][0]["id"]
    one = client.get(f"/api/quotes/{qid}").json()
    assert one["n_outlets"] == 6 and one["first_appearance"]["outlet"] == "Harbour Gazette"
    assert client.get("/api/quotes/424242").status_code == 404
    assert client.get("/api/quotes", params={"q": "harbour quay"}).json()["total"] == 0
    sid = one["first_appearance"]["statement_id"]
    assert client.get(f"/api/statements/{sid}/quotes").json()["items"][0]["id"] == qid
    rel = client.get(f"/api/statements/{sid}/related").json()
    assert rel["same_speaker"] and all(h["id"] != sid for h in rel["same_speaker"])
    assert client.get("/api/statements/nope:s1/related").status_code == 404
    sem = client.get("/api/semantic", params={"q": "bridge taxes"}).json()
    assert sem["items"] and "bridge" in sem["items"][0]["quote"]
    html = client.get(f"/quotes/{qid}").text
    assert '<mark class="changed">spring</mark>' in html and "possible misquote" in html and '<svg class="bars"' in html
    assert "Related statements" in client.get("/statements/" + sid.replace(":", "%3A")).text
    assert client.get("/semantic", params={"q": "bridge"}).status_code == 200
    assert client.get("/statements/none%3As9").status_code == 404
    store.close()


def test_full_text_puts_quote_matches_first_and_shows_matched_words(tmp_path, records):
    store = _store(tmp_path, records)
    total, hits = store.search_statements("bridge", limit=50)
    in_quote = [h for h in hits if "bridge" in h["quote"].lower()]
    assert in_quote and len(in_quote) < total
    # Time order within each group, but every quote match before the paragraph-only ones.
    assert hits[: len(in_quote)] == in_quote
    assert all(h["matched"] == {"quote": ["bridge"], "context": []} for h in in_quote)
    assert all(h["matched"] == {"quote": [], "context": ["bridge"]} for h in hits[len(in_quote) :])
    assert [h["sort_date"] for h in in_quote] == sorted(h["sort_date"] for h in in_quote)
    store.close()


def _row(i, text, speaker_id, name, context="", day=1):
    import datetime as dt

    return dict(
        cluster_id=100,
        key=100 * i,
        fragment=text,
        norm=normalize_quote(text),
        match_kind=None if i == 1 else "exact",
        fragment_start=0,
        fragment_end=len(text),
        quote_start=0,
        statement_id=f"a{i}:s1",
        quote_text=text,
        type="direct",
        context=context or text,
        speaker_id=speaker_id,
        speaker_name=name,
        sort_date=None,
        position=0,
        canonical_name=name,
        article_id=f"a{i}",
        article_pk=i,
        title=f"t{i}",
        published=dt.date(2026, 3, day),
        url=None,
        outlet=f"Outlet {i}",
    )


def test_conflict_flags_skip_name_variants_nested_quotes_and_extractor_slips():
    from onrecord.provenance.quotes import build_cluster

    rows = [
        _row(1, PLEDGE, "person:elena-voss", "Elena Voss", day=1),
        _row(2, PLEDGE, "person:elena-voss", "Elena Voss", day=2),
        _row(3, PLEDGE, "person:voss-statement", "Voss Statement", day=3),  # one person split by name resolution
        _row(
            4,
            PLEDGE,
            "person:tomas-brandt",
            "Tomas Brandt",
            context=f"“{PLEDGE},” Elena Voss said, Tomas Brandt recalled.",
            day=4,
        ),
        _row(5, PLEDGE, "person:tomas-brandt", "Tomas Brandt", day=5),  # a real conflict
        _row(6, f"He said the mayor had promised ‘{PLEDGE}’ and laughed", "person:ivo-dahl", "Ivo Dahl", day=6),
    ]
    cluster = build_cluster(100, rows, {})
    flagged = {a["statement_id"]: a["flags"] for v in cluster["variants"] for a in v["appearances"]}
    assert flagged["a3:s1"] == [] and flagged["a4:s1"] == [] and flagged["a6:s1"] == []
    assert flagged["a5:s1"] == ["conflicting_attribution"]
    assert cluster["speakers"][0]["id"] == "person:elena-voss"


def test_a_changed_wording_under_a_split_or_slipped_speaker_is_still_a_possible_misquote():
    # "Voss Statement" is Elena Voss under a second id, and Tomas Brandt's report gives the words to
    # her in its paragraph (the extractor's slip): their changed wordings are checked as hers.
    from onrecord.provenance.quotes import build_cluster

    changed = PLEDGE.replace("winter", "spring")
    rows = [
        _row(1, PLEDGE, "person:elena-voss", "Elena Voss", day=1),
        _row(2, PLEDGE, "person:elena-voss", "Elena Voss", day=2),
        _row(3, changed, "person:voss-statement", "Voss Statement", day=3),
        _row(4, changed, "person:tomas-brandt", "Tomas Brandt", context=f"“{changed},” Elena Voss said.", day=4),
    ]
    cluster = build_cluster(100, rows, {})
    flagged = {a["statement_id"]: a["flags"] for v in cluster["variants"] for a in v["appearances"]}
    assert flagged["a3:s1"] == ["possible_misquote"] and flagged["a4:s1"] == ["possible_misquote"]
    assert flagged["a1:s1"] == [] and flagged["a2:s1"] == []


def _backends():
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    import test_store

    return test_store


_ts = _backends()
pg_url = _ts.pg_url  # the session's PostgreSQL fixture, for the back-end test below


@pytest.mark.parametrize("backend", _ts.BACKENDS)
def test_clusters_related_and_search_on_each_back_end(backend, tmp_path, request, records):
    from onrecord.provenance import quotes
    from onrecord.provenance.semantic import related, semantic_search
    from onrecord.store import StoredItem

    store = _ts.new_store(backend, tmp_path, request)
    store.add_records([StoredItem(r, i.source, i.raw_sha256) for r, i in records[:4]])
    store.add_records([StoredItem(r, i.source, i.raw_sha256) for r, i in records[4:]])
    c = quotes.resolve_quote(store, "we will not raise local taxes to pay for it")
    assert c["n_articles"] == 6 and c["flags"] == {"possible_misquote": 1, "conflicting_attribution": 1}
    with store.engine.begin() as conn:
        store.provenance.rebuild(conn)
    assert quotes.resolve_quote(store, str(c["id"]))["variants"] == c["variants"]
    total, hits = semantic_search(store, "bridge taxes", limit=3)
    assert total >= 3 and "bridge" in hits[0]["quote"]
    ledger = store.search_statements("spring")[1][0]
    assert any(h["article"]["outlet"] == "Harbour Gazette" for h in related(store, ledger["id"])["same_speaker"])
    _, found = store.search_statements("bridge", limit=50)
    assert found[-1]["matched"] == {"quote": [], "context": ["bridge"]}


def test_a_statement_with_more_quoted_pieces_than_keys_is_stored(tmp_path, records):
    from onrecord.provenance.hook import PIECES_PER_STATEMENT, fragment_key
    from onrecord.provenance.text import quoted_fragments

    record, item = records[0]
    pieces = " and ".join(f"“the {n}th promise the council made to the valley towns”" for n in range(120))
    statement = record.statements[0].model_copy(update={"type": "mixed"})
    statement.quote = statement.quote.model_copy(update={"text": "She listed " + pieces})
    assert len(quoted_fragments("mixed", statement.quote.text)) > PIECES_PER_STATEMENT
    many = record.model_copy(update={"statements": [statement, *record.statements[1:]]})
    store = _store(tmp_path, [(many, item)])
    with store.engine.connect() as conn:
        keys = [k for (k,) in conn.execute(sa.text("select key from quote_fragments"))]
    assert len(keys) == len(set(keys)) and any(k % PIECES_PER_STATEMENT == PIECES_PER_STATEMENT - 1 for k in keys)
    assert store.get_record(record.article.id) is not None  # stored, not refused for a duplicate key
    with pytest.raises(ValueError):
        fragment_key(1, PIECES_PER_STATEMENT)


def test_syndicated_copies_do_not_inflate_a_cluster(tmp_path, records, extractor):
    from onrecord.ingest.corpus import iter_items
    from onrecord.store import StoredItem

    line = next(json.loads(x) for x in FIXTURE.read_text(encoding="utf-8").splitlines() if '"prov-a2"' in x)
    line.update(id="prov-a2-wire", publisher="Syndicate Wire", text=line["text"].replace("four months", "five months"))
    copy_file = tmp_path / "copy.jsonl"
    copy_file.write_text(json.dumps(line) + "\n", encoding="utf-8")
    item = next(iter(iter_items([str(copy_file)])))
    store = _store(tmp_path, records)
    store.add_records([StoredItem(extractor.process(item.article), item.source, item.raw_sha256)])
    c = _pledge(store)
    assert c["n_articles"] == 6 and c["n_copies"] == 1  # the copy is listed, not counted
    copies = [cp for v in c["variants"] for a in v["appearances"] for cp in a["copies"]]
    assert [cp["outlet"] for cp in copies] == ["Syndicate Wire"]
    store.close()


def test_interrupted_batch_is_redone_cleanly(tmp_path, records, monkeypatch):
    """Ctrl-C inside the provenance step: the batch rolls back, and redoing it gives the clean clusters."""
    from onrecord.provenance import hook
    from onrecord.store import StoredItem

    store = _store(tmp_path, records, batches=(slice(0, 2),))
    real = hook.Provenance._process
    calls = []

    def interrupted(self, conn, rows):
        calls.append(1)
        self._cluster(conn, rows)  # the in-memory index has seen the fragments...
        raise KeyboardInterrupt  # ...when the user presses Ctrl-C

    monkeypatch.setattr(hook.Provenance, "_process", interrupted)
    batch = [StoredItem(r, i.source, i.raw_sha256) for r, i in records[2:]]
    with pytest.raises(KeyboardInterrupt):
        store.add_records(batch)
    monkeypatch.setattr(hook.Provenance, "_process", real)
    store.add_records(batch)  # what the ingest does on Ctrl-C: commit the batch in hand
    assert calls and _partition(store) == _partition(_store(tmp_path / "clean", records))
    store.close()


# -- related statements: word re-ranking ---------------------------------------------------------------
def test_content_words_fold_plurals_and_possessives():
    from onrecord.provenance.lexical import terms

    assert terms("The refugees' camp and the Mayor's bridges") == ["refugee", "camp", "mayor", "bridge"]
    assert terms("business is business, and it is") == ["business", "business"]  # no "busines"; stop words out


def test_rare_words_weigh_more_and_a_quote_on_the_subject_beats_its_paragraph():
    from onrecord.provenance.lexical import TermStats, cosine, statement_terms

    stats = TermStats()
    corpus = ["the council voted on the budget"] * 8 + ["the council voted on the harbour dredging plan"]
    for text in corpus:
        stats.add(statement_terms(text, "")[1])
    assert stats.idf("dredging") > stats.idf("council")
    assert stats.rarest(["council", "dredging", "budget"], 1) == ["dredging"]
    query = stats.weights(["harbour", "dredging", "council"])
    on_subject = stats.weights(statement_terms("the harbour dredging must wait", "")[0])
    riding_on_paragraph = stats.weights(
        statement_terms("it is true", "The council, asked about the harbour dredging, said it is true")[0]
    )
    assert cosine(query, on_subject) > cosine(query, riding_on_paragraph) == 0.0


def test_related_reranks_with_the_stores_word_statistics(tmp_path, records):
    from onrecord.provenance.semantic import related, vectors

    store = _store(tmp_path, records)
    ledger = next(h for h in store.search_statements("spring")[1])
    found = related(store, ledger["id"])
    state = vectors(store)
    assert state.terms.n_docs == len(state.ids) > 0  # every canonical statement's words are counted
    scores = [h["score"] for h in found["similar"]]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    # The reported pledge shares rare words ("bridge", "floods") with the misquote: it ranks first.
    first = next(h for h in found["same_speaker"] + found["other_speakers"] if h["id"] == found["similar"][0]["id"])
    assert "bridge" in first["quote"]
    store.close()


def test_rare_word_candidates_of_one_speaker(tmp_path, records):
    from onrecord.provenance.semantic import _lexical_neighbours, vectors

    store = _store(tmp_path, records)
    state = vectors(store)
    anyone = _lexical_neighbours(store, "bridge floods taxes")
    speaker = state.speakers[state.positions[anyone[0]]]
    own = _lexical_neighbours(store, "bridge floods taxes", speaker_id=speaker)
    assert own and all(state.speakers[state.positions[s]] == speaker for s in own)
    assert set(own) < set(anyone)  # another speaker's match is left out
    store.close()


def test_distinct_terms_are_the_statements_terms():
    from onrecord.provenance.lexical import distinct_terms, statement_terms

    quote, context = "the refugees' camps", "Asked about it, she said the refugees' camps were full. Camps close."
    assert distinct_terms(quote, context) == set(statement_terms(quote, context)[1])
    assert distinct_terms("bridges", "The mayor spoke.") == {"bridge", "mayor", "spoke"}  # quote outside its paragraph


# -- related statements: speaker channel mix and one slot per quotation -------------------------------
def test_the_speakers_own_statements_lead_the_list_of_any_speaker():
    from onrecord.provenance.related_rank import with_speaker_bonus

    score = {"mayor-on-ferries": 0.80, "critic-on-ferries": 0.90, "unknown-on-ferries": 0.85}
    speakers = {"mayor-on-ferries": "person:mayor", "critic-on-ferries": "person:critic", "unknown-on-ferries": None}
    boosted = with_speaker_bonus(score, speakers, "person:mayor", 0.2)
    assert max(boosted, key=boosted.get) == "mayor-on-ferries"
    assert boosted["critic-on-ferries"] == score["critic-on-ferries"]  # others keep their scores
    # An anonymous statement has no speaker's channel: nothing is boosted, not even other anonymous ones.
    assert with_speaker_bonus(score, speakers, None, 0.2) == score


def test_one_quotation_reported_by_several_outlets_takes_one_slot():
    from onrecord.provenance.related_rank import one_per_quotation

    ranked = ["gazette-pledge", "ledger-pledge", "tax-plan", "herald-pledge", "ferry-timetable", "quay-repairs"]
    clusters = {"gazette-pledge": {7}, "ledger-pledge": {7}, "herald-pledge": {7, 9}, "quay-repairs": {9}}
    kept, also = one_per_quotation(ranked, clusters, limit=3)
    assert kept == ["gazette-pledge", "tax-plan", "ferry-timetable"]  # the slots go to three statements
    assert also["gazette-pledge"] == ["ledger-pledge", "herald-pledge"]  # named even past the limit
    # A statement sharing a cluster with a kept report ("herald-pledge" holds both 7 and 9) is that quotation too.
    assert "quay-repairs" not in kept and also["tax-plan"] == []


def test_related_lists_each_quotation_once(tmp_path, records):
    from onrecord.provenance.semantic import _clusters, related

    store = _store(tmp_path, records)
    ledger = next(h for h in store.search_statements("spring")[1])
    found = related(store, ledger["id"])
    for name in ("same_speaker", "other_speakers", "similar"):
        ids = [h["id"] for h in found[name]]
        clusters = _clusters(store, ids)
        seen: set = set()
        for sid in ids:
            assert not clusters.get(sid, set()) & seen, f"{name}: {sid} repeats a listed quotation"
            seen |= clusters.get(sid, set())
    # The pledge is reported by more outlets than the one listed: the others are named on it.
    assert any(h["same_quotation"] for h in found["same_speaker"])
    # In the list of any speaker, the speaker's own statements carry the same-speaker bonus.
    from onrecord.provenance.text import rules

    bonus = rules()["related_rerank"]["same_speaker"]
    any_speaker = {h["id"]: h["score"] for h in found["similar"]}
    own = [h for h in found["same_speaker"] if h["id"] in any_speaker]
    assert own and all(abs(any_speaker[h["id"]] - h["score"] - bonus) < 1e-5 for h in own)
    store.close()


def test_statements_of_the_querys_own_article_step_back():
    from onrecord.provenance.related_rank import with_own_article_penalty

    score = {"same-page-aside": 0.95, "other-paper-on-ferries": 0.80, "same-page-on-ferries": 1.40}
    articles = {
        "same-page-aside": "ledger-1",
        "other-paper-on-ferries": "gazette-1",
        "same-page-on-ferries": "ledger-1",
    }
    demoted = with_own_article_penalty(score, articles, {"ledger-1"}, 0.3)
    # The reader is on ledger-1: its aside yields to another paper's statement on the subject ...
    assert sorted(demoted, key=demoted.get, reverse=True) == [
        "same-page-on-ferries",  # ... but one far closer than anything elsewhere is still listed first
        "other-paper-on-ferries",
        "same-page-aside",
    ]
    assert demoted["other-paper-on-ferries"] == score["other-paper-on-ferries"]
    assert with_own_article_penalty(score, articles, set(), 0.3) == score


def test_related_demotes_the_querys_own_article(tmp_path, records, monkeypatch):
    from onrecord.provenance.semantic import related
    from onrecord.provenance.text import rules

    store = _store(tmp_path, records)
    config = rules()["related_rerank"]
    assert config["own_article"] > 0
    checked = 0
    for query in store.search_statements("bridge")[1]:
        sid, own = query["id"], query["article"]["id"]
        scores = {}
        for penalty in (0.0, 0.3):
            monkeypatch.setitem(config, "own_article", penalty)
            found = related(store, sid, limit=50)
            scores[penalty] = {
                h["id"]: (h["score"], h["article"]["id"]) for h in found["same_speaker"] + found["other_speakers"]
            }
        for hid, (score, article) in scores[0.3].items():
            if hid in scores[0.0]:
                expected = scores[0.0][hid][0] - (0.3 if article == own else 0.0)
                assert score == pytest.approx(expected, abs=1e-5)
                checked += article == own
    # The penalty is taken off the query's own article only, and the fixture exercises it.
    assert checked, "no query's own article held another related statement"
    store.close()


def test_a_fragment_riding_on_its_paragraph_does_not_outrank_a_statement_on_the_subject():
    from onrecord.provenance.related_rank import candidate_score
    from onrecord.provenance.text import rules

    config = rules()["related_rerank"]
    # "the ferry levy, were": two content words quoted, a paragraph all about the ferry levy ...
    fragment = candidate_score(config, vector=0.5, paragraph=0.6, sentence=0.1, quote=0.1, n_quote_terms=2)
    # ... against a full quotation on the levy, in a paragraph that says less about it.
    statement = candidate_score(config, vector=0.5, paragraph=0.35, sentence=0.3, quote=0.2, n_quote_terms=9)
    assert statement > fragment
    # A quote of full_quote_terms content words or more keeps its paragraph's whole share.
    full = config["full_quote_terms"]
    at_full = candidate_score(config, vector=0.5, paragraph=0.6, sentence=0.1, quote=0.1, n_quote_terms=full)
    longer = candidate_score(config, vector=0.5, paragraph=0.6, sentence=0.1, quote=0.1, n_quote_terms=full + 5)
    assert at_full == longer > fragment


def test_the_quotes_own_sentence_in_its_paragraph():
    from onrecord.provenance.lexical import quote_sentence
    from onrecord.provenance.text import rules

    end = rules()["related_rerank"]["sentence_end"]
    paragraph = (
        "The council met on Monday. The mayor said the ferry levy would rise in March, "
        "and that nobody had asked for it. \u201cWe will not back down,\u201d a harbour worker said. Then it rained."
    )
    assert quote_sentence("the ferry levy would rise in March", paragraph, end) == (
        "The mayor said the ferry levy would rise in March, and that nobody had asked for it. "
    )
    # A quotation that ends its sentence inside the marks, with the cue after them.
    assert quote_sentence("We will not back down,", paragraph, end).startswith("\u201cWe will not back down,")
    assert quote_sentence("We will not back down,", paragraph, end).rstrip().endswith("a harbour worker said.")
    assert quote_sentence("not in the paragraph", paragraph, end) == "not in the paragraph"
    assert quote_sentence("The council met", "The council met", end) == "The council met"
