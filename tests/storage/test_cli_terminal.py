"""`courtarchive` on a terminal: `ls`, `search`, `stats` and `watch ls` fit its width (`--wide`
for everything), long work shows progress on it; in a pipe or under cron, whole lines and no
progress. In process through main(), with stdout and stderr that say they are terminals and a
width forced through COLUMNS; one test runs the console script on a real pseudo-terminal."""

from __future__ import annotations

import contextlib
import io
import json
import os
import pty
import re
import subprocess
from pathlib import Path

import pytest

from storage.cli import main
from storage.cli.render import LS_COLUMNS, MIN_WIDTH
from storage.cli.terminal import display_width
from storage.outbox import Outbox, outbox_folder
from tests.storage.conftest import EXECUTABLE, KNOWN_PHRASE
from tests.storage.test_cli_read import ALL
from tests.storage.test_outbox import PDF, parts_for

MARK = "\x1b[1;33m"


class Screen(io.StringIO):
    """What a terminal would show: a stream that says it is one."""

    def isatty(self) -> bool:
        return True


def run(
    archive: Path, monkeypatch: pytest.MonkeyPatch, *args: str, columns: int = 80, terminal: bool = True
) -> tuple[int, str, str]:
    """`courtarchive ARGS --archive ARCHIVE` in process, on a terminal COLUMNS wide (or in a pipe)."""
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setenv("XDG_CACHE_HOME", str(archive.parent / "cache"))
    out, err = (Screen(), Screen()) if terminal else (io.StringIO(), io.StringIO())
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([*args, "--archive", str(archive)])
    return status, out.getvalue(), err.getvalue()


def widest(text: str) -> int:
    return max(display_width(line) for line in text.splitlines())


def ids(archive: Path) -> set[str]:
    return {str(path.relative_to(archive / "records"))[: -len(".json")] for path in archive.glob("records/*/*.json")}


@pytest.mark.parametrize("columns", [160, 100, 60, 30])
def test_ls_fits_the_terminal(local_archive: Path, monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    status, out, _ = run(local_archive, monkeypatch, "ls", columns=columns)
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == 1 + ALL and widest(out) <= columns
    if columns >= 60:  # the ids, which `show` takes, are the last thing to be cut
        assert {line.split()[-1] for line in lines[1:]} == ids(local_archive)


def test_ls_leaves_out_columns_before_cutting_case_names_short(
    local_archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, wide, _ = run(local_archive, monkeypatch, "ls", "--wide", columns=100)
    assert wide.splitlines()[0].split() == [header for _, header in LS_COLUMNS]
    assert widest(wide) > 100  # the crawled archive's table is wider than this terminal
    _, narrow, _ = run(local_archive, monkeypatch, "ls", columns=100)
    headers = narrow.splitlines()[0].split()
    assert {"DATE", "CASE", "ID"} <= set(headers) and "PAGES" not in headers and "BY" not in headers
    # Each case name is whole, or cut with an ellipsis after at least MIN_WIDTH - 1 of its characters.
    for case in {row["case_name"] for row in json.loads(run(local_archive, monkeypatch, "ls", "--json")[1])}:
        assert case in narrow or any(f"{case[:n]}…" in narrow for n in range(MIN_WIDTH - 1, len(case))), case
    assert "…" in narrow


def test_wide_and_a_pipe_give_whole_lines(local_archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, wide, _ = run(local_archive, monkeypatch, "ls", "--wide", columns=60)
    _, piped, _ = run(local_archive, monkeypatch, "ls", columns=60, terminal=False)
    assert wide == piped and "…" not in piped
    cases = {row["case_name"] for row in json.loads(run(local_archive, monkeypatch, "ls", "--json")[1])}
    assert all(case in piped for case in cases)


def test_search_fits_and_keeps_every_match(local_archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, wide, _ = run(local_archive, monkeypatch, "search", KNOWN_PHRASE, "--wide", columns=50)
    status, narrow, _ = run(local_archive, monkeypatch, "search", KNOWN_PHRASE, columns=50)
    assert status == 0 and widest(wide) > 50 and widest(narrow) <= 50
    # The snippets are wrapped, not cut: every highlighted match is still there.
    assert narrow.count(MARK) == wide.count(MARK) > 0


def test_stats_fits(local_archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, wide, _ = run(local_archive, monkeypatch, "stats", "--wide", columns=40)
    _, narrow, _ = run(local_archive, monkeypatch, "stats", columns=40)
    assert widest(wide) > 40 >= widest(narrow)
    assert re.search(rf"scotus +{ALL}$", narrow, re.MULTILINE)


def test_watch_ls_fits(local_archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    long_query = '"this court has long held that" OR "three appeals are consolidated"'
    assert run(local_archive, monkeypatch, "watch", "add", "appeals", "--search", long_query, "--atom")[0] == 0
    _, wide, _ = run(local_archive, monkeypatch, "watch", "ls", "--wide", columns=60)
    _, narrow, _ = run(local_archive, monkeypatch, "watch", "ls", columns=60)
    assert long_query in wide and widest(narrow) <= 60 < widest(wide)
    assert narrow.splitlines()[1].startswith("appeals ")


@pytest.mark.parametrize(
    ("args", "label"),
    [(("catalog", "rebuild"), "catalog"), (("verify",), "verify"), (("export",), "export")],
)
def test_long_work_shows_progress_on_a_terminal_only(
    local_archive: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], label: str
) -> None:
    _, _, shown = run(local_archive, monkeypatch, *args)
    assert re.search(rf"\r{label}: (\d+)/\1 \(100%\)", shown) and shown.endswith("\n")
    _, _, quiet = run(local_archive, monkeypatch, *args, terminal=False)
    assert f"{label}:" not in quiet and "\r" not in quiet


def test_flush_shows_progress_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outbox = Outbox(outbox_folder(str(tmp_path / "archive"), tmp_path / "outbox"))
    for number in range(3):
        data = PDF + b"%d" % number
        outbox.keep(f"wawd/doc-{number}", parts_for(data), data)
    (tmp_path / "archive").mkdir()
    status, out, err = run(tmp_path / "archive", monkeypatch, "flush", "--outbox", str(tmp_path / "outbox"))
    assert status == 0 and "flushed 3 documents" in out
    assert "\rflush: 3/3 (100%)" in err


def test_the_console_script_shows_progress_on_a_terminal_and_none_under_cron(local_archive: Path) -> None:
    env = {**os.environ, "COURT_ARCHIVE_URI": str(local_archive), "XDG_CACHE_HOME": str(local_archive.parent / "c")}
    # As cron runs it: stdout and stderr are pipes (mailed or logged), and no TERM.
    cron = {name: value for name, value in env.items() if name not in ("TERM", "COLUMNS")}
    for args in (["catalog", "rebuild"], ["verify"], ["export"]):
        done = subprocess.run([EXECUTABLE, *args], capture_output=True, text=True, env=cron, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
        assert done.stderr == "" and "\r" not in done.stdout
    # On a real pseudo-terminal, the same command draws its progress line.
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [EXECUTABLE, "catalog", "rebuild"],
            stdout=subprocess.PIPE,
            stderr=follower,
            env=env,
            timeout=300,
            check=False,
        )
        os.close(follower)
        follower = -1
        shown = b""
        with contextlib.suppress(OSError):  # Linux ends a closed terminal's output with EIO
            while chunk := os.read(leader, 4096):
                shown += chunk
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)
    assert done.returncode == 0
    assert f"\rcatalog: {ALL}/{ALL} (100%)".encode() in shown
