"""The page at `/` in a real browser: headless Chromium driven through chromedriver
(selenium) loads it from a local `mtlint serve`, types a text with "thatIf" into it, sees the
highlight and the explanation, applies the fix, and keeps screenshots under
target/python-tests/browser/.

Skipped (with the reason) when chromium or chromedriver is not installed; .ci/run installs both.
"""

import shutil

import pytest

selenium = pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM or not DRIVER:
        pytest.skip("chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=DRIVER), options=options)
    yield driver
    driver.quit()


def test_typing_shows_a_highlight_and_the_fix_applies(server, browser, out_dir):
    shots = out_dir / "browser"
    shots.mkdir(exist_ok=True)
    browser.get(server.url + "/")
    wait = WebDriverWait(browser, 30)
    box = wait.until(EC.presence_of_element_located((By.ID, "text")))
    box.send_keys("😀 He said thatIf no progress is made, the talks would end.")
    mark = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#view mark")))
    assert mark.text == "thatIf"
    assert "thatIf" in mark.get_attribute("title")
    finding = browser.find_element(By.ID, "f0")
    assert "MT101" in finding.text and "that if" in finding.text
    assert browser.find_element(By.ID, "verdict").text.startswith("verdict:")
    browser.save_screenshot(str(shots / "highlight.png"))

    finding.find_element(By.TAG_NAME, "button").click()
    wait.until(lambda d: "that if" in d.find_element(By.ID, "text").get_property("value"))
    wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, "#view mark"))
    assert box.get_property("value") == "😀 He said that if no progress is made, the talks would end."
    browser.save_screenshot(str(shots / "fixed.png"))
    assert (shots / "highlight.png").stat().st_size > 1000
