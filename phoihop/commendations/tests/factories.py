"""A small world for commendation tests, away from the demo data: a propaganda department of Hà Nội (province
01, the roll-up over its communes) with a commune's People's Committee below it, and a department of another
province. Proposals are made through the services."""

from __future__ import annotations

import datetime as dt

from phoihop.accounts.models import Role
from phoihop.commendations import services
from phoihop.commendations.models import Commendation
from phoihop.geo.models import AdminUnit
from phoihop.tests.support import acting_of, make_org, make_user


def unit(code: str) -> AdminUnit:
    return AdminUnit.objects.get(generation=AdminUnit.Generation.CURRENT, code=code)


def commune_below(province: AdminUnit, n: int = 0) -> AdminUnit:
    return AdminUnit.objects.filter(generation=province.generation, path__startswith=f"{province.path}/").order_by(
        "path"
    )[n]


class World:
    def __init__(self):
        hn = unit("01")
        self.dept = make_org(
            unit=hn, type_code="ban-tuyen-giao", name="Ban Tuyên giáo Thành ủy Thử", superior_name="Thành ủy Thử"
        )
        self.commune = make_org(unit=commune_below(hn), type_code="ubnd", name="Ủy ban nhân dân phường Thử Nhất")
        self.commune2 = make_org(unit=commune_below(hn, 1), type_code="ubnd", name="Ủy ban nhân dân phường Thử Hai")
        self.same_level = make_org(unit=hn, type_code="ubnd", name="Ủy ban nhân dân thành phố Thử")
        self.other = make_org(unit=unit("79"), type_code="ban-tuyen-giao", name="Ban Tuyên giáo Thành ủy Khác")
        self.officer = make_user(org=self.dept)
        self.leader = make_user(org=self.dept, role=Role.LEADER)
        self.viewer = make_user(org=self.dept, role=Role.VIEWER)
        self.collaborator = make_user(org=self.dept, role=Role.COLLABORATOR)
        self.commune_officer = make_user(org=self.commune)
        self.commune2_officer = make_user(org=self.commune2)
        self.other_officer = make_user(org=self.other)

    def acting(self, who: str):
        user = getattr(self, who)
        org = {"commune_officer": self.commune, "commune2_officer": self.commune2, "other_officer": self.other}.get(
            who, self.dept
        )
        return acting_of(user, org)

    def propose(self, *, nominee=None, kind="collective", **extra) -> Commendation:
        data = {
            "kind": kind,
            "nominee_org": nominee or self.commune,
            "achievements": "Phối hợp cung cấp thông tin đầy đủ, đúng hạn",
            "year_from": 2023,
            "year_to": 2023,
            **extra,
        }
        if kind == "individual":
            data.setdefault("full_name", "Lê Văn Thử")
            data.setdefault("job_title", "Chuyên viên")
        return services.commendation_create(acting=self.acting("officer"), data=data)

    def move(self, c: Commendation, *actions: str, reason: str = "") -> Commendation:
        for action in actions:
            who = "officer" if action == "submit" else "leader"
            c = services.commendation_transition(acting=self.acting(who), commendation=c, action=action, reason=reason)
        return c

    def award(self, c: Commendation, form="giay-khen", day=dt.date(2024, 1, 10), number="12-QĐ/TU") -> Commendation:
        return services.commendation_award(
            acting=self.acting("officer"),
            commendation=c,
            data={
                "award_form": form,
                "decision_number": number,
                "decision_date": day,
                "awarding_authority": "Ban Thường vụ Thành ủy",
            },
        )
