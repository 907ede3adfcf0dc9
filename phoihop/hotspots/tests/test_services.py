"""Detection over concerns recorded through intake, the immediate warning for grave concerns, idempotent
recomputation, acknowledging and closing, and who may see a warning."""

import datetime as dt

import pytest
from django.utils import timezone

from phoihop.accounts.models import Role
from phoihop.concerns import services as concern_services
from phoihop.concerns.models import Topic
from phoihop.concerns.tests.factories import make_concern, unit
from phoihop.core.errors import NotFound, ValidationFailed
from phoihop.core.models import AuditEvent
from phoihop.hotspots import selectors, services
from phoihop.hotspots.models import HotSpot, HotSpotKind, HotSpotStatus
from phoihop.hotspots.tests.support import NINH_HOA, concerns
from phoihop.notifications.models import Notification
from phoihop.orgs.models import Organization
from phoihop.tests.support import acting_of, make_org, make_user

pytestmark = pytest.mark.django_db


def land() -> Topic:
    return Topic.objects.get(code="dat-dai")


def rise(kh, n=8):
    """A quiet history (one concern three and six weeks ago), then `n` concerns in the last two weeks in Ninh Hòa."""
    concerns(kh["officer"], kh["btg"], 1, days_ago=20)
    concerns(kh["officer"], kh["btg"], 1, days_ago=45)
    made = concerns(kh["officer"], kh["btg"], n - n // 2, days_ago=9)
    made += concerns(kh["officer"], kh["btg"], n // 2, topic="dat-dai.gpmb")
    return made


# --- trend ------------------------------------------------------------------------------------------------


def test_a_clear_rise_in_one_commune_opens_one_trend_hot_spot_for_the_topic_group(kh):
    made = rise(kh)
    audits = AuditEvent.objects.filter(action="hotspot.recompute").count()

    result = services.hotspots_recompute()

    assert result["opened"] == 1
    hs = HotSpot.objects.get()
    assert (hs.kind, hs.topic, hs.area, hs.status) == (HotSpotKind.TREND, land(), unit(NINH_HOA), "active")
    assert hs.unit_path == unit(NINH_HOA).path and hs.department == kh["btg"]
    assert hs.current_count == 8 and hs.baseline_mean == pytest.approx(2 / 6, abs=1e-3)
    assert len(hs.series) == 14 and sum(hs.series) == 10 and hs.series[-2:] == [4, 4]
    assert set(hs.concerns.values_list("pk", flat=True)) == {c.pk for c in made}  # not the quiet history
    # the department's people are told, once
    told = Notification.objects.filter(kind="hotspot.opened", url=f"/hotspots/{hs.pk}/")
    assert told.filter(recipient=kh["officer"]).count() == 1
    assert AuditEvent.objects.filter(action="hotspot.recompute").count() == audits + 1


def test_quiet_data_opens_nothing(kh):
    concerns(kh["officer"], kh["btg"], 2, days_ago=30)
    concerns(kh["officer"], kh["btg"], 3)

    assert services.hotspots_recompute()["opened"] == 0
    assert not HotSpot.objects.exists()


def test_a_rise_spread_over_the_province_opens_a_province_warning(kh, settings):
    settings.HOTSPOTS = {"MIN_COUNT": 5, "PROVINCE_MIN_COUNT": 6}
    # three communes with 2 or 3 each: none rises alone, the province does
    for code in (NINH_HOA, "22333", "22366"):
        concerns(kh["officer"], kh["btg"], 3 if code == NINH_HOA else 2, unit=code)

    services.hotspots_recompute()

    hs = HotSpot.objects.get()
    assert hs.area.path == "56" and hs.unit_path == "56" and hs.current_count == 7
    assert hs.concerns.count() == 7 and hs.department == kh["btg"]


def test_a_province_warning_is_not_raised_for_what_a_commune_warning_explains(kh):
    rise(kh, n=12)  # 12 in Ninh Hòa alone: its commune warning, no province one

    services.hotspots_recompute()

    assert list(HotSpot.objects.values_list("area__path", flat=True)) == [unit(NINH_HOA).path]


def test_recompute_is_idempotent(kh):
    rise(kh)
    first = services.hotspots_recompute()
    notices = Notification.objects.count()

    second = services.hotspots_recompute()

    assert first["opened"] == 1 and second["opened"] == 0 and second["refreshed"] == 1
    assert HotSpot.objects.count() == 1 and HotSpot.objects.get().concerns.count() == 8
    assert Notification.objects.count() == notices


def test_recompute_refreshes_an_open_warning_and_marks_when_it_subsides(kh):
    rise(kh)
    services.hotspots_recompute()
    hs = HotSpot.objects.get()
    later = timezone.now() + dt.timedelta(days=40)

    services.hotspots_recompute(now=later)

    hs.refresh_from_db()
    assert hs.status == HotSpotStatus.ACTIVE and not hs.rising and hs.current_count == 0
    assert hs.computed_at == later and hs.peak_count == 8 and hs.last_seen_at < later


def test_a_closed_trend_stays_closed_within_the_window_unless_it_grows_further(kh):
    rise(kh)
    services.hotspots_recompute()
    hs = HotSpot.objects.get()
    services.hotspot_close(acting=acting_of(kh["officer"], kh["btg"]), hotspot=hs, note="Đã đối thoại với các hộ dân.")

    concerns(kh["officer"], kh["btg"], 2)  # 10 < 1.5 × 8
    assert services.hotspots_recompute()["suppressed"] == 1
    assert not HotSpot.objects.filter(status="active").exists()

    concerns(kh["officer"], kh["btg"], 2)  # 12 ≥ 1.5 × 8
    assert services.hotspots_recompute()["opened"] == 1
    fresh = HotSpot.objects.get(status="active")
    assert fresh.pk != hs.pk and fresh.current_count == 12


def test_merged_duplicates_are_not_counted_twice(kh):
    made = rise(kh, n=6)
    acting = acting_of(kh["officer"], kh["btg"])
    concern_services.concern_merge(acting=acting, original=made[0], duplicate=made[1])
    concern_services.concern_merge(acting=acting, original=made[0], duplicate=made[2])

    services.hotspots_recompute()  # 4 left in the window: below the minimum

    assert not HotSpot.objects.exists()


# --- grave concerns and mass complaints -----------------------------------------------------------------------


def test_a_severity_4_concern_opens_a_severe_hot_spot_at_once_and_tells_people(kh, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        concern = make_concern(kh["officer"], kh["btg"], severity=4)

    hs = HotSpot.objects.get()
    assert (hs.kind, hs.topic, hs.area, hs.department) == ("severe", land(), unit(NINH_HOA), kh["btg"])
    assert list(hs.concerns.all()) == [concern] and hs.current_count == 1
    assert Notification.objects.filter(kind="hotspot.opened", recipient=kh["officer"]).count() == 1
    assert AuditEvent.objects.filter(action="hotspot.open", object_id=str(hs.pk)).exists()


def test_the_department_is_told_of_a_severe_hot_spot(kh, django_capture_on_commit_callbacks):
    leader = make_user(org=kh["btg"], role=Role.LEADER)
    with django_capture_on_commit_callbacks(execute=True):
        make_concern(kh["officer"], kh["btg"], severity=3)

    hs = HotSpot.objects.get()
    for person in (leader, kh["officer"]):
        assert Notification.objects.filter(kind="hotspot.opened", recipient=person, url=f"/hotspots/{hs.pk}/").exists()
    assert not Notification.objects.filter(kind="hotspot.opened", recipient=kh["viewer"]).exists()


def test_a_second_grave_concern_joins_the_open_warning(kh, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = make_concern(kh["officer"], kh["btg"], severity=4)
        second = make_concern(kh["officer"], kh["btg"], severity=3, topic="dat-dai.gpmb")

    hs = HotSpot.objects.get()
    assert set(hs.concerns.all()) == {first, second}
    assert Notification.objects.filter(kind="hotspot.concern_added", url=f"/hotspots/{hs.pk}/").exists()


def test_a_mass_complaint_opens_its_own_kind_of_warning(kh, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_concern(kh["officer"], kh["btg"], severity=4, mass_complaint=True)
        make_concern(kh["officer"], kh["btg"], severity=1)  # an ordinary one: nothing

    assert list(HotSpot.objects.values_list("kind", flat=True)) == ["mass_complaint"]


def test_recompute_catches_a_grave_concern_the_intake_signal_missed(kh):
    concern = make_concern(kh["officer"], kh["btg"], severity=4)  # on-commit callbacks not run here
    assert not HotSpot.objects.exists()

    assert services.hotspots_recompute()["opened"] == 1
    assert services.hotspots_recompute()["opened"] == 0

    hs = HotSpot.objects.get()
    assert hs.kind == "severe" and list(hs.concerns.all()) == [concern]


def test_a_grave_concern_already_behind_a_closed_warning_does_not_reopen_it(kh, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_concern(kh["officer"], kh["btg"], severity=4)
    hs = HotSpot.objects.get()
    services.hotspot_close(acting=acting_of(kh["officer"], kh["btg"]), hotspot=hs, note="Đã xử lý xong.")

    assert services.hotspots_recompute()["opened"] == 0


def test_intake_never_fails_when_the_hot_spot_check_breaks(kh, django_capture_on_commit_callbacks, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database away")

    monkeypatch.setattr(services, "_from_concern", broken)
    with django_capture_on_commit_callbacks(execute=True):
        concern = make_concern(kh["officer"], kh["btg"], severity=4)

    assert concern.pk and not HotSpot.objects.exists()


# --- people's decisions -----------------------------------------------------------------------------------------


@pytest.fixture
def severe(kh, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_concern(kh["officer"], kh["btg"], severity=4)
    return HotSpot.objects.get()


def test_acknowledge_then_close_with_a_note(kh, severe):
    acting = acting_of(kh["officer"], kh["btg"])

    hs = services.hotspot_acknowledge(acting=acting, hotspot=severe, note="Đã giao cán bộ theo dõi.")
    assert (hs.status, hs.acknowledged_by, hs.acknowledge_note) == (
        "acknowledged",
        kh["officer"],
        "Đã giao cán bộ theo dõi.",
    )
    with pytest.raises(ValidationFailed):
        services.hotspot_acknowledge(acting=acting, hotspot=hs)
    with pytest.raises(ValidationFailed) as missing:
        services.hotspot_close(acting=acting, hotspot=hs, note="  ")
    assert missing.value.field == "note"

    hs = services.hotspot_close(acting=acting, hotspot=hs, note="Đã đối thoại, người dân đồng thuận.")

    assert hs.status == "closed" and hs.closed_by == kh["officer"] and hs.closed_at is not None
    assert AuditEvent.objects.filter(action__in=["hotspot.acknowledge", "hotspot.close"]).count() == 2
    with pytest.raises(ValidationFailed):
        services.hotspot_close(acting=acting, hotspot=hs, note="Lần nữa")


def test_a_note_with_html_is_refused(kh, severe):
    with pytest.raises(ValidationFailed):
        services.hotspot_close(acting=acting_of(kh["officer"], kh["btg"]), hotspot=severe, note="<b>xong</b>")


def test_a_viewer_sees_but_may_not_act(kh, severe):
    acting = acting_of(kh["viewer"], kh["btg"])
    assert selectors.hotspot_get(acting=acting, hotspot_id=severe.pk) == severe
    with pytest.raises(NotFound):
        services.hotspot_acknowledge(acting=acting, hotspot=severe)


# --- who sees a warning -------------------------------------------------------------------------------------------


def test_visibility_matrix(kh, severe):
    demo = kh["demo"]
    ward_ubnd = Organization.objects.get(name="Ủy ban nhân dân phường Ninh Hòa")
    ward_officer = make_user(org=ward_ubnd)
    other_province = make_user(org=demo.btg_tn)
    unrelated = make_user(org=demo.hdnd_kh)  # a province agency, not a party of the concern
    sysadmin = make_user(superuser=True)

    def sees(user, org=None):
        try:
            selectors.hotspot_get(acting=acting_of(user, org), hotspot_id=severe.pk)
        except NotFound:
            return False
        return True

    assert sees(kh["officer"], kh["btg"]) and sees(sysadmin)
    assert not sees(other_province, demo.btg_tn)
    assert not sees(unrelated, demo.hdnd_kh)
    assert not sees(ward_officer, ward_ubnd)
    assert [h.pk for h in selectors.hotspot_list(acting=acting_of(other_province, demo.btg_tn))] == []

    # once the ward's People's Committee leads the concern, it sees the warning (and may not act on it)
    concern = severe.concerns.get()
    concern_services.concern_route(
        acting=acting_of(kh["officer"], kh["btg"]),
        concern=concern,
        lead=ward_ubnd,
        deadline=timezone.localdate() + dt.timedelta(days=10),
    )
    assert sees(ward_officer, ward_ubnd)
    with pytest.raises(NotFound):
        services.hotspot_close(acting=acting_of(ward_officer, ward_ubnd), hotspot=severe, note="Xong")
    assert not sees(unrelated, demo.hdnd_kh)


def test_a_commune_department_owns_its_warning_and_the_province_sees_it_as_roll_up(
    kh, django_capture_on_commit_callbacks
):
    ward = unit(NINH_HOA)
    commune_btg = make_org(unit=ward, type_code="ban-tuyen-giao", name="Ban Tuyên giáo Đảng ủy phường Ninh Hòa")
    commune_officer = make_user(org=commune_btg)
    with django_capture_on_commit_callbacks(execute=True):
        make_concern(kh["officer"], kh["btg"], severity=4)

    hs = HotSpot.objects.get()
    assert hs.department == commune_btg
    for user, org in ((commune_officer, commune_btg), (kh["officer"], kh["btg"])):
        assert selectors.hotspot_get(acting=acting_of(user, org), hotspot_id=hs.pk) == hs
    # the province department (roll-up) may also acknowledge it
    services.hotspot_acknowledge(acting=acting_of(kh["officer"], kh["btg"]), hotspot=hs)
    assert Notification.objects.filter(kind="hotspot.opened", recipient=commune_officer).exists()
