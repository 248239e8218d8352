"""The mirror (tests/support/mirror.py) with faults it cannot make itself (held requests, reset
connections), and the helpers crash and outage tests share: a crawl's command line, a kill at
a chosen point, SeaweedFS started again on its own folder and ports. Only 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.mirror import LoopbackServer, Mirror, _handler
from tests.support.seaweed import ACCESS_KEY, SECRET_KEY, S3Server, _wait_ready


@dataclass
class Faults:
    """Paths whose requests wait at a gate until it opens, and paths answered with a reset."""

    held: set[str] = field(default_factory=set)
    reset: set[str] = field(default_factory=set)
    gate: threading.Event = field(default_factory=threading.Event)
    waiting: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_for(self, paths: set[str], timeout: float = 60) -> None:
        """Block until a request for each of `paths` is waiting at the gate."""
        deadline = threading.Event()
        for _ in range(int(timeout * 10)):
            with self.lock:
                if paths <= self.waiting:
                    return
            deadline.wait(0.1)
        raise TimeoutError(f"requests never came for {sorted(paths - self.waiting)}")


def _faulty_handler(mirror: Mirror, faults: Faults) -> type:
    base = _handler(mirror)

    class Handler(base):  # type: ignore[valid-type,misc]
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path in faults.reset:
                mirror.hits[path] = mirror.hits.get(path, 0) + 1
                # SO_LINGER 0: close() sends a TCP RST instead of a FIN.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.close_connection = True
                return
            if path in faults.held:
                with faults.lock:
                    faults.waiting.add(path)
                faults.gate.wait()
            super().do_GET()

    return Handler


class _QuietServer(LoopbackServer):
    """A client that hangs up (a timeout, a crawl killed) is expected here, not an error."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serving_faults(mirror: Mirror, faults: Faults) -> Iterator[str]:
    """Serve `mirror` with `faults` on 127.0.0.1 in a thread; yields its base URL."""
    server = _QuietServer(("127.0.0.1", 0), _faulty_handler(mirror, faults))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        faults.gate.set()
        server.shutdown()
        server.server_close()


def kill_when(process: subprocess.Popen[bytes], ready: Callable[[], bool], timeout: float = 120) -> None:
    """SIGKILL `process` and its process group (extraction workers) once `ready()`.

    Raises:
        AssertionError: the process ended first, or `ready()` never came true in `timeout`.
    """
    deadline = time.monotonic() + timeout
    while not ready():
        assert process.poll() is None, "the process ended before the kill point"
        assert time.monotonic() < deadline, "the kill point never came"
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def seaweed_command(server: S3Server) -> list[str]:
    """The running SeaweedFS's command line (its folder and ports), to start it again later."""
    return Path(f"/proc/{server.pid}/cmdline").read_bytes().decode().split("\0")[:-1]


def restart_seaweedfs(server: S3Server, command: list[str], log: Path) -> subprocess.Popen[bytes]:
    """Start SeaweedFS again with `command` (same folder, same ports) and wait until it answers."""
    env = {**os.environ, "AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY}
    with log.open("ab") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    _wait_ready(server, process, log)
    return process


def wait_for_objects(server: S3Server, bucket: str, prefix: str, count: int, timeout: float = 60) -> None:
    """Block until `count` JSON objects are under `prefix` in `bucket`.

    Raises:
        TimeoutError: they did not come in `timeout` seconds.
    """
    client: Any = server.client()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        listed = client.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])
        if len([entry for entry in listed if entry["Key"].endswith(".json")]) >= count:
            return
        time.sleep(0.1)
    raise TimeoutError(f"{count} objects never came under {prefix}")
