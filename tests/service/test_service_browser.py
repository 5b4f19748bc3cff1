"""The web app in a real browser: Debian's Chromium driven by Playwright against a live server.

Each test takes a screenshot of its page. With ``CHIPCONTROLS_UPDATE_SCREENSHOTS=1`` they replace the
committed ones in docs/screenshots/ (the README shows them); otherwise they go to a temporary folder, so a
test run leaves the work tree clean.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from service_support import ROOT, LiveServer, engine_part

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = (ROOT / "docs" / "screenshots" if os.environ.get("CHIPCONTROLS_UPDATE_SCREENSHOTS") == "1"
         else Path(tempfile.gettempdir()) / "chipcontrols-screenshots")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required in CI (scripts/services.d/chromium.sh installs it)")
        pytest.skip("Debian's chromium is not installed (run scripts/services.d/chromium.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server: LiveServer):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/login")
    page.fill("#key", live_server.key("officer"))
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    yield page
    context.close()


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def test_sign_in(browser, live_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(f"{live_server.url}/classify")
    assert page.url.endswith("/login")
    page.fill("#key", "cc_wrong_key")
    page.click("button[type=submit]")
    assert "not valid" in page.inner_text(".error")
    _shot(page, "sign-in.png")
    page.fill("#key", live_server.key("analyst"))
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert "Classify a chip" in page.inner_text("main")
    _shot(page, "home.png")
    context.close()


@engine_part("chipcontrols.classification")
def test_classify_h20_under_2024_rules(page, live_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/classify")
    page.select_option("#chip", "nvidia/h20")
    page.fill("#as_of", "2024-06-01")
    page.click("button[type=submit]")
    status = page.inner_text("#classification-status")
    assert "not controlled" in status.lower()
    assert page.locator("svg.chart circle.highlight").count() == 1
    _shot(page, "classify-h20-2024.png")


@engine_part("chipcontrols.licensing")
def test_check_h20_to_china_april_2025(page, live_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/check")
    page.select_option("#item", "nvidia/h20")
    page.fill("#quantity", "100")
    page.fill("#ship_date", "2025-04-20")
    page.fill("#exporter", "NVIDIA Corporation")
    page.fill("#customer", "Example Cloud Computing Co. Ltd.")
    page.fill("#country", "CN")
    page.select_option("#end_use", "datacenter")
    page.click("button[type=submit]")
    assert page.inner_text("#verdict").lower() == "licence required"
    reasons = page.inner_text("#reasons")
    assert "NVIDIA letter of Apr 9, 2025" in reasons
    assert "April 2025 letter" in page.inner_text("main")
    _shot(page, "check-h20-china-2025-04-20.png")


@engine_part("chipcontrols.screening")
def test_screen_huawei_in_chinese(page, live_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/screen")
    page.fill("#name", "华为技术有限公司")
    page.click("button[type=submit]")
    result = page.inner_text("#screen-result")
    assert "huawei" in result.lower()
    assert "read as han" in page.inner_text("tr.hit-row >> nth=0")  # the explanation of the best hit is shown
    _shot(page, "screen-huawei.png")


@engine_part("chipcontrols.licensing")
def test_order_book_upload_progress_and_download(page, live_server: LiveServer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    book = tmp_path / "order-book.csv"
    rows = ["order_id,item,quantity,unit_value_usd,destination,end_user,end_user_country,end_user_headquarters,"
            "end_use,ship_date,exporter"] + [
        f"O{i},{chip},10,20000,{country},Customer {i},{country},{country},datacenter,2025-04-20,NVIDIA Corporation"
        for i, (chip, country) in enumerate([("H20", "CN"), ("H100", "DE"), ("H20", "FR")] * 4)
    ]
    book.write_text("\n".join(rows) + "\n")
    page.goto(f"{live_server.url}/batch")
    page.set_input_files("#file", str(book))
    page.click("button[type=submit]")
    page.wait_for_selector("#batch-result:not([hidden])")
    assert page.locator("#batch-progress").get_attribute("value") == "100"
    summary = page.inner_text("#batch-table")
    assert "rows\t12" in summary and "license required\t4" in summary
    _shot(page, "order-book.png")
    with page.expect_download() as download_info:
        page.click("#batch-download")
    downloaded = Path(download_info.value.path())
    lines = downloaded.read_text().splitlines()
    assert len(lines) == 13 and "outcome" in lines[0]
    assert sum(",license_required," in line for line in lines[1:]) == 4  # the four H20 rows to China


@engine_part("chipcontrols.rules")
def test_rules_timeline_and_impact(page, live_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/rules")
    assert page.locator("ol.timeline li").count() > 0
    assert page.locator("a[href*='federalregister.gov']").count() > 0
    _shot(page, "rules-timeline.png")
    page.goto(f"{live_server.url}/impact?die_area_mm2=800&as_of=2025-04-20")
    assert page.locator("svg.chart").count() == 1
    _shot(page, "impact.png")
