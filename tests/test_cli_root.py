"""The CLI root: version, usage errors and exit codes as a shell user sees them (a real subprocess)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import unavailable


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "onrecord", *args], capture_output=True, text=True, timeout=120)


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


def test_version_does_not_load_spacy():
    # `onrecord --version` answers at once: importing the CLI must not import spaCy
    code = "import sys; from onrecord.cli import main; sys.argv = ['onrecord', '--version']\ntry:\n    main()\nexcept SystemExit:\n    pass\nprint('spacy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.splitlines() == [f"onrecord {__import__('onrecord').__version__}", "False"]


def _script() -> str:
    from pathlib import Path

    script = Path(sys.executable).with_name("onrecord")
    if not script.exists():
        unavailable("the onrecord console script is not installed beside this Python")
    return str(script)


def test_shell_completion_script_is_shown():
    # The shell is named, not detected: detection reads the parent process (and $SHELL), which a test runner,
    # a tool's sandbox or a CI job need not have. zsh, fish and PowerShell work the same way.
    result = subprocess.run([_script(), "--show-completion", "bash"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "_onrecord_completion" in result.stdout and "_ONRECORD_COMPLETE" in result.stdout


def test_shell_completion_completes_commands_and_choices():
    import os

    def complete(words: str, cword: int) -> list[str]:
        env = dict(os.environ, _ONRECORD_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(cword))
        return subprocess.run([_script()], env=env, capture_output=True, text=True, timeout=120).stdout.split()

    assert complete("onrecord wat", 1) == ["watch"]
    assert complete("onrecord export --format ", 3) == ["jsonl", "csv", "parquet", "duckdb"]
