"""``onrecord extract`` over many inputs: paths, globs and folders in one process.

spaCy is loaded once and the articles are parsed in batches; each record is written as soon as its
batch is done (``--format jsonl``: one record a line; ``csv``: one statement a row, the columns of
:data:`onrecord.flat.STATEMENT_COLUMNS`; ``text``: the reports one after another). A progress bar
goes to stderr. An input that cannot be read (or whose extraction fails) is one line on stderr and the
run goes on; the exit status is non-zero at the end when any input failed.
"""

from __future__ import annotations

import csv
import glob
import json
import sys
from pathlib import Path
from typing import Callable, Iterator, Optional

from rich.console import Console
from rich.text import Text

from onrecord.errors import ConfigError, InputError, OnrecordError
from onrecord.flat import STATEMENT_COLUMN_NAMES
from onrecord.ingest import IngestItem, iter_items, load_article
from onrecord.ingest.formats import KNOWN_EXTENSIONS, MANY_ARTICLE_EXTENSIONS, file_format
from onrecord.ingest.read import is_url
from onrecord.model import Record

GLOB_CHARS = set("*?[")
# MANY_ARTICLE_EXTENSIONS: files that hold many articles each (the table's ``many`` rows). With one of these
# among the inputs, the number of articles is not known before they are read, and the progress bar counts
# without a total.


def is_glob(value: str) -> bool:
    return bool(GLOB_CHARS & set(value)) and not Path(value).exists()


def needs_many(sources: list[str]) -> bool:
    """Whether ``extract`` runs over many inputs: more than one, a folder, a glob pattern, or one file of a
    format that holds many articles (a JSONL corpus, a feed, a WARC file: the formats table says)."""
    if len(sources) != 1 or is_glob(sources[0]):
        return True
    source = sources[0]
    if source == "-" or is_url(source):
        return False
    path = Path(source)
    return path.is_dir() or (path.is_file() and file_format(path).many)


def expand(sources: list[str]) -> tuple[list[str], list[str]]:
    """The inputs behind ``sources`` (globs expanded, sorted; folders and files as given) and the errors
    of the patterns that match nothing."""
    inputs, errors = [], []
    for source in sources:
        if source == "-" or is_url(source) or not is_glob(source):
            inputs.append(source)
            continue
        matches = sorted(glob.glob(source, recursive=True))
        if matches:
            inputs.extend(matches)
        else:
            errors.append(f"{source}: no file matches this pattern")
    return inputs, errors


def count_articles(inputs: list[str]) -> Optional[int]:
    """How many articles ``inputs`` hold, when that is known from their names alone (one a file)."""
    total = 0
    for source in inputs:
        path = Path(source)
        if source == "-" or is_url(source) or path.is_file():
            if source.lower().endswith(MANY_ARTICLE_EXTENSIONS):
                return None
            total += 1
        elif path.is_dir():
            for file in path.rglob("*"):
                parts = file.relative_to(path).parts
                if any(p.startswith(".") for p in parts) or not file.name.lower().endswith(KNOWN_EXTENSIONS):
                    continue
                if file.name.lower().endswith(MANY_ARTICLE_EXTENSIONS):
                    return None
                total += file.is_file()
        else:
            total += 1  # a missing path: one error line
    return total


def items_of(inputs: list[str], *, keep_all: bool, max_bytes: int, timeout: float) -> Iterator[IngestItem]:
    """The items of every input, in order; ``-`` is read from stdin."""
    for source in inputs:
        if source == "-":
            try:
                article = load_article("-", keep_all=keep_all, max_bytes=max_bytes, timeout=timeout)
            except OnrecordError as exc:
                problem = exc.problem if isinstance(exc, InputError) else str(exc)
                yield IngestItem(source="<stdin>", error=problem)
                continue
            yield IngestItem(source="<stdin>", article=article)
        else:
            yield from iter_items([source], keep_all=keep_all, max_bytes=max_bytes, timeout=timeout)


class Writer:
    """Writes records to ``out`` in one format, as they come."""

    def __init__(self, fmt: str, out=None, console: Optional[Console] = None):
        self.fmt, self.out = fmt, out or sys.stdout
        self._csv = None
        self.console = console

    def write(self, record: Record) -> None:
        if self.fmt == "jsonl":
            self.out.write(json.dumps(record.model_dump(mode="json"), ensure_ascii=False) + "\n")
        elif self.fmt == "csv":
            if self._csv is None:
                self._csv = csv.DictWriter(self.out, fieldnames=STATEMENT_COLUMN_NAMES, lineterminator="\n")
                self._csv.writeheader()
            for row in record.statement_rows():
                self._csv.writerow({k: ("" if v is None else v) for k, v in row.items()})
        else:
            from onrecord.report import render_record

            render_record(record, self.console or Console(file=self.out))
        self.out.flush()


def extract_many(
    sources: list[str],
    *,
    fmt: str,
    keep_all: bool,
    max_bytes: int,
    timeout: float,
    published: Optional[str] = None,
    err_console: Optional[Console] = None,
    extractor=None,
) -> int:
    """Run extraction over every input of ``sources``; returns the number of inputs that failed."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    if fmt == "json":
        raise ConfigError(
            "--format json prints one record; for many inputs use --format jsonl "
            "(one record a line) or --format csv (one statement a row)"
        )
    if sources.count("-") > 1:
        raise ConfigError("stdin (-) can be read once only")
    err_console = err_console or Console(stderr=True)
    fix_date = _date_setter(published)
    inputs, pattern_errors = expand(sources)
    failed = 0

    def report(line: str) -> None:
        nonlocal failed
        failed += 1
        # Text, not markup: a file name such as "[draft].txt" is data
        progress.console.print(Text.assemble(("error:", "bold red"), " ", line), highlight=False, soft_wrap=True)

    if extractor is None:
        from onrecord.pipeline import Extractor

        extractor = Extractor()
    writer = Writer(fmt)
    with Progress(
        SpinnerColumn(),
        TextColumn("extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("inputs"),
        TimeElapsedColumn(),
        console=err_console,
        transient=False,
    ) as progress:
        task = progress.add_task("extract", total=count_articles(inputs))
        for line in pattern_errors:
            report(line)
        articles = []
        for item in items_of(inputs, keep_all=keep_all, max_bytes=max_bytes, timeout=timeout):
            if not item.ok:
                report(f"{item.source}: {item.error}")
                progress.advance(task)
                continue
            articles.append(fix_date(item.article))
            if len(articles) >= extractor.batch_size:
                _run_batch(extractor, articles, writer, report, lambda: progress.advance(task))
                articles = []
        _run_batch(extractor, articles, writer, report, lambda: progress.advance(task))
    return failed


def _date_setter(published: Optional[str]) -> Callable:
    """What --published does to each article (checked once, before anything is read)."""
    if published is None:
        return lambda article: article
    from onrecord.ingest.published import parse_date, set_published
    from onrecord.model import DateMethod

    if parse_date(published) is None:
        raise ConfigError(f"{published}: not a date; give the publication date as YYYY-MM-DD")

    def fix(article):
        set_published(article, published, DateMethod.user, 1.0, "given by the user")
        return article

    return fix


def _run_batch(extractor, articles: list, writer: Writer, report: Callable, advance: Callable) -> None:
    """Extract and write one batch; when the batch fails, go article by article to find the one that does."""
    if not articles:
        return
    try:
        records = list(extractor.pipe(articles))
    except Exception:  # noqa: BLE001 - one bad article must not lose the batch: isolate it below
        records = None
    if records is not None:
        for record in records:
            writer.write(record)
            advance()
        return
    for article in articles:
        try:
            record = extractor.process(article)
        except Exception as exc:  # noqa: BLE001 - reported as one line, and the run goes on
            report(f"{article.source}: extraction failed ({exc.__class__.__name__}: {exc})")
        else:
            writer.write(record)
        advance()
