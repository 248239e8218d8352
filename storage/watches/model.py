"""A watch: its name, the filters a document must pass, and the channels it is delivered to."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

CHANNELS = ("webhook", "email", "atom")
# The webhook channel's HMAC secret is read from here where crawls run (storage.watches.webhook).
SECRET_ENV = "COURT_ARCHIVE_WEBHOOK_SECRET"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_ADDRESS = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+")


class WatchError(ValueError):
    """A watch that cannot be made as asked: a bad name, filter or channel."""


def check_name(name: str) -> str:
    """`name` if it can name a watch (and its feed file).

    Raises:
        WatchError: not 1 to 64 letters, digits, `.`, `_` or `-`, starting with a letter or digit.
    """
    if not _NAME.fullmatch(name):
        raise WatchError(
            f"{name!r} cannot name a watch: 1 to 64 letters, digits, . _ -, starting with a letter or digit"
        )
    return name


@dataclass(frozen=True)
class WatchFilters:
    """What a document must be to match: each list is any-of, the lists all-of; empty: no limit.

    `query` is an FTS5 query over the text, key quotes and metadata, as `courtarchive search`
    takes it; `judges`, `dockets` and `case_names` match a part of the field, case aside;
    `bad_redactions`: only documents with a box over words still in the PDF's text layer.
    """

    query: str | None = None
    courts: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    filed_by: tuple[str, ...] = ()
    dispositions: tuple[str, ...] = ()
    judges: tuple[str, ...] = ()
    dockets: tuple[str, ...] = ()
    case_names: tuple[str, ...] = ()
    bad_redactions: bool = False

    def describe(self) -> str:
        """The filters in one line, as a user would type them."""
        parts = [f"search {self.query!r}"] if self.query else []
        for name, values in (
            ("court", self.courts),
            ("type", self.types),
            ("filed-by", self.filed_by),
            ("disposition", self.dispositions),
            ("judge", self.judges),
            ("docket", self.dockets),
            ("case", self.case_names),
        ):
            parts += [f"{name}={value}" for value in values]
        parts += ["bad-redactions"] if self.bad_redactions else []
        return " ".join(parts) or "every document"


@dataclass(frozen=True)
class Channels:
    """Where a watch's documents go: a webhook URL, email addresses, the archive's Atom feed."""

    webhook: str | None = None
    email: tuple[str, ...] = ()
    atom: bool = False

    def names(self) -> tuple[str, ...]:
        """The channels in use, in CHANNELS order."""
        used = {"webhook": self.webhook is not None, "email": bool(self.email), "atom": self.atom}
        return tuple(name for name in CHANNELS if used[name])

    def check(self) -> Channels:
        """These channels, if they can be used.

        Raises:
            WatchError: no channel, a webhook that is not an http(s) URL, or a malformed address.
        """
        if not self.names():
            raise WatchError("a watch needs a channel: --webhook URL, --email ADDRESS or --atom")
        if self.webhook is not None:
            parts = urlsplit(self.webhook)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise WatchError("--webhook needs an http:// or https:// URL")
        bad = [address for address in self.email if not _ADDRESS.fullmatch(address)]
        if bad:
            raise WatchError(f"not an email address: {', '.join(bad)}")
        return self


def webhook_host(url: str) -> str:
    """Where a webhook goes, for people and logs: scheme and host only (a path may hold a token)."""
    parts = urlsplit(url)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname}{port}/…"


@dataclass(frozen=True)
class Watch:
    """A named watch, when it was added, and when it was removed (None while it is in use)."""

    name: str
    filters: WatchFilters = field(default_factory=WatchFilters)
    channels: Channels = field(default_factory=Channels)
    created_at: str = ""
    removed_at: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The watch as stored in the archive."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> Watch:
        """A watch read back from the archive.

        Raises:
            WatchError: the object does not have a watch's shape.
        """
        try:
            flags = ("query", "bad_redactions")  # a watch from before bad_redactions has none: False
            lists: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in data["filters"].items() if k not in flags}
            filters = WatchFilters(
                data["filters"].get("query"), **lists, bad_redactions=data["filters"].get("bad_redactions") is True
            )
            channels = Channels(
                data["channels"]["webhook"], tuple(data["channels"]["email"]), bool(data["channels"]["atom"])
            )
            return cls(check_name(data["name"]), filters, channels, str(data["created_at"]), data.get("removed_at"))
        except (KeyError, TypeError, AttributeError) as exc:
            raise WatchError(f"not a watch: {exc!r}") from None
