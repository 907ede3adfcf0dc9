"""Pages of public concerns: the filtered list (with Excel), intake by an officer with the duplicate check
while typing, the collaborator's quick report, the concern page with its history, communication response
and workflow actions, correction with versions, complainants' contacts on request (audited), and the
public status page reached by tracking code."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from phoihop.accounts.permissions import has_action
from phoihop.concerns import exports, selectors, services
from phoihop.concerns import permissions as perms
from phoihop.concerns.forms import (
    CloseForm,
    ConcernEditForm,
    ConcernForm,
    EmptyForm,
    MergeForm,
    QuickReportForm,
    ReasonForm,
    RefuseForm,
    ResolveForm,
    ResponseDoneForm,
    ResponseForm,
    RouteForm,
    TrackForm,
)
from phoihop.concerns.models import (
    OPEN_STATUSES,
    Channel,
    CommunicationResponse,
    Concern,
    ConcernMerge,
    ConcernReport,
    ConcernRouting,
    ConcernStatus,
    Severity,
    Topic,
)
from phoihop.concerns.workflows import ROUTABLE, TRANSITIONS
from phoihop.core.errors import NotFound, ValidationFailed
from phoihop.core.text import fold
from phoihop.core.web import paginate, parse_id, query_without_page, render_page, submit
from phoihop.geo.models import AdminUnit
from phoihop.orgs.models import Organization

S = ConcernStatus
FLAG_FILTERS = [
    ("mass_complaint", "Khiếu kiện đông người"),
    ("ethnic_religious", "Dân tộc, tôn giáo"),
    ("security_order", "An ninh, trật tự"),
    ("false_information", "Thông tin sai sự thật"),
]
STATUS_FILTERS = [("open", "Đang mở (chưa có kết quả)"), *ConcernStatus.choices]
HISTORY_LABELS = {
    "receive": "Tiếp nhận",
    "verify": "Xác minh",
    "assign": "Giao xử lý",
    "start": "Bắt đầu xử lý",
    "refuse": "Từ chối (không thuộc thẩm quyền)",
    "resolve": "Báo cáo kết quả",
    "close": "Kết thúc",
    "reject": "Không thụ lý",
    "reopen": "Mở lại",
    "escalate": "Chuyển cấp trên",
    "merge": "Gộp vấn đề trùng",
    "unmerge": "Tách vấn đề đã gộp",
}
_KEY = re.compile(r"[0-9a-f]{32}")


# --- small helpers ---------------------------------------------------------------------------------------


def _may_report(acting) -> bool:
    return perms.can_report(acting)


def _may_record(acting) -> bool:
    """The officer's intake form: officers, leaders, administrators (collaborators use the quick report)."""
    return perms.can_report(acting) and (acting.is_system_admin or has_action(acting, "concern.manage"))


def _date_param(value) -> dt.date | None:
    text = str(value or "").strip()[:10]
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def unit_labels(units) -> dict[int, str]:
    """ "Phường Ninh Hòa, Khánh Hòa": a unit's name with its province, as the intake service reads it back."""
    units = list(units)
    province_paths = {u.path.split("/", 1)[0] for u in units if "/" in u.path}
    provinces = dict(AdminUnit.objects.filter(path__in=province_paths).values_list("path", "short_name"))
    labels = {}
    for u in units:
        province = provinces.get(u.path.split("/", 1)[0]) if "/" in u.path else None
        labels[u.pk] = f"{u.name}, {province}" if province else u.name
    return labels


def _error_fields(perform, mapping: dict[str, str]):
    """Service errors name fields as the API does ("contact.phone"); the form shows them next to its own."""

    def run(d):
        try:
            return perform(d)
        except ValidationFailed as e:
            e.errors = {mapping.get(k, k): v for k, v in e.errors.items()}
            if e.field in mapping:
                e.field = mapping[e.field]
            raise

    return run


CONTACT_ERRORS = {
    "contact": "contact_name",
    "contact.name": "contact_name",
    "contact.phone": "contact_phone",
    "contact.email": "contact_email",
    "contact.address": "contact_address",
    "place_given": "unit",
}


# --- list ------------------------------------------------------------------------------------------------


def _filters(request, acting) -> tuple[dict, dict]:
    g = request.GET
    unit = None
    unit_id = parse_id(g.get("unit"))
    if unit_id:
        unit = AdminUnit.objects.filter(pk=unit_id).first()
    topic_code = str(g.get("topic") or "")[:40]
    topic = Topic.objects.filter(code=topic_code).first() if topic_code else None
    channel = g.get("channel") if g.get("channel") in Channel.values else ""
    status = g.get("status") if g.get("status") in dict(STATUS_FILTERS) else ""
    severity = parse_id(g.get("severity"))
    severity = severity if severity in Severity.values else None
    received_from, received_to = _date_param(g.get("from")), _date_param(g.get("to"))
    flag = g.get("flag") if g.get("flag") in dict(FLAG_FILTERS) else ""
    overdue = g.get("overdue") == "1"
    q = str(g.get("q") or "")[:200]
    kwargs = {
        "q": q,
        "unit": unit,
        "topic": topic,
        "channel": channel or None,
        "status": status or None,
        "severity": severity,
        "received_from": received_from,
        "received_to": received_to,
        "overdue": overdue,
        "flag": flag or None,
        "lead_id": acting.org.pk if g.get("lead") == "mine" and acting.org else None,
    }
    shown = {
        "q": q,
        "unit": unit,
        "topic": topic.code if topic else "",
        "channel": channel,
        "status": status,
        "severity": severity,
        "from": received_from.strftime("%d/%m/%Y") if received_from else "",
        "to": received_to.strftime("%d/%m/%Y") if received_to else "",
        "bad_dates": (bool(g.get("from")) and not received_from) or (bool(g.get("to")) and not received_to),
        "overdue": overdue,
        "flag": flag,
    }
    return kwargs, shown


def _unit_choices(acting, chosen) -> list[AdminUnit]:
    """The acting organisation's own unit and the units directly under it, plus the one chosen."""
    units = []
    org_unit_id = acting.org.unit_id if acting.org is not None else None
    if org_unit_id:
        units = list(
            AdminUnit.objects.filter(pk=org_unit_id)
            | AdminUnit.objects.filter(parent_id=org_unit_id, generation=AdminUnit.Generation.CURRENT)
        )
        units.sort(key=lambda u: (u.pk != org_unit_id, u.sort_key, u.pk))
    if chosen is not None and all(u.pk != chosen.pk for u in units):
        units.insert(0, chosen)
    return units


def concern_list(request):
    acting = request.acting
    kwargs, shown = _filters(request, acting)
    if request.GET.get("format") == "xlsx":
        return exports.concerns_xlsx(selectors.concern_list(acting=acting, **kwargs))
    context = {
        "page": paginate(request, selectors.concern_page(acting=acting, **kwargs)),
        "f": shown,
        "topics": selectors.topic_tree(),
        "units": _unit_choices(acting, shown["unit"]),
        "channels": Channel.choices,
        "statuses": STATUS_FILTERS,
        "severities": Severity.choices,
        "flags": FLAG_FILTERS,
        "query": query_without_page(request),
        "today": timezone.localdate(),
        "can_record": _may_record(acting),
        "can_quick": _may_report(acting),
    }
    return render_page(request, "concerns/concern_list.html", context, partial="results")


# --- intake --------------------------------------------------------------------------------------------------


def _intake_key(request) -> str:
    key = str(request.POST.get("intake_key") or "")
    return key if _KEY.fullmatch(key) else uuid.uuid4().hex


def concern_create(request):
    acting = request.acting
    if not _may_record(acting):
        raise NotFound()
    topics = selectors.topic_tree()
    form = ConcernForm(request.POST or None, topics=topics)
    key = _intake_key(request)
    attach_id = parse_id(request.POST.get("attach_to")) if request.method == "POST" else None

    def perform(d):
        data, contact = form.service_data()
        target = selectors.concern_get(acting=acting, concern_id=attach_id) if attach_id else None
        return services.concern_intake(
            acting=acting,
            data=data,
            contact=contact,
            attach_to=target,
            source="form",
            idempotency_key=f"{key}:{attach_id or 0}",
        )

    outcome = submit(request, form, _error_fields(perform, CONTACT_ERRORS))
    if outcome.ok:
        concern, created = outcome.value
        if created:
            messages.success(request, f"Đã ghi nhận vấn đề. Mã theo dõi: {concern.tracking_code}.")
        elif attach_id:
            messages.success(
                request,
                f"Đã ghi thêm một lượt phản ánh vào {concern.tracking_code} "
                f"(nay có {concern.reports_count} lượt phản ánh).",
            )
        else:
            messages.info(request, f"Phiếu này đã được ghi nhận trước đó: {concern.tracking_code}.")
        return redirect("concerns:detail", concern_id=concern.pk)
    context = {"form": form, "intake_key": key, "sla": _sla_rows()}
    return render(request, "concerns/concern_form.html", context, status=outcome.status)


def _sla_rows():
    from phoihop.concerns.models import SlaRule

    return list(SlaRule.objects.all())


@require_safe
def unit_suggestions(request):
    """<option>s of a <datalist>: units whose name matches what is typed (accent-insensitive), with the
    province, in the form the intake service reads back; pre-2025 names are marked."""
    from phoihop.geo.selectors import unit_list

    q = str(request.GET.get("unit") or request.GET.get("unit_q") or "")[:100].strip()
    q = q.split(",", 1)[0].strip()
    units = list(unit_list(q=q)[:20]) if len(fold(q)) >= 2 else []
    org = request.acting.org
    home = org.unit_path.split("/", 1)[0] + "/" if org is not None and org.unit_path else None
    units.sort(key=lambda u: (home is None or not (u.path + "/").startswith(home), not u.is_current))
    labels = unit_labels(units)
    rows, seen = [], set()
    for u in units:
        if labels[u.pk] not in seen:  # an old name shared with a current unit resolves to the current one
            seen.add(labels[u.pk])
            rows.append({"value": labels[u.pk], "old": not u.is_current})
    return render(request, "concerns/unit_options.html", {"rows": rows})


def _check_inputs(request):
    g = request.GET
    title = str(g.get("title") or "")[:300]
    description = str(g.get("description") or "")[:4000]
    return title, description


@require_safe
def topic_suggest(request):
    """The "Gợi ý: …" chip of the intake form: the classifier's best topics for what is typed so far."""
    from phoihop.concerns.classifier import suggest_topics

    if not _may_report(request.acting):
        raise NotFound()
    title, description = _check_inputs(request)
    text = f"{title}. {description}".strip(". ")
    ranked = suggest_topics(text, limit=2) if len(fold(text)) >= 8 else []
    topics = {t.code: t for t in Topic.objects.select_related("parent").filter(code__in=[c for c, _ in ranked])}
    suggestions = [{"topic": topics[c], "score": s} for c, s in ranked if c in topics]
    return render(request, "concerns/topic_suggest.html", {"suggestions": suggestions})


@require_safe
def duplicates(request):
    """The "Có thể trùng" panel of the intake form: likely duplicates of what is being typed."""
    acting = request.acting
    if not _may_record(acting):
        raise NotFound()
    title, description = _check_inputs(request)
    text = f"{title}. {description}".strip(". ")
    unit_text = str(request.GET.get("unit") or "")[:200].strip()
    context = {"found": [], "hint": ""}
    if len(fold(text)) < 8:
        context["hint"] = "short"
        return render(request, "concerns/duplicates.html", context)
    if not unit_text:
        context["hint"] = "unit"
        return render(request, "concerns/duplicates.html", context)
    try:
        unit, _ = services.resolve_unit(unit_text)
    except ValidationFailed:
        context["hint"] = "unit"
        return render(request, "concerns/duplicates.html", context)
    topic = None
    code = str(request.GET.get("topic") or "")[:40]
    if code:
        topic = Topic.objects.filter(code=code, parent__isnull=False).first()
    found = selectors.concern_duplicates(acting=acting, text=text, unit=unit, topic=topic)
    context["found"] = [{"c": c, "percent": round(score * 100)} for c, score in found]
    return render(request, "concerns/duplicates.html", context)


def quick_report(request):
    """A collaborator's quick report from a phone: channel "collaborator", source "quick", no contact."""
    from phoihop.concerns.classifier import suggest_topics

    acting = request.acting
    if not _may_report(acting):
        raise NotFound()
    topics = selectors.topic_tree()
    form = QuickReportForm(request.POST or None, topics=topics)
    chosen: dict = {}

    def perform(d):
        topic = d["topic"]
        if not topic:
            ranked = suggest_topics(f"{d['title']}. {d['description']}", limit=1)
            topic = ranked[0][0] if ranked else ""
            if not topic:
                raise ValidationFailed("Chưa đoán được lĩnh vực từ nội dung: hãy chọn một lĩnh vực.", field="topic")
            chosen["topic"] = Topic.objects.filter(code=topic).first()
        data = {
            "title": d["title"],
            "description": d["description"],
            "unit": d["unit"],
            "topic": topic,
            "severity": d["severity"],
            "channel": Channel.COLLABORATOR,
        }
        return services.concern_intake(acting=acting, data=data, source="quick")

    outcome = submit(request, form, _error_fields(perform, {"place_given": "unit"}))
    if outcome.ok:
        concern, _ = outcome.value
        text = f"Đã gửi báo cáo nhanh. Mã theo dõi: {concern.tracking_code}."
        if chosen.get("topic"):
            text += f" Lĩnh vực do hệ thống chọn theo nội dung: {chosen['topic'].name} (cán bộ tiếp nhận có thể sửa)."
        messages.success(request, text)
        return redirect("concerns:quick")
    return render(request, "concerns/quick_form.html", {"form": form}, status=outcome.status)


# --- one concern -----------------------------------------------------------------------------------------------

ESCALATE_FROM = (S.RECEIVED, S.VERIFYING, S.ASSIGNED, S.IN_HANDLING)

# action → (label, who, statuses it applies to, whether it opens a form)
ACTIONS: dict[str, tuple[str, str, tuple, bool]] = {
    "verify": (str(TRANSITIONS["verify"].label), "coordinator", TRANSITIONS["verify"].sources, False),
    "route": ("Giao xử lý", "coordinator", ROUTABLE, True),
    "start": (str(TRANSITIONS["start"].label), "handler", TRANSITIONS["start"].sources, False),
    "refuse": ("Từ chối (không thuộc thẩm quyền)", "handler", (S.ASSIGNED, S.IN_HANDLING), True),
    "resolve": (str(TRANSITIONS["resolve"].label), "handler", TRANSITIONS["resolve"].sources, True),
    "close": (str(TRANSITIONS["close"].label), "coordinator", TRANSITIONS["close"].sources, True),
    "reject": (str(TRANSITIONS["reject"].label), "coordinator", TRANSITIONS["reject"].sources, True),
    "reopen": (str(TRANSITIONS["reopen"].label), "coordinator", TRANSITIONS["reopen"].sources, True),
    "escalate": ("Chuyển cấp trên", "either", ESCALATE_FROM, True),
    "merge": ("Gộp một vấn đề trùng vào đây", "coordinator", tuple(S.values), True),
}


def _allowed(acting, concern, who: str) -> bool:
    if who == "coordinator":
        return perms.can_coordinate(acting, concern)
    if who == "handler":
        return perms.can_handle(acting, concern)
    return perms.can_coordinate(acting, concern) or perms.can_handle(acting, concern)


def _last_refusal(concern) -> ConcernRouting | None:
    routings = list(concern.routings.all())
    return routings[-1] if routings and routings[-1].kind == ConcernRouting.Kind.REFUSE else None


def _action_form(action, concern, data=None):
    prefix = action
    if action == "route":
        initial = {"deadline": services.sla_deadline(concern.severity)}
        refusal = _last_refusal(concern)
        orgs = {}
        if refusal is not None and refusal.suggested_id:
            initial["lead"] = refusal.suggested_id
            orgs[refusal.suggested_id] = refusal.suggested
        elif concern.lead_id:
            initial["lead"] = concern.lead_id
            orgs[concern.lead_id] = concern.lead
        if data is not None:
            ids = [parse_id(data.get(f"{prefix}-{n}")) for n in RouteForm.ORG_FIELDS]
            orgs |= Organization.objects.in_bulk([i for i in ids if i])
        return RouteForm(data, prefix=prefix, initial=initial, orgs=orgs)
    if action == "refuse":
        orgs = {}
        if data is not None and parse_id(data.get(f"{prefix}-suggested")):
            orgs = Organization.objects.in_bulk([parse_id(data.get(f"{prefix}-suggested"))])
        return RefuseForm(data, prefix=prefix, orgs=orgs)
    if action == "resolve":
        return ResolveForm(data, prefix=prefix, initial={"public_answer": concern.public_answer})
    if action == "close":
        return CloseForm(data, prefix=prefix, initial={"public_answer": concern.public_answer})
    if action in ("reject", "reopen", "escalate"):
        return ReasonForm(data, prefix=prefix)
    if action == "merge":
        return MergeForm(data, prefix=prefix)
    return EmptyForm(data, prefix=prefix)


def _detail_context(request, concern, *, open_action=None, action_form=None, response_form=None, done_forms=None):
    acting = request.acting
    coordinate = perms.can_coordinate(acting, concern)
    respond = perms.can_respond(acting, concern) and concern.merged_into_id is None
    actions = []
    if concern.merged_into_id is None:
        for action, (label, who, sources, has_form) in ACTIONS.items():
            if concern.status in sources and _allowed(acting, concern, who):
                form = action_form if action == open_action else _action_form(action, concern)
                actions.append(
                    {
                        "action": action,
                        "label": label,
                        "form": form,
                        "has_form": has_form,
                        "open": action == open_action,
                    }
                )
    elif coordinate:
        actions.append(
            {
                "action": "unmerge",
                "label": "Tách khỏi vấn đề đã gộp",
                "form": action_form if open_action == "unmerge" else EmptyForm(prefix="unmerge"),
                "has_form": False,
            }
        )
    parties = list(concern.parties.all())
    responses = list(concern.responses.all())
    done_forms = done_forms or {}
    today = timezone.localdate()
    for r in responses:
        r.done_form = None
        if respond and not r.is_done:
            r.done_form = done_forms.get(r.pk) or ResponseDoneForm(prefix=f"done{r.pk}", initial={"done_on": today})
    merges = list(
        ConcernMerge.objects.filter(original=concern).select_related("duplicate", "by", "undone_by")
        | ConcernMerge.objects.filter(duplicate=concern).select_related("original", "by", "undone_by")
    )
    history = list(concern.history.all())
    for h in history:
        h.label = HISTORY_LABELS.get(h.action, h.action)
    routings = list(concern.routings.all())
    return {
        "concern": concern,
        "overdue": concern.is_overdue(today),
        "partners": [p.organization for p in parties if p.role == "partner"],
        "escalations": [p.organization for p in parties if p.role == "escalated"],
        "intakes": [p.organization for p in parties if p.role == "intake"],
        "reports": list(ConcernReport.objects.filter(concern=concern).select_related("unit", "organization")),
        "history": history,
        "routings": routings,
        "merges": merges,
        "merged_here": list(selectors.concern_merged(concern=concern).only("id", "tracking_code", "title")),
        "responses": responses,
        "can_edit": coordinate and concern.merged_into_id is None,
        "can_respond": respond,
        "response_form": response_form or (ResponseForm(prefix="response") if respond else None),
        "open_response": response_form is not None,
        "can_contact": perms.can_view_contact(acting, concern),
        "actions": actions,
        "button_actions": [a for a in actions if not a["has_form"]],
        "form_actions": [a for a in actions if a["has_form"]],
        "last_refusal": _last_refusal(concern),
        "is_open": concern.status in OPEN_STATUSES,
    }


@require_safe
def concern_detail(request, concern_id):
    concern = selectors.concern_get(acting=request.acting, concern_id=concern_id)
    return render(request, "concerns/concern_detail.html", _detail_context(request, concern))


def _perform_action(acting, concern, action, d):
    if action == "route":
        return services.concern_route(
            acting=acting,
            concern=concern,
            lead=d["lead"],
            partners=d["partners"],
            deadline=d["deadline"],
            note=d["note"],
        )
    if action == "refuse":
        return services.concern_refuse(acting=acting, concern=concern, reason=d["reason"], suggested=d["suggested"])
    if action == "escalate":
        return services.concern_escalate(acting=acting, concern=concern, reason=d["reason"])
    if action == "merge":
        try:
            duplicate = selectors.concern_get(acting=acting, concern_id=d["duplicate"].strip())
        except NotFound:
            raise ValidationFailed(
                f"Không tìm thấy vấn đề có mã “{d['duplicate'][:20]}” trong các vấn đề bạn được xem.", field="duplicate"
            ) from None
        return services.concern_merge(acting=acting, original=concern, duplicate=duplicate)
    if action == "unmerge":
        return services.concern_unmerge(acting=acting, duplicate=concern)
    return services.concern_transition(
        acting=acting,
        concern=concern,
        action=action,
        reason=d.get("reason", ""),
        result=d.get("result", ""),
        public_answer=d.get("public_answer", ""),
    )


@require_POST
def concern_action(request, concern_id, action):
    acting = request.acting
    concern = selectors.concern_get(acting=acting, concern_id=concern_id)
    if action == "unmerge":
        if concern.merged_into_id is None or not perms.can_coordinate(acting, concern):
            raise NotFound()
        label = "Tách khỏi vấn đề đã gộp"
    else:
        spec = ACTIONS.get(action)
        if spec is None or concern.merged_into_id or not _allowed(acting, concern, spec[1]):
            raise NotFound()
        label = spec[0]
    form = _action_form(action, concern, request.POST)
    outcome = submit(request, form, lambda d: _perform_action(acting, concern, action, d))
    if outcome.ok:
        messages.success(request, f"Đã thực hiện: {label}.")
        return redirect("concerns:detail", concern_id=concern.pk)
    if not form.errors:
        form.add_error(None, "Không thực hiện được thao tác này.")
    concern = selectors.concern_get(acting=acting, concern_id=concern.pk)
    context = _detail_context(request, concern, open_action=action, action_form=form)
    return render(request, "concerns/concern_detail.html", context, status=outcome.status)


@require_POST
def response_add(request, concern_id):
    acting = request.acting
    concern = selectors.concern_get(acting=acting, concern_id=concern_id)
    if not perms.can_respond(acting, concern) or concern.merged_into_id:
        raise NotFound()
    form = ResponseForm(request.POST, prefix="response")
    outcome = submit(request, form, lambda d: services.response_add(acting=acting, concern=concern, data=d))
    if outcome.ok:
        messages.success(request, "Đã ghi phương án thông tin, tuyên truyền.")
        return redirect("concerns:detail", concern_id=concern.pk)
    context = _detail_context(request, concern, response_form=form)
    return render(request, "concerns/concern_detail.html", context, status=outcome.status)


@require_POST
def response_done(request, concern_id, response_id):
    acting = request.acting
    concern = selectors.concern_get(acting=acting, concern_id=concern_id)
    response = CommunicationResponse.objects.filter(pk=response_id, concern=concern).first()
    if response is None or not perms.can_respond(acting, concern):
        raise NotFound()
    form = ResponseDoneForm(request.POST, prefix=f"done{response.pk}")
    outcome = submit(
        request,
        form,
        lambda d: services.response_update(acting=acting, response=response, data={"done_on": d["done_on"]}),
    )
    if outcome.ok:
        messages.success(request, "Đã ghi nhận: thông tin đã được thực hiện.")
        return redirect("concerns:detail", concern_id=concern.pk)
    context = _detail_context(request, concern, done_forms={response.pk: form})
    return render(request, "concerns/concern_detail.html", context, status=outcome.status)


@require_safe
def concern_contacts(request, concern_id):
    """Complainants' contacts, opened only for officers of the intake or lead organisation; every view is
    in the audit log (services.contact_read). Never part of the concern page itself."""
    acting = request.acting
    concern = selectors.concern_get(acting=acting, concern_id=concern_id)
    contacts = services.contact_read(acting=acting, concern=concern)
    response = render_page(
        request, "concerns/contacts.html", {"concern": concern, "contacts": contacts}, partial="contacts"
    )
    response["Cache-Control"] = "no-store, private"
    return response


_EDIT_FIELDS = (
    "title", "description", "topic", "unit", "latitude", "longitude", "people_affected", "severity",
    "mass_complaint", "ethnic_religious", "security_order", "false_information", "observed_on", "source_ref",
    "public_answer",
)  # fmt: skip


def _edit_initial(concern) -> dict:
    initial = {f: getattr(concern, f) for f in _EDIT_FIELDS if f not in ("topic", "unit", "latitude", "longitude")}
    initial["topic"] = concern.topic.code
    initial["unit"] = unit_labels([concern.unit])[concern.unit_id]
    initial["latitude"] = "" if concern.latitude is None else str(concern.latitude)
    initial["longitude"] = "" if concern.longitude is None else str(concern.longitude)
    initial["version"] = concern.version
    return initial


def concern_edit(request, concern_id):
    acting = request.acting
    concern = selectors.concern_get(acting=acting, concern_id=concern_id)
    if concern.merged_into_id:
        return redirect("concerns:edit", concern_id=concern.merged_into_id)
    if not perms.can_coordinate(acting, concern):
        raise NotFound()
    initial = _edit_initial(concern)
    form = ConcernEditForm(request.POST or None, initial=initial, topics=selectors.topic_tree())

    def perform(d):
        changes = {k: d.get(k) for k in _EDIT_FIELDS if d.get(k) != initial.get(k)}
        for k in ("source_ref", "public_answer", "latitude", "longitude"):
            if k in changes and changes[k] is None:
                changes[k] = ""
        return services.concern_update(acting=acting, concern=concern, data=changes, version=d.get("version"))

    outcome = submit(request, form, _error_fields(perform, {"place_given": "unit"}))
    if outcome.ok:
        messages.success(request, f"Đã lưu {concern.tracking_code}.")
        return redirect("concerns:detail", concern_id=concern.pk)
    if outcome.status == 409:
        form.data = form.data.copy()
        form.data["version"] = Concern.objects.filter(pk=concern.pk).values_list("version", flat=True).first()
    return render(request, "concerns/concern_edit.html", {"form": form, "concern": concern}, status=outcome.status)


# --- public status by tracking code -----------------------------------------------------------------------------


@login_not_required
@require_safe
def track(request):
    """For the public: the status, the date of the last update and the public answer; nothing else."""
    code = str(request.GET.get("code") or "").strip()[:40]
    form = TrackForm(request.GET or None)
    found, status = None, 200
    if code:
        found = selectors.public_status(tracking_code=code)
        if found is None:
            status = 404
    context = {"form": form, "code": code.upper(), "found": found}
    return render(request, "concerns/track.html", context, status=status)
