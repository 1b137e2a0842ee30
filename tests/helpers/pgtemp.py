"""A throwaway local PostgreSQL cluster, for tests and benchmarks of the PostgreSQL store.

``.ci/run`` starts one and exports ``ONRECORD_TEST_PG_URL``; without it, :func:`temporary_cluster`
starts its own with the server binaries of the Debian ``postgresql`` package (``initdb`` +
``pg_ctl``) in a temporary folder, on a free port of 127.0.0.1, with trust authentication. As root
it runs them as the ``postgres`` user (initdb refuses root), creating that user when missing.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from helpers.served import free_port

ENV_URL = "ONRECORD_TEST_PG_URL"


class Unavailable(RuntimeError):
    """No PostgreSQL server can be had here; the message says why (tests skip with it)."""


def _bin_dir() -> Path:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: [int(x) for x in Path(p).parts[-3].split(".") if x.isdigit()],
    )
    if not found:
        raise Unavailable(
            "no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb): apt-get install postgresql"
        )
    return Path(found[-1]).parent


def _ensure_server_user() -> None:
    if not _user_exists("postgres"):
        made = subprocess.run(["useradd", "-r", "-M", "postgres"], capture_output=True, text=True)
        if made.returncode != 0:
            raise Unavailable(f"running as root and cannot create the postgres user: {made.stderr.strip()}")


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    import shlex

    return ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(cmd)]


@contextmanager
def temporary_cluster() -> Iterator[str]:
    """Start a PostgreSQL cluster for the duration of the ``with``; yields its URL."""
    bindir = _bin_dir()
    tmp = Path(tempfile.mkdtemp(prefix="onrecord-pg-"))
    data, port = tmp / "data", free_port()
    try:
        if os.geteuid() == 0:  # initdb refuses to run as root
            _ensure_server_user()
            shutil.chown(tmp, user="postgres")
        init = _as_server_user(
            [str(bindir / "initdb"), "-D", str(data), "-U", "onrecord", "--auth=trust", "-E", "UTF8"]
        )
        done = subprocess.run(init, capture_output=True, text=True)
        if done.returncode != 0:
            raise Unavailable(f"initdb failed: {done.stderr.strip()[-300:]}")
        start = _as_server_user(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off",
                "-l",
                str(tmp / "log"),
                "-w",
                "start",
            ]
        )
        done = subprocess.run(start, capture_output=True, text=True)
        if done.returncode != 0:
            raise Unavailable(f"pg_ctl start failed: {done.stderr.strip()[-300:]}")
        try:
            yield f"postgresql://onrecord@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run(
                _as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]), capture_output=True
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _user_exists(name: str) -> bool:
    return subprocess.run(["id", "-u", name], capture_output=True).returncode == 0


@contextmanager
def postgres_url() -> Iterator[str]:
    """``$ONRECORD_TEST_PG_URL`` if set, else a :func:`temporary_cluster`'s URL."""
    url = os.environ.get(ENV_URL)
    if url:
        yield url
        return
    with temporary_cluster() as url:
        yield url


def fresh_schema_name(prefix: str = "t") -> str:
    """A new schema name, so that each test module gets an empty database namespace."""
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def drop_schema(url: str, schema: str) -> None:
    """Remove a test schema and everything in it."""
    import sqlalchemy as sa

    from onrecord.store import database_url

    engine = sa.create_engine(database_url(url))
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        engine.dispose()


def pg_available(url: Optional[str] = None) -> bool:
    """True when a server answers at ``url``."""
    import sqlalchemy as sa

    from onrecord.store import database_url

    try:
        engine = sa.create_engine(database_url(url or os.environ[ENV_URL]))
        with engine.connect():
            return True
    except Exception:
        return False
