"""Demo opinion reports: twenty collaborators (ten of Khánh Hòa's propaganda department over ten of its
communes and wards, ten of Phú Bình's over ten communes of the former district), each with a monthly
report for most of the last twelve months (some late, some missing), and two quick reports that opened
concerns. Idempotent: nothing is created when the collaborators exist. See docs/demo-data.md.

Monthly reports are written with bulk_create (their submission times spread before and after the due
day); the two quick reports go through the services, as a collaborator on a phone would send them.
"""

from __future__ import annotations

import datetime as dt
import random

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from phoihop.accounts import services as account_services
from phoihop.accounts.acting import resolve_acting
from phoihop.accounts.models import Role, User
from phoihop.geo.models import AdminUnit
from phoihop.opinions import services
from phoihop.opinions.models import Collaborator, OpinionItem, OpinionReport, OpinionTopic
from phoihop.orgs.models import Organization

NAMES = [
    "Trần Văn Hải",
    "Lê Thị Thu",
    "Phạm Minh Tâm",
    "Hoàng Văn Lợi",
    "Vũ Thị Hằng",
    "Đặng Quốc Việt",
    "Bùi Thị Nga",
    "Đỗ Văn Thành",
    "Ngô Thị Lành",
    "Dương Văn Phúc",
    "Lý Thị Hoa",
    "Nguyễn Đức Long",
    "Trịnh Thị Mai",
    "Phan Văn Đông",
    "Hà Thị Yến",
    "Mai Văn Sơn",
    "Tạ Thị Loan",
    "Cao Văn Bình",
    "Lương Thị Huệ",
    "Châu Văn Tài",
]

# topic code → [(mood, what people say, proposal)]; topics and moods, never persons
SAYINGS: dict[str, list[tuple[str, str, str]]] = {
    "lv.dat-dai": [
        (
            "worry",
            "Bà con có đất bị thu hồi lo lắng về đơn giá bồi thường thấp hơn giá thị trường.",
            "Công khai phương án bồi thường, đối thoại với các hộ dân.",
        ),
        (
            "upset",
            "Nhiều hộ bức xúc vì dự án chậm chi trả tiền bồi thường, chậm bố trí tái định cư.",
            "Đẩy nhanh chi trả, bố trí đất tái định cư.",
        ),
        ("interest", "Người dân quan tâm đến điều chỉnh bảng giá đất mới và thủ tục cấp giấy chứng nhận.", ""),
    ],
    "lv.moi-truong": [
        (
            "upset",
            "Người dân bức xúc vì khai thác cát trái phép làm sạt lở bờ sông.",
            "Kiểm tra, xử lý dứt điểm tình trạng khai thác cát.",
        ),
        (
            "worry",
            "Bà con lo lắng mùi hôi từ bãi rác ảnh hưởng sức khỏe, nhất là trẻ nhỏ.",
            "Di dời hoặc xử lý bãi rác đúng quy trình.",
        ),
    ],
    "lv.gia-ca": [
        (
            "worry",
            "Giá điện, xăng dầu, phân bón tăng khiến đời sống bà con nông thôn khó khăn.",
            "Có chính sách bình ổn giá vật tư nông nghiệp.",
        ),
        ("interest", "Người lao động quan tâm đến việc tăng lương tối thiểu vùng và việc làm sau Tết.", ""),
    ],
    "lv.an-ninh": [
        (
            "worry",
            "Nhiều người lo lắng trước các thủ đoạn lừa đảo qua điện thoại, mạng xã hội giả danh cơ quan nhà nước.",
            "Tăng tuyên truyền cách nhận biết lừa đảo trên loa truyền thanh.",
        ),
        ("agree", "Bà con đồng tình với việc ra quân trấn áp tội phạm ma túy, tín dụng đen.", ""),
    ],
    "lv.y-te": [
        (
            "interest",
            "Người dân quan tâm đến việc khám chữa bệnh bảo hiểm y tế tại trạm y tế sau sắp xếp.",
            "Bảo đảm đủ thuốc bảo hiểm y tế ở tuyến xã.",
        ),
        ("agree", "Bà con đồng tình với chiến dịch tiêm chủng và khám sức khỏe miễn phí cho người cao tuổi.", ""),
    ],
    "cs.sap-xep-bo-may": [
        ("agree", "Đa số cán bộ, nhân dân đồng tình với chủ trương chính quyền địa phương hai cấp.", ""),
        (
            "worry",
            "Một bộ phận người dân lo lắng về đi lại xa khi làm thủ tục hành chính sau sáp nhập.",
            "Tăng cường dịch vụ công trực tuyến và điểm tiếp nhận lưu động.",
        ),
        (
            "interest",
            "Cán bộ quan tâm đến chính sách đối với người nghỉ việc do sắp xếp bộ máy.",
            "Chi trả chế độ kịp thời, công khai.",
        ),
    ],
    "cs.dai-hoi-dang": [
        ("agree", "Cán bộ, đảng viên phấn khởi, tin tưởng vào văn kiện và nhân sự đại hội.", ""),
        ("interest", "Nhân dân quan tâm theo dõi việc triển khai nghị quyết đại hội.", ""),
    ],
    "cs.chuyen-doi-so": [
        (
            "interest",
            "Người dân quan tâm đến định danh điện tử và thanh toán không dùng tiền mặt.",
            "Mở lớp hướng dẫn cho người cao tuổi.",
        ),
        (
            "worry",
            "Người cao tuổi lo lắng vì không biết sử dụng dịch vụ công trực tuyến.",
            "Tổ công nghệ số cộng đồng hỗ trợ tại nhà.",
        ),
    ],
    "cs.thien-tai": [
        (
            "worry",
            "Bà con vùng trũng lo lắng khi mùa mưa bão đến, nhà cửa xuống cấp.",
            "Hỗ trợ gia cố nhà ở, di dời hộ ở vùng nguy hiểm.",
        ),
        ("agree", "Nhân dân đồng tình, đánh giá cao công tác cứu hộ, hỗ trợ sau bão.", ""),
    ],
}
WEIGHTS = {
    "lv.dat-dai": 5,
    "lv.moi-truong": 3,
    "lv.gia-ca": 4,
    "lv.an-ninh": 3,
    "lv.y-te": 2,
    "cs.sap-xep-bo-may": 5,
    "cs.dai-hoi-dang": 2,
    "cs.chuyen-doi-so": 2,
    "cs.thien-tai": 2,
}

QUICK = [
    (
        "kh",
        "Tin đồn thất thiệt về thu hồi đất mở rộng khu công nghiệp",
        "lv.dat-dai",
        "upset",
        "Trên mạng xã hội lan truyền tin toàn bộ thôn sẽ bị thu hồi đất để mở rộng khu công nghiệp, bà con hoang mang, tụ tập hỏi chính quyền.",
        3,
    ),
    (
        "pb",
        "Nước sông đổi màu, cá chết sau mưa lớn",
        "lv.moi-truong",
        "worry",
        "Sau trận mưa lớn, nước sông đổi màu đen, cá chết nổi trắng một đoạn dài; người dân lo ngại có cơ sở xả thải trộm.",
        8,
    ),
]


def _months_back(today: dt.date, n: int) -> list[dt.date]:
    months = [services.month_of(today)]
    while len(months) < n + 1:
        months.append(services.previous_month(months[-1]))
    return list(reversed(months[1:]))  # the last n whole months, oldest first


@transaction.atomic
def demo_opinions_load() -> int:
    """Create the demo collaborators and reports if missing; return the number of reports created."""
    if User.objects.filter(username="ctv.phubinh10").exists():
        return 0
    rng = random.Random(238)
    today = timezone.localdate()
    depts = {
        "kh": (
            Organization.objects.get(name="Ban Tuyên giáo Tỉnh ủy Khánh Hòa"),
            "khanhhoa",
            list(AdminUnit.objects.filter(generation="current", parent__code="56").order_by("sort_key")[:40:4]),
        ),
        "pb": (
            Organization.objects.get(name="Ban Tuyên giáo Huyện ủy Phú Bình"),
            "phubinh",
            list(
                AdminUnit.objects.filter(generation="legacy", parent__code="173", parent__generation="legacy").order_by(
                    "sort_key"
                )[:10]
            ),
        ),
    }
    topics = {t.code: t for t in OpinionTopic.objects.all()}
    months = _months_back(today, 12)
    reports, items_by_report, people = [], [], {}
    for key, (org, slug, units) in depts.items():
        for i in range(10):
            name = NAMES[i + (10 if key == "pb" else 0)]
            user = account_services.user_create(
                acting=None,
                username=f"ctv.{slug}{i + 1:02d}",
                full_name=name,
                email=f"ctv.{slug}{i + 1:02d}@phoihop.local",
                password=settings.DEMO_PASSWORD,
                is_demo=True,
                job_title="Cộng tác viên dư luận xã hội",
            )
            account_services.membership_add(
                acting=None,
                user=user,
                organization=org,
                role=Role.COLLABORATOR,
                position="Cộng tác viên dư luận xã hội",
                is_default=True,
            )
            unit = units[i % len(units)]
            since = months[0] if i < 8 else months[5]
            c = Collaborator.objects.create(
                organization=org,
                user=user,
                sectors=rng.sample(["farmers", "workers", "elderly", "youth", "business", "cadres"], 2),
                active_from=since,
            )
            c.units.set([unit])
            people.setdefault(key, []).append((user, unit))
            for m in months:
                if m < since or rng.random() < 0.12:
                    continue  # not active yet, or did not report that month
                due = services.default_due(m)
                late = rng.random() < 0.15
                day = (
                    due + dt.timedelta(days=rng.randint(1, 6))
                    if late
                    else m + dt.timedelta(days=rng.randint(5, due.day - 1))
                )
                at = timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(7, 21), rng.randint(0, 59))))
                reports.append(
                    OpinionReport(
                        organization=org,
                        author=user,
                        kind="monthly",
                        month=m,
                        unit=unit,
                        unit_path=unit.path,
                        status="submitted",
                        submitted_at=at,
                    )
                )
                chosen: list[str] = []
                pool, wanted = list(WEIGHTS), rng.randint(2, 4)
                while len(chosen) < wanted:
                    code = rng.choices(pool, weights=[WEIGHTS[p] for p in pool])[0]
                    if code not in chosen:
                        chosen.append(code)
                items_by_report.append([(code, rng.choice(SAYINGS[code])) for code in chosen])
    OpinionReport.objects.bulk_create(reports)
    OpinionItem.objects.bulk_create(
        OpinionItem(report=r, topic=topics[code], mood=mood, summary=summary, proposals=proposal, order=i)
        for r, items in zip(reports, items_by_report, strict=True)
        for i, (code, (mood, summary, proposal)) in enumerate(items)
    )
    for key, title, code, mood, summary, days_ago in QUICK:
        org = depts[key][0]
        user, unit = people[key][0]
        acting = resolve_acting(user, org.pk, "127.0.0.1")
        report = services.report_save(
            acting=acting,
            data={
                "kind": "quick",
                "title": title,
                "happened_on": today - dt.timedelta(days=days_ago),
                "unit": unit.pk,
                "items": [{"topic": code, "mood": mood, "summary": summary}],
            },
        )
        services.report_submit(acting=acting, report=report, open_concern=True, severity=2)
    return len(reports) + len(QUICK)
