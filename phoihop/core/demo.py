"""Demo data: the organisations of the five source articles, their leaders, and the demo accounts.

Idempotent: only what is missing is created (through the services, so it is audited like any other
write); a second run changes nothing. The demo password works only while DEBUG is on.
See docs/demo-data.md for where each record comes from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from phoihop.accounts import services as account_services
from phoihop.accounts.models import Membership, Role, User
from phoihop.geo.models import AdminUnit
from phoihop.orgs import services as org_services
from phoihop.orgs.models import FocalPoint, Organization, OrgType

CUR, LEG = AdminUnit.Generation.CURRENT, AdminUnit.Generation.LEGACY


@dataclass
class Org:
    key: str
    name: str
    type: str
    unit: tuple[str, str]  # (generation, official code)
    symbol: str
    short: str = ""
    superior: str = ""
    parent: str | None = None


ORGS = [
    # seed 001: Khánh Hòa province (current province 56)
    Org(
        "btg-kh",
        "Ban Tuyên giáo Tỉnh ủy Khánh Hòa",
        "ban-tuyen-giao",
        (CUR, "56"),
        "BTGTU",
        "BTG Tỉnh ủy Khánh Hòa",
        "TỈNH ỦY KHÁNH HÒA",
    ),
    Org(
        "hdnd-kh",
        "Thường trực Hội đồng nhân dân tỉnh Khánh Hòa",
        "thuong-truc-hdnd",
        (CUR, "56"),
        "HĐND",
        "Thường trực HĐND tỉnh Khánh Hòa",
        "HỘI ĐỒNG NHÂN DÂN TỈNH KHÁNH HÒA",
    ),
    Org("ubnd-kh", "Ủy ban nhân dân tỉnh Khánh Hòa", "ubnd", (CUR, "56"), "UBND", "UBND tỉnh Khánh Hòa"),
    # seed 004: a town (thị xã); placed at Ninh Hòa, Khánh Hòa (see docs/demo-data.md)
    Org(
        "btg-ninhhoa",
        "Ban Tuyên giáo Thị ủy Ninh Hòa",
        "ban-tuyen-giao",
        (LEG, "572"),
        "BTGThU",
        "BTG Thị ủy Ninh Hòa",
        "THỊ ỦY NINH HÒA",
        "btg-kh",
    ),
    Org("ubnd-ninhhoa", "Ủy ban nhân dân thị xã Ninh Hòa", "ubnd", (LEG, "572"), "UBND", "UBND thị xã Ninh Hòa"),
    # today's two-level structure: a ward of Khánh Hòa
    Org("ubnd-p-ninhhoa", "Ủy ban nhân dân phường Ninh Hòa", "ubnd", (CUR, "22528"), "UBND", "UBND phường Ninh Hòa"),
    # seed 002: Thái Nguyên province and its Phú Bình district (legacy district 173)
    Org(
        "btg-tn",
        "Ban Tuyên giáo Tỉnh ủy Thái Nguyên",
        "ban-tuyen-giao",
        (CUR, "19"),
        "BTGTU",
        "BTG Tỉnh ủy Thái Nguyên",
        "TỈNH ỦY THÁI NGUYÊN",
    ),
    Org(
        "btg-pb",
        "Ban Tuyên giáo Huyện ủy Phú Bình",
        "ban-tuyen-giao",
        (LEG, "173"),
        "BTGHU",
        "BTG Huyện ủy Phú Bình",
        "HUYỆN ỦY PHÚ BÌNH",
        "btg-tn",
    ),
    Org(
        "hdnd-pb",
        "Thường trực Hội đồng nhân dân huyện Phú Bình",
        "thuong-truc-hdnd",
        (LEG, "173"),
        "HĐND",
        "Thường trực HĐND huyện Phú Bình",
        "HỘI ĐỒNG NHÂN DÂN HUYỆN PHÚ BÌNH",
    ),
    Org("ubnd-pb", "Ủy ban nhân dân huyện Phú Bình", "ubnd", (LEG, "173"), "UBND", "UBND huyện Phú Bình"),
    Org(
        "tand-pb",
        "Tòa án nhân dân huyện Phú Bình",
        "tand",
        (LEG, "173"),
        "TA",
        "TAND huyện Phú Bình",
        "TÒA ÁN NHÂN DÂN TỈNH THÁI NGUYÊN",
    ),
    Org(
        "vksnd-pb",
        "Viện kiểm sát nhân dân huyện Phú Bình",
        "vksnd",
        (LEG, "173"),
        "VKS",
        "VKSND huyện Phú Bình",
        "VIỆN KIỂM SÁT NHÂN DÂN TỈNH THÁI NGUYÊN",
    ),
    Org(
        "bcd35-pb",
        "Ban Chỉ đạo 35 huyện Phú Bình",
        "bcd-35",
        (LEG, "173"),
        "BCĐ35",
        "BCĐ 35 huyện Phú Bình",
        "HUYỆN ỦY PHÚ BÌNH",
    ),
    # seed 000: a district; placed at Đại Từ, Thái Nguyên (see docs/demo-data.md)
    Org(
        "btg-dt",
        "Ban Tuyên giáo Huyện ủy Đại Từ",
        "ban-tuyen-giao",
        (LEG, "171"),
        "BTGHU",
        "BTG Huyện ủy Đại Từ",
        "HUYỆN ỦY ĐẠI TỪ",
        "btg-tn",
    ),
    Org("ubnd-dt", "Ủy ban nhân dân huyện Đại Từ", "ubnd", (LEG, "171"), "UBND", "UBND huyện Đại Từ"),
    Org(
        "ttct-dt",
        "Trung tâm Bồi dưỡng chính trị huyện Đại Từ",
        "trung-tam",
        (LEG, "171"),
        "TTBDCT",
        "TTBDCT huyện Đại Từ",
        "HUYỆN ỦY ĐẠI TỪ",
    ),
    # seed 003: Thọ Xuân district, Thanh Hóa (legacy district 395)
    Org(
        "btg-th",
        "Ban Tuyên giáo Tỉnh ủy Thanh Hóa",
        "ban-tuyen-giao",
        (CUR, "38"),
        "BTGTU",
        "BTG Tỉnh ủy Thanh Hóa",
        "TỈNH ỦY THANH HÓA",
    ),
    Org(
        "hu-tx",
        "Ban Thường vụ Huyện ủy Thọ Xuân",
        "cap-uy",
        (LEG, "395"),
        "HU",
        "Huyện ủy Thọ Xuân",
        "ĐẢNG BỘ TỈNH THANH HÓA",
    ),
    Org(
        "btg-tx",
        "Ban Tuyên giáo Huyện ủy Thọ Xuân",
        "ban-tuyen-giao",
        (LEG, "395"),
        "BTGHU",
        "BTG Huyện ủy Thọ Xuân",
        "HUYỆN ỦY THỌ XUÂN",
        "btg-th",
    ),
    Org(
        "hdnd-tx",
        "Thường trực Hội đồng nhân dân huyện Thọ Xuân",
        "thuong-truc-hdnd",
        (LEG, "395"),
        "HĐND",
        "Thường trực HĐND huyện Thọ Xuân",
        "HỘI ĐỒNG NHÂN DÂN HUYỆN THỌ XUÂN",
    ),
    Org("ubnd-tx", "Ủy ban nhân dân huyện Thọ Xuân", "ubnd", (LEG, "395"), "UBND", "UBND huyện Thọ Xuân"),
    Org(
        "ttct-tx",
        "Trung tâm Chính trị huyện Thọ Xuân",
        "trung-tam",
        (LEG, "395"),
        "TTCT",
        "TTCT huyện Thọ Xuân",
        "HUYỆN ỦY THỌ XUÂN",
    ),
    Org(
        "vhtt-tx",
        "Phòng Văn hóa và Thông tin huyện Thọ Xuân",
        "so-phong-ban",
        (LEG, "395"),
        "VHTT",
        "Phòng VH&TT Thọ Xuân",
        "UBND HUYỆN THỌ XUÂN",
        "ubnd-tx",
    ),
    Org(
        "gddt-tx",
        "Phòng Giáo dục và Đào tạo huyện Thọ Xuân",
        "so-phong-ban",
        (LEG, "395"),
        "GDĐT",
        "Phòng GD&ĐT Thọ Xuân",
        "UBND HUYỆN THỌ XUÂN",
        "ubnd-tx",
    ),
    Org(
        "tckh-tx",
        "Phòng Tài chính - Kế hoạch huyện Thọ Xuân",
        "so-phong-ban",
        (LEG, "395"),
        "TCKH",
        "Phòng TC-KH Thọ Xuân",
        "UBND HUYỆN THỌ XUÂN",
        "ubnd-tx",
    ),
    Org(
        "vhttdl-tx",
        "Trung tâm Văn hóa, Thông tin - Thể thao và Du lịch huyện Thọ Xuân",
        "trung-tam",
        (LEG, "395"),
        "TTVHTT-TT&DL",
        "Trung tâm VHTT-TT&DL Thọ Xuân",
        "UBND HUYỆN THỌ XUÂN",
        "ubnd-tx",
    ),
    Org(
        "bcd35-tx",
        "Ban Chỉ đạo 35 huyện Thọ Xuân",
        "bcd-35",
        (LEG, "395"),
        "BCĐ35",
        "BCĐ 35 huyện Thọ Xuân",
        "HUYỆN ỦY THỌ XUÂN",
    ),
]


@dataclass
class Person:
    username: str | None  # None: a leader named in an article, recorded without an account
    full_name: str
    job_title: str
    orgs: list[tuple[str, str]] = field(default_factory=list)  # (org key, role)
    focal_for: str | None = None
    email: str = ""


PEOPLE = [
    Person("admin", "Quản trị hệ thống", "Quản trị hệ thống PhốiHợp", email="admin@phoihop.local"),
    # Khánh Hòa (seed 001)
    Person(
        "lanhdao.khanhhoa",
        "Lê Hữu Thọ",
        "Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng ban Tuyên giáo Tỉnh ủy",
        [("btg-kh", Role.LEADER)],
    ),
    Person(None, "Trần Mộng Điệp", "Phó Trưởng ban Thường trực Ban Tuyên giáo Tỉnh ủy", focal_for="btg-kh"),
    Person(
        "btg.khanhhoa",
        "Nguyễn Thị Minh Hạnh",
        "Chuyên viên Ban Tuyên giáo Tỉnh ủy",
        [("btg-kh", Role.OFFICER)],
        focal_for="btg-kh",
        email="btg.khanhhoa@phoihop.local",
    ),
    Person(
        "quantri.khanhhoa",
        "Phạm Văn Quý",
        "Chuyên viên Văn phòng Ban Tuyên giáo Tỉnh ủy",
        [("btg-kh", Role.ORG_ADMIN)],
        email="quantri.khanhhoa@phoihop.local",
    ),
    Person(None, "Nguyễn Khắc Toàn", "Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh", focal_for="hdnd-kh"),
    Person(
        "hdnd.khanhhoa",
        "Trần Văn Bình",
        "Chuyên viên Văn phòng Đoàn ĐBQH và HĐND tỉnh",
        [("hdnd-kh", Role.OFFICER)],
        focal_for="hdnd-kh",
        email="hdnd.khanhhoa@phoihop.local",
    ),
    # Ninh Hòa (seed 004)
    Person(None, "Nguyễn Huy Khánh", "Chủ tịch UBND thị xã", focal_for="ubnd-ninhhoa"),
    # Thái Nguyên, Phú Bình (seed 002)
    Person(
        "btg.thainguyen",
        "Hoàng Thu Trang",
        "Chuyên viên Ban Tuyên giáo Tỉnh ủy",
        [("btg-tn", Role.OFFICER)],
        focal_for="btg-tn",
        email="btg.thainguyen@phoihop.local",
    ),
    Person(
        "btg.phubinh",
        "Dương Văn Mưu",
        "Chuyên viên Ban Tuyên giáo Huyện ủy",
        [("btg-pb", Role.OFFICER), ("bcd35-pb", Role.OFFICER)],
        focal_for="btg-pb",
        email="btg.phubinh@phoihop.local",
    ),
    Person(None, "Nguyễn Thị Loan", "Phó Bí thư Huyện ủy, Chủ tịch UBND huyện", focal_for="ubnd-pb"),
    Person(
        "ubnd.phubinh",
        "Lý Văn Thắng",
        "Chuyên viên Văn phòng HĐND và UBND huyện",
        [("ubnd-pb", Role.OFFICER)],
        focal_for="ubnd-pb",
        email="ubnd.phubinh@phoihop.local",
    ),
    # Đại Từ (seed 000)
    Person(
        None,
        "Vũ Quang Vinh",
        "Ủy viên Ban Thường vụ Huyện ủy, Trưởng ban Tuyên giáo Huyện ủy, Giám đốc Trung tâm bồi dưỡng chính trị huyện",
        focal_for="btg-dt",
    ),
    Person(None, "Nguyễn Thị Bích Hường", "Phó Bí thư Huyện ủy, Chủ tịch UBND huyện", focal_for="ubnd-dt"),
    # Thọ Xuân (seed 003)
    Person(None, "Lê Đình Hải", "Ủy viên BCH Đảng bộ tỉnh, Bí thư Huyện ủy, Chủ tịch HĐND huyện", focal_for="hu-tx"),
]

DEMO_USERNAMES = [p.username for p in PEOPLE if p.username]


def demo_acting(org: Organization, roles=(Role.OFFICER, Role.LEADER)):
    """Who acts for `org` in the demo loaders: a member with one of `roles` (by role name, then the oldest),
    else the organisation acting as itself (no user: recorded as "system" with that organisation)."""
    from phoihop.accounts.acting import Acting, resolve_acting

    member = (
        Membership.objects.active()
        .filter(organization=org, role__in=list(roles))
        .select_related("user")
        .order_by("role", "id")
        .first()
    )
    if member is not None:
        return resolve_acting(member.user, org.pk)
    membership = Membership(organization=org, role=Role.OFFICER)
    return Acting(None, membership=membership, memberships=[membership])


def _unit(key: tuple[str, str]) -> AdminUnit:
    gen, code = key
    return AdminUnit.objects.get(generation=gen, code=code)


@transaction.atomic
def demo_load() -> dict[str, int]:
    """Create what is missing; return how many records of each kind were created."""
    if not AdminUnit.objects.exists():
        raise RuntimeError("Chưa có đơn vị hành chính: chạy 'manage.py load_units' trước.")
    created = {"organizations": 0, "users": 0, "memberships": 0, "focal_points": 0, "programs": 0}
    types = {t.code: t for t in OrgType.objects.all()}
    orgs: dict[str, Organization] = {}
    for o in ORGS:
        org = Organization.objects.filter(name=o.name).first()
        if org is None:
            org = org_services.org_create(
                acting=None,
                name=o.name,
                type=types[o.type],
                unit=_unit(o.unit),
                doc_symbol=o.symbol,
                short_name=o.short,
                superior_name=o.superior,
                parent=orgs[o.parent] if o.parent else None,
            )
            created["organizations"] += 1
        orgs[o.key] = org

    for p in PEOPLE:
        user = None
        if p.username:
            user = User.objects.filter(username=p.username).first()
            if user is None:
                user = account_services.user_create(
                    acting=None,
                    username=p.username,
                    full_name=p.full_name,
                    email=p.email,
                    job_title=p.job_title,
                    password=settings.DEMO_PASSWORD,
                    is_superuser=p.username == "admin",
                    is_demo=True,
                )
                created["users"] += 1
            for i, (key, role) in enumerate(p.orgs):
                if not Membership.objects.filter(user=user, organization=orgs[key]).exists():
                    account_services.membership_add(
                        acting=None,
                        user=user,
                        organization=orgs[key],
                        role=role,
                        position=p.job_title,
                        is_default=i == 0,
                    )
                    created["memberships"] += 1
        if (
            p.focal_for
            and not FocalPoint.objects.filter(organization=orgs[p.focal_for], full_name=p.full_name).exists()
        ):
            org_services.focal_point_create(
                acting=None,
                organization=orgs[p.focal_for],
                full_name=p.full_name,
                job_title=p.job_title,
                email=p.email,
                user=user,
                is_primary=user is not None,
            )
            created["focal_points"] += 1
    from phoihop.programs.demo import demo_programs_load

    created["programs"] = demo_programs_load(orgs)
    from phoihop.concerns.demo import demo_concerns_load

    created["concerns"] = demo_concerns_load()["concerns"]
    from phoihop.exchanges.demo import demo_exchanges_load

    created["information_requests"] = demo_exchanges_load()["requests"]
    from phoihop.opinions.demo import demo_opinions_load

    created["opinion_reports"] = demo_opinions_load()
    from phoihop.meetings.demo import demo_meetings_load

    created["meetings"] = demo_meetings_load()
    from phoihop.commendations.demo import demo_commendations_load

    created["commendations"] = demo_commendations_load()
    from phoihop.reports.demo import demo_reports_load

    created["reports"] = demo_reports_load()
    return created
