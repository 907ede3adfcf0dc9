"""Concerns in from the Excel template of a voter meeting or a citizen reception: all rows or none, every
bad row listed; the template; the pages (through a small URLconf until the pages are wired)."""

import io

import pytest
from django.test import override_settings
from django.urls import include, path
from openpyxl import Workbook, load_workbook

from phoihop.accounts.models import Role
from phoihop.concerns import import_views, imports
from phoihop.concerns.models import Concern, ConcernContact, ConcernReport
from phoihop.core.errors import NotFound, ValidationFailed
from phoihop.core.models import AuditEvent
from phoihop.tests.support import acting_of, make_user, page_client

pytestmark = pytest.mark.django_db

# the import pages before they are wired into phoihop/concerns/urls.py: the real URLconf, these two first
urlpatterns = [
    path("concerns/import/", import_views.concern_import, name="concern_import_test"),
    path("concerns/import/template.xlsx", import_views.import_template, name="concern_import_template_test"),
    path("", include("config.urls")),
]
IMPORT_URL = "/concerns/import/"


def row(title="Đường liên thôn ngập sâu sau mưa lớn, học sinh đi lại khó khăn", **overrides) -> list:
    values = {
        "title": title,
        "description": "Cử tri thôn Đông phản ánh đoạn đường liên thôn ngập sâu mỗi khi mưa lớn; đề nghị nâng cấp "
        "cống thoát nước.",
        "topic": "ha-tang.dien-nuoc",
        "channel": "Tiếp xúc cử tri",
        "unit": "Xã Cam Lâm",
        "place_given": "Thôn Đông",
        "severity": 2,
        "people_affected": 120,
        "observed_on": "",
        "source_ref": "TXCT-01",
        "mass_complaint": "",
        "ethnic_religious": "",
        "security_order": "",
        "false_information": "",
        "contact.name": "",
        "contact.phone": "",
        "contact.email": "",
        "contact.address": "",
    }
    values.update({k.replace("__", "."): v for k, v in overrides.items()})
    return [values[key] for _, key, _ in imports.COLUMNS]


def workbook(rows: list[list], headers: list[str] | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = imports.SHEET
    ws.append(headers or imports.HEADERS)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def officer(demo):
    return acting_of(demo.user("btg.khanhhoa"), demo.btg_kh)


def test_a_good_file_records_every_row_as_a_concern_from_the_import(officer):
    before = Concern.objects.count()
    rows = [
        row(),
        row("Khai thác cát trái phép trên sông Cái", topic="moi-truong.khai-thac-cat", unit="Xã Diên Khánh"),
        row("Giá điện sinh hoạt tăng cao", topic="gia-ca.hang-hoa", channel="", unit="Phường Nha Trang"),
    ]
    concerns = imports.concern_import(acting=officer, data=workbook(rows), channel_default="reception")
    assert len(concerns) == 3
    assert Concern.objects.count() == before + 3
    assert [c.channel for c in concerns] == ["voter_meeting", "voter_meeting", "reception"]
    assert {c.unit.name for c in concerns} == {"Xã Cam Lâm", "Xã Diên Khánh", "Phường Nha Trang"}
    assert all(c.organization_id == officer.org.pk for c in concerns)
    assert set(ConcernReport.objects.filter(concern__in=concerns).values_list("source", flat=True)) == {"import"}
    assert AuditEvent.objects.filter(action="concern.import").exists()


def test_the_template_imports_cleanly_once_filled_and_its_example_row_is_skipped(officer):
    template = imports.template_xlsx()
    wb = load_workbook(io.BytesIO(template))
    assert wb.sheetnames == [imports.SHEET, "Hướng dẫn"]
    assert [c.value for c in wb[imports.SHEET][1]] == imports.HEADERS
    guide = [c.value for r in wb["Hướng dẫn"].iter_rows() for c in r]
    assert "moi-truong.khai-thac-cat" in guide and "Tiếp công dân" in guide and "Nghiêm trọng" in guide
    wb[imports.SHEET].append(row())
    buf = io.BytesIO()
    wb.save(buf)
    assert len(imports.concern_import(acting=officer, data=buf.getvalue())) == 1  # the example row is not


def test_one_bad_row_among_good_ones_creates_nothing_and_every_bad_row_is_listed(officer):
    before = Concern.objects.count()
    rows = [
        row(),
        row(topic="x"),  # row 3
        row(),
        row(unit="Xã Không Có Thật"),  # row 5
        row(title=""),  # row 6
        row(severity=9),  # row 7
    ]
    with pytest.raises(ValidationFailed) as e:
        imports.concern_import(acting=officer, data=workbook(rows))
    assert Concern.objects.count() == before
    messages = e.value.errors["file"]
    assert messages[0] == "Dòng 3: Lĩnh vực “x” không có trong danh mục."
    assert [m.split(":")[0] for m in messages] == ["Dòng 3", "Dòng 5", "Dòng 6", "Dòng 7"]
    assert "Không tìm thấy địa bàn" in messages[1]
    assert "Tiêu đề: không được để trống" in messages[2]
    assert "4 dòng có lỗi" in str(e.value.message)


def test_a_channel_is_required_when_neither_the_row_nor_the_default_gives_one(officer):
    with pytest.raises(ValidationFailed) as e:
        imports.concern_import(acting=officer, data=workbook([row(channel="")]))
    assert e.value.errors["file"] == ["Dòng 2: Nguồn tiếp nhận: hãy chọn một nguồn."]


def test_a_file_that_is_not_xlsx_is_refused(officer):
    for data in (b"Tieu de;Noi dung\nabc;def\n", b"%PDF-1.7 ...", b"PK\x03\x04 not really a zip"):
        with pytest.raises(ValidationFailed) as e:
            imports.concern_import(acting=officer, data=data)
        assert ".xlsx" in str(e.value.message)


def test_wrong_headers_empty_sheets_and_too_many_rows_are_refused(officer):
    with pytest.raises(ValidationFailed, match="Dòng tiêu đề không đúng mẫu: cột B phải là"):
        imports.concern_import(acting=officer, data=workbook([row()], headers=["Tiêu đề", "Nội dung", "Lĩnh vực"]))
    with pytest.raises(ValidationFailed, match="Tệp trống"):
        imports.concern_import(acting=officer, data=workbook([], headers=[""]))
    with pytest.raises(ValidationFailed, match="không có dòng ý kiến"):
        imports.concern_import(acting=officer, data=workbook([]))
    with pytest.raises(ValidationFailed, match=r"hơn 2\.000 dòng"):
        imports.concern_import(acting=officer, data=workbook([row()] * (imports.MAX_IMPORT_ROWS + 1)))


def test_a_denunciation_row_with_a_phone_is_refused_and_contacts_of_others_are_sealed(officer):
    rows = [
        row(contact__name="Người Thử Nghiệm", contact__phone="0000 000 000"),
        row(channel="Đơn tố cáo", contact__phone="0000 000 001"),  # row 3
    ]
    with pytest.raises(ValidationFailed) as e:
        imports.concern_import(acting=officer, data=workbook(rows))
    assert len(e.value.errors["file"]) == 1
    assert e.value.errors["file"][0].startswith("Dòng 3: Đơn tố cáo: không ghi thông tin người tố cáo")
    concerns = imports.concern_import(acting=officer, data=workbook([*rows[:1], row(channel="Đơn tố cáo")]))
    assert ConcernContact.objects.filter(concern=concerns[0]).count() == 1
    assert not ConcernContact.objects.filter(concern=concerns[1]).exists()
    assert b"0000 000 000" not in bytes(ConcernContact.objects.get(concern=concerns[0]).sealed)


def test_legacy_unit_names_are_mapped_to_their_successor(officer):
    concerns = imports.concern_import(acting=officer, data=workbook([row(unit="Xã Úc Kỳ, Thái Nguyên")]))
    assert concerns[0].unit.name == "Xã Phú Bình" and concerns[0].unit.is_current
    assert concerns[0].place_given == "Thôn Đông"  # the place column wins over the name as given
    concerns = imports.concern_import(
        acting=officer, data=workbook([row(unit="Xã Úc Kỳ, Thái Nguyên", place_given="")])
    )
    assert concerns[0].place_given == "Xã Úc Kỳ, Thái Nguyên"


def test_severity_words_dates_and_flags_are_read(officer):
    import datetime as dt

    rows = [row(severity="Cao", observed_on=dt.datetime(2026, 1, 5), mass_complaint="x", people_affected=300.0)]
    concern = imports.concern_import(acting=officer, data=workbook(rows))[0]
    assert concern.severity == 3 and concern.observed_on == dt.date(2026, 1, 5)
    assert concern.mass_complaint and not concern.false_information and concern.people_affected == 300


def test_who_may_not_report_gets_not_found(demo):
    viewer = make_user(org=demo.btg_kh, role=Role.VIEWER)
    with pytest.raises(NotFound):
        imports.concern_import(acting=acting_of(viewer, demo.btg_kh), data=workbook([row()]))


@override_settings(ROOT_URLCONF=__name__)
def test_the_pages_show_the_form_give_the_template_and_import_or_list_the_bad_rows(demo):
    client = page_client(make_user(org=demo.btg_kh), demo.btg_kh)  # demo accounts only sign in with DEBUG on
    page = client.get(IMPORT_URL)
    assert page.status_code == 200 and "Nhập vấn đề từ Excel" in page.text
    template = client.get(IMPORT_URL + "template.xlsx")
    assert template.status_code == 200 and template["Content-Type"] == imports.XLSX
    assert load_workbook(io.BytesIO(template.content)).sheetnames == [imports.SHEET, "Hướng dẫn"]

    before = Concern.objects.count()
    bad = io.BytesIO(workbook([row(), row(topic="khong-co")]))
    bad.name = "tiep-xuc-cu-tri.xlsx"
    response = client.post(IMPORT_URL, {"file": bad, "channel": ""})
    assert response.status_code == 400
    assert "Dòng 3: Lĩnh vực “khong-co” không có trong danh mục." in response.text
    assert Concern.objects.count() == before

    not_xlsx = io.BytesIO(b"hello")
    not_xlsx.name = "tiep-cong-dan.xlsx"
    assert client.post(IMPORT_URL, {"file": not_xlsx}).status_code == 400
    assert client.post(IMPORT_URL, {}).status_code == 400

    good = io.BytesIO(workbook([row(channel=""), row(channel="")]))
    good.name = "tiep-cong-dan.xlsx"
    response = client.post(IMPORT_URL, {"file": good, "channel": "reception"})
    assert response.status_code == 302 and response["Location"].startswith("/concerns/?received_from=")
    assert Concern.objects.count() == before + 2
    assert "Đã nhập 2 vấn đề" in client.get(IMPORT_URL).text  # the message is shown on the next page


@override_settings(ROOT_URLCONF=__name__)
def test_the_pages_are_not_found_for_who_may_not_report_and_ask_others_to_sign_in(demo):
    viewer = make_user(org=demo.btg_kh, role=Role.VIEWER)
    client = page_client(viewer, demo.btg_kh)
    assert client.get(IMPORT_URL).status_code == 404
    assert client.get(IMPORT_URL + "template.xlsx").status_code == 404
    from django.test import Client

    assert Client().get(IMPORT_URL).status_code == 302
