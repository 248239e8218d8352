"""Debian's servers for tests, on 127.0.0.1 and a free port, each stopped by its own PID."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import redis
import requests

from tests.support.seaweed import free_port, stop


@contextmanager
def running(
    args: Sequence[str],
    log: Path,
    ready: Callable[[], bool],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run `args` until the block ends, once `ready()` says it serves (60 s at most).

    Raises:
        RuntimeError: the server exited or never became ready; its log's end says why.
    """
    with log.open("wb") as out:
        process = subprocess.Popen(
            list(args),
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while not ready():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{args[0]} did not start:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.05)
        yield process
    finally:
        stop(process)


def debian_binary(name: str) -> str:
    """The path of a Debian-packaged server; fails with the package to install."""
    found = shutil.which(name) or (f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None)
    if found is None:
        raise RuntimeError(f"{name} not found: install its Debian package (.ci/run does)")
    return found


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """redis-server on 127.0.0.1, no persistence; yields its URL."""
    port = free_port(set())
    url = f"redis://127.0.0.1:{port}/0"

    def ready() -> bool:
        try:
            return bool(redis.Redis.from_url(url).ping())
        except redis.ConnectionError:
            return False

    args = [
        debian_binary("redis-server"),
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(folder),
        "--protected-mode",
        "yes",
    ]
    with running(args, folder / "redis.log", ready):
        yield url


@contextmanager
def scrapyd_server(folder: Path, env: dict[str, str]) -> Iterator[str]:
    """Scrapyd on 127.0.0.1, its eggs, logs and queues under `folder`; yields its URL."""
    port = free_port(set())
    url = f"http://127.0.0.1:{port}"
    (folder / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\neggs_dir = {folder}/eggs\n"
        f"logs_dir = {folder}/logs\ndbs_dir = {folder}/dbs\nitems_dir =\nmax_proc = 1\npoll_interval = 0.1\n",
        encoding="utf-8",
    )

    def ready() -> bool:
        try:
            return bool(requests.get(f"{url}/daemonstatus.json", timeout=2).json()["status"] == "ok")
        except requests.RequestException:
            return False

    # Scrapyd reads ./scrapyd.conf, and so do the job processes it starts there.
    with running(
        [sys.executable, "-m", "scrapyd", "--pidfile=", "--nodaemon"],
        folder / "scrapyd.log",
        ready,
        cwd=folder,
        env=env,
    ):
        yield url
