"""Pages of meetings: the list, the form, one meeting (answers, attendance, minutes, conclusions into
tasks, the HĐND session's proposals, documents), the .ics, the organisation's private feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from phoihop.core.errors import DomainError, NotFound, ValidationFailed
from phoihop.core.web import add_errors, paginate, parse_id, query_without_page, render_page
from phoihop.meetings import permissions as perms
from phoihop.meetings import selectors, services
from phoihop.meetings.documents import meeting_file
from phoihop.meetings.forms import AnswerForm, ConclusionForm, DocumentsForm, MeetingForm, MinutesForm
from phoihop.meetings.models import Invitation, MeetingKind, MeetingStatus
from phoihop.meetings.workflows import TRANSITIONS
from phoihop.notifications.calendar_feed import build_calendar
from phoihop.orgs.models import Organization


def _orgs(data, names) -> dict[int, Organization]:
    ids = [parse_id(data.get(n)) for n in names]
    return {o.pk: o for o in Organization.objects.filter(pk__in=[i for i in ids if i])}


def _try(request, form, fn):
    """Run a service; refusals go next to the form's fields (400), NotFound stays a 404."""
    try:
        return True, fn()
    except NotFound:
        raise
    except DomainError as e:
        add_errors(form, e)
        return False, max(400, e.status)


def meeting_list(request):
    acting = request.acting
    kind = request.GET.get("kind") if request.GET.get("kind") in MeetingKind.values else None
    when = request.GET.get("when") if request.GET.get("when") in ("upcoming", "past") else None
    q = (request.GET.get("q") or "")[:200]
    page = paginate(request, selectors.meeting_list(acting, kind=kind, when=when, q=q or None))
    context = {
        "page": page,
        "query": query_without_page(request),
        "f": {"kind": kind or "", "when": when or "", "q": q},
        "kinds": MeetingKind.choices,
        "can_create": perms.can_manage(acting),
        "feed_url": request.session.pop("org_feed_url", None),
    }
    return render_page(request, "meetings/meeting_list.html", context, partial="results")


def _plans(acting):
    from phoihop.plans.models import Plan, PlanStatus
    from phoihop.plans.permissions import can_manage_plan

    candidates = (
        Plan.objects.exclude(status=PlanStatus.CLOSED)
        .select_related("program__lead__type")
        .prefetch_related("program__parties")
    )
    if not acting.is_system_admin:
        candidates = candidates.filter(program__parties__organization=acting.org).distinct()
    return [p for p in candidates.order_by("-year", "title")[:50] if can_manage_plan(acting, p)]


def meeting_form(request, meeting_id=None):
    acting = request.acting
    meeting = selectors.meeting_get(acting, meeting_id) if meeting_id else None
    if not perms.can_manage(acting, meeting):
        raise NotFound()
    names = [f"invite_{i}" for i in range(8)]
    if request.method == "POST":
        form = MeetingForm(request.POST, plans=_plans(acting), orgs=_orgs(request.POST, names))
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            data = {k: d[k] for k in ("kind", "title", "starts_at", "ends_at", "place", "chair", "agenda", "plan")}
            data["program"] = d["plan"].program if d["plan"] else (meeting.program if meeting else None)
            invited = [o.pk for o in form.invited()]
            if meeting is None:
                ok, value = _try(
                    request, form, lambda: services.meeting_create(acting=acting, data=data, organizations=invited)
                )
            else:
                ok, value = _try(
                    request,
                    form,
                    lambda: services.meeting_update(
                        acting=acting, meeting=meeting, data=data, version=d["version"], organizations=invited
                    ),
                )
            if ok:
                messages.success(request, "Đã lưu cuộc họp và gửi giấy mời." if meeting is None else "Đã lưu thay đổi.")
                return redirect("meetings:detail", meeting_id=value.pk)
            status = value
        return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting}, status=status)
    initial = {}
    if meeting is not None:
        initial = {k: getattr(meeting, k) for k in ("kind", "title", "place", "chair", "agenda")}
        initial |= {
            "starts_at": timezone.localtime(meeting.starts_at),
            "ends_at": timezone.localtime(meeting.ends_at),
            "plan": meeting.plan_id or "",
            "version": meeting.version,
        }
    form = MeetingForm(initial=initial, plans=_plans(acting), orgs={})
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


def _detail_context(request, meeting, **forms):
    acting = request.acting
    manage = perms.can_manage(acting, meeting)
    invitation = perms.my_invitation(acting, meeting)
    today = timezone.localdate()
    context = {
        "meeting": meeting,
        "manage": manage,
        "invitation": invitation,
        "answer_form": forms.get("answer_form")
        or (
            AnswerForm(
                initial={
                    "answer": invitation.answer if invitation and invitation.answer != "pending" else "",
                    "deputy": invitation.deputy if invitation else "",
                }
            )
            if invitation and meeting.status == MeetingStatus.PLANNED
            else None
        ),
        "minutes_form": forms.get("minutes_form")
        or (
            MinutesForm(
                initial={"minutes": meeting.minutes, "secretary": meeting.secretary, "version": meeting.version}
            )
            if manage and meeting.status != MeetingStatus.CANCELLED
            else None
        ),
        "conclusion_form": forms.get("conclusion_form")
        or (ConclusionForm(orgs={}) if manage and meeting.status != MeetingStatus.CANCELLED else None),
        "can_attend": manage
        and meeting.status != MeetingStatus.CANCELLED
        and today >= timezone.localtime(meeting.starts_at).date(),
        "actions": [(a, t.label) for a, t in TRANSITIONS.items() if manage and meeting.status in t.sources],
        "proposals": services.hdnd_proposals(meeting) if manage and not meeting.conclusions.all() else [],
        "proposal_errors": forms.get("proposal_errors"),
        "documents": list(selectors.meeting_documents(acting, meeting)),
        "documents_form": forms.get("documents_form") or (DocumentsForm() if manage else None),
        "answers": Invitation.Answer,
    }
    return context


def meeting_detail(request, meeting_id):
    meeting = selectors.meeting_get(request.acting, meeting_id)
    return render(request, "meetings/meeting_detail.html", _detail_context(request, meeting))


@require_POST
def meeting_answer(request, meeting_id):
    acting = request.acting
    meeting = selectors.meeting_get(acting, meeting_id)
    form = AnswerForm(request.POST)
    if form.is_valid():
        ok, _value = _try(
            request,
            form,
            lambda: services.invitation_answer(
                acting=acting, meeting=meeting, answer=form.cleaned_data["answer"], deputy=form.cleaned_data["deputy"]
            ),
        )
        if ok:
            messages.success(request, "Đã gửi trả lời giấy mời.")
            return redirect("meetings:detail", meeting_id=meeting.pk)
    return render(
        request, "meetings/meeting_detail.html", _detail_context(request, meeting, answer_form=form), status=400
    )


@require_POST
def meeting_transition(request, meeting_id):
    acting = request.acting
    meeting = selectors.meeting_get(acting, meeting_id)
    services.meeting_transition(
        acting=acting, meeting=meeting, action=request.POST.get("action", ""), reason=request.POST.get("reason", "")
    )
    messages.success(request, "Đã cập nhật trạng thái cuộc họp.")
    return redirect("meetings:detail", meeting_id=meeting.pk)


@require_POST
def meeting_attendance(request, meeting_id):
    acting = request.acting
    meeting = selectors.meeting_get(acting, meeting_id)
    rows = {}
    for inv in meeting.invitations.all():
        rows[inv.pk] = (request.POST.get(f"present_{inv.pk}") == "on", request.POST.get(f"attendee_{inv.pk}", ""))
    services.attendance_record(acting=acting, meeting=meeting, rows=rows)
    messages.success(request, "Đã lưu điểm danh.")
    return redirect("meetings:detail", meeting_id=meeting.pk)


@require_POST
def meeting_minutes(request, meeting_id):
    acting = request.acting
    meeting = selectors.meeting_get(acting, meeting_id)
    form = MinutesForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        ok, value = _try(
            request,
            form,
            lambda: services.minutes_save(
                acting=acting, meeting=meeting, minutes=d["minutes"], secretary=d["secretary"], version=d["version"]
            ),
        )
        if ok:
            messages.success(request, "Đã lưu biên bản.")
            return redirect("meetings:detail", meeting_id=meeting.pk)
        status = value
    else:
        status = 400
    return render(
        request, "meetings/meeting_detail.html", _detail_context(request, meeting, minutes_form=form), status=status
    )


@require_POST
def conclusion_add(request, meeting_id):
    acting = request.acting
    meeting = selectors.meeting_get(acting, meeting_id)
    form = ConclusionForm(request.POST, orgs=_orgs(request.POST, ["lead"]))
    if form.is_valid():
        ok, value = _try(
            request, form, lambda: services.conclusion_add(acting=acting, meeting=meeting, data=form.cleaned_data)
        )
        if ok:
            messages.success(request, "Đã thêm kết luận.")
            return redirect("meetings:detail", meeting_id=meeting.pk)
        status = value
    else:
        status = 400
    meeting = selectors.meeting_get(acting, meeting_id)
    return render(
        request, "meetings/meeting_detail.html", _detail_context(request, meeting, conclusion_form=form), status=status
    )


@require_POST
def conclusion_task(request, meeting_id, conclusion_id):
    acting = request.acting
    meeting = selectors.meeting_get(acting, meeting_id)
    conclusion = next((c for c in meeting.conclusions.all() if c.pk == conclusion_id), None)
    if conclusion is None:
        raise NotFound()
    c = services.conclusion_to_task(acting=acting, conclusion=conclusion)
    messages.success(request, f"Đã giao kết luận số {c.number} thành nhiệm vụ.")
    return redirect("meetings:detail", meeting_id=meeting.pk)


@require_POST
def proposals_confirm(request, meeting_id):
    acting = request.acting
    meeting = selectors.meeting_get(acting, meeting_id)
    items = []
    for p in services.hdnd_proposals(meeting):
        k = p["key"]
        if request.POST.get(f"take_{k}") != "on":
            continue
        items.append(
            {
                "text": request.POST.get(f"title_{k}", ""),
                "lead": request.POST.get(f"lead_{k}") or None,
                "deadline": request.POST.get(f"deadline_{k}") or None,
            }
        )
    try:
        services.hdnd_confirm(acting=acting, meeting=meeting, items=items)
    except ValidationFailed as e:
        return render(
            request,
            "meetings/meeting_detail.html",
            _detail_context(request, meeting, proposal_errors=str(e.message)),
            status=400,
        )
    messages.success(request, f"Đã giao {len(items)} nhiệm vụ tuyên truyền của kỳ họp.")
    return redirect("meetings:detail", meeting_id=meeting.pk)


@require_POST
def documents_add(request, meeting_id):
    acting = request.acting
    meeting = selectors.meeting_get(acting, meeting_id)
    form = DocumentsForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        ok, value = _try(
            request,
            form,
            lambda: services.documents_add(acting=acting, meeting=meeting, files=form.cleaned_data["file"]),
        )
        if ok:
            messages.success(request, f"Đã đính kèm {len(value)} tài liệu.")
            return redirect("meetings:detail", meeting_id=meeting.pk)
        status = value
    return render(
        request, "meetings/meeting_detail.html", _detail_context(request, meeting, documents_form=form), status=status
    )


@require_POST
def document_issue(request, meeting_id, which):
    acting = request.acting
    meeting = selectors.meeting_get(acting, meeting_id)
    services.document_issue(acting=acting, meeting=meeting, which=which)
    messages.success(request, "Đã cấp số văn bản.")
    return redirect("meetings:detail", meeting_id=meeting.pk)


def meeting_document(request, meeting_id, which, fmt):
    meeting = selectors.meeting_get(request.acting, meeting_id)
    content, name, ctype = meeting_file(meeting, which, fmt)
    response = HttpResponse(content, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def meeting_ics(request, meeting_id):
    meeting = selectors.meeting_get(request.acting, meeting_id)
    response = HttpResponse(
        build_calendar(name=meeting.title, events=[selectors.meeting_event(meeting)]),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="cuoc-hop-{meeting.pk}.ics"'
    return response


@require_POST
def org_feed(request):
    acting = request.acting
    if request.POST.get("action") == "revoke":
        services.org_feed_token_revoke(acting=acting)
        messages.success(request, "Đã thu hồi địa chỉ lịch của cơ quan.")
    else:
        raw = services.org_feed_token_create(acting=acting)
        request.session["org_feed_url"] = request.build_absolute_uri(f"/meetings/feed/{raw}.ics")
        messages.success(request, "Đã tạo địa chỉ lịch mới của cơ quan; địa chỉ cũ (nếu có) không còn dùng được.")
    return redirect("meetings:list")


@login_not_required
def org_feed_ics(request, token):
    org = services.org_feed_token_use(token)
    if org is None:
        raise NotFound()
    body = build_calendar(name=f"PhốiHợp — lịch họp của {org.name}", events=selectors.org_meeting_events(org))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lich-hop.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
