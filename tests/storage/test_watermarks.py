"""Watermarks live in the archive, one per source and query."""

from __future__ import annotations

from pathlib import Path

from storage.archive import Archive
from storage.watermarks import read_state, state_key, write_state


def test_state_round_trips_and_is_per_query(tmp_path: Path) -> None:
    archive = Archive.open(str(tmp_path))
    query = {"court": "wawd", "q": "order"}
    assert read_state(archive, "courtlistener", query) == {}
    write_state(archive, "courtlistener", query, {"watermark": "2021-01-21T10:00:00Z"})
    assert read_state(archive, "courtlistener", {"q": "order", "court": "wawd"})["watermark"] == "2021-01-21T10:00:00Z"
    assert read_state(archive, "courtlistener", {"court": "wawd"}) == {}


def test_state_keys_are_safe_and_outside_records() -> None:
    key = state_key("../../x", {"q": "a/b"})
    assert key.startswith("state/") and ".." not in key and key.count("/") == 2
