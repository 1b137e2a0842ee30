"""Rich tables for :class:`~onrecord.eval.DatasetResult` (the JSON form is ``as_dict()``)."""

from __future__ import annotations

from typing import Optional

from rich.console import Console
from rich.table import Table

from onrecord.eval import TYPES, DatasetResult
from onrecord.eval.scoring import Counts


def pct(value: Optional[float]) -> str:
    return "—" if value is None else f"{100 * value:.1f}"


def _triple(c: Counts, kind: str) -> str:
    return "/".join(pct(v) for v in c.prf(kind))


def _score_cells(c: Counts) -> list[str]:
    return [
        _triple(c, "exact"),
        _triple(c, "overlap"),
        pct(c.speaker_acc),
        pct(c.cue_acc),
        str(c.n_gold),
        str(c.n_pred),
    ]


def _score_table(title: str) -> Table:
    table = Table(title=title, title_justify="left", header_style="bold")
    table.add_column("system")
    table.add_column("exact P/R/F1", justify="right")
    table.add_column("overlap P/R/F1", justify="right")
    table.add_column("speaker", justify="right")
    table.add_column("cue", justify="right")
    table.add_column("gold", justify="right")
    table.add_column("pred", justify="right")
    return table


def overall_table(result: DatasetResult) -> Table:
    table = _score_table(f"{result.name}: {result.n_docs} documents, all quote types (%)")
    table.add_column("failed docs", justify="right")
    for s in result.systems:
        table.add_row(_name(s), *_score_cells(s.counts), str(s.failed_docs))
    return table


def direct_table(result: DatasetResult) -> Table:
    table = _score_table(f"{result.name}: direct only (gold direct vs predictions typed direct, %)")
    for s in result.systems:
        table.add_row(_name(s), *_score_cells(s.direct))
    return table


def type_table(result: DatasetResult) -> Table:
    """Per gold type: recall and speaker accuracy of the all-types matching, and P/R/F1 when gold of the
    type is matched only against predictions of the same type."""
    table = Table(
        title=f"{result.name}: per quote type (%)",
        title_justify="left",
        header_style="bold",
        caption="R any / speaker: matched by a prediction of any type; typed: against predictions of that type only",
    )
    for col in ("type", "system", "gold", "R any", "speaker", "typed P/R/F1", "pred"):
        table.add_column(col, justify="left" if col in ("type", "system") else "right")
    for qtype in TYPES:
        if not any(qtype in s.by_gold_type or qtype in s.by_type for s in result.systems):
            continue
        for i, s in enumerate(result.systems):
            g = s.by_gold_type.get(qtype, Counts())
            typed = s.by_type.get(qtype, Counts())
            table.add_row(
                qtype if i == 0 else "",
                _name(s),
                str(g.n_gold),
                pct(g.prf("overlap")[1]),
                pct(g.speaker_acc),
                _triple(typed, "overlap"),
                str(typed.n_pred),
                end_section=i == len(result.systems) - 1,
            )
    return table


def reliability_table(result: DatasetResult, system) -> Table:
    """Confidence bins of one system against the share of its predictions that are right."""
    rel = system.reliability
    ece = rel.ece()
    high = rel.at_least()
    table = Table(
        title=f"{result.name}: {system.name} confidence reliability (right = span matched and speaker right)",
        title_justify="left",
        header_style="bold",
        caption=f"ECE {ece:.3f} · at confidence ≥ {high['threshold']:.1f}: {high['n']} predictions, "
        f"right {pct(high['precision_right'])}%, span precision {pct(high['precision_span'])}%, "
        f"covering {pct(high['gold_coverage'])}% of gold",
    )
    for col in ("confidence", "predictions", "mean confidence", "right %", "gap"):
        table.add_column(col, justify="left" if col == "confidence" else "right")
    for b in rel.bins():
        if not b.n:
            continue
        table.add_row(
            f"{b.lo:.1f}–{b.hi:.1f}",
            str(b.n),
            f"{b.mean_confidence:.3f}",
            pct(b.precision),
            f"{b.mean_confidence - b.precision:+.3f}",
        )
    return table


def _name(s) -> str:
    return s.name if s.is_peer or s.name == "onrecord" else f"{s.name}*"


def print_result(console: Console, result: DatasetResult, *, errors: bool = False) -> None:
    for problem in result.problems:
        console.print(f"[yellow]gold problem:[/] {problem}", highlight=False, soft_wrap=True)
    for note in result.notes:
        console.print(f"[yellow]note:[/] {note}", highlight=False)
    console.print(overall_table(result))
    console.print(direct_table(result))
    console.print(type_table(result))
    for s in result.systems:
        if s.reliability:
            console.print(reliability_table(result, s))
    timing = ", ".join(f"{s.name} {s.seconds:.1f} s" for s in result.systems)
    console.print(
        f"[dim]shared spaCy parse {result.parse_seconds:.1f} s; extraction on top of it: {timing}. "
        "* = labelled baseline, not a peer. Rules: docs/evaluation.md[/]",
        highlight=False,
    )
    if errors:
        print_errors(console, result)


def print_errors(console: Console, result: DatasetResult) -> None:
    for s in result.systems:
        console.rule(f"{result.name}: errors of {s.name}")
        for doc in s.errors:
            console.print(f"[bold]{doc.doc_id}[/]", highlight=False)
            if doc.failure:
                console.print(f"  [red]failed:[/] {doc.failure}", highlight=False, soft_wrap=True)
            for line in doc.missed:
                console.print(f"  [red]missed[/]  {line}", highlight=False, soft_wrap=True)
            for line in doc.false_positives:
                console.print(f"  [yellow]extra[/]   {line}", highlight=False, soft_wrap=True)
            for line in doc.wrong_speaker:
                console.print(f"  [magenta]speaker[/] {line}", highlight=False, soft_wrap=True)
            for line in doc.boundaries:
                console.print(f"  [cyan]bounds[/]  {line}", highlight=False, soft_wrap=True)
