"""Each indicator of reports/indicators.py against figures counted by hand on a small fixed world.

The world lies in Hà Nội (no demo data there) in the first half of 2022:
D  Ban Tuyên giáo of the province (roll-up: sees its subtree, unit path "01/…")
A  an agency of commune c1, B an agency of commune c2 (both in D's subtree)
P  a province-level agency (same level as D: not in its subtree)
X  an agency of another province (outside every scope here)
Tasks, concerns, obligations are created through the services, then moved to their dates and outcomes
with queryset updates (the services stamp "now").
"""

import datetime as dt

import pytest
from django.utils import timezone

from phoihop.accounts.models import Role
from phoihop.concerns.models import Concern, ConcernParty, ConcernStatus
from phoihop.concerns.tests.factories import make_concern
from phoihop.exchanges.models import InfoObligation, ObligationStatus
from phoihop.exchanges.tests.factories import incident, monthly
from phoihop.geo.models import AdminUnit
from phoihop.hotspots.models import HotSpot
from phoihop.meetings import services as meeting_services
from phoihop.meetings.models import Meeting, MeetingStatus
from phoihop.opinions.models import OpinionItem, OpinionReport, OpinionTopic
from phoihop.plans import services as plan_services
from phoihop.plans.models import Task, TaskStatus
from phoihop.programs.models import Program
from phoihop.programs.tests.factories import plan_of, signed_program
from phoihop.reports import indicators as ind
from phoihop.reports.scope import Scope
from phoihop.tests.support import acting_of, make_org, make_user

pytestmark = pytest.mark.django_db

JAN1, JUN30, JUL31 = dt.date(2022, 1, 1), dt.date(2022, 6, 30), dt.date(2022, 7, 31)


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def d(month: int, day: int) -> dt.date:
    return dt.date(2022, month, day)


def current(code: str) -> AdminUnit:
    return AdminUnit.objects.get(generation=AdminUnit.Generation.CURRENT, code=code)


@pytest.fixture
def world(base_data):
    hanoi = current("01")
    c1, c2 = AdminUnit.objects.filter(generation=AdminUnit.Generation.CURRENT, parent=hanoi).order_by("code")[:2]
    other = current("96")
    w = {
        "D": make_org(unit=hanoi, type_code="ban-tuyen-giao", name="Ban Tuyên giáo Thành ủy thử"),
        "A": make_org(unit=c1, name="Cơ quan xã thử A"),
        "B": make_org(unit=c2, name="Cơ quan xã thử B"),
        "P": make_org(unit=hanoi, name="Sở thử P"),
        "X": make_org(unit=other, name="Cơ quan tỉnh khác X"),
        "Y": make_org(unit=other, name="Cơ quan tỉnh khác Y"),
        "c1": c1,
        "c2": c2,
        "hanoi": hanoi,
    }
    w["users"] = {k: make_user(org=w[k], role=Role.OFFICER) for k in ("D", "A", "B", "P", "X")}
    _tasks(w)
    return w


def _task(plan, user, lead, number, deadline, status=TaskStatus.NOT_STARTED, completed=None, **kw):
    task = plan_services.task_create(
        acting=acting_of(user, plan.program.lead),
        plan=plan,
        title=f"Nhiệm vụ thử {number} hạn {deadline:%d/%m}",
        lead=lead,
        content=plan.program.contents.get(number=number),
        deadline=deadline,
        expected_output="Tin, bài",
        notify_people=False,
        **kw,
    )
    Task.objects.filter(pk=task.pk).update(status=status, completed_on=completed)
    return task


def _tasks(w):
    D, A, B, P, X, Y = (w[k] for k in "DABPXY")
    program, user = signed_program(D, [A, P])
    plan = plan_of(program, user)
    w["program"] = program
    w["t"] = {
        1: _task(plan, user, A, 1, d(3, 10), TaskStatus.DONE, d(3, 5)),  # done on time
        2: _task(plan, user, A, 1, d(3, 20), TaskStatus.DONE, d(4, 2)),  # done late
        3: _task(plan, user, P, 2, d(4, 15), TaskStatus.IN_PROGRESS),  # overdue
        4: _task(plan, user, A, 2, d(6, 30)),  # open: due on the cut-off day
        5: _task(plan, user, A, 2, d(5, 10), TaskStatus.DONE, d(7, 5)),  # done after the cut-off: overdue at it
        6: _task(plan, user, P, 3, d(2, 1), TaskStatus.CANCELLED),  # cancelled
        7: _task(plan, user, A, 1, d(8, 1)),  # outside the period
    }
    # a program of two organisations of D's subtree: D is not party to its task
    program2, user2 = signed_program(A, [B])
    Program.objects.filter(pk=program2.pk).update(title="Chương trình thử hai")
    w["t"][8] = _task(plan_of(program2, user2), user2, B, 1, d(5, 1), TaskStatus.IN_PROGRESS)  # overdue
    # elsewhere
    program3, user3 = signed_program(X, [Y])
    w["t"][9] = _task(plan_of(program3, user3), user3, X, 1, d(4, 1), TaskStatus.IN_PROGRESS)


def scope(w, key, date_to=JUN30, *, subtree=False, program=False, date_from=JAN1):
    return Scope.of(w[key], date_from, date_to, subtree=subtree, program_id=w["program"].pk if program else None)


def counts(row, columns=ind.TASK_COLUMNS):
    return tuple(row[c] for c in columns)


# --- scope ------------------------------------------------------------------------------------------------


def test_previous_period_of_whole_months_and_of_days():
    s = Scope(organization_id=1, date_from=JAN1, date_to=JUN30)
    assert (s.previous().date_from, s.previous().date_to) == (dt.date(2021, 7, 1), dt.date(2021, 12, 31))
    q = Scope(organization_id=1, date_from=d(4, 1), date_to=d(6, 30))
    assert (q.previous().date_from, q.previous().date_to) == (d(1, 1), d(3, 31))
    days = Scope(organization_id=1, date_from=d(3, 10), date_to=d(3, 19))
    assert (days.previous().date_from, days.previous().date_to) == (d(2, 28), d(3, 9))


def test_subtree_prefix_only_for_a_rollup_organisation(world):
    assert scope(world, "D", subtree=True).prefix == "01/"
    assert scope(world, "A", subtree=True).prefix is None  # not a roll-up organisation: itself only


# --- tasks ------------------------------------------------------------------------------------------------


def test_task_figures_per_content_for_the_organisation(world):
    fig = ind.task_figures(scope(world, "D"))
    rows = {r["number"]: r for r in fig["by_content"]}
    #                       planned on_time late overdue open cancelled
    assert counts(rows[1]) == (2, 1, 1, 0, 0, 0)
    assert counts(rows[2]) == (3, 0, 0, 2, 1, 0)  # task 5 completed after the cut-off: overdue at it
    assert counts(rows[3]) == (1, 0, 0, 0, 0, 1)
    assert rows[1]["content_id"] == world["program"].contents.get(number=1).pk
    assert fig["total"] == {
        "planned": 6,
        "done_on_time": 1,
        "done_late": 1,
        "overdue": 2,
        "open": 1,
        "cancelled": 1,
        "done": 2,
        "due": 5,
    }


def test_task_figures_of_a_member_a_subtree_a_program_and_a_later_cut_off(world):
    assert counts(ind.task_figures(scope(world, "P"))["total"]) == (2, 0, 0, 1, 0, 1)
    # A leads program 2: its task 8 (led by B) is A's too
    assert counts(ind.task_figures(scope(world, "A"))["total"]) == (5, 1, 1, 2, 1, 0)
    # the subtree adds program 2's task, to which D is not party
    sub = ind.task_figures(scope(world, "D", subtree=True))
    assert counts(sub["total"]) == (7, 1, 1, 3, 1, 1)
    assert [r["program"] for r in sub["by_content"] if r["number"] == 1] == [
        "Chương trình phối hợp công tác thực hiện Quy chế 238",
        "Chương trình thử hai",
    ]
    assert counts(ind.task_figures(scope(world, "D", program=True))["total"]) == (6, 1, 1, 2, 1, 1)
    # to the end of July: task 5 is done (late), task 4 is now overdue, task 7 (1 August) still outside
    later = ind.task_figures(scope(world, "D", JUL31))["total"]
    assert counts(later) == (6, 1, 2, 2, 0, 1)
    # outside the scope: X's task is nowhere above; the period before holds nothing
    assert ind.task_figures(scope(world, "X"))["total"]["overdue"] == 1
    assert ind.task_figures(scope(world, "D").previous())["total"]["planned"] == 0


def test_overdue_by_organization(world):
    w = world
    rows = ind.overdue_by_organization(scope(w, "D", subtree=True))
    expected = sorted([(w["A"].pk, 1), (w["P"].pk, 1), (w["B"].pk, 1)])
    assert [(r["organization_id"], r["overdue"]) for r in rows] == expected
    assert {r["organization"] for r in rows} == {w["A"].name, w["B"].name, w["P"].name}
    assert [(r["organization_id"], r["overdue"]) for r in ind.overdue_by_organization(scope(w, "A"))] == sorted(
        [(w["A"].pk, 1), (w["B"].pk, 1)]
    )
    assert ind.overdue_by_organization(scope(w, "D", subtree=True), limit=1)[0]["organization_id"] == expected[0][0]


def test_upcoming_deadlines(world):
    w = world
    rows = ind.upcoming_deadlines(scope(w, "D"), today=d(6, 25))
    assert [r["id"] for r in rows] == [w["t"][4].pk]
    assert rows[0] == {"id": w["t"][4].pk, "title": w["t"][4].title, "deadline": "2022-06-30", "lead": w["A"].name}
    assert ind.upcoming_deadlines(scope(w, "P"), today=d(6, 25)) == []
    assert [r["id"] for r in ind.upcoming_deadlines(scope(w, "D"), today=d(7, 20))] == [w["t"][7].pk]
    # done or cancelled tasks never come up
    assert ind.upcoming_deadlines(scope(w, "D"), today=d(3, 1), days=10) == []


def test_program_figures(world):
    w = world
    whole = Scope.of(w["D"], JAN1, dt.date(2022, 12, 31))
    fig = ind.program_figures(whole)
    assert fig["programs_signed"] == 1  # signed 15/3/2022
    assert fig["programs_in_force"] == 1
    assert ind.program_figures(Scope.of(w["A"], JAN1, dt.date(2022, 12, 31)))["programs_signed"] == 2
    assert ind.program_figures(Scope.of(w["D"], JAN1, d(3, 1)))["programs_signed"] == 0


# --- concerns -----------------------------------------------------------------------------------------------


@pytest.fixture
def concerns(world):
    w = world
    users = w["users"]

    def concern(key, unit, topic, received, *, title, **fields):
        c = make_concern(users[key], w[key], unit=unit.code, topic=topic, title=title, description=title + " (thử).")
        Concern.objects.filter(pk=c.pk).update(received_at=at(received), **fields)
        return c

    land, env = "dat-dai.thu-hoi", "moi-truong.o-nhiem"
    c = {
        1: concern(
            "A",
            w["c1"],
            land,
            d(2, 10),
            title="Chậm bồi thường dự án đường liên xã",
            lead=w["P"],
            status=ConcernStatus.RESOLVED,
            resolved_at=at(d(3, 1)),
        ),
        2: concern(
            "A",
            w["c1"],
            land,
            d(3, 15),
            title="Thu hồi đất làm bãi đỗ xe chưa công khai",
            status=ConcernStatus.RECEIVED,
            deadline=d(4, 1),
        ),
        3: concern("B", w["c2"], env, d(5, 5), title="Khói từ lò gạch thủ công", status=ConcernStatus.REJECTED),
        4: concern(
            "A",
            w["c1"],
            env,
            d(6, 20),
            title="Nước thải chợ đầu mối chảy ra kênh",
            deadline=d(7, 20),
            status=ConcernStatus.RESOLVED,
            resolved_at=at(d(7, 10)),
        ),
        5: concern("A", w["c1"], env, d(7, 15), title="Rác thải tồn đọng ở bãi tập kết", status=ConcernStatus.RECEIVED),
        6: concern(
            "X",
            AdminUnit.objects.filter(parent=current("96"), generation=AdminUnit.Generation.CURRENT).first(),
            land,
            d(3, 1),
            title="Tranh chấp ranh giới đất rừng",
            status=ConcernStatus.RECEIVED,
        ),
        7: concern("A", w["c1"], land, d(2, 11), title="Bồi thường chậm đường liên xã (trùng)"),
    }
    Concern.objects.filter(pk=c[7].pk).update(merged_into=c[1])
    ConcernParty.objects.create(
        concern=c[1], organization=w["P"], role=ConcernParty.Role.LEAD, unit_path=w["P"].unit_path
    )
    return c


def concern_counts(row):
    return counts(row, ind.CONCERN_COLUMNS)


def test_concern_figures_of_an_agency_at_two_cut_offs(world, concerns):
    w = world
    fig = ind.concern_figures(scope(w, "A"))
    #                                  received joint resolved rejected outstanding overdue
    assert concern_counts(fig["total"]) == (3, 1, 1, 0, 2, 1)  # merged duplicate 7 not counted
    assert fig["by_area"] == [{"area": w["c1"].name, "unit_id": w["c1"].pk, "received": 3}]
    # the lead agency is party too; the propaganda department alone is party to nothing
    assert concern_counts(ind.concern_figures(scope(w, "P"))["total"]) == (1, 1, 1, 0, 0, 0)
    assert ind.concern_figures(scope(w, "D"))["total"]["received"] == 0
    # to the end of July: 4 has its result, 5 is received
    assert concern_counts(ind.concern_figures(scope(w, "A", JUL31))["total"]) == (4, 1, 2, 0, 2, 1)


def test_concern_figures_of_a_subtree_by_topic_and_area(world, concerns):
    w = world
    fig = ind.concern_figures(scope(w, "D", subtree=True))
    assert concern_counts(fig["total"]) == (4, 1, 1, 1, 2, 1)
    topics = {r["code"]: r for r in fig["by_topic"]}
    assert set(topics) == {"dat-dai", "moi-truong"}
    assert concern_counts(topics["dat-dai"]) == (2, 1, 1, 0, 1, 1)
    assert concern_counts(topics["moi-truong"]) == (2, 0, 0, 1, 1, 0)
    assert fig["by_area"] == [
        {"area": w["c1"].name, "unit_id": w["c1"].pk, "received": 3},
        {"area": w["c2"].name, "unit_id": w["c2"].pk, "received": 1},
    ]
    assert ind.concern_figures(scope(w, "D", subtree=True), area_limit=1)["by_area"] == [
        {"area": "Các địa bàn khác", "unit_id": None, "received": 4}
    ]
    # program scope: its parties D, A, P
    assert ind.concern_figures(scope(w, "D", program=True))["total"]["received"] == 3


def test_concern_trend_lists_every_month(world, concerns):
    w = world
    assert ind.concern_trend(scope(w, "A")) == [
        {"month": "2022-01", "received": 0},
        {"month": "2022-02", "received": 1},
        {"month": "2022-03", "received": 1},
        {"month": "2022-04", "received": 0},
        {"month": "2022-05", "received": 0},
        {"month": "2022-06", "received": 1},
    ]
    trend = ind.concern_trend(scope(w, "D", JUL31, subtree=True, date_from=d(5, 1)))
    assert [r["received"] for r in trend] == [1, 1, 1]


# --- information supply -------------------------------------------------------------------------------------


@pytest.fixture
def obligations(world):
    w = world
    user = w["users"]["D"]

    def ask(asked, due, supplied=None, *, periodic=False, cancelled=False):
        if periodic:  # one obligation of a monthly request, for May
            request = monthly(user, w["D"], [asked])
            InfoObligation.objects.filter(request=request).delete()
            InfoObligation.objects.create(
                request=request, organization=asked, unit_path=asked.unit_path, period="2022-05", due_at=at(due)
            )
        else:
            request = incident(user, w["D"], [asked])
        fields = {"due_at": at(due), "supplied_at": at(supplied) if supplied else None}
        if cancelled:
            fields["status"] = ObligationStatus.CANCELLED
        InfoObligation.objects.filter(request=request).update(**fields)
        return request

    return [
        ask(w["A"], d(3, 1), d(2, 28)),  # on time
        ask(w["P"], d(3, 1), d(3, 5)),  # late
        ask(w["A"], d(5, 1), periodic=True),  # missing
        ask(w["B"], d(6, 30)),  # missing as at the end of the cut-off day
        ask(w["A"], d(7, 5)),  # outside the period
        ask(w["A"], d(4, 1), cancelled=True),  # cancelled: never counted
    ]


def supply_counts(row):
    return counts(row, ind.SUPPLY_COLUMNS)


def test_supply_figures(world, obligations):
    w = world
    fig = ind.supply_figures(scope(w, "D"))
    #                                      due on_time late missing not_yet_due
    assert supply_counts(fig["incident"]) == (3, 1, 1, 1, 0)
    assert supply_counts(fig["periodic"]) == (1, 0, 0, 1, 0)
    assert supply_counts(fig["total"]) == (4, 1, 1, 2, 0)
    assert supply_counts(ind.supply_figures(scope(w, "A"))["total"]) == (2, 1, 0, 1, 0)
    assert supply_counts(ind.supply_figures(scope(w, "P"))["total"]) == (1, 0, 1, 0, 0)
    # the program's parties (D, A, P) between themselves: B's obligation is not the program's
    assert supply_counts(ind.supply_figures(scope(w, "D", program=True))["total"]) == (3, 1, 1, 1, 0)
    # a cut-off in the middle: 1 March's obligations are at the edge, the later ones outside
    assert supply_counts(ind.supply_figures(scope(w, "D", d(3, 1)))["total"]) == (2, 1, 1, 0, 0)
    assert supply_counts(ind.supply_figures(scope(w, "X"))["total"]) == (0, 0, 0, 0, 0)


# --- meetings -----------------------------------------------------------------------------------------------


def test_meeting_figures_and_upcoming_meetings(world):
    w = world

    def meeting(key, title, starts, status, invited=()):
        m = meeting_services.meeting_create(
            acting=acting_of(w["users"][key], w[key]),
            data={
                "kind": "briefing",
                "title": title,
                "starts_at": starts,
                "ends_at": starts + dt.timedelta(hours=2),
                "place": "Hội trường",
            },
            organizations=[o.pk for o in invited],
        )
        Meeting.objects.filter(pk=m.pk).update(status=status)
        return m

    held = meeting("D", "Giao ban quý I", at(d(3, 20)), MeetingStatus.HELD, [w["A"]])
    meeting("D", "Giao ban tháng 8", at(d(8, 5)), MeetingStatus.HELD)  # outside the period
    meeting("P", "Họp của sở", at(d(4, 2)), MeetingStatus.HELD, [w["B"]])  # D not party, B invited
    meeting("A", "Họp xã đã hủy", at(d(4, 3)), MeetingStatus.CANCELLED)
    fig = ind.meeting_figures(scope(w, "D"))
    assert fig["total"] == 1 and fig["by_kind"]["briefing"] == 1
    assert ind.meeting_figures(scope(w, "A"))["total"] == 1  # invited to the held one
    assert ind.meeting_figures(scope(w, "D", subtree=True))["total"] == 2  # B (subtree) was invited
    now = at(d(6, 1))
    soon = meeting("A", "Sơ kết 6 tháng của xã", at(d(6, 10)), MeetingStatus.PLANNED)
    invited_below = meeting("P", "Họp của sở mời xã", at(d(6, 12)), MeetingStatus.PLANNED, [w["B"]])
    assert [m["id"] for m in ind.upcoming_meetings(scope(w, "A"), now=now)] == [soon.pk]
    assert [m["id"] for m in ind.upcoming_meetings(scope(w, "B"), now=now)] == [invited_below.pk]
    # the department's subtree: what its subtree organised, not what someone outside invited it to
    assert [m["id"] for m in ind.upcoming_meetings(scope(w, "D", subtree=True), now=now)] == [soon.pk]
    assert ind.upcoming_meetings(scope(w, "D"), now=now) == []
    assert held.pk not in [m["id"] for m in ind.upcoming_meetings(scope(w, "D", subtree=True), now=at(d(1, 1)))]


# --- hot spots and opinions ---------------------------------------------------------------------------------


def test_hotspot_figures(world):
    from phoihop.concerns.models import Topic

    w = world
    topic = Topic.objects.get(code="dat-dai")

    def hotspot(area, department, opened, closed=None, kind="trend"):
        return HotSpot.objects.create(
            kind=kind,
            status="closed" if closed else "active",
            topic=topic,
            area=area,
            unit_path=area.path,
            department=department,
            opened_at=at(opened),
            last_seen_at=at(opened),
            computed_at=at(opened),
            window_start=at(opened),
            series_start=at(opened),
            current_count=5,
            closed_at=at(closed) if closed else None,
        )

    h1 = hotspot(w["c1"], w["D"], d(3, 1))  # open
    h2 = hotspot(w["c2"], w["D"], d(2, 1), closed=d(4, 1), kind="severe")  # closed in the period
    hotspot(w["c1"], w["D"], d(1, 5), closed=dt.date(2021, 12, 31), kind="mass_complaint")  # closed before
    hotspot(w["c2"], w["D"], d(7, 2), kind="mass_complaint")  # opened after the cut-off
    fig = ind.hotspot_figures(scope(w, "D"))
    assert (fig["count"], fig["active"]) == (2, 1)
    assert [(i["id"], i["active"]) for i in fig["items"]] == [(h1.pk, True), (h2.pk, False)]
    assert fig["items"][0]["area"] == w["c1"].name and fig["items"][0]["concerns"] == 5
    assert ind.hotspot_figures(scope(w, "A"))["count"] == 0
    assert ind.hotspot_figures(scope(w, "X"))["count"] == 0


def test_opinion_figures_count_reports_never_authors(world):
    w = world
    collaborator = make_user(org=w["D"], role=Role.COLLABORATOR)
    topics = list(OpinionTopic.objects.all()[:2])

    def report(org, month, kind="monthly", status="submitted", moods=("agree",)):
        r = OpinionReport.objects.create(
            organization=org,
            author=collaborator,
            kind=kind,
            month=month,
            unit=w["c1"],
            unit_path=w["c1"].path,
            status=status,
            title="Sự việc" if kind == "quick" else "",
        )
        for topic, mood in zip(topics, moods, strict=False):
            OpinionItem.objects.create(report=r, topic=topic, mood=mood, summary="Ý kiến chung của Nhân dân.")
        return r

    report(w["D"], d(2, 1), moods=("agree", "worry"))
    report(w["D"], d(3, 1), kind="quick", moods=("upset",))
    report(w["D"], d(4, 1), status="draft", moods=("upset",))  # not sent
    report(w["D"], d(7, 1), moods=("worry",))  # outside the period
    report(w["X"], d(2, 1), moods=("worry",))  # another department
    fig = ind.opinion_figures(scope(w, "D"))
    assert fig == {
        "reports": 2,
        "monthly": 1,
        "quick": 1,
        "items": 3,
        "moods": {"agree": 1, "interest": 0, "worry": 1, "upset": 1},
        "uneasy": 2,
    }
    assert "author" not in str(fig)
    assert ind.opinion_figures(scope(w, "A"))["reports"] == 0
