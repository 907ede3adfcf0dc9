"""Requests, obligations, supplies, the requester's review and quick reports, through the services."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from phoihop.core.errors import NotFound, ValidationFailed
from phoihop.core.models import AuditEvent
from phoihop.documents.models import Attachment
from phoihop.exchanges import services
from phoihop.exchanges.models import InfoObligation, InfoRequest, InfoSupply, ObligationStatus, QuickReport
from phoihop.exchanges.tests.factories import incident, monthly, people
from phoihop.notifications.models import Notification
from phoihop.tests.support import acting_of, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def who(demo):
    return people(demo)


def test_monthly_request_creates_this_months_obligation_for_each_asked_org(demo, who):
    request = monthly(who["requester"], demo.btg_kh, [demo.hdnd_kh, demo.ubnd_pb], due_day=31)
    obligations = list(request.obligations.order_by("organization_id"))
    today = timezone.localdate()
    assert {o.organization_id for o in obligations} == {demo.hdnd_kh.pk, demo.ubnd_pb.pk}
    assert {o.period for o in obligations} == {f"{today.year}-{today.month:02d}"}
    due = timezone.localtime(obligations[0].due_at)
    assert (due.day, due.hour, due.minute) == (31 if today.month == 12 else due.day, 23, 59)
    assert due.date().month == today.month
    assert AuditEvent.objects.filter(action="exchange.request_create", object_id=str(request.pk)).exists()
    told = set(
        Notification.objects.filter(kind="exchange.requested", object_id=str(request.pk)).values_list(
            "recipient_id", flat=True
        )
    )
    assert who["asked"].pk in told and who["requester"].pk not in told


def test_a_due_day_already_past_this_month_starts_with_next_month(demo, who):
    today = timezone.localdate()
    if today.day == 1:
        pytest.skip("no day of this month is before today")
    request = monthly(who["requester"], demo.btg_kh, [demo.hdnd_kh], due_day=1)
    assert request.obligations.count() == 0
    next_month = (today.replace(day=28) + dt.timedelta(days=5)).replace(day=1)
    assert services.obligations_generate(today=next_month) >= 1
    assert request.obligations.get().period == f"{next_month.year}-{next_month.month:02d}"


def test_due_day_31_is_clipped_to_the_months_length():
    due = services.period_due_at(31, dt.date(2026, 2, 28))
    assert timezone.localtime(due).date() == dt.date(2026, 2, 28)
    assert services.period_of("quarterly", dt.date(2026, 5, 10)) == (
        "2026-Q2",
        dt.date(2026, 4, 1),
        dt.date(2026, 6, 30),
    )
    assert services.period_of("half_yearly", dt.date(2026, 12, 2))[0] == "2026-H2"


def test_incident_request_has_one_obligation_due_in_the_given_hours(demo, who):
    before = timezone.now()
    request = incident(who["requester"], demo.btg_kh, [demo.hdnd_kh], within_hours=6)
    obligation = request.obligations.get()
    assert obligation.period == ""
    assert (
        dt.timedelta(hours=6) - dt.timedelta(seconds=5)
        <= obligation.due_at - before
        <= dt.timedelta(hours=6, seconds=5)
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"due_day": None}, "due_day"),
        ({"due_day": 0}, "due_day"),
        ({"due_day": 32}, "due_day"),
        ({"due_day": "năm"}, "due_day"),
        ({"frequency": ""}, "frequency"),
        ({"frequency": "weekly"}, "frequency"),
        ({"subject": ""}, "subject"),
        ({"subject": "a\x00b"}, "subject"),
        ({"subject": "x" * 301}, "subject"),
        ({"subject": "<b>đậm</b>"}, "subject"),
        ({"asked": []}, "asked"),
        ({"urgency": "very"}, "urgency"),
        ({"starts_on": dt.date(2000, 1, 1)}, "starts_on"),
    ],
)
def test_bad_periodic_request_is_refused_and_nothing_is_saved(demo, who, overrides, field):
    count = InfoRequest.objects.count()
    with pytest.raises(ValidationFailed) as e:
        monthly(who["requester"], demo.btg_kh, overrides.pop("asked", [demo.hdnd_kh]), **overrides)
    assert e.value.field == field
    assert InfoRequest.objects.count() == count


def test_asking_oneself_is_refused(demo, who):
    with pytest.raises(ValidationFailed) as e:
        monthly(who["requester"], demo.btg_kh, [demo.btg_kh])
    assert e.value.field == "asked"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"within_hours": None, "deadline": timezone.now() - dt.timedelta(minutes=1)}, "deadline"),
        ({"within_hours": None}, "deadline"),
        ({"within_hours": 5, "within_days": 1}, "deadline"),
        ({"within_hours": 0}, "within_hours"),
        ({"within_hours": 10**12}, "within_hours"),
        ({"within_hours": None, "within_days": 91}, "within_days"),
        ({"due_day": 5}, "due_day"),
    ],
)
def test_bad_incident_request_is_refused(demo, who, overrides, field):
    count = InfoRequest.objects.count()
    with pytest.raises(ValidationFailed) as e:
        incident(who["requester"], demo.btg_kh, [demo.hdnd_kh], **overrides)
    assert e.value.field == field
    assert (
        "vụ việc" in str(e.value.message)
        or "giờ" in str(e.value.message)
        or "ngày" in str(e.value.message)
        or "hạn" in str(e.value.message)
    )
    assert InfoRequest.objects.count() == count


def test_viewers_and_unaffiliated_cannot_request(demo):
    from phoihop.accounts.models import Role

    viewer = make_user(org=demo.btg_kh, role=Role.VIEWER)
    with pytest.raises(NotFound):
        monthly(viewer, demo.btg_kh, [demo.hdnd_kh])


def test_complete_supply_on_time_then_acknowledged(demo, who):
    request = incident(who["requester"], demo.btg_kh, [demo.hdnd_kh])
    obligation = request.obligations.get()
    supply = services.supply_add(
        acting=acting_of(who["asked"], demo.hdnd_kh),
        obligation=obligation,
        text="Đã nắm tình hình: 12 hộ bị ảnh hưởng.",
        complete=True,
    )
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.SUPPLIED
    assert obligation.supplied_at == supply.at and obligation.on_time is True
    assert Notification.objects.filter(kind="exchange.supplied", recipient=who["requester"]).exists()
    services.obligation_review(
        acting=acting_of(who["requester"], demo.btg_kh), obligation=obligation, action="acknowledge"
    )
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.ACKNOWLEDGED
    assert list(obligation.events.values_list("action", flat=True)) == ["supply", "acknowledge"]
    with pytest.raises(ValidationFailed):  # nothing more to supply once acknowledged
        services.supply_add(
            acting=acting_of(who["asked"], demo.hdnd_kh), obligation=obligation, text="Thêm", complete=True
        )


def test_partial_supply_then_more_requested_restarts_the_clock(demo, who):
    request = incident(who["requester"], demo.btg_kh, [demo.hdnd_kh])
    obligation = request.obligations.get()
    asked = acting_of(who["asked"], demo.hdnd_kh)
    services.supply_add(acting=asked, obligation=obligation, text="Thông tin ban đầu", complete=False)
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.PARTIAL and obligation.supplied_at is None
    services.supply_add(acting=asked, obligation=obligation, text="Đầy đủ", complete=True)
    requester = acting_of(who["requester"], demo.btg_kh)
    with pytest.raises(ValidationFailed) as e:
        services.obligation_review(acting=requester, obligation=obligation, action="ask_more", reason="  ")
    assert e.value.field == "reason"
    services.obligation_review(
        acting=requester, obligation=obligation, action="ask_more", reason="Thiếu số liệu hộ dân"
    )
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.MORE_REQUESTED and obligation.supplied_at is None
    assert Notification.objects.filter(kind="exchange.ask_more", recipient=who["asked"]).exists()
    services.supply_add(acting=asked, obligation=obligation, text="Bổ sung số liệu", complete=True)
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.SUPPLIED and obligation.supplies.count() == 3


def test_only_the_asked_org_supplies_and_only_the_requester_reviews(demo, who):
    request = incident(who["requester"], demo.btg_kh, [demo.hdnd_kh])
    obligation = request.obligations.get()
    with pytest.raises(NotFound):
        services.supply_add(
            acting=acting_of(who["requester"], demo.btg_kh), obligation=obligation, text="x", complete=True
        )
    stranger = make_user(org=demo.ubnd_pb)
    with pytest.raises(NotFound):
        services.supply_add(acting=acting_of(stranger, demo.ubnd_pb), obligation=obligation, text="x", complete=True)
    services.supply_add(acting=acting_of(who["asked"], demo.hdnd_kh), obligation=obligation, text="x", complete=True)
    with pytest.raises(NotFound):
        services.obligation_review(
            acting=acting_of(who["asked"], demo.hdnd_kh), obligation=obligation, action="acknowledge"
        )
    assert InfoSupply.objects.filter(obligation=obligation).count() == 1


def test_supply_to_a_closed_request_is_refused_and_not_saved(demo, who):
    request = incident(who["requester"], demo.btg_kh, [demo.hdnd_kh, demo.ubnd_pb])
    services.request_close(
        acting=acting_of(who["requester"], demo.btg_kh), request=request, reason="Đã có đủ thông tin"
    )
    obligation = request.obligations.get(organization=demo.hdnd_kh)
    assert obligation.status == ObligationStatus.CANCELLED  # not yet due: no longer owed
    with pytest.raises(ValidationFailed) as e:
        services.supply_add(
            acting=acting_of(who["asked"], demo.hdnd_kh), obligation=obligation, text="Muộn", complete=True
        )
    assert "kết thúc" in str(e.value.message)
    assert not InfoSupply.objects.filter(obligation=obligation).exists()
    with pytest.raises(ValidationFailed):
        services.request_close(acting=acting_of(who["requester"], demo.btg_kh), request=request)


def test_supply_with_a_wrong_completeness_type_is_refused(demo, who):
    obligation = incident(who["requester"], demo.btg_kh, [demo.hdnd_kh]).obligations.get()
    with pytest.raises(ValidationFailed) as e:
        services.supply_add(
            acting=acting_of(who["asked"], demo.hdnd_kh), obligation=obligation, text="x", complete="yes"
        )
    assert e.value.field == "complete"


def _docx(*lines: str) -> SimpleUploadedFile:
    from phoihop.documents.tests.test_attachments import docx_bytes

    return SimpleUploadedFile("bao-cao.docx", docx_bytes(*lines))


def test_supply_files_are_kept_and_classified_ones_refused_with_nothing_saved(demo, who, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    obligation = incident(who["requester"], demo.btg_kh, [demo.hdnd_kh]).obligations.get()
    asked = acting_of(who["asked"], demo.hdnd_kh)
    secret = _docx("UBND TỈNH", "MẬT", "Báo cáo")
    with pytest.raises(ValidationFailed) as e:
        services.supply_add(acting=asked, obligation=obligation, text="Kèm tài liệu", complete=True, files=[secret])
    assert e.value.field == "file" and "dấu mật" in str(e.value.message)
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.PENDING and not obligation.supplies.exists()
    fine = _docx("UBND TỈNH", "Báo cáo tình hình")
    supply = services.supply_add(acting=asked, obligation=obligation, text="Kèm tài liệu", complete=True, files=[fine])
    assert Attachment.objects.filter(owner_type="exchanges.infosupply", owner_id=str(supply.pk)).count() == 1


def test_quick_report_to_chosen_orgs_linked_to_a_concern(demo, who):
    from phoihop.concerns.tests.factories import make_concern

    concern = make_concern(who["requester"], demo.btg_kh)
    report = services.quick_report_send(
        acting=acting_of(who["requester"], demo.btg_kh),
        subject="Tụ tập đông người tại trụ sở",
        text="Khoảng 30 người dân tập trung phản ánh chậm bồi thường.",
        recipients=[demo.hdnd_kh],
        urgency="flash",
        concern=concern,
    )
    assert report.concern_id == concern.pk and list(report.recipients.all()) == [demo.hdnd_kh]
    n = Notification.objects.get(kind="exchange.quick_report", recipient=who["asked"])
    assert n.title.startswith("[HỎA TỐC]")
    assert AuditEvent.objects.filter(action="exchange.quick_report", object_id=str(report.pk)).exists()


def test_quick_report_about_an_invisible_concern_is_refused(demo, who):
    from phoihop.concerns.tests.factories import make_concern

    concern = make_concern(who["requester"], demo.btg_kh)
    outsider = make_user(org=demo.ubnd_pb)
    count = QuickReport.objects.count()
    with pytest.raises(ValidationFailed) as e:
        services.quick_report_send(
            acting=acting_of(outsider, demo.ubnd_pb), subject="S", text="T", recipients=[demo.btg_pb], concern=concern
        )
    assert e.value.field == "concern"
    assert QuickReport.objects.count() == count


def test_every_write_is_audited(demo, who):
    request = incident(who["requester"], demo.btg_kh, [demo.hdnd_kh])
    obligation = request.obligations.get()
    services.supply_add(acting=acting_of(who["asked"], demo.hdnd_kh), obligation=obligation, text="x", complete=False)
    services.obligation_review(
        acting=acting_of(who["requester"], demo.btg_kh), obligation=obligation, action="acknowledge"
    )
    services.request_close(acting=acting_of(who["requester"], demo.btg_kh), request=request)
    actions = set(AuditEvent.objects.filter(action__startswith="exchange.").values_list("action", flat=True))
    assert {"exchange.request_create", "exchange.supply", "exchange.acknowledge", "exchange.request_close"} <= actions
    assert InfoObligation.objects.get(pk=obligation.pk).supplied_at is not None  # a partial, acknowledged, counts
