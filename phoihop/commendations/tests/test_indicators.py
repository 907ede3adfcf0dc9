"""commendation_figures against hand-computed values on a fixed data set: rows outside the period and outside
the scope do not count, a returned proposal is a draft again, a subtree scope adds the communes' own
proposals, and the figures add up (one row counted once)."""

import datetime as dt

import pytest
from django.utils import timezone

from phoihop.accounts.models import Role
from phoihop.commendations import services
from phoihop.commendations.indicators import commendation_figures
from phoihop.commendations.models import Commendation
from phoihop.reports.scope import Scope
from phoihop.tests.support import acting_of, make_user

pytestmark = pytest.mark.django_db

TZ = timezone.get_current_timezone()
Y = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))


def at(y, m, d, hour=9, minute=0):
    return dt.datetime(y, m, d, hour, minute, tzinfo=TZ)


@pytest.fixture
def data(world):
    commune_leader = make_user(org=world.commune, role=Role.LEADER)
    other_leader = make_user(org=world.other, role=Role.LEADER)
    people = {
        world.dept: (world.acting("officer"), world.acting("leader")),
        world.commune: (world.acting("commune_officer"), acting_of(commune_leader, world.commune)),
        world.other: (world.acting("other_officer"), acting_of(other_leader, world.other)),
    }

    def row(proposer, *, kind="collective", submitted=None, then=(), award=None, nominee=None):
        officer, leader = people[proposer]
        data = {"kind": kind, "nominee_org": nominee or proposer, "achievements": "Tốt", "year_from": 2023}
        if kind == "individual":
            data |= {"full_name": "Lê Thị Thử", "job_title": "Chuyên viên"}
        c = services.commendation_create(acting=officer, data=data)
        if submitted:
            c = services.commendation_transition(acting=officer, commendation=c, action="submit")
            Commendation.objects.filter(pk=c.pk).update(submitted_at=submitted)
        for action in then:
            c = services.commendation_transition(acting=leader, commendation=c, action=action, reason="Lý do")
        if award:
            form, day = award
            c = services.commendation_transition(acting=leader, commendation=c, action="approve")
            services.commendation_award(
                acting=officer,
                commendation=c,
                data={"award_form": form, "decision_number": "1-QĐ", "decision_date": day, "awarding_authority": "A"},
            )

    d, c, o = world.dept, world.commune, world.other
    row(d, nominee=c, submitted=at(2023, 3, 10), award=("giay-khen", dt.date(2023, 4, 1)))  # 1: both
    row(d, kind="individual", submitted=at(2023, 5, 1), award=("bang-khen-tinh", dt.date(2024, 1, 10)))  # 2
    row(d, submitted=at(2022, 12, 30), award=("giay-khen", dt.date(2023, 1, 5)))  # 3: awarded only
    row(d, submitted=at(2023, 6, 1), then=("return",))  # 4: back to draft
    row(d, submitted=at(2023, 7, 1), then=("reject",))  # 5: proposed, refused
    row(d)  # 6: draft
    row(d, submitted=at(2024, 1, 1, 0, 10))  # 7: just after the cut-off
    row(c, submitted=at(2023, 8, 1), award=("co-thi-dua", dt.date(2023, 9, 1)))  # 8: the commune's own
    row(c, kind="individual", submitted=at(2023, 12, 31, 23, 30), award=("giay-khen", dt.date(2023, 12, 31)))  # 9
    row(o, submitted=at(2023, 2, 1), award=("giay-khen", dt.date(2023, 3, 1)))  # 10: another province
    return world


def forms(figures) -> dict:
    return {f["form"]: f["count"] for f in figures["by_form"] if f["count"]}


def test_the_department_alone(data):
    f = commendation_figures(Scope.of(data.dept, *Y))
    assert (f["proposed"], f["awarded"], f["collective"], f["individual"]) == (3, 2, 2, 0)
    assert forms(f) == {"Giấy khen": 2}


def test_the_subtree_adds_the_communes(data):
    f = commendation_figures(Scope.of(data.dept, *Y, subtree=True))
    assert (f["proposed"], f["awarded"], f["collective"], f["individual"]) == (5, 4, 3, 1)
    assert forms(f) == {"Giấy khen": 3, "Cờ thi đua": 1}
    names = [x["form"] for x in f["by_form"]]
    assert names.index("Giấy khen") < names.index("Cờ thi đua") < names.index("Huân chương Lao động")


def test_figures_are_additive(data):
    whole = commendation_figures(Scope.of(data.dept, *Y, subtree=True))
    parts = [commendation_figures(Scope.of(org, *Y)) for org in (data.dept, data.commune, data.commune2)]
    for key in ("proposed", "awarded", "collective", "individual"):
        assert whole[key] == sum(p[key] for p in parts), key
    assert whole["awarded"] == whole["collective"] + whole["individual"] == sum(x["count"] for x in whole["by_form"])


def test_another_period_and_another_province(data):
    f = commendation_figures(Scope.of(data.dept, dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
    assert (f["proposed"], f["awarded"], f["individual"]) == (1, 1, 1)
    assert forms(f) == {"Bằng khen của Ban Thường vụ Tỉnh ủy / Chủ tịch UBND tỉnh": 1}
    f = commendation_figures(Scope.of(data.other, *Y, subtree=True))
    assert (f["proposed"], f["awarded"]) == (1, 1)
