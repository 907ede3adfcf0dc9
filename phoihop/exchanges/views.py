"""Pages of information supply: requests (list, form, detail), obligations (the queue of what one owes,
the statistics' drill-down, one obligation with its supplies and the requester's review), quick reports
and the on-time statistics."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from phoihop.core.errors import NotFound, ValidationFailed
from phoihop.core.web import paginate, parse_id, query_without_page, render_page, submit, xlsx_response
from phoihop.exchanges import permissions as perms
from phoihop.exchanges import selectors, services
from phoihop.exchanges.forms import QuickReportForm, ReasonForm, RequestForm, SupplyForm
from phoihop.exchanges.models import ObligationStatus, RequestKind, RequestStatus
from phoihop.exchanges.workflows import TRANSITIONS, available
from phoihop.orgs.models import Organization

OUTCOME_LABELS = {
    "on_time": "Đúng hạn",
    "late": "Trễ hạn",
    "missing": "Chưa cung cấp (quá hạn)",
    "not_yet_due": "Chưa đến hạn",
}
PERIOD_RE = re.compile(r"^\d{4}-(\d{2}|Q[1-4]|H[12])$")
SIDES = [("received", "Cơ quan mình được yêu cầu"), ("made", "Cơ quan mình yêu cầu")]


def _date_param(value) -> dt.date | None:
    text = str(value or "").strip()[:10]
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _choice(value, choices) -> str:
    value = str(value or "")
    return value if value in {c[0] for c in choices} else ""


# --- requests ------------------------------------------------------------------------------------------


@require_safe
def request_list(request):
    acting = request.acting
    g = request.GET
    f = {
        "q": g.get("q", "")[:100],
        "kind": _choice(g.get("kind"), RequestKind.choices),
        "status": _choice(g.get("status"), RequestStatus.choices),
        "side": _choice(g.get("side"), SIDES),
    }
    qs = selectors.request_list(acting=acting, **{k: v or None for k, v in f.items()})
    if g.get("format") == "xlsx":
        rows = (
            [
                r.pk,
                r.subject,
                r.requester.name,
                r.get_kind_display(),
                r.get_frequency_display() if r.frequency else timezone.localtime(r.deadline).strftime("%H:%M %d/%m/%Y"),
                r.get_urgency_display(),
                r.asked_count,
                r.get_status_display(),
                timezone.localtime(r.created_at).strftime("%d/%m/%Y"),
            ]
            for r in qs[:5000]
        )
        headers = ["Mã", "Nội dung yêu cầu", "Cơ quan yêu cầu", "Loại", "Định kỳ / thời hạn", "Độ khẩn",
                   "Số cơ quan được yêu cầu", "Trạng thái", "Ngày gửi"]  # fmt: skip
        return xlsx_response("yeu-cau-cung-cap-thong-tin", "Yêu cầu", headers, rows)
    context = {
        "page": paginate(request, qs),
        "f": f,
        "query": query_without_page(request),
        "kinds": RequestKind.choices,
        "statuses": RequestStatus.choices,
        "sides": SIDES,
        "can_create": perms.can_create_request(acting),
        "can_quick": perms.can_send_quick_report(acting),
    }
    return render_page(request, "exchanges/request_list.html", context, partial="results")


def request_create(request):
    acting = request.acting
    if not perms.can_create_request(acting):
        raise NotFound()
    from phoihop.programs.selectors import program_list

    programs = program_list(acting=acting).prefetch_related("contents")
    form = RequestForm(request.POST or None, request.FILES or None, acting=acting, programs=programs)

    def perform(d):
        return services.request_create(
            acting=acting,
            subject=d["subject"],
            details=d["details"],
            asked=list(d["asked"]),
            kind=d["kind"],
            content=d["content"],
            frequency=d["frequency"] if d["kind"] == RequestKind.PERIODIC else "",
            due_day=d["due_day"] if d["kind"] == RequestKind.PERIODIC else None,
            starts_on=d["starts_on"] if d["kind"] == RequestKind.PERIODIC else None,
            ends_on=d["ends_on"] if d["kind"] == RequestKind.PERIODIC else None,
            within_hours=d["within_hours"] if d["kind"] == RequestKind.INCIDENT else None,
            within_days=d["within_days"] if d["kind"] == RequestKind.INCIDENT else None,
            urgency=d["urgency"],
            files=d["file"],
        )

    outcome = submit(request, form, perform)
    if outcome.ok:
        messages.success(request, "Đã gửi yêu cầu cung cấp thông tin.")
        return redirect("exchanges:detail", request_id=outcome.value.pk)
    return render(request, "exchanges/request_form.html", {"form": form}, status=outcome.status)


def _request_context(request, info_request, **forms) -> dict:
    acting = request.acting
    can_manage = perms.can_manage_request(acting, info_request) and info_request.is_open
    obligations = list(selectors.obligation_list(acting=acting, request_id=info_request.pk, status=None))
    return {
        "r": info_request,
        "asked": [row.organization for row in info_request.asked_rows.all()],
        "obligations": obligations,
        "files": selectors.files_of(services.REQUEST_OWNER, [info_request.pk]).get(str(info_request.pk), []),
        "can_manage": can_manage,
        "close_form": forms.get("close_form") or (ReasonForm(required=False) if can_manage else None),
        "now": timezone.now(),
    }


@require_safe
def request_detail(request, request_id):
    info_request = selectors.request_get(acting=request.acting, request_id=request_id)
    return render(request, "exchanges/request_detail.html", _request_context(request, info_request))


@require_POST
def request_close(request, request_id):
    acting = request.acting
    info_request = selectors.request_get(acting=acting, request_id=request_id)
    if not perms.can_manage_request(acting, info_request):
        raise NotFound()
    form = ReasonForm(request.POST, required=False)
    outcome = submit(
        request, form, lambda d: services.request_close(acting=acting, request=info_request, reason=d["reason"])
    )
    if outcome.ok:
        messages.success(request, "Đã kết thúc yêu cầu.")
        return redirect("exchanges:detail", request_id=info_request.pk)
    context = _request_context(request, info_request, close_form=form)
    return render(request, "exchanges/request_detail.html", context, status=outcome.status)


# --- obligations ---------------------------------------------------------------------------------------


@require_safe
def obligation_list(request):
    acting = request.acting
    g = request.GET
    org_id = parse_id(g.get("org"))
    requester_id = parse_id(g.get("requester"))
    f = {
        "org": org_id,
        "requester": requester_id,
        "outcome": _choice(g.get("outcome"), list(OUTCOME_LABELS.items())),
        "status": _choice(g.get("status"), ObligationStatus.choices),
        "period": g.get("period", "")[:10],
        "from": _date_param(g.get("from")),
        "to": _date_param(g.get("to")),
        "mine": g.get("mine") == "1",
    }
    qs = selectors.obligation_list(
        acting=acting,
        organization_id=org_id,
        requester_id=requester_id,
        outcome=f["outcome"] or None,
        status=f["status"] or None,
        period=f["period"] or None,
        date_from=f["from"],
        date_to=f["to"],
        to_supply=f["mine"],
    )
    if g.get("format") == "xlsx":
        rows = (
            [
                o.pk,
                o.request.subject,
                o.request.requester.name,
                o.organization.name,
                services.period_name(o.period) or "Theo vụ việc",
                timezone.localtime(o.due_at).strftime("%H:%M %d/%m/%Y"),
                o.get_status_display(),
                timezone.localtime(o.supplied_at).strftime("%H:%M %d/%m/%Y") if o.supplied_at else "",
            ]
            for o in qs[:20000]
        )
        headers = ["Mã", "Yêu cầu", "Cơ quan yêu cầu", "Cơ quan cung cấp", "Kỳ", "Hạn", "Trạng thái", "Cung cấp lúc"]
        return xlsx_response("nghia-vu-cung-cap-thong-tin", "Nghĩa vụ", headers, rows)
    names = dict(Organization.objects.filter(pk__in=[i for i in (org_id, requester_id) if i]).values_list("pk", "name"))
    context = {
        "page": paginate(request, qs),
        "f": f,
        "org_name": names.get(org_id),
        "requester_name": names.get(requester_id),
        "period_label": services.period_name(f["period"]) if PERIOD_RE.match(f["period"]) else f["period"],
        "query": query_without_page(request),
        "outcomes": list(OUTCOME_LABELS.items()),
        "statuses": ObligationStatus.choices,
        "now": timezone.now(),
    }
    return render_page(request, "exchanges/obligation_list.html", context, partial="results")


def _obligation_context(request, obligation, **forms) -> dict:
    acting = request.acting
    supplies = list(obligation.supplies.all())
    files = selectors.files_of(services.SUPPLY_OWNER, [s.pk for s in supplies])
    for s in supplies:
        s.files = files.get(str(s.pk), [])
    is_open = obligation.request.is_open
    can_supply = is_open and perms.can_supply(acting, obligation) and obligation.status in TRANSITIONS["supply"].sources
    reviews = []
    if perms.can_manage_request(acting, obligation.request):
        for t in available(obligation.status, "requester"):
            if t.action == "ask_more" and not is_open:
                continue
            form = forms.get(f"review_{t.action}") or ReasonForm(prefix=t.action, required=t.needs_reason)
            reviews.append({"t": t, "form": form, "open": f"review_{t.action}" in forms})
    return {
        "o": obligation,
        "r": obligation.request,
        "period": services.period_name(obligation.period),
        "supplies": supplies,
        "events": list(obligation.events.all()),
        "supply_form": forms.get("supply_form") or (SupplyForm() if can_supply else None),
        "reviews": reviews,
        "overdue": obligation.is_overdue(),
    }


@require_safe
def obligation_detail(request, obligation_id):
    obligation = selectors.obligation_get(acting=request.acting, obligation_id=obligation_id)
    return render(request, "exchanges/obligation_detail.html", _obligation_context(request, obligation))


@require_POST
def supply_add(request, obligation_id):
    acting = request.acting
    obligation = selectors.obligation_get(acting=acting, obligation_id=obligation_id)
    if not perms.can_supply(acting, obligation):
        raise NotFound()
    form = SupplyForm(request.POST, request.FILES)
    outcome = submit(
        request,
        form,
        lambda d: services.supply_add(
            acting=acting, obligation=obligation, text=d["text"], complete=d["completeness"] == "complete",
            files=d["file"],
        ),
    )  # fmt: skip
    if outcome.ok:
        messages.success(request, "Đã gửi thông tin cho cơ quan yêu cầu.")
        return redirect("exchanges:obligation", obligation_id=obligation.pk)
    obligation = selectors.obligation_get(acting=acting, obligation_id=obligation.pk)
    context = _obligation_context(request, obligation, supply_form=form)
    return render(request, "exchanges/obligation_detail.html", context, status=outcome.status)


@require_POST
def obligation_review(request, obligation_id, action):
    acting = request.acting
    obligation = selectors.obligation_get(acting=acting, obligation_id=obligation_id)
    transition = TRANSITIONS.get(action)
    if transition is None or transition.who != "requester" or not perms.can_manage_request(acting, obligation.request):
        raise NotFound()
    form = ReasonForm(request.POST, prefix=action, required=transition.needs_reason)
    outcome = submit(
        request,
        form,
        lambda d: services.obligation_review(acting=acting, obligation=obligation, action=action, reason=d["reason"]),
    )
    if outcome.ok:
        messages.success(request, f"Đã thực hiện: {transition.label}.")
        return redirect("exchanges:obligation", obligation_id=obligation.pk)
    obligation = selectors.obligation_get(acting=acting, obligation_id=obligation.pk)
    context = _obligation_context(request, obligation, **{f"review_{action}": form})
    return render(request, "exchanges/obligation_detail.html", context, status=outcome.status)


# --- quick reports -------------------------------------------------------------------------------------

QUICK_SIDES = [("received", "Cơ quan mình nhận"), ("sent", "Cơ quan mình gửi")]


@require_safe
def quick_list(request):
    acting = request.acting
    side = _choice(request.GET.get("side"), QUICK_SIDES)
    context = {
        "page": paginate(request, selectors.quick_report_list(acting=acting, side=side or None)),
        "f": {"side": side},
        "sides": QUICK_SIDES,
        "query": query_without_page(request),
        "can_quick": perms.can_send_quick_report(acting),
    }
    return render_page(request, "exchanges/quick_list.html", context, partial="results")


def quick_create(request):
    acting = request.acting
    if not perms.can_send_quick_report(acting):
        raise NotFound()
    form = QuickReportForm(request.POST or None, request.FILES or None, acting=acting)

    def perform(d):
        concern = None
        if d["concern"]:
            from phoihop.concerns.selectors import concern_get

            try:
                concern = concern_get(acting=acting, concern_id=d["concern"])
            except NotFound:
                raise ValidationFailed("Không có vấn đề này hoặc bạn không xem được.", field="concern") from None
        return services.quick_report_send(
            acting=acting, subject=d["subject"], text=d["text"], recipients=list(d["recipients"]),
            urgency=d["urgency"], concern=concern, files=d["file"],
        )  # fmt: skip

    outcome = submit(request, form, perform)
    if outcome.ok:
        messages.success(request, "Đã gửi báo cáo nhanh.")
        return redirect("exchanges:quick_detail", report_id=outcome.value.pk)
    return render(request, "exchanges/quick_form.html", {"form": form}, status=outcome.status)


@require_safe
def quick_detail(request, report_id):
    report = selectors.quick_report_get(acting=request.acting, report_id=report_id)
    context = {
        "q": report,
        "recipients": [row.organization for row in report.recipient_rows.all()],
        "files": selectors.files_of(services.QUICK_OWNER, [report.pk]).get(str(report.pk), []),
    }
    return render(request, "exchanges/quick_detail.html", context)


# --- statistics ----------------------------------------------------------------------------------------

SCOPES = [("mine", "Các yêu cầu của cơ quan mình"), ("all", "Mọi nghĩa vụ trong phạm vi được xem")]


@require_safe
def statistics(request):
    acting = request.acting
    g = request.GET
    today = timezone.localdate()
    date_from = _date_param(g.get("from")) or dt.date(today.year, 1, 1)
    date_to = _date_param(g.get("to")) or dt.date(today.year, 12, 31)
    scope = _choice(g.get("scope"), SCOPES) or ("mine" if acting.org is not None else "all")
    kind = _choice(g.get("kind"), RequestKind.choices)
    by_period = g.get("by_period") == "1"
    requester_id = acting.org.pk if scope == "mine" and acting.org is not None else None
    stats = selectors.supply_statistics(
        acting=acting,
        date_from=date_from,
        date_to=date_to,
        requester_id=requester_id,
        kind=kind or None,
        by_period=by_period,
    )
    drill = {"from": date_from.strftime("%d/%m/%Y"), "to": date_to.strftime("%d/%m/%Y")}
    if requester_id:
        drill["requester"] = requester_id
    from django.utils.http import urlencode

    for s in stats:
        params = {**drill, "org": s.organization_id}
        if s.period:
            params["period"] = s.period
        s.drill = urlencode(params)
        s.period_label = services.period_name(s.period or "")
    if g.get("format") == "xlsx":
        rows = (
            [s.organization, s.period_label, s.due, s.on_time, s.late, s.missing, s.not_yet_due,
             s.on_time_rate if s.on_time_rate is not None else ""]
            for s in stats
        )  # fmt: skip
        headers = ["Cơ quan", "Kỳ", "Phải cung cấp", "Đúng hạn", "Trễ hạn", "Chưa cung cấp (quá hạn)", "Chưa đến hạn",
                   "Tỷ lệ đúng hạn (%)"]  # fmt: skip
        return xlsx_response("thong-ke-cung-cap-thong-tin", "Thống kê", headers, rows)
    context = {
        "stats": stats,
        "total": selectors.statistics_total(stats),
        "f": {"from": date_from, "to": date_to, "scope": scope, "kind": kind, "by_period": by_period},
        "scopes": SCOPES,
        "kinds": RequestKind.choices,
        "query": query_without_page(request),
    }
    return render_page(request, "exchanges/statistics.html", context, partial="results")
