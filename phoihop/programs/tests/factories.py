"""Programs and plans built through the services, as users build them."""

import datetime as dt

from phoihop.accounts.models import Role
from phoihop.plans import services as plan_services
from phoihop.programs import services
from phoihop.programs.models import PartyRole
from phoihop.programs.services import PartyInput
from phoihop.tests.support import acting_of, make_user

CONTENTS = [
    "Chỉ đạo, hướng dẫn tuyên truyền chủ trương, chính sách",
    "Phối hợp định hướng thông tin về hoạt động của HĐND",
    "Tuyên truyền công tác bầu cử",
    "Nắm bắt dư luận xã hội, đề xuất hướng giải quyết vấn đề bức xúc",
]


def officer(org, role=Role.OFFICER):
    return make_user(org=org, role=role)


def draft_program(lead, partners, *, user=None, contents=CONTENTS, period=(2022, 2026)):
    user = user or officer(lead)
    parties = [
        PartyInput(
            organization=lead,
            role=PartyRole.LEAD,
            signatory_name="Lê Hữu Thọ",
            signatory_title="Trưởng ban",
            signing_authority="T/M BAN THƯỜNG VỤ",
        )
    ]
    parties += [
        PartyInput(organization=o, signatory_name=f"Người ký {i}", signatory_title="Chủ tịch")
        for i, o in enumerate(partners, 1)
    ]
    return services.program_create(
        acting=acting_of(user, lead),
        title="Chương trình phối hợp công tác thực hiện Quy chế 238",
        period_start=period[0],
        period_end=period[1],
        parties=parties,
        contents=list(contents),
        purpose="Nâng cao hiệu quả phối hợp.",
    ), user


def signed_program(lead, partners, on=dt.date(2022, 3, 15)):
    program, user = draft_program(lead, partners)
    services.program_transition(
        acting=acting_of(user, lead),
        program=program,
        action="sign",
        signed_on=on,
        signed_place="Nha Trang",
        signing_meeting="Hội nghị ký kết chương trình phối hợp",
    )
    program.refresh_from_db()
    return program, user


def plan_of(program, user, year=2022):
    return plan_services.plan_create(acting=acting_of(user, program.lead), program=program, year=year)
