"""`courtarchive ls/show/search/get/export/stats/catalog` on crawled archives, local and on S3."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from storage.archive import Archive
from tests.storage.conftest import KNOWN_PDF, KNOWN_PHRASE, Cli, sha256_of
from tests.support.mirror import CORPUS
from tests.support.seaweed import S3Server

CREATIVE = "scotus/22pdf-600us1r58_7khn"
ALL = 9


def records(cli: Cli) -> dict[str, dict[str, Any]]:
    """The archive's records, read directly (not through the CLI)."""
    with pytest.MonkeyPatch.context() as patch:
        for key, value in cli.env.items():
            patch.setenv(key, value)
        return {r["id"]: r for r in Archive.open(cli.uri).records()}


def test_ls_lists_newest_first(cli: Cli) -> None:
    # On S3 as the console script, a process of its own as a user runs it.
    lines = (cli.as_console() if cli.uri.startswith("s3://") else cli)("ls").stdout.splitlines()
    assert lines[0].split() == ["DATE", "COURT", "DOCKET", "CASE", "TYPE", "BY", "TITLE", "DISPOSITION", "PAGES", "ID"]
    assert len(lines) == 1 + ALL
    dates = [line.split()[0] for line in lines[1:]]
    assert dates == sorted(dates, reverse=True)
    creative = next(line for line in lines if line.endswith(CREATIVE))
    assert "303 Creative LLC v. Elenis" in creative and "21-476" in creative


def test_ls_filters_and_json(local_cli: Cli) -> None:
    rows = json.loads(local_cli("ls", "--json", "--since", "2023-06-30", "--court", "scotus").stdout)
    assert {row["date_filed"] for row in rows} == {"2023-06-30"} and len(rows) == 3
    assert json.loads(local_cli("ls", "--json", "--type", "order").stdout) == []
    # Slip opinions, read as the court's own: none is a party's filing.
    by_court = json.loads(local_cli("ls", "--json", "--filed-by", "court", "--type", "opinion").stdout)
    assert rows and {row["id"] for row in rows} <= {row["id"] for row in by_court}
    assert {(row["filed_by"], row["type"]) for row in by_court} == {("court", "opinion")}
    assert json.loads(local_cli("ls", "--json", "--filed-by", "party").stdout) == []
    assert json.loads(local_cli("ls", "--json", "--spider", "scotus", "--limit", "2").stdout) == rows[:2]
    assert "'June' is not a date" in local_cli("ls", "--since", "June", check=2).stderr


def test_show_for_people_and_as_json(cli: Cli) -> None:
    text = cli("show", CREATIVE).stdout
    record = records(cli)[CREATIVE]
    for expected in (
        "303 Creative LLC v. Elenis",
        "21-476",
        "Supreme Court of the United States (scotus)",
        "opinion, filed 2023-06-30",
        "Neil Gorsuch",
        "600 U.S. 570",
        record["files"]["original"],
    ):
        assert expected in text
    location = (
        Path(cli.uri) / record["files"]["original"]
        if not cli.uri.startswith("s3://")
        else f"{cli.uri}/{record['files']['original']}"
    )
    assert str(location) in text
    assert json.loads(cli("show", "--json", CREATIVE).stdout) == record
    assert json.loads(cli("show", "--json", f"records/{CREATIVE}.json").stdout) == record


def test_show_lists_errors(local_cli: Cli) -> None:
    empty = next(r for r in records(local_cli).values() if r["errors"])
    assert "extract/empty: PDF is 0 bytes" in local_cli("show", empty["id"]).stdout


def test_search_shows_the_known_sentence_with_its_page(cli: Cli) -> None:
    result = cli("search", KNOWN_PHRASE)
    holding = sorted(rid for rid, r in records(cli).items() if r["sha256"] == sha256_of(KNOWN_PDF))
    blocks = result.stdout.split("\n\n")
    assert sorted(block.split()[0] for block in blocks) == holding
    for block in blocks:
        assert "p. 2  " in block and "**three appeals are consolidated**" in block
    hits = json.loads(cli("search", "--json", KNOWN_PHRASE, "--since", "2023-06-29").stdout)
    assert sorted(h["id"] for h in hits) == [h for h in holding if h != "scotus/22pdf-600us1r50_h3ci"]
    assert all(h["pages"] == [2] and h["snippets"][0]["page"] == 2 for h in hits)


def test_search_without_a_match_exits_1_and_bad_syntax_falls_back(local_cli: Cli) -> None:
    assert local_cli("search", "xylophone", check=1).stdout == ""
    fallback = local_cli("search", "v. Elenis")
    assert "searching for the words instead" in fallback.stderr
    assert fallback.stdout.startswith(CREATIVE)
    assert local_cli("search", "--literal", "(303 Creative").stdout.startswith(CREATIVE)
    broad = local_cli("search", "court", "--limit", "2")
    assert "newest first" in broad.stderr and len(broad.stdout.split("\n\n")) == 2


def test_get_writes_the_verified_original(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "creative.pdf"
    result = cli("get", CREATIVE, "-o", str(target), "--json")
    expected = sha256_of(KNOWN_PDF)
    assert hashlib.sha256(target.read_bytes()).hexdigest() == expected
    assert json.loads(result.stdout)["verified"] is True and json.loads(result.stdout)["sha256"] == expected
    assert cli.binary("get", CREATIVE) == (CORPUS / KNOWN_PDF).read_bytes()
    text = cli("get", "--text", CREATIVE).stdout
    assert text.split("\f")[1].count("These three appeals are consolidated.") == 1


def test_get_refuses_a_corrupted_original(local_cli: Cli, local_archive: Path, tmp_path: Path) -> None:
    original = local_archive / records(local_cli)[CREATIVE]["files"]["original"]
    damaged = bytearray(original.read_bytes())
    damaged[len(damaged) // 2] ^= 0x01  # one bit flipped on disk
    original.write_bytes(bytes(damaged))
    target = tmp_path / "out.pdf"
    result = local_cli("get", CREATIVE, "-o", str(target), check=1)
    assert "not written" in result.stderr and result.stderr.count("\n") == 1
    assert not target.exists()


def test_get_refuses_a_replaced_s3_object(s3_cli: Cli, s3_server: S3Server, tmp_path: Path) -> None:
    bucket, prefix = s3_cli.uri.removeprefix("s3://").split("/", 1)
    key = f"{prefix}/{records(s3_cli)[CREATIVE]['files']['original']}"
    client: Any = s3_server.client()
    client.put_object(Bucket=bucket, Key=key, Body=b"%PDF-1.4 replaced", Metadata={"sha256": "0" * 64})
    result = s3_cli("get", CREATIVE, "-o", str(tmp_path / "x.pdf"), check=1)
    assert "sha256 is" in result.stderr and not (tmp_path / "x.pdf").exists()


def test_export_jsonl_streams_the_records(cli: Cli) -> None:
    lines = cli("export").stdout.splitlines()
    assert {json.loads(line)["id"]: json.loads(line) for line in lines} == records(cli)
    with_text = [json.loads(line) for line in cli("export", "--with-text", "--since", "2023-06-30").stdout.splitlines()]
    creative = next(r for r in with_text if r["id"] == CREATIVE)
    assert len(with_text) == 3 and "These three appeals are consolidated." in creative["text"].split("\f")[1]


def test_export_csv(local_cli: Cli) -> None:
    rows = list(csv.DictReader(io.StringIO(local_cli("export", "--format", "csv").stdout)))
    assert len(rows) == ALL
    creative = next(row for row in rows if row["id"] == CREATIVE)
    assert (creative["case_name"], creative["docket_number"], creative["date_filed"], creative["pages"]) == (
        "303 Creative LLC v. Elenis",
        "21-476",
        "2023-06-30",
        "2",
    )
    assert sorted(row["errors"] for row in rows if row["errors"]) == ["extract/empty"] * 2


def test_stats(local_cli: Cli) -> None:
    cli = local_cli
    counts = json.loads(cli("stats", "--json").stdout)
    assert counts["documents"] == ALL and counts["with_original"] == ALL
    assert counts["by_court"] == {"scotus": ALL} and counts["by_type"] == {"opinion": ALL}
    assert counts["by_month"] == {"2023-06": ALL}
    assert counts["errors"] == {"extract/empty": 2} and counts["unreadable"] == 2
    text = cli("stats").stdout
    assert text.startswith(f"{ALL} documents") and "extract/empty" in text


def test_catalog_commands(cli: Cli, tmp_path: Path) -> None:
    path = cli("catalog", "path").stdout.strip()
    if cli.uri.startswith("s3://"):
        assert path.startswith(str(tmp_path / "cache" / "court-archiver"))
    else:
        assert path == str(Path(cli.uri) / "catalog.sqlite")
    rebuilt = json.loads(cli("catalog", "rebuild", "--json").stdout)
    assert rebuilt["rebuilt"] and rebuilt["added"] == ALL and rebuilt["path"] == path
    updated = json.loads(cli("catalog", "update", "--json").stdout)
    assert (updated["rebuilt"], updated["read"], updated["unchanged"]) == (False, 0, ALL)
    elsewhere = tmp_path / "elsewhere.sqlite"
    cli("ls", "--catalog", str(elsewhere))
    assert elsewhere.exists()


def test_progress_is_shown_only_on_a_terminal_or_when_asked(local_cli: Cli) -> None:
    assert local_cli("catalog", "rebuild").stderr == ""
    assert f"catalog: {ALL}/{ALL}" in local_cli("catalog", "rebuild", "--progress").stderr
    assert "verify: " in local_cli("verify", "--progress").stderr


def test_malformed_record_is_reported_not_dropped(local_cli: Cli, local_archive: Path) -> None:
    (local_archive / "records/scotus/bad.json").write_text("{oops")
    result = local_cli("ls")
    assert result.stderr.startswith("courtarchive: skipped malformed record records/scotus/bad.json: not JSON")
    assert len(result.stdout.splitlines()) == 1 + ALL
    shown = local_cli("show", "scotus/bad", check=1)
    assert (
        shown.stderr.startswith("courtarchive: malformed record records/scotus/bad.json")
        and shown.stderr.count("\n") == 1
    )


def test_unknown_id_is_one_line(cli: Cli) -> None:
    for command in ("show", "get"):
        result = cli(command, "scotus/no-such-document", check=2)
        assert result.stderr == f"courtarchive: no record scotus/no-such-document in {cli.uri}\n"
    assert "is not a record id" in cli("show", "../../etc/passwd", check=2).stderr


def test_missing_archive_is_one_line(tmp_path: Path) -> None:
    cli = Cli(str(tmp_path / "nowhere"), {})
    for command in (["ls"], ["search", "x"], ["stats"], ["verify"], ["show", CREATIVE], ["export"]):
        result = cli(*command, check=3)
        assert (
            result.stderr
            == f"courtarchive: no archive at {tmp_path / 'nowhere'} (set COURT_ARCHIVE_URI or pass --archive)\n"
        )


def test_bad_s3_credentials_and_missing_bucket_are_one_line(s3_cli: Cli, s3_server: S3Server) -> None:
    wrong = Cli(
        s3_cli.uri,
        {**s3_cli.env, "AWS_SECRET_ACCESS_KEY": "not-the-secret-0123456789"},
        secret="not-the-secret-0123456789",
        console=True,
    )
    result = wrong("ls", check=3)
    assert result.stderr.count("\n") == 1 and "SignatureDoesNotMatch" in result.stderr
    unknown = Cli(s3_cli.uri, {**s3_cli.env, "AWS_ACCESS_KEY_ID": "nobody"}, secret=s3_server.secret_key, console=True)
    assert "InvalidAccessKeyId" in unknown("stats", check=3).stderr
    missing = Cli("s3://no-such-bucket-here/x", s3_cli.env, secret=s3_server.secret_key, console=True)
    assert "NoSuchBucket" in missing("ls", check=3).stderr


def test_s3_commands_download_nothing_that_did_not_change(s3_cli: Cli) -> None:
    s3_cli("ls")  # builds the cached catalog
    assert json.loads(s3_cli("catalog", "update", "--json").stdout)["read"] == 0
