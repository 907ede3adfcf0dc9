import datetime as dt
from typing import Any

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema, Status

from phoihop.accounts.acting import acting_for
from phoihop.api.schemas import Error, Page, PageParams, Ref, paginate
from phoihop.core.errors import NotFound, ValidationFailed
from phoihop.orgs.models import Organization
from phoihop.programs import documents, selectors, services
from phoihop.programs.models import LegalDocument, PartyRole, ProgramStatus

router = Router(tags=["Chương trình phối hợp"])


class LegalDocumentOut(Schema):
    id: int
    kind: str
    number_symbol: str
    issued_on: dt.date
    issuer: str
    title: str


class LegalDocumentIn(Schema):
    kind: str = Field(..., min_length=1, max_length=60)
    number_symbol: str = Field(..., min_length=1, max_length=64)
    issued_on: dt.date
    issuer: str = Field(..., min_length=1, max_length=200)
    title: str = Field(..., min_length=1, max_length=500)


class PartyOut(Schema):
    organization: Ref
    role: str
    signatory_name: str
    signatory_title: str
    signing_authority: str
    responsibilities: str
    response: str
    response_note: str
    responded_at: dt.datetime | None


class PartyIn(Schema):
    organization: int = Field(..., ge=1)
    role: str = Field(PartyRole.PARTNER, pattern="^(lead|partner)$")
    signatory_name: str = Field("", max_length=120)
    signatory_title: str = Field("", max_length=160)
    signing_authority: str = Field("", max_length=120)
    responsibilities: str = Field("", max_length=10000)


class ContentOut(Schema):
    id: int
    number: int
    title: str


class ProgramOut(Schema):
    id: int
    title: str
    period_start: int
    period_end: int
    lead: Ref
    status: str
    signed_on: dt.date | None
    number_line: str
    revision: int
    version: int


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    at: dt.datetime
    reason: str


class RevisionOut(Schema):
    revision: int
    created_at: dt.datetime
    reason: str


class ProgramDetail(ProgramOut):
    purpose: str
    info_regime: str
    briefing_frequency: str
    methods: str
    implementation: str
    signed_place: str
    signing_meeting: str
    ended_on: dt.date | None
    end_reason: str
    parties: list[PartyOut]
    contents: list[ContentOut]
    legal_bases: list[LegalDocumentOut]
    status_changes: list[StatusChangeOut]
    revisions: list[RevisionOut]

    @staticmethod
    def resolve_parties(obj):
        return list(obj.parties.all())

    @staticmethod
    def resolve_contents(obj):
        return list(obj.contents.all())

    @staticmethod
    def resolve_legal_bases(obj):
        return [link.document for link in obj.legal_basis_links.all()]

    @staticmethod
    def resolve_status_changes(obj):
        return list(obj.status_changes.all())

    @staticmethod
    def resolve_revisions(obj):
        return list(obj.revisions.all())


class ProgramFields(Schema):
    title: str | None = Field(None, min_length=1, max_length=500)
    period_start: int | None = Field(None, ge=2000, le=2100)
    period_end: int | None = Field(None, ge=2000, le=2100)
    purpose: str | None = Field(None, max_length=20000)
    info_regime: str | None = Field(None, max_length=20000)
    briefing_frequency: str | None = Field(None, max_length=200)
    methods: str | None = Field(None, max_length=20000)
    implementation: str | None = Field(None, max_length=20000)


class ProgramIn(ProgramFields):
    title: str = Field(..., min_length=1, max_length=500)
    period_start: int = Field(..., ge=2000, le=2100)
    period_end: int = Field(..., ge=2000, le=2100)
    parties: list[PartyIn] = Field(..., min_length=1, max_length=50)
    contents: list[str] = Field(..., min_length=1, max_length=100)
    legal_bases: list[int] = Field([], max_length=50)


class ProgramPatch(ProgramFields):
    version: int = Field(..., ge=1, description="Phiên bản đang sửa: sửa trên bản cũ bị từ chối (409)")


class PartiesIn(Schema):
    version: int = Field(..., ge=1)
    parties: list[PartyIn] = Field(..., min_length=1, max_length=50)


class ContentsIn(Schema):
    version: int = Field(..., ge=1)
    contents: list[str] = Field(..., min_length=1, max_length=100)


class BasesIn(Schema):
    version: int = Field(..., ge=1)
    legal_bases: list[int] = Field(..., max_length=50)


class RespondIn(Schema):
    agree: bool
    note: str = Field("", max_length=10000)


class TransitionIn(Schema):
    reason: str = Field("", max_length=5000)
    signed_on: dt.date | None = None
    signed_place: str = Field("", max_length=120)
    signing_meeting: str = Field("", max_length=300)


class AmendIn(ProgramFields):
    version: int = Field(..., ge=1)
    reason: str = Field(..., min_length=1, max_length=5000)
    contents: list[str] | None = Field(None, max_length=100)


class ProgramFilters(Schema):
    q: str | None = Field(None, max_length=100)
    status: ProgramStatus | None = None
    organization: int | None = Field(None, ge=1, description="Chương trình có cơ quan này tham gia")
    year: int | None = Field(None, ge=2000, le=2100, description="Chương trình có hiệu lực trong năm này")


def _orgs(ids: list[int]) -> dict[int, Organization]:
    found = Organization.objects.in_bulk(ids)
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationFailed(f"Không có cơ quan mã {', '.join(map(str, missing))}.", field="parties")
    return found


def _parties(items: list[PartyIn]) -> list[services.PartyInput]:
    orgs = _orgs([p.organization for p in items])
    return [services.PartyInput(organization=orgs[p.organization], **p.dict(exclude={"organization"})) for p in items]


def _bases(ids: list[int]) -> list[LegalDocument]:
    found = LegalDocument.objects.in_bulk(ids)
    if missing := [i for i in ids if i not in found]:
        raise ValidationFailed(f"Không có văn bản căn cứ mã {', '.join(map(str, missing))}.", field="legal_bases")
    return [found[i] for i in ids]


def _get(request, program_id):
    return selectors.program_get(acting=acting_for(request), program_id=program_id)


@router.get("/legal-documents", response=Page[LegalDocumentOut], summary="Danh mục văn bản căn cứ")
def list_legal_documents(request, page: Query[PageParams], q: str | None = None):
    return paginate(selectors.legal_document_list(q=(q or "")[:100]), page)


@router.post(
    "/legal-documents", response={201: LegalDocumentOut, 400: Error, 404: Error}, summary="Thêm văn bản căn cứ"
)
def create_legal_document(request, payload: LegalDocumentIn):
    return Status(201, services.legal_document_create(acting=acting_for(request), **payload.dict()))


@router.get("/programs", response=Page[ProgramOut], summary="Chương trình phối hợp mà cơ quan xem được")
def list_programs(request, filters: Query[ProgramFilters], page: Query[PageParams]):
    qs = selectors.program_list(
        acting=acting_for(request), q=filters.q, status=filters.status, org_id=filters.organization, year=filters.year
    )
    return paginate(qs, page)


@router.post("/programs", response={201: ProgramDetail, 400: Error, 404: Error}, summary="Soạn dự thảo chương trình")
def create_program(request, payload: ProgramIn):
    data = payload.dict(exclude={"parties", "legal_bases"}, exclude_none=True)
    program = services.program_create(
        acting=acting_for(request), parties=_parties(payload.parties), legal_bases=_bases(payload.legal_bases), **data
    )
    return Status(201, _get(request, program.pk))


@router.get("/programs/{program_id}", response={200: ProgramDetail, 404: Error}, summary="Chi tiết chương trình")
def get_program(request, program_id: int):
    return _get(request, program_id)


@router.patch("/programs/{program_id}", response={200: ProgramDetail, 400: Error, 404: Error, 409: Error})
def update_program(request, program_id: int, payload: ProgramPatch):
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    services.program_update(
        acting=acting_for(request), program=_get(request, program_id), version=payload.version, **changes
    )
    return _get(request, program_id)


@router.put("/programs/{program_id}/parties", response={200: ProgramDetail, 400: Error, 404: Error, 409: Error})
def set_parties(request, program_id: int, payload: PartiesIn):
    program = _get(request, program_id)
    services.program_set_parties(
        acting=acting_for(request), program=program, parties=_parties(payload.parties), version=payload.version
    )
    return _get(request, program_id)


@router.put(
    "/programs/{program_id}/contents",
    response={200: ProgramDetail, 400: Error, 404: Error, 409: Error},
    summary="Thay hoặc sắp xếp lại các nội dung phối hợp (dự thảo)",
)
def set_contents(request, program_id: int, payload: ContentsIn):
    program = _get(request, program_id)
    services.program_set_contents(
        acting=acting_for(request), program=program, contents=payload.contents, version=payload.version
    )
    return _get(request, program_id)


@router.put("/programs/{program_id}/legal-bases", response={200: ProgramDetail, 400: Error, 404: Error, 409: Error})
def set_legal_bases(request, program_id: int, payload: BasesIn):
    program = _get(request, program_id)
    services.program_set_legal_bases(
        acting=acting_for(request), program=program, documents=_bases(payload.legal_bases), version=payload.version
    )
    return _get(request, program_id)


@router.post(
    "/programs/{program_id}/respond",
    response={200: ProgramDetail, 400: Error, 404: Error},
    summary="Một bên nhất trí hoặc góp ý dự thảo",
)
def respond(request, program_id: int, payload: RespondIn):
    services.program_respond(
        acting=acting_for(request), program=_get(request, program_id), agree=payload.agree, note=payload.note
    )
    return _get(request, program_id)


@router.post(
    "/programs/{program_id}/transitions/{action}",
    response={200: ProgramDetail, 400: Error, 404: Error},
    summary="circulate, recall, sign, end, terminate, supersede",
)
def transition(request, program_id: int, action: str, payload: TransitionIn):
    services.program_transition(
        acting=acting_for(request), program=_get(request, program_id), action=action, **payload.dict()
    )
    return _get(request, program_id)


@router.post(
    "/programs/{program_id}/amend",
    response={200: ProgramDetail, 400: Error, 404: Error, 409: Error},
    summary="Sửa đổi, bổ sung chương trình đã ký (tạo phiên bản mới)",
)
def amend(request, program_id: int, payload: AmendIn):
    changes = payload.dict(exclude_unset=True, exclude={"version", "reason", "contents"})
    services.program_amend(
        acting=acting_for(request),
        program=_get(request, program_id),
        reason=payload.reason,
        version=payload.version,
        contents=payload.contents,
        **changes,
    )
    return _get(request, program_id)


@router.get(
    "/programs/{program_id}/revisions/{revision}",
    response={200: dict[str, Any], 404: Error},
    summary="Nội dung một phiên bản trước",
)
def get_revision(request, program_id: int, revision: int):
    program = _get(request, program_id)
    found = next((r for r in program.revisions.all() if r.revision == revision), None)
    if found is None:
        raise NotFound()
    return found.snapshot


@router.get(
    "/programs/{program_id}/document.{fmt}",
    response={200: None, 400: Error, 404: Error},
    summary="Văn bản chương trình: docx hoặc pdf",
)
def program_document(request, program_id: int, fmt: str):
    content, name, content_type = documents.program_file(_get(request, program_id), fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
