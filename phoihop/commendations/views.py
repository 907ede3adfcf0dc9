"""Pages of commendations (list with filters and exports, the form, one proposal with its workflow buttons
and the award form) and of good models (searchable register, form, one model with files and followers)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from phoihop.commendations import permissions as perms
from phoihop.commendations import selectors, services
from phoihop.commendations.documents import XLSX_HEADERS, list_file, xlsx_rows
from phoihop.commendations.forms import AdoptForm, AwardForm, CommendationForm, FilesForm, GoodModelForm, ReasonForm
from phoihop.commendations.models import CommendationKind, CommendationStatus, GoodModelStatus
from phoihop.commendations.workflows import TRANSITIONS
from phoihop.core.errors import DomainError, NotFound
from phoihop.core.web import add_errors, paginate, parse_id, query_without_page, render_page, xlsx_response
from phoihop.orgs.models import Organization

EXPORT_LIMIT = 5000


def _try(form, fn):
    try:
        return True, fn()
    except NotFound:
        raise
    except DomainError as e:
        add_errors(form, e)
        return False, max(400, e.status)


def _orgs(data, names) -> dict[int, Organization]:
    ids = [parse_id(data.get(n)) for n in names]
    return {o.pk: o for o in Organization.objects.filter(pk__in=[i for i in ids if i])}


def _filters(request) -> dict:
    g = request.GET
    year = parse_id(g.get("year"))
    return {
        "status": g.get("status") if g.get("status") in CommendationStatus.values else None,
        "kind": g.get("kind") if g.get("kind") in CommendationKind.values else None,
        "year": year if year and 2000 <= year <= 2100 else None,
        "q": (g.get("q") or "")[:200] or None,
    }


def _require_read(request):
    if not perms.can_read(request.acting):
        raise NotFound()


def commendation_list(request):
    _require_read(request)
    acting = request.acting
    f = _filters(request)
    page = paginate(request, selectors.commendation_list(acting, **f))
    context = {
        "page": page,
        "query": query_without_page(request),
        "f": {k: ("" if v is None else v) for k, v in f.items()},
        "statuses": CommendationStatus.choices,
        "kinds": CommendationKind.choices,
        "can_create": perms.can_propose(acting),
        "can_models": True,
    }
    return render_page(request, "commendations/commendation_list.html", context, partial="results")


def commendation_export(request, fmt):
    _require_read(request)
    acting = request.acting
    f = _filters(request)
    if fmt == "docx":
        rows = selectors.document_rows(acting, limit=EXPORT_LIMIT, **f)
        content, name, ctype = list_file(acting.org, rows, "docx")
        response = HttpResponse(content, content_type=ctype)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    rows = list(selectors.commendation_list(acting, **f)[:EXPORT_LIMIT])
    return xlsx_response("danh-sach-khen-thuong", "Khen thưởng", XLSX_HEADERS, xlsx_rows(rows))


def _programs(acting):
    from phoihop.programs.models import Program
    from phoihop.programs.permissions import can_view_program

    qs = Program.objects.prefetch_related("parties__organization__type").order_by("-period_start", "title")
    if not acting.is_system_admin and acting.org is not None:
        qs = qs.filter(parties__organization=acting.org).distinct()
    return [p for p in qs[:50] if can_view_program(acting, p)]


def _meetings(acting):
    from phoihop.meetings.models import MeetingKind
    from phoihop.meetings.selectors import visible_meetings

    return list(visible_meetings(acting).filter(kind=MeetingKind.REVIEW).order_by("-starts_at")[:50])


def commendation_form(request, commendation_id=None):
    acting = request.acting
    c = selectors.commendation_get(acting, commendation_id) if commendation_id else None
    if not perms.can_propose(acting, c):
        raise NotFound()
    kw = {
        "award_forms": list(selectors.award_forms()),
        "programs": _programs(acting),
        "meetings": _meetings(acting),
    }
    if request.method == "POST":
        form = CommendationForm(request.POST, orgs=_orgs(request.POST, ["nominee_org"]), **kw)
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            data = {k: v for k, v in d.items() if k != "version"}
            if c is None:
                ok, value = _try(form, lambda: services.commendation_create(acting=acting, data=data))
            else:
                ok, value = _try(
                    form,
                    lambda: services.commendation_update(
                        acting=acting, commendation=c, data=data, version=d["version"]
                    ),
                )
            if ok:
                messages.success(request, "Đã lưu đề nghị khen thưởng.")
                return redirect("commendations:detail", commendation_id=value.pk)
            status = value
        return render(request, "commendations/commendation_form.html", {"form": form, "c": c}, status=status)
    initial = {}
    orgs = {}
    if c is not None:
        initial = {
            k: getattr(c, k) for k in ("kind", "full_name", "job_title", "achievements", "year_from", "year_to")
        } | {
            "occasion": c.occasion,
            "nominee_org": c.nominee_org_id,
            "proposed_form": c.proposed_form.code if c.proposed_form_id else "",
            "program": c.program_id or "",
            "meeting": c.meeting_id or "",
            "version": c.version,
        }
        orgs = {c.nominee_org_id: c.nominee_org}
    else:
        initial = {"kind": CommendationKind.COLLECTIVE, "nominee_org": acting.org.pk}
        orgs = {acting.org.pk: acting.org}
    form = CommendationForm(initial=initial, orgs=orgs, **kw)
    return render(request, "commendations/commendation_form.html", {"form": form, "c": c})


def _detail_context(request, c, **forms):
    acting = request.acting
    actions = [
        t
        for t in TRANSITIONS.values()
        if t.action != "award" and c.status in t.sources and perms.can_do(acting, c, t.who)
    ]
    can_award = c.status in TRANSITIONS["award"].sources and perms.can_do(acting, c, "propose")
    return {
        "c": c,
        "actions": actions,
        "can_edit": c.status == CommendationStatus.DRAFT and perms.can_propose(acting, c),
        "award_form": forms.get("award_form")
        or (AwardForm(award_forms=list(selectors.award_forms())) if can_award else None),
        "reason_error": forms.get("reason_error"),
    }


def commendation_detail(request, commendation_id):
    c = selectors.commendation_get(request.acting, commendation_id)
    return render(request, "commendations/commendation_detail.html", _detail_context(request, c))


@require_POST
def commendation_action(request, commendation_id):
    acting = request.acting
    c = selectors.commendation_get(acting, commendation_id)
    action = request.POST.get("action", "")
    form = ReasonForm(request.POST)
    reason = form.data.get("reason", "")
    try:
        services.commendation_transition(
            acting=acting, commendation=c, action=action, reason=reason, version=parse_id(request.POST.get("version"))
        )
    except NotFound:
        raise
    except DomainError as e:
        c = selectors.commendation_get(acting, commendation_id)
        return render(
            request,
            "commendations/commendation_detail.html",
            _detail_context(request, c, reason_error=str(e.message)),
            status=max(400, e.status),
        )
    t = TRANSITIONS.get(action)
    messages.success(request, f"Đã {str(t.label).lower()}." if t else "Đã cập nhật.")
    return redirect("commendations:detail", commendation_id=c.pk)


@require_POST
def commendation_award(request, commendation_id):
    acting = request.acting
    c = selectors.commendation_get(acting, commendation_id)
    form = AwardForm(request.POST, award_forms=list(selectors.award_forms()))
    status = 400
    if form.is_valid():
        ok, value = _try(
            form, lambda: services.commendation_award(acting=acting, commendation=c, data=form.cleaned_data)
        )
        if ok:
            messages.success(request, "Đã ghi nhận quyết định khen thưởng.")
            return redirect("commendations:detail", commendation_id=c.pk)
        status = value
    return render(
        request, "commendations/commendation_detail.html", _detail_context(request, c, award_form=form), status=status
    )


# --- good models ------------------------------------------------------------------------------------------


def model_list(request):
    _require_read(request)
    acting = request.acting
    topics = list(selectors.model_topics())
    topic = next((t for t in topics if t.code == request.GET.get("topic")), None)
    unit = parse_id(request.GET.get("unit"))
    q = (request.GET.get("q") or "")[:200]
    page = paginate(request, selectors.model_list(acting, q=q or None, topic=topic.pk if topic else None, unit=unit))
    context = {
        "page": page,
        "query": query_without_page(request),
        "f": {"q": q, "topic": topic.code if topic else "", "unit": unit or ""},
        "topics": topics,
        "can_create": perms.can_manage_models(acting),
    }
    return render_page(request, "commendations/model_list.html", context, partial="results")


def _areas(acting):
    from phoihop.geo.models import AdminUnit

    org = acting.org
    if org is None or not org.unit_id:
        return []
    unit = org.unit
    below = AdminUnit.objects.filter(generation=unit.generation, path__startswith=f"{unit.path}/").order_by("name")
    return [unit, *below[:300]]


def model_form(request, model_id=None):
    acting = request.acting
    m = selectors.model_get(acting, model_id) if model_id else None
    if not (perms.can_manage_model(acting, m) if m else perms.can_manage_models(acting)):
        raise NotFound()
    kw = {"topics": list(selectors.model_topics()), "areas": _areas(acting), "programs": _programs(acting)}
    if request.method == "POST":
        form = GoodModelForm(request.POST, orgs=_orgs(request.POST, ["unit"]), **kw)
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            data = {k: v for k, v in d.items() if k != "version"}
            if m is None:
                ok, value = _try(form, lambda: services.model_create(acting=acting, data=data))
            else:
                ok, value = _try(
                    form,
                    lambda: services.model_update(acting=acting, good_model=m, data=data, version=d["version"]),
                )
            if ok:
                messages.success(request, "Đã lưu mô hình.")
                return redirect("commendations:model_detail", model_id=value.pk)
            status = value
        return render(request, "commendations/model_form.html", {"form": form, "m": m}, status=status)
    initial, orgs = {}, {}
    if m is not None:
        initial = {k: getattr(m, k) for k in ("title", "description", "results", "started_on")} | {
            "topic": m.topic.code,
            "unit": m.unit_id,
            "area": m.area_id or "",
            "program": m.program_id or "",
            "version": m.version,
        }
        orgs = {m.unit_id: m.unit}
    form = GoodModelForm(initial=initial, orgs=orgs, **kw)
    return render(request, "commendations/model_form.html", {"form": form, "m": m})


def _model_context(request, m, **forms):
    acting = request.acting
    manage = perms.can_manage_model(acting, m)
    return {
        "m": m,
        "manage": manage,
        "files": list(selectors.model_files(acting, m)),
        "files_form": forms.get("files_form") or (FilesForm() if manage else None),
        "adopt_form": forms.get("adopt_form") or (AdoptForm() if perms.can_adopt(acting, m) else None),
        "adopted": acting.org is not None and any(a.organization_id == acting.org.pk for a in m.adoptions.all()),
        "published": m.status == GoodModelStatus.PUBLISHED,
    }


def model_detail(request, model_id):
    m = selectors.model_get(request.acting, model_id)
    return render(request, "commendations/model_detail.html", _model_context(request, m))


@require_POST
def model_publish(request, model_id):
    acting = request.acting
    m = selectors.model_get(acting, model_id)
    services.model_publish(acting=acting, good_model=m)
    messages.success(request, "Đã công bố mô hình.")
    return redirect("commendations:model_detail", model_id=m.pk)


@require_POST
def model_adopt(request, model_id):
    acting = request.acting
    m = selectors.model_get(acting, model_id)
    form = AdoptForm(request.POST)
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        ok, value = _try(
            form,
            lambda: services.model_adopt(acting=acting, good_model=m, note=d["note"], adopted_on=d["adopted_on"]),
        )
        if ok:
            messages.success(request, "Đã ghi nhận cơ quan áp dụng mô hình.")
            return redirect("commendations:model_detail", model_id=m.pk)
        status = value
    return render(
        request, "commendations/model_detail.html", _model_context(request, m, adopt_form=form), status=status
    )


@require_POST
def model_files(request, model_id):
    acting = request.acting
    m = selectors.model_get(acting, model_id)
    form = FilesForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        ok, value = _try(
            form, lambda: services.model_files_add(acting=acting, good_model=m, files=form.cleaned_data["file"])
        )
        if ok:
            messages.success(request, f"Đã đính kèm {len(value)} tệp.")
            return redirect("commendations:model_detail", model_id=m.pk)
        status = value
    return render(
        request, "commendations/model_detail.html", _model_context(request, m, files_form=form), status=status
    )
