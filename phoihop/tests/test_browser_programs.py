"""A coordination program from draft to a reported task, in a real browser (Playwright driving Debian's
Chromium, headless) against a live server: three Khánh Hòa bodies agree, the lead signs, plans, gives a task,
and the assigned officer finds it in "Việc cần làm" and reports progress.

Screenshots are written to artifacts/screenshots/ for people to look at.
"""

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

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
TITLE = "Chương trình phối hợp thông tin, tuyên truyền về hoạt động của chính quyền tỉnh Khánh Hòa"
CONTENTS = [
    "Tuyên truyền nghị quyết của Hội đồng nhân dân tỉnh",
    "Định hướng thông tin trước, trong và sau các kỳ họp",
    "Phối hợp nắm bắt dư luận xã hội qua tiếp xúc cử tri",
    "Đấu tranh phản bác thông tin sai trái về chính quyền địa phương",
]
TASK = "Tuyên truyền kết quả kỳ họp cuối năm của HĐND tỉnh"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def browser_page(live_server, base_data, settings):
    assert Path(CHROMIUM).exists(), "Chromium is missing: make system installs Debian's chromium package"
    settings.DEBUG = True  # the demo accounts sign in only in DEBUG, as with `make run`
    SHOTS.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US", accept_downloads=True)
        page = context.new_page()
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
    page.wait_for_url(page.base + "/")


def sign_out(page):
    page.click("header button:has-text('Đăng xuất')")
    page.wait_for_url("**/accounts/login/**")


def choose_org(page, search_box: str, select: str, query: str, name: str):
    """The search-to-fill pattern: type without accents, the select fills with matches, pick one."""
    page.fill(search_box, query)
    option = page.locator(f"{select} option", has_text=name).first
    option.wait_for(state="attached")
    page.select_option(select, label=name)


def test_program_from_draft_to_a_reported_task(browser_page):
    from docx import Document

    from phoihop.accounts.models import Role
    from phoihop.orgs.models import Organization
    from phoihop.programs.models import Program
    from phoihop.tests.support import PASSWORD, make_user

    page = browser_page
    today = timezone.localdate()
    year = today.year
    deadline = min(today + dt.timedelta(days=5), dt.date(year, 12, 31))  # inside the plan year, due within 7 days
    ubnd = Organization.objects.get(name="Ủy ban nhân dân tỉnh Khánh Hòa")
    make_user(org=ubnd, role=Role.OFFICER, username="ubnd.khanhhoa.thu", full_name="Phan Thị Thu")  # no demo account

    # the lead's officer drafts the program with three parties and four contents
    sign_in(page, "btg.khanhhoa")
    page.click("nav.mainnav summary:has-text('Phối hợp')")
    page.click("nav.mainnav a:text-is('Chương trình')")
    page.click("main >> text=Soạn chương trình")
    page.fill("#id_title", TITLE)
    page.fill("#id_period_start", str(year))
    page.fill("#id_period_end", str(year + 4))
    page.locator("#legal-bases label", has_text="238-QĐ/TW").locator("input").check()
    page.fill("#id_lead-signatory_name", "Lê Hữu Thọ")
    page.fill("#id_lead-signatory_title", "Trưởng ban")
    page.fill("#id_lead-signing_authority", "T/M BAN THƯỜNG VỤ")
    choose_org(
        page,
        "#party-q-0",
        "#id_parties-0-organization",
        "thuong truc hoi dong nhan dan tinh khanh hoa",
        "Thường trực Hội đồng nhân dân tỉnh Khánh Hòa",
    )
    page.fill("#id_parties-0-signatory_name", "Nguyễn Khắc Toàn")
    page.fill("#id_parties-0-signatory_title", "Chủ tịch")
    choose_org(page, "#party-q-1", "#id_parties-1-organization", "uy ban nhan dan tinh khanh hoa", ubnd.name)
    page.fill("#id_parties-1-signatory_name", "Người ký UBND")
    page.fill("#id_contents", "\n".join(CONTENTS))
    page.screenshot(path=str(SHOTS / "10-soan-chuong-trinh.png"), full_page=True)
    page.click("main form.program-form button[type=submit]")
    playwright.expect(page.locator("h1")).to_have_text(TITLE)
    program = Program.objects.get(title=TITLE)
    program_url = f"{page.base}/programs/{program.pk}/"
    main = page.locator("main")
    playwright.expect(main).to_contain_text("Dự thảo")
    for content in CONTENTS:
        playwright.expect(page.locator("#noi-dung")).to_contain_text(content)
    assert program.parties.count() == 3 and program.contents.count() == 4

    # while a draft, the contents are reordered in place (htmx), renumbered, and put back
    contents = page.locator("#noi-dung li")
    page.get_by_role("button", name="Chuyển nội dung 1 xuống").click()
    playwright.expect(contents.first).to_contain_text("1." + CONTENTS[1])
    page.get_by_role("button", name="Chuyển nội dung 2 lên").click()
    playwright.expect(contents.first).to_contain_text("1." + CONTENTS[0])
    assert list(program.contents.order_by("number").values_list("title", flat=True)) == CONTENTS

    # circulated; the lead sees who has not answered
    page.click("main button:has-text('Gửi lấy ý kiến các bên')")
    playwright.expect(main).to_contain_text("Còn 2 bên chưa trả lời")
    sign_out(page)

    # the two partners agree
    for username, password in (("hdnd.khanhhoa", "PhoiHop@2026"), ("ubnd.khanhhoa.thu", PASSWORD)):
        sign_in(page, username, password)
        page.goto(program_url)
        playwright.expect(main).to_contain_text("Ý kiến của cơ quan bạn về dự thảo")
        page.check("input[name=decision][value=agree]")
        page.click("main button:has-text('Gửi ý kiến')")
        playwright.expect(page.locator(".messages")).to_contain_text("Đã nhất trí dự thảo.")
        sign_out(page)

    # the lead signs: the number comes from its register; the DOCX carries the program
    sign_in(page, "btg.khanhhoa")
    page.goto(program_url)
    playwright.expect(main).to_contain_text("Tất cả các bên đã trả lời.")
    page.click("summary:has-text('Ghi nhận ký kết')")
    page.fill("#id_sign-signed_place", "Nha Trang")
    page.fill("#id_sign-signing_meeting", "Hội nghị ký kết chương trình phối hợp")
    page.click("details.action-form[open] button[type=submit]")
    playwright.expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Ghi nhận ký kết.")
    playwright.expect(main).to_contain_text("Đang hiệu lực")
    program.refresh_from_db()
    assert program.number_line.endswith("-CTr/BTGTU-HĐND-UBND")
    playwright.expect(main).to_contain_text(program.number_line)
    with page.expect_download() as download:
        page.click("text=Tải văn bản (DOCX)")
    data = Path(download.value.path()).read_bytes()
    assert data[:2] == b"PK"
    doc = Document(io.BytesIO(data))
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert "thông tin, tuyên truyền về hoạt động của chính quyền tỉnh Khánh Hòa" in text  # the title (trích yếu)
    assert CONTENTS[3] in text and program.number_line in text
    page.screenshot(path=str(SHOTS / "11-chuong-trinh.png"), full_page=True)

    # the plan of the first year, and a task led by Thường trực HĐND with its officer assigned
    page.click("summary:has-text('Lập kế hoạch năm')")
    playwright.expect(page.locator("#id_year")).to_have_value(str(year))
    page.click("main button:has-text('Lập kế hoạch')")
    playwright.expect(page.locator("h1")).to_have_text(f"Kế hoạch phối hợp công tác năm {year}")
    plan_url = page.url
    page.click("main >> text=Thêm nhiệm vụ")
    page.fill("#id_title", TASK)
    page.select_option("#id_content", index=2)
    choose_org(
        page,
        "#lead-q",
        "#id_lead",
        "thuong truc hoi dong nhan dan tinh khanh hoa",
        "Thường trực Hội đồng nhân dân tỉnh Khánh Hòa",
    )
    assignee = page.locator("#id_assignees option", has_text="Trần Văn Bình")
    assignee.wait_for(state="attached")  # the list of people followed the chosen lead (htmx)
    page.wait_for_load_state("networkidle")
    page.select_option("#id_assignees", label=assignee.inner_text())
    page.fill("#id_deadline", f"{deadline:%d/%m/%Y}")
    page.fill("#id_expected_output", "Tin, bài, phóng sự")
    page.click("main form.task-form button[type=submit]")
    playwright.expect(page.locator("h1")).to_have_text(TASK)
    playwright.expect(main).to_contain_text("Trần Văn Bình")
    page.goto(plan_url)
    playwright.expect(page.locator("table.task-table")).to_contain_text(TASK)
    page.screenshot(path=str(SHOTS / "12-ke-hoach.png"), full_page=True)
    sign_out(page)

    # the assigned officer finds it in "Việc cần làm" (due within 7 days) and reports progress
    sign_in(page, "hdnd.khanhhoa")
    due_soon = page.locator("#q-due_soon")
    playwright.expect(due_soon).to_contain_text(TASK)
    playwright.expect(page.locator(".queue-summary")).to_contain_text("Giao cho tôi")
    page.screenshot(path=str(SHOTS / "13-viec-can-lam.png"), full_page=True)
    due_soon.get_by_role("link", name=TASK).click()
    playwright.expect(page.locator("h1")).to_have_text(TASK)
    page.fill("#id_text", "Đã đăng 3 tin, 1 phóng sự về kỳ họp trên Báo Khánh Hòa.")
    page.fill("#id_percent", "50")
    page.click("main button:has-text('Gửi báo cáo')")
    playwright.expect(page.locator(".messages")).to_contain_text("Đã gửi báo cáo tiến độ (50%).")
    playwright.expect(main).to_contain_text("Đã đăng 3 tin, 1 phóng sự")
    playwright.expect(main).to_contain_text("Đang thực hiện")  # the first report started the task
    page.screenshot(path=str(SHOTS / "14-nhiem-vu.png"), full_page=True)
    assert page.errors == []  # no script errors, no Content-Security-Policy violations
