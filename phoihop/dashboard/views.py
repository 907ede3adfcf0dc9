"""The leadership dashboard page: the figures of dashboard.selectors, each chart drawn as SVG with its table
beside it and a link to the filtered list behind it."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from phoihop.core.text import vn_percent
from phoihop.dashboard import charts, selectors

TASK_SERIES = [
    ("done_on_time", "Hoàn thành đúng hạn"),
    ("done_late", "Hoàn thành trễ hạn"),
    ("overdue", "Quá hạn"),
    ("open", "Chưa đến hạn"),
]
SUPPLY_SERIES = [
    ("on_time", "Đúng hạn"),
    ("late", "Trễ hạn"),
    ("missing", "Chưa cung cấp (quá hạn)"),
    ("not_yet_due", "Chưa đến hạn"),
]
SUPPLY_KINDS = [("periodic", "Định kỳ"), ("incident", "Theo vụ việc"), ("total", "Cộng")]


def _dmy(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _month_end(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _link(url: str, **params) -> str:
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{url}?{urlencode(params)}" if params else url


def context_of(data: dict, *, can_subtree: bool) -> dict:
    date_from = dt.date.fromisoformat(data["period"]["from"])
    date_to = dt.date.fromisoformat(data["period"]["to"])
    tasks_url = reverse("plans:task_list")
    concerns_url = reverse("concerns:list")
    period = {"from": _dmy(date_from), "to": _dmy(date_to)}

    tasks = data["tasks"]
    task_rows = [
        {
            **r,
            "short": f"ND {r['number']}" if r["number"] is not None else "Khác",
            "link": _link(tasks_url, content=r["content_id"]),
            "overdue_link": _link(tasks_url, content=r["content_id"], overdue=1),
        }
        for r in tasks["by_content"]
    ]
    overdue_rows = [
        {**r, "link": _link(tasks_url, org=r["organization_id"], overdue=1)} for r in data["overdue_by_organization"]
    ]
    supply = data["supply"]
    supply_rows = [
        {
            "label": label,
            "kind": kind,
            **supply[kind],
            "rate": vn_percent(supply[kind]["on_time"], supply[kind]["due"] - supply[kind]["not_yet_due"])
            if supply[kind]["due"] - supply[kind]["not_yet_due"]
            else "—",
            "link": _link(
                reverse("exchanges:statistics"),
                scope="all",
                kind=kind if kind != "total" else "",
                **period,
            ),
        }
        for kind, label in SUPPLY_KINDS
    ]
    concerns = data["concerns"]
    topic_rows = [{**r, "link": _link(concerns_url, topic=r.get("code"), **period)} for r in concerns["by_topic"]]
    area_rows = [
        {**r, "link": _link(concerns_url, unit=r.get("unit_id"), **period) if r.get("unit_id") else ""}
        for r in concerns["by_area"]
    ]
    trend_rows = []
    for r in data["concern_trend"]:
        first = dt.date.fromisoformat(r["month"] + "-01")
        trend_rows.append(
            {
                **r,
                "label": f"{first:%m/%Y}",
                "short": f"{first:%m/%y}",
                "link": _link(concerns_url, **{"from": _dmy(first), "to": _dmy(min(_month_end(first), date_to))}),
            }
        )
    computed_at = parse_datetime(data["computed_at"])
    hotspots = [{**h, "opened": dt.date.fromisoformat(h["opened_on"])} for h in data["hotspots"]["items"]]
    meetings = [{**m, "starts": parse_datetime(m["starts_at"])} for m in data["upcoming_meetings"]]
    deadlines = [{**t, "due": dt.date.fromisoformat(t["deadline"])} for t in data["upcoming_deadlines"]]
    return {
        "d": data,
        "computed_at": computed_at,
        "date_from": date_from,
        "date_to": date_to,
        "can_subtree": can_subtree,
        "hotspots": hotspots,
        "meetings": meetings,
        "deadlines": deadlines,
        "task_rows": task_rows,
        "task_total": tasks["total"],
        "task_series": TASK_SERIES,
        "task_chart": charts.hbars([(r["short"], r) for r in task_rows], TASK_SERIES),
        "tasks_url": tasks_url,
        "tasks_overdue_link": _link(tasks_url, overdue=1),
        "overdue_rows": overdue_rows,
        "overdue_chart": charts.hbars(
            [(r["organization"], r) for r in overdue_rows], [("overdue", "Nhiệm vụ quá hạn")]
        ),
        "supply_rows": supply_rows,
        "supply_series": SUPPLY_SERIES,
        "supply_chart": charts.hbars([(r["label"], r) for r in supply_rows[:2]], SUPPLY_SERIES),
        "topic_rows": topic_rows,
        "topic_chart": charts.hbars([(r["topic"], r) for r in topic_rows], [("received", "Tiếp nhận")]),
        "area_rows": area_rows,
        "area_chart": charts.hbars([(r["area"], r) for r in area_rows], [("received", "Tiếp nhận")]),
        "trend_rows": trend_rows,
        "trend_chart": charts.columns([(r["short"], r["received"]) for r in trend_rows]),
        "concerns_link": _link(concerns_url, **period),
        "concerns_open_link": _link(concerns_url, status="open"),
        "concerns_overdue_link": _link(concerns_url, overdue=1),
        "supply_link": _link(reverse("exchanges:statistics"), scope="all", **period),
        "hotspots_url": reverse("hotspots:list"),
        "meetings_link": _link(reverse("meetings:list"), when="upcoming"),
        "deadlines_link": _link(tasks_url, status="open"),
        "opinions_url": reverse("opinions:index"),
    }


@require_safe
def index(request):
    acting = request.acting
    subtree = request.GET.get("scope") == "subtree"
    data = selectors.dashboard(acting=acting, subtree=subtree)
    context = context_of(data, can_subtree=selectors.can_view_subtree(acting))
    return render(request, "dashboard/index.html", context)
