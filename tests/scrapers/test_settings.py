"""The crawl's settings from the environment: yes/no values read one way, units in the names."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType

import pytest

from scrapers import settings


@pytest.fixture
def reload(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The settings module, to be re-read after the test changes the environment."""
    yield settings
    monkeypatch.undo()
    importlib.reload(settings)


@pytest.mark.parametrize(
    ("value", "on"),
    [
        ("false", False),
        ("No", False),
        ("0", False),
        ("off", False),
        ("TRUE", True),
        ("yes", True),
        ("1", True),
        ("", True),
    ],
)
def test_ocr_switch_reads_true_false_1_0_yes_no(
    reload: ModuleType, monkeypatch: pytest.MonkeyPatch, value: str, on: bool
) -> None:
    monkeypatch.setenv("COURT_ARCHIVE_OCR", value)
    assert importlib.reload(reload).COURT_ARCHIVE_OCR is on


def test_anything_else_is_a_clear_error(reload: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURT_ARCHIVE_UPDATE_CATALOG", "maybe")
    with pytest.raises(ValueError, match="COURT_ARCHIVE_UPDATE_CATALOG='maybe': expected 1/0, true/false"):
        importlib.reload(reload)


def test_an_old_name_still_works_with_a_warning(reload: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURT_ARCHIVE_REDIS_IDLE", "2")
    with pytest.warns(
        FutureWarning, match="COURT_ARCHIVE_REDIS_IDLE is deprecated: set COURT_ARCHIVE_REDIS_IDLE_SECONDS"
    ):
        assert importlib.reload(reload).COURT_ARCHIVE_REDIS_IDLE_SECONDS == 2.0
    monkeypatch.setenv("COURT_ARCHIVE_REDIS_IDLE_SECONDS", "3")
    assert importlib.reload(reload).COURT_ARCHIVE_REDIS_IDLE_SECONDS == 3.0
