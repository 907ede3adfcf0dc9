"""Demo meetings: the signing conference of seed 002 (Phú Bình, 23/6/2022), the review conference of seed
000 (Đại Từ, 6/1/2023) with its conclusions turned into 2023 tasks, the working session of seed 003 (Thọ
Xuân, 31/01/2023) with its conclusions, and two coming meetings in Khánh Hòa — a quarterly briefing of the
propaganda department with the HĐND, and the HĐND's year-end session with its communication proposals.
Idempotent (a meeting with the same organiser and title is skipped). See docs/demo-data.md.

Organisations without a demo account act as themselves, as in concerns.demo."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from phoihop.core.demo import demo_acting
from phoihop.meetings import services
from phoihop.meetings.models import Meeting
from phoihop.orgs.models import Organization
from phoihop.programs.models import Program

TZ = timezone.get_current_timezone()


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


def _org(name: str) -> Organization:
    return Organization.objects.select_related("type", "unit").get(name=name)


def _meeting(organiser, invited, *, held, attendees=None, minutes="", secretary="", conclusions=(), **data):
    if Meeting.objects.filter(organization=organiser, title=data["title"]).exists():
        return None
    acting = demo_acting(organiser)
    data.setdefault("program", None)
    data.setdefault("plan", None)
    m = services.meeting_create(acting=acting, data=data, organizations=[o.pk for o in invited])
    if held:
        invitations = {i.organization_id: i for i in m.invitations.all()}
        for inv in invitations.values():
            services.invitation_answer(acting=demo_acting(inv.organization), meeting=m, answer="attend")
        # recorded afterwards: the meeting's day has passed
        services.attendance_record(
            acting=acting,
            meeting=m,
            rows={inv.pk: (True, (attendees or {}).get(org_id, "")) for org_id, inv in invitations.items()},
        )
        if minutes:
            services.minutes_save(acting=acting, meeting=m, minutes=minutes, secretary=secretary)
        services.meeting_transition(acting=acting, meeting=m, action="hold")
    for text, lead, deadline, to_task in conclusions:
        c = services.conclusion_add(acting=acting, meeting=m, data={"text": text, "lead": lead, "deadline": deadline})
        if to_task:
            services.conclusion_to_task(acting=acting, conclusion=c)
    return m


@transaction.atomic
def demo_meetings_load() -> int:
    made = 0
    # seed 002: Phú Bình signs its five-party program
    pb = _org("Ban Tuyên giáo Huyện ủy Phú Bình")
    pb_parties = [
        _org(n)
        for n in (
            "Thường trực Hội đồng nhân dân huyện Phú Bình",
            "Ủy ban nhân dân huyện Phú Bình",
            "Tòa án nhân dân huyện Phú Bình",
            "Viện kiểm sát nhân dân huyện Phú Bình",
        )
    ]
    made += bool(
        _meeting(
            pb,
            pb_parties,
            held=True,
            kind="signing",
            title="Hội nghị ký kết Chương trình phối hợp công tác thực hiện Quyết định số 238-QĐ/TW giai đoạn 2022 - 2026",
            starts_at=_at(dt.date(2022, 6, 23), 8),
            ends_at=_at(dt.date(2022, 6, 23), 11),
            place="Hội trường Huyện ủy Phú Bình",
            chair="Trưởng ban Tuyên giáo Huyện ủy Phú Bình",
            program=Program.objects.filter(lead=pb).first(),
            attendees={pb_parties[1].pk: "Nguyễn Thị Loan, Chủ tịch UBND huyện"},
            minutes="Các bên thông qua dự thảo Chương trình phối hợp giai đoạn 2022 - 2026 gồm các nội dung phối hợp đã thống nhất; "
            "đại diện lãnh đạo năm cơ quan ký kết chương trình.",
            secretary="Chuyên viên Ban Tuyên giáo Huyện ủy",
        )
    )
    # seed 000: Đại Từ reviews 2022 and sets the tasks of 2023
    dt_btg, dt_ubnd = _org("Ban Tuyên giáo Huyện ủy Đại Từ"), _org("Ủy ban nhân dân huyện Đại Từ")
    dt_ttct = _org("Trung tâm Bồi dưỡng chính trị huyện Đại Từ")
    made += bool(
        _meeting(
            dt_btg,
            [dt_ubnd, dt_ttct],
            held=True,
            kind="review",
            title="Hội nghị đánh giá kết quả thực hiện Quyết định 238-QĐ/TW năm 2022, triển khai nhiệm vụ năm 2023",
            starts_at=_at(dt.date(2023, 1, 6), 8),
            ends_at=_at(dt.date(2023, 1, 6), 11, 30),
            place="Hội trường Trung tâm Bồi dưỡng chính trị huyện Đại Từ",
            chair="Vũ Quang Vinh, Ủy viên Ban Thường vụ Huyện ủy, Trưởng ban Tuyên giáo Huyện ủy",
            attendees={dt_ubnd.pk: "Nguyễn Thị Bích Hường, Phó Bí thư Huyện ủy, Chủ tịch UBND huyện"},
            minutes="Hội nghị đánh giá kết quả phối hợp năm 2022: công tác tuyên truyền được mở rộng trên các lĩnh vực; các vụ việc phức tạp, "
            "nổi cộm trên địa bàn cơ bản được phản ánh đầy đủ, khách quan. Các đại biểu thảo luận, xác định nội dung phối hợp trọng tâm năm 2023.",
            secretary="Chuyên viên Ban Tuyên giáo Huyện ủy",
            conclusions=[
                (
                    "Tiếp tục tập trung thực hiện tốt công tác phối hợp thực hiện Quyết định 238-QĐ/TW của Ban Bí thư",
                    dt_btg,
                    dt.date(2023, 12, 31),
                    True,
                ),
                (
                    "Đẩy mạnh công tác tuyên truyền, bảo đảm sự đồng thuận cao trong thực hiện các nội dung phối hợp",
                    dt_ubnd,
                    dt.date(2023, 6, 30),
                    True,
                ),
                (
                    "Đưa công tác phối hợp đi vào nền nếp, sơ kết 6 tháng và tổng kết năm 2023",
                    dt_btg,
                    dt.date(2023, 12, 15),
                    True,
                ),
            ],
        )
    )
    # seed 003: Thọ Xuân's working session on the propaganda tasks of 2023
    hu_tx = _org("Ban Thường vụ Huyện ủy Thọ Xuân")
    tx = {
        k: _org(n)
        for k, n in {
            "btg": "Ban Tuyên giáo Huyện ủy Thọ Xuân",
            "ubnd": "Ủy ban nhân dân huyện Thọ Xuân",
            "ttct": "Trung tâm Chính trị huyện Thọ Xuân",
            "vhtt": "Phòng Văn hóa và Thông tin huyện Thọ Xuân",
            "gddt": "Phòng Giáo dục và Đào tạo huyện Thọ Xuân",
            "tckh": "Phòng Tài chính - Kế hoạch huyện Thọ Xuân",
            "vhttdl": "Trung tâm Văn hóa, Thông tin - Thể thao và Du lịch huyện Thọ Xuân",
        }.items()
    }
    made += bool(
        _meeting(
            hu_tx,
            list(tx.values()),
            held=True,
            kind="working",
            title="Buổi làm việc với Ban Tuyên giáo Huyện ủy và các đơn vị liên quan triển khai nhiệm vụ trọng tâm công tác tuyên giáo năm 2023",
            starts_at=_at(dt.date(2023, 1, 31), 14),
            ends_at=_at(dt.date(2023, 1, 31), 17),
            place="Phòng họp Huyện ủy Thọ Xuân",
            chair="Lê Đình Hải, Ủy viên BCH Đảng bộ tỉnh, Bí thư Huyện ủy, Chủ tịch HĐND huyện",
            minutes="Các đại biểu thảo luận, phân tích thuận lợi, khó khăn và bàn giải pháp nâng cao chất lượng, hiệu quả công tác tuyên giáo năm 2023.",
            secretary="Văn phòng Huyện ủy",
            conclusions=[
                (
                    "Tham mưu triển khai hiệu quả Kết luận số 01-KL/TW của Bộ Chính trị về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; chuẩn bị sơ kết 2 năm",
                    tx["btg"],
                    dt.date(2023, 6, 30),
                    False,
                ),
                (
                    "Tham mưu tổ chức đợt sinh hoạt chính trị sâu rộng năm 2023 về Nghị quyết số 28-NQ/TW gắn với Kết luận số 21-KL/TW",
                    tx["btg"],
                    dt.date(2023, 3, 31),
                    False,
                ),
                (
                    "Xây dựng chương trình bồi dưỡng, cập nhật kiến thức, lý luận chính trị cho cán bộ, đảng viên",
                    tx["ttct"],
                    dt.date(2023, 4, 30),
                    False,
                ),
                (
                    "Triển khai hiệu quả Quyết định số 238-QĐ/TW về phối hợp giữa Ban Tuyên giáo với cơ quan nhà nước cùng cấp",
                    tx["ubnd"],
                    dt.date(2023, 12, 31),
                    False,
                ),
            ],
        )
    )
    # coming meetings in Khánh Hòa: demo accounts see invitations, a feed, proposals
    today = timezone.localdate()
    btg, hdnd = _org("Ban Tuyên giáo Tỉnh ủy Khánh Hòa"), _org("Thường trực Hội đồng nhân dân tỉnh Khánh Hòa")
    program = Program.objects.filter(lead=btg).first()
    plan = program.plans.filter(year=today.year).first() if program else None
    quarter = (today.month - 1) // 3 + 1
    made += bool(
        _meeting(
            btg,
            [hdnd],
            held=False,
            kind="briefing",
            title=f"Giao ban công tác phối hợp quý {['I', 'II', 'III', 'IV'][quarter - 1]}/{today.year} giữa Ban Tuyên giáo Tỉnh ủy và Thường trực HĐND tỉnh",
            starts_at=_at(today + dt.timedelta(days=5), 8),
            ends_at=_at(today + dt.timedelta(days=5), 11),
            place="Phòng họp Ban Tuyên giáo Tỉnh ủy, Nha Trang",
            chair="Lê Hữu Thọ, Trưởng ban Tuyên giáo Tỉnh ủy",
            agenda="1. Kết quả thực hiện kế hoạch phối hợp quý.\n2. Tình hình dư luận xã hội, vấn đề nổi cộm trên địa bàn.\n3. Thống nhất nội dung phối hợp quý tới.",
            program=program,
            plan=plan,
        )
    )
    made += bool(
        _meeting(
            hdnd,
            [btg],
            held=False,
            kind="hdnd_session",
            title=f"Kỳ họp thường lệ cuối năm {today.year} HĐND tỉnh Khánh Hòa khóa VII",
            starts_at=_at(today + dt.timedelta(days=12), 8),
            ends_at=_at(today + dt.timedelta(days=14), 17),
            place="Hội trường Trung tâm Hội nghị tỉnh",
            chair="Nguyễn Khắc Toàn, Chủ tịch HĐND tỉnh",
            agenda="Xem xét báo cáo kinh tế - xã hội năm, dự toán ngân sách năm sau; chất vấn và trả lời chất vấn; thông qua các nghị quyết.",
        )
    )
    return made
