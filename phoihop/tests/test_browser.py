"""Real browser (Playwright driving Debian's Chromium, headless) against a live server.

Screenshots are written to artifacts/screenshots/ for people to look at.
"""

import os
import re
from pathlib import Path

import pyotp
import pytest
from django.conf import settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop in this thread
playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def browser_page(live_server, base_data, settings):
    assert Path(CHROMIUM).exists(), "Chromium is missing: make system installs Debian's chromium package"
    settings.DEBUG = True  # the demo accounts sign in only in DEBUG, as with `make run`
    SHOTS.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-US")
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.base = live_server.url
        page.errors = errors
        yield page
        browser.close()


def sign_in(page, username, password="PhoiHop@2026"):
    page.goto(page.base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")


def test_officer_signs_in_searches_and_opens_an_organisation(browser_page):
    page = browser_page
    sign_in(page, "btg.phubinh")
    page.wait_for_url(page.base + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    playwright.expect(page.locator("h1")).to_have_text("Xin chào, Dương Văn Mưu")
    playwright.expect(page.locator(".card").first).to_contain_text("Việc cần làm")
    page.screenshot(path=str(SHOTS / "01-trang-dau.png"), full_page=True)

    page.click("nav.mainnav summary:has-text('Tra cứu')")
    page.click("nav.mainnav a:text-is('Cơ quan')")
    page.fill("input[name=q]", "phu binh")  # htmx searches as one types
    results = page.locator("#results")
    playwright.expect(results).to_contain_text("6 cơ quan, đơn vị")
    playwright.expect(results).to_contain_text("Ban Tuyên giáo Huyện ủy Phú Bình")
    playwright.expect(results).not_to_contain_text("Khánh Hòa")
    assert "q=phu%20binh" in page.url  # the search is in the address, so it can be shared and reloaded
    page.screenshot(path=str(SHOTS / "02-tim-co-quan.png"), full_page=True)

    results.get_by_role("link", name="Ban Tuyên giáo Huyện ủy Phú Bình").click()
    playwright.expect(page.locator("h1")).to_have_text("Ban Tuyên giáo Huyện ủy Phú Bình")
    playwright.expect(page.locator("main")).to_contain_text("Đầu mối")
    playwright.expect(page.locator("main")).to_contain_text("Đảng (Hướng dẫn 36-HD/VPTW)")
    page.screenshot(path=str(SHOTS / "03-co-quan.png"), full_page=True)
    assert page.errors == []  # no script errors, no Content-Security-Policy violations


def test_switching_organisation_and_language(browser_page):
    page = browser_page
    sign_in(page, "btg.phubinh")
    page.wait_for_url(page.base + "/")
    page.select_option("#acting-org", label="BCĐ 35 huyện Phú Bình · Chuyên viên")
    playwright.expect(page.locator(".messages")).to_contain_text("Ban Chỉ đạo 35 huyện Phú Bình")
    page.click("header .lang button")
    playwright.expect(page.locator("h1")).to_contain_text("Hello")
    page.screenshot(path=str(SHOTS / "04-tieng-anh.png"), full_page=True)
    assert page.errors == []


def test_system_administrator_enrols_two_factor_in_the_browser(browser_page):
    page = browser_page
    sign_in(page, "admin")
    page.wait_for_url(re.compile(r".*/accounts/2fa/setup/.*"))
    playwright.expect(page.locator("img[alt^='Mã QR']")).to_be_visible()
    secret = page.locator("code.secret").inner_text().strip()
    page.screenshot(path=str(SHOTS / "05-xac-thuc-hai-lop.png"), full_page=True)
    page.fill("#id_code", pyotp.TOTP(secret).now())
    page.click("main button[type=submit]")
    page.wait_for_url(page.base + "/")
    playwright.expect(page.locator("nav.mainnav")).to_contain_text("Nhật ký")
    page.click("nav.mainnav summary:has-text('Quản trị')")
    page.click("nav.mainnav a:text-is('Nhật ký')")
    playwright.expect(page.locator("#results")).to_contain_text("auth.totp_enabled")
    page.screenshot(path=str(SHOTS / "06-nhat-ky.png"), full_page=True)
    assert page.errors == []
