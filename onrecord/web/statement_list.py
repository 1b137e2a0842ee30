"""The article page's list of statements, built in Python rather than in the template.

Each ``<li>`` carries some twenty attributes (the data behind the detail panel), and an article with a
hundred statements made the template interpolate and escape over two thousand values: about 8 ms of the
page's 12 ms. The same markup built here, each value escaped once with the escaping Jinja2 applies
(:func:`~onrecord.web.render.html_escape` is :func:`markupsafe.escape` on a ``str``, without a :class:`Markup` per value), costs
about 1 ms. The output is byte for byte what ``article.html`` rendered before
(``scripts/search_equivalence.py`` compares every article page with a reference checkout).
"""

from __future__ import annotations

from typing import Iterable, Mapping
from urllib.parse import quote_from_bytes

from markupsafe import Markup

from onrecord.web.render import StatementRow, html_escape


def _urlencode(text: str) -> str:
    """Jinja2's ``urlencode`` filter on a string: UTF-8, percent-quoted, ``/`` kept."""
    return quote_from_bytes(text.encode("utf-8"), b"/")


def statement_list_html(
    rows: Iterable[StatementRow], speaker_links: Mapping[str, str], article_id: str, pasted: bool
) -> Markup:
    """The ``<li>`` of each statement row, in order, for the page's ``<ol>`` (each line ends with a newline)."""
    e = html_escape
    out = []
    for r in rows:
        st = r.statement
        related = "" if pasted else "/statements/" + _urlencode(f"{article_id}:{st.id}")
        uncertain_class = ' class="uncertain"' if r.uncertain else ""
        out.append(
            f'      <li id="q-{e(r.anchor)}"{uncertain_class}'
            f'          data-anchor="{e(r.anchor)}"\n'
            f'          data-number="{r.number}"\n'
            f'          data-speaker="{e(r.speaker_name)}"\n'
            f'          data-speaker-id="{e(r.speaker_id)}"\n'
            f'          data-role="{e(r.role)}"\n'
            f'          data-anonymous="{"anonymous" if r.anonymous else "named"}"\n'
            f'          data-description="{e(r.description)}"\n'
            f'          data-type="{e(st.type)}"\n'
            f'          data-cue="{e(r.cue)}"\n'
            f'          data-act="{e(st.act)}"\n'
            f'          data-uncertain="{"yes" if r.uncertain else "no"}"\n'
            f'          data-outlet="{e(st.outlet or "")}"\n'
            f'          data-date="{e(st.date.isoformat() if st.date else "")}"\n'
            f'          data-date-text="{e(st.date_text or "")}"\n'
            f'          data-confidence="{e("%.0f" % (st.confidence * 100))}"\n'
            f'          data-paragraph="{e(r.paragraph if r.paragraph is not None else "")}"\n'
            f'          data-colour="{e(r.colour)}"\n'
            f'          data-speaker-href="{e(speaker_links.get(r.speaker_id, ""))}"\n'
            f'          data-related-href="{e(related)}">\n'
            f'        <a href="#{e(r.anchor)}" class="swatch-link"><span class="swatch {e(r.colour)}" aria-hidden="true">'
            f"</span>{e(r.speaker_name)}</a>\n"
            + (f'<span class="cue-word">{e(r.cue)}</span>' if r.cue else "")
            + ('<span class="badge uncertain-badge">uncertain</span>' if r.uncertain else "")
            + f'        <span class="excerpt">{e(r.excerpt)}</span>\n'
            "      </li>\n"
        )
    return Markup("".join(out))
