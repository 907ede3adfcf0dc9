"""Program life cycle: draft, circulate, respond, sign with a number, amend with history, end."""

import datetime as dt

import pytest

from phoihop.accounts.models import Role
from phoihop.core.errors import Conflict, NotFound, ValidationFailed
from phoihop.core.models import AuditEvent
from phoihop.programs import selectors, services
from phoihop.programs.models import PartyResponse, PartyRole, Program, ProgramStatus
from phoihop.programs.services import PartyInput
from phoihop.programs.tests.factories import CONTENTS, draft_program, officer, signed_program
from phoihop.tests.support import acting_of

pytestmark = pytest.mark.django_db


def test_draft_with_parties_contents_and_audit(demo):
    program, _user = draft_program(demo.btg_kh, [demo.hdnd_kh])
    assert program.status == ProgramStatus.DRAFT and program.lead == demo.btg_kh
    assert [c.number for c in program.contents.all()] == [1, 2, 3, 4]
    assert [c.title for c in program.contents.all()] == CONTENTS
    parties = list(program.parties.all())
    assert [(p.organization, p.role) for p in parties] == [(demo.btg_kh, "lead"), (demo.hdnd_kh, "partner")]
    event = AuditEvent.objects.get(action="program.create", object_id=str(program.pk))
    assert event.after["contents"][0]["number"] == 1 and len(event.after["parties"]) == 2


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"period_start": 2026, "period_end": 2022}, "period_end"),
        ({"period_start": 1990, "period_end": 2022}, "period_start"),
        ({"contents": ["", "  "]}, "contents"),
    ],
)
def test_inconsistent_fields_are_refused_per_field(demo, kwargs, field):
    user = officer(demo.btg_kh)
    parties = [PartyInput(demo.btg_kh, PartyRole.LEAD), PartyInput(demo.hdnd_kh)]
    data = {"title": "X", "period_start": 2022, "period_end": 2026, "parties": parties, "contents": ["Một"]} | kwargs
    with pytest.raises(ValidationFailed) as caught:
        services.program_create(acting=acting_of(user), **data)
    assert field in caught.value.errors
    assert not Program.objects.filter(title="X").exists()


def test_a_party_twice_or_a_single_party_is_refused(demo):
    user = officer(demo.btg_kh)
    for parties in (
        [PartyInput(demo.btg_kh, PartyRole.LEAD), PartyInput(demo.hdnd_kh), PartyInput(demo.hdnd_kh)],
        [PartyInput(demo.btg_kh, PartyRole.LEAD)],
        [PartyInput(demo.btg_kh), PartyInput(demo.hdnd_kh, PartyRole.LEAD)],
    ):
        with pytest.raises(ValidationFailed) as caught:
            services.program_create(
                acting=acting_of(user), title="X", period_start=2022, period_end=2026, parties=parties, contents=["A"]
            )
        assert "parties" in caught.value.errors


def test_viewers_and_collaborators_cannot_draft(demo):
    for role in (Role.VIEWER, Role.COLLABORATOR):
        user = officer(demo.btg_kh, role)
        with pytest.raises(NotFound):
            draft_program(demo.btg_kh, [demo.hdnd_kh], user=user)


def test_circulate_respond_and_see_who_has_not_answered(demo):
    program, user = draft_program(demo.btg_kh, [demo.hdnd_kh, demo.ubnd_pb])
    services.program_transition(acting=acting_of(user), program=program, action="circulate")
    hdnd = officer(demo.hdnd_kh)
    services.program_respond(
        acting=acting_of(hdnd), program=selectors.program_get(acting=acting_of(hdnd), program_id=program.pk), agree=True
    )
    responses = {p.organization_id: p.response for p in program.parties.all()}
    assert responses == {
        demo.btg_kh.pk: PartyResponse.AGREED,
        demo.hdnd_kh.pk: PartyResponse.AGREED,
        demo.ubnd_pb.pk: PartyResponse.PENDING,
    }
    with pytest.raises(ValidationFailed):  # a comment needs words
        services.program_respond(acting=acting_of(officer(demo.ubnd_pb)), program=program, agree=False, note="")
    outsider = officer(demo.btg_tn)
    with pytest.raises(NotFound):
        services.program_respond(acting=acting_of(outsider), program=program, agree=True)


def test_reorder_contents_while_draft_and_stale_version(demo):
    program, user = draft_program(demo.btg_kh, [demo.hdnd_kh])
    acting = acting_of(user)
    services.program_set_contents(acting=acting, program=program, contents=list(reversed(CONTENTS)), version=1)
    assert [c.title for c in program.contents.order_by("number")] == list(reversed(CONTENTS))
    with pytest.raises(Conflict):
        services.program_update(acting=acting, program=program, version=1, title="Tên khác")


def test_sign_gives_a_joint_number_and_makes_it_effective(demo):
    # the first program of the 2025-2030 Party-committee term (the demo data has one signed in 2022)
    program, user = signed_program(demo.btg_kh, [demo.hdnd_kh], on=dt.date(2026, 1, 5))
    assert program.status == ProgramStatus.EFFECTIVE
    assert program.number_line == "Số 01-CTr/BTGTU-HĐND"  # Party profile of the lead: no colon, hyphen then slash
    second, _ = signed_program(demo.btg_kh, [demo.hdnd_kh], on=dt.date(2026, 2, 1))
    assert second.number_line == "Số 02-CTr/BTGTU-HĐND"
    assert program.revisions.count() == 1
    with pytest.raises(ValidationFailed):
        services.program_update(acting=acting_of(user), program=program, title="Sửa sau khi ký")


def test_state_profile_lead_numbers_with_a_colon_per_year(demo):
    program, _ = signed_program(demo.ubnd_pb, [demo.btg_pb], on=dt.date(2022, 6, 23))
    assert program.number_line == "Số: 01/CTr-UBND-BTGHU"
    second, _ = signed_program(demo.ubnd_pb, [demo.btg_pb], on=dt.date(2022, 7, 1))
    third, _ = signed_program(demo.ubnd_pb, [demo.btg_pb], on=dt.date(2023, 1, 9))
    assert second.number_line == "Số: 02/CTr-UBND-BTGHU" and third.number_line == "Số: 01/CTr-UBND-BTGHU"


def test_amendment_makes_a_new_readable_version(demo):
    program, user = signed_program(demo.btg_kh, [demo.hdnd_kh])
    services.program_amend(
        acting=acting_of(user),
        program=program,
        reason="Bổ sung nội dung chuyển đổi số",
        version=program.version,
        contents=[*CONTENTS, "Tuyên truyền chuyển đổi số"],
    )
    program.refresh_from_db()
    assert program.revision == 1 and program.contents.count() == 5
    history = list(program.revisions.order_by("revision"))
    assert [r.revision for r in history] == [0, 1]
    assert len(history[0].snapshot["contents"]) == 4 and len(history[1].snapshot["contents"]) == 5
    with pytest.raises(ValidationFailed):
        services.program_amend(acting=acting_of(user), program=program, reason="", version=program.version)


def test_terminate_needs_a_reason_and_expiry_ends_old_programs(demo):
    program, user = signed_program(demo.btg_kh, [demo.hdnd_kh])
    with pytest.raises(ValidationFailed):
        services.program_transition(acting=acting_of(user), program=program, action="terminate")
    old, _ = signed_program(demo.btg_tn, [demo.ubnd_pb], on=dt.date(2021, 1, 11))
    Program.objects.filter(pk=old.pk).update(period_start=2016, period_end=2020)
    assert services.programs_expire(today=dt.date(2022, 1, 2)) == 1
    old.refresh_from_db()
    assert old.status == ProgramStatus.ENDED and old.status_changes.last().to_status == ProgramStatus.ENDED


def test_parties_see_their_programs_and_the_rollup_sees_below(demo):
    program, _ = draft_program(demo.btg_pb, [demo.ubnd_pb])

    def visible(org):
        return program in selectors.program_list(acting=acting_of(officer(org)))

    assert visible(demo.btg_pb) and visible(demo.ubnd_pb) and visible(demo.btg_tn)
    assert not visible(demo.btg_kh) and not visible(demo.hdnd_kh)
    with pytest.raises(NotFound):
        selectors.program_get(acting=acting_of(officer(demo.hdnd_kh)), program_id=program.pk)


def test_legal_document_register(demo):
    user = officer(demo.btg_kh)
    doc = services.legal_document_create(
        acting=acting_of(user),
        kind="Quyết định",
        number_symbol="999-QĐ/TW",
        issued_on=dt.date(2020, 9, 30),
        issuer="Ban Bí thư",
        title="ban hành Quy chế thử",
    )
    assert doc.citation() == "Quyết định số 999-QĐ/TW, ngày 30/9/2020 của Ban Bí thư ban hành Quy chế thử"
    with pytest.raises(ValidationFailed):
        services.legal_document_create(
            acting=acting_of(user),
            kind="Quyết định",
            number_symbol="999-QĐ/TW",
            issued_on=dt.date(2020, 9, 30),
            issuer="X",
            title="Y",
        )
    assert [d.number_symbol for d in selectors.legal_document_list(q="999 qd")] == ["999-QĐ/TW"]
