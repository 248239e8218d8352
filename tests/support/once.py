"""`built_once`: what many tests read, built once per test session across xdist workers."""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], T]) -> T:
    """What `build` makes in a folder, made once per test session however many xdist workers
    ask: the first builds it under a lock in the session's shared temporary root (its value
    pickled beside it), the others wait for the lock and read the same folder and value.

    Readers must not change the folder (copy it first): other workers read it too.
    """
    if os.environ.get("PYTEST_XDIST_WORKER") is None:  # one process: nothing to share
        return build(tmp_path_factory.mktemp(name))
    root = tmp_path_factory.getbasetemp().parent  # shared by the workers of this session
    folder, value = root / name, root / f"{name}.pickle"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not value.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            built = build(folder)
            value.write_bytes(pickle.dumps(built))
            return built
    loaded: T = pickle.loads(value.read_bytes())
    return loaded
