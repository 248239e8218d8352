"""What a test needs and this machine lacks: a skip on a developer's machine, a failure under
CI (`CI=true`), which installs everything the tests need."""

from __future__ import annotations

import importlib.util
import os
from typing import NoReturn

import pytest


def missing(message: str, *, module: bool = False) -> NoReturn:
    """Skip the test (the whole module with `module`) saying what is missing; fail under CI."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message, allow_module_level=module)


def require_juriscraper() -> None:
    """Skip the calling test (called at import: its module) without juriscraper, the optional
    `courts` extra; fail under CI."""
    if importlib.util.find_spec("juriscraper") is None:
        missing("juriscraper absent: pip install -e '.[dev,courts]'", module=True)
