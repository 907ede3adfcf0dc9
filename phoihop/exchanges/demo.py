"""Demo information supply: monthly requests of the propaganda departments of Khánh Hòa and of the former
Phú Bình district to their partners since January of the current year, and Khánh Hòa's monthly request
of 2022-2023 (its first coordination plans), with supplies on time, late and missing; one per-incident
request; one quick report about a demo concern.

Called at the end of core.demo.demo_load; idempotent: the first demo request (by its subject and
requester) marks a complete load, so a second run creates nothing. Everything goes through the services,
acting as the demo officers (an organisation without a demo account acts as itself, recorded as
"system" with that organisation); the supplies are then moved back to the day they were given with
queryset updates (supply time, the obligation's `supplied_at`, its history). See docs/demo-data.md.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from phoihop.accounts.acting import Acting
from phoihop.accounts.models import Role
from phoihop.core.demo import demo_acting
from phoihop.exchanges import services
from phoihop.exchanges.models import InfoObligation, InfoRequest, InfoSupply, ObligationEvent
from phoihop.orgs.models import Organization

ORG_NAMES = {
    "btg-kh": "Ban Tuyên giáo Tỉnh ủy Khánh Hòa",
    "hdnd-kh": "Thường trực Hội đồng nhân dân tỉnh Khánh Hòa",
    "ubnd-kh": "Ủy ban nhân dân tỉnh Khánh Hòa",
    "btg-pb": "Ban Tuyên giáo Huyện ủy Phú Bình",
    "ubnd-pb": "Ủy ban nhân dân huyện Phú Bình",
    "tand-pb": "Tòa án nhân dân huyện Phú Bình",
}

# (requester, asked, subject, details, due day[, first day, last day]): without dates, from January of the
# current year on
MONTHLY = [
    (
        "btg-kh",
        ["hdnd-kh", "ubnd-kh"],
        "Tình hình tiếp xúc cử tri, kiến nghị của cử tri và dư luận xã hội trong tháng",
        "Kết quả tiếp xúc cử tri, tiếp công dân; những kiến nghị nổi cộm và việc giải quyết; dư luận xã hội về "
        "các chủ trương, chính sách của tỉnh trong tháng (Chương trình phối hợp, nội dung 1).",
        25,
    ),
    (
        "btg-pb",
        ["ubnd-pb", "tand-pb"],
        "Tình hình đơn thư, khiếu nại và các vụ việc phức tạp trong tháng",
        "Số đơn thư tiếp nhận, đã giải quyết; các vụ việc khiếu kiện đông người, phức tạp; đề xuất nội dung "
        "tuyên truyền, định hướng dư luận.",
        20,
    ),
    (
        "btg-kh",
        ["hdnd-kh", "ubnd-kh"],
        "Kết quả phối hợp thực hiện Quy chế 238 và tình hình dư luận xã hội trong tháng (kế hoạch 2022 - 2023)",
        "Kết quả thực hiện các nội dung phối hợp trong tháng; vấn đề nổi cộm, bức xúc và việc giải quyết; dư luận "
        "xã hội về hoạt động của HĐND, UBND tỉnh (Kế hoạch phối hợp năm 2022 và năm 2023).",
        25,
        dt.date(2022, 1, 1),
        dt.date(2023, 12, 31),
    ),
]
# what happened to each month's obligation, month after month (cycled): on time, acknowledged on time,
# late, partial and nothing more, missing
PATTERNS = {
    "hdnd-kh": "AAALAOOLOAM",
    "ubnd-kh": "AOLOLLOAMOM",
    "ubnd-pb": "AAOOLOOLOAO",
    "tand-pb": "OLMLOOMLOPM",
}
INCIDENT = (
    "btg-kh",
    ["hdnd-kh", "ubnd-kh"],
    "Thông tin vụ sạt lở bờ biển và phản ánh của người dân về kè chắn sóng",
    "Diễn biến, thiệt hại, các biện pháp đã triển khai và nội dung trả lời người dân, để định hướng thông tin "
    "trên báo chí và mạng xã hội.",
)


class _Orgs:
    def __init__(self):
        self.orgs = {k: Organization.objects.select_related("type").get(name=n) for k, n in ORG_NAMES.items()}
        self._acting: dict[str, Acting] = {}

    def __getitem__(self, key: str) -> Organization:
        return self.orgs[key]

    def acting(self, key: str) -> Acting:
        """A demo officer of the organisation, else the organisation acting as itself (no user: "system")."""
        if key not in self._acting:
            self._acting[key] = demo_acting(self.orgs[key], (Role.OFFICER,))
        return self._acting[key]


def _backdate(obligation: InfoObligation, at: dt.datetime) -> None:
    InfoSupply.objects.filter(obligation=obligation).update(at=at)
    ObligationEvent.objects.filter(obligation=obligation).update(at=at)
    if obligation.status in ("supplied", "acknowledged"):
        InfoObligation.objects.filter(pk=obligation.pk).update(supplied_at=at)


def _monthly(orgs: _Orgs, now: dt.datetime) -> dict[str, int]:
    counts = {"requests": 0, "obligations": 0, "supplies": 0}
    year_start = dt.date(timezone.localtime(now).year, 1, 1)
    for requester, asked, subject, details, due_day, *dates in MONTHLY:
        first, last = dates if dates else (year_start, None)
        request = services.request_create(
            acting=orgs.acting(requester),
            subject=subject,
            details=details,
            asked=[orgs[k] for k in asked],
            kind="periodic",
            frequency="monthly",
            due_day=due_day,
            starts_on=first,
            ends_on=last,
            urgency="normal",
        )
        counts["requests"] += 1
        start = timezone.make_aware(dt.datetime.combine(first - dt.timedelta(days=10), dt.time(9)))
        InfoRequest.objects.filter(pk=request.pk).update(created_at=start)
        for key in asked:
            pattern = PATTERNS[key]
            obligations = list(request.obligations.filter(organization=orgs[key]).order_by("due_at"))
            counts["obligations"] += len(obligations)
            for index, obligation in enumerate(o for o in obligations if o.due_at < now):
                period_start = timezone.make_aware(
                    dt.datetime.strptime(obligation.period + "-01 07:30", "%Y-%m-%d %H:%M")
                )
                InfoObligation.objects.filter(pk=obligation.pk).update(created_at=period_start)
                what = pattern[index % len(pattern)]
                if what == "M":
                    continue
                days = {"A": -3, "O": -1 - index % 4, "L": 2 + index % 6, "P": -2}[what]
                at = obligation.due_at + dt.timedelta(days=days, hours=-7 - index % 5)
                services.supply_add(
                    acting=orgs.acting(key),
                    obligation=obligation,
                    text=f"Báo cáo {services.period_name(obligation.period)}: tổng hợp theo đề nghị của "
                    f"{orgs[requester].short_name or orgs[requester].name}.",
                    complete=what != "P",
                )
                counts["supplies"] += 1
                if what == "A":
                    services.obligation_review(
                        acting=orgs.acting(requester), obligation=obligation, action="acknowledge"
                    )
                obligation.refresh_from_db()
                _backdate(obligation, at)
    return counts


def _incident(orgs: _Orgs) -> None:
    requester, asked, subject, details = INCIDENT
    request = services.request_create(
        acting=orgs.acting(requester),
        subject=subject,
        details=details,
        asked=[orgs[k] for k in asked],
        kind="incident",
        within_days=2,
        urgency="urgent",
    )
    first = request.obligations.get(organization=orgs[asked[0]])
    services.supply_add(
        acting=orgs.acting(asked[0]),
        obligation=first,
        text="Đã nắm thông tin ban đầu từ cử tri khu vực; đang tổng hợp ý kiến tại kỳ tiếp xúc tới.",
        complete=False,
    )


def _quick_report(orgs: _Orgs) -> int:
    from phoihop.concerns.models import Concern

    concern = (
        Concern.objects.filter(source_ref__startswith="DEMO-", lead=orgs["ubnd-pb"])
        .order_by("-received_at", "-id")
        .first()
    )
    services.quick_report_send(
        acting=orgs.acting("ubnd-pb"),
        subject="Báo cáo nhanh: người dân tập trung phản ánh tại trụ sở UBND xã",
        text="Khoảng 20 người dân đến trụ sở UBND xã phản ánh về việc chậm giải quyết; UBND huyện đã cử cán bộ "
        "tiếp, ghi nhận ý kiến và hẹn trả lời trong tuần. Tình hình đã ổn định.",
        recipients=[orgs["btg-pb"]],
        urgency="urgent",
        concern=concern,
    )
    return 1


@transaction.atomic
def demo_exchanges_load() -> dict[str, int]:
    """Create the demo information supply if it is missing (see the module's docstring)."""
    created = {"requests": 0, "obligations": 0, "supplies": 0, "quick_reports": 0}
    orgs = _Orgs()
    if InfoRequest.objects.filter(requester=orgs[MONTHLY[0][0]], subject=MONTHLY[0][2]).exists():
        return created
    counts = _monthly(orgs, timezone.now())
    created.update(counts)
    _incident(orgs)
    created["requests"] += 1
    created["quick_reports"] = _quick_report(orgs)
    return created
