"""Opinion reports in a real browser: a collaborator on a 375 px phone sends the monthly report, is told
to rewrite a sentence with a phone number (the draft is kept), then succeeds; the department downloads
the month's DOCX. Screenshots go to artifacts/screenshots/."""

import io

import pytest
from django.utils import timezone
from docx import Document

from phoihop.tests.test_browser_concerns import SHOTS, browser, new_page, sign_in  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_collaborator_rewrites_a_phone_number_then_the_department_exports_the_month(browser):  # noqa: F811
    from phoihop.opinions.models import OpinionReport

    page = new_page(browser, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    sign_in(page, "ctv.khanhhoa01")
    page.goto(page.base + "/opinion/")
    page.wait_for_url("**/opinion/")
    page.click("main a[role=button]:has-text('Báo cáo tháng')")
    page.wait_for_url("**/opinion/reports/new/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.select_option("#id_items-0-topic", "lv.gia-ca")
    page.check("input[name='items-0-mood'][value='worry']")
    page.fill("#id_items-0-summary", "Giá phân bón tăng, bà con lo lắng; ai cần thì gọi 0905 123 456 để hỏi.")
    page.fill("#id_items-0-proposals", "Bình ổn giá vật tư nông nghiệp.")
    submit = page.locator("main button:has-text('Gửi báo cáo')")
    assert submit.bounding_box()["height"] >= 44
    submit.click()
    page.wait_for_load_state()
    error = page.inner_text(".has-error small.error")
    assert "«0905 123 456» giống số điện thoại" in error and "hãy viết lại" in error
    assert "0905 123 456" in page.input_value("#id_items-0-summary")  # nothing typed is lost
    assert "Bản nháp đã được lưu" in page.inner_text("main")
    page.screenshot(path=str(SHOTS / "opinion-monthly-375-refused.png"), full_page=True)
    draft = OpinionReport.objects.get(author__username="ctv.khanhhoa01", month=timezone.localdate().replace(day=1))
    assert draft.status == "draft"

    page.fill(
        "#id_items-0-summary", "Giá phân bón tăng, bà con lo lắng và gọi đường dây nóng của ngành nông nghiệp để hỏi."
    )
    page.locator("main button:has-text('Gửi báo cáo')").click()
    page.wait_for_url("**/opinion/")
    assert "Đã gửi báo cáo" in page.inner_text(".messages")
    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(SHOTS / "opinion-monthly-375-sent.png"), full_page=True)
    assert [e for e in page.errors if "status of 400" not in e] == []  # the refusal itself answers 400

    office = new_page(browser)
    sign_in(office, "btg.khanhhoa")
    office.goto(office.base + f"/opinion/months/{timezone.localdate():%Y-%m}/")
    assert "Giá cả, đời sống" in office.inner_text("main")
    assert "Cộng tác viên" not in office.inner_text("main table")
    office.screenshot(path=str(SHOTS / "opinion-month.png"), full_page=True)
    with office.expect_download() as download:
        office.click("main >> text=Tải báo cáo (DOCX)")
    path = download.value.path()
    with open(path, "rb") as fh:
        doc = Document(io.BytesIO(fh.read()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in text and "dư luận xã hội tháng" in text
    assert "gọi đường dây nóng của ngành nông nghiệp" not in text or "Giá phân bón" in text
    cells = " ".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "Giá cả, đời sống" in cells
    assert office.errors == []
