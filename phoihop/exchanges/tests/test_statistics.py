"""On-time statistics: checked against the raw obligations, scoped by visibility, with the drill-down."""

import datetime as dt

import pytest
from django.utils import timezone

from phoihop.accounts.models import Role
from phoihop.core.text import sort_key
from phoihop.exchanges import selectors, services
from phoihop.exchanges.models import InfoObligation, ObligationStatus
from phoihop.exchanges.tests.factories import incident, monthly, people
from phoihop.tests.support import acting_of, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(demo):
    who = people(demo)
    who["ubnd"] = make_user(org=demo.ubnd_pb, role=Role.OFFICER)
    year = timezone.localdate().year - 1
    requester = acting_of(who["requester"], demo.btg_kh)
    baseline = _as_dict(selectors.supply_statistics(acting=requester, requester_id=demo.btg_kh.pk))  # the demo's
    hdnd = acting_of(who["asked"], demo.hdnd_kh)
    ubnd = acting_of(who["ubnd"], demo.ubnd_pb)
    request = monthly(
        who["requester"], demo.btg_kh, [demo.hdnd_kh, demo.ubnd_pb], due_day=10,
        starts_on=dt.date(year, 1, 1), ends_on=dt.date(year, 12, 31),
    )  # fmt: skip
    months = {o.period: o for o in request.obligations.filter(organization=demo.hdnd_kh)}
    services.supply_add(acting=hdnd, obligation=months[f"{year}-01"], text="Tháng 1", complete=True)
    services.supply_add(acting=hdnd, obligation=months[f"{year}-02"], text="Tháng 2", complete=True)
    services.supply_add(acting=hdnd, obligation=months[f"{year}-03"], text="Tháng 3 (một phần)", complete=False)
    services.supply_add(acting=hdnd, obligation=months[f"{year}-04"], text="Tháng 4", complete=True)
    services.obligation_review(acting=requester, obligation=months[f"{year}-04"], action="ask_more", reason="Thiếu")
    fast = incident(who["requester"], demo.btg_kh, [demo.hdnd_kh, demo.ubnd_pb])
    services.supply_add(
        acting=hdnd, obligation=fast.obligations.get(organization=demo.hdnd_kh), text="Ngay", complete=True
    )
    dropped = incident(who["requester"], demo.btg_kh, [demo.ubnd_pb])
    services.request_close(acting=requester, request=dropped)
    return {"who": who, "requester": requester, "ubnd": ubnd, "year": year, "request": request, "baseline": baseline}


def _raw(now, requester_id):
    """The same statistic computed by hand from every obligation row of the requester."""
    out = {}
    for o in InfoObligation.objects.exclude(status=ObligationStatus.CANCELLED).select_related("request"):
        if o.request.requester_id != requester_id:
            continue
        row = out.setdefault(o.organization_id, {"due": 0, "on_time": 0, "late": 0, "missing": 0, "not_yet_due": 0})
        row["due"] += 1
        if o.supplied_at is not None:
            row["on_time" if o.supplied_at <= o.due_at else "late"] += 1
        else:
            row["missing" if o.due_at < now else "not_yet_due"] += 1
    return out


def _as_dict(stats):
    return {
        s.organization_id: {"due": s.due, "on_time": s.on_time, "late": s.late, "missing": s.missing,
                            "not_yet_due": s.not_yet_due}
        for s in stats
    }  # fmt: skip


def test_statistics_match_the_raw_items(demo, world):
    now = timezone.now()
    stats = selectors.supply_statistics(acting=world["requester"], requester_id=demo.btg_kh.pk, now=now)
    got = _as_dict(stats)
    zero = {"due": 0, "on_time": 0, "late": 0, "missing": 0, "not_yet_due": 0}

    def added(org):
        before = world["baseline"].get(org.pk, zero)
        return {k: got[org.pk][k] - before[k] for k in zero}

    assert added(demo.hdnd_kh) == {"due": 13, "on_time": 1, "late": 2, "missing": 10, "not_yet_due": 0}
    assert added(demo.ubnd_pb) == {"due": 13, "on_time": 0, "late": 0, "missing": 12, "not_yet_due": 1}
    assert got == _raw(now, demo.btg_kh.pk)
    year = world["year"]
    last_year = selectors.supply_statistics(
        acting=world["requester"], date_from=dt.date(year, 1, 1), date_to=dt.date(year, 12, 31), now=now
    )
    hdnd = next(s for s in last_year if s.organization_id == demo.hdnd_kh.pk)
    assert (hdnd.due, hdnd.late, hdnd.on_time_rate) == (12, 2, 0.0)
    assert [s.organization for s in stats] == sorted([s.organization for s in stats], key=sort_key)


def test_statistics_by_period_and_window(demo, world):
    year = world["year"]
    stats = selectors.supply_statistics(
        acting=world["requester"], date_from=dt.date(year, 1, 1), date_to=dt.date(year, 2, 28), by_period=True
    )
    rows = {(s.organization_id, s.period): (s.due, s.late, s.missing) for s in stats}
    assert rows == {
        (demo.hdnd_kh.pk, f"{year}-01"): (1, 1, 0),
        (demo.hdnd_kh.pk, f"{year}-02"): (1, 1, 0),
        (demo.ubnd_pb.pk, f"{year}-01"): (1, 0, 1),
        (demo.ubnd_pb.pk, f"{year}-02"): (1, 0, 1),
    }


def test_drill_down_lists_exactly_the_counted_items(demo, world):
    now = timezone.now()
    stats = {s.organization_id: s for s in selectors.supply_statistics(acting=world["requester"], now=now)}
    for outcome in selectors.OUTCOMES:
        items = selectors.obligation_list(
            acting=world["requester"], organization_id=demo.hdnd_kh.pk, outcome=outcome, now=now
        )
        assert items.count() == getattr(stats[demo.hdnd_kh.pk], outcome), outcome
    window = {"date_from": dt.date(world["year"], 1, 1), "date_to": dt.date(world["year"], 12, 31)}
    late = selectors.obligation_list(
        acting=world["requester"], organization_id=demo.hdnd_kh.pk, outcome="late", **window
    )
    assert {o.period for o in late} == {f"{world['year']}-01", f"{world['year']}-02"}


def test_statistics_follow_visibility(demo, world):
    superior = make_user(org=demo.btg_tn, role=Role.OFFICER)  # Thái Nguyên: sees Phú Bình, not Khánh Hòa
    seen = _as_dict(selectors.supply_statistics(acting=acting_of(superior, demo.btg_tn)))
    assert demo.ubnd_pb.pk in seen and demo.hdnd_kh.pk not in seen
    pb_prefix = demo.btg_pb.unit_path.split("/")[0] + "/"
    assert all(o.unit_path.startswith(pb_prefix) for o in InfoObligation.objects.filter(organization_id__in=seen))
    own = _as_dict(selectors.supply_statistics(acting=world["ubnd"]))
    assert set(own) == {demo.ubnd_pb.pk}
    thanh_hoa = demo.org("Ban Tuyên giáo Tỉnh ủy Thanh Hóa")  # a roll-up with no exchange in its area
    stranger = make_user(org=thanh_hoa, role=Role.OFFICER)
    assert selectors.supply_statistics(acting=acting_of(stranger, thanh_hoa)) == []


def test_statistics_is_one_query(demo, world, django_assert_num_queries):
    acting = world["requester"]
    assert acting.org is not None  # memberships read before counting
    with django_assert_num_queries(1):
        selectors.supply_statistics(acting=acting, by_period=True)


def test_a_supply_at_the_due_second_is_on_time_and_one_after_is_late(demo, world):
    who = world["who"]
    obligation = incident(who["requester"], demo.btg_kh, [demo.hdnd_kh], within_hours=200).obligations.get()
    services.supply_add(
        acting=acting_of(who["asked"], demo.hdnd_kh), obligation=obligation, text="Đúng lúc", complete=True
    )
    obligation.refresh_from_db()
    InfoObligation.objects.filter(pk=obligation.pk).update(due_at=obligation.supplied_at)  # the boundary itself
    on_time = selectors.obligation_list(acting=world["requester"], request_id=obligation.request_id, outcome="on_time")
    assert list(on_time) == [obligation]
    InfoObligation.objects.filter(pk=obligation.pk).update(due_at=obligation.supplied_at - dt.timedelta(seconds=1))
    late = selectors.obligation_list(acting=world["requester"], request_id=obligation.request_id, outcome="late")
    assert list(late) == [obligation]
