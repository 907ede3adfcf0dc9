"""Pages of reports: the list (own reports, subordinates' submitted reports, calls), a new report, one
report (figures beside the narrative, the workflow, exports), calls for reports and their submissions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from phoihop.core.errors import DomainError, NotFound
from phoihop.core.web import add_errors, paginate, query_without_page, render_page
from phoihop.orgs.models import Organization
from phoihop.orgs.visibility import rollup_prefix
from phoihop.reports import permissions as perms
from phoihop.reports import selectors, services
from phoihop.reports.documents import report_file, report_tables
from phoihop.reports.forms import CallForm, NarrativeForm, ReportForm
from phoihop.reports.models import ReportStatus
from phoihop.reports.sentences import period_name, sentences
from phoihop.reports.workflows import TRANSITIONS, available


def _try(form, fn):
    try:
        return True, fn()
    except NotFound:
        raise
    except DomainError as e:
        add_errors(form, e)
        return False, max(400, e.status)


def report_list(request):
    acting = request.acting
    status = request.GET.get("status") if request.GET.get("status") in ReportStatus.values else None
    mine = request.GET.get("mine") == "1"
    page = paginate(request, selectors.report_list(acting=acting, status=status, mine=mine))
    calls = selectors.call_list(acting=acting)[:20]
    context = {
        "page": page,
        "query": query_without_page(request),
        "f": {"status": status or "", "mine": mine},
        "statuses": ReportStatus.choices,
        "calls": calls,
        "can_prepare": acting.org is not None and perms.may(acting, _blank(acting), "report.prepare"),
        "can_call": perms.issues_calls(acting),
    }
    return render_page(request, "reports/report_list.html", context, partial="results")


def _blank(acting):
    from phoihop.reports.models import Report

    return Report(organization_id=acting.org.pk if acting.org else 0)


def report_new(request):
    acting = request.acting
    if acting.org is None or not perms.may(acting, _blank(acting), "report.prepare"):
        raise NotFound
    from phoihop.programs.selectors import program_list

    programs = list(program_list(acting=acting)[:100])
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST, programs=programs)
        status = 400
        if form.is_valid():
            data = {**form.cleaned_data, "program": form.cleaned_data.get("program") or None}
            ok, result = _try(form, lambda: services.report_create(acting=acting, data=data))
            if ok:
                messages.success(request, "Đã lập báo cáo và tổng hợp số liệu.")
                return redirect("reports:detail", result.pk)
            status = result
    else:
        form = ReportForm(programs=programs)
    return render(
        request,
        "reports/report_form.html",
        {"form": form, "can_subtree": rollup_prefix(acting.org) is not None},
        status=status,
    )


def report_detail(request, report_id):
    acting = request.acting
    report = selectors.report_get(acting=acting, report_id=report_id)
    status = 200
    prepares = perms.prepares(acting, report)
    form = None
    if prepares and report.editable:
        if request.method == "POST":
            form = NarrativeForm(request.POST)
            status = 400
            if form.is_valid():
                data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
                ok, result = _try(
                    form,
                    lambda: services.report_update(
                        acting=acting, report=report, data=data, version=form.cleaned_data.get("version")
                    ),
                )
                if ok:
                    messages.success(request, "Đã lưu dự thảo.")
                    return redirect("reports:detail", report.pk)
                status = result
        else:
            form = NarrativeForm(
                initial={
                    "version": report.version,
                    **{k: getattr(report, k) for k in NarrativeForm.base_fields if k != "version"},
                }
            )
    elif request.method == "POST":
        raise NotFound
    actions = [
        (t.action, t.label, t.needs_reason) for t in available(report.status) if perms.may(acting, report, t.permission)
    ]
    context = {
        "report": report,
        "form": form,
        "actions": actions,
        "tables": report_tables(report),
        "said": sentences(report.figures or {}, period_name(report.date_from, report.date_to)),
        "history": selectors.report_history(report),
        "prepares": prepares,
        "can_new_version": prepares and report.status == ReportStatus.SUBMITTED,
    }
    return render(request, "reports/report_detail.html", context, status=status)


@require_POST
def report_transition(request, report_id):
    acting = request.acting
    report = selectors.report_get(acting=acting, report_id=report_id)
    action = request.POST.get("action", "")
    try:
        services.report_transition(
            acting=acting,
            report=report,
            action=action,
            reason=request.POST.get("reason", ""),
            version=request.POST.get("version") or None,
        )
    except NotFound:
        raise
    except DomainError as e:
        messages.error(request, str(e.message))
        return redirect("reports:detail", report.pk)
    label = TRANSITIONS[action].label if action in TRANSITIONS else ""
    messages.success(request, f"Đã thực hiện: {label}.")
    return redirect("reports:detail", report.pk)


@require_POST
def report_compile(request, report_id):
    acting = request.acting
    report = selectors.report_get(acting=acting, report_id=report_id)
    try:
        services.report_compile(acting=acting, report=report)
        messages.success(request, "Đã tổng hợp lại số liệu từ dữ liệu hiện có.")
    except NotFound:
        raise
    except DomainError as e:
        messages.error(request, str(e.message))
    return redirect("reports:detail", report.pk)


@require_POST
def report_new_version(request, report_id):
    acting = request.acting
    report = selectors.report_get(acting=acting, report_id=report_id)
    try:
        new = services.report_new_version(acting=acting, report=report, reason=request.POST.get("reason", ""))
    except NotFound:
        raise
    except DomainError as e:
        messages.error(request, str(e.message))
        return redirect("reports:detail", report.pk)
    messages.success(request, "Đã lập bản mới: sửa rồi trình duyệt và gửi lại.")
    return redirect("reports:detail", new.pk)


def report_document(request, report_id, fmt):
    report = selectors.report_get(acting=request.acting, report_id=report_id)
    content, name, content_type = report_file(report, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- calls -----------------------------------------------------------------------------------------------


def _candidates(acting):
    prefix = rollup_prefix(acting.org) if acting.org else None
    if prefix is None:
        return []
    qs = Organization.objects.filter(type__sees_rollup=True).exclude(pk=acting.org.pk)
    if prefix:
        qs = qs.filter(unit_path__startswith=prefix)
    return list(qs.order_by("sort_key", "pk")[:500])


def call_new(request):
    acting = request.acting
    if not perms.issues_calls(acting):
        raise NotFound
    candidates = _candidates(acting)
    status = 200
    if request.method == "POST":
        form = CallForm(request.POST, candidates=candidates)
        status = 400
        if form.is_valid():
            data = {**form.cleaned_data, "addressees": [int(i) for i in form.cleaned_data["addressees"]]}
            ok, result = _try(form, lambda: services.call_create(acting=acting, data=data))
            if ok:
                messages.success(request, "Đã gửi yêu cầu báo cáo tới các cơ quan.")
                return redirect("reports:call_detail", result.pk)
            status = result
    else:
        form = CallForm(candidates=candidates, initial={"addressees": [str(o.pk) for o in candidates]})
    return render(request, "reports/call_form.html", {"form": form}, status=status)


def call_detail(request, call_id):
    acting = request.acting
    call = selectors.call_get(acting=acting, call_id=call_id)
    rows = selectors.call_submissions(call)
    is_requester = acting.org is not None and call.requester_id == acting.org.pk
    own_row = next((r for r in rows if acting.org and r["organization"].pk == acting.org.pk), None)
    rollup = selectors.call_rollup(call)
    context = {
        "call": call,
        "rows": rows,
        "is_requester": is_requester,
        "own_row": own_row,
        "rollup": rollup if rollup and perms.reads(acting, rollup) else None,
        "can_prepare": acting.org is not None and perms.may(acting, _blank(acting), "report.prepare"),
        "counts": [
            (state, label, sum(1 for r in rows if r["state"] == state))
            for state, label in selectors.SUBMISSION_STATES.items()
        ],
    }
    return render(request, "reports/call_detail.html", context)


@require_POST
def call_report(request, call_id):
    """Open (or start) the acting organisation's report for a call, or the call's roll-up."""
    acting = request.acting
    call = selectors.call_get(acting=acting, call_id=call_id)
    rollup = request.POST.get("rollup") == "1"
    try:
        report = services.report_create(acting=acting, data={"call": call.pk, "rollup": rollup})
    except NotFound:
        raise
    except DomainError as e:
        messages.error(request, str(e.message))
        return redirect("reports:call_detail", call.pk)
    return redirect("reports:detail", report.pk)
