"""Temporary files that a write killed mid-way leaves in a local archive: invisible to every
reader, listed by `courtarchive verify` once stale, and removed by `verify --remove-temp`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from storage.verify import STALE_TEMP_SECONDS
from tests.scrapers.crawling import REPO
from tests.storage.conftest import Cli

# A record write killed after its data is fsynced and before its rename: the crash window.
KILLED_WRITE = """
import os, sys, time
from storage.blobs.local import LocalBlobStore
os.replace = lambda source, target: time.sleep(600)
LocalBlobStore(sys.argv[1]).write("records/scotus/new.json", sys.stdin.buffer.read(), sha256="0" * 64,
                                  content_type="application/json", once=False)
"""
RECORD = json.dumps({"id": "scotus/new"}).encode() * 1000


def kill_mid_write(archive: Path) -> Path:
    """Run a record write in a process of its own and `kill -9` it mid-write; the file it leaves."""
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITE, str(archive)], cwd=REPO, stdin=subprocess.PIPE)
    assert writer.stdin is not None
    writer.stdin.write(RECORD)
    writer.stdin.close()
    deadline = time.monotonic() + 60
    while not [p for p in (archive / "records/scotus").glob(".tmp-*") if p.stat().st_size == len(RECORD)]:
        assert time.monotonic() < deadline and writer.poll() is None, "the write never got under way"
        time.sleep(0.05)
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    [left] = (archive / "records/scotus").glob(".tmp-*")
    return left


def age(path: Path, seconds: float) -> None:
    """Make `path` look last written `seconds` ago."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_write_killed_mid_way_leaves_nothing_a_reader_sees(local_cli: Cli, local_archive: Path) -> None:
    left = kill_mid_write(local_archive)

    assert not (local_archive / "records/scotus/new.json").exists()
    assert len(local_cli("export").stdout.splitlines()) == 9
    assert "scotus/new" not in local_cli("ls", "--json").stdout
    assert local_cli("verify").stdout == "verify: 9 records, 4 originals, 4 re-hashed: OK\n"  # a write under way?
    assert left.exists()


def test_verify_lists_stale_temporary_files_and_removes_them_on_request(local_cli: Cli, local_archive: Path) -> None:
    left = kill_mid_write(local_archive)
    age(left, STALE_TEMP_SECONDS + 60)
    original = next((local_archive / "originals").glob("*/*.pdf"))
    stray = original.with_name(".tmp-abcd1234")
    stray.write_bytes(original.read_bytes()[:1000])
    age(stray, 86400)
    young = original.with_name(".tmp-efgh5678")  # a write under way: left alone
    young.write_bytes(b"%PDF-1.4")
    keys = sorted(str(p.relative_to(local_archive)) for p in (left, stray))

    report = json.loads(local_cli("verify", "--json", check=1).stdout)
    assert [(f["kind"], f["key"]) for f in report["findings"]] == [("stale_temp", key) for key in keys]
    assert (report["records"], report["originals"]) == (9, 4)

    removed = local_cli("verify", "--remove-temp")
    assert removed.stdout.splitlines() == ["verify: 9 records, 4 originals, 4 re-hashed: OK"] + [
        f"removed stale temporary file {key}" for key in keys
    ]
    assert not left.exists() and not stray.exists() and young.exists()
    assert local_cli("verify").stdout == "verify: 9 records, 4 originals, 4 re-hashed: OK\n"
