from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from phoihop.accounts import permissions as perms
from phoihop.core import health, selectors
from phoihop.core.models import AuditEvent
from phoihop.core.web import paginate, parse_id, query_without_page, render_page, xlsx_response
from phoihop.orgs.selectors import org_members

HOME_QUEUE_ROWS = 10


HOME_MEETINGS = 5


def _org_duties(acting) -> dict:
    """Besides tasks, what the organisation owes: information to supply, concerns it leads (5 of each, nearest
    deadline first, with how many there are)."""
    if acting.org is None:
        return {"to_supply": None, "to_handle": None}
    from django.db.models import F

    from phoihop.concerns.selectors import concern_list
    from phoihop.exchanges.selectors import obligation_list

    supply = obligation_list(acting=acting, to_supply=True)
    handle = concern_list(acting=acting, lead_id=acting.org.pk, status="open").order_by(
        F("deadline").asc(nulls_last=True), "id"
    )
    return {
        "to_supply": {"rows": list(supply[:HOME_DUTIES]), "count": supply.count()},
        "to_handle": {"rows": list(handle[:HOME_DUTIES]), "count": handle.count()},
    }


HOME_DUTIES = 5


def _work_queues(acting) -> list[dict]:
    """The queues of "Việc cần làm" (plans.selectors.my_work) with their labels and the task list behind them."""
    from phoihop.plans.selectors import my_work

    queues = my_work(acting=acting, limit=HOME_QUEUE_ROWS)
    tasks = reverse("plans:task_list")
    org = f"&org={acting.org.pk}" if acting.org else ""
    labels = [
        ("assigned", _("Giao cho tôi"), _("Không có việc nào đang giao cho bạn."), f"{tasks}?mine=1&status=open"),
        (
            "to_accept",
            _("Chờ nghiệm thu"),
            _("Không có việc nào chờ cơ quan bạn nghiệm thu."),
            f"{tasks}?status=submitted",
        ),
        ("overdue", _("Quá hạn"), _("Không có việc nào quá hạn."), f"{tasks}?overdue=1"),
        (
            "due_soon",
            _("Đến hạn trong 7 ngày"),
            _("Không có việc nào đến hạn trong 7 ngày tới."),
            f"{tasks}?status=open",
        ),
        (
            "org_open",
            _("Việc của cơ quan tôi"),
            _("Cơ quan bạn không có việc nào đang mở."),
            f"{tasks}?status=open{org}",
        ),
    ]
    return [
        {"key": key, "title": title, "empty": empty, "more": more, "rows": queues[key][0], "count": queues[key][1]}
        for key, title, empty, more in labels
    ]


def home(request):
    acting = request.acting
    queues = _work_queues(acting)
    from phoihop.meetings.selectors import meeting_list

    context = {
        **_org_duties(acting),
        "queues": queues,
        "meetings": list(meeting_list(acting, when="upcoming")[:HOME_MEETINGS]) if acting.org else [],
        "work_total": sum(q["count"] for q in queues),
        "members_count": org_members(acting=acting, org=acting.org).count()
        if acting.org and perms.can_view_members(acting, acting.org)
        else None,
        "recent": selectors.audit_list(acting=acting)[:8] if perms.can_view_audit(acting) else None,
    }
    return render(request, "core/home.html", context)


@login_not_required
@never_cache
def healthz(request):
    db = health.database_state()
    worker = health.worker_state() if db["ok"] else {"ok": False, "error": "Cơ sở dữ liệu không trả lời."}
    ok = db["ok"] and worker["ok"]
    return JsonResponse({"status": "ok" if ok else "down", "database": db, "worker": worker}, status=200 if ok else 503)


def _audit_filters(request) -> dict:
    g = request.GET
    kind = g.get("kind", "")
    return {
        "action": g.get("action", "")[:64] or None,
        "actor": g.get("actor", "")[:150] or None,
        "kind": kind if kind in AuditEvent.Kind.values else None,
        "object_type": g.get("object_type", "")[:64] or None,
        "object_id": g.get("object_id", "")[:64] or None,
        "org_id": parse_id(g.get("organization")),
    }


def audit_list(request):
    f = _audit_filters(request)
    qs = selectors.audit_list(acting=request.acting, **f)
    if request.GET.get("format") == "xlsx":
        rows = (
            [
                timezone.localtime(e.at).strftime("%d/%m/%Y %H:%M:%S"),
                e.actor_label,
                e.organization.name if e.organization else "",
                e.get_kind_display(),
                e.action,
                e.object_type,
                e.object_id,
                e.object_repr,
            ]
            for e in qs[:50000]
        )
        return xlsx_response(
            "nhat-ky",
            "Nhật ký",
            ["Thời điểm", "Người thực hiện", "Nhân danh", "Loại", "Hành động", "Loại đối tượng", "Mã", "Đối tượng"],
            rows,
        )
    context = {
        "page": paginate(request, qs, per_page=50),
        "f": f,
        "kinds": AuditEvent.Kind.choices,
        "query": query_without_page(request),
    }
    return render_page(request, "core/audit_list.html", context, partial="results")


def audit_detail(request, event_id):
    event = selectors.audit_get(acting=request.acting, event_id=event_id)
    return render(request, "core/audit_detail.html", {"event": event})
