"""The information-supply pages: lists, forms (errors next to the fields, nothing lost), the obligation
page with supply and review, quick reports, statistics with drill-down; query counts pinned."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from phoihop.accounts.models import Role
from phoihop.exchanges import services
from phoihop.exchanges.models import InfoRequest, InfoSupply, ObligationStatus, QuickReport
from phoihop.exchanges.tests.factories import incident, monthly, people
from phoihop.tests.support import acting_of, make_user, page_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def who(demo):
    return people(demo)


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_request_form_creates_a_monthly_request(demo, who):
    client = page_client(who["requester"], demo.btg_kh)
    page = client.get("/exchanges/new/")
    assert page.status_code == 200 and "Cơ quan được yêu cầu" in page.content.decode()
    response = client.post(
        "/exchanges/new/",
        {"subject": "Tình hình kỳ họp HĐND", "asked": [demo.hdnd_kh.pk], "kind": "periodic",
         "frequency": "monthly", "due_day": "25", "urgency": "normal"},
    )  # fmt: skip
    request = InfoRequest.objects.get(subject="Tình hình kỳ họp HĐND")
    assert response.status_code == 302 and response["Location"] == f"/exchanges/{request.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert "Hàng tháng" in detail and demo.hdnd_kh.name in detail


def test_periodic_request_without_due_day_shows_the_error_and_keeps_the_input(demo, who):
    client = page_client(who["requester"], demo.btg_kh)
    count = InfoRequest.objects.count()
    response = client.post(
        "/exchanges/new/",
        {"subject": "Giữ nguyên nội dung này", "asked": [demo.hdnd_kh.pk], "kind": "periodic",
         "frequency": "monthly", "due_day": "", "urgency": "normal"},
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 400
    assert "ngày đến hạn trong kỳ" in body and "Giữ nguyên nội dung này" in body
    assert InfoRequest.objects.count() == count


@pytest.mark.parametrize(
    "data",
    [
        {"subject": "a\x00b", "kind": "incident", "within_hours": "5"},
        {"subject": "S", "kind": "incident", "within_hours": "9" * 40},
        {"subject": "S", "kind": "incident", "within_hours": "-3"},
        {"subject": "S", "kind": "what"},
        {"subject": "S" * 5000, "kind": "incident", "within_days": "2"},
        {"subject": "S", "kind": "incident"},
    ],
)
def test_bad_request_form_input_answers_400_not_500(demo, who, data):
    client = page_client(who["requester"], demo.btg_kh)
    response = client.post("/exchanges/new/", {"asked": [demo.hdnd_kh.pk], "urgency": "normal", **data})
    assert response.status_code == 400


def test_asked_org_bad_values_answer_400(demo, who):
    client = page_client(who["requester"], demo.btg_kh)
    for bad in ["abc", "9" * 30, "\x00"]:
        response = client.post(
            "/exchanges/new/", {"subject": "S", "asked": [bad], "kind": "incident", "within_hours": "4"}
        )
        assert response.status_code == 400, bad


def test_supply_page_then_review(demo, who, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    obligation = incident(who["requester"], demo.btg_kh, [demo.hdnd_kh]).obligations.get()
    asked = page_client(who["asked"], demo.hdnd_kh)
    page = asked.get(f"/exchanges/obligations/{obligation.pk}/").content.decode()
    assert "Gửi thông tin" in page
    from phoihop.documents.tests.test_attachments import docx_bytes

    upload = SimpleUploadedFile("so-lieu.docx", docx_bytes("Số liệu hộ dân"))
    response = asked.post(
        f"/exchanges/obligations/{obligation.pk}/supply/",
        {"text": "12 hộ bị ảnh hưởng", "completeness": "partial", "file": upload},
    )
    assert response.status_code == 302
    requester = page_client(who["requester"], demo.btg_kh)
    page = requester.get(f"/exchanges/obligations/{obligation.pk}/").content.decode()
    assert "12 hộ bị ảnh hưởng" in page and "so-lieu.docx" in page and "Đề nghị bổ sung" in page
    assert "Gửi thông tin" not in page  # the requester does not supply
    bad = requester.post(f"/exchanges/obligations/{obligation.pk}/review/ask_more/", {"ask_more-reason": ""})
    assert bad.status_code == 400
    ok = requester.post(
        f"/exchanges/obligations/{obligation.pk}/review/ask_more/", {"ask_more-reason": "Thiếu danh sách"}
    )
    assert ok.status_code == 302
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.MORE_REQUESTED
    assert asked.post(f"/exchanges/obligations/{obligation.pk}/review/acknowledge/", {}).status_code == 404


def test_supply_to_a_closed_request_answers_400_on_the_page(demo, who):
    request = incident(who["requester"], demo.btg_kh, [demo.hdnd_kh])
    obligation = request.obligations.get()
    services.request_close(acting=acting_of(who["requester"], demo.btg_kh), request=request)
    asked = page_client(who["asked"], demo.hdnd_kh)
    assert "Gửi thông tin" not in asked.get(f"/exchanges/obligations/{obligation.pk}/").content.decode()
    response = asked.post(
        f"/exchanges/obligations/{obligation.pk}/supply/", {"text": "Muộn", "completeness": "complete"}
    )
    assert response.status_code == 400 and "kết thúc" in response.content.decode()
    assert not InfoSupply.objects.filter(obligation=obligation).exists()


def test_quick_report_form(demo, who):
    client = page_client(who["asked"], demo.hdnd_kh)
    response = client.post(
        "/exchanges/quick/new/",
        {"subject": "Sạt lở bờ kè", "text": "Đoạn kè 50 m bị sạt", "recipients": [demo.btg_kh.pk], "urgency": "urgent"},
    )
    report = QuickReport.objects.get(subject="Sạt lở bờ kè")
    assert response.status_code == 302
    page = page_client(who["requester"], demo.btg_kh).get(f"/exchanges/quick/{report.pk}/").content.decode()
    assert "Đoạn kè 50 m bị sạt" in page and "Khẩn" in page
    bad = client.post(
        "/exchanges/quick/new/",
        {"subject": "X", "text": "Y", "recipients": [demo.btg_kh.pk], "urgency": "normal", "concern": "KHONGCO"},
    )
    assert bad.status_code == 400 and "Không có vấn đề này" in bad.content.decode()


def test_statistics_page_with_drill_down(demo, who):
    year = timezone.localdate().year
    request = monthly(who["requester"], demo.btg_kh, [demo.hdnd_kh], starts_on=dt.date(year, 1, 1), due_day=1)
    january = request.obligations.get(period=f"{year}-01")
    services.supply_add(acting=acting_of(who["asked"], demo.hdnd_kh), obligation=january, text="Tháng 1", complete=True)
    client = page_client(who["requester"], demo.btg_kh)
    page = client.get("/exchanges/statistics/").content.decode()
    assert demo.hdnd_kh.name in page and "Trễ hạn" in page
    day = f"01/01/{year}"  # the demo's monthly requests fall due on other days
    drill = client.get(
        f"/exchanges/obligations/?org={demo.hdnd_kh.pk}&requester={demo.btg_kh.pk}&outcome=late&from={day}&to={day}"
    )
    body = drill.content.decode()
    assert drill.status_code == 200 and f"/exchanges/obligations/{january.pk}/" in body
    assert "1 nghĩa vụ" in body
    xlsx = client.get("/exchanges/statistics/?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_lists_show_only_what_one_may_see(demo, who):
    incident(who["requester"], demo.btg_kh, [demo.hdnd_kh], subject="Riêng của Khánh Hòa")
    outsider = make_user(org=demo.ubnd_pb, role=Role.OFFICER)
    assert "Riêng của Khánh Hòa" not in page_client(outsider, demo.ubnd_pb).get("/exchanges/").content.decode()
    assert "Riêng của Khánh Hòa" in page_client(who["asked"], demo.hdnd_kh).get("/exchanges/").content.decode()


def test_htmx_list_request_returns_only_the_results(demo, who):
    incident(who["requester"], demo.btg_kh, [demo.hdnd_kh])
    client = page_client(who["requester"], demo.btg_kh)
    incident(who["requester"], demo.btg_kh, [demo.hdnd_kh], subject="Ngập úng khu dân cư ven sông")
    body = client.get("/exchanges/?q=ngap+ung+khu", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in body and "1 yêu cầu" in body and "Ngập úng khu dân cư" in body


def test_list_and_detail_queries_do_not_grow_with_rows(demo, who):
    client = page_client(who["requester"], demo.btg_kh)
    incident(who["requester"], demo.btg_kh, [demo.hdnd_kh])
    request = monthly(who["requester"], demo.btg_kh, [demo.hdnd_kh, demo.ubnd_pb], starts_on=dt.date(2026, 1, 1))
    services.quick_report_send(
        acting=acting_of(who["requester"], demo.btg_kh), subject="Báo cáo đầu", text="T", recipients=[demo.hdnd_kh]
    )
    urls = ["/exchanges/", "/exchanges/obligations/", "/exchanges/statistics/?by_period=1", "/exchanges/quick/",
            f"/exchanges/{request.pk}/"]  # fmt: skip
    before = {u: _queries(client, u) for u in urls}
    for i in range(4):
        incident(who["requester"], demo.btg_kh, [demo.hdnd_kh, demo.ubnd_pb], subject=f"Vụ việc {i}")
        services.quick_report_send(
            acting=acting_of(who["requester"], demo.btg_kh), subject=f"Báo cáo {i}", text="T", recipients=[demo.hdnd_kh]
        )
    services.obligations_generate()
    assert {u: _queries(client, u) for u in urls} == before
    assert max(before.values()) <= 15, before


def test_obligation_detail_queries_do_not_grow_with_supplies(demo, who):
    obligation = incident(who["requester"], demo.btg_kh, [demo.hdnd_kh]).obligations.get()
    asked = acting_of(who["asked"], demo.hdnd_kh)
    services.supply_add(acting=asked, obligation=obligation, text="1", complete=False)
    client = page_client(who["requester"], demo.btg_kh)
    url = f"/exchanges/obligations/{obligation.pk}/"
    before = _queries(client, url)
    for n in range(3):
        services.supply_add(acting=asked, obligation=obligation, text=f"Lần {n}", complete=False)
    assert _queries(client, url) == before


@pytest.mark.parametrize(
    "url",
    [
        "/exchanges/?q=%00&kind=%00&side=x",
        "/exchanges/?page=99999999999999999999999",
        "/exchanges/obligations/?org=99999999999999999999999&from=99/99/9999&outcome=%00&period=%00",
        "/exchanges/obligations/?requester=abc&to=2026-13-45&mine=1",
        "/exchanges/statistics/?from=%00&to=abc&scope=zzz&kind=%00&by_period=1",
        "/exchanges/quick/?side=%00&page=-1",
    ],
)
def test_odd_query_strings_never_cause_a_server_error(demo, who, url):
    response = page_client(who["requester"], demo.btg_kh).get(url)
    assert response.status_code in (200, 400), (url, response.status_code)


@pytest.mark.parametrize(
    "path", ["/exchanges/99999999999999999999/", "/exchanges/obligations/0/", "/exchanges/quick/1e3/"]
)
def test_missing_records_answer_404(demo, who, path):
    assert page_client(who["requester"], demo.btg_kh).get(path).status_code == 404
