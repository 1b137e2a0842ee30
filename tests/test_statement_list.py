"""The article page's statement list (onrecord.web.statement_list) is the markup the template's loop
made, byte for byte, for hostile and ordinary values alike; html_escape is markupsafe's escaping."""

from __future__ import annotations

import datetime as dt

import jinja2
import pytest
from markupsafe import Markup, escape

from onrecord.model import Article, Record, Span, Speaker, Statement
from onrecord.web.render import html_escape, speaker_colours, statement_rows
from onrecord.web.statement_list import statement_list_html

#: The loop article.html had before the list was built in Python (kept here as the reference).
TEMPLATE_LOOP = """    <ol>
    {% for r in rows %}
      <li id="q-{{ r.anchor }}"{% if r.uncertain %} class="uncertain"{% endif %}
          data-anchor="{{ r.anchor }}"
          data-number="{{ r.number }}"
          data-speaker="{{ r.speaker_name }}"
          data-speaker-id="{{ r.speaker_id }}"
          data-role="{{ r.role }}"
          data-anonymous="{{ 'anonymous' if r.anonymous else 'named' }}"
          data-description="{{ r.description }}"
          data-type="{{ r.statement.type }}"
          data-cue="{{ r.cue }}"
          data-act="{{ r.statement.act }}"
          data-uncertain="{{ 'yes' if r.uncertain else 'no' }}"
          data-outlet="{{ r.statement.outlet or '' }}"
          data-date="{{ r.statement.date.isoformat() if r.statement.date else '' }}"
          data-date-text="{{ r.statement.date_text or '' }}"
          data-confidence="{{ '%.0f' % (r.statement.confidence * 100) }}"
          data-paragraph="{{ r.paragraph if r.paragraph is not none else '' }}"
          data-colour="{{ r.colour }}"
          data-speaker-href="{{ speaker_links.get(r.speaker_id, '') }}"
          data-related-href="{{ '/statements/' ~ (article.id ~ ':' ~ r.statement.id)|urlencode if not pasted else '' }}">
        <a href="#{{ r.anchor }}" class="swatch-link"><span class="swatch {{ r.colour }}" aria-hidden="true"></span>{{ r.speaker_name }}</a>
        {% if r.cue %}<span class="cue-word">{{ r.cue }}</span>{% endif %}
        {% if r.uncertain %}<span class="badge uncertain-badge">uncertain</span>{% endif %}
        <span class="excerpt">{{ r.excerpt }}</span>
      </li>
    {% endfor %}
    </ol>"""

TRICKY = ["plain", "a & b", '<script>alert("x")</script>', "it's", '"quoted"', "&amp; already", "", "é “curly” ‘marks’"]


@pytest.mark.parametrize("text", TRICKY)
def test_html_escape_is_markupsafe_escape(text):
    assert html_escape(text) == str(escape(text))
    assert html_escape(Markup("<b>kept</b>")) == "<b>kept</b>"
    assert html_escape(42) == "42"


def hostile_record() -> Record:
    body = (
        "Officials said \"the <bridge> & the road\" were 'safe'.\n\n"
        "A source close to the talks said it was “over”, she added.\n\n"
        '"We will see," said Ana "<b>" Díaz on Tuesday.'
    )

    def span(text: str) -> Span:
        start = body.index(text)
        return Span.of(body, start, start + len(text))

    speakers = [
        Speaker(id="sp1", name='Ana "<b>" Díaz', kind="person", role="minister & <chair>", description="x'y"),
        Speaker(id="sp2", name="a source close to the talks", kind="person", anonymous=True, entity_id="person:src"),
    ]
    statements = [
        Statement(
            id="st1",
            type="direct",
            quote=span("the <bridge> & the road"),
            speaker_id="sp1",
            cue=span("said"),
            confidence=0.95,
            date=dt.date(2024, 5, 1),
            date_text="Tuesday",
            outlet="the <Post>",
        ),
        Statement(
            id="st2",
            type="indirect",
            quote=span("it was “over”"),
            speaker_id="sp2",
            confidence=0.31,
            act="belief",
            paragraph=1,
        ),
        Statement(id="7", type="mixed", quote=span("We will see,"), confidence=0.5),
    ]
    return Record(article=Article(id="art&1 x", body=body, title="T"), speakers=speakers, statements=statements)


@pytest.mark.parametrize("pasted", [False, True])
def test_the_list_is_what_the_template_loop_rendered(pasted):
    record = hostile_record()
    rows = statement_rows(record, speaker_colours(record))
    links = {"sp2": '/speakers/person%3Asrc"&'}
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    expected = env.from_string(TEMPLATE_LOOP).render(
        rows=rows, speaker_links=links, article=record.article, pasted=pasted
    )
    got = env.from_string("    <ol>\n{{ statement_list }}    </ol>").render(
        statement_list=statement_list_html(rows, links, record.article.id, pasted)
    )
    assert got == expected
    assert "<script>" not in got and "<b>" not in got and "&#34;&lt;b&gt;&#34;" in got
