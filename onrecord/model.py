"""The one data model every stage of onrecord reads and writes.

Data flows ingest → clean → nlp → statements → entities/time → store → api/web, and
each stage hands the next the types defined here, never its own internals:

* ingest builds an :class:`Article` (raw body, metadata, how the date was found);
* clean moves non-body lines into :attr:`Article.removed` (nothing is dropped);
* statements fill a :class:`Record` with :class:`Speaker` and :class:`Statement`;
* entities link speakers to cross-article :class:`Entity` ids;
* store/api/web persist and show :class:`Record` objects.

All character offsets index into :attr:`Article.body` (Python ``str`` indices, i.e.
code points), so ``article.body[s.quote.start:s.quote.end] == s.quote.text`` always.

The JSON form is versioned by :data:`SCHEMA_VERSION`; ``onrecord schema`` prints the
JSON Schema generated from these classes and ``schema/record.schema.json`` is checked
against it by the tests.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
from enum import Enum
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.1"
# 1.1 added Statement.act; a 1.0 record gets each statement's act read from its cue's text.
OLDER_SCHEMA_VERSIONS = ("1.0",)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Span(_Model):
    """A half-open character range ``[start, end)`` of the article body and its text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before its start {self.start}")
        return self

    @classmethod
    def of(cls, body: str, start: int, end: int) -> Span:
        """The span ``[start, end)`` of ``body``, with its text copied from it."""
        return cls(start=start, end=end, text=body[start:end])


class RemovedSpan(Span):
    """A part of the raw text that is not body text, kept with the reason it was set aside."""

    reason: str = Field(description="machine name of the rule that matched, e.g. 'photo_credit'")
    rule: Optional[str] = Field(default=None, description="the pattern or heuristic that matched")


class DateMethod(str, Enum):
    """How :attr:`Article.published` was determined."""

    metadata = "metadata"  # HTML/feed/corpus metadata
    user = "user"  # --published on the command line or an API parameter
    text = "text"  # inferred from dates and weekday mentions in the text
    unknown = "unknown"


class Article(_Model):
    """One news report: metadata plus the body text every offset refers to."""

    id: str = Field(description="stable id: the sha256 of the raw input unless given")
    source: Optional[str] = Field(default=None, description="file path, URL or corpus id it came from")
    url: Optional[str] = None
    outlet: Optional[str] = Field(default=None, description="publisher or site name")
    title: Optional[str] = None
    authors: list[str] = Field(default_factory=list)
    published: Optional[dt.date] = None
    published_method: DateMethod = DateMethod.unknown
    published_confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    published_evidence: Optional[str] = Field(default=None, description="the text or field the date came from")
    language: Optional[str] = Field(default=None, description="ISO 639-1 code detected from the body")
    language_confidence: Optional[float] = None
    body: str = Field(
        description="the article text; each removed span is blanked to spaces (newlines kept) so that "
        "offsets into the body equal offsets into the raw text"
    )
    removed: list[RemovedSpan] = Field(default_factory=list)
    page_starts: list[int] = Field(
        default_factory=list,
        description="for a paged input (PDF), the body offset where each page begins; empty otherwise",
    )
    content_hash: str = Field(default="", description="sha256 of the raw input bytes")
    meta: dict[str, str] = Field(default_factory=dict, description="other metadata, e.g. corpus fields")

    @model_validator(mode="after")
    def _hash(self) -> Article:
        if not self.content_hash:
            self.content_hash = content_hash(self.raw_text())
        return self

    def raw_text(self) -> str:
        """The text as ingested: the body with every removed span put back."""
        if not self.removed:
            return self.body
        chars = list(self.body)
        for span in self.removed:
            chars[span.start : span.end] = span.text
        return "".join(chars)

    def readable_body(self) -> str:
        """The body as a person reads it: blanked removed spans and the blank lines they leave dropped."""
        return re.sub(r"\n(?:[ \t\u00a0]*\n)+", "\n\n", self.body).strip()

    def paragraphs(self) -> list[Span]:
        """The body's paragraphs (separated by blank lines), with their offsets."""
        spans = []
        body = self.body
        for block in _split_keep(body):
            start, end = block
            text = body[start:end]
            if text.strip():
                lead = len(text) - len(text.lstrip())
                trail = len(text.rstrip())
                spans.append(Span.of(body, start + lead, start + trail))
        return spans


def page_number(page_starts: list[int], offset: int) -> Optional[int]:
    """The 1-based page (from :attr:`Article.page_starts`) holding ``offset``; ``None`` for unpaged text."""
    if not page_starts:
        return None
    return max(1, bisect.bisect_right(page_starts, offset))


def paragraph_index(paragraphs: list[Span], offset: int) -> Optional[int]:
    """Index in ``paragraphs`` (from :meth:`Article.paragraphs`) of the one holding ``offset``.

    An offset in the blank lines between two paragraphs belongs to the one before (as
    :attr:`Statement.paragraph` counts); ``None`` when there are no paragraphs.
    """
    if not paragraphs:
        return None
    return max(0, bisect.bisect_right([p.start for p in paragraphs], offset) - 1)


def _split_keep(text: str) -> list[tuple[int, int]]:
    out, last = [], 0
    for m in re.finditer(r"\n[ \t\u00a0]*\n+", text):
        out.append((last, m.start()))
        last = m.end()
    out.append((last, len(text)))
    return out


def content_hash(text: str | bytes) -> str:
    """sha256 hex digest of the raw input; used as the article id and for idempotent ingest."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


SpeakerKind = Literal["person", "organization", "country", "group", "unknown"]
StatementType = Literal["direct", "indirect", "mixed", "block"]
# PARC 3.0's attribution types: a communicative act, a belief, knowledge (a finding), an intention.
ActKind = Literal["speech", "belief", "knowledge", "intention"]
ACT_KINDS: tuple[str, ...] = ("speech", "belief", "knowledge", "intention")
# Statements whose confidence is below this are marked "uncertain" (report, web page, search results).
from onrecord.settings import UNCERTAIN_BELOW  # noqa: E402


def is_uncertain(confidence: Optional[float]) -> bool:
    """Whether a statement of this confidence is marked "uncertain" (see :data:`UNCERTAIN_BELOW`)."""
    return confidence is not None and confidence < UNCERTAIN_BELOW


MentionKind = Literal["name", "surname", "pronoun", "description", "organization", "other"]


class Mention(Span):
    """A place in the body where a speaker is referred to."""

    kind: MentionKind = "other"


class Speaker(_Model):
    """An article-level speaker: every mention that refers to one source, with what the text says of it."""

    id: str = Field(description="article-local id, e.g. 'sp1'")
    name: str = Field(description="canonical name: full personal name, organisation name, or the description")
    kind: SpeakerKind = "unknown"
    role: Optional[str] = Field(default=None, description="title or function, e.g. 'Kremlin spokesman'")
    affiliation: Optional[str] = None
    anonymous: bool = False
    description: Optional[str] = Field(default=None, description="how an unnamed source is described")
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    entity_id: Optional[str] = Field(default=None, description="cross-article canonical entity id")


class Statement(_Model):
    """One attributed statement: what was said, by whom, through which cue, to which outlet, when."""

    id: str
    type: StatementType
    quote: Span = Field(description="the content, without enclosing quotation marks")
    fragments: list[Span] = Field(
        default_factory=list, description="pieces of a discontinuous quote (empty when contiguous)"
    )
    cue: Optional[Span] = None
    speaker_id: Optional[str] = Field(default=None, description="id of a Speaker of the same Record")
    speaker_mention: Optional[Span] = Field(default=None, description="the mention at this statement")
    outlet: Optional[str] = Field(default=None, description="medium the statement was given to")
    date: Optional[dt.date] = None
    date_text: Optional[str] = Field(default=None, description="the words the date was read from")
    act: ActKind = Field(
        default="speech",
        description="what the source did: spoke (speech), thought (belief), found out (knowledge), "
        "meant to do (intention); read from the cue",
    )
    confidence: float = Field(
        default=0.5,
        ge=0.0,
        le=1.0,
        description="estimated probability that the quote and its speaker are both right (fitted on PolNeAR train)",
    )
    paragraph: Optional[int] = Field(default=None, description="0-based paragraph index of the quote start")
    page: Optional[int] = Field(default=None, description="1-based page of the quote start, for a paged input (PDF)")


EntityKind = Literal["person", "organization", "country", "place", "group", "unknown"]


class Entity(_Model):
    """A person, organisation or place under one canonical name, across spellings and articles."""

    id: str
    name: str
    kind: EntityKind = "unknown"
    aliases: list[str] = Field(default_factory=list)
    country_code: Optional[str] = None


class Record(_Model):
    """Everything onrecord knows about one article: the unit stored, served and exported."""

    schema_version: str = SCHEMA_VERSION
    article: Article
    speakers: list[Speaker] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    extractor_version: Optional[str] = None

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data):
        """A record of an older schema version loads: each statement without an act gets the act of
        its cue's text (speech where the cue is no word of the act table), and the version is current."""
        if not isinstance(data, dict) or data.get("schema_version") not in OLDER_SCHEMA_VERSIONS:
            return data
        from onrecord.statements.acts import act_of_cue_text

        data = dict(data, schema_version=SCHEMA_VERSION)
        statements = []
        for st in data.get("statements") or []:
            if isinstance(st, dict) and "act" not in st:
                cue = st.get("cue")
                st = dict(st, act=act_of_cue_text(cue.get("text") if isinstance(cue, dict) else None))
            statements.append(st)
        data["statements"] = statements
        return data

    def speaker(self, speaker_id: Optional[str]) -> Optional[Speaker]:
        """The speaker with this id, or None."""
        for sp in self.speakers:
            if sp.id == speaker_id:
                return sp
        return None

    def statement_rows(self) -> list[dict]:
        """One flat row per statement, the columns of :data:`onrecord.flat.STATEMENT_COLUMNS`: what a
        table-shaped output (``extract --format csv``, Spark's Parquet, a data frame) holds. The speaker is
        this article's; linking it across articles is the store's work."""
        from onrecord.flat import statement_rows

        return statement_rows(self)


def record_json_schema() -> dict:
    """The JSON Schema of :class:`Record` (what ``--format json`` prints)."""
    schema = Record.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://onrecord.example/schema/record-{SCHEMA_VERSION}.json"
    return schema
