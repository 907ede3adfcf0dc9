"""Concern pages: the list with its filters, accent-insensitive search and Excel; the intake form (errors keep
what was typed, denunciations refuse contacts, duplicates while typing, attaching a report); the quick report;
the concern page with actions shown only to those allowed; contacts opened on request and audited, never
elsewhere; correction with versions; the public status page."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from phoihop.accounts.models import Role
from phoihop.concerns import services
from phoihop.concerns.models import Concern, ConcernContact, ConcernStatus
from phoihop.concerns.tests.factories import NINH_HOA, make_concern, unit
from phoihop.core.models import AuditEvent
from phoihop.geo.models import AdminUnit
from phoihop.tests.support import acting_of, make_user, page_client

pytestmark = pytest.mark.django_db

CONTACT = {"name": "Trần Văn Dân", "phone": "0905123456", "email": "dan.tran@example.vn", "address": "Tổ 3 Ninh Hòa"}


@pytest.fixture
def s(demo):
    """An officer of the Khánh Hòa propaganda department (coordinator of the province's concerns), an officer of
    the provincial People's Council (a handler once routed), an outsider in Thái Nguyên."""
    return {
        "demo": demo,
        "btg": make_user(org=demo.btg_kh),
        "hdnd": make_user(org=demo.hdnd_kh),
        "outsider": make_user(org=demo.btg_tn),
    }


def form_data(**overrides) -> dict:
    data = {
        "title": "Người dân phản ánh chậm bồi thường giải phóng mặt bằng dự án đường ven biển",
        "description": "Nhiều hộ dân tổ dân phố 3 chưa nhận tiền bồi thường dù đã bàn giao đất.",
        "topic": "dat-dai.thu-hoi",
        "channel": "reception",
        "unit": "Phường Ninh Hòa, Khánh Hòa",
        "severity": "2",
    }
    data.update(overrides)
    return data


ACTION_NAMES = (
    "verify", "route", "start", "refuse", "resolve", "close", "reject", "reopen", "escalate", "merge", "unmerge",
)  # fmt: skip


def route(s, concern, lead=None):
    return services.concern_route(acting=acting_of(s["btg"]), concern=concern, lead=lead or s["demo"].hdnd_kh)


# --- list ----------------------------------------------------------------------------------------------------


def test_list_filters_and_accent_insensitive_search(s):
    land = make_concern(s["btg"], s["demo"].btg_kh, title="Tranh chấp đất đai ở tổ dân phố 5", severity=3)
    noise = make_concern(
        s["btg"],
        s["demo"].btg_kh,
        title="Tiếng ồn karaoke về đêm",
        description="Quán karaoke hát đến khuya gây mất trật tự.",
        topic="moi-truong.o-nhiem",
        channel="hotline",
        severity=1,
        security_order=True,
    )
    late = make_concern(s["btg"], s["demo"].btg_kh, title="Rác thải tồn đọng ven kênh", topic="moi-truong.rac-thai")
    route(s, late)
    Concern.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - dt.timedelta(days=3))
    client = page_client(s["btg"])

    def codes(query: str) -> set[str]:
        page = client.get(f"/concerns/?{query}").content.decode()
        return {c.tracking_code for c in (land, noise, late) if c.tracking_code in page}

    assert codes("") == {land.tracking_code, noise.tracking_code, late.tracking_code}
    assert codes("q=dat+dai") == {land.tracking_code}  # "dat dai" finds "đất đai"
    assert codes("q=KARAOKE+dem") == {noise.tracking_code}
    assert codes("channel=hotline") == {noise.tracking_code}
    assert codes("severity=3") == {land.tracking_code}
    assert codes("topic=moi-truong") == {noise.tracking_code, late.tracking_code}  # a group: all its topics
    assert codes("topic=moi-truong.rac-thai") == {late.tracking_code}
    assert codes("flag=security_order") == {noise.tracking_code}
    assert codes("overdue=1") == {late.tracking_code}
    assert codes("status=assigned") == {late.tracking_code}
    assert codes("status=open") == {land.tracking_code, noise.tracking_code, late.tracking_code}
    assert codes(f"unit={unit(NINH_HOA).pk}") == {land.tracking_code, noise.tracking_code, late.tracking_code}
    ninh_hoa = unit(NINH_HOA)
    province = AdminUnit.objects.get(path=ninh_hoa.path.split("/", 1)[0])
    other = AdminUnit.objects.filter(parent=province, generation="current").exclude(pk=ninh_hoa.pk).first()
    assert codes(f"unit={province.pk}") == codes("")  # a province: its whole subtree
    assert codes(f"unit={other.pk}") == set()
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert len(codes(f"from={today}&to={today}")) == 3
    assert codes("to=01/01/2020") == set()
    page = client.get("/concerns/?overdue=1").content.decode()
    assert 'class="overdue"' in page and "Quá hạn" in page
    # htmx search-as-you-type answers the results only
    partial = client.get("/concerns/?q=dat+dai", headers={"HX-Request": "true"}).content.decode()
    assert land.tracking_code in partial and "<html" not in partial
    # nonsense in the filters is ignored, never a 500
    assert client.get("/concerns/?unit=%00&severity=99&from=32/13/2026&status=x&page=abc").status_code == 200


def test_list_queries_do_not_grow_with_rows(s):
    client = page_client(s["btg"])
    make_concern(s["btg"], s["demo"].btg_kh)
    route(s, make_concern(s["btg"], s["demo"].btg_kh, title="Nước sinh hoạt đục"))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/concerns/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(6):
        c = make_concern(
            s["btg"], s["demo"].btg_kh, title=f"Vấn đề thứ {i} về đường giao thông", topic="ha-tang.dien-nuoc"
        )
        if i % 2:
            route(s, c)
    assert count() == before
    assert before <= 20, before


def test_export_has_every_field_but_no_personal_data(s):
    c = make_concern(s["btg"], s["demo"].btg_kh, contact=CONTACT, source_ref="Đơn số 12/TCD")
    route(s, c)
    response = page_client(s["btg"]).get("/concerns/?format=xlsx&q=boi+thuong+duong+ven+bien")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    row = next(dict(zip(header, r, strict=False)) for r in rows[1:] if r[0] == c.tracking_code)
    assert "Cơ quan tiếp nhận" in header and "Trả lời công khai" in header
    assert row["Mã theo dõi"] == c.tracking_code and row["Số hồ sơ, tham chiếu"] == "Đơn số 12/TCD"
    assert row["Cơ quan chủ trì xử lý"] == s["demo"].hdnd_kh.name
    assert row["Cơ quan tiếp nhận"] == s["demo"].btg_kh.name
    text = " ".join(str(v) for r in rows for v in r if v is not None)
    for value in CONTACT.values():
        assert value not in text
    assert s["btg"].full_name not in text


# --- intake --------------------------------------------------------------------------------------------------


def test_new_concern_is_recorded_with_its_contact_and_redirects_with_the_tracking_code(s):
    client = page_client(s["btg"])
    page = client.get("/concerns/new/").content.decode()
    assert "Thông tin người phản ánh (không bắt buộc)" in page and "Lĩnh vực" in page
    data = form_data(contact_name=CONTACT["name"], contact_phone=CONTACT["phone"], observed_on="02/01/2026")
    response = client.post("/concerns/new/", data, follow=True)
    concern = Concern.objects.get(title=data["title"])
    assert response.redirect_chain[-1][0] == f"/concerns/{concern.pk}/"
    assert f"Mã theo dõi: {concern.tracking_code}" in response.content.decode()
    assert (
        concern.channel == "reception" and concern.unit.code == NINH_HOA and concern.observed_on == dt.date(2026, 1, 2)
    )
    assert ConcernContact.objects.filter(concern=concern).count() == 1
    # the same form sent twice (double click, back and resend) records one concern
    again = client.post("/concerns/new/", data | {"intake_key": "0" * 32})
    twice = client.post("/concerns/new/", data | {"intake_key": "0" * 32})
    assert again.status_code == twice.status_code == 302
    assert Concern.objects.filter(title=data["title"]).count() == 2


def test_form_errors_keep_input_and_answer_400(s):
    client = page_client(s["btg"])
    before = Concern.objects.count()
    typed = "Dân phản ánh nước thải chảy ra biển, cá chết hàng loạt ở đầm Nha Phu."
    response = client.post(
        "/concerns/new/", form_data(title="", description=typed, latitude="12,5", people_affected="nhiều")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert typed in page and 'value="12,5"' in page
    assert "This field is required" not in page and "Hãy nhập một số nguyên" in page
    # a refusal of the service goes next to its field, everything typed stays
    response = client.post("/concerns/new/", form_data(description=typed, unit="Xã Không Có Thật"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Không tìm thấy địa bàn" in page and typed in page and 'value="Xã Không Có Thật"' in page
    response = client.post("/concerns/new/", form_data(latitude="12.2", longitude=""))
    assert response.status_code == 400 and "cần cả vĩ độ và kinh độ" in response.content.decode()
    response = client.post("/concerns/new/", form_data(description="<script>x</script>"))
    assert response.status_code == 400 and "không được chứa mã HTML" in response.content.decode()
    response = client.post("/concerns/new/", form_data(title="a\x00b", description="x" * 4001))
    assert response.status_code == 400
    assert Concern.objects.count() == before


def test_denunciation_refuses_contact(s):
    client = page_client(s["btg"])
    before = Concern.objects.count(), ConcernContact.objects.count()
    response = client.post(
        "/concerns/new/", form_data(channel="denunciation", contact_name="Người tố cáo", source_ref="Hồ sơ 7/TC")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Đơn tố cáo: không ghi thông tin người tố cáo" in page
    assert (Concern.objects.count(), ConcernContact.objects.count()) == before
    # the page says why the block is gone when the channel is a denunciation
    assert "danh tính người tố cáo không bao giờ được ghi" in page
    ok = client.post("/concerns/new/", form_data(channel="denunciation", source_ref="Hồ sơ 7/TC"))
    assert ok.status_code == 302
    assert Concern.objects.get(source_ref="Hồ sơ 7/TC").channel == "denunciation"
    assert ConcernContact.objects.count() == before[1]
    form = client.get("/concerns/new/").content.decode()
    assert 'data-channel-hide="denunciation"' in form


def test_duplicates_while_typing_and_attach_to(s):
    original = make_concern(s["btg"], s["demo"].btg_kh)
    client = page_client(s["btg"])
    before = Concern.objects.count()
    panel = client.get(
        "/concerns/new/duplicates/",
        {"title": "cham boi thuong giai phong mat bang duong ven bien", "unit": "phuong ninh hoa, khanh hoa"},
    ).content.decode()
    assert "Có thể trùng" in panel and original.tracking_code in panel
    assert f'name="attach_to" value="{original.pk}"' in panel and "Ghi thêm vào vấn đề này" in panel
    assert "%" in panel
    assert "Có thể trùng" not in client.get("/concerns/new/duplicates/", {"title": "abc"}).content.decode()
    unresolved = client.get("/concerns/new/duplicates/", {"title": "chậm bồi thường đất", "unit": "???"})
    assert unresolved.status_code == 200 and "Nhập địa bàn" in unresolved.content.decode()
    response = client.post(
        "/concerns/new/", form_data(channel="voter_meeting", attach_to=str(original.pk)), follow=True
    )
    original.refresh_from_db()
    assert response.redirect_chain[-1][0] == f"/concerns/{original.pk}/"
    assert original.reports_count == 2 and Concern.objects.count() == before
    assert "nay có 2 lượt phản ánh" in response.content.decode()
    # a concern the officer cannot see cannot be attached to
    far = make_concern(make_user(org=s["demo"].btg_tn), s["demo"].btg_tn, unit=s["demo"].btg_tn.unit)
    assert client.post("/concerns/new/", form_data(attach_to=str(far.pk))).status_code == 404


def test_topic_suggestion_chip_and_unit_suggestions(s):
    client = page_client(s["btg"])
    chip = client.get(
        "/concerns/new/topic-suggest/", {"title": "Nhà máy xả nước thải gây ô nhiễm, cá chết"}
    ).content.decode()
    assert "Gợi ý:" in chip and 'data-topic="moi-truong.o-nhiem"' in chip
    assert client.get("/concerns/new/topic-suggest/", {"title": ""}).content.decode().strip() == ""
    options = client.get("/concerns/new/units/", {"unit": "ninh hoa"}).content.decode()
    assert 'value="Phường Ninh Hòa, Khánh Hòa"' in options


def test_quick_report_of_a_collaborator(s):
    collaborator = make_user(org=s["demo"].btg_kh, role=Role.COLLABORATOR)
    client = page_client(collaborator)
    page = client.get("/concerns/quick/").content.decode()
    assert "Báo cáo nhanh" in page and "contact_name" not in page and "người phản ánh" not in page
    assert client.get("/concerns/new/").status_code == 404  # the officer's form is not theirs
    data = {
        "title": "Dân bức xúc vì nước sinh hoạt bị đục nhiều ngày",
        "description": "Người dân phường nói nước máy đục, có mùi, chưa được giải thích.",
        "unit": "Phường Ninh Hòa, Khánh Hòa",
        "severity": "3",
    }
    response = client.post("/concerns/quick/", data, follow=True)
    concern = Concern.objects.get(title=data["title"])
    page = response.content.decode()
    assert f"Mã theo dõi: {concern.tracking_code}" in page and "Lĩnh vực do hệ thống chọn" in page
    assert concern.topic.name in page
    assert concern.channel == "collaborator" and concern.reports.get().source == "quick"
    assert concern.severity == 3
    bad = client.post("/concerns/quick/", data | {"unit": ""})
    assert bad.status_code == 400 and data["description"] in bad.content.decode()


# --- one concern -----------------------------------------------------------------------------------------------


def test_detail_actions_visible_only_when_allowed(s):
    concern = make_concern(s["btg"], s["demo"].btg_kh)

    def actions(user) -> set[str]:
        page = page_client(user).get(f"/concerns/{concern.pk}/").content.decode()
        found = {a for a in ACTION_NAMES if f"/concerns/{concern.pk}/actions/{a}/" in page}
        return found | ({"edit"} if f"/concerns/{concern.pk}/edit/" in page else set())

    assert actions(s["btg"]) == {"verify", "route", "reject", "escalate", "merge", "edit"}
    viewer = make_user(org=s["demo"].btg_kh, role=Role.VIEWER)
    assert actions(viewer) == set()
    assert "Bạn không có thao tác nào" in page_client(viewer).get(f"/concerns/{concern.pk}/").content.decode()
    collaborator = make_user(org=s["demo"].btg_kh, role=Role.COLLABORATOR)  # sees only their own reports
    assert page_client(collaborator).get(f"/concerns/{concern.pk}/").status_code == 404
    assert page_client(s["hdnd"]).get(f"/concerns/{concern.pk}/").status_code == 404  # not a party yet
    route(s, concern)
    assert actions(s["hdnd"]) == {"start", "refuse", "resolve", "escalate"}
    assert actions(s["btg"]) == {"route", "escalate", "merge", "edit"}
    # an action someone may not take answers 404, and nothing changes
    assert page_client(s["hdnd"]).post(f"/concerns/{concern.pk}/actions/verify/").status_code == 404
    assert page_client(collaborator).post(f"/concerns/{concern.pk}/actions/route/").status_code == 404
    assert page_client(s["btg"]).post(f"/concerns/{concern.pk}/actions/nonsense/").status_code == 404
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.ASSIGNED


def test_route_refuse_reroute_resolve_and_close_through_the_pages(s):
    concern = make_concern(s["btg"], s["demo"].btg_kh)
    btg, hdnd = page_client(s["btg"]), page_client(s["hdnd"])
    page = btg.get(f"/concerns/{concern.pk}/").content.decode()
    deadline = services.sla_deadline(concern.severity).strftime("%d/%m/%Y")
    assert f'value="{deadline}"' in page  # the SLA deadline is prefilled
    response = btg.post(
        f"/concerns/{concern.pk}/actions/route/", {"route-lead": s["demo"].hdnd_kh.pk, "route-deadline": deadline}
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.ASSIGNED and concern.lead == s["demo"].hdnd_kh
    ubnd = s["demo"].org("Ủy ban nhân dân tỉnh Khánh Hòa")
    missing = hdnd.post(f"/concerns/{concern.pk}/actions/refuse/", {"refuse-reason": ""})
    assert missing.status_code == 400 and 'id="action-refuse" open' in missing.content.decode()
    hdnd.post(
        f"/concerns/{concern.pk}/actions/refuse/",
        {"refuse-reason": "Thuộc thẩm quyền UBND tỉnh", "refuse-suggested": ubnd.pk},
    )
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.VERIFYING and concern.lead is None
    page = btg.get(f"/concerns/{concern.pk}/").content.decode()
    assert "Thuộc thẩm quyền UBND tỉnh" in page and "đề nghị chuyển" in page
    assert f'<option value="{ubnd.pk}" selected>{ubnd.name}</option>' in page  # the lead prefilled
    btg.post(f"/concerns/{concern.pk}/actions/route/", {"route-lead": s["demo"].hdnd_kh.pk})
    hdnd.post(f"/concerns/{concern.pk}/actions/start/")
    hdnd.post(
        f"/concerns/{concern.pk}/actions/resolve/",
        {"resolve-result": "Đã chi trả bồi thường cho 12 hộ.", "resolve-public_answer": "Đã chi trả xong."},
    )
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.RESOLVED
    refused = btg.post(f"/concerns/{concern.pk}/actions/close/", {})
    assert refused.status_code == 400 and "Chưa ghi nhận thông tin, phản hồi" in refused.content.decode()
    added = btg.post(
        f"/concerns/{concern.pk}/responses/",
        {
            "response-phase": "after",
            "response-message": "Thông tin kết quả trên Báo Khánh Hòa",
            "response-planned_on": "",
        },
    )
    assert added.status_code == 302
    r = concern.responses.get()
    done = btg.post(f"/concerns/{concern.pk}/responses/{r.pk}/done/", {f"done{r.pk}-done_on": "32/01/2026"})
    assert done.status_code == 400
    btg.post(
        f"/concerns/{concern.pk}/responses/{r.pk}/done/",
        {f"done{r.pk}-done_on": timezone.localdate().strftime("%d/%m/%Y")},
    )
    assert btg.post(f"/concerns/{concern.pk}/actions/close/", {}).status_code == 302
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED
    page = btg.get(f"/concerns/{concern.pk}/").content.decode()
    assert "Từ chối (không thuộc thẩm quyền)" in page and "Mở lại" in page


def test_merge_banner_and_undo(s):
    original = make_concern(s["btg"], s["demo"].btg_kh)
    duplicate = make_concern(s["btg"], s["demo"].btg_kh, title="Chậm bồi thường đường ven biển Ninh Hòa")
    client = page_client(s["btg"])
    bad = client.post(f"/concerns/{original.pk}/actions/merge/", {"merge-duplicate": "PH.19990101.0001"})
    assert bad.status_code == 400 and "Không tìm thấy vấn đề có mã" in bad.content.decode()
    client.post(f"/concerns/{original.pk}/actions/merge/", {"merge-duplicate": duplicate.tracking_code})
    original.refresh_from_db()
    assert original.reports_count == 2
    page = client.get(f"/concerns/{duplicate.pk}/").content.decode()
    assert "Đã gộp vào" in page and original.tracking_code in page and "Tách khỏi vấn đề đã gộp" in page
    assert client.post(f"/concerns/{duplicate.pk}/actions/unmerge/").status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_edit_with_versions(s):
    concern = make_concern(s["btg"], s["demo"].btg_kh)
    client = page_client(s["btg"])
    page = client.get(f"/concerns/{concern.pk}/edit/").content.decode()
    assert 'value="Phường Ninh Hòa, Khánh Hòa"' in page
    data = form_data(title="Chậm bồi thường dự án đường ven biển (đã sửa)", version=concern.version)
    data.pop("channel")
    assert client.post(f"/concerns/{concern.pk}/edit/", data).status_code == 302
    concern.refresh_from_db()
    assert concern.title.endswith("(đã sửa)") and concern.version == 2
    stale = client.post(f"/concerns/{concern.pk}/edit/", data | {"title": "Một tiêu đề khác", "version": 1})
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "đã được người khác sửa" in page and "(đã sửa)" in page and 'value="2"' in page
    assert page_client(s["hdnd"]).get(f"/concerns/{concern.pk}/edit/").status_code == 404


# --- contacts ----------------------------------------------------------------------------------------------------


def test_contacts_endpoint_404_for_non_handler_and_audited_for_handler(s):
    concern = make_concern(s["btg"], s["demo"].btg_kh, contact=CONTACT)
    route(s, concern)
    url = f"/concerns/{concern.pk}/contacts/"
    viewer = make_user(org=s["demo"].btg_kh, role=Role.VIEWER)
    collaborator = make_user(org=s["demo"].btg_kh, role=Role.COLLABORATOR)
    for user in (viewer, collaborator, s["outsider"]):
        response = page_client(user).get(url)
        assert response.status_code == 404 and CONTACT["phone"] not in response.content.decode()
    assert not AuditEvent.objects.filter(action="concern.contact_view").exists()
    for user in (s["btg"], s["hdnd"]):  # the intake organisation and the lead agency
        response = page_client(user).get(url, headers={"HX-Request": "true"})
        assert response.status_code == 200 and response["Cache-Control"] == "no-store, private"
        page = response.content.decode()
        assert CONTACT["phone"] in page and CONTACT["name"] in page and "<html" not in page
    assert AuditEvent.objects.filter(action="concern.contact_view").count() == 2
    detail = page_client(s["btg"]).get(f"/concerns/{concern.pk}/").content.decode()
    assert "Liên hệ người phản ánh" in detail
    assert "Liên hệ người phản ánh" not in page_client(viewer).get(f"/concerns/{concern.pk}/").content.decode()


def test_contacts_absent_from_list_detail_and_export(s):
    concern = make_concern(s["btg"], s["demo"].btg_kh, contact=CONTACT)
    client = page_client(s["btg"])
    for url in ("/concerns/", f"/concerns/{concern.pk}/", "/concerns/?format=xlsx", f"/concerns/{concern.pk}/edit/"):
        body = client.get(url).content
        for value in CONTACT.values():
            assert value.encode() not in body, (url, value)
    assert not AuditEvent.objects.filter(action="concern.contact_view").exists()


# --- visibility and the public page --------------------------------------------------------------------------------


def test_other_provinces_concerns_answer_404(s):
    concern = make_concern(s["btg"], s["demo"].btg_kh, contact=CONTACT)
    client = page_client(s["outsider"])
    for url in (f"/concerns/{concern.pk}/", f"/concerns/{concern.pk}/edit/", f"/concerns/{concern.pk}/contacts/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/concerns/{concern.pk}/actions/verify/").status_code == 404
    assert client.post(f"/concerns/{concern.pk}/responses/", {"response-message": "x"}).status_code == 404
    assert concern.tracking_code not in client.get("/concerns/").content.decode()
    assert client.get("/concerns/999999/").status_code == 404


def test_public_tracking_page_shows_nothing_but_status_and_answer(s):
    concern = make_concern(s["btg"], s["demo"].btg_kh, contact=CONTACT, source_ref="Đơn số 99/TCD")
    route(s, concern)
    services.concern_update(
        acting=acting_of(s["btg"]), concern=concern, data={"public_answer": "UBND đang rà soát hồ sơ bồi thường."}
    )
    anonymous = Client()
    form = anonymous.get("/concerns/track/")
    assert form.status_code == 200 and "Mã theo dõi" in form.content.decode()
    page = anonymous.get("/concerns/track/", {"code": concern.tracking_code.lower()}).content.decode()
    assert "Đã giao xử lý" in page and "UBND đang rà soát hồ sơ bồi thường." in page
    assert timezone.localdate().strftime("%d/%m/%Y") in page
    main = page.split("<main", 1)[1]
    for secret in (*CONTACT.values(), concern.title, "Đơn số 99/TCD", s["demo"].hdnd_kh.name, s["demo"].btg_kh.name):
        assert secret not in main
    missing = anonymous.get("/concerns/track/", {"code": "PH.19990101.0001"})
    assert missing.status_code == 404 and "Không tìm thấy mã theo dõi" in missing.content.decode()
    assert anonymous.get("/concerns/track/", {"code": "<b>x</b>"}).status_code == 404
    # everything else needs a sign-in
    assert anonymous.get(f"/concerns/{concern.pk}/").status_code == 302
    assert anonymous.get("/concerns/").status_code == 302
