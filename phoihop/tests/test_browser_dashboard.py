"""The leadership dashboard in a real browser, at 1280 px and on a 375 px phone: the Khánh Hòa propaganda
department's officer on its own figures and the whole province, the Thái Nguyên department on its subtree.
Every chart has its table beside it; nothing overflows the phone's width. Screenshots go to
artifacts/screenshots/."""

import pytest

from phoihop.tests.test_browser_concerns import SHOTS, browser, new_page, sign_in  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


def check_charts(page) -> None:
    charts = page.locator("main svg.dash-chart[role=img]")
    assert charts.count() == 6
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.get_attribute("aria-label")
        # the table beside it: the figure's next sibling holds a table with a caption
        table = chart.locator("xpath=ancestor::figure/following-sibling::div[1]//table")
        assert table.count() == 1 and table.locator("caption").count() == 1
        assert chart.bounding_box()["width"] > 0


@pytest.mark.parametrize(("username", "name"), [("btg.khanhhoa", "khanhhoa"), ("btg.thainguyen", "thainguyen")])
def test_dashboard_charts_with_their_tables_on_a_desk_and_a_phone(browser, username, name):  # noqa: F811
    for label, context in (("1280", {}), ("375", PHONE)):
        page = new_page(browser, **context)
        sign_in(page, username)
        page.goto(page.base + "/dashboard/?scope=subtree")
        page.wait_for_url("**/dashboard/?scope=subtree")
        main = page.inner_text("main")
        assert "Tổng quan lãnh đạo" in main and "Số liệu tính lúc" in main
        assert page.locator("nav.dash-toggle a[aria-current=page]").inner_text() == "Toàn địa bàn"
        check_charts(page)
        if label == "375":
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.screenshot(path=str(SHOTS / f"dashboard-{name}-subtree-{label}.png"), full_page=True)
        for section in ("tasks", "concerns"):
            page.locator(f"#{section}").screenshot(path=str(SHOTS / f"dashboard-{name}-{section}-{label}.png"))
        if name == "khanhhoa" and label == "1280":
            page.click("nav.dash-toggle >> text=Cơ quan mình")
            page.wait_for_url("**/dashboard/")
            check_charts(page)
            page.screenshot(path=str(SHOTS / "dashboard-khanhhoa-own-1280.png"), full_page=True)
            # a figure leads to the list behind it
            page.click("#overdue >> text=Danh sách nhiệm vụ quá hạn")
            page.wait_for_url("**/plans/tasks/?overdue=1")
        assert page.errors == []
