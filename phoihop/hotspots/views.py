"""Pages of hot spots: the list of warnings with their trend, one warning with the concerns behind it,
acknowledging and closing it."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from phoihop.core.web import paginate, query_without_page, render_page, submit
from phoihop.hotspots import permissions as perms
from phoihop.hotspots import selectors, services
from phoihop.hotspots.charts import sparkline
from phoihop.hotspots.forms import AcknowledgeForm, CloseForm
from phoihop.hotspots.models import HotSpotKind, HotSpotStatus
from phoihop.hotspots.rules import rules

STATUS_CHOICES = [
    ("open", "Đang theo dõi (chưa đóng)"),
    (HotSpotStatus.ACTIVE, "Đang cảnh báo, chưa tiếp nhận"),
    (HotSpotStatus.ACKNOWLEDGED, "Đã tiếp nhận"),
    (HotSpotStatus.CLOSED, "Đã đóng"),
    ("all", "Tất cả"),
]


def _with_trend(hotspots, window_weeks: int):
    for hs in hotspots:
        hs.trend = sparkline(hs.series, hs.series_start, window_weeks)
    return hotspots


@require_safe
def hotspot_list(request):
    status = request.GET.get("status") or "open"
    status = status if status in dict(STATUS_CHOICES) else "open"
    kind = request.GET.get("kind") or ""
    kind = kind if kind in HotSpotKind.values else ""
    qs = selectors.hotspot_list(acting=request.acting, status=status, kind=kind or None)
    page = paginate(request, qs)
    _with_trend(page.object_list, rules()["WINDOW_WEEKS"])
    context = {
        "page": page,
        "query": query_without_page(request),
        "f": {"status": status, "kind": kind},
        "statuses": STATUS_CHOICES,
        "kinds": HotSpotKind.choices,
        "window_days": rules()["WINDOW_WEEKS"] * 7,
    }
    return render_page(request, "hotspots/hotspot_list.html", context, partial="results")


def _detail_context(request, hs, **forms) -> dict:
    acting = request.acting
    concerns, hidden = selectors.hotspot_concerns(acting=acting, hotspot=hs)
    page = paginate(request, concerns)
    cfg = rules()
    hs.trend = sparkline(hs.series, hs.series_start, cfg["WINDOW_WEEKS"])
    manage = perms.can_manage(acting, hs)
    return {
        "hs": hs,
        "page": page,
        "query": query_without_page(request),
        "hidden": hidden,
        "can_manage": manage,
        "window_days": cfg["WINDOW_WEEKS"] * 7,
        "history_weeks": cfg["HISTORY_WEEKS"],
        "acknowledge_form": forms.get("acknowledge_form")
        or (AcknowledgeForm() if manage and hs.status == HotSpotStatus.ACTIVE else None),
        "close_form": forms.get("close_form") or (CloseForm() if manage and hs.is_open else None),
    }


@require_safe
def hotspot_detail(request, hotspot_id):
    hs = selectors.hotspot_get(acting=request.acting, hotspot_id=hotspot_id)
    return render_page(request, "hotspots/hotspot_detail.html", _detail_context(request, hs), partial="concerns")


@require_POST
def hotspot_acknowledge(request, hotspot_id):
    acting = request.acting
    hs = selectors.hotspot_get(acting=acting, hotspot_id=hotspot_id)
    form = AcknowledgeForm(request.POST)
    outcome = submit(request, form, lambda d: services.hotspot_acknowledge(acting=acting, hotspot=hs, note=d["note"]))
    if outcome.ok:
        messages.success(request, "Đã tiếp nhận cảnh báo điểm nóng.")
        return redirect("hotspots:detail", hotspot_id=hs.pk)
    context = _detail_context(request, hs, acknowledge_form=form)
    return render(request, "hotspots/hotspot_detail.html", context, status=outcome.status)


@require_POST
def hotspot_close(request, hotspot_id):
    acting = request.acting
    hs = selectors.hotspot_get(acting=acting, hotspot_id=hotspot_id)
    form = CloseForm(request.POST)
    outcome = submit(request, form, lambda d: services.hotspot_close(acting=acting, hotspot=hs, note=d["note"]))
    if outcome.ok:
        messages.success(request, "Đã đóng cảnh báo điểm nóng.")
        return redirect("hotspots:detail", hotspot_id=hs.pk)
    context = _detail_context(request, hs, close_form=form)
    return render(request, "hotspots/hotspot_detail.html", context, status=outcome.status)
