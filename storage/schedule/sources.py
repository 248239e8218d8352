"""The sources file (`sources.toml`): which spiders a scheduled run crawls, with what
arguments and settings, yield floor and time limit."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SOURCES_ENV = "COURT_ARCHIVE_SOURCES"
DEFAULT_SOURCES = "sources.toml"
_NAME = re.compile(r"[A-Za-z0-9._-]+")


class SourcesError(ValueError):
    """The sources file is missing, not TOML, or names a malformed source."""


@dataclass(frozen=True)
class Source:
    """One configured source: a spider, its arguments and settings, an optional yield floor and
    an optional time limit in seconds."""

    name: str
    spider: str
    args: dict[str, str] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    min_items: int | None = None
    timeout: int | None = None


def load_sources(path: Path) -> list[Source]:
    """The sources of a TOML file, `[sources.NAME]` tables, in file order.

    Raises:
        SourcesError: the file is missing, not TOML, or a source is malformed.
    """
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SourcesError(f"{path}: {exc}") from exc
    tables = config.get("sources")
    if not isinstance(tables, dict) or not tables:
        raise SourcesError(f"{path}: no [sources.NAME] table")
    return [_source(name, table, path) for name, table in tables.items()]


def _source(name: str, table: Any, path: Path) -> Source:
    """One `[sources.NAME]` table.

    Raises:
        SourcesError: a bad name, an unknown key, or a value of the wrong type.
    """
    fields = {"spider": str, "args": dict, "settings": dict, "min_items": int, "timeout": int}
    if not _NAME.fullmatch(name) or not isinstance(table, dict):
        raise SourcesError(f"{path}: source {name!r}: a name of letters, digits, . _ - and a table")
    wrong = [k for k, v in table.items() if k not in fields or not isinstance(v, fields[k])]
    if table.get("timeout", 1) < 1:
        wrong.append("timeout")
    if wrong:
        raise SourcesError(
            f'{path}: source {name!r}: bad {", ".join(wrong)} (expected spider = "NAME", '
            "args = {...}, settings = {...}, min_items = N, timeout = SECONDS)"
        )
    return Source(
        name,
        table.get("spider", name),
        {k: str(v) for k, v in table.get("args", {}).items()},
        {k: str(v) for k, v in table.get("settings", {}).items()},
        table.get("min_items"),
        table.get("timeout"),
    )
