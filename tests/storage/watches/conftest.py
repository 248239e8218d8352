"""The servers watches deliver to, started on 127.0.0.1 for a test and stopped after it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from storage.watches import webhook
from tests.storage.watches.support import SECRET, Mailbox, Receiver


@pytest.fixture
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The webhook's retries, short: three attempts at most 0.2 s apart (a run's: four, up to
    8 s apart), signed with the test's secret."""
    monkeypatch.setattr(webhook, "ATTEMPTS", 3)
    monkeypatch.setattr(webhook, "MAX_WAIT", 0.2)
    monkeypatch.setenv(webhook.SECRET_ENV, SECRET)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def mailbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    server = Mailbox().start()
    for name, value in server.environment().items():
        monkeypatch.setenv(name, value)
    yield server
    server.stop()
