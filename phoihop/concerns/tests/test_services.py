"""Concerns through their services: intake, validation, routing with working-day deadlines, refusal and
re-routing, handling, escalation, merges, the communication response, sealed contacts."""

import datetime as dt
import logging
import re

import pytest
from django.utils import timezone

from phoihop.accounts.models import Role
from phoihop.concerns import selectors, services
from phoihop.concerns.models import (
    Concern,
    ConcernContact,
    ConcernParty,
    ConcernReport,
    ConcernRouting,
    ConcernStatus,
    IntakeKey,
)
from phoihop.concerns.tests.factories import NINH_HOA, concern_data, make_concern, unit
from phoihop.core.errors import NotFound, ValidationFailed
from phoihop.core.models import AuditEvent
from phoihop.tests.support import acting_of, make_org, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def kh(demo):
    """Khánh Hòa: the propaganda department's officer, a ward's UBND with an officer, HĐND's officer."""
    ward = demo.org("Ủy ban nhân dân phường Ninh Hòa")
    return {
        "btg": demo.btg_kh,
        "officer": demo.user("btg.khanhhoa"),
        "ward": ward,
        "ward_officer": make_user(org=ward),
        "hdnd": demo.hdnd_kh,
        "hdnd_officer": demo.user("hdnd.khanhhoa"),
    }


def as_btg(kh):
    return acting_of(kh["officer"], kh["btg"])


# --- intake ---------------------------------------------------------------------------------------------


def test_intake_records_a_concern_with_its_tracking_code_report_party_and_history(kh):
    concern = make_concern(kh["officer"], kh["btg"])
    today = timezone.localdate()
    assert re.fullmatch(rf"PH\.{today:%Y%m%d}\.\d{{4}}", concern.tracking_code)
    assert concern.status == ConcernStatus.RECEIVED
    assert concern.unit.code == NINH_HOA and concern.unit_path == concern.unit.path
    assert "boi thuong giai phong mat bang" in concern.search_text
    assert concern.signature
    assert concern.reports.count() == 1 and concern.reports_count == 1
    assert ConcernParty.objects.filter(concern=concern, organization=kh["btg"], role="intake").exists()
    assert [h.to_status for h in concern.history.all()] == ["received"]
    assert AuditEvent.objects.filter(action="concern.create", object_id=str(concern.pk)).exists()


def test_tracking_codes_follow_each_other_within_a_day(kh):
    a = make_concern(kh["officer"], kh["btg"])
    b = make_concern(kh["officer"], kh["btg"], title="Ô nhiễm mùi từ trại heo gần khu dân cư")
    assert int(b.tracking_code.rsplit(".", 1)[1]) == int(a.tracking_code.rsplit(".", 1)[1]) + 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"topic": "khong-co"}, "topic"),
        ({"topic": "dat-dai"}, "topic"),  # a group, not a topic
        ({"channel": "bo-cau"}, "channel"),
        ({"unit": ""}, "unit"),
        ({"unit": "Xã Không Có Thật"}, "unit"),
        ({"description": "x" * 4001}, "description"),
        ({"description": "Xem <script>alert(1)</script>"}, "description"),
        ({"title": "Tiêu đề\x00"}, "title"),
        ({"title": "   "}, "title"),
        ({"severity": 7}, "severity"),
        ({"severity": "cao"}, "severity"),
        ({"latitude": "12.5"}, "latitude"),  # without longitude
        ({"latitude": "abc", "longitude": "109"}, "latitude"),
        ({"observed_on": "31/02/2026"}, "observed_on"),
        ({"people_affected": -3}, "people_affected"),
    ],
)
def test_bad_input_is_refused_per_field_and_nothing_is_written(kh, overrides, field):
    before = Concern.objects.count()
    with pytest.raises(ValidationFailed) as err:
        make_concern(kh["officer"], kh["btg"], **overrides)
    assert err.value.field == field
    assert Concern.objects.count() == before


def test_a_pre_2025_name_is_mapped_to_todays_unit(kh):
    from phoihop.geo.models import AdminUnit

    legacy = AdminUnit.objects.filter(generation="legacy", level=3, successors__code=NINH_HOA).first()
    assert legacy is not None
    concern = make_concern(kh["officer"], kh["btg"], unit=f"{legacy.name}, Khánh Hòa")
    assert concern.unit.code == NINH_HOA
    assert concern.place_given.startswith(legacy.name)


def test_a_denunciation_refuses_contact_data(kh):
    contacts = ConcernContact.objects.count()
    with pytest.raises(ValidationFailed) as err:
        make_concern(
            kh["officer"], kh["btg"], channel="denunciation", contact={"name": "Nguyễn Văn A", "phone": "0905123456"}
        )
    assert err.value.field == "contact"
    assert ConcernContact.objects.count() == contacts
    concern = make_concern(kh["officer"], kh["btg"], channel="denunciation", source_ref="TC-12/2026")
    assert concern.source_ref == "TC-12/2026" and not concern.contacts.exists()


def test_contact_is_sealed_and_never_logged(kh, caplog):
    caplog.set_level(logging.DEBUG)
    concern = make_concern(
        kh["officer"], kh["btg"], channel="petition", contact={"name": "Trần Thị Bé", "phone": "0905111222"}
    )
    record = ConcernContact.objects.get(concern=concern)
    assert b"0905111222" not in bytes(record.sealed) and "Bé".encode() not in bytes(record.sealed)
    assert "0905111222" not in caplog.text
    audit = " ".join(str(e.after) + str(e.before) for e in AuditEvent.objects.filter(object_id=str(concern.pk)))
    assert "0905111222" not in audit and "Trần Thị Bé" not in audit


def test_contact_is_shown_only_to_the_handling_officers_and_each_view_is_audited(kh):
    concern = make_concern(kh["officer"], kh["btg"], channel="petition", contact={"phone": "0905111222"})
    contacts = services.contact_read(acting=as_btg(kh), concern=concern)
    assert contacts[0]["phone"] == "0905111222"
    assert AuditEvent.objects.filter(kind="view", action="concern.contact_view", object_id=str(concern.pk)).count() == 1
    concern = services.concern_route(acting=as_btg(kh), concern=concern, lead=kh["ward"])
    assert services.contact_read(acting=acting_of(kh["ward_officer"], kh["ward"]), concern=concern)
    viewer = make_user(org=kh["btg"], role=Role.VIEWER)
    with pytest.raises(NotFound):
        services.contact_read(acting=acting_of(viewer, kh["btg"]), concern=concern)
    with pytest.raises(NotFound):  # party to it, but a co-operating agency does not handle contacts
        services.contact_read(acting=acting_of(kh["hdnd_officer"], kh["hdnd"]), concern=concern)


def test_a_repeated_idempotency_key_creates_nothing_new(kh):
    first = make_concern(kh["officer"], kh["btg"], idempotency_key="abc-1", source="api")
    again, created = services.concern_intake(
        acting=as_btg(kh), data=concern_data(title="khác hẳn"), idempotency_key="abc-1", source="api"
    )
    assert not created and again.pk == first.pk
    assert Concern.objects.filter(title="khác hẳn").count() == 0
    assert IntakeKey.objects.filter(key="abc-1").count() == 1


def test_attach_adds_a_report_to_an_existing_concern(kh):
    original = make_concern(kh["officer"], kh["btg"])
    concern, created = services.concern_intake(
        acting=as_btg(kh), data=concern_data(channel="hotline"), attach_to=original
    )
    assert not created and concern.pk == original.pk
    concern.refresh_from_db()
    assert concern.reports_count == 2
    assert list(ConcernReport.objects.filter(concern=concern).values_list("channel", flat=True)) == [
        "voter_meeting",
        "hotline",
    ]


def test_a_collaborator_may_report_but_not_route(kh):
    collaborator = make_user(org=kh["btg"], role=Role.COLLABORATOR)
    concern = make_concern(collaborator, kh["btg"], channel="collaborator")
    with pytest.raises(NotFound):
        services.concern_route(acting=acting_of(collaborator, kh["btg"]), concern=concern, lead=kh["ward"])


def test_a_viewer_may_not_report(kh):
    viewer = make_user(org=kh["btg"], role=Role.VIEWER)
    with pytest.raises(NotFound):
        make_concern(viewer, kh["btg"])


# --- visibility ---------------------------------------------------------------------------------------------


def test_visibility_party_area_rollup_and_others(kh, demo):
    concern = make_concern(kh["ward_officer"], kh["ward"])
    assert selectors.concern_get(acting=as_btg(kh), concern_id=concern.pk)  # the area's propaganda department
    assert selectors.concern_get(acting=acting_of(kh["ward_officer"], kh["ward"]), concern_id=concern.tracking_code)
    with pytest.raises(NotFound):  # a province body not party to it
        selectors.concern_get(acting=acting_of(kh["hdnd_officer"], kh["hdnd"]), concern_id=concern.pk)
    with pytest.raises(NotFound):  # another province's propaganda department
        selectors.concern_get(acting=acting_of(demo.user("btg.thainguyen"), demo.btg_tn), concern_id=concern.pk)
    ids = set(selectors.concern_list(acting=acting_of(kh["hdnd_officer"], kh["hdnd"])).values_list("id", flat=True))
    assert concern.pk not in ids
    services.concern_route(acting=as_btg(kh), concern=concern, lead=kh["hdnd"])
    assert selectors.concern_get(acting=acting_of(kh["hdnd_officer"], kh["hdnd"]), concern_id=concern.pk)


def test_accent_free_search_finds_accented_text(kh):
    concern = make_concern(kh["officer"], kh["btg"])
    other = make_concern(kh["officer"], kh["btg"], title="Giá điện tăng cao", description="Hóa đơn tiền điện tháng 6.")
    for q in ["boi thuong giai phong mat bang", "dat", "BỒI THƯỜNG", "ven bien", "to dan pho 3"]:
        ids = set(selectors.concern_list(acting=as_btg(kh), q=q).values_list("id", flat=True))
        assert concern.pk in ids and other.pk not in ids, q
    assert not selectors.concern_list(acting=as_btg(kh), q="khong co chu nay dau").exists()


def test_filters_by_unit_subtree_topic_group_status_and_overdue(kh):
    from phoihop.concerns.models import Topic

    a = make_concern(kh["officer"], kh["btg"])
    b = make_concern(kh["officer"], kh["btg"], topic="moi-truong.o-nhiem", title="Mùi hôi từ bãi rác")
    Concern.objects.filter(pk=b.pk).update(deadline=timezone.localdate() - dt.timedelta(days=2), status="assigned")
    province = unit().parent
    acting = as_btg(kh)
    assert {a.pk, b.pk} <= set(selectors.concern_list(acting=acting, unit=province).values_list("id", flat=True))
    group = Topic.objects.get(code="dat-dai")
    assert set(selectors.concern_list(acting=acting, topic=group).values_list("id", flat=True)) >= {a.pk}
    assert b.pk not in set(selectors.concern_list(acting=acting, topic=group).values_list("id", flat=True))
    assert list(selectors.concern_list(acting=acting, overdue=True).filter(pk__in=[a.pk, b.pk])) == [b]
    assert a.pk in set(selectors.concern_list(acting=acting, status="open").values_list("id", flat=True))


# --- duplicates ------------------------------------------------------------------------------------------------


def test_likely_duplicates_are_found_without_accents_and_unrelated_ones_are_not(kh):
    original = make_concern(kh["officer"], kh["btg"])
    make_concern(
        kh["officer"], kh["btg"], topic="gia-ca.hang-hoa", title="Giá xăng tăng", description="Giá xăng dầu tăng mạnh."
    )
    found = selectors.concern_duplicates(
        acting=as_btg(kh),
        text="cham boi thuong giai phong mat bang du an duong ven bien, ho dan chua nhan tien",
        unit=unit(),
    )
    assert [c.pk for c, _ in found][:1] == [original.pk]
    assert len(found) == 1
    outsider = selectors.concern_duplicates(
        acting=acting_of(kh["hdnd_officer"], kh["hdnd"]), text=original.title, unit=unit()
    )
    assert outsider == []  # nothing leaks to an organisation that may not see it


def test_likely_duplicates_include_the_same_topic_elsewhere_in_the_province_in_the_last_30_days(kh):
    from phoihop.geo.models import AdminUnit

    here = unit()
    neighbour = (
        AdminUnit.objects.filter(parent=here.parent, generation=AdminUnit.Generation.CURRENT)
        .exclude(pk=here.pk)
        .first()
    )
    text = "Chậm chi trả bồi thường giải phóng mặt bằng dự án đường ven biển, hộ dân chưa nhận tiền"
    same_topic = make_concern(kh["officer"], kh["btg"], unit=neighbour.code, title=text, description=text)
    old = make_concern(kh["officer"], kh["btg"], unit=neighbour.code, title=text, description=text)
    Concern.objects.filter(pk=old.pk).update(received_at=timezone.now() - dt.timedelta(days=31))
    other_topic = make_concern(
        kh["officer"], kh["btg"], unit=neighbour.code, topic="gia-ca.hang-hoa", title=text, description=text
    )
    topic = same_topic.topic
    found = {c.pk for c, _ in selectors.concern_duplicates(acting=as_btg(kh), text=text, unit=here, topic=topic)}
    assert same_topic.pk in found
    assert old.pk not in found and other_topic.pk not in found  # older than 30 days; another topic, elsewhere
    assert not selectors.concern_duplicates(acting=as_btg(kh), text=text, unit=here)  # no topic: this unit only


# --- routing, handling, closing -------------------------------------------------------------------------------------


def test_sla_deadline_skips_weekends_and_tet():
    # Friday 13/02/2026; Tết Bính Ngọ: 16-20/02/2026 are holidays, 14-15 and 21-22 weekends
    assert services.sla_deadline(3, dt.date(2026, 2, 13)) == dt.date(2026, 2, 27)  # 5 working days
    assert services.sla_deadline(4, dt.date(2026, 2, 13)) == dt.date(2026, 2, 24)  # 2 working days


def test_full_workflow_from_intake_to_closing(kh):
    btg, ward = as_btg(kh), acting_of(kh["ward_officer"], kh["ward"])
    concern = make_concern(kh["officer"], kh["btg"])
    services.concern_transition(acting=btg, concern=concern, action="verify")
    services.concern_route(acting=btg, concern=concern, lead=kh["ward"], partners=[kh["hdnd"]], note="Xử lý dứt điểm")
    concern.refresh_from_db()
    assert concern.status == "assigned" and concern.lead == kh["ward"]
    assert concern.deadline == services.sla_deadline(2, timezone.localdate())
    with pytest.raises(NotFound):  # the coordinator does not handle
        services.concern_transition(acting=btg, concern=concern, action="start")
    services.concern_transition(acting=ward, concern=concern, action="start")
    with pytest.raises(ValidationFailed) as err:
        services.concern_transition(acting=ward, concern=concern, action="resolve")
    assert err.value.field == "result"
    services.concern_transition(
        acting=ward, concern=concern, action="resolve", result="Đã chi trả 12 hộ.", public_answer="Đã chi trả đủ."
    )
    with pytest.raises(ValidationFailed) as err:  # no communication response yet
        services.concern_transition(acting=btg, concern=concern, action="close")
    assert err.value.field == "responses"
    response = services.response_add(
        acting=ward,
        concern=concern,
        data={
            "phase": "after",
            "message": "Thông báo kết quả chi trả tại hội nghị tổ dân phố",
            "channel": "Loa phường",
        },
    )
    with pytest.raises(ValidationFailed):  # planned, not done
        services.concern_transition(acting=btg, concern=concern, action="close")
    services.response_update(acting=ward, response=response, data={"done_on": timezone.localdate()})
    services.concern_transition(acting=btg, concern=concern, action="close")
    concern.refresh_from_db()
    assert concern.status == "closed" and concern.closed_at is not None
    assert [h.action for h in concern.history.all()] == ["receive", "verify", "assign", "start", "resolve", "close"]


def test_a_wrong_transition_is_refused_with_the_current_status(kh):
    concern = make_concern(kh["officer"], kh["btg"])
    with pytest.raises(ValidationFailed, match="Mới tiếp nhận"):
        services.concern_transition(acting=as_btg(kh), concern=concern, action="close")
    with pytest.raises(ValidationFailed):
        services.concern_transition(acting=as_btg(kh), concern=concern, action="fly")
    with pytest.raises(ValidationFailed) as err:
        services.concern_transition(acting=as_btg(kh), concern=concern, action="reject")
    assert err.value.field == "reason"


def test_false_information_needs_the_official_answer_and_where_it_was_published(kh):
    btg, ward = as_btg(kh), acting_of(kh["ward_officer"], kh["ward"])
    concern = make_concern(
        kh["officer"], kh["btg"], topic="thong-tin-sai.mang-xa-hoi", false_information=True,
        title="Tin đồn thu hồi toàn bộ đất ven biển", description="Mạng xã hội lan truyền tin sai.",
    )  # fmt: skip
    services.concern_route(acting=btg, concern=concern, lead=kh["ward"])
    services.concern_transition(
        acting=ward, concern=concern, action="resolve", result="Đã xác minh", public_answer="Tin sai"
    )
    services.response_add(
        acting=btg, concern=concern,
        data={"phase": "after", "message": "Cải chính", "done_on": timezone.localdate(), "claim": "Thu hồi toàn bộ"},
    )  # fmt: skip
    with pytest.raises(ValidationFailed, match="nơi đã đăng tải"):
        services.concern_transition(acting=btg, concern=concern, action="close")
    services.response_add(
        acting=btg, concern=concern,
        data={
            "phase": "after", "message": "Thông cáo", "done_on": timezone.localdate(), "claim": "Thu hồi toàn bộ",
            "facts": "Chỉ thu hồi 2 ha theo quy hoạch", "official_answer": "Không có chủ trương thu hồi toàn bộ",
            "published_at": "Báo Khánh Hòa điện tử",
        },
    )  # fmt: skip
    assert services.concern_transition(acting=btg, concern=concern, action="close").status == "closed"


def test_refusal_records_the_reason_and_the_suggested_agency_and_rerouting_follows(kh):
    btg, ward = as_btg(kh), acting_of(kh["ward_officer"], kh["ward"])
    concern = make_concern(kh["officer"], kh["btg"])
    services.concern_route(acting=btg, concern=concern, lead=kh["ward"])
    with pytest.raises(ValidationFailed):
        services.concern_refuse(acting=ward, concern=concern, reason="")
    services.concern_refuse(acting=ward, concern=concern, reason="Thuộc thẩm quyền HĐND tỉnh", suggested=kh["hdnd"])
    concern.refresh_from_db()
    assert concern.status == "verifying" and concern.lead is None
    refusal = ConcernRouting.objects.get(concern=concern, kind="refuse")
    assert refusal.organization == kh["ward"] and refusal.suggested == kh["hdnd"] and "HĐND" in refusal.reason
    services.concern_route(acting=btg, concern=concern, lead=kh["hdnd"])
    concern.refresh_from_db()
    assert concern.lead == kh["hdnd"]
    assert [r.kind for r in concern.routings.all()] == ["assign", "refuse", "assign"]


def test_overdue_concerns_escalate_to_the_superior_after_the_margin(kh):
    btg = as_btg(kh)
    concern = make_concern(kh["officer"], kh["btg"], severity=3)
    services.concern_route(acting=btg, concern=concern, lead=kh["ward"])
    today = timezone.localdate()
    services.escalate_overdue(today)  # whatever else is overdue goes first
    Concern.objects.filter(pk=concern.pk).update(deadline=today - dt.timedelta(days=1))
    assert services.escalate_overdue(today)["escalated"] == 0  # within the margin (2 working days)
    concern.refresh_from_db()
    assert concern.status == "assigned"
    Concern.objects.filter(pk=concern.pk).update(deadline=today - dt.timedelta(days=20))
    assert services.escalate_overdue(today)["escalated"] == 1
    concern.refresh_from_db()
    assert concern.status == "escalated" and concern.escalated_to == kh["btg"]
    assert concern.history.last().action == "escalate" and "quá hạn" in concern.history.last().reason
    assert services.escalate_overdue(today)["escalated"] == 0  # not twice


def test_the_lead_is_reminded_before_the_deadline_on_the_day_and_once_overdue_on_working_days_only(kh):
    """13/02/2026 is the Friday before Tết Bính Ngọ (16-20/02 holidays, 21-22 weekend): two working days later
    is Tuesday 24/02. Reminders go to the lead's people once per deadline; overdue ones to the intake too."""
    from phoihop.concerns.models import ConcernReminder
    from phoihop.notifications.models import Notification

    btg = as_btg(kh)
    concern = make_concern(kh["officer"], kh["btg"], severity=3)
    services.concern_route(acting=btg, concern=concern, lead=kh["ward"])
    closed = make_concern(kh["officer"], kh["btg"], title="Đã giải quyết xong")
    services.concern_route(acting=btg, concern=closed, lead=kh["ward"])
    Concern.objects.filter(pk__in=[concern.pk, closed.pk]).update(deadline=dt.date(2026, 2, 24))
    Concern.objects.filter(pk=closed.pk).update(status="resolved")

    def reminders():
        return list(ConcernReminder.objects.filter(concern=concern).order_by("id").values_list("kind", "deadline"))

    def notified(user, kind):
        return Notification.objects.filter(recipient=user, kind=kind, object_id=str(concern.pk))

    assert services.reminders_send(dt.date(2026, 2, 14)) == 0  # a Saturday: nothing at all is sent
    services.reminders_send(dt.date(2026, 2, 13))
    assert reminders() == [("due-2", dt.date(2026, 2, 24))]
    title = notified(kh["ward_officer"], "concern.due").get().title
    assert concern.tracking_code in title and "24/02/2026" in title and title.startswith("Còn 2 ngày làm việc")
    services.reminders_send(dt.date(2026, 2, 13))
    assert len(reminders()) == 1  # once
    assert not ConcernReminder.objects.filter(concern=closed).exists()  # resolved: no reminder
    services.reminders_send(dt.date(2026, 2, 24))  # the day itself
    services.reminders_send(dt.date(2026, 2, 25))  # overdue, once
    services.reminders_send(dt.date(2026, 2, 26))
    assert [k for k, _ in reminders()] == ["due-2", "due-0", "overdue"]
    assert notified(kh["ward_officer"], "concern.overdue").count() == 1
    assert notified(kh["officer"], "concern.overdue").count() == 1  # the intake's people too
    assert not notified(kh["officer"], "concern.due").exists()  # before the deadline: the lead only
    Concern.objects.filter(pk=concern.pk).update(deadline=dt.date(2026, 3, 2))  # a new deadline: reminded again
    services.reminders_send(dt.date(2026, 2, 26))
    assert reminders()[-1] == ("due-2", dt.date(2026, 3, 2))


def test_manual_escalation_needs_a_reason_and_goes_up_a_level(kh, demo):
    ward = acting_of(kh["ward_officer"], kh["ward"])
    concern = make_concern(kh["officer"], kh["btg"])
    services.concern_route(acting=as_btg(kh), concern=concern, lead=kh["ward"])
    with pytest.raises(ValidationFailed):
        services.concern_escalate(acting=ward, concern=concern, reason=" ")
    services.concern_escalate(acting=ward, concern=concern, reason="Vượt thẩm quyền cấp xã")
    concern.refresh_from_db()
    assert concern.escalated_to == kh["btg"] and concern.status == "escalated"


# --- merges ----------------------------------------------------------------------------------------------------


def test_merge_counts_reports_redirects_updates_and_can_be_undone(kh):
    btg = as_btg(kh)
    original = make_concern(kh["officer"], kh["btg"])
    duplicate = make_concern(kh["officer"], kh["btg"], channel="press")
    services.concern_intake(acting=btg, data=concern_data(channel="hotline"), attach_to=duplicate)
    services.concern_merge(acting=btg, original=original, duplicate=duplicate)
    original.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == original and original.reports_count == 3
    assert duplicate.pk not in set(selectors.concern_list(acting=btg).values_list("id", flat=True))
    # later updates go to the original
    services.concern_intake(acting=btg, data=concern_data(channel="social"), attach_to=duplicate)
    services.concern_transition(acting=btg, concern=duplicate, action="verify")
    original.refresh_from_db()
    duplicate.refresh_from_db()
    assert original.reports_count == 4 and original.status == "verifying" and duplicate.status == "received"
    with pytest.raises(ValidationFailed):
        services.concern_merge(acting=btg, original=original, duplicate=duplicate)  # already merged
    services.concern_unmerge(acting=btg, duplicate=duplicate)
    original.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None and original.reports_count == 2
    with pytest.raises(ValidationFailed):
        services.concern_unmerge(acting=btg, duplicate=duplicate)


def test_merging_into_itself_is_refused(kh):
    concern = make_concern(kh["officer"], kh["btg"])
    with pytest.raises(ValidationFailed):
        services.concern_merge(acting=as_btg(kh), original=concern, duplicate=concern)


# --- editing --------------------------------------------------------------------------------------------------


def test_update_recomputes_search_and_refuses_a_stale_version(kh):
    from phoihop.core.errors import Conflict

    concern = make_concern(kh["officer"], kh["btg"])
    services.concern_update(
        acting=as_btg(kh), concern=concern, data={"title": "Sạt lở bờ kè sông Dinh"}, version=concern.version
    )
    concern.refresh_from_db()
    assert "sat lo bo ke song dinh" in concern.search_text
    with pytest.raises(Conflict):
        services.concern_update(acting=as_btg(kh), concern=concern, data={"title": "Khác"}, version=1)


def test_a_co_operating_agency_may_not_edit(kh):
    concern = make_concern(kh["officer"], kh["btg"])
    services.concern_route(acting=as_btg(kh), concern=concern, lead=kh["ward"], partners=[kh["hdnd"]])
    with pytest.raises(NotFound):
        services.concern_update(
            acting=acting_of(kh["hdnd_officer"], kh["hdnd"]), concern=concern, data={"title": "x"}, version=None
        )


# --- retention --------------------------------------------------------------------------------------------------


def test_contacts_are_deleted_after_the_retention_period(kh, settings):
    settings.CONTACT_RETENTION_MONTHS = 24
    old = make_concern(kh["officer"], kh["btg"], channel="petition", contact={"phone": "0905000111"})
    recent = make_concern(kh["officer"], kh["btg"], channel="petition", contact={"phone": "0905000222"})
    now = timezone.now()
    Concern.objects.filter(pk=old.pk).update(status="closed", closed_at=now - dt.timedelta(days=25 * 31))
    Concern.objects.filter(pk=recent.pk).update(status="closed", closed_at=now - dt.timedelta(days=300))
    assert services.contacts_purge(now)["deleted"] == 1
    assert not ConcernContact.objects.filter(concern=old).exists()
    assert ConcernContact.objects.filter(concern=recent).exists()


def test_an_organisation_elsewhere_cannot_route_or_see(kh, demo):
    concern = make_concern(kh["officer"], kh["btg"])
    other = make_org(unit=demo.btg_tn.unit, name="Sở thử Thái Nguyên")
    officer = make_user(org=other)
    with pytest.raises(NotFound):
        services.concern_route(acting=acting_of(officer, other), concern=concern, lead=other)
