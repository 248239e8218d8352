"""`courtarchive serve` on the demo archive, in a real browser: Debian's headless Chromium,
driven by Selenium through Debian's chromium-driver, from a search to a document page to the
page image with its quote highlighted. The server is a real process on 127.0.0.1."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from tests.conftest import Demo
from tests.storage.conftest import EXECUTABLE
from tests.support.missing import missing as skip_or_fail
from tests.support.seaweed import free_port
from tests.support.servers import running

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    """Headless Chromium; missing, it skips, and fails under CI (which must install it)."""
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not shutil.which(path)]
    if missing:
        skip_or_fail(f"{', '.join(missing)} not installed (apt-get install chromium chromium-driver)")
    options = Options()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,1100"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def served(demo: Demo, tmp_path: Path) -> Iterator[str]:
    """`courtarchive serve` on the demo archive, on a free loopback port; its URL."""
    url = f"http://127.0.0.1:{free_port(set())}"

    def ready() -> bool:
        try:
            return requests.get(url + "/", timeout=2).status_code == 200
        except requests.ConnectionError:
            return False

    command = [EXECUTABLE, "serve", "--archive", str(demo.archive), "--port", url.rsplit(":", 1)[1]]
    with running(command, tmp_path / "serve.log", ready):
        yield url


# Counts the pixels of the highlight's yellow (bright, far less blue than red) in an image as the
# browser decoded it, and the first row that has one.
HIGHLIGHT_SCRIPT = """
const image = arguments[0], canvas = document.createElement('canvas');
canvas.width = image.naturalWidth; canvas.height = image.naturalHeight;
const context = canvas.getContext('2d');
context.drawImage(image, 0, 0);
const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
let count = 0, first = -1;
for (let i = 0; i < data.length; i += 4) {
  if (data[i] > 200 && data[i] - data[i + 2] > 60) {
    count++;
    if (first < 0) first = Math.floor(i / 4 / canvas.width);
  }
}
return [count, first];
"""


def test_from_a_search_to_the_highlighted_quote(browser: WebDriver, served: str, tmp_path: Path) -> None:
    wait = WebDriverWait(browser, 30)
    browser.get(served + "/catalog/search")
    query = wait.until(expected_conditions.presence_of_element_located((By.NAME, "q")))
    query.send_keys('"restitution"')
    query.submit()
    hit = wait.until(expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, "td.col-document a")))
    assert hit.text == "scotus/25pdf-24-482_d1oe"
    assert "restitution" in browser.find_element(By.CSS_SELECTOR, "td.col-snippet mark").text.lower()
    hit.click()
    heading = wait.until(expected_conditions.presence_of_element_located((By.TAG_NAME, "h1")))
    assert heading.text == "Ellingburg v. United States"
    assert "24-482" in browser.find_element(By.CSS_SELECTOR, "dl.facts").text
    quote = browser.find_element(By.CSS_SELECTOR, "#quote-1 blockquote").text
    image = browser.find_element(By.CSS_SELECTOR, "#quote-1 img.quote-page")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", image)
    wait.until(lambda _: browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image))
    assert browser.execute_script("return arguments[0].naturalWidth", image) > 800
    highlighted, first_row = browser.execute_script(HIGHLIGHT_SCRIPT, image)
    assert highlighted > 500, "no highlighted quote on the page image"
    browser.execute_script(
        "window.scrollTo(0, arguments[0].getBoundingClientRect().top + window.scrollY"
        " + arguments[1] * arguments[0].width / arguments[0].naturalWidth - 250)",
        image,
        first_row,
    )
    screenshot = tmp_path / "document-page.png"
    browser.save_screenshot(str(screenshot))
    print(f"screenshot of the document page ({quote[:60]!r}…): {screenshot}")
    original = browser.find_element(By.CSS_SELECTOR, "a.original").get_attribute("href")
    assert original is not None and requests.get(original, timeout=30).content.startswith(b"%PDF")
