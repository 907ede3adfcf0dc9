"""Writing coordination programs: drafting, circulation, signing, amendment, ending. Each write is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from phoihop.core.audit import audit_record
from phoihop.core.errors import NotFound, ValidationFailed
from phoihop.core.records import record_create, record_update
from phoihop.core.text import fold, sort_key
from phoihop.core.validation import check_version, validate_instance
from phoihop.programs import permissions as perms
from phoihop.programs.models import (
    LegalDocument,
    PartyResponse,
    PartyRole,
    Program,
    ProgramContent,
    ProgramLegalBasis,
    ProgramParty,
    ProgramRevision,
    ProgramStatus,
    ProgramStatusChange,
)
from phoihop.programs.workflows import TRANSITIONS

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.orgs.models import Organization

PROGRAM_FIELDS = [
    "title",
    "period_start",
    "period_end",
    "purpose",
    "info_regime",
    "briefing_frequency",
    "methods",
    "implementation",
]


@dataclass
class PartyInput:
    organization: Organization
    role: str = PartyRole.PARTNER
    signatory_name: str = ""
    signatory_title: str = ""
    signing_authority: str = ""
    responsibilities: str = ""


def _derive(program: Program) -> list[str]:
    program.search_key = fold(program.title)
    program.sort_key = sort_key(program.title)
    return ["search_key", "sort_key"]


def _check_period(start, end) -> None:
    errors = {}
    for name, year in (("period_start", start), ("period_end", end)):
        if year is None or not 2000 <= int(year) <= 2100:
            errors[name] = ["Năm phải trong khoảng 2000-2100."]
    if not errors and int(end) < int(start):
        errors["period_end"] = ["Năm kết thúc phải bằng hoặc sau năm bắt đầu."]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], errors=errors)


def _check_parties(lead: Organization, parties: list[PartyInput]) -> None:
    ids = [p.organization.pk for p in parties]
    if len(parties) < 2:
        raise ValidationFailed(
            "Chương trình phối hợp cần ít nhất hai bên.", field="parties", errors={"parties": ["Cần ít nhất hai bên."]}
        )
    if len(set(ids)) != len(ids):
        raise ValidationFailed(
            "Một cơ quan chỉ được là một bên của chương trình.",
            field="parties",
            errors={"parties": ["Có cơ quan bị lặp lại."]},
        )
    leads = [p for p in parties if p.role == PartyRole.LEAD]
    if len(leads) != 1 or leads[0].organization.pk != lead.pk:
        raise ValidationFailed(
            "Chương trình có đúng một bên chủ trì, là cơ quan soạn thảo.",
            field="parties",
            errors={"parties": ["Bên chủ trì phải là cơ quan soạn thảo."]},
        )


def _check_contents(contents: list[str]) -> list[str]:
    cleaned = [c.strip() for c in contents if c and c.strip()]
    if not cleaned:
        raise ValidationFailed(
            "Cần ít nhất một nội dung phối hợp.", field="contents", errors={"contents": ["Cần ít nhất một nội dung."]}
        )
    return cleaned


def program_snapshot(program: Program) -> dict:
    """A readable copy of the whole program (fields, parties, contents, legal bases) for the history."""
    return {
        **{f: getattr(program, f) for f in PROGRAM_FIELDS},
        "status": program.status,
        "lead": program.lead_id,
        "number_line": program.number_line,
        "signed_on": program.signed_on.isoformat() if program.signed_on else None,
        "signed_place": program.signed_place,
        "signing_meeting": program.signing_meeting,
        "parties": [
            {
                "organization": p.organization_id,
                "name": p.organization.name,
                "role": p.role,
                "signatory_name": p.signatory_name,
                "signatory_title": p.signatory_title,
                "signing_authority": p.signing_authority,
                "responsibilities": p.responsibilities,
            }
            for p in program.parties.select_related("organization").order_by("order", "id")
        ],
        "contents": [{"number": c.number, "title": c.title} for c in program.contents.order_by("number")],
        "legal_bases": [str(link.document) for link in program.legal_basis_links.select_related("document")],
    }


def _write_parties(program: Program, parties: list[PartyInput]) -> None:
    program.parties.all().delete()
    ProgramParty.objects.bulk_create(
        [
            ProgramParty(
                program=program,
                organization=p.organization,
                role=p.role,
                order=i,
                signatory_name=p.signatory_name.strip(),
                signatory_title=p.signatory_title.strip(),
                signing_authority=p.signing_authority.strip(),
                responsibilities=p.responsibilities.strip(),
                response=PartyResponse.AGREED if p.role == PartyRole.LEAD else PartyResponse.PENDING,
            )
            for i, p in enumerate(parties)
        ]
    )


def _write_contents(program: Program, contents: list[str]) -> None:
    program.contents.all().delete()
    ProgramContent.objects.bulk_create(
        [ProgramContent(program=program, number=i, title=text) for i, text in enumerate(contents, start=1)]
    )


def _write_bases(program: Program, documents: list[LegalDocument]) -> None:
    program.legal_basis_links.all().delete()
    ProgramLegalBasis.objects.bulk_create(
        [ProgramLegalBasis(program=program, document=d, order=i) for i, d in enumerate(dict.fromkeys(documents))]
    )


@transaction.atomic
def program_create(
    *,
    acting: Acting,
    title: str,
    period_start: int,
    period_end: int,
    parties: list[PartyInput],
    contents: list[str],
    legal_bases: list[LegalDocument] = (),
    purpose: str = "",
    info_regime: str = "",
    briefing_frequency: str = "",
    methods: str = "",
    implementation: str = "",
    lead: Organization | None = None,
) -> Program:
    """A draft program led by the organisation the officer acts for (`lead` only for data loading, acting=None)."""
    if acting is not None:
        if not perms.can_create_program(acting):
            raise NotFound()
        lead = acting.org
    _check_period(period_start, period_end)
    _check_parties(lead, parties)
    contents = _check_contents(contents)
    program = Program(
        title=title.strip(),
        period_start=period_start,
        period_end=period_end,
        lead=lead,
        purpose=purpose,
        info_regime=info_regime,
        briefing_frequency=briefing_frequency,
        methods=methods,
        implementation=implementation,
        created_by=acting.user if acting else None,
    )
    _derive(program)
    validate_instance(program)
    program.save()
    _write_parties(program, parties)
    _write_contents(program, contents)
    _write_bases(program, list(legal_bases))
    audit_record(acting=acting, action="program.create", obj=program, after=program_snapshot(program))
    return program


def _editable(acting: Acting, program_id: int, version: int | None, changes: dict | None = None) -> Program:
    program = Program.objects.select_for_update(of=("self",)).select_related("lead").get(pk=program_id)
    if not perms.can_manage_program(acting, program):
        raise NotFound()
    if not program.is_editable:
        raise ValidationFailed("Chương trình đã ký: hãy dùng chức năng sửa đổi, bổ sung.", code="not_editable")
    check_version(program, version, changes or {})
    return program


@transaction.atomic
def program_update(*, acting: Acting, program: Program, version: int | None = None, **changes) -> Program:
    program = _editable(acting, program.pk, version, changes)
    if "period_start" in changes or "period_end" in changes:
        _check_period(changes.get("period_start", program.period_start), changes.get("period_end", program.period_end))
    changes["version"] = program.version + 1
    return record_update(
        acting=acting,
        obj=program,
        changes=changes,
        allowed=[*PROGRAM_FIELDS, "version"],
        action="program.update",
        derive=_derive,
    )


@transaction.atomic
def program_set_parties(
    *, acting: Acting, program: Program, parties: list[PartyInput], version: int | None = None
) -> Program:
    program = _editable(acting, program.pk, version)
    _check_parties(program.lead, parties)
    before = program_snapshot(program)["parties"]
    _write_parties(program, parties)
    _bump(program)
    audit_record(
        acting=acting,
        action="program.parties",
        obj=program,
        before={"parties": before},
        after={"parties": program_snapshot(program)["parties"]},
    )
    return program


@transaction.atomic
def program_set_contents(
    *, acting: Acting, program: Program, contents: list[str], version: int | None = None
) -> Program:
    """Replace the numbered contents; their order is the new numbering (reordering a draft)."""
    program = _editable(acting, program.pk, version)
    contents = _check_contents(contents)
    if program.contents.filter(tasks__isnull=False).exists():
        raise ValidationFailed("Đã có nhiệm vụ gắn với nội dung phối hợp: không đánh số lại được.", field="contents")
    before = program_snapshot(program)["contents"]
    _write_contents(program, contents)
    _bump(program)
    audit_record(
        acting=acting,
        action="program.contents",
        obj=program,
        before={"contents": before},
        after={"contents": program_snapshot(program)["contents"]},
    )
    return program


@transaction.atomic
def program_set_legal_bases(
    *, acting: Acting, program: Program, documents: list[LegalDocument], version: int | None = None
) -> Program:
    program = _editable(acting, program.pk, version)
    before = program_snapshot(program)["legal_bases"]
    _write_bases(program, documents)
    _bump(program)
    audit_record(
        acting=acting,
        action="program.legal_bases",
        obj=program,
        before={"legal_bases": before},
        after={"legal_bases": program_snapshot(program)["legal_bases"]},
    )
    return program


def _bump(program: Program) -> None:
    program.version += 1
    program.save(update_fields=["version", "updated_at"])


@transaction.atomic
def program_respond(*, acting: Acting, program: Program, agree: bool, note: str = "") -> ProgramParty:
    """A party agrees with the circulated draft or comments on it."""
    program = Program.objects.prefetch_related("parties").get(pk=program.pk)
    if not perms.can_respond_program(acting, program):
        raise NotFound()
    if not agree and not note.strip():
        raise ValidationFailed("Hãy ghi nội dung ý kiến.", field="note")
    party = ProgramParty.objects.select_for_update().get(program=program, organization=acting.org)
    before = {"response": party.response, "response_note": party.response_note}
    party.response = PartyResponse.AGREED if agree else PartyResponse.COMMENTED
    party.response_note = note.strip()
    party.responded_at = timezone.now()
    party.responded_by = acting.user
    party.save(update_fields=["response", "response_note", "responded_at", "responded_by"])
    audit_record(
        acting=acting,
        action="program.respond",
        obj=program,
        before=before,
        after={"response": party.response, "response_note": party.response_note, "party": acting.org.pk},
    )
    _notify_lead(
        program,
        acting,
        "program.responded",
        f"{acting.org.name} đã {'nhất trí' if agree else 'góp ý'} dự thảo chương trình",
    )
    return party


def _status_change(acting: Acting | None, program: Program, target: str, action: str, reason: str = "") -> None:
    ProgramStatusChange.objects.create(
        program=program,
        from_status=program.status,
        to_status=target,
        by=acting.user if acting else None,
        organization=acting.org if acting else None,
        reason=reason,
    )
    program.status = target


@transaction.atomic
def program_transition(
    *,
    acting: Acting | None,
    program: Program,
    action: str,
    reason: str = "",
    signed_on: dt.date | None = None,
    signed_place: str = "",
    signing_meeting: str = "",
    superseded_by: Program | None = None,
) -> Program:
    """circulate, recall, sign, end, terminate, supersede (programs/workflows.py)."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValidationFailed("Thao tác không hợp lệ.", field="action")
    program = Program.objects.select_for_update(of=("self",)).select_related("lead").get(pk=program.pk)
    if acting is not None and not perms.can_manage_program(acting, program):
        raise NotFound()
    if program.status not in transition.sources:
        raise ValidationFailed(
            f"Không thể “{transition.label}” khi chương trình đang ở trạng thái “{program.get_status_display()}”.",
            code="invalid_transition",
        )
    if transition.needs_reason and not reason.strip():
        raise ValidationFailed("Hãy ghi lý do.", field="reason")
    before = program_snapshot(program)
    fields = ["status", "version", "updated_at"]
    if action == "circulate":
        program.parties.exclude(role=PartyRole.LEAD).update(
            response=PartyResponse.PENDING, response_note="", responded_at=None
        )
    elif action == "sign":
        _sign(acting, program, signed_on, signed_place, signing_meeting)
        fields += ["signed_on", "signed_place", "signing_meeting", "number_line"]
    elif action in ("end", "terminate", "supersede"):
        program.ended_on = timezone.localdate()
        program.end_reason = reason.strip()
        program.superseded_by = superseded_by if action == "supersede" else None
        fields += ["ended_on", "end_reason", "superseded_by"]
    _status_change(acting, program, transition.target, action, reason)
    program.version += 1
    program.save(update_fields=fields)
    audit_record(
        acting=acting,
        action=f"program.{action}",
        obj=program,
        before=before,
        after=program_snapshot(program),
        reason=reason,
    )
    if action == "circulate":
        partners = [p.organization_id for p in program.parties.all() if p.role != PartyRole.LEAD]
        _notify_orgs(
            program, acting, partners, "program.circulated", f"Dự thảo chương trình cần ý kiến: {program.title}"
        )
    return program


def _sign(acting, program: Program, signed_on, signed_place: str, signing_meeting: str) -> None:
    from phoihop.documents.services import number_issue, number_line

    if signed_on is None:
        raise ValidationFailed("Hãy nhập ngày ký.", field="signed_on")
    if not program.period_start - 1 <= signed_on.year <= program.period_end:
        raise ValidationFailed("Ngày ký phải thuộc thời kỳ của chương trình (hoặc năm trước đó).", field="signed_on")
    partners = [
        p.organization.doc_symbol for p in program.parties.select_related("organization") if p.role != PartyRole.LEAD
    ]
    issued = number_issue(
        acting=acting, organization=program.lead, doc_type="CTr", on=signed_on, joint_symbols=partners, obj=program
    )
    program.number_line = number_line(issued)
    program.signed_on = signed_on
    program.signed_place = signed_place.strip()
    program.signing_meeting = signing_meeting.strip()
    ProgramRevision.objects.create(
        program=program,
        revision=program.revision,
        created_by=acting.user if acting else None,
        reason="Bản ký kết",
        snapshot=program_snapshot(program) | {"status": ProgramStatus.EFFECTIVE},
    )


@transaction.atomic
def program_amend(
    *,
    acting: Acting,
    program: Program,
    reason: str,
    version: int | None = None,
    contents: list[str] | None = None,
    **changes,
) -> Program:
    """An amendment after signing: a new revision; the previous text stays readable in the history."""
    program = Program.objects.select_for_update(of=("self",)).select_related("lead").get(pk=program.pk)
    if not perms.can_manage_program(acting, program):
        raise NotFound()
    if program.status != ProgramStatus.EFFECTIVE:
        raise ValidationFailed("Chỉ sửa đổi, bổ sung chương trình đang hiệu lực.", code="invalid_transition")
    if not reason.strip():
        raise ValidationFailed("Hãy ghi lý do sửa đổi, bổ sung.", field="reason")
    check_version(program, version, changes)
    if "period_start" in changes or "period_end" in changes:
        _check_period(changes.get("period_start", program.period_start), changes.get("period_end", program.period_end))
    if contents is not None:
        contents = _check_contents(contents)
        existing = list(program.contents.order_by("number"))
        # contents tasks point to keep their number; new ones are appended, texts may change
        for item, text in zip(existing, contents, strict=False):
            if item.title != text:
                item.title = text
                item.save(update_fields=["title"])
        if len(contents) < len(existing):
            if any(c.tasks.exists() for c in existing[len(contents) :]):
                raise ValidationFailed("Không bỏ được nội dung đã có nhiệm vụ.", field="contents")
            ProgramContent.objects.filter(pk__in=[c.pk for c in existing[len(contents) :]]).delete()
        ProgramContent.objects.bulk_create(
            [
                ProgramContent(program=program, number=i, title=t)
                for i, t in enumerate(contents, start=1)
                if i > len(existing)
            ]
        )
    program.revision += 1
    changes["revision"] = program.revision
    changes["version"] = program.version + 1
    record_update(
        acting=acting,
        obj=program,
        changes=changes,
        allowed=[*PROGRAM_FIELDS, "revision", "version"],
        action="program.amend",
        derive=_derive,
    )
    ProgramRevision.objects.create(
        program=program,
        revision=program.revision,
        created_by=acting.user,
        reason=reason.strip(),
        snapshot=program_snapshot(program),
    )
    return program


@transaction.atomic
def programs_expire(*, today: dt.date | None = None) -> int:
    """Effective programs whose period is over end with it (run daily by the scheduler)."""
    today = today or timezone.localdate()
    count = 0
    for program in Program.objects.filter(status=ProgramStatus.EFFECTIVE, period_end__lt=today.year):
        program_transition(acting=None, program=program, action="end", reason="Hết thời kỳ của chương trình")
        count += 1
    return count


@transaction.atomic
def legal_document_create(
    *, acting: Acting, kind: str, number_symbol: str, issued_on: dt.date, issuer: str, title: str
) -> LegalDocument:
    if acting is not None and not perms.can_create_program(acting):
        raise NotFound()
    number_symbol = number_symbol.strip()
    if LegalDocument.objects.filter(number_symbol=number_symbol, issued_on=issued_on).exists():
        raise ValidationFailed("Văn bản này đã có trong danh mục.", field="number_symbol")
    doc = LegalDocument(
        kind=kind.strip(),
        number_symbol=number_symbol,
        issued_on=issued_on,
        issuer=issuer.strip(),
        title=title.strip(),
        search_key=fold(f"{number_symbol} {kind} {issuer} {title}"),
    )
    return record_create(acting=acting, obj=doc, action="legal_document.create")


# --- notifications -------------------------------------------------------------------------------------


def _notify_orgs(program: Program, acting, org_ids, kind: str, title: str) -> None:
    from phoihop.accounts.selectors import organization_recipients
    from phoihop.notifications.services import notify

    notify(
        recipients=organization_recipients(org_ids),
        kind=kind,
        title=title,
        url=f"/programs/{program.pk}/",
        obj=program,
        organization=acting.org if acting else None,
        actor=acting.user if acting else None,
    )


def _notify_lead(program: Program, acting, kind: str, title: str) -> None:
    _notify_orgs(program, acting, [program.lead_id], kind, title)
