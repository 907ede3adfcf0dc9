"""Reports in a real browser: btg.phubinh opens the 2022 annual report asked by Thái Nguyên, compiles it
again, writes a section and sends it to the leader; lanhdao.phubinh approves; btg.phubinh submits it;
btg.thainguyen sees it on the submissions page and opens it. Screenshots go to artifacts/screenshots/."""

import pytest

from phoihop.tests.test_browser_concerns import SHOTS, browser, new_page, sign_in  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_annual_report_compiled_approved_submitted_and_seen_above(browser):  # noqa: F811
    from phoihop.reports.demo import PB_CALL
    from phoihop.reports.models import Report, ReportCall, ReportStatus

    call = ReportCall.objects.get(title=PB_CALL)
    officer = new_page(browser)
    sign_in(officer, "btg.phubinh")
    officer.goto(officer.base + "/reports/")
    officer.click(f"main >> text={PB_CALL}")
    officer.wait_for_url(f"**/reports/calls/{call.pk}/")
    officer.click("main button:has-text('Mở báo cáo của cơ quan')")
    officer.wait_for_url("**/reports/*/")
    officer.click("main button:has-text('Tổng hợp lại số liệu')")
    officer.wait_for_load_state()
    assert "Đã tổng hợp lại số liệu" in officer.inner_text(".messages")
    assert "6/7 nhiệm vụ (85,7%)" in officer.inner_text("#said-tasks")
    assert officer.locator("#table-tasks caption").inner_text().startswith("Bảng 1.")
    officer.fill("#id_limitations", "Một số cơ quan cung cấp thông tin định kỳ còn chậm, chưa đầy đủ.")
    officer.click("main button:has-text('Lưu dự thảo')")
    officer.wait_for_load_state()
    assert "Đã lưu dự thảo" in officer.inner_text(".messages")
    officer.screenshot(path=str(SHOTS / "report-draft.png"), full_page=True)
    officer.click("main button:has-text('Trình lãnh đạo duyệt')")
    officer.wait_for_load_state()
    report = Report.objects.get(call=call, rollup=False)
    assert report.status == ReportStatus.PENDING

    leader = new_page(browser)
    sign_in(leader, "lanhdao.phubinh")
    leader.goto(leader.base + f"/reports/{report.pk}/")
    leader.click("main button:has-text('Duyệt báo cáo')")
    leader.wait_for_load_state()
    assert "Lãnh đạo đã duyệt" in leader.inner_text("main")

    officer.goto(officer.base + f"/reports/{report.pk}/")
    officer.click("main button:has-text('Gửi báo cáo')")
    officer.wait_for_load_state()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.number_line.endswith("-BC/BTGHU")
    assert report.number_line in officer.inner_text("main")
    assert report.limitations.startswith("Một số cơ quan cung cấp thông tin")
    officer.screenshot(path=str(SHOTS / "report-submitted.png"), full_page=True)

    superior = new_page(browser)
    sign_in(superior, "btg.thainguyen")
    superior.goto(superior.base + f"/reports/calls/{call.pk}/")
    row = superior.locator("#submissions tr", has_text="Ban Tuyên giáo Huyện ủy Phú Bình")
    assert "Đã gửi muộn" in row.inner_text()
    superior.screenshot(path=str(SHOTS / "report-submissions.png"), full_page=True)
    row.locator("a").click()
    superior.wait_for_url(f"**/reports/{report.pk}/")
    assert "Một số cơ quan cung cấp thông tin định kỳ còn chậm" in superior.inner_text("main")
    assert superior.locator("textarea").count() == 0  # the superior reads, never edits

    phone = new_page(browser, viewport={"width": 375, "height": 800})
    sign_in(phone, "btg.thainguyen")
    phone.goto(phone.base + f"/reports/{report.pk}/")
    phone.screenshot(path=str(SHOTS / "report-phone.png"), full_page=True)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    for page in (officer, leader, superior, phone):
        assert page.errors == []
