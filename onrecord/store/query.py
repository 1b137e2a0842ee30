"""Every query the front ends expose, declared once: name, help, parameters with their bounds, and what runs it.

The CLI (:mod:`onrecord.cli.queries`), the REST API (:mod:`onrecord.api.queries`) and the web pages
(:mod:`onrecord.web.queries`) are built from these declarations: a Typer command, a FastAPI route and a
page's parameters each come from the same :class:`Param` rows, so a bound or a choice is written once
and a bad value gets the same one-line message (:class:`QueryError`) from the CLI and the web page
(the API answers its documented 422 with the same bounds, as FastAPI does).

A new query is a :class:`Query` in :data:`QUERIES` (here, or :func:`register` from elsewhere) whose
``run(store, **values)`` returns a result of :mod:`onrecord.store.results` (or JSON-ready data). Its
``api``, ``cli`` and ``web`` fields say where it appears; ``docs/architecture.md`` lists the steps.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Literal, Mapping, Optional, get_args

from onrecord.errors import ConfigError
from onrecord.model import ACT_KINDS, StatementType
from onrecord.settings import API_MAX_PAGE, MAX_LIMIT, WEB_PAGE_SIZE
from onrecord.store.results import Page
from onrecord.text.dates import parse_date

Front = Literal["cli", "api", "web"]
FRONTS: tuple[Front, ...] = ("cli", "api", "web")
STATEMENT_TYPES: tuple[str, ...] = get_args(StatementType)
MAX_OFFSET = 10_000_000  # deeper than any store holds; keeps the API's schema bounded
MAX_TEXT: int = 500  # a full-text query
MAX_NAME: int = 200  # a name, an outlet, an id


class QueryError(ConfigError):
    """A parameter's value is not one the query takes (a usage error: one line, exit status 2)."""

    exit_code = 2


@dataclass(frozen=True)
class Param:
    """One parameter of a query, as every front end sees it.

    ``type`` is ``str``, ``int``, ``float``, ``bool`` or :class:`datetime.date`; ``choices`` limits a
    ``str`` to those values; ``ge``/``le`` bound a number, ``min_length``/``max_length`` a text.
    ``fronts`` are the front ends that take it (elsewhere it is fixed at its default); ``defaults``
    overrides the default in one front end (``{"cli": 20}``). ``flags`` are the CLI's option names
    (default ``--name``); ``argument`` makes it the CLI's positional argument, ``in_path`` a part of the
    API's path; ``metavar`` names its value in CLI help.
    """

    name: str
    type: type = str
    help: str = ""
    default: Any = None
    required: bool = False
    choices: tuple[str, ...] = ()
    ge: Optional[float] = None
    le: Optional[float] = None
    min_length: Optional[int] = None
    max_length: Optional[int] = None
    fronts: tuple[Front, ...] = FRONTS
    defaults: Mapping[str, Any] = field(default_factory=dict)
    flags: tuple[str, ...] = ()
    argument: bool = False
    in_path: bool = False
    metavar: Optional[str] = None

    def default_for(self, front: Front) -> Any:
        return self.defaults.get(front, self.default)

    def cli_flags(self) -> tuple[str, ...]:
        return self.flags or ("--" + self.name.replace("_", "-"),)

    def bounds_text(self) -> str:
        """The bounds in words, for help texts: ``1 to 1000``, ``one of a, b``, ``at most 200 characters``."""
        if self.choices:
            return "one of " + ", ".join(self.choices)
        if self.ge is not None and self.le is not None and self.le < MAX_OFFSET:
            return f"from {_number(self.ge)} to {_number(self.le)}"
        if self.ge is not None:
            return f"at least {_number(self.ge)}"
        if self.le is not None:
            return f"at most {_number(self.le)}"
        return ""

    def parse(self, text: Any) -> Any:
        """The value of a parameter given as text (a CLI option, a query string); :class:`QueryError` if bad.

        An empty text is "not given": the parameter's default (a required one is an error)."""
        if text is None or (isinstance(text, str) and not text.strip() and self.type is not str):
            return self._missing()
        if not isinstance(text, str):
            return self.check(text)
        if self.type is str:
            if text == "":
                return self._missing()
            return self.check(text)
        raw = text.strip()
        value: Any
        if self.type is dt.date:
            value = parse_date(raw)
            if value is None:
                raise QueryError(f"{self.name} {raw!r} must be a date like 2024-05-01 (YYYY-MM-DD)")
        elif self.type is bool:
            value = _BOOLS.get(raw.lower())
            if value is None:
                raise QueryError(f"{self.name} {raw!r} must be yes or no")
        else:
            try:
                value = self.type(raw)
            except ValueError:
                raise QueryError(self._range_message(raw)) from None
        return self.check(value, shown=raw)

    def check(self, value: Any, *, shown: Any = None) -> Any:
        """``value`` if it is within the parameter's bounds and choices, else :class:`QueryError`."""
        if value is None:
            return self._missing()
        if self.choices and value not in self.choices:
            raise QueryError(f"{self.name} {value!r} is not one of {', '.join(repr(c) for c in self.choices)}")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if (self.ge is not None and value < self.ge) or (self.le is not None and value > self.le):
                raise QueryError(self._range_message(value if shown is None else shown))
        if isinstance(value, str):
            if self.min_length is not None and len(value) < self.min_length:
                raise QueryError(
                    f"{self.name} must not be empty" if self.min_length == 1 else f"{self.name} is too short"
                )
            if self.max_length is not None and len(value) > self.max_length:
                raise QueryError(f"{self.name} must be at most {self.max_length} characters")
        return value

    def _missing(self) -> Any:
        if self.required:
            raise QueryError(f"{self.name} is required")
        return None

    def _range_message(self, value: Any) -> str:
        kind = "a whole number" if self.type is int else "a number"
        bounds = self.bounds_text()
        return f"{self.name} {value!r} must be {kind}" + (f" {bounds}" if bounds else "")


_BOOLS = {"yes": True, "true": True, "1": True, "on": True, "no": False, "false": False, "0": False, "off": False}


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class Query:
    """A query: its parameters, the function that runs it, and where each front end shows it.

    ``run(store, **values)`` gets every parameter (those a front end does not take at their default).
    ``api`` is the route's path (``/api/speakers/{speaker_id}``), ``cli`` the command's name, ``web`` the
    page's path; ``None`` leaves it out of that front end. ``pages`` says the result is a :class:`Page`;
    ``not_found`` is the message when ``run`` finds nothing (``None``): 404 in the API, an error in the
    CLI, a not-found page on the web. ``api_errors`` are the further statuses the route documents.
    """

    name: str
    help: str
    params: tuple[Param, ...]
    run: Callable[..., Any]
    api: Optional[str] = None
    cli: Optional[str] = None
    web: Optional[str] = None
    pages: bool = False
    not_found: Optional[Callable[[Front, Mapping[str, Any]], str]] = None
    api_errors: tuple[int, ...] = ()
    summary: Optional[str] = None  # the API's description, when not the help's first line
    operation: Optional[str] = None  # the API's operation name (default: the query's name)

    def params_for(self, front: Front) -> tuple[Param, ...]:
        return tuple(p for p in self.params if front in p.fronts)

    def values(self, front: Front, given: Mapping[str, Any]) -> dict[str, Any]:
        """Every parameter's value for ``run``: those ``front`` takes parsed from ``given``, the others fixed.

        A bad value is a :class:`QueryError` (the first one; :meth:`parse` collects them all)."""
        return {p.name: self._value(p, front, given) for p in self.params}

    def parse(self, front: Front, given: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """Like :meth:`values`, but with a message for every bad parameter (a bad one takes its default)."""
        out: dict[str, Any] = {}
        errors: list[str] = []
        for p in self.params:
            try:
                out[p.name] = self._value(p, front, given)
            except QueryError as exc:
                errors.append(str(exc))
                out[p.name] = p.default_for(front)
        return out, errors

    @staticmethod
    def _value(p: Param, front: Front, given: Mapping[str, Any]) -> Any:
        default = p.default_for(front)
        if front in p.fronts and p.name in given:
            value = p.parse(given[p.name])
            return default if value is None else value
        if default is None and p.required:
            raise QueryError(f"{p.name} is required")
        return None if default is None else p.check(default)


QUERIES: dict[str, Query] = {}


def register(query: Query) -> Query:
    """Add ``query`` to :data:`QUERIES` (a front end built after this shows it)."""
    QUERIES[query.name] = query
    return query


def page_of(total: int, items: list, values: Mapping[str, Any]) -> Page:
    return Page(total=total, limit=values["limit"], offset=values["offset"], items=items)


# -- the parameters several queries share ------------------------------------------------------------


def limit_param(default: int = 50, *, le: int = API_MAX_PAGE, **defaults: Any) -> Param:
    return Param(
        "limit",
        int,
        "page size",
        default=default,
        ge=1,
        le=le,
        flags=("--limit", "-n"),
        defaults={"web": WEB_PAGE_SIZE, **defaults},
        fronts=("cli", "api"),
    )


OFFSET: Param = Param("offset", int, "items to skip", default=0, ge=0, le=MAX_OFFSET)
SINCE: Param = Param("since", dt.date, "YYYY-MM-DD (inclusive)", metavar="DATE")
UNTIL: Param = Param("until", dt.date, "YYYY-MM-DD (inclusive)", metavar="DATE")
OUTLET: Param = Param("outlet", help="Part of the publishing outlet's name.", max_length=MAX_NAME)


def _statement_params(*, cli_limit: int) -> tuple[Param, ...]:
    return (
        Param(
            "q",
            help='Words, "phrases", -excluded; over quotes and their paragraphs.',
            max_length=MAX_TEXT,
            argument=True,
            metavar="QUERY",
        ),
        Param("speaker", help="Speaker name, part of one, or id.", max_length=MAX_NAME, flags=("--speaker", "-s")),
        OUTLET,
        SINCE,
        UNTIL,
        Param("type", help="Statement type.", choices=STATEMENT_TYPES),
        Param(
            "anonymous",
            bool,
            "Only anonymous or only named sources.",
            flags=("--anonymous/--named",),
        ),
        Param("act", help="What the source did: speech, belief, knowledge, intention.", choices=ACT_KINDS),
        Param(
            "min_confidence",
            float,
            "Only statements at least this likely to be right (0-1).",
            ge=0.0,
            le=1.0,
        ),
        limit_param(cli=cli_limit),
        OFFSET,
    )


def _run_statements(store: Any, *, q: Optional[str], order: str = "date", **filters: Any) -> Page:
    total, hits = store.statement_hits(q, order=order, **filters)
    return page_of(total, hits, filters)


# -- the queries -------------------------------------------------------------------------------------


def _run_articles(store: Any, **v: Any) -> Page:
    total, rows = store.article_summaries(
        v["limit"], v["offset"], outlet=v["outlet"], since=v["since"], until=v["until"], q=v["q"]
    )
    return page_of(total, rows, v)


ARTICLES = register(
    Query(
        "articles",
        "Articles, newest first.",
        (
            limit_param(),
            OFFSET,
            # The home page lists every article (paged); the filters are the CLI's and the API's.
            *(replace(p, fronts=("cli", "api")) for p in (OUTLET, SINCE, UNTIL)),
            Param(
                "q",
                help="Words of the article (full text).",
                max_length=MAX_TEXT,
                flags=("--q", "-q"),
                fronts=("cli", "api"),
            ),
        ),
        _run_articles,
        api="/api/articles",
        cli="articles",
        web="/",
        pages=True,
        operation="list_articles",
    )
)

STATEMENTS = register(
    Query(
        "statements",
        "Statements in time order (then position in the article); syndicated copies folded into ``sources``.",
        (
            *_statement_params(cli_limit=20),
            Param("article_id", help="Only the statements of this article.", max_length=MAX_NAME, fronts=("api",)),
        ),
        _run_statements,
        api="/api/statements",
        pages=True,
        operation="list_statements",
    )
)


def _run_search(store: Any, *, semantic: bool = False, **values: Any) -> Page:
    if semantic:
        from onrecord.provenance.semantic import semantic_search

        if not values["q"]:
            raise QueryError("--semantic needs a query")
        total, hits = semantic_search(
            store, values["q"], speaker=values["speaker"], limit=values["limit"], offset=values["offset"]
        )
        return page_of(total, hits, values)
    return _run_statements(store, **values)


SEARCH = register(
    Query(
        "search",
        "Find statements: who said what about X, when.\n\n"
        "Example: onrecord search nuclear --speaker Medvedev --since 2024-05-01",
        (
            *_statement_params(cli_limit=20),
            # The API's /api/search ranks by relevance; the command and the page list in time order.
            Param(
                "order",
                choices=("date", "relevance"),
                default="relevance",
                defaults={"cli": "date", "web": "date"},
                fronts=(),
            ),
            Param(
                "semantic",
                bool,
                "Rank by meaning and words together (hybrid).",
                default=False,
                fronts=("cli",),
                flags=("--semantic",),
            ),
        ),
        _run_search,
        api="/api/search",
        cli="search",
        web="/search",
        pages=True,
        summary="Full-text search over statements, best matches first.",
    )
)


def _run_speakers(store: Any, **v: Any) -> Page:
    total, rows = store.speaker_summaries(v["q"], limit=v["limit"], offset=v["offset"])
    return page_of(total, rows, v)


SPEAKERS = register(
    Query(
        "speakers",
        "List speakers across articles, most quoted first.",
        (
            Param("q", help="Part of a name or alias.", max_length=MAX_NAME, flags=("--q", "-q")),
            limit_param(),
            OFFSET,
        ),
        _run_speakers,
        api="/api/speakers",
        cli="speakers",
        web="/speakers",
        pages=True,
        summary="Canonical speakers across articles, most quoted first.",
        operation="list_speakers",
    )
)

SPEAKER = register(
    Query(
        "speaker",
        "A speaker's profile: names, roles over time, outlets, and every statement in time order.",
        (
            Param(
                "speaker_id",
                help="Name, part of a name, or speaker id.",
                required=True,
                max_length=MAX_NAME,
                argument=True,
                in_path=True,
                metavar="NAME",
            ),
            Param("limit", int, "statements on the page", default=API_MAX_PAGE, ge=1, le=API_MAX_PAGE, fronts=("api",)),
            Param("offset", int, "statements to skip", default=0, ge=0, le=MAX_OFFSET, fronts=("api",)),
        ),
        lambda store, speaker_id, limit, offset: store.speaker_profile(speaker_id, limit=limit, offset=offset),
        api="/api/speakers/{speaker_id}",
        cli="speaker",
        not_found=lambda front, v: (
            f"no speaker {v['speaker_id']!r}"
            if front != "cli"
            else f"no speaker matches {v['speaker_id']!r} (list them with: onrecord speakers --q "
            f"{(v['speaker_id'].split() or [v['speaker_id']])[-1]})"
        ),
        api_errors=(404,),
        summary="A speaker (id, or a name) with aliases, roles over time, outlets and statements in time order.",
        operation="get_speaker",
    )
)

TIMELINE = register(
    Query(
        "timeline",
        "Statements in time order, of a speaker or about a topic.",
        (
            Param(
                "of",
                help="A speaker (name or id) or else a topic (full-text query).",
                required=True,
                min_length=1,
                max_length=MAX_NAME,
                argument=True,
                metavar="SPEAKER_OR_TOPIC",
            ),
            SINCE,
            UNTIL,
            Param(
                "limit",
                int,
                "statements at most",
                default=API_MAX_PAGE,
                ge=1,
                le=MAX_LIMIT,
                flags=("--limit", "-n"),
                defaults={"cli": 200},
                fronts=("cli", "api"),
            ),
        ),
        lambda store, of, since, until, limit: store.timeline_of(of, since=since, until=until, limit=limit),
        api="/api/timeline",
        cli="timeline",
        summary="Statements of a speaker, or about a topic, in time order.",
    )
)


# The provenance queries (quotations, related statements, search by meaning) are declared beside these.
from onrecord.store.provenance_queries import QUOTE, QUOTES, RELATED, SEMANTIC, STATEMENT_QUOTES  # noqa: E402

__all__ = [
    "ARTICLES",
    "QUERIES",
    "QUOTE",
    "QUOTES",
    "RELATED",
    "SEARCH",
    "SEMANTIC",
    "SPEAKER",
    "SPEAKERS",
    "STATEMENTS",
    "STATEMENT_QUOTES",
    "TIMELINE",
    "Param",
    "Query",
    "QueryError",
    "register",
]
