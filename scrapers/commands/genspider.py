"""`scrapy genspider`, plus, with `-t court`, the court's test and its fixture folder.

`scrapy genspider -t court ca1 https://www.ca1.uscourts.gov/opinions` writes
scrapers/spiders/ca1.py from scrapers/templates/spiders/court.tmpl (TEMPLATES_DIR), and
tests/scrapers/test_ca1.py from scrapers/templates/tests/court.tmpl, which reads the page
saved as tests/scrapers/fixtures/ca1/listing.html. README: "Adding a court".
"""

from __future__ import annotations

import os
import string
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.commands.genspider import Command as ScrapyGenspider

TESTS = Path(__file__).resolve().parents[2] / "tests" / "scrapers"


class Command(ScrapyGenspider):
    """Scrapy's genspider; the court template also gets its test and fixture folder."""

    def _generate_template_variables(self, module: str, name: str, url: str, template_name: str) -> dict[str, Any]:
        parts = urlsplit(url)
        return {
            **super()._generate_template_variables(module, name, url, template_name),
            "site": f"{parts.scheme}://{parts.netloc}",
            "listing_path": parts.path or "/",
            "court_title": "<the court's name, as CourtListener spells it>",
        }

    def _genspider(
        self, module: str, name: str, url: str, template_name: str, template_file: str | os.PathLike[str]
    ) -> Path:
        spider_file = super()._genspider(module, name, url, template_name, template_file)
        if Path(template_file).stem == "court":
            self._court_test(module, name, url, template_name, Path(template_file))
        return spider_file

    def _court_test(self, module: str, name: str, url: str, template_name: str, template_file: Path) -> None:
        """tests/scrapers/test_<name>.py from the test template, and the fixture folder."""
        test_template = template_file.parents[1] / "tests" / "court.tmpl"
        variables = self._generate_template_variables(module, name, url, template_name)
        test_file = TESTS / f"test_{module}.py"
        (TESTS / "fixtures" / name).mkdir(parents=True, exist_ok=True)
        if not test_file.exists():
            text = string.Template(test_template.read_text(encoding="utf-8")).substitute(variables)
            test_file.write_text(text, encoding="utf-8")
        print(
            f"Created its test {test_file.relative_to(TESTS.parents[1])}: save the listing page as "
            f"tests/scrapers/fixtures/{name}/listing.html"
        )
