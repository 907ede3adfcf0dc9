"""Pages of coordination programs: list, draft, detail with the life cycle, amendment, history, documents."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from phoihop.core.errors import DomainError, NotFound, ValidationFailed
from phoihop.core.web import Outcome, paginate, parse_id, query_without_page, render_page, submit, xlsx_response
from phoihop.orgs.models import Organization
from phoihop.plans import selectors as plan_selectors
from phoihop.plans import services as plan_services
from phoihop.programs import documents, selectors, services
from phoihop.programs import permissions as perms
from phoihop.programs.forms import (
    AmendForm,
    LeadPartyForm,
    LegalDocumentForm,
    OptionalReasonForm,
    PartnerFormSet,
    PlanCreateForm,
    ProgramForm,
    ReasonForm,
    RespondForm,
    SignForm,
    contents_to_text,
)
from phoihop.programs.models import (
    PartyResponse,
    PartyRole,
    Program,
    ProgramRevision,
    ProgramStatus,
    ProgramStatusChange,
)
from phoihop.programs.services import PROGRAM_FIELDS, PartyInput
from phoihop.programs.workflows import TRANSITIONS

PARTY_FIELDS = ("signatory_name", "signatory_title", "signing_authority", "responsibilities")
ACTION_FORMS = {"sign": SignForm, "terminate": ReasonForm, "supersede": ReasonForm, "end": OptionalReasonForm}
ENDED = (ProgramStatus.ENDED, ProgramStatus.TERMINATED, ProgramStatus.SUPERSEDED)


# --- list ----------------------------------------------------------------------------------------------


def program_list(request):
    acting = request.acting
    q = request.GET.get("q", "")[:100]
    status = request.GET.get("status", "")
    year = request.GET.get("year", "")
    year_value = parse_id(year)
    qs = selectors.program_list(
        acting=acting,
        q=q,
        status=status if status in ProgramStatus.values else None,
        year=year_value if year_value and 2000 <= year_value <= 2100 else None,
    )
    if request.GET.get("format") == "xlsx":
        rows = (
            [
                p.title,
                p.period_label,
                p.lead.name,
                p.get_status_display(),
                p.parties_count,
                p.number_line,
                p.signed_on.strftime("%d/%m/%Y") if p.signed_on else "",
                p.revision,
            ]
            for p in qs[:50000]
        )
        return xlsx_response(
            "chuong-trinh-phoi-hop",
            "Chương trình phối hợp",
            [
                "Tên chương trình",
                "Giai đoạn",
                "Cơ quan chủ trì",
                "Trạng thái",
                "Số bên",
                "Số, ký hiệu",
                "Ngày ký",
                "Lần sửa đổi",
            ],
            rows,
        )
    context = {
        "page": paginate(request, qs),
        "q": q,
        "status": status,
        "year": year if year_value else "",
        "statuses": ProgramStatus.choices,
        "query": query_without_page(request),
        "can_create": perms.can_create_program(acting),
    }
    return render_page(request, "programs/program_list.html", context, partial="results")


# --- the draft form ------------------------------------------------------------------------------------

_PARTY_ORG_KEY = re.compile(r"parties-\d{1,3}-organization")


def _party_row(party) -> dict:
    return {f: getattr(party, f) for f in PARTY_FIELDS}


def _program_forms(request, acting, program: Program | None = None):
    """The draft's main form, the lead's row and the partners' formset, filled from the program or the POST."""
    data = request.POST or None
    initial = lead_initial = None
    partner_initial: list[dict] = []
    if program is not None:
        parties = list(program.parties.all())
        lead_party = next((p for p in parties if p.role == PartyRole.LEAD), None)
        initial = {f: getattr(program, f) for f in PROGRAM_FIELDS} | {
            "contents": contents_to_text(c.title for c in program.contents.all()),
            "legal_bases": [link.document_id for link in program.legal_basis_links.all()],
            "version": program.version,
        }
        lead_initial = _party_row(lead_party) if lead_party else None
        partner_initial = [
            {"organization": p.organization_id, **_party_row(p)} for p in parties if p.role != PartyRole.LEAD
        ]
    if data is not None:
        ids = [parse_id(v) for k, v in data.items() if _PARTY_ORG_KEY.fullmatch(k)]
    else:
        ids = [row["organization"] for row in partner_initial]
    orgs = Organization.objects.in_bulk([i for i in ids if i])
    form = ProgramForm(data, initial=initial, legal_documents=selectors.legal_document_list())
    lead = LeadPartyForm(data, prefix="lead", initial=lead_initial)
    partners = PartnerFormSet(data, prefix="parties", initial=partner_initial, form_kwargs={"orgs": orgs})
    return form, lead, partners


def _parties_of(acting_org, lead, partners) -> list[PartyInput]:
    rows = [PartyInput(organization=acting_org, role=PartyRole.LEAD, **lead.cleaned_data)]
    for f in partners.forms:
        org = f.cleaned_data.get("organization")
        if org is not None:
            rows.append(
                PartyInput(
                    organization=org, role=PartyRole.PARTNER, **{k: f.cleaned_data.get(k, "") for k in PARTY_FIELDS}
                )
            )
    return rows


def _submit_all(request, form, others, perform):
    """submit() for a form with companions (lead row, partners formset): all must be valid to perform."""
    if request.method == "POST":
        companions_valid = [o.is_valid() for o in others]  # every one validated, to show every error
        if not all(companions_valid):
            form.is_valid()
            return Outcome(status=400)
    return submit(request, form, perform)


def program_create(request):
    acting = request.acting
    if not perms.can_create_program(acting):
        raise NotFound()
    form, lead, partners = _program_forms(request, acting)

    def perform(d):
        return services.program_create(
            acting=acting,
            title=d["title"],
            period_start=d["period_start"],
            period_end=d["period_end"],
            parties=_parties_of(acting.org, lead, partners),
            contents=d["contents"],
            legal_bases=list(d["legal_bases"]),
            **{k: d[k] for k in ("purpose", "info_regime", "briefing_frequency", "methods", "implementation")},
        )

    outcome = _submit_all(request, form, [lead, partners], perform)
    if outcome.ok:
        messages.success(request, f"Đã lưu dự thảo “{outcome.value.title}”.")
        return redirect("programs:detail", program_id=outcome.value.pk)
    context = {"form": form, "lead": lead, "partners": partners, "lead_org": acting.org}
    return render(request, "programs/program_form.html", context, status=outcome.status)


def _editable_draft(request, program_id) -> Program:
    program = selectors.program_get(acting=request.acting, program_id=program_id)
    if program.status != ProgramStatus.DRAFT or not perms.can_manage_program(request.acting, program):
        raise NotFound()
    return program


def _fresh_version(form, model, pk) -> None:
    """After a 409, the form carries the current version: saving again means “keep mine”."""
    form.data = form.data.copy()
    form.data["version"] = model.objects.filter(pk=pk).values_list("version", flat=True).first()


def program_edit(request, program_id):
    acting = request.acting
    program = _editable_draft(request, program_id)
    form, lead, partners = _program_forms(request, acting, program)
    before_parties = [
        (p.organization_id, p.role, *(getattr(p, f) for f in PARTY_FIELDS)) for p in program.parties.all()
    ]
    before_contents = [c.title for c in program.contents.all()]
    before_bases = {link.document_id for link in program.legal_basis_links.all()}

    def perform(d):
        changes = {k: d[k] for k in PROGRAM_FIELDS if d[k] != getattr(program, k)}
        parties = _parties_of(acting.org, lead, partners)
        after_parties = [(p.organization.pk, p.role, *(getattr(p, f).strip() for f in PARTY_FIELDS)) for p in parties]
        with transaction.atomic():
            services.program_update(acting=acting, program=program, version=d["version"], **changes)
            if after_parties != before_parties:
                services.program_set_parties(acting=acting, program=program, parties=parties)
            if {doc.pk for doc in d["legal_bases"]} != before_bases:
                services.program_set_legal_bases(acting=acting, program=program, documents=list(d["legal_bases"]))
            if d["contents"] != before_contents:
                services.program_set_contents(acting=acting, program=program, contents=d["contents"])
        return program

    outcome = _submit_all(request, form, [lead, partners], perform)
    if outcome.ok:
        messages.success(request, "Đã lưu dự thảo.")
        return redirect("programs:detail", program_id=program.pk)
    if outcome.status == 409:
        _fresh_version(form, Program, program.pk)
    context = {"form": form, "lead": lead, "partners": partners, "lead_org": program.lead, "program": program}
    return render(request, "programs/program_form.html", context, status=outcome.status)


def program_amend(request, program_id):
    acting = request.acting
    program = selectors.program_get(acting=acting, program_id=program_id)
    if program.status != ProgramStatus.EFFECTIVE or not perms.can_manage_program(acting, program):
        raise NotFound()
    titles = [c.title for c in program.contents.all()]
    initial = {f: getattr(program, f) for f in PROGRAM_FIELDS} | {
        "contents": contents_to_text(titles),
        "version": program.version,
    }
    form = AmendForm(request.POST or None, initial=initial)

    def perform(d):
        changes = {k: d[k] for k in PROGRAM_FIELDS if d[k] != initial[k]}
        return services.program_amend(
            acting=acting,
            program=program,
            reason=d["reason"],
            version=d["version"],
            contents=d["contents"] if d["contents"] != titles else None,
            **changes,
        )

    outcome = submit(request, form, perform)
    if outcome.ok:
        messages.success(request, f"Đã ghi nhận sửa đổi, bổ sung lần {outcome.value.revision}.")
        return redirect("programs:detail", program_id=program.pk)
    if outcome.status == 409:
        _fresh_version(form, Program, program.pk)
    return render(request, "programs/program_amend.html", {"form": form, "program": program}, status=outcome.status)


# --- detail and its actions ----------------------------------------------------------------------------


def _detail_context(request, program: Program, **forms) -> dict:
    acting = request.acting
    manage = perms.can_manage_program(acting, program)
    parties = list(program.parties.all())
    actions = []
    if manage:
        for t in TRANSITIONS.values():
            if program.status in t.sources:
                form_class = ACTION_FORMS.get(t.action)
                form = forms.get(f"action_{t.action}")
                if form is None and form_class is not None:
                    form = form_class(initial=_action_initial(t.action, program), prefix=t.action)
                actions.append({"t": t, "form": form, "open": f"action_{t.action}" in forms})
    plans = list(plan_selectors.plan_list(acting=acting, program_id=program.pk))
    can_plan = manage and program.status not in ENDED
    plan_form = forms.get("plan_form")
    if plan_form is None and can_plan:
        taken = {p.year for p in plans}
        free = [y for y in range(program.period_start, program.period_end + 1) if y not in taken]
        plan_form = PlanCreateForm(initial={"year": free[0] if free else program.period_start})
    respond_form = forms.get("respond_form")
    can_respond = perms.can_respond_program(acting, program)
    if respond_form is None and can_respond:
        respond_form = RespondForm()
    return {
        "program": program,
        "parties": parties,
        "pending": [p for p in parties if p.response == PartyResponse.PENDING],
        "my_party": next((p for p in parties if acting.org and p.organization_id == acting.org.id), None),
        "contents": list(program.contents.all()),
        "bases": [link.document for link in program.legal_basis_links.all()],
        "can_manage": manage,
        "can_edit": manage and program.status == ProgramStatus.DRAFT,
        "can_amend": manage and program.status == ProgramStatus.EFFECTIVE,
        "can_reorder": manage and program.status == ProgramStatus.DRAFT,
        "can_respond": can_respond,
        "respond_form": respond_form,
        "actions": actions,
        "plans": plans,
        "can_plan": can_plan,
        "plan_form": plan_form,
        "status_changes": ProgramStatusChange.objects.filter(program=program).select_related("by", "organization"),
        "revisions": ProgramRevision.objects.filter(program=program).select_related("created_by").defer("snapshot"),
    }


def _action_initial(action: str, program: Program) -> dict:
    if action == "sign":
        lead = program.lead
        return {"signed_on": timezone.localdate(), "signed_place": lead.unit.short_name if lead.unit_id else ""}
    return {}


@require_safe
def program_detail(request, program_id):
    program = selectors.program_get(acting=request.acting, program_id=program_id)
    return render(request, "programs/program_detail.html", _detail_context(request, program))


@require_POST
def program_respond(request, program_id):
    acting = request.acting
    program = selectors.program_get(acting=acting, program_id=program_id)
    form = RespondForm(request.POST)
    outcome = submit(
        request,
        form,
        lambda d: services.program_respond(
            acting=acting, program=program, agree=d["decision"] == "agree", note=d["note"]
        ),
    )
    if outcome.ok:
        words = "nhất trí" if outcome.value.response == PartyResponse.AGREED else "gửi ý kiến về"
        messages.success(request, f"Đã {words} dự thảo.")
        return redirect("programs:detail", program_id=program.pk)
    context = _detail_context(request, program, respond_form=form)
    return render(request, "programs/program_detail.html", context, status=outcome.status)


@require_POST
def program_action(request, program_id, action):
    acting = request.acting
    program = selectors.program_get(acting=acting, program_id=program_id)
    transition = TRANSITIONS.get(action)
    if transition is None or not perms.can_manage_program(acting, program):
        raise NotFound()
    form_class = ACTION_FORMS.get(action)
    form = form_class(request.POST, prefix=action) if form_class else None
    if form is None:
        services.program_transition(acting=acting, program=program, action=action)
        messages.success(request, f"Đã thực hiện: {transition.label}.")
        return redirect("programs:detail", program_id=program.pk)
    outcome = submit(
        request, form, lambda d: services.program_transition(acting=acting, program=program, action=action, **d)
    )
    if outcome.ok:
        done = outcome.value
        note = f" Số: {done.number_line.removeprefix('Số: ').removeprefix('Số ')}." if action == "sign" else ""
        messages.success(request, f"Đã thực hiện: {transition.label}.{note}")
        return redirect("programs:detail", program_id=program.pk)
    context = _detail_context(request, program, **{f"action_{action}": form})
    return render(request, "programs/program_detail.html", context, status=outcome.status)


def _contents_context(request, program: Program, error: str | None = None) -> dict:
    return {
        "program": program,
        "contents": list(program.contents.all()),
        "can_reorder": perms.can_manage_program(request.acting, program) and program.status == ProgramStatus.DRAFT,
        "contents_error": error,
    }


@require_POST
def content_move(request, program_id):
    """↑/↓ of a draft's content: the whole list is renumbered by program_set_contents (with the version)."""
    acting = request.acting
    program = _editable_draft(request, program_id)
    titles = [c.title for c in program.contents.all()]
    number = parse_id(request.POST.get("number"))
    direction = request.POST.get("direction")
    if not number or not 1 <= number <= len(titles) or direction not in ("up", "down"):
        raise ValidationFailed("Không có nội dung này để chuyển.")
    other = number - 1 if direction == "up" else number + 1
    if not 1 <= other <= len(titles):
        raise ValidationFailed("Nội dung đã ở đầu hoặc cuối danh sách.")
    titles[number - 1], titles[other - 1] = titles[other - 1], titles[number - 1]
    try:
        services.program_set_contents(
            acting=acting, program=program, contents=titles, version=parse_id(request.POST.get("version"))
        )
    except NotFound:
        raise
    except DomainError as e:
        if not request.htmx:
            raise
        fresh = selectors.program_get(acting=acting, program_id=program.pk)
        context = _contents_context(request, fresh, str(e.message))
        return render(request, "programs/program_detail.html#contents", context, status=e.status)
    if request.htmx:
        fresh = selectors.program_get(acting=acting, program_id=program.pk)
        return render(request, "programs/program_detail.html#contents", _contents_context(request, fresh))
    return redirect(reverse("programs:detail", args=[program.pk]) + "#noi-dung")


@require_POST
def plan_create(request, program_id):
    acting = request.acting
    program = selectors.program_get(acting=acting, program_id=program_id)
    if not perms.can_manage_program(acting, program):
        raise NotFound()
    form = PlanCreateForm(request.POST)
    outcome = submit(
        request,
        form,
        lambda d: plan_services.plan_create(acting=acting, program=program, year=d["year"], title=d["title"]),
    )
    if outcome.ok:
        messages.success(request, f"Đã lập {outcome.value.title}.")
        return redirect("plans:detail", plan_id=outcome.value.pk)
    context = _detail_context(request, program, plan_form=form)
    return render(request, "programs/program_detail.html", context, status=outcome.status)


@require_safe
def program_document(request, program_id, fmt):
    program = selectors.program_get(acting=request.acting, program_id=program_id)
    content, name, content_type = documents.program_file(program, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def revision_detail(request, program_id, revision):
    program = selectors.program_get(acting=request.acting, program_id=program_id)
    found = next((r for r in program.revisions.all() if r.revision == revision), None)
    if found is None:
        raise NotFound()
    snap = found.snapshot or {}
    signed_on = snap.get("signed_on")
    context = {
        "program": program,
        "revision": found,
        "snap": snap,
        "status_label": ProgramStatus(snap["status"]).label if snap.get("status") in ProgramStatus.values else "",
        "signed_on": dt.date.fromisoformat(signed_on) if signed_on else None,
        "parties": [p | {"role_label": PartyRole(p["role"]).label} for p in snap.get("parties", [])],
        "sections": [
            (label, snap.get(key))
            for key, label in (
                ("purpose", "Mục đích, yêu cầu"),
                ("info_regime", "Chế độ thông tin"),
                ("briefing_frequency", "Chế độ giao ban"),
                ("methods", "Phương thức phối hợp khác"),
                ("implementation", "Tổ chức thực hiện"),
            )
            if snap.get(key)
        ],
    }
    return render(request, "programs/revision_detail.html", context)


# --- legal documents -----------------------------------------------------------------------------------


def legal_document_create(request):
    acting = request.acting
    if not perms.can_create_program(acting):
        raise NotFound()
    form = LegalDocumentForm(request.POST or None)
    outcome = submit(request, form, lambda d: services.legal_document_create(acting=acting, **d))
    if outcome.ok:
        messages.success(
            request,
            f"Đã thêm văn bản căn cứ {outcome.value.number_symbol}. Trên trang soạn chương trình, bấm "
            "“Cập nhật danh sách căn cứ” để chọn văn bản này.",
        )
        return redirect("programs:legal_document_create")
    return render(request, "programs/legal_document_form.html", {"form": form}, status=outcome.status)


@require_safe
def legal_document_options(request):
    """The legal bases checkboxes again (after a document was added in another tab), ticks kept."""
    checked = [i for i in (parse_id(v) for v in request.GET.getlist("legal_bases")[:100]) if i]
    form = ProgramForm(initial={"legal_bases": checked}, legal_documents=selectors.legal_document_list())
    return render(request, "programs/program_form.html#legal_bases", {"form": form})
