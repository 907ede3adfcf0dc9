"""Demo programs from the source articles (seeds 001, 002, 004), the Khánh Hòa plans and their tasks.

Called by core.demo.demo_load; idempotent (a program is looked up by lead and title). Signing dates the
articles do not give are illustrative; see docs/demo-data.md.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from phoihop.accounts.acting import resolve_acting
from phoihop.accounts.models import User
from phoihop.orgs.models import Organization
from phoihop.plans import services as plan_services
from phoihop.plans.models import Recurrence, TaskKind
from phoihop.programs import services
from phoihop.programs.models import LegalDocument, PartyRole, Program
from phoihop.programs.services import PartyInput

LEGAL = [
    (
        "Quyết định",
        "238-QĐ/TW",
        dt.date(2020, 9, 30),
        "Ban Bí thư Trung ương Đảng (khóa XII)",
        "về việc ban hành Quy chế phối hợp giữa ban tuyên giáo các cấp với cơ quan quản lý nhà nước cùng cấp trong việc thực thi "
        "pháp luật, triển khai kế hoạch phát triển kinh tế - xã hội, giải quyết các vấn đề nổi cộm, Nhân dân quan tâm",
    ),
    (
        "Công văn",
        "282-CV/TU",
        dt.date(2021, 4, 5),
        "Ban Thường vụ Tỉnh ủy Khánh Hòa",
        "về việc quán triệt và tổ chức thực hiện Quy chế 238 của Ban Bí thư khóa XII",
    ),
]

KH_CONTENTS = [
    "Chỉ đạo, hướng dẫn tuyên truyền nội dung và kết quả thực hiện chủ trương, đường lối của Đảng, chính sách pháp luật của Nhà nước; "
    "các nghị quyết, chương trình, kế hoạch, chính sách của HĐND tỉnh về phát triển kinh tế - xã hội.",
    "Phối hợp chỉ đạo định hướng thông tin, tuyên truyền về hoạt động của HĐND tỉnh như các Kỳ họp HĐND tỉnh (trước, trong và sau kỳ họp); "
    "phiên họp của Thường trực HĐND tỉnh; các hội nghị tiếp xúc cử tri của đại biểu HĐND tỉnh; chất vấn và trả lời chất vấn, kết quả "
    "giải quyết ý kiến, kiến nghị của cử tri; hoạt động giám sát của HĐND và các ban của HĐND tỉnh.",
    "Tuyên truyền về công tác bầu cử đại biểu Quốc hội và HĐND các cấp đầu nhiệm kỳ; những sự kiện lớn của đất nước, của tỉnh có liên quan "
    "đến chức năng, nhiệm vụ của hai cơ quan.",
    "Phối hợp nắm bắt dư luận xã hội và tham mưu, đề xuất hướng giải quyết những vấn đề bức xúc, nổi cộm thông qua hội nghị tiếp xúc cử tri, "
    "tiếp công dân, giải quyết đơn thư khiếu nại, tố cáo liên quan đến thẩm quyền, chức năng, nhiệm vụ của HĐND tỉnh.",
    "Phối hợp, tham mưu Thường trực Tỉnh ủy giải pháp công tác tư tưởng khi triển khai các dự án, đề án, chương trình phát triển kinh tế - "
    "xã hội trọng điểm của tỉnh tác động trực tiếp đến tình hình tư tưởng, đời sống của đông đảo Nhân dân.",
    "Đấu tranh phản bác các quan điểm sai trái, thù địch, thông tin giả, xuyên tạc, sai sự thật, ngăn cản việc thực thi pháp luật và phát "
    "triển kinh tế - xã hội.",
]

PB_CONTENTS = [
    "Định hướng, hướng dẫn tuyên truyền việc thực hiện chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước và địa phương.",
    "Tuyên truyền kế hoạch phát triển kinh tế - xã hội của huyện, mục tiêu xây dựng huyện nông thôn mới và phấn đấu trở thành thị xã.",
    "Phát hiện, nhân rộng và kịp thời khen thưởng những tập thể, cá nhân có thành tích xuất sắc trong thực thi pháp luật và triển khai "
    "kế hoạch phát triển kinh tế - xã hội.",
    "Tham mưu cho cấp ủy chỉ đạo giải quyết các vấn đề bức xúc của Nhân dân, phòng ngừa xảy ra điểm nóng, bảo đảm an ninh trật tự.",
]

NH_CONTENTS = [
    "Phối hợp trên lĩnh vực tuyên giáo, khoa giáo; tham mưu Ban Chấp hành Đảng bộ, Thường trực Thị ủy sơ kết, tổng kết các chỉ thị, "
    "nghị quyết liên quan đến công tác tuyên giáo.",
    "Cung cấp thông tin nhanh, chính xác theo vụ việc và định kỳ hàng tháng.",
    "Phát huy vai trò của đội ngũ báo cáo viên, cộng tác viên dư luận xã hội, nắm bắt kịp thời tình hình tư tưởng của các tầng lớp nhân dân.",
    "Phối hợp cung cấp thông tin giúp các cơ quan chức năng giải quyết các vấn đề bức xúc trong nhân dân, tuyên truyền trước, trong và "
    "sau khi triển khai công tác giải phóng mặt bằng, giải quyết khiếu nại, tố cáo.",
]


def _legal_bases() -> list[LegalDocument]:
    from phoihop.core.text import fold

    docs = []
    for kind, number, day, issuer, title in LEGAL:
        doc, _ = LegalDocument.objects.get_or_create(
            number_symbol=number,
            issued_on=day,
            defaults={
                "kind": kind,
                "issuer": issuer,
                "title": title,
                "search_key": fold(f"{number} {kind} {issuer} {title}"),
            },
        )
        docs.append(doc)
    return docs


def _program(
    lead, title, period, parties, contents, bases, purpose, signed_on, place, meeting, **texts
) -> tuple[Program, bool]:
    existing = Program.objects.filter(lead=lead, title=title).first()
    if existing:
        return existing, False
    program = services.program_create(
        acting=None,
        lead=lead,
        title=title,
        period_start=period[0],
        period_end=period[1],
        parties=parties,
        contents=contents,
        legal_bases=bases,
        purpose=purpose,
        **texts,
    )
    services.program_transition(
        acting=None, program=program, action="sign", signed_on=signed_on, signed_place=place, signing_meeting=meeting
    )
    program.refresh_from_db()
    return program, True


def demo_programs_load(orgs: dict[str, Organization]) -> int:
    bases = _legal_bases()
    created = 0
    common = {
        "info_regime": "Định kỳ hàng tháng và khi có vụ việc phát sinh, các bên cung cấp thông tin cho nhau qua hệ thống PhốiHợp và văn bản.",
        "briefing_frequency": "Giao ban 6 tháng một lần; sơ kết hằng năm; tổng kết cuối giai đoạn.",
    }
    kh, made = _program(
        orgs["btg-kh"],
        "Chương trình phối hợp công tác trong triển khai Quyết định 238-QĐ/TW, ngày 30/9/2020 của Ban Bí thư (khóa XII), giai đoạn 2022 - 2026",
        (2022, 2026),
        [
            PartyInput(
                orgs["btg-kh"],
                PartyRole.LEAD,
                "Lê Hữu Thọ",
                "Trưởng ban",
                "T/M BAN THƯỜNG VỤ TỈNH ỦY",
                "Chủ trì, theo dõi, đôn đốc; định hướng thông tin, tuyên truyền; tổng hợp dư luận xã hội.",
            ),
            PartyInput(
                orgs["hdnd-kh"],
                PartyRole.PARTNER,
                "Nguyễn Khắc Toàn",
                "Chủ tịch",
                "TM. THƯỜNG TRỰC HĐND",
                "Cung cấp thông tin về hoạt động của HĐND tỉnh; chủ động đề xuất nội dung phối hợp trước, trong và sau các kỳ họp.",
            ),
        ],
        KH_CONTENTS,
        bases,
        "Triển khai hiệu quả Quy chế 238; tạo sự thống nhất trong Đảng, đồng thuận trong xã hội đối với việc thực thi pháp luật, "
        "triển khai các nhiệm vụ phát triển kinh tế - xã hội của tỉnh.",
        dt.date(2022, 3, 15),
        "Nha Trang",
        "Hội nghị ký kết Chương trình phối hợp giữa Ban Tuyên giáo Tỉnh ủy và Thường trực HĐND tỉnh",
        **common,
    )
    created += made
    if made:
        _kh_plans(kh, orgs)
    _, made = _program(
        orgs["btg-pb"],
        "Chương trình phối hợp công tác thực hiện Quyết định số 238-QĐ/TW của Ban Bí thư Trung ương Đảng, giai đoạn 2022 - 2026",
        (2022, 2026),
        [
            PartyInput(orgs["btg-pb"], PartyRole.LEAD, "", "Trưởng ban", "T/M BAN THƯỜNG VỤ HUYỆN ỦY"),
            PartyInput(orgs["hdnd-pb"], PartyRole.PARTNER, "", "Chủ tịch", "TM. THƯỜNG TRỰC HĐND"),
            PartyInput(orgs["ubnd-pb"], PartyRole.PARTNER, "Nguyễn Thị Loan", "Chủ tịch", "TM. ỦY BAN NHÂN DÂN"),
            PartyInput(orgs["tand-pb"], PartyRole.PARTNER, "", "Chánh án"),
            PartyInput(orgs["vksnd-pb"], PartyRole.PARTNER, "", "Viện trưởng"),
        ],
        PB_CONTENTS,
        bases[:1],
        "Tạo sự thống nhất nhận thức và hành động trong cấp ủy đảng, chính quyền, các cơ quan liên quan để triển khai thực hiện tốt Quy chế.",
        dt.date(2022, 6, 23),
        "Phú Bình",
        "Hội nghị ký kết Chương trình phối hợp công tác Quyết định số 238-QĐ/TW (23/6/2022)",
        **common,
    )
    created += made
    _, made = _program(
        orgs["btg-ninhhoa"],
        "Chương trình phối hợp công tác giữa Ban Tuyên giáo Thị ủy và Ủy ban nhân dân thị xã, giai đoạn 2021 - 2026",
        (2021, 2026),
        [
            PartyInput(orgs["btg-ninhhoa"], PartyRole.LEAD, "", "Trưởng ban", "T/M BAN THƯỜNG VỤ THỊ ỦY"),
            PartyInput(orgs["ubnd-ninhhoa"], PartyRole.PARTNER, "Nguyễn Huy Khánh", "Chủ tịch", "TM. ỦY BAN NHÂN DÂN"),
        ],
        NH_CONTENTS,
        bases[:1],
        "Đưa các chủ trương, chính sách của Đảng và Nhà nước vào cuộc sống; phối hợp tuyên truyền trước, trong và sau khi triển khai công việc.",
        dt.date(2021, 1, 11),
        "Ninh Hòa",
        "Hội nghị tổng kết phối hợp năm 2020, triển khai chương trình giai đoạn 2021 - 2026",
        **common,
    )
    return created + made


def _kh_plans(program: Program, orgs: dict[str, Organization]) -> None:
    btg, hdnd = orgs["btg-kh"], orgs["hdnd-kh"]
    btg_user = User.objects.get(username="btg.khanhhoa")
    hdnd_user = User.objects.get(username="hdnd.khanhhoa")
    as_btg, as_hdnd = resolve_acting(btg_user, btg.pk), resolve_acting(hdnd_user, hdnd.pk)
    contents = {c.number: c for c in program.contents.all()}

    plan = plan_services.plan_create(acting=None, program=program, year=2022)
    plan_services.plan_transition(acting=None, plan=plan, action="circulate")
    plan_services.plan_respond(acting=as_hdnd, plan=plan, agree=True)
    plan_services.plan_transition(acting=None, plan=plan, action="issue", approved_on=dt.date(2022, 3, 15))
    tasks_2022 = [
        (
            1,
            "Hướng dẫn tuyên truyền Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XVIII và các nghị quyết của HĐND tỉnh",
            btg,
            [hdnd],
            dt.date(2022, 4, 30),
            "Hướng dẫn tuyên truyền",
            "done",
        ),
        (
            2,
            "Định hướng thông tin trước, trong và sau Kỳ họp thứ 5 HĐND tỉnh khóa VII",
            btg,
            [hdnd],
            dt.date(2022, 7, 20),
            "Định hướng thông tin, tin bài trên báo, đài",
            "done",
        ),
        (
            2,
            "Cung cấp thông tin về kết quả giải quyết ý kiến, kiến nghị cử tri sau tiếp xúc cử tri giữa năm",
            hdnd,
            [btg],
            dt.date(2022, 8, 31),
            "Báo cáo tổng hợp kiến nghị cử tri",
            "done",
        ),
        (
            2,
            "Phối hợp tuyên truyền phiên chất vấn và trả lời chất vấn tại kỳ họp cuối năm",
            hdnd,
            [btg],
            dt.date(2022, 12, 15),
            "Chuyên mục, tin bài",
            "done",
        ),
        (
            3,
            "Tuyên truyền kỷ niệm 370 năm hình thành và phát triển tỉnh Khánh Hòa",
            btg,
            [hdnd],
            dt.date(2022, 6, 30),
            "Đề cương tuyên truyền",
            "done",
        ),
        (
            4,
            "Tổng hợp dư luận xã hội qua các hội nghị tiếp xúc cử tri của đại biểu HĐND tỉnh",
            btg,
            [hdnd],
            dt.date(2022, 9, 30),
            "Báo cáo dư luận xã hội",
            "done",
        ),
        (
            4,
            "Phối hợp nắm tình hình khiếu nại về bồi thường, giải phóng mặt bằng dự án trọng điểm",
            hdnd,
            [btg],
            dt.date(2022, 11, 30),
            "Báo cáo, đề xuất",
            "late",
        ),
        (
            5,
            "Tham mưu giải pháp công tác tư tưởng khi triển khai dự án đường cao tốc qua địa bàn tỉnh",
            btg,
            [hdnd],
            dt.date(2022, 10, 31),
            "Báo cáo tham mưu",
            "done",
        ),
        (
            6,
            "Phản bác thông tin sai sự thật về chủ trương sáp nhập đơn vị hành chính cấp xã",
            btg,
            [hdnd],
            dt.date(2022, 12, 31),
            "Bài viết phản bác",
            "done",
        ),
        (
            6,
            "Tập huấn kỹ năng xử lý thông tin xấu độc trên mạng xã hội cho cán bộ Văn phòng HĐND",
            btg,
            [hdnd],
            dt.date(2022, 11, 15),
            "Lớp tập huấn",
            "cancelled",
        ),
        (
            1,
            "Sơ kết 6 tháng thực hiện Chương trình phối hợp",
            btg,
            [hdnd],
            dt.date(2022, 7, 31),
            "Báo cáo sơ kết",
            "done",
        ),
        (
            1,
            "Tổng kết năm 2022 thực hiện Chương trình phối hợp, xây dựng kế hoạch năm 2023",
            btg,
            [hdnd],
            dt.date(2022, 12, 31),
            "Báo cáo tổng kết, kế hoạch năm 2023",
            "done",
        ),
    ]
    for number, title, lead, partners, deadline, output, outcome in tasks_2022:
        task = plan_services.task_create(
            acting=None,
            plan=plan,
            title=title,
            lead=lead,
            partners=partners,
            content=contents[number],
            deadline=deadline,
            expected_output=output,
            notify_people=False,
        )
        doer = as_hdnd if lead == hdnd else as_btg
        if outcome == "cancelled":
            plan_services.task_transition(
                acting=None, task=task, action="cancel", reason="Chuyển sang kế hoạch năm 2023"
            )
            continue
        done_on = deadline + dt.timedelta(days=20 if outcome == "late" else -3)
        plan_services.progress_report_add(acting=doer, task=task, text="Đã triển khai theo kế hoạch.", percent=100)
        plan_services.task_transition(acting=doer, task=task, action="submit", on=done_on)
        plan_services.task_transition(acting=None, task=task, action="accept", on=done_on)

    # this year's plan: live work for "Việc cần làm"
    today = timezone.localdate()
    year = today.year if program.period_start <= today.year <= program.period_end else program.period_end
    current = plan_services.plan_create(acting=None, program=program, year=year)
    plan_services.plan_transition(acting=None, plan=current, action="circulate")
    plan_services.plan_respond(acting=as_hdnd, plan=current, agree=True)
    plan_services.plan_transition(acting=None, plan=current, action="issue", approved_on=dt.date(year, 1, 15))

    def in_year(days: int) -> dt.date:
        day = today + dt.timedelta(days=days)
        return min(max(day, dt.date(year, 1, 1)), dt.date(year, 12, 31))

    live = [
        (
            2,
            "Định hướng thông tin trước, trong và sau kỳ họp cuối năm của HĐND tỉnh",
            hdnd,
            [btg],
            in_year(3),
            "Kế hoạch tuyên truyền",
            "in_progress",
            [hdnd_user],
        ),
        (
            4,
            "Tổng hợp ý kiến, kiến nghị cử tri trước kỳ họp cuối năm",
            hdnd,
            [btg],
            in_year(-5),
            "Báo cáo tổng hợp",
            "not_started",
            [hdnd_user],
        ),
        (
            6,
            "Phản bác thông tin sai lệch về việc sắp xếp đơn vị hành chính sau hợp nhất tỉnh",
            btg,
            [hdnd],
            in_year(6),
            "Bài viết, định hướng dư luận",
            "in_progress",
            [btg_user],
        ),
        (
            3,
            "Tuyên truyền kết quả thực hiện chính quyền địa phương hai cấp",
            btg,
            [hdnd],
            in_year(20),
            "Chuyên đề tuyên truyền",
            "not_started",
            [btg_user],
        ),
        (
            1,
            "Cung cấp nghị quyết chuyên đề của HĐND tỉnh để xây dựng đề cương tuyên truyền",
            hdnd,
            [btg],
            in_year(-20),
            "Văn bản cung cấp thông tin",
            "submitted",
            [hdnd_user],
        ),
        (
            5,
            "Tham mưu giải pháp tư tưởng khi triển khai dự án khu tái định cư ven biển",
            btg,
            [hdnd],
            in_year(45),
            "Báo cáo tham mưu",
            "not_started",
            [],
        ),
    ]
    for number, title, lead, partners, deadline, output, state, people in live:
        task = plan_services.task_create(
            acting=None,
            plan=current,
            title=title,
            lead=lead,
            partners=partners,
            content=contents[number],
            deadline=deadline,
            expected_output=output,
            assignees=people,
            notify_people=False,
        )
        doer = as_hdnd if lead == hdnd else as_btg
        if state in ("in_progress", "submitted"):
            plan_services.progress_report_add(
                acting=doer, task=task, text="Đang triển khai, đã hoàn thành phần lớn nội dung.", percent=60
            )
        if state == "submitted":
            plan_services.task_transition(acting=doer, task=task, action="submit")
    series = plan_services.task_create(
        acting=None,
        plan=current,
        title="Cung cấp thông tin định kỳ về kết quả giải quyết kiến nghị cử tri",
        lead=hdnd,
        partners=[btg],
        content=contents[4],
        kind=TaskKind.REGULAR,
        recurrence=Recurrence.MONTHLY,
        due_day=25,
        expected_output="Văn bản cung cấp thông tin",
        assignees=[hdnd_user],
        notify_people=False,
    )
    # the months already past were supplied on time
    for occurrence in series.occurrences.filter(deadline__lt=today).order_by("deadline"):
        supplied = occurrence.deadline - dt.timedelta(days=2)
        plan_services.progress_report_add(
            acting=as_hdnd, task=occurrence, text="Đã gửi văn bản cung cấp thông tin.", percent=100
        )
        plan_services.task_transition(acting=as_hdnd, task=occurrence, action="submit", on=supplied)
        plan_services.task_transition(acting=None, task=occurrence, action="accept", on=supplied)
