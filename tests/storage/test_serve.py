"""`courtarchive serve`, in process: Datasette's own test client against our metadata and plugin
on a real archive (two corpus orders added with `courtarchive add`)."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from datasette.utils.testing import TestClient as DatasetteClient
from PIL import Image

from storage.archive import Archive
from storage.catalog.update import update_catalog
from storage.cli import main
from storage.web import app
from storage.web.pages import SCALE, render_page
from storage.web.plugin import OriginalRefused, verified_original
from tests.support.seaweed import S3Server

ORDERS = ["doctor__ca7_3.pdf", "courtlistener__gov.uscourts.ca1.12-2209.00106475093.0.pdf"]
SEVENTH = "ca7/doctor__ca7_3-ffd9b75c84a6"


def add_orders(corpus_pdf: Callable[[str], Path], folder: Path) -> Path:
    """A local archive holding the two orders, and its catalog built."""
    for name, court in zip(ORDERS, ("ca7", "ca1")):
        assert main(["add", str(corpus_pdf(name)), "--archive", str(folder), "--court", court]) == 0
    update_catalog(Archive.open(str(folder)))
    return folder


@pytest.fixture(scope="module")
def archive_folder(corpus_pdf: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return add_orders(corpus_pdf, tmp_path_factory.mktemp("served") / "archive")


def client_of(folder: Path, auth: dict[str, Any] | None = None) -> DatasetteClient:
    datasette = app.build_datasette(Archive.open(str(folder)), folder / "catalog.sqlite", auth)
    async_to_sync(datasette.invoke_startup)()
    return DatasetteClient(datasette)


@pytest.fixture(scope="module")
def client(archive_folder: Path) -> DatasetteClient:
    return client_of(archive_folder)


def record_of(folder: Path, rid: str) -> dict[str, Any]:
    record: dict[str, Any] = json.loads((folder / "records" / f"{rid}.json").read_text())
    return record


def yellow_pixels(png: bytes, box: tuple[float, float, float, float]) -> int:
    """Pixels inside `box` (PDF points) tinted by the yellow highlight: bright, far less blue
    than red (white paper and black print have as much blue as red)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    x0, top, x1, bottom = (round(v * SCALE) for v in box)
    data = image.crop((x0, top, x1, bottom)).tobytes()
    return sum(1 for r, b in zip(data[0::3], data[2::3]) if r > 200 and r - b > 60)


def test_the_document_page_shows_facts_quotes_and_links(client: DatasetteClient, archive_folder: Path) -> None:
    record = record_of(archive_folder, SEVENTH)
    response = client.get(f"/-/document/{SEVENTH}")
    assert response.status == 200
    assert "17-2400" in response.text and record["case"]["name"] in response.text
    assert record["quotes"], "the 7th Circuit order has key quotes"
    for rank, quote in enumerate(record["quotes"], 1):
        assert f"/-/document/{SEVENTH}/page/{quote['page']}.png?quote={rank}" in response.text
    assert f'href="/-/document/{SEVENTH}/original.pdf"' in response.text


def test_a_page_image_highlights_its_quote(client: DatasetteClient, archive_folder: Path) -> None:
    quote = record_of(archive_folder, SEVENTH)["quotes"][0]
    page, *box = quote["bbox"][0]
    highlighted = client.get(f"/-/document/{SEVENTH}/page/{page}.png?quote=1")
    plain = client.get(f"/-/document/{SEVENTH}/page/{page}.png")
    assert highlighted.status == plain.status == 200
    assert highlighted.headers["content-type"] == "image/png"
    assert yellow_pixels(highlighted.body, tuple(box)) > 100
    assert yellow_pixels(plain.body, tuple(box)) == 0


def test_render_page_draws_the_boxes_it_is_given(corpus_pdf: Callable[[str], Path]) -> None:
    pdf = corpus_pdf(ORDERS[0]).read_bytes()
    box = (100.0, 100.0, 300.0, 130.0)
    assert yellow_pixels(render_page(pdf, 1, [box]), box) > 0.8 * (200 * 30 * SCALE * SCALE)
    assert yellow_pixels(render_page(pdf, 1, [box]), (100.0, 300.0, 300.0, 330.0)) == 0


def test_the_original_is_served_verified(client: DatasetteClient, corpus_pdf: Callable[[str], Path]) -> None:
    response = client.get(f"/-/document/{SEVENTH}/original.pdf")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body == corpus_pdf(ORDERS[0]).read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/-/document/ca7/no-such-record",
        "/-/document/ca9/doctor__ca7_3-ffd9b75c84a6",
        "/-/document/ca7/no-such-record/original.pdf",
        "/-/document/ca7/no-such-record/page/1.png",
        f"/-/document/{SEVENTH}/page/9.png",
        f"/-/document/{SEVENTH}/page/1.png?quote=99",
    ],
)
def test_unknown_ids_pages_and_quotes_are_404(client: DatasetteClient, path: str) -> None:
    assert client.get(path).status == 404


@pytest.mark.parametrize(
    "path",
    [
        "/-/document/../../etc/passwd",
        "/-/document/..%2F..%2Fetc/passwd",
        "/-/document/ca7/..",
        "/-/document/ca7/../original.pdf",
        "/-/document/%2e%2e/%2e%2e/original.pdf",
        "/-/document/originals/..%2F..%2F..%2Fetc%2Fpasswd/original.pdf",
        f"/-/document/{SEVENTH}/../../../catalog.sqlite",
        "/-/document/records/ca7/original.pdf",
        "/-/document/..%252F..%252Fcatalog.sqlite/x/original.pdf",
    ],
)
def test_path_traversal_is_refused(client: DatasetteClient, path: str) -> None:
    response = client.get(path, follow_redirects=True)  # Datasette first re-spells %2F as ~2F
    assert response.status in (400, 404)
    assert b"%PDF" not in response.body and b"SQLite format" not in response.body and b"root:" not in response.body


def test_a_record_naming_another_key_is_refused(archive_folder: Path) -> None:
    record = record_of(archive_folder, SEVENTH)
    archive = Archive.open(str(archive_folder))
    for key in ("../catalog.sqlite", "records/ca7/doctor__ca7_3-ffd9b75c84a6.json", "/etc/passwd"):
        with pytest.raises(OriginalRefused, match="another key"):
            verified_original(archive, record | {"files": record["files"] | {"original": key}})


def test_an_original_whose_sha256_does_not_match_is_refused(archive_folder: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "archive"
    shutil.copytree(archive_folder, damaged)
    original = damaged / record_of(damaged, SEVENTH)["files"]["original"]
    data = bytearray(original.read_bytes())
    data[len(data) // 2] ^= 0xFF
    original.write_bytes(bytes(data))
    damaged_client = client_of(damaged)
    for path in (f"/-/document/{SEVENTH}/original.pdf", f"/-/document/{SEVENTH}/page/1.png?quote=1"):
        response = damaged_client.get(path)
        assert response.status == 500
        assert b"%PDF" not in response.body and b"PNG" not in response.body[:8]
        assert "sha256" in response.text and "not served" in response.text
    assert hashlib.sha256(bytes(data)).hexdigest() != record_of(damaged, SEVENTH)["sha256"]


def test_a_record_without_an_original_has_a_page_and_no_pdf(archive_folder: Path, tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    shutil.copytree(archive_folder, folder)
    path = folder / "records" / f"{SEVENTH}.json"
    record = json.loads(path.read_text())
    path.write_text(json.dumps(record | {"sha256": None, "files": record["files"] | {"original": None}}))
    update_catalog(Archive.open(str(folder)))
    events = client_of(folder)
    page = events.get(f"/-/document/{SEVENTH}")
    assert page.status == 200 and "No original" in page.text and "original.pdf" not in page.text
    for path_ in (f"/-/document/{SEVENTH}/original.pdf", f"/-/document/{SEVENTH}/page/1.png?quote=1"):
        assert events.get(path_).status == 404


def test_the_catalog_has_facets_and_canned_queries(client: DatasetteClient) -> None:
    documents = client.get("/catalog/documents.json?_extra=facet_results").json
    facets = documents["facet_results"]
    assert {"court", "type", "filed_by", "disposition", "month"} <= set(facets)
    assert {item["value"] for item in facets["court"]["results"]} == {"ca1", "ca7"}
    assert {item["value"] for item in facets["month"]["results"]} == {"2013-01", "2017-07"}
    search = client.get("/catalog/search.json?q=%22three+appeals+are+consolidated%22&_shape=objects").json
    assert [row["document"].split("/")[0] for row in search["rows"]] == ["ca1"]
    assert search["rows"][0]["page"] == 2
    html = client.get("/catalog/search?q=consolidated").text
    assert '<a href="/-/document/ca1/' in html and "<mark>consolidated</mark>" in html
    newest = client.get("/catalog/newest_court_orders.json?_shape=objects").json["rows"]
    assert [row["date_filed"] for row in newest] == ["2017-07-13", "2013-01-03"]


def test_each_watch_has_a_canned_query_of_its_matches(archive_folder: Path, tmp_path: Path) -> None:
    folder = shutil.copytree(archive_folder, tmp_path / "archive")
    secret_url = "https://hooks.example.org/T0KEN-of-the-newsroom"
    for args in (
        ["appeals", "--search", '"three appeals are consolidated"', "--webhook", secret_url],
        ["seventh.orders", "--court", "ca7", "--type", "order", "--atom"],
        ["seventh_orders", "--court", "ca7", "--email", "desk@example.org"],
        ["quoted", "--case", "o'brien", "--atom"],
    ):
        assert main(["watch", "add", *args, "--archive", str(folder)]) == 0
    watches = client_of(folder)
    listed = watches.get("/catalog.json").json["queries"]
    assert {query["name"] for query in listed} >= {
        "watch_appeals",
        "watch_seventh_orders",
        "watch_seventh_orders_2",
        "watch_quoted",
    }

    def matches(query: str) -> list[str]:
        response = watches.get(f"/catalog/{query}.json?_shape=objects")
        assert response.status == 200
        return [row["document"] for row in response.json["rows"]]

    assert [rid.split("/")[0] for rid in matches("watch_appeals")] == ["ca1"]
    assert matches("watch_seventh_orders") == matches("watch_seventh_orders_2") == [SEVENTH]
    assert matches("watch_quoted") == []
    html = watches.get("/catalog/watch_appeals").text
    assert "Watch appeals" in html and '<a href="/-/document/ca1/' in html
    for page in ("/-/metadata.json", "/catalog", "/catalog/watch_appeals", "/catalog/watch_seventh_orders_2"):
        text = watches.get(page).text
        assert "T0KEN" not in text and "hooks.example.org" not in text and "desk@example.org" not in text


def test_nothing_can_be_written(client: DatasetteClient) -> None:
    before = client.get("/catalog/documents.json?_shape=objects").json["rows"]
    for sql in ("DELETE FROM documents", "UPDATE documents SET case_name = 'x'", "DROP TABLE documents"):
        assert client.get(f"/catalog.json?sql={sql}").status == 400
    for path in (
        "/catalog/documents/-/insert",
        "/catalog/-/create",
        "/catalog/documents/-/drop",
        "/catalog/newest_court_orders",
    ):
        assert client.post(path, {"sql": "DELETE FROM documents"}).status >= 400
    assert client.get("/catalog/documents.json?_shape=objects").json["rows"] == before


def test_an_open_address_needs_a_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(app.PASSWORD_ENV, raising=False)
    assert app.auth_config("127.0.0.1", {}) is None and app.auth_config("::1", {}) is None
    for host in ("0.0.0.0", "192.168.1.20", "::", "example.org"):
        with pytest.raises(app.ServeRefused, match=app.PASSWORD_ENV):
            app.auth_config(host, {})


def test_with_a_password_every_page_asks_for_it(archive_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secrets = {app.PASSWORD_ENV: "correct-horse-battery", "COURT_ARCHIVE_WATCH_SECRET": "whsec-hook-secret-1"}
    for name, value in secrets.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv(app._HASH_ENV, "")  # auth_config sets it: restore it after the test
    # PBKDF2 of 1,000 rounds, not 480,000: every request below checks the password.
    config = app.auth_config("0.0.0.0", {app.PASSWORD_ENV: secrets[app.PASSWORD_ENV]}, hash_rounds=1000)
    authed = client_of(archive_folder, config)
    good = {"Authorization": "Basic " + base64.b64encode(b"reader:correct-horse-battery").decode()}
    bad = {"Authorization": "Basic " + base64.b64encode(b"reader:wrong").decode()}
    pages = [
        "/",
        "/catalog/documents",
        f"/-/document/{SEVENTH}",
        f"/-/document/{SEVENTH}/original.pdf",
        f"/-/document/{SEVENTH}/page/1.png?quote=1",
        "/catalog/search?q=order",
    ]
    get = async_to_sync(authed.ds.client.get)
    for path in pages:
        assert get(path).status_code == 401
        assert get(path, headers=bad).status_code == 401
        assert get(path, headers=good).status_code == 200, path
    hashed = app.os.environ[app._HASH_ENV]
    for path in (
        "/-/metadata.json",
        "/-/settings.json",
        "/-/plugins.json",
        "/-/versions.json",
        "/-/databases.json",
        "/-/actor.json",
        "/-/config.json",
        "/-/threads.json",
    ):
        text = get(path, headers=good).text
        assert not any(secret in text for secret in (*secrets.values(), hashed)), path
    # `courtarchive serve` keeps datasette-auth-passwords' own number of rounds.
    app.auth_config("0.0.0.0", {app.PASSWORD_ENV: secrets[app.PASSWORD_ENV]})
    assert app.os.environ[app._HASH_ENV].startswith("pbkdf2_sha256$480000$")


def test_serve_refuses_an_open_address_without_a_password(archive_folder: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "storage.cli", "serve", "--archive", str(archive_folder), "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={k: v for k, v in app.os.environ.items() if k != app.PASSWORD_ENV},
    )
    assert result.returncode == 2
    assert app.PASSWORD_ENV in result.stderr


def test_importing_the_cli_loads_no_web_or_pdf_stack_for_serve() -> None:
    code = (
        "import sys, storage.cli; print([m for m in ('datasette', 'pypdfium2', 'uvicorn', 'PIL') if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_an_s3_archive_is_served_from_its_cached_catalog(
    corpus_pdf: Callable[[str], Path],
    s3_server: S3Server,
    s3_bucket: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in {**s3_server.environment(), "XDG_CACHE_HOME": str(tmp_path / "cache")}.items():
        monkeypatch.setenv(name, value)
    uri = f"s3://{s3_bucket}/court"
    assert main(["add", str(corpus_pdf(ORDERS[0])), "--archive", uri, "--court", "ca7"]) == 0
    archive = Archive.open(uri)
    catalog = update_catalog(archive).path
    assert catalog.is_relative_to(tmp_path / "cache")
    datasette = app.build_datasette(archive, app.snapshot(catalog, tmp_path))
    async_to_sync(datasette.invoke_startup)()
    client = DatasetteClient(datasette)
    assert client.get(f"/-/document/{SEVENTH}").status == 200
    assert client.get(f"/-/document/{SEVENTH}/original.pdf").body == corpus_pdf(ORDERS[0]).read_bytes()
    key = json.loads(archive.blobs.read(f"records/{SEVENTH}.json") or b"{}")["files"]["original"]
    s3_server.client().put_object(Bucket=s3_bucket, Key=f"court/{key}", Body=b"%PDF-1.4 not the original")  # type: ignore[attr-defined]
    refused = client.get(f"/-/document/{SEVENTH}/original.pdf")
    assert refused.status == 500 and b"%PDF" not in refused.body
