"""`courtarchive verify` catches damaged, missing and stray originals, locally and on S3."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from storage.archive import Archive, sha256_hex
from tests.storage.conftest import KNOWN_PDF, Cli, sha256_of
from tests.storage.test_cli_read import records
from tests.support.pdfgen import text_pdf
from tests.support.seaweed import S3Server


def originals(cli: Cli) -> dict[str, list[str]]:
    """Original key -> the ids of the records that refer to it."""
    users: dict[str, list[str]] = defaultdict(list)
    for rid, record in sorted(records(cli).items()):
        users[record["files"]["original"]].append(rid)
    return users


class Damage:
    """Ways to damage an archive, on a folder or in a bucket."""

    def __init__(self, cli: Cli, s3_server: S3Server | None) -> None:
        self.cli = cli
        self.client: Any = s3_server.client() if s3_server else None
        self.bucket, _, self.prefix = cli.uri.removeprefix("s3://").partition("/")

    def corrupt(self, key: str) -> None:
        """Flip one bit of the object; on S3 its metadata still names the old sha256."""
        if self.client is None:
            path = Path(self.cli.uri) / key
            data = bytearray(path.read_bytes())
            data[len(data) // 2] ^= 0x01
            path.write_bytes(bytes(data))
            return
        head = self.client.head_object(Bucket=self.bucket, Key=f"{self.prefix}/{key}")
        body = bytearray(self.client.get_object(Bucket=self.bucket, Key=f"{self.prefix}/{key}")["Body"].read())
        body[len(body) // 2] ^= 0x01
        self.client.put_object(
            Bucket=self.bucket, Key=f"{self.prefix}/{key}", Body=bytes(body), Metadata=head["Metadata"]
        )

    def delete(self, key: str) -> None:
        if self.client is None:
            (Path(self.cli.uri) / key).unlink()
        else:
            self.client.delete_object(Bucket=self.bucket, Key=f"{self.prefix}/{key}")

    def add(self, key: str, data: bytes) -> None:
        if self.client is None:
            (Path(self.cli.uri) / key).parent.mkdir(parents=True, exist_ok=True)
            (Path(self.cli.uri) / key).write_bytes(data)
        else:
            self.client.put_object(Bucket=self.bucket, Key=f"{self.prefix}/{key}", Body=data)


@pytest.fixture
def damage(cli: Cli, request: pytest.FixtureRequest) -> Damage:
    return Damage(cli, request.getfixturevalue("s3_server") if cli.uri.startswith("s3://") else None)


def findings(result: Any) -> dict[tuple[str, str], list[str]]:
    report = json.loads(result.stdout)
    return {(f["kind"], f["key"]): f["ids"] for f in report["findings"]}


def test_a_sound_archive_verifies(cli: Cli) -> None:
    result = cli("verify")
    assert result.stdout == "verify: 9 records, 4 originals, 4 re-hashed: OK\n"


def test_verify_finds_a_corrupted_and_a_missing_original(cli: Cli, damage: Damage) -> None:
    users = originals(cli)
    known = next(key for key in users if sha256_of(KNOWN_PDF) in key)
    seventh = next(key for key in users if sha256_of("doctor__ca7_3.pdf") in key)
    damage.corrupt(known)
    damage.delete(seventh)

    result = cli("verify", "--json", check=1)

    assert findings(result) == {("corrupt", known): users[known], ("missing_original", seventh): users[seventh]}
    lines = cli("verify", check=1).stdout.splitlines()
    assert lines[0] == "verify: 9 records, 3 originals, 3 re-hashed: 2 problems"
    assert f"{'corrupt':<16}  {known} [{', '.join(users[known])}]: its sha256 is " in "\n".join(lines)
    assert f"missing_original  {seventh} [{', '.join(users[seventh])}]: no such object" in "\n".join(lines)


def test_verify_finds_stray_originals_missing_texts_and_malformed_records(local_cli: Cli, local_archive: Path) -> None:
    stray = "originals/ab/" + "ab" * 32 + ".pdf"
    Damage(local_cli, None).add(stray, b"%PDF-1.4 nobody's")
    (local_archive / "records/scotus/22pdf-600us1r58_7khn.txt").unlink()
    (local_archive / "records/scotus/broken.json").write_text("[]")

    found = findings(local_cli("verify", "--json", check=1))

    assert found == {
        ("orphan_original", stray): [],
        ("missing_text", "records/scotus/22pdf-600us1r58_7khn.txt"): ["scotus/22pdf-600us1r58_7khn"],
        ("malformed_record", "records/scotus/broken.json"): [],
    }


def test_verify_compares_the_sha256_in_s3_metadata(s3_cli: Cli, s3_server: S3Server) -> None:
    key = next(iter(originals(s3_cli)))
    bucket, _, prefix = s3_cli.uri.removeprefix("s3://").partition("/")
    client: Any = s3_server.client()
    client.copy_object(
        Bucket=bucket,
        Key=f"{prefix}/{key}",
        CopySource={"Bucket": bucket, "Key": f"{prefix}/{key}"},
        Metadata={"sha256": "0" * 64},
        MetadataDirective="REPLACE",
    )
    found = findings(s3_cli("verify", "--json", check=1))
    assert list(found) == [("checksum_mismatch", key)]


def test_verify_sample_rehashes_that_many(local_cli: Cli) -> None:
    report = json.loads(local_cli("verify", "--sample", "2", "--seed", "7", "--json").stdout)
    assert (report["records"], report["originals"], report["rehashed"], report["ok"]) == (9, 4, 2, True)


def test_an_original_only_an_earlier_version_names_is_archived_not_orphaned(
    cli: Cli, damage: Damage, tmp_path: Path
) -> None:
    first, second = tmp_path / "stay.pdf", tmp_path / "amended.pdf"
    first.write_bytes(text_pdf(["ORDER granting the motion to stay the mandate."]))
    second.write_bytes(text_pdf(["AMENDED ORDER granting the motion to stay the mandate."]))
    cli("add", str(first), "--court", "ca9", "--id", "stay")
    cli("add", str(second), "--court", "ca9", "--id", "stay")  # the first record is kept under history/
    earlier = Archive.original_key(sha256_hex(first.read_bytes()))

    report = json.loads(cli("verify", "--json").stdout)
    assert (report["records"], report["originals"], report["rehashed"], report["earlier_only"]) == (10, 6, 6, 1)
    assert report["ok"] and report["findings"] == []
    assert (
        cli("verify").stdout == "verify: 10 records, 6 originals (1 named only by earlier versions), 6 re-hashed: OK\n"
    )

    damage.corrupt(earlier)
    assert findings(cli("verify", "--json", check=1)) == {("corrupt", earlier): ["ca9/stay"]}
    damage.delete(earlier)
    assert findings(cli("verify", "--json", check=1)) == {("missing_original", earlier): ["ca9/stay"]}


def test_an_unreadable_earlier_version_is_a_problem(local_cli: Cli, local_archive: Path) -> None:
    key = "history/records/scotus/22pdf-600us1r58_7khn/v0001-0123456789abcdef.json"
    (local_archive / key).parent.mkdir(parents=True)
    (local_archive / key).write_text('{"files": "truncated')
    found = findings(local_cli("verify", "--json", check=1))
    assert list(found) == [("malformed_record", key)]
