"""The CLI root: version, usage errors and exit codes as a shell user sees them (a real subprocess)."""

from __future__ import annotations

import subprocess
import sys

import pytest


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "onrecord", *args], capture_output=True, text=True, timeout=120
    )


def test_version_prints_the_package_version():
    import onrecord

    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"onrecord {onrecord.__version__}"


@pytest.mark.parametrize(
    "args, expected",
    [
        (("extract", "--format", "xml", "examples/article.txt"), "'xml' is not one of"),
        (("extract",), "Missing argument"),
        (("--bogus",), "No such option: --bogus"),
        (("search", "--type", "rumour", "x"), "'rumour' is not one of"),
    ],
)
def test_usage_errors_are_one_message_not_a_traceback(args, expected):
    result = run(*args)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_a_commands_exit_code_reaches_the_shell(tmp_path):
    # `onrecord speaker` on an empty store finds no one: a non-zero exit a script can test for
    result = run("speaker", "Nobody Atall", "--db", str(tmp_path / "empty.db"))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
