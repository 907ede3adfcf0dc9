"""Pages of opinion reports: a collaborator's reports and the phone-sized forms, the department's reports
of a month, the compilation with its narrative and exports, the collaborator network and participation."""

from __future__ import annotations

import contextlib
import datetime as dt

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from phoihop.core.errors import DomainError, NotFound, ValidationFailed
from phoihop.core.web import add_errors, paginate, parse_id, query_without_page, render_page
from phoihop.geo.models import AdminUnit
from phoihop.opinions import permissions as perms
from phoihop.opinions import selectors, services
from phoihop.opinions.documents import month_file, summary_sentence, uneasy_share
from phoihop.opinions.forms import MIN_ROWS, CollaboratorForm, NarrativeForm, ReportForm
from phoihop.opinions.models import Mood, OpinionMonth, OpinionReport

MAX_ROWS = services.MAX_ITEMS


def _month_param(value) -> dt.date:
    try:
        return services.parse_month(value)
    except ValidationFailed:
        raise NotFound() from None


def index(request):
    acting = request.acting
    if perms.is_collaborator(acting):
        reports = selectors.report_list(acting)
        return render_page(
            request,
            "opinions/my_reports.html",
            {"page": paginate(request, reports), "query": query_without_page(request)},
        )
    if not perms.reads_department(acting) or acting.org is None:
        raise NotFound()
    month = selectors.latest_month(acting.org) or services.month_of(timezone.localdate())
    raw = request.GET.get("month")
    if raw:
        with contextlib.suppress(ValidationFailed):
            month = services.parse_month(raw)
    kind = request.GET.get("kind") or None
    reports = selectors.report_list(acting, month=month, kind=kind).select_related("author")
    page = paginate(request, reports)
    for r in page.object_list:
        r.show_author = perms.sees_authors(acting, r)
    context = {
        "page": page,
        "query": query_without_page(request),
        "month": month,
        "kind": kind or "",
        "kinds": OpinionReport.Kind.choices,
        "can_network": perms.manages_network(acting) or selectors_can_view_network(acting),
        "can_subtree": perms.sees_subordinates(acting),
        "receives": selectors.receives_reports(acting.org),
    }
    return render_page(request, "opinions/department_reports.html", context, partial="results")


def selectors_can_view_network(acting) -> bool:
    from phoihop.accounts.permissions import has_action

    return acting.org is not None and has_action(acting, "collaborators.view")


def _rows(request, existing: int, minimum: int = MIN_ROWS) -> int:
    try:
        rows = int(request.POST.get("rows") or 0)
    except ValueError:
        rows = 0
    rows = max(rows, existing, minimum)
    if request.POST.get("action") == "add":
        rows += 1
    return min(rows, MAX_ROWS)


def _initial(report: OpinionReport | None, quick: bool, collab) -> dict:
    if report is None:
        today = timezone.localdate()
        units = list(collab.units.all())
        base = {"unit": units[0].pk if len(units) == 1 else ""}
        return base | ({"happened_on": today} if quick else {"month": f"{today:%Y-%m}"})
    data = {"unit": report.unit_id}
    if quick:
        data |= {"title": report.title, "happened_on": report.happened_on}
    else:
        data["month"] = f"{report.month:%Y-%m}"
    for i, it in enumerate(report.items.all()):
        data |= {
            f"items-{i}-topic": it.topic.code,
            f"items-{i}-mood": it.mood,
            f"items-{i}-summary": it.summary,
            f"items-{i}-proposals": it.proposals,
        }
    return data


def report_form(request, report_id=None, quick=False):
    """New (monthly or quick) report, or a draft being edited. 'Lưu nháp' keeps it; 'Gửi' keeps it and sends
    it; a refusal shows what to rewrite and the draft stays saved."""
    acting = request.acting
    collab = services.collaborator_of(acting)
    report = None
    if report_id is not None:
        report = selectors.report_get(acting, report_id)
        if report.author_id != acting.user.pk:
            raise NotFound()
        if report.status != OpinionReport.Status.DRAFT:
            return redirect("opinions:report", report_id=report.pk)
        quick = report.kind == OpinionReport.Kind.QUICK
    existing = report.items.count() if report else 0
    units = list(collab.units.all())
    topics = list(selectors.topics())
    if request.method == "POST":
        rows = _rows(request, existing, 1 if quick else MIN_ROWS)
        form = ReportForm(request.POST, topics=topics, units=units, rows=rows, quick=quick)
        action = request.POST.get("action")
        if action == "add":
            return render_page(request, "opinions/report_form.html", {"form": form, "report": report, "quick": quick})
        status = 400
        if form.is_valid():
            try:
                data = form.data_for_service()
                report = services.report_save(
                    acting=acting, data=data, report=report, version=report.version if report else None
                )
                if action == "submit":
                    services.report_submit(
                        acting=acting, report=report, open_concern=form.cleaned_data.get("open_concern", False)
                    )
                    text = "Đã gửi báo cáo. Cảm ơn bạn!"
                    report.refresh_from_db()
                    if report.concern_id:
                        text += f" Đã mở vấn đề {report.concern.tracking_code} để ban theo dõi."
                    messages.success(request, text)
                    return redirect("opinions:index")
                messages.success(request, "Đã lưu bản nháp.")
                return redirect("opinions:edit", report_id=report.pk)
            except NotFound:
                raise
            except DomainError as e:
                add_errors(form, e)
                status = max(400, e.status)
                if report is not None and report.pk:
                    form.saved_draft = True
        return render_page(
            request, "opinions/report_form.html", {"form": form, "report": report, "quick": quick}, status=status
        )
    rows = max(1 if quick else MIN_ROWS, existing + (1 if existing and not quick else 0))
    form = ReportForm(initial=_initial(report, quick, collab), topics=topics, units=units, rows=rows, quick=quick)
    return render_page(request, "opinions/report_form.html", {"form": form, "report": report, "quick": quick})


def quick_form(request):
    return report_form(request, quick=True)


def report_detail(request, report_id):
    acting = request.acting
    report = selectors.report_get(acting, report_id)
    if report.status == OpinionReport.Status.DRAFT:
        return redirect("opinions:edit", report_id=report.pk)
    return render_page(
        request,
        "opinions/report_detail.html",
        {"report": report, "show_author": perms.sees_authors(acting, report)},
    )


def month_page(request, month):
    acting = request.acting
    m = _month_param(month)
    subtree = request.GET.get("scope") == "subtree"
    data = selectors.compilation(acting, m, subtree=subtree)
    row: OpinionMonth | None = data["row"]
    form = None
    can_edit = not subtree and perms.compiles(acting) and (row is None or row.status == OpinionMonth.Status.OPEN)
    if can_edit:
        initial = {"due_on": row.due_on if row else services.default_due(m), "version": row.version if row else None}
        initial |= {k: getattr(row, k) if row else "" for k in services.NARRATIVE}
        form = NarrativeForm(request.POST or None, initial=initial)
        if request.method == "POST":
            status = 400
            if form.is_valid():
                d = form.cleaned_data
                try:
                    if request.POST.get("action") == "close":
                        services.month_update(
                            acting=acting,
                            month=m,
                            data={k: d[k] for k in (*services.NARRATIVE, "due_on")},
                            version=d["version"],
                        )
                        services.month_close(acting=acting, month=m)
                        messages.success(request, "Đã chốt số liệu tháng và cấp số báo cáo.")
                    else:
                        services.month_update(
                            acting=acting,
                            month=m,
                            data={k: d[k] for k in (*services.NARRATIVE, "due_on")},
                            version=d["version"],
                        )
                        messages.success(request, "Đã lưu phần nhận định.")
                    return redirect("opinions:month", month=f"{m:%Y-%m}")
                except NotFound:
                    raise
                except DomainError as e:
                    add_errors(form, e)
                    status = max(400, e.status)
            return _month_render(request, data, form, subtree, status)
    elif request.method == "POST":
        raise NotFound()
    return _month_render(request, data, form, subtree, 200)


def _month_render(request, data, form, subtree, status):
    m = data["month"]
    f = data["figures"]
    moods = list(Mood.choices)
    for row in (*f["by_topic"], *f["by_area"]):
        row["mood_list"] = [row["moods"].get(v, 0) for v in Mood.values]
    for row in f["by_topic"]:
        row["uneasy_text"] = uneasy_share(row)
    context = {
        **data,
        "form": form,
        "subtree": subtree,
        "moods": moods,
        "sentence": summary_sentence(f, m, "các ban" if subtree else "Ban"),
        "previous": services.previous_month(m),
        "next": services.month_of(services.month_end(m) + dt.timedelta(days=1)),
        "can_subtree": perms.sees_subordinates(request.acting),
    }
    return render_page(request, "opinions/month.html", context, status=status)


def month_export(request, month, fmt):
    acting = request.acting
    data = selectors.compilation(acting, _month_param(month))
    content, name, ctype = month_file(data["organization"], data["month"], data["row"], data["figures"], fmt)
    response = HttpResponse(content, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def network(request):
    from phoihop.accounts.models import Membership, Role

    acting = request.acting
    people = selectors.collaborators(acting)
    last = services.month_of(timezone.localdate())
    months = [last]
    while len(months) < 6:
        months.append(services.previous_month(months[-1]))
    months.reverse()
    form = None
    status = 200
    if perms.manages_network(acting):
        taken = set(people.values_list("user_id", flat=True))
        candidates = [
            m.user
            for m in Membership.objects.filter(organization=acting.org, role=Role.COLLABORATOR)
            .select_related("user")
            .order_by("user__full_name")
            if m.user_id not in taken
        ]
        form = CollaboratorForm(
            request.POST or None, candidates=candidates, initial={"active_from": timezone.localdate()}
        )
        if request.method == "POST":
            status = 400
            if form.is_valid():
                d = form.cleaned_data
                try:
                    codes = [c.strip() for c in d["units"].replace(";", ",").split(",") if c.strip()]
                    base = acting.org.unit_path or ""
                    unit_ids = []
                    for code in codes[:200]:
                        u = (
                            AdminUnit.objects.filter(code=code[:8], path__startswith=base)
                            .order_by("-generation")
                            .first()
                        )
                        if u is None:
                            raise ValidationFailed(
                                f"Không có đơn vị mã “{code[:12]}” trong địa bàn của ban.", field="units"
                            )
                        unit_ids.append(u.pk)
                    from phoihop.accounts.models import User

                    services.collaborator_save(
                        acting=acting,
                        user=User.objects.filter(pk=parse_id(d["user"])).first(),
                        units=unit_ids,
                        sectors=d["sectors"],
                        active_from=d["active_from"],
                        active_to=d["active_to"],
                    )
                    messages.success(request, "Đã thêm cộng tác viên vào mạng lưới.")
                    return redirect("opinions:network")
                except NotFound:
                    raise
                except DomainError as e:
                    add_errors(form, e)
                    status = max(400, e.status)
    elif request.method == "POST":
        raise NotFound()
    rows = selectors.participation(acting, months)
    labels = {"on_time": "Đúng hạn", "late": "Muộn", "missing": "Không gửi", "waiting": "Chưa đến hạn", "": "—"}
    for r in rows:
        r["labels"] = [(c, labels[c]) for c in r["cells"]]
    sent_now = sum(1 for r in rows if r["cells"][-1] in ("on_time", "late"))
    return render_page(
        request,
        "opinions/network.html",
        {"rows": rows, "months": months, "form": form, "sent_now": sent_now, "people": people},
        status=status,
    )
