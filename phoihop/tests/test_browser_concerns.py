"""Concerns in a real browser (Playwright driving Debian's Chromium, headless) against a live server: an
officer records a concern, then types the same matter again without accents, is warned of the duplicate
while typing and adds a report to the first one; an opinion collaborator sends a quick report from a phone.

Screenshots are written to artifacts/screenshots/ for people to look at.
"""

import os
from pathlib import Path

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
def browser(live_server, base_data, settings):
    assert Path(CHROMIUM).exists(), "Chromium is missing: make system installs Debian's chromium package"
    settings.DEBUG = True  # the demo accounts sign in only in DEBUG, as with `make run`
    SHOTS.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        browser.base = live_server.url
        yield browser
        browser.close()


def new_page(browser, **context):
    context = {"viewport": {"width": 1280, "height": 900}, "locale": "en-US"} | context
    page = browser.new_context(**context).new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.base = browser.base
    page.errors = errors
    return page


def sign_in(page, username, password="PhoiHop@2026"):
    page.goto(page.base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(page.base + "/")


def test_duplicate_warning_while_typing_adds_a_report_to_the_original(browser):
    from phoihop.concerns.models import Concern

    page = new_page(browser)
    before = Concern.objects.count()
    sign_in(page, "btg.khanhhoa")
    page.click("nav.mainnav summary:has-text('Dư luận & vấn đề')")
    page.click("nav.mainnav a:text-is('Vấn đề')")
    page.wait_for_url("**/concerns/")
    page.click("main >> text=Ghi nhận vấn đề")
    page.fill("#id_title", "Người dân bức xúc vì chậm chi trả bồi thường dự án đường ven biển")
    page.fill(
        "#id_description",
        "Nhiều hộ dân tổ dân phố 3 đã bàn giao mặt bằng nhưng chưa nhận tiền bồi thường, hỗ trợ tái định cư.",
    )
    page.select_option("#id_channel", "voter_meeting")
    # the classifier's suggestion fills the topic with one click
    chip = page.locator("#topic-suggest button[data-topic]").first
    chip.wait_for()
    chip.click()
    assert page.input_value("#id_topic").startswith("dat-dai.")
    page.fill("#id_unit", "Phường Ninh Hòa, Khánh Hòa")
    page.select_option("#id_severity", "3")
    page.locator("#contact-block summary").click()
    page.fill("#id_contact_name", "Trần Văn Dân")
    page.fill("#id_contact_phone", "0905123456")
    # a denunciation hides the contact block and says why
    page.select_option("#id_channel", "denunciation")
    assert page.locator("#contact-block").is_hidden()
    assert page.locator("#denunciation-note").is_visible()
    page.select_option("#id_channel", "voter_meeting")
    assert page.locator("#contact-block").is_visible()
    page.screenshot(path=str(SHOTS / "concern-new.png"), full_page=True)
    page.click("main button:has-text('Ghi nhận vấn đề mới')")
    page.wait_for_url("**/concerns/*/")
    original = Concern.objects.get(title="Người dân bức xúc vì chậm chi trả bồi thường dự án đường ven biển")
    assert f"Mã theo dõi: {original.tracking_code}" in page.inner_text(".messages")
    assert original.contacts.count() == 1
    page.screenshot(path=str(SHOTS / "concern-detail.png"), full_page=True)

    # the same matter again, typed without accents: the warning comes while typing
    page.goto(page.base + "/concerns/new/")
    page.select_option("#id_channel", "reception")
    page.fill("#id_unit", "phuong ninh hoa, khanh hoa")
    page.locator("#id_title").press_sequentially("cham chi tra boi thuong duong ven bien", delay=10)
    page.fill("#id_description", "ho dan to dan pho 3 chua nhan tien boi thuong tai dinh cu")
    panel = page.locator("#dupes .dupes")
    panel.wait_for()
    assert original.tracking_code in panel.inner_text() and "%" in panel.inner_text()
    page.locator("#topic-suggest button[data-topic]").first.click()
    page.screenshot(path=str(SHOTS / "concern-duplicate-warning.png"), full_page=True)
    panel.locator("li", has_text=original.tracking_code).locator("button:has-text('Ghi thêm vào vấn đề này')").click()
    page.wait_for_url(f"**/concerns/{original.pk}/")
    assert "nay có 2 lượt phản ánh" in page.inner_text(".messages")
    original.refresh_from_db()
    assert original.reports_count == 2 and Concern.objects.count() == before + 1
    assert "2 lượt phản ánh" in page.inner_text("hgroup")

    # the handler's officer opens the complainant's contact on request only
    assert "0905123456" not in page.content()
    page.click("main >> text=Liên hệ người phản ánh")
    page.locator("#contacts td:has-text('0905123456')").wait_for()
    page.screenshot(path=str(SHOTS / "concern-contacts.png"), full_page=True)
    assert page.errors == []


def test_quick_report_on_a_phone(browser):
    from phoihop.accounts.models import Role
    from phoihop.concerns.models import Concern
    from phoihop.orgs.models import Organization
    from phoihop.tests.support import PASSWORD, make_user

    btg = Organization.objects.get(name="Ban Tuyên giáo Tỉnh ủy Khánh Hòa")
    make_user(org=btg, role=Role.COLLABORATOR, username="ctv.ninhhoa", full_name="Cộng tác viên Ninh Hòa")
    page = new_page(browser, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    sign_in(page, "ctv.ninhhoa", PASSWORD)
    page.goto(page.base + "/concerns/quick/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.fill("#id_title", "Dân bức xúc vì nước sinh hoạt bị đục nhiều ngày")
    page.fill("#id_description", "Người dân nói nước máy đục, có mùi, chưa ai giải thích; nhiều nhà phải mua nước.")
    page.fill("#id_unit", "Phường Ninh Hòa, Khánh Hòa")
    page.check("input[name=severity][value='3']")
    page.screenshot(path=str(SHOTS / "concern-quick-375.png"), full_page=True)
    submit = page.locator("main button:has-text('Gửi báo cáo')")
    assert submit.bounding_box()["height"] >= 44  # a thumb-sized target
    submit.click()
    page.wait_for_url("**/concerns/quick/")
    concern = Concern.objects.get(title="Dân bức xúc vì nước sinh hoạt bị đục nhiều ngày")
    message = page.inner_text(".messages")
    assert concern.tracking_code in message and concern.topic.name in message
    assert concern.channel == "collaborator" and concern.reports.get().source == "quick"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(SHOTS / "concern-quick-375-sent.png"), full_page=True)
    assert page.errors == []
