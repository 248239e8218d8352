"""`scrapy genspider -t court`: the court template, its test and fixture folder, generated in a
copy of the project (the command writes into the project it runs in, hence a process)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from tests.support.crawl import REPO

RUFF = str(Path(sys.executable).with_name("ruff"))

URL = "https://www.courts.nh.gov/our-courts/supreme-court/orders-and-opinions/opinions"
PAGE = """<table><tr><th>Case Number</th><th>Case Name</th><th>Date Issued</th></tr>
<tr><td>2023-0431</td><td><a href="/files/2023-0431.pdf">State v. Doe</a></td><td>10/22/2024</td></tr></table>"""


def test_genspider_court_writes_a_court_module_its_test_and_fixture_folder(tmp_path: Path) -> None:
    project = tmp_path / "project"
    for package in ("scrapers", "tests/support"):
        shutil.copytree(REPO / package, project / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(REPO / "tests/__init__.py", project / "tests/__init__.py")
    for config in ("scrapy.cfg", "pyproject.toml"):
        shutil.copy2(REPO / config, project / config)
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "genspider", "-t", "court", "nh", URL],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    test = (project / "tests/scrapers/test_nh.py").read_text(encoding="utf-8")
    assert "from scrapers.spiders.nh import NhSpider, parse_listing" in test
    assert "== ..." in test  # fails until a person writes what the saved page shows
    assert (project / "tests/scrapers/fixtures/nh").is_dir()
    written = ["scrapers/spiders/nh.py", "tests/scrapers/test_nh.py"]
    for lint in (["check"], ["format", "--check"]):  # what `make lint` asks of them
        linted = subprocess.run([RUFF, *lint, *written], cwd=project, capture_output=True, text=True, check=False)
        assert linted.returncode == 0, linted.stdout + linted.stderr
    spec = importlib.util.spec_from_file_location("generated_nh", project / "scrapers/spiders/nh.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    spider = module.NhSpider()
    assert (spider.name, spider.court_id, spider.listing_urls()) == ("nh", "nh", [URL])
    [document] = module.parse_listing(PAGE, URL)
    assert (document.docket_number, document.case_name, document.date_filed) == (
        "2023-0431",
        "State v. Doe",
        date(2024, 10, 22),
    )
    assert document.document_url == "https://www.courts.nh.gov/files/2023-0431.pdf"
