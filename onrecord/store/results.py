"""Typed results of the store's queries, with real :class:`datetime.date` values inside.

The store builds these from its rows; the front ends read their attributes. JSON happens only at the
edge: :func:`to_json` turns any of them (or a list, or a dict holding them) into the JSON-ready dicts the
REST API, the CLI's ``--format json`` and the store's dict-returning methods give, with the same field
names, order and values as always (dates as ISO strings; a field marked ``omit_none`` is left out when
``None``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Callable, Generic, Mapping, Optional, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")

_OMIT_NONE = {"omit_none": True}


_SCALARS = (str, int, float, bool)
_WRITERS: dict[type, Callable[[Any], dict[str, Any]]] = {}  # a result class's writer, made on first use


def to_json(value: Any) -> Any:
    """``value`` as JSON-ready data: results as dicts (fields in declaration order), dates as ISO strings."""
    kind = type(value)
    if kind in _SCALARS or value is None:
        return value
    writer = _WRITERS.get(kind)
    if writer is not None:
        return writer(value)
    if is_dataclass(value) and not isinstance(value, type):
        return _writer(kind)(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    return value


def _writer(kind: type) -> Callable[[Any], dict[str, Any]]:
    """A function writing one ``kind`` as a dict: compiled once from its fields' types, because the API
    writes thousands of hits a second (a generic walk over ``fields()`` costs 3-4 times as much)."""
    hints = get_type_hints(kind)
    namespace: dict[str, Any] = {"to_json": to_json}
    lines = ["def write(v):", "    out = {}"]
    for f in fields(kind):
        item = f"v.{f.name}"
        expr = _expression(item, hints[f.name], namespace)
        if f.metadata.get("omit_none"):
            lines.append(f"    if {item} is not None: out[{f.name!r}] = {expr}")
        else:
            lines.append(f"    out[{f.name!r}] = {expr}")
    lines.append("    return out")
    exec("\n".join(lines), namespace)  # noqa: S102 (our own field names and types, nothing from outside)
    _WRITERS[kind] = namespace["write"]
    return _WRITERS[kind]


def _expression(item: str, hint: Any, namespace: dict[str, Any]) -> str:
    """The Python expression writing ``item`` (of type ``hint``) as JSON."""
    options = [t for t in (get_args(hint) if get_origin(hint) is Union else (hint,)) if t is not type(None)]
    only = options[0] if len(options) == 1 else None
    if all(t in _SCALARS for t in options):
        return item
    if only is dt.date:
        return f"(None if {item} is None else {item}.isoformat())"
    if isinstance(only, type) and is_dataclass(only):
        namespace[f"write_{only.__name__}"] = _WRITERS.get(only) or _writer(only)
        return f"(None if {item} is None else write_{only.__name__}({item}))"
    element: Any = get_args(only)[0] if get_origin(only) is list else None
    if isinstance(element, type) and is_dataclass(element):
        namespace[f"write_{element.__name__}"] = _WRITERS.get(element) or _writer(element)
        return f"[write_{element.__name__}(x) for x in {item}]"
    return f"to_json({item})"


def day(value: Any) -> Optional[dt.date]:
    """A date column's value as a date (drivers give ``date``; a stored ISO text is read once, here)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


@dataclass
class Source:
    """One article reporting a canonical statement (a syndicated copy, or the statement itself)."""

    statement_id: str
    article_id: str
    outlet: Optional[str]
    published: Optional[dt.date]


@dataclass
class SpeakerOfHit:
    """Who made a statement: the canonical speaker and how the article named and described them."""

    id: Optional[str]
    name: Optional[str]
    article_name: Optional[str]
    local_id: Optional[str]
    kind: Optional[str]
    role: Optional[str]
    affiliation: Optional[str]
    description: Optional[str]


@dataclass
class ArticleOfHit:
    """The article a statement is in."""

    id: str
    title: Optional[str]
    outlet: Optional[str]
    published: Optional[dt.date]
    url: Optional[str]


@dataclass
class StatementHit:
    """One statement as the statement queries return it."""

    id: str
    article_id: str
    local_id: str
    position: int
    type: str
    quote: str
    quote_start: Optional[int]
    quote_end: Optional[int]
    paragraph: Optional[int]
    cue: Optional[str]
    cue_start: Optional[int]
    cue_end: Optional[int]
    date: Optional[dt.date]
    date_text: Optional[str]
    sort_date: Optional[dt.date]
    confidence: Optional[float]
    act: Optional[str]
    outlet_told: Optional[str]
    anonymous: bool
    canonical_id: str
    speaker: SpeakerOfHit
    article: ArticleOfHit
    matched: Optional[dict[str, list]] = field(default=None, metadata=_OMIT_NONE)  # with a full-text query only
    sources: list[Source] = field(default_factory=list)

    @classmethod
    def from_row(cls, r: Mapping[str, Any]) -> StatementHit:
        """From a row of the store's statement query (statement columns plus the joined article and speaker)."""
        return cls(
            id=r["id"],
            article_id=r["article_id"],
            local_id=r["local_id"],
            position=r["position"],
            type=r["type"],
            quote=r["quote_text"],
            quote_start=r["quote_start"],
            quote_end=r["quote_end"],
            paragraph=r["paragraph"],
            cue=r["cue_text"],
            cue_start=r["cue_start"],
            cue_end=r["cue_end"],
            date=day(r["date"]),
            date_text=r["date_text"],
            sort_date=day(r["sort_date"]),
            confidence=r["confidence"],
            act=r["act"],
            outlet_told=r["outlet_told"],
            anonymous=bool(r["anonymous"]),
            canonical_id=r["canonical_id"],
            speaker=SpeakerOfHit(
                id=r["speaker_id"],
                name=r["canonical_name"] or r["speaker_name"],
                article_name=r["speaker_name"],
                local_id=r["local_speaker_id"],
                kind=r["speaker_kind"],
                role=r["role"],
                affiliation=r["affiliation"],
                description=r["description"],
            ),
            article=ArticleOfHit(
                id=r["article_id"],
                title=r["article_title"],
                outlet=r["article_outlet"],
                published=day(r["article_published"]),
                url=r["article_url"],
            ),
        )

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> StatementHit:
        """From the JSON form (what :mod:`onrecord.provenance` still hands over); extra keys are ignored."""
        values: dict[str, Any] = {
            **{k: d.get(k) for k in _HIT_SCALARS},
            "anonymous": bool(d.get("anonymous")),
            "date": day(d.get("date")),
            "sort_date": day(d.get("sort_date")),
            "speaker": SpeakerOfHit(**{f.name: d["speaker"].get(f.name) for f in fields(SpeakerOfHit)}),
            "article": ArticleOfHit(**{**d["article"], "published": day(d["article"].get("published"))}),
            "matched": d.get("matched"),
            "sources": [Source(**{**s, "published": day(s.get("published"))}) for s in d.get("sources") or []],
        }
        return cls(**values)


_HIT_SCALARS = tuple(
    f.name
    for f in fields(StatementHit)
    if f.name not in ("anonymous", "date", "sort_date", "speaker", "article", "matched", "sources")
)


@dataclass
class ArticleSummary:
    """One article in a list of articles."""

    id: str
    title: Optional[str]
    outlet: Optional[str]
    published: Optional[dt.date]
    url: Optional[str]
    source: Optional[str]
    language: Optional[str]
    n_statements: int
    dup_of: Optional[str]

    @classmethod
    def from_row(cls, r: Any) -> ArticleSummary:
        """From a row of the store's article query (a SQLAlchemy row mapping)."""
        return cls(**{**r, "published": day(r["published"])})


@dataclass
class SpeakerSummary:
    """One canonical speaker in a list of speakers, with counts and the most frequent roles."""

    id: str
    name: str
    kind: str
    statements: int
    articles: int
    first_seen: Optional[dt.date]
    last_seen: Optional[dt.date]
    roles: list[str] = field(default_factory=list)


@dataclass
class RoleSpan:
    """A role a speaker was given, and over which dates and in how many articles."""

    role: str
    first_seen: Optional[dt.date]
    last_seen: Optional[dt.date]
    articles: int


@dataclass
class OutletCount:
    name: str
    articles: int


@dataclass
class SpeakerProfile:
    """A speaker's profile: names, roles over time, outlets, first and last seen, statements in time order."""

    id: str
    name: str
    kind: str
    aliases: list[str]
    roles: list[RoleSpan]
    outlets: list[OutletCount]
    first_seen: Optional[dt.date]
    last_seen: Optional[dt.date]
    n_articles: int
    n_statements: int
    statements: list[StatementHit]


@dataclass
class SpeakerName:
    id: str
    name: str


@dataclass
class Timeline:
    """Statements in time order, of a speaker (``kind`` "speaker") or about a topic (``kind`` "topic")."""

    kind: str
    query: str
    speaker: Optional[SpeakerName]
    total: int
    statements: list[StatementHit]


@dataclass
class Page(Generic[T]):
    """One page of results and the total over all pages."""

    total: int
    limit: int
    offset: int
    items: list[T]
