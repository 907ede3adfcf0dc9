"""Demo commendations and good models (docs/demo-data.md): Khánh Hòa's propaganda department proposes the
HĐND's standing committee and one of its officers at the 2022-2024 interim review of program 001 (awarded),
and a ward for 2025 (still waiting for the leader); Phú Bình's department proposes the district People's
Committee for 2022 (giấy khen, January 2023). Five good models — invented, realistic practices — three of
them followed by other organisations. Idempotent: a proposal with the same proposer, nominee and period,
a model with the same title are skipped. Everything goes through the services."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from phoihop.accounts.acting import Acting
from phoihop.accounts.models import Membership, Role
from phoihop.commendations import services
from phoihop.commendations.models import Commendation, GoodModel
from phoihop.core.demo import demo_acting
from phoihop.geo.models import AdminUnit
from phoihop.orgs.models import Organization
from phoihop.programs.models import Program


def _org(name: str) -> Organization:
    return Organization.objects.select_related("type", "unit").get(name=name)


def _as(org: Organization, role: str) -> Acting:
    """A demo member of `org` in `role`, else the organisation acting as itself in that role."""
    acting = demo_acting(org, roles=(role,))
    if acting.role == role:
        return acting
    membership = Membership(organization=org, role=role)
    return Acting(None, membership=membership, memberships=[membership])


def _at(day: dt.date, hour: int = 9):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _proposal(proposer, data, *, submitted=None, approved=None, award=None) -> int:
    nominee = data["nominee_org"]
    if Commendation.objects.filter(
        proposer=proposer,
        nominee_org=nominee,
        full_name=data.get("full_name", ""),
        year_from=data["year_from"],
        year_to=data.get("year_to") or data["year_from"],
    ).exists():
        return 0
    officer, leader = _as(proposer, Role.OFFICER), _as(proposer, Role.LEADER)
    c = services.commendation_create(acting=officer, data=data)
    if submitted:
        c = services.commendation_transition(acting=officer, commendation=c, action="submit")
        Commendation.objects.filter(pk=c.pk).update(submitted_at=_at(submitted))
    if approved:
        c = services.commendation_transition(acting=leader, commendation=c, action="approve")
        Commendation.objects.filter(pk=c.pk).update(decided_at=_at(approved, 15))
    if award:
        services.commendation_award(acting=officer, commendation=c, data=award)
    return 1


def _model(recorder, data, *, publish=True, adopted_by=()) -> int:
    if GoodModel.objects.filter(title=data["title"]).exists():
        return 0
    acting = demo_acting(recorder)
    m = services.model_create(acting=acting, data=data)
    if publish:
        m = services.model_publish(acting=acting, good_model=m)
        for org, day, note in adopted_by:
            services.model_adopt(acting=demo_acting(org), good_model=m, note=note, adopted_on=day)
    return 1


@transaction.atomic
def demo_commendations_load() -> int:
    made = 0
    btg_kh, hdnd_kh = _org("Ban Tuyên giáo Tỉnh ủy Khánh Hòa"), _org("Thường trực Hội đồng nhân dân tỉnh Khánh Hòa")
    p001 = Program.objects.filter(lead=btg_kh).order_by("pk").first()
    review = "Sơ kết 3 năm thực hiện Chương trình phối hợp giai đoạn 2022 - 2026"
    made += _proposal(
        btg_kh,
        {
            "kind": "collective",
            "nominee_org": hdnd_kh,
            "achievements": "Phối hợp chặt chẽ trong cung cấp thông tin về hoạt động giám sát, kết quả các kỳ họp HĐND tỉnh; "
            "chủ động cung cấp thông tin cho báo chí trước mỗi kỳ họp; tổ chức 12 cuộc giao ban định kỳ với Ban Tuyên giáo "
            "Tỉnh ủy; kiến nghị cử tri sau tiếp xúc được chuyển đến cơ quan có thẩm quyền và thông tin lại đầy đủ.",
            "year_from": 2022,
            "year_to": 2024,
            "occasion": review,
            "proposed_form": "bang-khen-tinh",
            "program": p001,
        },
        submitted=dt.date(2024, 12, 20),
        approved=dt.date(2024, 12, 23),
        award={
            "award_form": "bang-khen-tinh",
            "decision_number": "Quyết định số 125-QĐ/TU",
            "decision_date": dt.date(2025, 1, 15),
            "awarding_authority": "Ban Thường vụ Tỉnh ủy Khánh Hòa",
        },
    )
    made += _proposal(
        btg_kh,
        {
            "kind": "individual",
            "nominee_org": btg_kh,
            "full_name": "Nguyễn Thị Minh Hạnh",
            "job_title": "Chuyên viên Phòng Tuyên truyền, Ban Tuyên giáo Tỉnh ủy",
            "achievements": "Đầu mối theo dõi Chương trình phối hợp; tổng hợp đúng hạn các báo cáo định kỳ hằng tháng; "
            "tham mưu xây dựng quy trình cung cấp thông tin nhanh theo vụ việc giữa hai cơ quan.",
            "year_from": 2022,
            "year_to": 2024,
            "occasion": review,
            "proposed_form": "giay-khen",
            "program": p001,
        },
        submitted=dt.date(2024, 12, 20),
        approved=dt.date(2024, 12, 23),
        award={
            "award_form": "giay-khen",
            "decision_number": "Quyết định số 210-QĐ/BTGTU",
            "decision_date": dt.date(2025, 1, 20),
            "awarding_authority": "Ban Tuyên giáo Tỉnh ủy Khánh Hòa",
        },
    )
    year = timezone.localdate().year
    made += _proposal(
        btg_kh,
        {
            "kind": "collective",
            "nominee_org": _org("Ủy ban nhân dân phường Ninh Hòa"),
            "achievements": "Duy trì kênh tiếp nhận ý kiến cử tri qua nhóm Zalo của phường; trả lời 100% phản ánh trong thời hạn; "
            "phối hợp cung cấp thông tin về sắp xếp đơn vị hành chính cho Nhân dân kịp thời, chính xác.",
            "year_from": year - 1,
            "year_to": year - 1,
            "occasion": f"Tổng kết công tác phối hợp năm {year - 1}",
            "proposed_form": "giay-khen",
        },
        submitted=timezone.localdate() - dt.timedelta(days=3),
    )
    btg_pb, ubnd_pb = _org("Ban Tuyên giáo Huyện ủy Phú Bình"), _org("Ủy ban nhân dân huyện Phú Bình")
    made += _proposal(
        btg_pb,
        {
            "kind": "collective",
            "nominee_org": ubnd_pb,
            "achievements": "Phối hợp tổ chức hội nghị ký kết Chương trình phối hợp giai đoạn 2022 - 2026; cung cấp thông tin "
            "định kỳ hằng tháng đầy đủ, đúng hạn; chủ động thông tin về công tác giải phóng mặt bằng các dự án trọng điểm.",
            "year_from": 2022,
            "year_to": 2022,
            "occasion": "Tổng kết công tác phối hợp năm 2022",
            "proposed_form": "giay-khen",
            "program": Program.objects.filter(lead=btg_pb).order_by("pk").first(),
        },
        submitted=dt.date(2022, 12, 26),
        approved=dt.date(2022, 12, 28),
        award={
            "award_form": "giay-khen",
            "decision_number": "Quyết định số 318-QĐ/HU",
            "decision_date": dt.date(2023, 1, 10),
            "awarding_authority": "Ban Thường vụ Huyện ủy Phú Bình",
        },
    )

    # good models
    ward = _org("Ủy ban nhân dân phường Ninh Hòa")
    ward_unit = AdminUnit.objects.filter(generation=AdminUnit.Generation.CURRENT, code="22528").first()
    made += _model(
        btg_kh,
        {
            "title": "Dân vận khéo: nhóm Zalo “Cử tri phường” tiếp nhận, trả lời ý kiến cử tri",
            "unit": ward,
            "topic": "tiep-xuc-cu-tri",
            "area": ward_unit,
            "started_on": dt.date(2023, 3, 1),
            "description": "Mỗi tổ dân phố có một nhóm Zalo do tổ trưởng và cán bộ phường quản trị. Ý kiến, kiến nghị của cử tri "
            "được ghi vào sổ theo dõi, chuyển bộ phận chuyên môn trong ngày làm việc; kết quả giải quyết được đăng lại trong nhóm. "
            "Nội quy nhóm nêu rõ không đăng thông tin cá nhân của người khác.",
            "results": "Sau hai năm, hơn 90% kiến nghị được trả lời trong 7 ngày làm việc; số đơn thư vượt cấp giảm rõ rệt.",
        },
        adopted_by=[
            (
                _org("Ủy ban nhân dân thị xã Ninh Hòa"),
                dt.date(2024, 6, 1),
                "Nhân rộng ở các xã, phường trên địa bàn thị xã.",
            ),
            (
                _org("Ban Tuyên giáo Huyện ủy Phú Bình"),
                dt.date(2024, 9, 15),
                "Áp dụng cho các nhóm cử tri ở khu dân cư.",
            ),
        ],
    )
    made += _model(
        btg_kh,
        {
            "title": "Họp báo liên ngành định kỳ hằng tháng cung cấp thông tin cho báo chí",
            "unit": btg_kh,
            "topic": "cung-cap-thong-tin",
            "started_on": dt.date(2022, 5, 5),
            "program": p001,
            "description": "Ban Tuyên giáo Tỉnh ủy chủ trì, Thường trực HĐND tỉnh và các sở, ngành cùng dự; mỗi cơ quan cung cấp "
            "thông tin về vấn đề dư luận quan tâm trong tháng và trả lời câu hỏi của phóng viên; nội dung thống nhất trước tại giao ban.",
            "results": "Thông tin chính thống được đăng tải sớm; các vấn đề nổi cộm được định hướng kịp thời.",
        },
        adopted_by=[(_org("Ban Tuyên giáo Tỉnh ủy Thái Nguyên"), dt.date(2023, 2, 1), "Tổ chức họp báo hằng quý.")],
    )
    made += _model(
        ubnd_pb,
        {
            "title": "“Ngày thứ Bảy lắng nghe”: lãnh đạo huyện tiếp công dân, đối thoại tại cơ sở",
            "topic": "tiep-xuc-cu-tri",
            "started_on": dt.date(2022, 8, 6),
            "description": "Thứ Bảy tuần đầu tiên của tháng, lãnh đạo UBND huyện cùng Ban Tuyên giáo Huyện ủy đến một xã tiếp công dân, "
            "đối thoại trực tiếp; các kiến nghị được giao cơ quan chủ trì và thời hạn ngay tại buổi đối thoại.",
            "results": "Nhiều vụ việc tồn đọng về đất đai được giải quyết dứt điểm; người dân đồng thuận với các dự án.",
        },
        adopted_by=[(btg_pb, dt.date(2023, 1, 7), "Phối hợp chuẩn bị nội dung tuyên truyền trước mỗi buổi đối thoại.")],
    )
    made += _model(
        _org("Ban Tuyên giáo Huyện ủy Đại Từ"),
        {
            "title": "Tổ cộng tác viên dư luận xã hội ở khu dân cư báo cáo nhanh qua điện thoại",
            "topic": "nam-bat-du-luan",
            "started_on": dt.date(2023, 2, 1),
            "description": "Mỗi xã có một tổ cộng tác viên gồm bí thư chi bộ, trưởng xóm, chi hội trưởng đoàn thể; khi có sự việc "
            "phức tạp, tổ báo cáo nhanh tình hình dư luận (chủ đề, tâm trạng, không ghi tên người) cho Ban Tuyên giáo trong ngày.",
        },
    )
    made += _model(
        hdnd_kh,
        {
            "title": "Bản tin “Chính quyền trả lời cử tri” sau mỗi kỳ họp",
            "topic": "tuyen-truyen",
            "description": "Tổng hợp trả lời của các cơ quan đối với kiến nghị cử tri, phát hành sau mỗi kỳ họp trên trang thông tin "
            "điện tử của HĐND tỉnh và gửi các tổ đại biểu.",
        },
        publish=False,
    )
    return made
