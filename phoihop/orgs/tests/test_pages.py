"""Pages for organisations and units: search, forms with Vietnamese errors that keep what was typed."""

import pytest

from phoihop.accounts.models import Role
from phoihop.core.models import AuditEvent
from phoihop.geo.models import AdminUnit
from phoihop.orgs.models import FocalPoint, Organization, OrgType
from phoihop.tests.support import make_user, page_client

pytestmark = pytest.mark.django_db


def test_org_search_is_accent_insensitive_and_counts(demo):
    client = page_client(make_user(org=demo.btg_pb))
    page = client.get("/orgs/?q=phu+binh").content.decode()
    assert "Ban Tuyên giáo Huyện ủy Phú Bình" in page and "Tòa án nhân dân huyện Phú Bình" in page
    assert "Ban Tuyên giáo Tỉnh ủy Khánh Hòa" not in page
    assert "6 cơ quan, đơn vị" in page  # BTG, HĐND, UBND, TAND, VKSND, BCĐ 35 of Phú Bình


def test_htmx_search_returns_only_the_results(demo):
    client = page_client(make_user(org=demo.btg_pb))
    response = client.get("/orgs/?q=tho+xuan", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and "Phòng Giáo dục và Đào tạo huyện Thọ Xuân" in body


def test_unit_page_shows_links_across_the_reform(demo):
    client = page_client(make_user(org=demo.btg_pb))
    district = AdminUnit.objects.get(generation="legacy", code="173")
    page = client.get(f"/units/{district.pk}/").content.decode()
    assert "Nay thuộc (sau sắp xếp 2025)" in page and "Xã Phú Bình" in page
    assert "Ban Tuyên giáo Huyện ủy Phú Bình" in page


def test_exports_are_real_workbooks(demo):
    from io import BytesIO

    from openpyxl import load_workbook

    client = page_client(make_user(org=demo.btg_pb))
    response = client.get("/orgs/?q=phu+binh&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Tên", "Viết tắt", "Loại") and any(r[0] == "Ban Tuyên giáo Huyện ủy Phú Bình" for r in rows)
    units = load_workbook(BytesIO(client.get("/units/?level=1&generation=current&format=xlsx").content)).active
    assert units.max_row == 35


def test_bad_org_form_keeps_input_and_says_what_to_fix(demo):
    admin = make_user(superuser=True)
    client = page_client(admin)
    before = Organization.objects.count()
    response = client.post(
        "/orgs/new/",
        {
            "name": "Sở Nội vụ tỉnh thử",
            "short_name": "SNV",
            "type": OrgType.objects.get(code="so-phong-ban").pk,
            "doc_symbol": "",
            "email": "khong-phai-email",
            "active_from": "31/12/2025",
            "active_to": "01/01/2025",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Sở Nội vụ tỉnh thử" in page and 'value="SNV"' in page  # nothing typed is lost
    assert "Trường này là bắt buộc." in page
    assert "Ngày kết thúc phải sau ngày bắt đầu." in page
    assert "Nhập một địa chỉ email hợp lệ." in page or "email" in page
    assert Organization.objects.count() == before


def test_org_admin_edits_its_org_through_the_page(demo):
    admin = make_user(org=demo.ubnd_pb, role=Role.ORG_ADMIN)
    client = page_client(admin)
    org = demo.ubnd_pb
    form = client.get(f"/orgs/{org.pk}/edit/")
    assert form.status_code == 200
    data = {
        "name": org.name,
        "short_name": org.short_name,
        "type": org.type_id,
        "unit": org.unit_id,
        "doc_symbol": org.doc_symbol,
        "doc_profile": org.doc_profile,
        "superior_name": org.superior_name,
        "address": "Thị trấn Hương Sơn",
        "phone": "",
        "email": "",
        "version": org.version,
    }
    assert client.post(f"/orgs/{org.pk}/edit/", data).status_code == 302
    assert Organization.objects.get(pk=org.pk).address == "Thị trấn Hương Sơn"
    # a second save from the same stale form is refused with 409 and keeps the input
    data["address"] = "Địa chỉ khác"
    stale = client.post(f"/orgs/{org.pk}/edit/", data)
    assert stale.status_code == 409 and "Địa chỉ khác" in stale.content.decode()
    assert "Giá trị hiện tại: Thị trấn Hương Sơn" in stale.content.decode()


def test_focal_point_form(demo):
    admin = make_user(org=demo.ubnd_pb, role=Role.ORG_ADMIN)
    client = page_client(admin)
    assert client.post(f"/orgs/{demo.ubnd_pb.pk}/focal-points/new/", {"full_name": ""}).status_code == 400
    response = client.post(
        f"/orgs/{demo.ubnd_pb.pk}/focal-points/new/",
        {"full_name": "Hà Thị Mai", "job_title": "Chánh Văn phòng", "phone": "0912 345 678", "is_primary": "on"},
    )
    assert response.status_code == 302
    fp = FocalPoint.objects.get(full_name="Hà Thị Mai")
    assert fp.is_primary and AuditEvent.objects.filter(action="focal_point.create", object_id=str(fp.pk)).exists()
    assert "Hà Thị Mai" in client.get(f"/orgs/{demo.ubnd_pb.pk}/").content.decode()


def test_unit_picker_options_are_accent_insensitive(demo):
    client = page_client(make_user(superuser=True))
    body = client.get("/units/options/?unit_q=dak+lak").content.decode()
    assert "Tỉnh Đắk Lắk" in body and "<option" in body


def test_collaborators_are_listed_only_to_their_leaders(demo):
    collaborator = make_user(org=demo.btg_pb, role=Role.COLLABORATOR, full_name="Cộng Tác Viên Ẩn")
    officer = make_user(org=demo.btg_pb, role=Role.OFFICER)
    leader = make_user(org=demo.btg_pb, role=Role.LEADER)
    superior = make_user(org=demo.btg_tn, role=Role.OFFICER)
    url = f"/orgs/{demo.btg_pb.pk}/"
    assert collaborator.full_name in page_client(leader).get(url).content.decode()
    assert collaborator.full_name not in page_client(officer).get(url).content.decode()
    assert collaborator.full_name not in page_client(superior).get(url).content.decode()


def test_parent_picker_finds_organisations_without_accents(demo):
    client = page_client(make_user(superuser=True))
    body = client.get("/orgs/options/?parent_q=ban+tuyen+giao+thai+nguyen").content.decode()
    assert "Ban Tuyên giáo Tỉnh ủy Thái Nguyên" in body and "<option" in body
