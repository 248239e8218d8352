"""juriscraper is loaded by the juriscraper spider only, when it runs: Scrapy's spider loader
imports every spider module for every crawl, and none of them may import juriscraper or
rewire its logger. A fresh interpreter is the subject here, hence a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support.missing import require_juriscraper

REPO = Path(__file__).resolve().parents[3]
LOADED = "sorted(m for m in sys.modules if m.split('.')[0] == 'juriscraper')"
LOAD_EVERY_SPIDER = f"""
import json, logging, sys
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings
loader = SpiderLoader.from_settings(get_project_settings())
assert {{'scotus', 'juriscraper', 'pacer_rss'}} <= set(loader.list()), loader.list()
import scrapers.spiders.scotus
before = {LOADED}
spider = None
if sys.argv[1] == 'run-juriscraper':
    from scrapers.spiders.juriscraper import JuriscraperSpider
    spider = JuriscraperSpider(court='ca1')
handlers = logging.getLogger('juriscraper.lib.log_tools').handlers
print(json.dumps({{'before': before, 'after': {LOADED},
                  'handlers': [type(h).__name__ for h in handlers]}}))
"""


def imports(mode: str) -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", LOAD_EVERY_SPIDER, mode],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, list[str]] = json.loads(done.stdout)
    return result


def test_loading_every_spider_imports_no_juriscraper() -> None:
    loaded = imports("load-only")
    assert loaded == {"before": [], "after": [], "handlers": []}


def test_the_juriscraper_spider_loads_it_and_quiets_its_logger() -> None:
    require_juriscraper()
    loaded = imports("run-juriscraper")
    assert loaded["before"] == []
    assert "juriscraper.AbstractSite" in loaded["after"]
    assert loaded["handlers"] == ["NullHandler"]
