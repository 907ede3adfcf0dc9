"""Information supply in a real browser: btg.khanhhoa asks the HĐND standing committee for monthly
information through the request form; hdnd.khanhhoa finds the obligation among what it still has to
supply and supplies it as complete; btg.khanhhoa acknowledges it and the statistics page counts it on
time. Screenshots go to artifacts/screenshots/."""

import pytest
from django.utils import timezone

from phoihop.tests.test_browser_concerns import SHOTS, browser, new_page, sign_in  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HDND = "Thường trực Hội đồng nhân dân tỉnh Khánh Hòa"
SUBJECT = "Tình hình tiếp xúc cử tri và kiến nghị của cử tri hằng tháng"


def _hdnd_statistics() -> tuple[int, int, int, int, int]:
    """What btg.khanhhoa's statistics page counts for the HĐND this year (its own requests)."""
    import datetime as dt

    from phoihop.accounts.acting import resolve_acting
    from phoihop.accounts.models import User
    from phoihop.exchanges.selectors import supply_statistics

    acting = resolve_acting(User.objects.get(username="btg.khanhhoa"))
    year = timezone.localdate().year
    stats = supply_statistics(
        acting=acting, date_from=dt.date(year, 1, 1), date_to=dt.date(year, 12, 31), requester_id=acting.org.pk
    )
    s = next((s for s in stats if s.organization == HDND), None)
    return (s.due, s.on_time, s.late, s.missing, s.not_yet_due) if s else (0, 0, 0, 0, 0)


def test_monthly_request_supplied_on_time_shows_in_statistics(browser):  # noqa: F811
    from phoihop.exchanges.models import InfoObligation, InfoRequest, ObligationStatus

    before = _hdnd_statistics()
    page = new_page(browser)
    sign_in(page, "btg.khanhhoa")
    page.goto(page.base + "/exchanges/")
    page.click("main a[role=button]:has-text('Gửi yêu cầu')")
    page.wait_for_url("**/exchanges/new/")
    page.fill("#id_subject", SUBJECT)
    page.select_option("#id_asked", label=HDND)
    page.fill("#id_details", "Số buổi tiếp xúc cử tri, số kiến nghị đã tiếp nhận và đã trả lời, các vụ việc nổi cộm.")
    page.check("input[name=kind][value=periodic]")
    page.select_option("#id_frequency", "monthly")
    page.fill("#id_due_day", "31")  # the last day of each month: the current month is due after today
    page.screenshot(path=str(SHOTS / "exchange-request-form.png"), full_page=True)
    page.click("main form button[type=submit]:has-text('Gửi yêu cầu')")
    page.wait_for_url("**/exchanges/*/")
    assert "Đã gửi yêu cầu cung cấp thông tin" in page.inner_text(".messages")
    request = InfoRequest.objects.get(subject=SUBJECT)
    assert request.requester.name.startswith("Ban Tuyên giáo") and request.frequency == "monthly"
    obligation = InfoObligation.objects.get(request=request)
    period = timezone.localdate().strftime("%Y-%m")
    assert obligation.organization.name == HDND and obligation.period == period
    assert obligation.status == ObligationStatus.PENDING and obligation.due_at > timezone.now()
    main = page.inner_text("main")
    assert HDND in main and "Hàng tháng" in main and "Chưa cung cấp" in main
    page.screenshot(path=str(SHOTS / "exchange-request-detail.png"), full_page=True)
    assert page.errors == []

    hdnd = new_page(browser)
    sign_in(hdnd, "hdnd.khanhhoa")
    hdnd.goto(hdnd.base + "/exchanges/")
    hdnd.click("nav.subnav >> text=Việc phải cung cấp")
    hdnd.wait_for_url("**/exchanges/obligations/**")
    hdnd.screenshot(path=str(SHOTS / "exchange-to-supply.png"), full_page=True)
    hdnd.click(f"main table a:has-text('{SUBJECT}')")
    hdnd.wait_for_url(f"**/exchanges/obligations/{obligation.pk}/")
    hdnd.fill("#id_text", "Trong tháng, Thường trực HĐND tỉnh tổ chức 12 buổi tiếp xúc cử tri, tiếp nhận 86 kiến nghị.")
    hdnd.check("input[name=completeness][value=complete]")
    hdnd.click("main button:has-text('Gửi thông tin')")
    hdnd.wait_for_load_state()
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.SUPPLIED and obligation.on_time is True
    assert "Tiếp nhận 86 kiến nghị".lower() in hdnd.inner_text("main").lower()
    hdnd.screenshot(path=str(SHOTS / "exchange-supplied.png"), full_page=True)
    assert hdnd.errors == []

    page.goto(page.base + f"/exchanges/obligations/{obligation.pk}/")
    page.click("main summary:has-text('Xác nhận đã tiếp nhận')")
    page.click("main form button:has-text('Xác nhận đã tiếp nhận')")
    page.wait_for_load_state()
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.ACKNOWLEDGED and obligation.on_time is True
    page.goto(page.base + "/exchanges/")
    page.click("nav.subnav >> text=Thống kê đúng hạn")
    page.wait_for_url("**/exchanges/statistics/")
    row = page.locator("main tbody tr", has_text=HDND)
    cells = row.locator("td").all_inner_texts()
    assert cells[0] == HDND
    # the demo's earlier months of the year are counted too: one more due, one more on time, nothing else
    due, on_time, late, missing, not_yet_due = before
    assert cells[1:6] == [str(due + 1), str(on_time + 1), str(late), str(missing), str(not_yet_due)], (before, cells)
    rate = round(100 * (on_time + 1) / (due + 1 - not_yet_due), 1)
    assert cells[6] == f"{rate:.1f}".replace(".", ",") + "%", cells
    page.screenshot(path=str(SHOTS / "exchange-statistics.png"), full_page=True)
    row.locator("td").nth(2).locator("a").click()  # the on-time count: the drill-down lists the obligation
    page.wait_for_url("**/exchanges/obligations/?**outcome=on_time**")
    assert f"{on_time + 1} nghĩa vụ" in page.inner_text("main") and SUBJECT in page.inner_text("main table")
    page.screenshot(path=str(SHOTS / "exchange-statistics-drill.png"), full_page=True)
    assert page.errors == []
