"""Meetings in a real browser: btg.khanhhoa records a review meeting with the HĐND invited, adds a
conclusion with its lead found by typing without accents, turns it into a task; hdnd.khanhhoa finds the
task in "Việc cần làm" and answers the invitation. Screenshots go to artifacts/screenshots/."""

import datetime as dt

import pytest
from django.utils import timezone

from phoihop.tests.test_browser_concerns import SHOTS, browser, new_page, sign_in  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_review_conclusion_becomes_a_task_in_the_leads_work(browser):  # noqa: F811
    from phoihop.meetings.models import Conclusion, Meeting

    page = new_page(browser)
    sign_in(page, "btg.khanhhoa")
    page.goto(page.base + "/meetings/")
    page.click("main >> text=Tạo cuộc họp")
    page.wait_for_url("**/meetings/new/")
    page.select_option("#id_kind", "review")
    page.fill("#id_title", "Hội nghị sơ kết phối hợp năm 2026")
    today = timezone.localdate()
    page.fill("#id_starts_at", f"{today:%Y-%m-%d}T08:00")
    page.fill("#id_ends_at", f"{today:%Y-%m-%d}T11:00")
    page.fill("#id_place", "Hội trường Ban Tuyên giáo Tỉnh ủy")
    page.fill("#id_chair", "Lê Hữu Thọ, Trưởng ban Tuyên giáo Tỉnh ủy")
    page.select_option("#id_plan", index=1)
    page.fill("#invite-q-1", "thuong truc hdnd khanh hoa")
    page.wait_for_selector(
        "#id_invite_0 option:has-text('Thường trực Hội đồng nhân dân tỉnh Khánh Hòa')", state="attached"
    )
    page.select_option("#id_invite_0", label="Thường trực Hội đồng nhân dân tỉnh Khánh Hòa")
    page.click("main button:has-text('Tạo và gửi giấy mời')")
    page.wait_for_url("**/meetings/*/")
    meeting = Meeting.objects.get(title="Hội nghị sơ kết phối hợp năm 2026")

    page.click("summary:has-text('Thêm kết luận')")
    page.fill("#id_text", "Thường trực HĐND tỉnh cung cấp thông tin kết quả giám sát chuyên đề cho báo chí")
    page.fill("#lead-q", "thuong truc hdnd khanh hoa")
    page.wait_for_selector("#id_lead option:has-text('Thường trực Hội đồng nhân dân tỉnh Khánh Hòa')", state="attached")
    page.select_option("#id_lead", label="Thường trực Hội đồng nhân dân tỉnh Khánh Hòa")
    page.fill("#id_deadline", f"{today + dt.timedelta(days=5):%Y-%m-%d}")
    page.click("form[action$='/conclusions/'] button:has-text('Thêm')")
    page.wait_for_load_state()
    page.click("main button:has-text('Giao thành nhiệm vụ')")
    page.wait_for_load_state()
    assert "Đã giao kết luận số 1 thành nhiệm vụ" in page.inner_text(".messages")
    page.screenshot(path=str(SHOTS / "meeting-detail.png"), full_page=True)
    conclusion = Conclusion.objects.get(meeting=meeting)
    assert conclusion.task is not None and conclusion.task.lead.name == "Thường trực Hội đồng nhân dân tỉnh Khánh Hòa"
    assert page.errors == []

    hdnd = new_page(browser)
    sign_in(hdnd, "hdnd.khanhhoa")
    assert conclusion.task.title in hdnd.inner_text("main")  # "Việc cần làm", the first page after sign-in
    hdnd.screenshot(path=str(SHOTS / "meeting-task-in-my-work.png"), full_page=True)
    hdnd.goto(hdnd.base + f"/meetings/{meeting.pk}/")
    hdnd.check("input[name=answer][value=deputy]")
    hdnd.fill("#id_deputy", "Phó Chánh Văn phòng Đoàn ĐBQH và HĐND tỉnh")
    hdnd.click("main button:has-text('Gửi trả lời')")
    hdnd.wait_for_load_state()
    assert "Cử người dự thay: Phó Chánh Văn phòng" in hdnd.inner_text("main table")
    assert hdnd.errors == []
