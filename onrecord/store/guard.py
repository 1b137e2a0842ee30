"""The store's boundary with its database: what may go in, what a failure means, who may write when.

* **Text in**: PostgreSQL cannot hold a NUL character in text. Every string sent to the database, in a
  write or in a query (``?speaker=%00``), has its NULs replaced by U+FFFD, on both back ends so that they
  store the same thing. One character for one keeps every offset into a body right.
* **Failures out**: a full disk, a read-only or corrupted file, a lock held too long are the database's
  state, not the input's: they become one :class:`~onrecord.errors.StoreError` line naming ``--db`` and
  what to do, instead of a driver traceback. Anything else (a constraint, a value the driver refuses) is
  about one item, and stays the driver's exception for the caller to log against that item.
* **Writers**: a write transaction starts by taking the database's write lock (SQLite ``BEGIN
  IMMEDIATE``, PostgreSQL a transaction advisory lock), so that what it reads before writing (the state
  of the speaker and duplicate indexes) is still true when it commits. A whole ingest run also holds a
  run lock (a lock file beside a SQLite file, a session advisory lock on PostgreSQL): a second ingest
  waits for the first to finish, then finds everything already stored.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Callable, Iterator, Optional

import sqlalchemy as sa

from onrecord.errors import InputError, StoreBusy, StoreError

NUL, REPLACEMENT = "\x00", "\ufffd"
# PostgreSQL advisory locks are per database: each is keyed (kind, hash of the schema), so that stores
# in different schemas of one database do not wait for each other.
WRITE_LOCK_KIND, RUN_LOCK_KIND = 1869509221, 1869509222

# SQLite's messages (sqlite3.OperationalError / DatabaseError) and what to tell the user for each.
_SQLITE_PROBLEMS = (
    (
        "readonly database",
        "the database is read-only; check the permissions of the file, of its -wal and -shm "
        "files and of its folder, or work on a writable copy",
    ),
    (
        "database or disk is full",
        "the disk is full (or the database reached its size limit); free some space and "
        "run the same command again (committed batches are kept)",
    ),
    ("disk i/o error", "disk I/O error; is the disk full, removed or failing?"),
    (
        "database disk image is malformed",
        "the database file is corrupted; restore it from a backup, or ingest again into a new file",
    ),
    (
        "file is not a database",
        "the file is not a SQLite database (or is corrupted); give another --db, or restore it from a backup",
    ),
    ("unable to open database file", "cannot open the database file; does its folder exist, and may you write there?"),
)
# PostgreSQL SQLSTATE codes (classes by their first two characters) of the same kinds of trouble.
_PG_PROBLEMS = {
    "53100": "the server's disk is full; free some space and run the same command again (committed batches are kept)",
    "53": "the server is out of resources (memory, connections); try again later",
    "25006": "the database is read-only (a standby, or a read-only transaction); connect to the primary",
    "42501": "permission denied; the database user may not write here",
    "XX001": "the database is corrupted (data_corrupted); restore it from a backup",
    "XX002": "the database is corrupted (index_corrupted); REINDEX, or restore it from a backup",
}


def log_row(source: Optional[str], raw_sha256: Optional[str], reason: str) -> tuple[str, Optional[str], str]:
    """An ingest-log row any database accepts: valid Unicode (names may carry escaped bytes), one line."""
    from onrecord.ingest.validate import shown_text

    lines = shown_text(str(reason)).strip().splitlines() or ["(no reason given)"]
    return shown_text(str(source or "?")), raw_sha256, lines[0][:1000]


def item_problem(exc: Exception) -> str:
    """One line on why one item could not be written: the driver's own message, not SQLAlchemy's notes."""
    if isinstance(exc, InputError):
        return exc.problem
    cause = getattr(exc, "orig", None) or exc
    lines = str(cause).strip().splitlines() or [""]
    return f"{type(cause).__name__}: {lines[0]}"[:500]


def without_nul(value):
    return value.replace(NUL, REPLACEMENT) if isinstance(value, str) and NUL in value else value


def _clean_parameters(parameters, executemany: bool):
    if executemany and isinstance(parameters, (list, tuple)):
        return type(parameters)(_clean_parameters(p, False) for p in parameters)
    if isinstance(parameters, dict):
        return (
            {k: without_nul(v) for k, v in parameters.items()}
            if any(isinstance(v, str) and NUL in v for v in parameters.values())
            else parameters
        )
    if isinstance(parameters, (list, tuple)):
        return (
            type(parameters)(without_nul(v) for v in parameters)
            if any(isinstance(v, str) and NUL in v for v in parameters)
            else parameters
        )
    return parameters


def problem_of(exc: BaseException, dialect: str) -> Optional[str]:
    """What the database's state is when ``exc`` says it cannot work at all (full, read-only...), else None."""
    orig = getattr(exc, "orig", None) or exc
    if dialect == "sqlite":
        text = str(orig).lower()
        # SQLite's own result code, where Python gives it (3.11+), says it plainly; else its message does.
        code = (getattr(orig, "sqlite_errorname", None) or "").split("_")[1:2]
        text = {
            "CORRUPT": "database disk image is malformed",
            "NOTADB": "file is not a database",
            "FULL": "database or disk is full",
            "READONLY": "readonly database",
        }.get(code[0] if code else "", text)
        if "database is locked" in text or "database table is locked" in text:
            return "LOCKED"
        return next((problem for needle, problem in _SQLITE_PROBLEMS if needle in text), None)
    code = getattr(orig, "sqlstate", None) or ""
    return _PG_PROBLEMS.get(code) or _PG_PROBLEMS.get(code[:2])


def install(engine: sa.Engine, shown: str) -> None:
    """Put the boundary's two rules (no NUL in, one-line errors out) on ``engine``; ``shown`` names --db."""
    dialect = engine.dialect.name

    @sa.event.listens_for(engine, "before_cursor_execute", retval=True)
    def _no_nul(conn, cursor, statement, parameters, context, executemany):
        return statement, _clean_parameters(parameters, executemany)

    @sa.event.listens_for(engine, "handle_error")
    def _one_line(context):
        problem = problem_of(context.original_exception, dialect)
        if problem == "LOCKED":
            raise StoreBusy(
                f"--db {shown}: another process holds the database's write lock (an ingest?); "
                "try again when it has finished"
            ) from None
        if problem:
            raise StoreError(f"--db {shown}: {problem}") from None


def _schema_key():
    return sa.func.hashtext(sa.func.current_schema())


def begin_write(conn: sa.Connection) -> None:
    """Take the database's write lock at the start of ``conn``'s transaction (waits for another writer's commit)."""
    if conn.dialect.name == "sqlite":
        # pysqlite has not begun a transaction yet (it does so before the first INSERT): begin it ourselves,
        # IMMEDIATE, so that the lock is taken now, within the busy timeout, not half-way through the writes.
        # (A driver that has begun one already, as Python 3.12's autocommit=False does, takes it at the first write.)
        if not getattr(conn.connection.dbapi_connection, "in_transaction", False):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(WRITE_LOCK_KIND, _schema_key())))


def check_writable(store) -> None:
    """Raise the one-line :class:`StoreError` now, before a long run, when ``store`` cannot take writes."""
    with store.engine.begin() as conn:
        begin_write(conn)
        conn.rollback()


def state_of(conn: sa.Connection, articles: sa.Table) -> tuple:
    """A cheap token of what is stored (one index lookup): it changes whenever another writer adds an
    article, and speakers, aliases and outlets are only ever added with an article; nothing is deleted."""
    return tuple(conn.execute(sa.select(sa.func.max(articles.c.pk))).one())


@contextlib.contextmanager
def run_lock(store, on_wait: Optional[Callable[[str], None]] = None, poll: float = 0.5) -> Iterator[None]:
    """Hold ``store``'s ingest run lock for the ``with`` block, waiting (and saying so, once) while another run holds it."""
    if store.dialect == "sqlite":
        path = store.url[len("sqlite:///") :].split("?", 1)[0]
        if not path or path == ":memory:" or path.startswith("file:"):
            yield
            return
        with _file_lock(Path(path + ".ingest-lock"), store, on_wait, poll):
            yield
        return
    with store.engine.connect() as conn:
        got = conn.execute(sa.select(sa.func.pg_try_advisory_lock(RUN_LOCK_KIND, _schema_key()))).scalar()
        if not got:
            if on_wait:
                on_wait(f"another ingest is writing to {store!r}; waiting for it to finish (Ctrl-C to stop)")
            conn.execute(sa.select(sa.func.pg_advisory_lock(RUN_LOCK_KIND, _schema_key())))
        conn.commit()
        try:
            yield
        finally:
            try:
                conn.execute(sa.select(sa.func.pg_advisory_unlock(RUN_LOCK_KIND, _schema_key())))
                conn.commit()
            except (sa.exc.DBAPIError, StoreError):
                conn.invalidate()  # a broken connection: closing it releases the lock, and the run's own error shows


@contextlib.contextmanager
def _file_lock(path: Path, store, on_wait, poll: float) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # no flock (Windows): the write transactions alone keep the database consistent
        yield
        return
    try:
        fh = open(path, "a+b")
    except OSError as exc:
        # A folder we may not write to: the writes will fail the same way, with their own one-line error.
        if isinstance(exc, PermissionError) or exc.errno in (30,):  # EROFS
            yield
            return
        raise StoreError(
            f"--db {path.with_suffix('')}: cannot create the ingest lock file {path} ({exc.strerror})"
        ) from None
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait(
                    f"another ingest is writing to {path.name[: -len('.ingest-lock')]}; waiting for it to finish (Ctrl-C to stop)"
                )
            while True:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    time.sleep(poll)  # polled, not blocking, so that Ctrl-C stops the wait at once
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
