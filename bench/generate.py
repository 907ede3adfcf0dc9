"""The synthetic data set, in layers generated in order, each in one transaction:

1. "orgs": organisations of every province and commune, users with one membership each. Organisations
   get the derived fields through `phoihop.orgs.services._derive` and users through
   `phoihop.accounts.services._derive`, as the services would set them; rows are written with bulk_create.
2. "plans": each province's coordination program, its plans and ~4,400 tasks (bench/generate_plans.py).

Each layer is marked by a row only it writes, so a layer is either complete or absent; a run generates
the layers that are absent, so a data set made before a layer existed gets it without being rebuilt.
"""

from __future__ import annotations

import random

from django.contrib.auth.hashers import make_password
from django.db import transaction

from bench import generate_plans
from phoihop.accounts.models import Membership, Role, User
from phoihop.accounts.services import _derive as derive_user
from phoihop.core.text import fold
from phoihop.geo.models import AdminUnit
from phoihop.orgs.models import Organization, OrgType
from phoihop.orgs.services import _derive as derive_org

# province code: None for every province; users: how many generated accounts
SCALES = {
    "province": {"province": "56", "users": 2_000},  # Khánh Hòa
    "national": {"province": None, "users": 60_000},
}
# the account the scenarios act as (a member of the first province's propaganda department);
# the "orgs" layer is written in one transaction, so this account's presence marks it complete
TOKEN_USERNAME = "bench.btg"
BATCH = 2_000

DEPARTMENTS = [  # (name, document symbol); the name is followed by "tỉnh X" / "thành phố X"
    ("Văn phòng Ủy ban nhân dân", "VP"),
    ("Sở Nội vụ", "SNV"),
    ("Sở Tài chính", "STC"),
    ("Sở Tư pháp", "STP"),
    ("Sở Công Thương", "SCT"),
    ("Sở Xây dựng", "SXD"),
    ("Sở Nông nghiệp và Môi trường", "SNNMT"),
    ("Sở Tài nguyên và Môi trường", "STNMT"),
    ("Sở Kế hoạch và Đầu tư", "SKHĐT"),
    ("Sở Giáo dục và Đào tạo", "SGDĐT"),
    ("Sở Y tế", "SYT"),
    ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"),
    ("Sở Khoa học và Công nghệ", "SKHCN"),
    ("Sở Thông tin và Truyền thông", "STTTT"),
    ("Sở Lao động - Thương binh và Xã hội", "SLĐTBXH"),
    ("Sở Giao thông vận tải", "SGTVT"),
    ("Sở Dân tộc và Tôn giáo", "SDTTG"),
    ("Sở Ngoại vụ", "SNgV"),
    ("Thanh tra", "TTr"),
    ("Ban Quản lý các khu công nghiệp", "BQLKCN"),
]
COMMUNE_ORGS = [  # (type code, name before "xã X", symbol, short name before "xã X" or "")
    ("ubnd", "Ủy ban nhân dân", "UBND", "UBND"),
    ("thuong-truc-hdnd", "Thường trực Hội đồng nhân dân", "HĐND", "Thường trực HĐND"),
    ("cap-uy", "Đảng ủy", "ĐU", ""),
    ("cap-uy", "Ban Xây dựng Đảng Đảng ủy", "BXDĐ", "Ban XDĐ Đảng ủy"),
    ("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam", "MTTQ", "UBMTTQ"),
    ("trung-tam", "Trung tâm Phục vụ hành chính công", "TTPVHCC", ""),
]
# people's names, space-separated (split once below)
SURNAMES = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trương Mai Lương"
MIDDLE_NAMES = "Văn Thị Hữu Đức Minh Thanh Ngọc Quốc Thu Xuân Hoàng Anh Công Đình Quang Kim"
GIVEN_NAMES = (
    "An Bình Cường Dũng Giang Hà Hải Hạnh Hùng Hương Khánh Lan Linh Long Mai Nam Nga Phúc Phương Quang "
    "Sơn Tâm Thảo Thắng Trang Tuấn Việt Yến Hòa Thọ Điệp Quý Loan Vinh Hường Hiếu Đông Ánh Nhung Toàn"
)
ROLES = [  # (role, weight, job title)
    (Role.OFFICER, 60, "Chuyên viên"),
    (Role.LEADER, 12, "Phó Trưởng phòng"),
    (Role.VIEWER, 12, "Chuyên viên"),
    (Role.COLLABORATOR, 10, "Cộng tác viên"),
    (Role.ORG_ADMIN, 6, "Quản trị cơ quan"),
]


def _orgs_generated() -> bool:
    return User.objects.filter(username=TOKEN_USERNAME).exists()


def _place(unit: AdminUnit) -> str:
    """'Tỉnh Khánh Hòa' → 'tỉnh Khánh Hòa', 'Xã Phú Bình' → 'xã Phú Bình' (the name after an agency's kind)."""
    return unit.name[:1].lower() + unit.name[1:]


def _org(types, code, name, symbol, unit, short="", parent=None, superior="") -> Organization:
    org = Organization(
        name=name,
        short_name=short,
        type=types[code],
        unit=unit,
        parent=parent,
        doc_symbol=symbol,
        superior_name=superior,
    )
    derive_org(org)
    return org


def _province_orgs(types, p: AdminUnit) -> tuple[list[Organization], Organization]:
    """The province's own agencies; returns them and the propaganda department."""
    place = _place(p)
    committee = ("Thành ủy " if p.name.startswith("Thành phố") else "Tỉnh ủy ") + p.short_name
    btg = _org(
        types,
        "ban-tuyen-giao",
        f"Ban Tuyên giáo và Dân vận {committee}",
        "BTGDV",
        p,
        f"BTG&DV {committee}",
        superior=committee.upper(),
    )
    ubnd = _org(types, "ubnd", f"Ủy ban nhân dân {place}", "UBND", p, f"UBND {place}")
    orgs = [
        btg,
        _org(
            types, "thuong-truc-hdnd", f"Thường trực Hội đồng nhân dân {place}", "HĐND", p, f"Thường trực HĐND {place}"
        ),
        ubnd,
        _org(types, "tand", f"Tòa án nhân dân {place}", "TA", p, f"TAND {place}"),
        _org(types, "vksnd", f"Viện kiểm sát nhân dân {place}", "VKS", p, f"VKSND {place}"),
    ]
    return orgs, btg


def _department_orgs(types, p: AdminUnit, ubnd: Organization) -> list[Organization]:
    place = _place(p)
    return [
        _org(types, "so-phong-ban", f"{name} {place}", symbol, p, parent=ubnd, superior=f"UBND {place.upper()}")
        for name, symbol in DEPARTMENTS
    ]


def _commune_orgs(types, c: AdminUnit, province_ubnd: Organization) -> list[Organization]:
    place = _place(c)
    return [
        _org(
            types,
            code,
            f"{name} {place}",
            symbol,
            c,
            f"{short} {place}" if short else "",
            parent=province_ubnd if code == "ubnd" else None,
        )
        for code, name, symbol, short in COMMUNE_ORGS
    ]


_NAME_PARTS = [SURNAMES.split(), MIDDLE_NAMES.split(), GIVEN_NAMES.split()]


def _person(rng: random.Random) -> str:
    return " ".join(rng.choice(part) for part in _NAME_PARTS)


def _users(orgs: list[Organization], first_org: Organization, count: int, rng: random.Random):
    """`count` users (the token user first, in `first_org`) and their memberships."""
    password = make_password("Bench-" + str(rng.random()))  # one hash for all: hashing is slow on purpose
    roles, weights = [r[0] for r in ROLES], [r[1] for r in ROLES]
    titles = {r[0]: r[2] for r in ROLES}
    users, memberships = [], []
    for i in range(count):
        full_name = _person(rng)
        parts = fold(full_name).split()
        username = TOKEN_USERNAME if i == 0 else f"{parts[-1]}.{''.join(w[0] for w in parts[:-1])}.{i}"
        org = first_org if i == 0 else rng.choice(orgs)
        role = Role.OFFICER if i == 0 else rng.choices(roles, weights)[0]
        user = User(
            username=username,
            full_name=full_name,
            email=f"{username}@bench.phoihop.local",
            job_title=f"{titles[role]} {org.short_name or org.name}"[:200],
            password=password,
        )
        derive_user(user)
        users.append(user)
        memberships.append(Membership(user=user, organization=org, role=role, position=user.job_title, is_default=True))
    return users, memberships


@transaction.atomic
def generate_orgs(scale: str, seed: int = 2026) -> dict[str, int]:
    """Create the organisations and users for `scale`; return how many rows of each kind were written."""
    spec = SCALES[scale]
    rng = random.Random(seed)
    types = {t.code: t for t in OrgType.objects.all()}
    current = AdminUnit.objects.filter(generation=AdminUnit.Generation.CURRENT)
    provinces = list(current.filter(level=AdminUnit.Level.PROVINCE).order_by("code"))
    if spec["province"]:
        provinces = [p for p in provinces if p.code == spec["province"]]
    communes: dict[int, list[AdminUnit]] = {p.id: [] for p in provinces}
    for c in current.filter(level=AdminUnit.Level.COMMUNE, parent__in=provinces).order_by("code"):
        communes[c.parent_id].append(c)

    top, btgs = [], []
    for p in provinces:
        orgs, btg = _province_orgs(types, p)
        top += orgs
        btgs.append(btg)
    Organization.objects.bulk_create(top, batch_size=BATCH)  # primary keys are needed as parents below
    ubnd_of = {o.unit_id: o for o in top if o.type.code == "ubnd"}
    below = []
    for p in provinces:
        below += _department_orgs(types, p, ubnd_of[p.id])
        for c in communes[p.id]:
            below += _commune_orgs(types, c, ubnd_of[p.id])
    Organization.objects.bulk_create(below, batch_size=BATCH)

    all_orgs = top + below
    users, memberships = _users(all_orgs, btgs[0], spec["users"], rng)
    User.objects.bulk_create(users, batch_size=BATCH)
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    return {"organizations": len(all_orgs), "users": len(users), "memberships": len(memberships)}


# --- a central-level propaganda department (the national roll-up of the leadership dashboard) ----------------

CENTRAL_USERNAME = "bench.btg.tw"


def _central_generated() -> bool:
    return User.objects.filter(username=CENTRAL_USERNAME).exists()


@transaction.atomic
def generate_central(scale: str, seed: int = 2026) -> dict[str, int]:
    """Ban Tuyên giáo và Dân vận Trung ương (central level: its roll-up is everything) and one officer of it."""
    types = {t.code: t for t in OrgType.objects.all()}
    org = _org(types, "ban-tuyen-giao", "Ban Tuyên giáo và Dân vận Trung ương", "BTGDVTW", None, short="BTGDVTW")
    org.save()
    user = User(
        username=CENTRAL_USERNAME,
        full_name="Chuyên viên Ban Tuyên giáo và Dân vận Trung ương",
        email=f"{CENTRAL_USERNAME}@bench.phoihop.local",
        job_title="Chuyên viên",
        password=make_password("Bench-" + str(random.Random(seed).random())),
    )
    derive_user(user)
    user.save()
    Membership.objects.create(user=user, organization=org, role=Role.OFFICER, position="Chuyên viên", is_default=True)
    return {"organizations": 1, "users": 1}


# layer name → (is it present?, generate it for a scale); generated in this order
LAYERS = {
    "orgs": (_orgs_generated, generate_orgs),
    "plans": (generate_plans.is_generated, generate_plans.generate),
    "central": (_central_generated, generate_central),
}


def missing_layers() -> list[str]:
    return [name for name, (present, _) in LAYERS.items() if not present()]


def is_generated() -> bool:
    return not missing_layers()
