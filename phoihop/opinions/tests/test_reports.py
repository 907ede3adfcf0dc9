"""Opinion reports: network, drafts and sending, identifiers refused with the draft kept, bad input,
compilation figures against the raw reports, authors hidden, quick reports opening concerns, the month's
DOCX/PDF, reminders and participation."""

import datetime as dt
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from docx import Document

from phoihop.accounts.models import Role
from phoihop.concerns.models import Channel, Concern
from phoihop.core.errors import NotFound, ValidationFailed
from phoihop.notifications.models import Notification
from phoihop.opinions import selectors, services
from phoihop.opinions.models import Collaborator, OpinionItem, OpinionReport
from phoihop.opinions.tests.factories import collaborator, report, unit
from phoihop.tests.support import acting_of, api_client, make_user, page_client

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
CUR = services.month_of(TODAY)
NOV = services.previous_month(CUR)  # "last month"; the names recall the month the tests were written in
OCT = services.previous_month(NOV)
NEXT = services.month_of(services.month_end(CUR) + dt.timedelta(days=1))
M_NOV, M_OCT, M_CUR = f"{NOV:%Y-%m}", f"{OCT:%Y-%m}", f"{CUR:%Y-%m}"


@pytest.fixture
def kh(demo):
    OpinionReport.objects.all().delete()  # the demo's reports: these tests count their own
    Collaborator.objects.all().delete()
    org = demo.btg_kh
    ward, other_ward = unit("22528"), unit("22525")
    leader = make_user(org=org, role=Role.LEADER, full_name="Lãnh Đạo Ban")
    return {
        "org": org,
        "ward": ward,
        "other_ward": other_ward,
        "leader": leader,
        "officer": make_user(org=org, role=Role.OFFICER),
        "ctv": collaborator(org, [ward], leader=leader, full_name="Cộng Tác Viên Một"),
        "ctv2": collaborator(org, [other_ward], leader=leader, full_name="Cộng Tác Viên Hai"),
    }


def post(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def put(client, path, body):
    return client.put(path, data=json.dumps(body), content_type="application/json")


def test_collaborator_sends_a_monthly_report_through_the_api(kh):
    client = api_client(kh["ctv"], kh["org"])
    body = {
        "month": M_NOV,
        "unit": str(kh["ward"].pk),
        "submit": True,
        "items": [
            {
                "topic": "lv.dat-dai",
                "mood": "worry",
                "summary": "Bà con lo lắng về giá bồi thường.",
                "proposals": "Công khai phương án.",
            },
            {"topic": "cs.sap-xep-bo-may", "mood": "agree", "summary": "Đa số đồng tình với chính quyền hai cấp."},
        ],
    }
    r = post(client, "/api/v1/opinion/reports", body)
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["status"] == "submitted" and data["author"] == "Cộng Tác Viên Một"
    assert [i["mood"] for i in data["items"]] == ["worry", "agree"]
    again = post(client, "/api/v1/opinion/reports", body)
    assert again.status_code == 400 and f"đã có báo cáo tháng {NOV:%m/%Y}" in again.json()["message"]


def test_phone_number_is_refused_pointing_at_it_and_the_draft_is_kept(kh):
    client = api_client(kh["ctv"], kh["org"])
    items = [{"topic": "lv.gia-ca", "mood": "upset", "summary": "Giá điện tăng; người dân gọi 0905 123 456 để hỏi."}]
    r = post(
        client,
        "/api/v1/opinion/reports",
        {"month": M_NOV, "unit": str(kh["ward"].pk), "submit": True, "items": items},
    )
    assert r.status_code == 400
    err = r.json()
    assert err["code"] == "personal_data" and "«0905 123 456» giống số điện thoại" in err["message"]
    assert err["field"] == "items-0-summary"
    draft = OpinionReport.objects.get(pk=err["draft_id"])
    assert draft.status == "draft" and "0905 123 456" in draft.items.get().summary
    # the department sees nothing of it
    assert api_client(kh["leader"], kh["org"]).get(f"/api/v1/opinion/reports/{draft.pk}").status_code == 404
    items[0]["summary"] = "Giá điện tăng; nhiều người gọi đường dây nóng của ngành điện để hỏi."
    fixed = put(
        client,
        f"/api/v1/opinion/reports/{draft.pk}",
        {"month": M_NOV, "unit": str(kh["ward"].pk), "items": items, "version": draft.version},
    )
    assert fixed.status_code == 200, fixed.content
    sent = post(client, f"/api/v1/opinion/reports/{draft.pk}/submit", {"version": fixed.json()["version"]})
    assert sent.status_code == 200 and sent.json()["status"] == "submitted"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"month": f"{NEXT:%Y-%m}"}, "month", "chưa đến"),
        ({"month": "tháng mười"}, "month", "dạng 2026-11"),
        ({"topic": "khong-co"}, "items-0-topic", "không có trong danh mục"),
        ({"unit_other": True}, "unit", "không phụ trách địa bàn"),
        ({"summary": "Bà con \x00 lo lắng"}, "items-0-summary", "ký tự điều khiển"),
        ({"summary": "<script>alert(1)</script>"}, "items-0-summary", "HTML"),
    ],
)
def test_bad_input_gets_a_vietnamese_400(kh, change, field, words):
    client = api_client(kh["ctv"], kh["org"])
    unit_id = kh["other_ward"].pk if change.get("unit_other") else kh["ward"].pk
    item = {
        "topic": change.get("topic", "lv.y-te"),
        "mood": "interest",
        "summary": change.get("summary", "Quan tâm đến bảo hiểm y tế."),
    }
    r = post(
        client,
        "/api/v1/opinion/reports",
        {"month": change.get("month", M_NOV), "unit": str(unit_id), "items": [item]},
    )
    assert r.status_code == 400, r.content
    assert r.json().get("field") == field and words in r.json()["message"]
    assert not OpinionReport.objects.filter(author=kh["ctv"]).exists()


def test_wrong_types_and_huge_values_are_400_not_500(kh):
    client = api_client(kh["ctv"], kh["org"])
    for body in (
        {"items": "nhiều"},
        {"items": [{"topic": "lv.y-te", "mood": "vui", "summary": "x"}]},
        {"items": [{"topic": "lv.y-te", "mood": "agree", "summary": "x" * 5000}]},
        {"unit": ["1"], "items": []},
        {"items": [{"topic": "lv.y-te", "mood": "agree", "summary": "x"}] * 13},
    ):
        r = post(client, "/api/v1/opinion/reports", {"month": M_NOV, **body})
        assert r.status_code == 400, (body, r.content)
        assert r.json()["message"]
    assert client.get("/api/v1/opinion/reports/99999999999999999999").status_code in (400, 404)
    assert client.get("/api/v1/opinion/compilations/2026-13").status_code in (400, 404)


def test_a_closed_month_refuses_reports(kh):
    report(kh["ctv"], kh["org"], kh["ward"], [("lv.y-te", "agree", "Đồng tình với khám bệnh từ xa.")])
    services.month_close(acting=acting_of(kh["officer"], kh["org"]), month=NOV)
    with pytest.raises(ValidationFailed, match="đã chốt"):
        report(kh["ctv2"], kh["org"], kh["other_ward"], [("lv.y-te", "agree", "Đồng tình.")])
    with pytest.raises(ValidationFailed, match="đã chốt rồi"):
        services.month_close(acting=acting_of(kh["officer"], kh["org"]), month=NOV)


def test_only_collaborators_in_the_network_report(kh, demo):
    stranger = make_user(org=kh["org"], role=Role.COLLABORATOR)
    with pytest.raises(ValidationFailed, match=r"chưa được .* phân công địa bàn"):
        report(stranger, kh["org"], kh["ward"], [("lv.y-te", "agree", "Đồng tình.")])
    with pytest.raises(NotFound):
        report(kh["officer"], kh["org"], kh["ward"], [("lv.y-te", "agree", "Đồng tình.")])
    # a leader can only put collaborator-role members of the department into the network
    with pytest.raises(ValidationFailed, match="vai trò cộng tác viên"):
        services.collaborator_save(acting=acting_of(kh["leader"], kh["org"]), user=kh["officer"], units=[kh["ward"].pk])
    with pytest.raises(ValidationFailed, match="ngoài phạm vi"):
        services.collaborator_save(
            acting=acting_of(kh["leader"], kh["org"]),
            user=make_user(org=kh["org"], role=Role.COLLABORATOR),
            units=[unit("19").pk],
        )
    with pytest.raises(NotFound):
        services.collaborator_save(acting=acting_of(kh["officer"], kh["org"]), user=stranger, units=[kh["ward"].pk])


def _raw_counts(org, month):
    counts = {}
    for it in OpinionItem.objects.filter(
        report__organization=org, report__month=month, report__status="submitted"
    ).select_related("topic"):
        counts.setdefault(it.topic.name, {}).setdefault(it.mood, 0)
        counts[it.topic.name][it.mood] += 1
    return counts


def test_compilation_figures_match_the_raw_reports(kh):
    ctv3 = collaborator(kh["org"], [kh["ward"]], leader=kh["leader"])
    report(
        kh["ctv"],
        kh["org"],
        kh["ward"],
        [("lv.dat-dai", "upset", "Bức xúc vì chậm bồi thường."), ("lv.y-te", "agree", "Đồng tình.")],
        month=M_OCT,
    )
    report(
        kh["ctv"],
        kh["org"],
        kh["ward"],
        [
            ("lv.dat-dai", "worry", "Lo lắng về quy hoạch.", "Công khai quy hoạch."),
            ("lv.gia-ca", "upset", "Giá xăng tăng."),
        ],
    )
    report(
        kh["ctv2"],
        kh["org"],
        kh["other_ward"],
        [("lv.dat-dai", "upset", "Bức xúc về đền bù."), ("lv.y-te", "interest", "Quan tâm bảo hiểm y tế.")],
    )
    report(
        ctv3, kh["org"], kh["ward"], [("lv.dat-dai", "upset", "Chưa nhận tiền bồi thường.")], submit=False
    )  # a draft: not counted
    report(
        kh["ctv2"],
        kh["org"],
        kh["other_ward"],
        [("lv.an-ninh", "worry", "Lừa đảo qua mạng.")],
        kind="quick",
        title="Lừa đảo cài ứng dụng giả",
        happened_on=NOV.replace(day=20).isoformat(),
    )

    f = selectors.month_figures(org_ids=[kh["org"].pk], month=NOV)
    raw = _raw_counts(kh["org"], NOV)
    assert f["reports"] == 3 and f["monthly"] == 2 and f["quick"] == 1
    assert f["items"] == sum(sum(v.values()) for v in raw.values()) == 5
    assert f["collaborators_reporting"] == 2 and f["collaborators_active"] == 3
    for row in f["by_topic"]:
        if row["count"]:
            assert {m: n for m, n in row["moods"].items() if n} == raw[row["topic"]]
    land = next(r for r in f["by_topic"] if r["topic"] == "Đất đai")
    assert land["count"] == 2 and land["previous"] == 1 and land["change"] == 1
    assert land["uneasy"] == 2 and land["previous_uneasy"] == 1
    from phoihop.opinions.documents import uneasy_share

    assert uneasy_share(land) == "100% (tháng trước 100%)"
    health_ = next(r for r in f["by_topic"] if r["topic"] == "Y tế")
    assert uneasy_share(health_) == "0% (tháng trước 0%)"
    health = next(r for r in f["by_topic"] if r["topic"] == "Y tế")
    assert health["previous_moods"]["agree"] == 1 and health["moods"]["interest"] == 1
    assert f["by_topic"][0]["topic"] == "Đất đai"  # most opinions first
    assert {a["unit"]: a["count"] for a in f["by_area"]} == {kh["ward"].name: 2, kh["other_ward"].name: 3}
    assert [n["mood"] for n in f["notable"]] == ["upset", "upset", "worry", "worry"]  # upset first
    assert {n["summary"] for n in f["notable"]} == {
        "Lo lắng về quy hoạch.",
        "Giá xăng tăng.",
        "Bức xúc về đền bù.",
        "Lừa đảo qua mạng.",
    }
    assert f["proposals"] == [
        {"topic": "Đất đai", "unit": kh["ward"].name, "proposals": "Công khai quy hoạch.", "times": 1}
    ]
    assert f["quick_reports"][0]["title"] == "Lừa đảo cài ứng dụng giả"


def test_notable_opinions_said_in_several_places_are_listed_once(kh):
    for who, where in ((kh["ctv"], kh["ward"]), (kh["ctv2"], kh["other_ward"])):
        report(who, kh["org"], where, [("lv.gia-ca", "upset", "Giá xăng tăng liên tục.")])
    notable = selectors.month_figures(org_ids=[kh["org"].pk], month=NOV)["notable"]
    assert len(notable) == 1 and notable[0]["times"] == 2
    assert set(notable[0]["unit"].split(", ")) == {kh["ward"].name, kh["other_ward"].name}


def test_authors_are_seen_by_the_department_leaders_only(kh, demo):
    r = report(kh["ctv"], kh["org"], kh["ward"], [("lv.dat-dai", "worry", "Lo lắng về quy hoạch.")])
    leader = api_client(kh["leader"], kh["org"]).get(f"/api/v1/opinion/reports/{r.pk}").json()
    officer = api_client(kh["officer"], kh["org"]).get(f"/api/v1/opinion/reports/{r.pk}").json()
    assert leader["author"] == "Cộng Tác Viên Một" and officer["author"] is None
    listed = api_client(kh["officer"], kh["org"]).get("/api/v1/opinion/reports").json()
    assert listed["count"] == 1 and listed["items"][0]["author"] is None
    # the compilation, its export and other organisations never carry the author
    comp = api_client(kh["leader"], kh["org"]).get(f"/api/v1/opinion/compilations/{M_NOV}")
    assert comp.status_code == 200 and "Cộng Tác Viên" not in comp.content.decode()
    docx = api_client(kh["leader"], kh["org"]).get(f"/api/v1/opinion/compilations/{M_NOV}/docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Lo lắng về quy hoạch." in text and "Cộng Tác Viên" not in text
    hdnd = api_client(make_user(org=demo.hdnd_kh), demo.hdnd_kh)
    assert hdnd.get(f"/api/v1/opinion/reports/{r.pk}").status_code == 404
    assert hdnd.get("/api/v1/opinion/reports").json()["count"] == 0
    assert hdnd.get(f"/api/v1/opinion/compilations/{M_NOV}").status_code == 404
    # another collaborator does not see it either
    assert api_client(kh["ctv2"], kh["org"]).get(f"/api/v1/opinion/reports/{r.pk}").status_code == 404


def test_superior_sees_the_aggregate_of_its_subtree_never_single_reports(demo):
    pb, tn = demo.btg_pb, demo.btg_tn
    commune = next(u for u in unit("173", "legacy").children.all())
    ctv = collaborator(pb, [commune], full_name="Người Báo Cáo Phú Bình")
    r = report(ctv, pb, commune, [("lv.gia-ca", "worry", "Lo giá phân bón tăng.")])
    superior = api_client(make_user(org=tn), tn)
    assert superior.get(f"/api/v1/opinion/reports/{r.pk}").status_code == 404
    body = superior.get(f"/api/v1/opinion/compilations/{M_NOV}?scope=subtree")
    assert body.status_code == 200
    data = body.json()
    assert data["figures"]["reports"] >= 1 and any(d["organization"] == pb.name for d in data["departments"])
    assert "Người Báo Cáo" not in body.content.decode()
    # Phú Bình has no subtree of its own to aggregate over for a non-roll-up body
    assert (
        api_client(make_user(org=demo.ubnd_pb), demo.ubnd_pb)
        .get(f"/api/v1/opinion/compilations/{M_NOV}?scope=subtree")
        .status_code
        == 404
    )


def test_quick_report_opens_a_concern_for_the_department(kh, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = report(
            kh["ctv"],
            kh["org"],
            kh["ward"],
            [
                (
                    "lv.moi-truong",
                    "upset",
                    "Người dân bức xúc vì xưởng tái chế xả khói đen ban đêm gây ô nhiễm không khí.",
                )
            ],
            kind="quick",
            title="Xưởng tái chế gây ô nhiễm không khí",
            happened_on=CUR.isoformat(),
            open_concern=True,
        )
    concern = Concern.objects.get(pk=r.concern_id)
    assert concern.channel == Channel.COLLABORATOR and concern.organization_id == kh["org"].pk
    assert concern.created_by_id is None and concern.topic.code.startswith("moi-truong")
    assert concern.title == "Xưởng tái chế gây ô nhiễm không khí"
    told = Notification.objects.filter(kind="opinion.quick", recipient__in=[kh["leader"], kh["officer"]])
    assert told.count() == 2 and "Cộng Tác Viên" not in told.first().title
    page = page_client(kh["leader"], kh["org"]).get(f"/opinion/reports/{r.pk}/")
    assert page.status_code == 200 and f'href="/concerns/{concern.pk}/"' in page.content.decode()
    assert concern.tracking_code in page.content.decode()
    with pytest.raises(ValidationFailed, match="Chỉ báo cáo nhanh"):
        report(kh["ctv2"], kh["org"], kh["other_ward"], [("lv.y-te", "agree", "Đồng tình.")], open_concern=True)


def test_the_month_exports_in_the_party_profile_with_its_number(kh):
    report(kh["ctv"], kh["org"], kh["ward"], [("lv.dat-dai", "worry", "Lo lắng về quy hoạch.", "Công khai quy hoạch.")])
    officer = acting_of(kh["officer"], kh["org"])
    services.month_update(
        acting=officer,
        month=NOV,
        data={"overview": "Tình hình tư tưởng cơ bản ổn định.", "forecast": "Dư luận tiếp tục quan tâm đến đất đai."},
    )
    with pytest.raises(ValidationFailed, match="tên một người"):
        services.month_update(acting=officer, month=NOV, data={"notable": "Theo anh Tuấn thì giá tăng."})
    row = services.month_close(acting=officer, month=NOV)
    assert row.number_line.startswith("Số ") and "-BC/BTGTU" in row.number_line
    client = page_client(kh["officer"], kh["org"])
    r = client.get(f"/opinion/months/{M_NOV}/docx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    doc = Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for row_ in t.rows for c in row_.cells
    )
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "BÁO CÁO",
        f"Tình hình tư tưởng, dư luận xã hội tháng {NOV.month:02d} năm {NOV.year}",
        row.number_line,
        "Tình hình tư tưởng cơ bản ổn định.",
        f"Trong tháng {NOV:%m/%Y}, Ban nhận được 1 báo cáo",
        "Công khai quy hoạch.",
        "Lo lắng",
    ):
        assert expected in text, expected
    # a closed month keeps its figures: a later change in the data does not alter it
    OpinionItem.objects.filter(report__organization=kh["org"]).update(mood="agree")
    again = selectors.compilation(acting_of(kh["officer"], kh["org"]), NOV)
    assert again["figures"]["moods"]["worry"] == 1


def test_month_pdf_is_made_from_the_docx(kh):
    from pypdf import PdfReader

    report(kh["ctv"], kh["org"], kh["ward"], [("lv.dat-dai", "worry", "Lo lắng về quy hoạch.")])
    r = page_client(kh["officer"], kh["org"]).get(f"/opinion/months/{M_NOV}/pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    assert f"dư luận xã hội tháng {NOV.month:02d} năm {NOV.year}" in " ".join(text.split())


def test_reminders_go_to_those_who_have_not_reported(kh):
    report(kh["ctv"], kh["org"], kh["ward"], [("lv.y-te", "agree", "Đồng tình.")], month=M_CUR)
    Notification.objects.filter(kind="opinion.reminder").delete()
    assert services.remind_collaborators(CUR.replace(day=10)) == {"reminded": 0}  # not a reminder day
    done = services.remind_collaborators(CUR.replace(day=17))  # three days before the 20th
    reminded = set(Notification.objects.filter(kind="opinion.reminder").values_list("recipient_id", flat=True))
    assert kh["ctv2"].pk in reminded and kh["ctv"].pk not in reminded and done["reminded"] == len(reminded)
    Notification.objects.filter(kind="opinion.reminder").delete()
    services.remind_collaborators(CUR.replace(day=21))  # the day after the due day
    late = Notification.objects.get(kind="opinion.reminder", recipient=kh["ctv2"])
    assert "đã quá hạn" in late.title
    assert not Notification.objects.filter(kind="opinion.reminder", recipient=kh["ctv"]).exists()


def test_participation_table(kh):
    report(kh["ctv"], kh["org"], kh["ward"], [("lv.y-te", "agree", "Đồng tình.")], month=M_NOV)
    OpinionReport.objects.filter(author=kh["ctv"]).update(
        submitted_at=dt.datetime.combine(NOV.replace(day=25), dt.time(3), tzinfo=dt.UTC)
    )
    report(kh["ctv2"], kh["org"], kh["other_ward"], [("lv.y-te", "agree", "Đồng tình.")], month=M_OCT)
    OpinionReport.objects.filter(author=kh["ctv2"]).update(
        submitted_at=dt.datetime.combine(OCT.replace(day=5), dt.time(3), tzinfo=dt.UTC)
    )
    rows = selectors.participation(acting_of(kh["leader"], kh["org"]), [OCT, NOV, CUR])
    cells = {r["collaborator"].user_id: r["cells"] for r in rows}
    now = "waiting" if CUR.replace(day=20) >= TODAY else "missing"
    assert cells[kh["ctv"].pk] == ["missing", "late", now]
    assert cells[kh["ctv2"].pk] == ["on_time", "missing", now]
    with pytest.raises(NotFound):
        selectors.participation(acting_of(kh["officer"], kh["org"]), [NOV])


def test_the_api_is_in_the_openapi_file(kh):
    paths = api_client(kh["officer"], kh["org"]).get("/api/v1/openapi.json").json()["paths"]
    for p in (
        "/api/v1/opinion/reports",
        "/api/v1/opinion/reports/{report_id}/submit",
        "/api/v1/opinion/compilations/{month}",
        "/api/v1/opinion/collaborators",
        "/api/v1/opinion/participation",
        "/api/v1/opinion/topics",
    ):
        assert p in paths, p


def test_report_list_query_count_is_pinned(kh):
    client = api_client(kh["leader"], kh["org"])
    report(kh["ctv"], kh["org"], kh["ward"], [("lv.y-te", "agree", "Đồng tình.")])
    client.get("/api/v1/opinion/reports")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/opinion/reports")
    report(kh["ctv2"], kh["org"], kh["other_ward"], [("lv.y-te", "agree", "Đồng tình.")])
    report(
        kh["ctv2"],
        kh["org"],
        kh["other_ward"],
        [("lv.gia-ca", "worry", "Giá tăng.")],
        kind="quick",
        title="Giá gas tăng",
        happened_on=NOV.replace(day=28).isoformat(),
    )
    with CaptureQueriesContext(connection) as more:
        body = client.get("/api/v1/opinion/reports").json()
    assert body["count"] == 3 and len(more) == len(few) <= 6
