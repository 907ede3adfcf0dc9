"""The demo concerns (loaded once for the test session by core.demo.demo_load, through the services)."""

import datetime as dt

import pytest
from django.db.models import Count
from django.utils import timezone

from phoihop.concerns.demo import HOT_SPOT_PLACE, PREFIX, demo_concerns_load
from phoihop.concerns.models import (
    CommunicationResponse,
    Concern,
    ConcernContact,
    ConcernMerge,
    ConcernReport,
    ConcernRouting,
    ConcernStatus,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_concerns(base_data):
    return Concern.objects.filter(source_ref__startswith=PREFIX)


def test_a_few_hundred_concerns_of_khanh_hoa_and_phu_binh_over_twelve_months(demo_concerns):
    assert 250 <= demo_concerns.count() <= 350
    provinces = {c.unit_path.split("/")[0] for c in demo_concerns}
    assert provinces == {"56", "19"}  # Khánh Hòa, Thái Nguyên (the former Phú Bình district)
    assert all(c.unit.is_current for c in demo_concerns.select_related("unit"))
    intake = set(demo_concerns.values_list("organization__name", flat=True))
    assert intake == {
        "Ban Tuyên giáo Tỉnh ủy Khánh Hòa",
        "Thường trực Hội đồng nhân dân tỉnh Khánh Hòa",
        "Ban Tuyên giáo Huyện ủy Phú Bình",
        "Ủy ban nhân dân huyện Phú Bình",
    }
    now = timezone.now()
    oldest = demo_concerns.order_by("received_at").first().received_at
    assert now - dt.timedelta(days=366) <= oldest <= now - dt.timedelta(days=300)
    assert demo_concerns.filter(received_at__gte=now - dt.timedelta(days=30)).count() >= 10
    # the tracking code is of the day the concern was received
    for c in demo_concerns[:50]:
        assert c.tracking_code.startswith(f"PH.{timezone.localdate(c.received_at):%Y%m%d}.")


def test_counts_by_status_topic_and_channel(demo_concerns):
    by_status = dict(demo_concerns.values_list("status").annotate(n=Count("id")).order_by())
    assert by_status[ConcernStatus.CLOSED] >= 100  # older ones are mostly closed
    for status in ConcernStatus.values:
        assert by_status.get(status, 0) >= 1, status
    assert demo_concerns.values("topic").distinct().count() >= 20
    assert demo_concerns.values("topic__parent").distinct().count() >= 12
    channels = set(demo_concerns.values_list("channel", flat=True))
    assert {"voter_meeting", "reception", "social", "hotline", "collaborator"} <= channels
    overdue = [c for c in demo_concerns.filter(status__in=["assigned", "in_handling"]) if c.is_overdue()]
    assert len(overdue) >= 5
    assert not demo_concerns.filter(severity__gte=3).exists() and not demo_concerns.filter(mass_complaint=True).exists()


def test_handling_history_goes_through_the_services_and_is_backdated(demo_concerns):
    closed = demo_concerns.filter(status=ConcernStatus.CLOSED).first()
    actions = list(closed.history.values_list("action", flat=True))
    assert actions[0] == "receive" and actions[-1] == "close" and "assign" in actions and "resolve" in actions
    times = list(closed.history.values_list("at", flat=True))
    assert times == sorted(times) and times[0] == closed.received_at
    assert closed.closed_at and closed.resolved_at and closed.public_answer
    assert CommunicationResponse.objects.filter(concern=closed, done_on__isnull=False).exists()
    refused = ConcernRouting.objects.filter(concern__in=demo_concerns, kind=ConcernRouting.Kind.REFUSE)
    assert refused.exists()
    again = refused.first().concern
    assert again.routings.filter(kind="assign").count() == 2 and again.lead_id != refused.first().organization_id
    assert ConcernRouting.objects.filter(concern__in=demo_concerns, kind=ConcernRouting.Kind.ESCALATE).count() >= 2
    assert demo_concerns.filter(status=ConcernStatus.ESCALATED).exists()


def test_duplicates_merges_false_information_and_sealed_contacts(demo_concerns):
    assert ConcernReport.objects.filter(concern__in=demo_concerns).count() > demo_concerns.count()
    assert demo_concerns.filter(reports_count__gte=2).count() >= 5
    merges = ConcernMerge.objects.filter(duplicate__in=demo_concerns, undone_at__isnull=True)
    assert merges.count() == 2
    for m in merges:
        assert m.duplicate.merged_into_id == m.original_id and m.original.reports_count >= 2
    false_info = demo_concerns.get(source_ref=f"{PREFIX}PB-TTS-001")
    assert false_info.false_information and false_info.status == ConcernStatus.CLOSED
    answer = false_info.responses.exclude(official_answer="").get()
    assert answer.claim and answer.facts and answer.published_at
    contacts = ConcernContact.objects.filter(concern__in=demo_concerns)
    assert 3 <= contacts.count() <= 10
    assert not contacts.filter(report__channel="denunciation").exists()
    assert b"000 000" not in b"".join(bytes(c.sealed) for c in contacts)  # sealed, not in clear


def test_no_phone_numbers_or_real_looking_contacts_in_texts(demo_concerns):
    import re

    for c in demo_concerns:
        assert not re.search(r"\d{3}[ .]?\d{3}[ .]?\d{3,4}", c.description), c.description


def test_a_second_load_creates_nothing(demo_concerns):
    before = demo_concerns.count(), ConcernReport.objects.count()
    created = demo_concerns_load()
    assert created["concerns"] == 0 and created["reports"] == 0 and created["merged"] == 0
    assert (demo_concerns.count(), ConcernReport.objects.count()) == before


def test_one_active_hot_spot_sand_mining_in_dien_dien(demo_concerns):
    hotspots = pytest.importorskip("phoihop.hotspots.models")
    cluster = demo_concerns.filter(unit__name=HOT_SPOT_PLACE, topic__code="moi-truong.khai-thac-cat")
    recent = cluster.filter(received_at__gte=timezone.now() - dt.timedelta(days=10))
    assert recent.count() == 9 and cluster.count() == 10
    active = hotspots.HotSpot.objects.filter(status__in=hotspots.OPEN_STATUSES)
    assert active.count() == 1
    spot = active.get()
    assert spot.kind == "trend" and spot.area.name == HOT_SPOT_PLACE and spot.topic.code == "moi-truong"
    assert spot.current_count == 9
