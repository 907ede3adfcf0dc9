"""Demo reports (docs/demo-data.md):

- Phú Bình (seeds 000/002): the 2022 plan of the five-party program (signed 23/6/2022) with its tasks, the
  call of Ban Tuyên giáo Tỉnh ủy Thái Nguyên for the 2022 annual reports, and Phú Bình's 2022 report as a
  draft with its figures compiled and part of the narrative written; `lanhdao.phubinh` (invented name),
  the department's head, approves it.
- Khánh Hòa: the interim review 2022-2024 of the 2022-2026 program: the call of Ban Tuyên giáo Tỉnh ủy to
  the district-level propaganda departments of that time (the commune level had none before the 2025
  reform), their submissions (most on time, two late, Khánh Sơn missing) and the province's roll-up, a
  draft summing them.

Everything goes through the services; submission times are then moved back to the days they happened.
Idempotent: the Thái Nguyên call marks a complete load."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from phoihop.accounts.acting import Acting
from phoihop.accounts.models import Membership, Role, User
from phoihop.core.demo import demo_acting
from phoihop.orgs.models import Organization, OrgType
from phoihop.reports import services
from phoihop.reports.models import Report, ReportCall, ReportStatusChange

PB_CALL = "Báo cáo kết quả thực hiện Quy chế 238-QĐ/TW năm 2022"
KH_CALL = "Sơ kết 3 năm thực hiện Chương trình phối hợp giai đoạn 2022 - 2026 (2022 - 2024)"
TZ = timezone.get_current_timezone()

# district-level propaganda departments of Khánh Hòa before the 2025 reform: (legacy code, name, symbol,
# party committee, submitted how many days after the call's deadline (None: missing))
KH_DISTRICTS = [
    ("568", "Ban Tuyên giáo Thành ủy Nha Trang", "BTGThU", "THÀNH ỦY NHA TRANG", -4),
    ("569", "Ban Tuyên giáo Thành ủy Cam Ranh", "BTGThU", "THÀNH ỦY CAM RANH", -2),
    ("570", "Ban Tuyên giáo Huyện ủy Cam Lâm", "BTGHU", "HUYỆN ỦY CAM LÂM", -1),
    ("571", "Ban Tuyên giáo Huyện ủy Vạn Ninh", "BTGHU", "HUYỆN ỦY VẠN NINH", 5),
    ("572", "Ban Tuyên giáo Thị ủy Ninh Hòa", "BTGThU", "THỊ ỦY NINH HÒA", -3),
    ("573", "Ban Tuyên giáo Huyện ủy Khánh Vĩnh", "BTGHU", "HUYỆN ỦY KHÁNH VĨNH", 9),
    ("574", "Ban Tuyên giáo Huyện ủy Diên Khánh", "BTGHU", "HUYỆN ỦY DIÊN KHÁNH", 0),
    ("575", "Ban Tuyên giáo Huyện ủy Khánh Sơn", "BTGHU", "HUYỆN ỦY KHÁNH SƠN", None),
]

DISTRICT_TEXT = {
    "results": (
        "Ban Tuyên giáo đã phối hợp chặt chẽ với Ủy ban nhân dân và các cơ quan cùng cấp trong tuyên truyền "
        "các chủ trương, chính sách, nắm bắt tình hình tư tưởng, dư luận xã hội; các vụ việc phức tạp trên "
        "địa bàn cơ bản được thông tin kịp thời, đầy đủ."
    ),
    "limitations": (
        "Việc cung cấp thông tin định kỳ của một số cơ quan còn chậm; một số vấn đề bức xúc kéo dài chưa "
        "được giải quyết dứt điểm. Nguyên nhân: lực lượng làm công tác tham mưu còn mỏng, kiêm nhiệm."
    ),
    "lessons": "Duy trì giao ban định kỳ; phân công cụ thể người, cụ thể việc, cụ thể thời hạn.",
    "directions": (
        "Tiếp tục thực hiện các nội dung phối hợp đến hết năm 2026; chuẩn bị tổng kết Chương trình; kiện toàn "
        "đầu mối phối hợp sau sắp xếp tổ chức bộ máy."
    ),
    "proposals": "Đề nghị Ban Tuyên giáo Tỉnh ủy tổ chức tập huấn nghiệp vụ nắm bắt dư luận xã hội.",
}

PB_PLAN_TASKS = [
    # (content number, title, lead key, deadline, outcome: done | late | cancelled | after: still open at the
    # report's cut-off, done in January 2023, so no 2022 task lingers in today's queues)
    (
        1,
        "Tuyên truyền kết quả Hội nghị ký kết Chương trình phối hợp trên Đài Truyền thanh huyện",
        "btg",
        (2022, 7, 15),
        "done",
    ),
    (
        1,
        "Cung cấp thông tin định kỳ hàng tháng về tình hình kinh tế - xã hội cho Ban Tuyên giáo",
        "ubnd",
        (2022, 9, 30),
        "done",
    ),
    (2, "Phối hợp tuyên truyền kết quả các kỳ họp HĐND huyện", "hdnd", (2022, 8, 10), "done"),
    (2, "Tuyên truyền kết quả tiếp xúc cử tri trước kỳ họp cuối năm", "hdnd", (2022, 11, 30), "late"),
    (
        3,
        "Thông tin về các vụ án điểm, phiên tòa xét xử lưu động để tuyên truyền pháp luật",
        "tand",
        (2022, 10, 31),
        "done",
    ),
    (
        3,
        "Cung cấp thông tin về công tác kiểm sát, phòng chống tội phạm 6 tháng cuối năm",
        "vksnd",
        (2022, 12, 15),
        "late",
    ),
    (4, "Nắm bắt dư luận về giải phóng mặt bằng khu công nghiệp Điềm Thụy", "btg", (2022, 9, 15), "done"),
    (4, "Phối hợp định hướng thông tin về dự án đường vành đai 5 qua huyện", "ubnd", (2022, 12, 20), "after"),
    (4, "Tổ chức hội nghị báo cáo viên chuyên đề về đất đai", "btg", (2022, 11, 15), "cancelled"),
    (1, "Sơ kết 6 tháng thực hiện Chương trình phối hợp", "btg", (2022, 12, 30), "done"),
]


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


def _org(name: str) -> Organization:
    return Organization.objects.select_related("type", "unit").get(name=name)


def _leader(org: Organization) -> Acting:
    """The organisation's head acting (a leader account when there is one, else the organisation itself)."""
    acting = demo_acting(org, roles=(Role.LEADER,))
    if acting.user is not None:
        return acting
    membership = Membership(organization=org, role=Role.LEADER)
    return Acting(None, membership=membership, memberships=[membership])


def _phu_binh_leader(btg_pb: Organization) -> None:
    from phoihop.accounts import services as account_services

    if User.objects.filter(username="lanhdao.phubinh").exists():
        return
    user = account_services.user_create(
        acting=None,
        username="lanhdao.phubinh",
        full_name="Ngô Thị Thu Hà",
        email="lanhdao.phubinh@phoihop.local",
        job_title="Trưởng ban Tuyên giáo Huyện ủy",
        password=settings.DEMO_PASSWORD,
        is_demo=True,
    )
    account_services.membership_add(
        acting=None, user=user, organization=btg_pb, role=Role.LEADER, position=user.job_title, is_default=True
    )


def _phu_binh_plan(orgs: dict[str, Organization]) -> None:
    from phoihop.plans import services as plan_services
    from phoihop.plans.models import Plan
    from phoihop.programs.models import Program

    program = Program.objects.filter(lead=orgs["btg"], period_start=2022).first()
    if program is None or Plan.objects.filter(program=program, year=2022).exists():
        return
    plan = plan_services.plan_create(acting=None, program=program, year=2022)
    plan_services.plan_transition(acting=None, plan=plan, action="circulate")
    for key in ("hdnd", "ubnd", "tand", "vksnd"):
        plan_services.plan_respond(acting=demo_acting(orgs[key]), plan=plan, agree=True)
    plan_services.plan_transition(acting=None, plan=plan, action="issue", approved_on=dt.date(2022, 7, 1))
    contents = {c.number: c for c in program.contents.all()}
    for number, title, lead, deadline, outcome in PB_PLAN_TASKS:
        deadline = dt.date(*deadline)
        task = plan_services.task_create(
            acting=None,
            plan=plan,
            title=title,
            lead=orgs[lead],
            partners=[orgs["btg"]] if lead != "btg" else [orgs["ubnd"]],
            content=contents.get(number) or contents[min(contents)],
            deadline=deadline,
            expected_output="Báo cáo, tin bài",
            notify_people=False,
        )
        doer = demo_acting(orgs[lead])
        if outcome == "cancelled":
            plan_services.task_transition(
                acting=None, task=task, action="cancel", reason="Lồng ghép vào hội nghị sơ kết"
            )
        else:
            done_on = deadline + dt.timedelta(days={"late": 12, "after": 27}.get(outcome, -2))
            plan_services.progress_report_add(acting=doer, task=task, text="Đã hoàn thành.", percent=100)
            plan_services.task_transition(acting=doer, task=task, action="submit", on=done_on)
            plan_services.task_transition(acting=None, task=task, action="accept", on=done_on)


def _submit_backdated(acting: Acting, report: Report, leader: Acting, day: dt.date) -> None:
    """Approve and submit through the services, then move the times back to `day`."""
    services.report_transition(acting=acting, report=report, action="request_approval")
    services.report_transition(acting=leader, report=report, action="approve")
    services.report_transition(acting=acting, report=report, action="submit")
    Report.objects.filter(pk=report.pk).update(
        approved_at=_at(day - dt.timedelta(days=1), 15), submitted_at=_at(day, 10), issued_on=day
    )
    ReportStatusChange.objects.filter(report=report).update(at=_at(day, 10))


@transaction.atomic
def demo_reports_load() -> int:
    if ReportCall.objects.filter(title=PB_CALL).exists():
        return 0
    created = 0
    # --- Phú Bình, 2022 ---------------------------------------------------------------------------------
    btg_tn = _org("Ban Tuyên giáo Tỉnh ủy Thái Nguyên")
    pb = {
        "btg": _org("Ban Tuyên giáo Huyện ủy Phú Bình"),
        "hdnd": _org("Thường trực Hội đồng nhân dân huyện Phú Bình"),
        "ubnd": _org("Ủy ban nhân dân huyện Phú Bình"),
        "tand": _org("Tòa án nhân dân huyện Phú Bình"),
        "vksnd": _org("Viện kiểm sát nhân dân huyện Phú Bình"),
    }
    _phu_binh_plan(pb)
    _phu_binh_leader(pb["btg"])  # after the plan: the loaders above act through the department's officer
    call = services.call_create(
        acting=demo_acting(btg_tn),
        data={
            "kind": "nam",
            "title": PB_CALL,
            "date_from": dt.date(2022, 1, 1),
            "date_to": dt.date(2022, 12, 31),
            "cutoff": dt.date(2022, 12, 15),
            "deadline": dt.date(2022, 12, 25),
            "instructions": (
                "Báo cáo theo đề cương: kết quả thực hiện từng nội dung phối hợp; hạn chế, nguyên nhân; bài học "
                "kinh nghiệm; phương hướng năm 2023; đề xuất, kiến nghị. Kèm phụ lục số liệu."
            ),
            "addressees": [pb["btg"].pk],
        },
    )
    ReportCall.objects.filter(pk=call.pk).update(created_at=_at(dt.date(2022, 11, 25)))
    created += 1
    report = services.report_create(acting=demo_acting(pb["btg"], roles=(Role.OFFICER,)), data={"call": call.pk})
    services.report_update(
        acting=demo_acting(pb["btg"], roles=(Role.OFFICER,)),
        report=report,
        data={
            "results": (
                "Năm 2022, các cơ quan phối hợp đã triển khai thực hiện các nội dung được ký kết, công tác tuyên "
                "truyền được mở rộng trên các lĩnh vực của đời sống xã hội; các vụ việc phức tạp, nổi cộm trên địa "
                "bàn cơ bản được phản ánh đầy đủ, khách quan."
            ),
            "directions": (
                "Năm 2023, tập trung thực hiện thống nhất, đồng bộ các nội dung phối hợp trọng tâm, bảo đảm chất "
                "lượng; duy trì cung cấp thông tin định kỳ hàng tháng và theo vụ việc."
            ),
            "signer_title": "Trưởng ban",
        },
    )
    created += 1
    # --- Khánh Hòa, interim review 2022-2024 -------------------------------------------------------------
    from phoihop.geo.models import AdminUnit
    from phoihop.orgs import services as org_services

    btg_kh = _org("Ban Tuyên giáo Tỉnh ủy Khánh Hòa")
    dept_type = OrgType.objects.get(code="ban-tuyen-giao")
    districts = []
    for code, name, symbol, superior, delay in KH_DISTRICTS:
        org = Organization.objects.filter(name=name).first()
        if org is None:
            org = org_services.org_create(
                acting=None,
                name=name,
                type=dept_type,
                unit=AdminUnit.objects.get(generation=AdminUnit.Generation.LEGACY, code=code),
                doc_symbol=symbol,
                short_name=name.replace("Ban Tuyên giáo ", "BTG "),
                superior_name=superior,
                parent=btg_kh,
            )
            created += 1
        districts.append((org, delay))
    deadline = dt.date(2024, 12, 10)
    kh_call = services.call_create(
        acting=demo_acting(btg_kh, roles=(Role.OFFICER,)),
        data={
            "kind": "so-ket",
            "title": KH_CALL,
            "date_from": dt.date(2022, 1, 1),
            "date_to": dt.date(2024, 12, 31),
            "cutoff": dt.date(2024, 11, 30),
            "deadline": deadline,
            "instructions": "Báo cáo sơ kết theo đề cương gửi kèm; số liệu tính đến ngày 30/11/2024.",
            "addressees": [o.pk for o, _ in districts],
        },
    )
    ReportCall.objects.filter(pk=kh_call.pk).update(created_at=_at(dt.date(2024, 11, 1)))
    created += 1
    for org, delay in districts:
        if delay is None:
            continue  # Khánh Sơn did not submit
        officer = demo_acting(org)
        r = services.report_create(acting=officer, data={"call": kh_call.pk})
        services.report_update(acting=officer, report=r, data={**DISTRICT_TEXT, "signer_title": "Trưởng ban"})
        _submit_backdated(officer, r, _leader(org), deadline + dt.timedelta(days=delay))
        created += 1
    rollup = services.report_create(
        acting=demo_acting(btg_kh, roles=(Role.OFFICER,)), data={"call": kh_call.pk, "rollup": True}
    )
    services.report_update(
        acting=demo_acting(btg_kh, roles=(Role.OFFICER,)),
        report=rollup,
        data={
            "results": (
                "Sau 3 năm thực hiện, Chương trình phối hợp được các cấp triển khai nghiêm túc; 7/8 ban tuyên giáo "
                "cấp huyện gửi báo cáo sơ kết (2 báo cáo gửi muộn, Huyện ủy Khánh Sơn chưa gửi)."
            ),
            "signer_title": "Trưởng ban",
        },
    )
    created += 1
    return created
