"""Meetings: create and invite, answers (and refusals from those not invited), attendance on the day,
minutes and conclusions, a conclusion becoming a plan task that reaches "Việc cần làm", the HĐND session's
proposals, the .ics parsed back, the minutes and the conclusions notice as DOCX, feeds, bad input."""

import datetime as dt
import io
import json

import pytest
from django.utils import timezone
from docx import Document
from icalendar import Calendar

from phoihop.core.errors import NotFound, ValidationFailed
from phoihop.meetings import selectors, services
from phoihop.meetings.models import Invitation, Meeting
from phoihop.notifications.models import Notification
from phoihop.plans.models import Plan
from phoihop.plans.selectors import my_work
from phoihop.tests.support import acting_of, api_client, make_user, page_client

pytestmark = pytest.mark.django_db

TZ = timezone.get_current_timezone()


def at(days: int, hour: int = 8) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


@pytest.fixture
def kh(demo):
    plan = (
        Plan.objects.filter(program__lead=demo.btg_kh, year=timezone.localdate().year).select_related("program").first()
    )
    return {
        "btg": demo.btg_kh,
        "hdnd": demo.hdnd_kh,
        "officer": make_user(org=demo.btg_kh),  # demo accounts sign in only with DEBUG on
        "hdnd_officer": make_user(org=demo.hdnd_kh, full_name="Trần Văn Bình"),
        "plan": plan,
        "stranger_org": demo.ubnd_pb,
        "stranger": make_user(org=demo.ubnd_pb),
    }


def meeting(kh, *, days=3, kind="briefing", plan=True, **extra):
    data = {
        "kind": kind,
        "title": "Giao ban công tác phối hợp quý IV",
        "starts_at": at(days),
        "ends_at": at(days, 11),
        "place": "Hội trường Ban Tuyên giáo Tỉnh ủy",
        "chair": "Lê Hữu Thọ, Trưởng ban Tuyên giáo Tỉnh ủy",
        "program": kh["plan"].program if plan else None,
        "plan": kh["plan"] if plan else None,
        **extra,
    }
    return services.meeting_create(acting=acting_of(kh["officer"], kh["btg"]), data=data, organizations=[kh["hdnd"].pk])


def test_invited_organisations_are_told_and_answer(kh, django_capture_on_commit_callbacks):
    m = meeting(kh)
    note = Notification.objects.get(kind="meeting.invited", recipient=kh["hdnd_officer"])
    assert "Giao ban công tác phối hợp quý IV" in note.title and "08:00" in note.title
    hdnd = acting_of(kh["hdnd_officer"], kh["hdnd"])
    inv = services.invitation_answer(
        acting=hdnd, meeting=selectors.meeting_get(hdnd, m.pk), answer="deputy", deputy="Phó Chánh Văn phòng"
    )
    assert inv.answer == "deputy" and inv.deputy == "Phó Chánh Văn phòng" and inv.answered_by == kh["hdnd_officer"]
    with pytest.raises(ValidationFailed, match="Người dự thay"):
        services.invitation_answer(acting=hdnd, meeting=m, answer="deputy", deputy="")


def test_someone_not_invited_cannot_answer(kh, demo):
    m = meeting(kh)
    # the organiser's superior sees the meeting (roll-up) but is not invited: 400, not an answer
    other = acting_of(make_user(org=demo.btg_kh), demo.btg_kh)
    with pytest.raises(ValidationFailed, match="không có trong danh sách mời"):
        services.invitation_answer(acting=other, meeting=m, answer="attend")
    # an organisation that neither organises nor is invited does not see it at all
    with pytest.raises(NotFound):
        selectors.meeting_get(acting_of(kh["stranger"], kh["stranger_org"]), m.pk)
    r = api_client(kh["stranger"], kh["stranger_org"]).post(
        f"/api/v1/meetings/{m.pk}/answer", data='{"answer": "attend"}', content_type="application/json"
    )
    assert r.status_code == 404


def test_attendance_on_the_day_and_not_before(kh):
    m = meeting(kh, days=2)
    officer = acting_of(kh["officer"], kh["btg"])
    inv = m.invitations.get()
    with pytest.raises(ValidationFailed, match="ngày họp"):
        services.attendance_record(acting=officer, meeting=m, rows={inv.pk: (True, "")})
    Meeting.objects.filter(pk=m.pk).update(starts_at=at(0, 7), ends_at=at(0, 9))
    services.attendance_record(acting=officer, meeting=m, rows={inv.pk: (True, "Trần Văn Bình")})
    inv.refresh_from_db()
    assert inv.attended is True and inv.attendee == "Trần Văn Bình"
    with pytest.raises(ValidationFailed, match="không có trong danh sách mời"):
        services.attendance_record(acting=officer, meeting=m, rows={999999: (True, "")})


def test_a_conclusion_becomes_a_plan_task_in_the_assignees_work(kh):
    m = meeting(kh)
    officer = acting_of(kh["officer"], kh["btg"])
    c = services.conclusion_add(
        acting=officer,
        meeting=m,
        data={"text": "Thường trực HĐND cung cấp thông tin kết quả giám sát cho báo chí trước kỳ họp"},
    )
    with pytest.raises(ValidationFailed, match="cơ quan chủ trì"):
        services.conclusion_to_task(acting=officer, conclusion=c)
    c = services.conclusion_update(
        acting=officer,
        conclusion=c,
        data={"lead": kh["hdnd"].pk, "deadline": timezone.localdate() + dt.timedelta(days=5)},
    )
    c = services.conclusion_to_task(acting=officer, conclusion=c, assignees=[kh["hdnd_officer"]])
    task = c.task
    assert task.plan_id == kh["plan"].pk and task.lead_id == kh["hdnd"].pk and task.content_id is not None
    assert task.conclusion == c and "Kết luận số 1" in task.description
    work = my_work(acting=acting_of(kh["hdnd_officer"], kh["hdnd"]))
    assert task.pk in [t.pk for t in work["assigned"][0]] and task.pk in [t.pk for t in work["due_soon"][0]]
    with pytest.raises(ValidationFailed, match="đã thành nhiệm vụ"):
        services.conclusion_to_task(acting=officer, conclusion=c)
    past = services.conclusion_add(
        acting=officer,
        meeting=m,
        data={"text": "Việc đã quá hạn", "lead": kh["hdnd"], "deadline": timezone.localdate() - dt.timedelta(days=1)},
    )
    with pytest.raises(ValidationFailed, match="trước ngày họp"):
        services.conclusion_to_task(acting=officer, conclusion=past)


def test_hdnd_session_proposes_communication_before_during_after(kh):
    m = meeting(kh, kind="hdnd_session", days=20, title="Kỳ họp thứ 12 HĐND tỉnh khóa VII")
    Meeting.objects.filter(pk=m.pk).update(ends_at=at(22, 17))
    m.refresh_from_db()
    proposals = services.hdnd_proposals(m)
    assert [p["phase"] for p in proposals].count("before") == 3 and {p["phase"] for p in proposals} == {
        "before",
        "during",
        "after",
    }
    start, end = at(20).date(), at(22).date()
    assert all(p["deadline"] < start for p in proposals if p["phase"] == "before")
    assert all(p["deadline"] > end for p in proposals if p["phase"] == "after")
    assert "Kỳ họp thứ 12 HĐND tỉnh khóa VII" in proposals[0]["title"]
    officer = acting_of(kh["officer"], kh["btg"])
    chosen = [{"text": p["title"], "lead": kh["hdnd"].pk, "deadline": p["deadline"]} for p in proposals[:4]]
    chosen[1]["text"] = "Định hướng báo chí tuyên truyền các dự thảo nghị quyết trình kỳ họp"  # the officer's wording
    made = services.hdnd_confirm(acting=officer, meeting=m, items=chosen)
    assert len(made) == 4 and all(c.task_id for c in made)
    assert made[1].task.title == "Định hướng báo chí tuyên truyền các dự thảo nghị quyết trình kỳ họp"
    with pytest.raises(ValidationFailed, match=r"Nhiệm vụ thứ 1: .*chủ trì"):
        services.hdnd_confirm(
            acting=officer,
            meeting=m,
            items=[{"text": "Việc thiếu chủ trì", "lead": None, "deadline": proposals[0]["deadline"]}],
        )
    assert services.hdnd_proposals(meeting(kh)) == []


def test_ics_parses_back_with_the_time_zone(kh):
    m = meeting(kh)
    r = page_client(kh["hdnd_officer"], kh["hdnd"]).get(f"/meetings/{m.pk}.ics")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(r.content)
    event = next(c for c in cal.walk("VEVENT"))
    assert str(event["summary"]) == m.title and event.decoded("dtstart") == m.starts_at
    assert str(event["dtstart"].params["TZID"]) == "Asia/Ho_Chi_Minh" and any(c.name == "VTIMEZONE" for c in cal.walk())
    assert "Hội trường Ban Tuyên giáo Tỉnh ủy" in str(event["description"])


def test_organisation_feed_is_tokenised_and_revocable(kh, client):
    m = meeting(kh)
    raw = services.org_feed_token_create(acting=acting_of(kh["officer"], kh["btg"]))
    r = client.get(f"/meetings/feed/{raw}.ics")
    assert r.status_code == 200
    uids = [str(e["uid"]) for e in Calendar.from_ical(r.content).walk("VEVENT")]
    assert f"meeting-{m.pk}@phoihop" in uids
    other = services.meeting_create(
        acting=acting_of(make_user(org=kh["stranger_org"]), kh["stranger_org"]),
        data={
            "kind": "other",
            "title": "Họp riêng",
            "starts_at": at(4),
            "ends_at": at(4, 9),
            "place": "Phú Bình",
            "program": None,
            "plan": None,
        },
    )
    assert f"meeting-{other.pk}@phoihop" not in uids
    services.org_feed_token_revoke(acting=acting_of(kh["officer"], kh["btg"]))
    assert client.get(f"/meetings/feed/{raw}.ics").status_code == 404
    # the invited organisation's people get it in their own private feed too
    from phoihop.notifications.calendar_feed import events_for

    assert f"meeting-{m.pk}@phoihop" in [e.uid for e in events_for(kh["hdnd_officer"])]


def test_minutes_and_notice_docx_in_the_organisers_profile(kh):
    m = meeting(kh, days=0)
    Meeting.objects.filter(pk=m.pk).update(starts_at=at(0, 0), ends_at=at(0, 1))
    officer = acting_of(kh["officer"], kh["btg"])
    services.minutes_save(
        acting=officer,
        meeting=m,
        minutes="Các đại biểu thảo luận về công tác phối hợp quý IV.",
        secretary="Nguyễn Thị Minh Hạnh",
    )
    services.conclusion_add(
        acting=officer,
        meeting=m,
        data={
            "text": "Tăng cường cung cấp thông tin hằng tháng",
            "lead": kh["hdnd"],
            "deadline": timezone.localdate() + dt.timedelta(days=30),
        },
    )
    services.attendance_record(acting=officer, meeting=m, rows={m.invitations.get().pk: (True, "Trần Văn Bình")})
    with pytest.raises(ValidationFailed, match="đã diễn ra"):
        services.document_issue(acting=officer, meeting=m, which="minutes")
    services.meeting_transition(acting=officer, meeting=m, action="hold")
    m = services.document_issue(acting=officer, meeting=m, which="minutes")
    m = services.document_issue(acting=officer, meeting=m, which="notice")
    assert m.minutes_number_line.startswith("Số ") and "-BB/BTGTU" in m.minutes_number_line
    assert "-TB/BTGTU" in m.notice_number_line
    client = page_client(kh["officer"], kh["btg"])
    for which, words in (
        (
            "minutes",
            [
                "ĐẢNG CỘNG SẢN VIỆT NAM",
                "BIÊN BẢN",
                "Thư ký: Nguyễn Thị Minh Hạnh",
                "Thường trực Hội đồng nhân dân tỉnh Khánh Hòa (Trần Văn Bình)",
                "THƯ KÝ",
                "CHỦ TRÌ",
                m.minutes_number_line,
            ],
        ),
        (
            "notice",
            [
                "THÔNG BÁO",
                "Kết luận tại giao ban công tác phối hợp quý IV",
                "Tăng cường cung cấp thông tin hằng tháng",
                "T/M" if False else "T/L TRƯỞNG BAN",
                m.notice_number_line,
            ],
        ),
    ):
        r = client.get(f"/meetings/{m.pk}/{which}.docx")
        assert r.status_code == 200, r.content[:200]
        doc = Document(io.BytesIO(r.content))
        text = (
            "\n".join(p.text for p in doc.paragraphs)
            + "\n"
            + "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
        )
        for w in words:
            assert w in text, (which, w)


def test_bad_input_is_refused_in_vietnamese(kh):
    client = api_client(kh["officer"], kh["btg"])
    before = Meeting.objects.count()
    base = {
        "kind": "briefing",
        "title": "Giao ban",
        "starts_at": at(2).isoformat(),
        "ends_at": at(2, 10).isoformat(),
        "place": "Hội trường",
    }
    for change, words in (
        ({"ends_at": at(1).isoformat()}, "sau giờ bắt đầu"),
        ({"kind": "party"}, ""),
        ({"title": ""}, "không được để trống"),
        ({"title": "Giao ban \x00"}, "ký tự điều khiển"),
        ({"organizations": [99999999]}, "không tồn tại"),
        ({"starts_at": "hôm nay"}, ""),
    ):
        r = client.post("/api/v1/meetings", data=json.dumps(base | change), content_type="application/json")
        assert r.status_code == 400, (change, r.content)
        assert words in r.json()["message"]
    assert Meeting.objects.count() == before  # nothing half-saved
    ok = client.post(
        "/api/v1/meetings", data=json.dumps(base | {"organizations": [kh["hdnd"].pk]}), content_type="application/json"
    )
    assert ok.status_code == 201 and ok.json()["invitations"][0]["organization"]["id"] == kh["hdnd"].pk


def test_api_lifecycle_and_pinned_list_queries(kh):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer = api_client(kh["officer"], kh["btg"])
    m = meeting(kh)
    officer.get("/api/v1/meetings")
    with CaptureQueriesContext(connection) as few:
        officer.get("/api/v1/meetings")
    meeting(kh, days=5)
    meeting(kh, days=6)
    with CaptureQueriesContext(connection) as more:
        body = officer.get("/api/v1/meetings?when=upcoming").json()
    assert body["count"] >= 3 and len(more) == len(few) <= 6
    hdnd = api_client(kh["hdnd_officer"], kh["hdnd"])
    r = hdnd.post(f"/api/v1/meetings/{m.pk}/answer", data='{"answer": "attend"}', content_type="application/json")
    assert r.status_code == 200 and r.json()["answer"] == "attend"
    r = hdnd.post(f"/api/v1/meetings/{m.pk}/conclusions", data='{"text": "x"}', content_type="application/json")
    assert r.status_code == 404  # only the organiser manages
    r = officer.post(
        f"/api/v1/meetings/{m.pk}/conclusions",
        data=json.dumps(
            {
                "text": "Phối hợp họp báo",
                "lead": kh["hdnd"].pk,
                "deadline": (timezone.localdate() + dt.timedelta(days=9)).isoformat(),
            }
        ),
        content_type="application/json",
    )
    assert r.status_code == 201
    r = officer.post(
        f"/api/v1/meetings/{m.pk}/conclusions/{r.json()['id']}/task", data="{}", content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["task"]
    r = officer.post(
        f"/api/v1/meetings/{m.pk}/transition", data='{"action": "cancel"}', content_type="application/json"
    )
    assert r.status_code == 400 and "Lý do" in r.json()["message"]
    assert officer.get(f"/api/v1/meetings/{m.pk}/ics").status_code == 200
    paths = officer.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/meetings/{meeting_id}/answer" in paths and "/api/v1/meetings" in paths


def test_pages_render(kh):
    m = meeting(kh, kind="hdnd_session", days=10)
    client = page_client(kh["officer"], kh["btg"])
    for url in (
        "/meetings/",
        "/meetings/new/",
        f"/meetings/{m.pk}/",
        f"/meetings/{m.pk}/edit/",
        "/meetings/?when=upcoming&q=giao+ban",
    ):
        r = client.get(url)
        assert r.status_code == 200, url
    body = client.get(f"/meetings/{m.pk}/").content.decode()
    assert "Nhiệm vụ tuyên truyền đề xuất cho kỳ họp" in body and "Trước kỳ họp" in body
    hdnd_page = page_client(kh["hdnd_officer"], kh["hdnd"]).get(f"/meetings/{m.pk}/").content.decode()
    assert "Trả lời giấy mời" in hdnd_page and "Nhiệm vụ tuyên truyền đề xuất" not in hdnd_page
    r = page_client(kh["hdnd_officer"], kh["hdnd"]).post(f"/meetings/{m.pk}/answer/", {"answer": "decline"})
    assert r.status_code == 302 and Invitation.objects.get(meeting=m).answer == "decline"
    assert page_client(kh["stranger"], kh["stranger_org"]).get(f"/meetings/{m.pk}/").status_code == 404
    home = page_client(kh["hdnd_officer"], kh["hdnd"]).get("/").content.decode()
    assert "Cuộc họp sắp tới" in home and m.title in home
    assert m.title not in page_client(kh["stranger"], kh["stranger_org"]).get("/").content.decode()


def test_documents_are_attached_by_the_organiser_and_stamped_ones_refused(kh):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from phoihop.documents.models import Attachment
    from phoihop.documents.tests.test_attachments import docx_bytes

    m = meeting(kh)
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    plain = SimpleUploadedFile("Báo cáo quý IV.docx", docx_bytes("Báo cáo kết quả phối hợp quý IV"), docx)
    r = page_client(kh["officer"], kh["btg"]).post(f"/meetings/{m.pk}/documents/", {"file": [plain]})
    assert r.status_code == 302
    assert Attachment.objects.filter(owner_type="meetings.meeting", owner_id=str(m.pk)).count() == 1
    # the invited read the list and download; a stamped document is refused and nothing of the batch is kept
    listed = api_client(kh["hdnd_officer"], kh["hdnd"]).get(f"/api/v1/meetings/{m.pk}/documents").json()
    assert [d["name"] for d in listed] == ["Báo cáo quý IV.docx"]
    assert page_client(kh["hdnd_officer"], kh["hdnd"]).get(listed[0]["url"]).status_code == 200
    stamped = SimpleUploadedFile("Tài liệu.docx", docx_bytes("BAN TUYÊN GIÁO", "MẬT", "Nội dung"), docx)
    another = SimpleUploadedFile("Phụ lục.docx", docx_bytes("Phụ lục"), docx)
    r = page_client(kh["officer"], kh["btg"]).post(f"/meetings/{m.pk}/documents/", {"file": [another, stamped]})
    assert r.status_code == 400 and "mật" in r.content.decode().lower()
    assert Attachment.objects.filter(owner_type="meetings.meeting", owner_id=str(m.pk)).count() == 1
    # only the organiser attaches
    r = api_client(kh["hdnd_officer"], kh["hdnd"]).post(
        f"/api/v1/meetings/{m.pk}/documents", {"files": [SimpleUploadedFile("x.docx", docx_bytes("x"), docx)]}
    )
    assert r.status_code == 404
    assert api_client(kh["stranger"], kh["stranger_org"]).get(f"/api/v1/meetings/{m.pk}/documents").status_code == 404
