"""`onrecord extract` and `onrecord schema`, and the terminal report they print."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from onrecord.cli import main
from onrecord.ingest import load_article
from onrecord.model import Mention, Record, Span, Speaker, Statement, record_json_schema
from onrecord.report import QUOTE_STYLE, group_by_speaker, quote_in_paragraph, render_record

REPO = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(argv))
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return info.value.code or 0, out, err


def test_version_in_a_new_process():
    done = subprocess.run([sys.executable, "-m", "onrecord", "--version"], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("onrecord ")


def test_help_has_examples(capsys):
    code, out, _ = run(capsys, "extract", "--help")
    assert code == 0
    for text in ("PATH|URL|-", "--format", "--published", "--keep-all", "--max-bytes", "--timeout", "Examples"):
        assert text in out


BAD_INPUTS = {
    "missing.txt": (None, "no such file"),
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b" \n\n\t\n", "empty file"),
    "binary.txt": (b"\x00\x01\x02" * 100, "binary file"),
    "broken.txt": ("caf\u00e9 \u201cquoted\u201d ".encode() + b"\xff\xfe", "undecodable"),
}


@pytest.mark.parametrize("name", [*BAD_INPUTS, "no_article.html"])
def test_bad_input_is_one_line_and_a_non_zero_exit(tmp_path, capsys, name):
    if name == "no_article.html":
        path, problem = FIXTURES / name, "no article text"
    else:
        (data, problem), path = BAD_INPUTS[name], tmp_path / name
        if data is not None:
            path.write_bytes(data)
    code, out, err = run(capsys, "extract", str(path))
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and problem in lines[0] and str(path) in lines[0], err
    assert "Traceback" not in err


def test_size_limit_flag(tmp_path, capsys):
    path = tmp_path / "story.txt"
    path.write_text("Headline\n\n" + "The council met and voted. " * 20, encoding="utf-8")
    code, _, err = run(capsys, "extract", str(path), "--max-bytes", "100", "--format", "json")
    assert code == 2 and "--max-bytes" in err


def test_bad_published_date(seed_path, capsys):
    code, _, err = run(capsys, "extract", str(seed_path), "--published", "31/05/2024")
    assert code == 2 and "YYYY-MM-DD" in err


def test_unreachable_url(capsys):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code, _, err = run(capsys, "extract", f"http://127.0.0.1:{port}/story", "--timeout", "2")
    assert code == 2 and "cannot connect" in err and "Traceback" not in err


def test_schema_command(capsys):
    code, out, _ = run(capsys, "schema")
    assert code == 0 and json.loads(out) == record_json_schema()


def test_seed_json(seed_path, seed_gold, capsys):
    """The issue's acceptance check: title, date and exactly the seven non-body lines, from the CLI."""
    code, out, _ = run(capsys, "extract", str(seed_path), "--format", "json")
    assert code == 0
    record = Record.model_validate_json(out)
    article = record.article
    assert article.title == seed_gold["title"]
    assert article.published.isoformat() == seed_gold["published"]
    assert article.published_method.value == "text"
    assert [r.text for r in article.removed] == seed_gold["not_body_text"]
    assert all(r.reason for r in article.removed)
    assert article.raw_text() == seed_path.read_text(encoding="utf-8")


def test_jsonl_is_one_line_and_keep_all(seed_path, capsys):
    code, out, _ = run(
        capsys, "extract", str(seed_path), "--format", "jsonl", "--keep-all", "--published", "2024-06-01"
    )
    assert code == 0 and out.count("\n") == 1
    article = json.loads(out)["article"]
    assert article["removed"] == [] and article["published"] == "2024-06-01" and article["published_method"] == "user"


def test_stdin(monkeypatch, capsys):
    text = "Ferry Returns\n\nThe ferry returned to service on Monday, the operator said.\n\nAP Photo/Jane Roe\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    code, out, _ = run(capsys, "extract", "-", "--format", "json")
    article = json.loads(out)["article"]
    assert code == 0 and article["source"] == "<stdin>" and article["title"] == "Ferry Returns"
    assert [r["text"] for r in article["removed"]] == ["AP Photo/Jane Roe"]


def test_text_report(seed_path, capsys):
    code, out, _ = run(capsys, "extract", str(seed_path))
    assert code == 0
    flat = " ".join(out.split())
    assert "Joe Biden Gives Ukraine Permission" in flat
    assert "2024-05-31 (text" in flat
    assert "[photo_credit] AP Photo/Evan Vucci" in flat
    assert "[comments_footer] COMMENTS" in flat
    assert "Statements by speaker" in flat


# --- the report, on records built by hand -----------------------------------------------------------------


def _record() -> Record:
    article = load_article(
        "Vote Passes\n\n"
        "The council approved the wall on Tuesday. “We have studied this wall to death,” Mayor Teresa Alvarado "
        "told reporters. “Now we build it.”\n\n"
        "A finance official, who asked not to be named, said the wall would be paid for with bonds.\n",
        source_name="hand.txt",
    )
    body = article.body

    def span(text: str, after: int = 0) -> Span:
        start = body.index(text, after)
        return Span.of(body, start, start + len(text))

    mayor = Speaker(
        id="sp1", name="Teresa Alvarado", kind="person", role="Mayor",
        mentions=[Mention(**span("Mayor Teresa Alvarado").model_dump(), kind="name")],
    )  # fmt: skip
    official = Speaker(
        id="sp2", name="A finance official", kind="person", anonymous=True, description="A finance official"
    )
    q1, q2 = span("We have studied this wall to death,"), span("Now we build it.")
    statements = [
        Statement(
            id="st2", type="indirect", quote=span("the wall would be paid for with bonds"), cue=span("said", body.index("finance")),
            speaker_id="sp2", speaker_mention=span("A finance official"), confidence=0.8,
        ),
        Statement(
            id="st1", type="direct", quote=Span.of(body, q1.start, q2.end), fragments=[q1, q2], cue=span("told"),
            speaker_id="sp1", speaker_mention=span("Mayor Teresa Alvarado"), outlet="reporters",
            date=article.published, confidence=0.95,
        ),
        Statement(id="st3", type="direct", quote=span("The council approved the wall"), confidence=0.2),
    ]  # fmt: skip
    return Record(article=article, speakers=[mayor, official], statements=statements)


def test_report_groups_statements_by_speaker():
    groups = group_by_speaker(_record())
    assert [(sp.name if sp else None, [s.id for s in sts]) for sp, sts in groups] == [
        ("Teresa Alvarado", ["st1"]),
        ("A finance official", ["st2"]),
        (None, ["st3"]),
    ]


def test_report_text():
    console = Console(record=True, width=100, color_system=None)
    render_record(_record(), console)
    text = console.export_text()
    assert "Vote Passes" in text and "hand.txt" in text
    assert "Teresa Alvarado  Mayor · person" in text
    assert "A finance official  person · anonymous" in text
    assert "Unattributed" in text
    assert "cue told" in text and "to reporters" in text and "confidence 0.95" in text
    assert text.index("Teresa Alvarado") < text.index("A finance official") < text.index("Unattributed")


def test_quote_is_highlighted_inside_its_paragraph():
    record = _record()
    st = next(s for s in record.statements if s.id == "st1")
    shown = quote_in_paragraph(record.article, st)
    assert shown.plain.startswith("The council approved the wall on Tuesday.")
    highlighted = sorted(shown.plain[s.start : s.end] for s in shown.spans if s.style == QUOTE_STYLE)
    assert highlighted == ["Now we build it.", "We have studied this wall to death,"]


def test_report_does_not_read_page_data_as_markup():
    record = _record()
    record.article.outlet = "[bold]Ledger[/bold]"
    console = Console(record=True, width=100, color_system=None)
    render_record(record, console)
    assert "[bold]Ledger[/bold]" in console.export_text()


def test_non_english_article_is_extracted_with_its_language_reported(tmp_path, capsys):
    path = tmp_path / "noticia.txt"
    path.write_text(
        "El ayuntamiento aprueba el dique\n\n"
        "El pleno del ayuntamiento aprobó el martes la construcción de un dique de hormigón junto al puerto. "
        "“Es una promesa cumplida”, dijo la alcaldesa a los periodistas.\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "extract", str(path), "--format", "json")
    article = json.loads(out)["article"]
    assert code == 0 and article["language"] == "es" and article["language_confidence"] > 0.5


def test_an_empty_folder_extracts_nothing(tmp_path, capsys):
    code, out, _ = run(capsys, "extract", str(tmp_path), "--format", "jsonl")
    assert code == 0 and out == ""  # folders are many-input runs now (tests/test_cli_many.py)
