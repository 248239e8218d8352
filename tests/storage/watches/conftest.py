"""The servers watches deliver to, started on 127.0.0.1 for a test and stopped after it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.storage.watches.support import Mailbox, Receiver


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
