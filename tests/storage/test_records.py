"""Record ids and keys stay inside the archive whatever a source sends."""

from __future__ import annotations

import pytest

from storage.records import MAX_KEY_PART, record_id, safe_key_part


def test_plain_ids_are_kept() -> None:
    assert record_id("scotus", "22pdf-600us1r58_7khn") == "scotus/22pdf-600us1r58_7khn"


@pytest.mark.parametrize(
    "hostile", ["../../etc/passwd", "..", "a/b\\c", "nul\x00byte", "x" * 500, "", "Parler v. Amazon: ORDER"]
)
def test_hostile_ids_become_one_safe_segment(hostile: str) -> None:
    part = safe_key_part(hostile)
    assert part and len(part) <= MAX_KEY_PART
    assert "/" not in part and "\\" not in part and "\x00" not in part
    assert not part.startswith(".")


def test_different_hostile_ids_do_not_collide() -> None:
    assert safe_key_part("a/b") != safe_key_part("a:b")
    assert safe_key_part("x" * 500) != safe_key_part("x" * 499)


def test_missing_court_is_named_unknown() -> None:
    assert record_id(None, "doc") == "unknown/doc"
