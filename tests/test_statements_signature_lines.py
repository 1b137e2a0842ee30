"""Unit tests for a quotation set as its own line and signed on the line below ("― Mayor Carla Diaz",
"- Ramsey."), :func:`onrecord.statements.uncued._trailing_attribution`, and for curly quotations nested
in curly quotations (“… the “new” span …”), :func:`onrecord.statements.quotes.find_quotes`.

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest

from onrecord.statements.quotes import find_quotes


def _signed(run, text: str):
    statements, speakers = run(text)
    return [(s.quote.text, speakers[s.speaker_id].name if s.speaker_id in speakers else None) for s in statements]


@pytest.mark.parametrize(
    "text, said, name",
    [
        (
            'Debate claims.\n\n"Boeing and other big firms pay zero taxes."\n\n- Ramsey.\n\nFirms dispute this.',
            "Boeing and other big firms pay zero taxes.",
            "Ramsey",
        ),
        (
            "The mayor spoke at length.\n\n“We will rebuild the bridge before winter.”\n\n― Mayor Carla Diaz\n\n"
            "The council voted.",
            "We will rebuild the bridge before winter.",
            "Carla Diaz",
        ),
        (
            '"Great speech. She\'s ready."\n\n-Governor Tom Hale, tweeting after the speech.\n\nNext.',
            "Great speech. She's ready.",
            "Tom Hale",
        ),
    ],
)
def test_a_quotation_line_signed_on_the_next_line_is_the_signers(run, text, said, name):
    assert (said, name) in _signed(run, text)


def test_a_subheading_between_dashes_signs_nothing(run):
    text = "He spoke.\n\n“We will win the county.”\n\n– Ready for the vote –.\n\nThe vote is in May."
    assert all(name != "Ready for the vote" for _, name in _signed(run, text))


def test_a_nested_curly_quotation_stays_inside_its_passage():
    text = "Intro.\n\n“We will rebuild the bridge, and the “new” span will be safer.”\n\nEnd."
    quotes = [text[q.outer_start : q.outer_end] for q in find_quotes(text)]
    assert quotes == ["“We will rebuild the bridge, and the “new” span will be safer.”"]


def test_an_inner_opener_without_marks_enough_to_close_both_is_left_as_before():
    text = "He said “the “new” plan is bad. Later “we lost,” he said."
    quotes = [text[q.outer_start : q.outer_end] for q in find_quotes(text)]
    assert quotes == ["“the “new”", "“we lost,”"]


def test_a_nested_quotation_signed_below_is_the_signers(run):
    text = (
        "The mayor spoke at length.\n\n“We will rebuild the bridge before winter, and the “new” span will be "
        "safer.”\n\n― Mayor Carla Diaz\n\nThe council voted."
    )
    assert any(name == "Carla Diaz" and "safer" in said for said, name in _signed(run, text))
