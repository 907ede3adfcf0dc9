"""The programs-and-plans layer of the synthetic data set.

For each province: one coordination program led by its propaganda department with 4-6 parties among the
province's bodies and 6 numbered contents, drafted and signed through `phoihop.programs.services` (so it
has its number line, revision and audit rows); its plans for the previous and the current year, issued
through `phoihop.plans.services` (the previous one closed); and TASKS_PER_PROVINCE tasks written with
bulk_create: Task rows, their partners and assignees, and the TaskParty rows exactly as
`phoihop.plans.services._sync_parties` makes them (lead, owner, partners, each with its unit path).
Tasks get no status history, progress reports, comments or audit rows.
"""

from __future__ import annotations

import datetime as dt
import random
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from phoihop.accounts.models import Membership
from phoihop.core.text import fold
from phoihop.geo.models import AdminUnit
from phoihop.orgs.models import Organization
from phoihop.plans import services as plan_services
from phoihop.plans.models import Plan, PlanApproval, Task, TaskKind, TaskParty, TaskStatus
from phoihop.programs import services as program_services
from phoihop.programs.models import LegalDocument, PartyRole, Program
from phoihop.programs.services import PartyInput

TASKS_PER_PROVINCE = 4_400  # 34 provinces: 149,600 tasks
BATCH = 2_000
# the legal basis every generated program cites; written by this layer only, so it marks the layer
BASIS = (
    "Quyết định",
    "238-QĐ/TW",
    dt.date(2020, 9, 30),
    "Ban Bí thư Trung ương Đảng (khóa XII)",
    "về việc ban hành Quy chế phối hợp giữa ban tuyên giáo các cấp với cơ quan quản lý nhà nước cùng cấp trong việc "
    "thực thi pháp luật, triển khai kế hoạch phát triển kinh tế - xã hội, giải quyết các vấn đề nổi cộm, Nhân dân "
    "quan tâm",
)

CONTENTS = [  # "{p}": the province ("tỉnh Khánh Hòa")
    "Chỉ đạo, hướng dẫn tuyên truyền chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước; các nghị "
    "quyết, chương trình, kế hoạch phát triển kinh tế - xã hội của {p}.",
    "Phối hợp định hướng thông tin, tuyên truyền về hoạt động của Hội đồng nhân dân, Ủy ban nhân dân {p}: các kỳ "
    "họp, tiếp xúc cử tri, chất vấn và trả lời chất vấn, kết quả giải quyết ý kiến, kiến nghị của cử tri.",
    "Tuyên truyền các sự kiện chính trị lớn, các ngày kỷ niệm của đất nước và của {p}; công tác bầu cử đại biểu "
    "Quốc hội và Hội đồng nhân dân các cấp.",
    "Phối hợp nắm bắt dư luận xã hội; tham mưu, đề xuất hướng giải quyết những vấn đề bức xúc, nổi cộm qua tiếp "
    "công dân, giải quyết đơn thư khiếu nại, tố cáo.",
    "Phối hợp tham mưu giải pháp công tác tư tưởng khi triển khai các dự án, đề án trọng điểm của {p} tác động "
    "trực tiếp đến đời sống Nhân dân.",
    "Đấu tranh phản bác các quan điểm sai trái, thù địch, thông tin xấu độc, sai sự thật trên không gian mạng.",
]
POLICIES = [
    "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
    "Nghị quyết số 57-NQ/TW về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
    "Nghị quyết số 68-NQ/TW về phát triển kinh tế tư nhân",
    "Luật Đất đai năm 2024",
    "mô hình chính quyền địa phương hai cấp",
    "chương trình mục tiêu quốc gia xây dựng nông thôn mới",
    "chính sách bảo hiểm xã hội tự nguyện",
    "Luật Phòng, chống ma túy",
    "Đề án 06 về phát triển ứng dụng dữ liệu dân cư, định danh và xác thực điện tử",
    "Chỉ thị số 45-CT/TW về đại hội đảng bộ các cấp",
]
EVENTS = [
    "kỷ niệm 80 năm Cách mạng Tháng Tám và Quốc khánh 2/9",
    "cuộc bầu cử đại biểu Quốc hội khóa XVI và đại biểu HĐND các cấp nhiệm kỳ 2026 - 2031",
    "kỷ niệm 96 năm Ngày thành lập Đảng Cộng sản Việt Nam",
    "Đại hội Đảng bộ lần thứ I, nhiệm kỳ 2025 - 2030",
    "Tết Nguyên đán Bính Ngọ 2026",
    "Ngày Pháp luật Việt Nam 9/11",
    "kỷ niệm 51 năm Ngày giải phóng miền Nam, thống nhất đất nước",
]
ISSUES = [
    "giá đất bồi thường, giải phóng mặt bằng",
    "việc sắp xếp đơn vị hành chính",
    "ô nhiễm môi trường tại khu công nghiệp",
    "tình trạng sạt lở bờ sông, bờ biển",
    "thu học phí năm học mới",
    "dịch bệnh trên đàn gia súc",
    "lừa đảo chiếm đoạt tài sản qua mạng",
    "tinh giản biên chế",
]
PROJECTS = [
    "dự án đường cao tốc",
    "dự án khu tái định cư",
    "dự án mở rộng quốc lộ",
    "dự án khu công nghiệp",
    "dự án nâng cấp hồ chứa nước",
    "dự án khu đô thị mới",
]
MEETINGS = ["kỳ họp thường lệ giữa năm của HĐND", "kỳ họp thường lệ cuối năm của HĐND", "kỳ họp chuyên đề của HĐND"]
TITLES = [  # (content number, template)
    (1, "Tuyên truyền {policy} trên địa bàn {place}"),
    (1, "Hướng dẫn tuyên truyền {policy} đến cán bộ, đảng viên và Nhân dân {place}"),
    (1, "Tổ chức hội nghị quán triệt {policy} tại {place}"),
    (2, "Cung cấp thông tin về kết quả giải quyết kiến nghị cử tri {period} tại {place}"),
    (2, "Định hướng thông tin trước, trong và sau {meeting} {place}"),
    (2, "Báo cáo kết quả tiếp xúc cử tri {period} tại {place}"),
    (3, "Tuyên truyền {event} tại {place}"),
    (3, "Trang trí, treo băng rôn, khẩu hiệu chào mừng {event} tại {place}"),
    (4, "Báo cáo tình hình dư luận xã hội {period} tại {place}"),
    (4, "Nắm bắt dư luận Nhân dân về {issue} tại {place}"),
    (4, "Cung cấp thông tin về kết quả giải quyết đơn thư khiếu nại, tố cáo {period} tại {place}"),
    (5, "Tham mưu giải pháp công tác tư tưởng khi triển khai {project} tại {place}"),
    (5, "Tuyên truyền, vận động Nhân dân đồng thuận với {project} tại {place}"),
    (6, "Đấu tranh phản bác thông tin sai sự thật về {issue} tại {place}"),
    (6, "Báo cáo kết quả đấu tranh phản bác quan điểm sai trái, thù địch {period} tại {place}"),
]
OUTPUTS = [
    "Kế hoạch tuyên truyền",
    "Báo cáo",
    "Văn bản cung cấp thông tin",
    "Tin, bài trên cổng thông tin điện tử",
    "Hội nghị",
    "Đề cương tuyên truyền",
    "Báo cáo dư luận xã hội",
]
ROMAN = ["I", "II", "III", "IV"]
# status weights by whether the deadline has passed: (not_started, in_progress, submitted, done, cancelled)
STATUSES = [TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED, TaskStatus.DONE, TaskStatus.CANCELLED]
PAST_WEIGHTS = [6, 11, 6, 72, 5]
FUTURE_WEIGHTS = [45, 40, 10, 5, 0]
PROVINCE_SHARE = 0.35  # of a province's tasks led by its own bodies; the rest by its communes' bodies
PROVINCE_LEAD_WEIGHTS = {"thuong-truc-hdnd": 6, "ubnd": 8, "tand": 2, "vksnd": 2, "so-phong-ban": 1}
COMMUNE_LEAD_WEIGHTS = {"UBND": 3, "HĐND": 2, "ĐU": 1, "BXDĐ": 1, "MTTQ": 2, "TTPVHCC": 1}  # by doc symbol
SIGNERS = {  # type code → (title, authority)
    "thuong-truc-hdnd": ("Chủ tịch", "TM. THƯỜNG TRỰC HĐND"),
    "ubnd": ("Chủ tịch", "TM. ỦY BAN NHÂN DÂN"),
    "tand": ("Chánh án", ""),
    "vksnd": ("Viện trưởng", ""),
    "so-phong-ban": ("Giám đốc", ""),
}


@dataclass
class Body:
    id: int
    unit_path: str
    place: str  # "xã Phú Bình", "tỉnh Khánh Hòa"
    members: list[int] = field(default_factory=list)  # user ids, in id order
    weight: int = 1  # how often it leads a task, next to the other bodies of its commune or province


@dataclass
class Province:
    unit: AdminUnit
    btg: Organization
    bodies: list[Organization]  # HĐND, UBND, TAND, VKSND, departments
    communes: list[list[Body]]  # each commune's bodies
    members: dict[int, list[int]]  # organisation id → user ids
    program: Program | None = None
    plans: dict[int, Plan] = field(default_factory=dict)
    contents: dict[int, int] = field(default_factory=dict)  # number → ProgramContent id


def is_generated() -> bool:
    return LegalDocument.objects.filter(number_symbol=BASIS[1], issued_on=BASIS[2]).exists()


def _place(unit: AdminUnit) -> str:
    return unit.name[:1].lower() + unit.name[1:]


def _provinces() -> list[Province]:
    """The provinces that have generated organisations, with their bodies and their communes' bodies."""
    members: dict[int, list[int]] = {}
    for org_id, user_id in Membership.objects.order_by("user_id").values_list("organization_id", "user_id"):
        members.setdefault(org_id, []).append(user_id)
    provinces: dict[int, Province] = {}
    top = Organization.objects.filter(unit__level=AdminUnit.Level.PROVINCE).select_related("type", "unit")
    for org in top.order_by("unit__code", "id"):
        if org.type.code == "ban-tuyen-giao":
            provinces[org.unit_id] = Province(unit=org.unit, btg=org, bodies=[], communes=[], members=members)
    for org in top.order_by("unit__code", "id"):
        if org.type.code in PROVINCE_LEAD_WEIGHTS and org.unit_id in provinces:
            provinces[org.unit_id].bodies.append(org)
    communes: dict[int, list[Body]] = {}
    rows = (
        Organization.objects.filter(unit__parent__in=list(provinces), unit__level=AdminUnit.Level.COMMUNE)
        .order_by("unit__code", "id")
        .values_list("id", "unit_path", "unit_id", "unit__name", "unit__parent_id", "doc_symbol")
    )
    for org_id, path, unit_id, unit_name, parent_id, symbol in rows:
        place = unit_name[:1].lower() + unit_name[1:]
        body = Body(org_id, path, place, members.get(org_id, []), COMMUNE_LEAD_WEIGHTS.get(symbol, 1))
        if unit_id not in communes:
            communes[unit_id] = []
            provinces[parent_id].communes.append(communes[unit_id])
        communes[unit_id].append(body)
    return list(provinces.values())


def _legal_basis() -> LegalDocument:
    kind, number, day, issuer, title = BASIS
    return LegalDocument.objects.create(
        kind=kind,
        number_symbol=number,
        issued_on=day,
        issuer=issuer,
        title=title,
        search_key=fold(f"{number} {kind} {issuer} {title}"),
    )


def _person(rng: random.Random) -> str:
    from bench.generate import _NAME_PARTS

    return " ".join(rng.choice(part) for part in _NAME_PARTS)


def _program(p: Province, basis: LegalDocument, year: int, rng: random.Random) -> None:
    """Draft and sign the province's program, issue its plans for `year` - 1 and `year`."""
    place = _place(p.unit)
    city = p.unit.name.startswith("Thành phố")
    by_type: dict[str, list[Organization]] = {}
    for org in p.bodies:
        by_type.setdefault(org.type.code, []).append(org)
    others = by_type["tand"] + by_type["vksnd"] + by_type["so-phong-ban"]
    partners = by_type["thuong-truc-hdnd"] + by_type["ubnd"] + rng.sample(others, rng.randint(1, 3))
    parties = [
        PartyInput(
            p.btg,
            PartyRole.LEAD,
            _person(rng),
            "Trưởng ban",
            f"T/M BAN THƯỜNG VỤ {'THÀNH ỦY' if city else 'TỈNH ỦY'}",
            "Chủ trì, theo dõi, đôn đốc thực hiện Chương trình; định hướng thông tin, tuyên truyền; tổng hợp dư luận xã hội.",
        )
    ]
    for org in partners:
        title, authority = SIGNERS[org.type.code]
        parties.append(
            PartyInput(
                org,
                PartyRole.PARTNER,
                _person(rng),
                title,
                authority,
                "Cung cấp thông tin thuộc lĩnh vực phụ trách; phối hợp thực hiện các nội dung của Chương trình.",
            )
        )
    start = year - 1
    program = program_services.program_create(
        acting=None,
        lead=p.btg,
        title=f"Chương trình phối hợp thực hiện Quy chế 238-QĐ/TW trên địa bàn {place}, giai đoạn {start} - {start + 5}",
        period_start=start,
        period_end=start + 5,
        parties=parties,
        contents=[c.format(p=place) for c in CONTENTS],
        legal_bases=[basis],
        purpose="Triển khai hiệu quả Quy chế 238-QĐ/TW; tạo sự thống nhất trong Đảng, đồng thuận trong xã hội đối "
        f"với việc thực thi pháp luật, triển khai các nhiệm vụ phát triển kinh tế - xã hội của {place}.",
        info_regime="Định kỳ hàng tháng và khi có vụ việc phát sinh, các bên cung cấp thông tin cho nhau qua hệ thống "
        "PhốiHợp và bằng văn bản.",
        briefing_frequency="Giao ban 6 tháng một lần; sơ kết hằng năm; tổng kết cuối giai đoạn.",
    )
    program_services.program_transition(
        acting=None,
        program=program,
        action="sign",
        signed_on=dt.date(start, 1, rng.randint(5, 12)),
        signed_place=p.unit.short_name,
        signing_meeting=f"Hội nghị ký kết Chương trình phối hợp thực hiện Quy chế 238-QĐ/TW {place}",
    )
    program.refresh_from_db()
    p.program = program
    p.contents = dict(program.contents.values_list("number", "id"))
    for y in (start, year):
        plan = plan_services.plan_create(acting=None, program=program, year=y)
        # every party agrees (what plan_respond records), then the lead issues the plan
        PlanApproval.objects.filter(plan=plan).update(
            state=PlanApproval.State.APPROVED, at=timezone.make_aware(dt.datetime(y, 1, 10, 9))
        )
        plan = plan_services.plan_transition(acting=None, plan=plan, action="issue", approved_on=dt.date(y, 1, 15))
        if y < year:
            plan = plan_services.plan_transition(acting=None, plan=plan, action="close")
        p.plans[y] = plan


def _period(deadline: dt.date, rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return f"quý {ROMAN[(deadline.month - 1) // 3]} năm {deadline.year}"
    if kind == 1:
        return f"tháng {deadline.month}/{deadline.year}"
    if kind == 2:
        return f"6 tháng {'đầu' if deadline.month <= 6 else 'cuối'} năm {deadline.year}"
    return f"năm {deadline.year}"


def _title(template: str, place: str, deadline: dt.date, rng: random.Random) -> str:
    return template.format(
        place=place,
        policy=rng.choice(POLICIES),
        event=rng.choice(EVENTS),
        issue=rng.choice(ISSUES),
        project=rng.choice(PROJECTS),
        meeting=rng.choice(MEETINGS),
        period=_period(deadline, rng),
    )


def _tasks(p: Province, year: int, today: dt.date, rng: random.Random, count: int):
    """`count` tasks of the province, each as (Task, lead, owner, partners, assignee user id or None)."""
    place = _place(p.unit)
    province_bodies = [
        Body(o.id, o.unit_path, place, p.members.get(o.id, []), PROVINCE_LEAD_WEIGHTS[o.type.code]) for o in p.bodies
    ]
    province_weights = [b.weight for b in province_bodies]
    council = [b for b, o in zip(province_bodies, p.bodies, strict=True) if o.type.code in ("thuong-truc-hdnd", "ubnd")]
    owner = Body(p.btg.id, p.btg.unit_path, place)
    days = {y: (dt.date(y, 12, 31) - dt.date(y, 1, 1)).days for y in p.plans}
    folded: dict[str, str] = {}
    out = []
    for _ in range(count):
        if rng.random() < PROVINCE_SHARE or not p.communes:
            lead = rng.choices(province_bodies, province_weights)[0]
            candidates = [b for b in province_bodies if b.id != lead.id]
        else:
            commune = rng.choice(p.communes)
            lead = rng.choices(commune, [b.weight for b in commune])[0]
            candidates = [b for b in commune if b.id != lead.id] + council
        partners = rng.sample(candidates, rng.choices([0, 1, 2], [30, 45, 25])[0])
        assignee = None
        if lead.members and rng.random() < 0.55:
            # the first member of a body gets most of its assignments: some officers are busy
            assignee = rng.choices(lead.members, [4] + [1] * (len(lead.members) - 1))[0]
        y = rng.choice(list(p.plans))
        deadline = dt.date(y, 1, 1) + dt.timedelta(days=rng.randint(0, days[y]))
        status = rng.choices(STATUSES, PAST_WEIGHTS if deadline < today else FUTURE_WEIGHTS)[0]
        percent = {
            TaskStatus.NOT_STARTED: 0,
            TaskStatus.IN_PROGRESS: rng.randrange(10, 100, 10),
            TaskStatus.SUBMITTED: 100,
            TaskStatus.DONE: 100,
            TaskStatus.CANCELLED: rng.randrange(0, 60, 10),
        }[status]
        number, template = rng.choice(TITLES)
        title = _title(template, lead.place, deadline, rng)
        if title not in folded:
            folded[title] = fold(title)
        task = Task(
            plan=p.plans[y],
            content_id=p.contents[number],
            title=title,
            lead_id=lead.id,
            owner_id=owner.id,
            kind=TaskKind.ADHOC if rng.random() < 0.1 else TaskKind.REGULAR,
            deadline=deadline,
            expected_output=rng.choice(OUTPUTS),
            status=status,
            percent=percent,
            completed_on=min(today, deadline + dt.timedelta(days=rng.randint(-20, 10)))
            if status == TaskStatus.DONE
            else None,
            search_key=folded[title],
        )
        out.append((task, lead, owner, partners, assignee))
    return out


@contextmanager
def _gin_indexes_deferred(table: str):
    """On PostgreSQL, drop `table`'s GIN indexes for a bulk load and build them again afterwards from their own
    definitions (in the same transaction). The trigram index is made with fastupdate off, so every inserted
    row would update it on the spot: building it once is several times faster than 150,000 updates."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cur:
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s "
            "AND indexdef LIKE '%% USING gin %%'",
            [table],
        )
        indexes = cur.fetchall()
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cur:
        # the foreign keys are checked at commit; an index cannot be built while those checks are pending
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for _, definition in indexes:
            cur.execute(definition)
        cur.execute("SET CONSTRAINTS ALL DEFERRED")


@transaction.atomic
def generate(scale: str, seed: int = 2026) -> dict[str, int]:
    """Programs, plans and tasks for every province the "orgs" layer made (so `scale` needs no reading here);
    return how many rows of each kind were written."""
    rng = random.Random(seed)
    today = timezone.localdate()
    year = today.year
    basis = _legal_basis()
    provinces = _provinces()
    rows = []
    for p in provinces:
        _program(p, basis, year, rng)
        rows += _tasks(p, year, today, rng, TASKS_PER_PROVINCE)
    with _gin_indexes_deferred(Task._meta.db_table):
        Task.objects.bulk_create([r[0] for r in rows], batch_size=BATCH)
    partners, assignees, parties = [], [], []
    PartnerLink, AssigneeLink = Task.partners.through, Task.assignees.through
    for task, lead, owner, partner_bodies, assignee in rows:
        # as services._sync_parties: lead, owner, then partners, each with its organisation's unit path
        parties.append(
            TaskParty(task_id=task.pk, organization_id=lead.id, role=TaskParty.Role.LEAD, unit_path=lead.unit_path)
        )
        parties.append(
            TaskParty(task_id=task.pk, organization_id=owner.id, role=TaskParty.Role.OWNER, unit_path=owner.unit_path)
        )
        for b in partner_bodies:
            partners.append(PartnerLink(task_id=task.pk, organization_id=b.id))
            parties.append(
                TaskParty(task_id=task.pk, organization_id=b.id, role=TaskParty.Role.PARTNER, unit_path=b.unit_path)
            )
        if assignee is not None:
            assignees.append(AssigneeLink(task_id=task.pk, user_id=assignee))
    PartnerLink.objects.bulk_create(partners, batch_size=BATCH * 5)
    AssigneeLink.objects.bulk_create(assignees, batch_size=BATCH * 5)
    TaskParty.objects.bulk_create(parties, batch_size=BATCH * 5)
    return {
        "programs": len(provinces),
        "plans": sum(len(p.plans) for p in provinces),
        "tasks": len(rows),
        "task partners": len(partners),
        "task assignees": len(assignees),
        "task parties": len(parties),
    }
