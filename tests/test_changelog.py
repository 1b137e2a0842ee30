"""CHANGELOG.md keeps to Keep a Changelog: Unreleased first, dated versions newest first, the standard groups."""

from __future__ import annotations

import datetime as dt
import re

from conftest import REPO

import onrecord

GROUPS = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


def test_changelog_format():
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n") and "keepachangelog.com" in text
    sections = re.findall(r"^## (.+)$", text, flags=re.M)
    assert sections[0] == "[Unreleased]"
    versions = []
    for heading in sections[1:]:
        match = re.fullmatch(r"\[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})", heading)
        assert match, f"version heading {heading!r} is not '[X.Y.Z] - YYYY-MM-DD'"
        versions.append((tuple(map(int, match.group(1).split("."))), dt.date.fromisoformat(match.group(2))))
    assert versions == sorted(versions, reverse=True), "versions must run newest first"
    assert set(re.findall(r"^### (.+)$", text, flags=re.M)) <= GROUPS
    assert f"[{onrecord.__version__}]" in text  # the released version the package says it is
