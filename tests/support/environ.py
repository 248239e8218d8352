"""`environment`: os.environ with some variables set while a block runs."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager


@contextmanager
def environment(env: Mapping[str, str]) -> Iterator[None]:
    """os.environ with `env` set, restored afterwards (unset names removed again).

    boto3's default session keeps the credentials and endpoint it first read from the
    environment: it is dropped on the way in and out when `env` sets AWS variables, so that
    a command run in process reads them as a new process would.
    """
    saved = {name: os.environ.get(name) for name in env}
    aws = any(name.startswith("AWS_") for name in env)
    os.environ.update(env)
    if aws:
        _forget_boto3_session()
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        if aws:
            _forget_boto3_session()


def _forget_boto3_session() -> None:
    if "boto3" in sys.modules:
        sys.modules["boto3"].DEFAULT_SESSION = None
