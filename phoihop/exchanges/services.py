"""Writing information supply: requests, the obligations of each period, supplies, the requester's review,
quick reports, reminders and escalation. Every write is validated and audited in one transaction."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from phoihop.core.audit import audit_record, snapshot
from phoihop.core.errors import NotFound, ValidationFailed
from phoihop.core.text import fold
from phoihop.exchanges import permissions as perms
from phoihop.exchanges.models import (
    UNSUPPLIED_STATUSES,
    Completeness,
    Frequency,
    InfoAsked,
    InfoObligation,
    InfoRequest,
    InfoSupply,
    ObligationEvent,
    ObligationReminder,
    QuickReport,
    QuickReportRecipient,
    RequestKind,
    RequestStatus,
    Urgency,
)
from phoihop.exchanges.workflows import REVIEW_ACTIONS, TRANSITIONS

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.concerns.models import Concern
    from phoihop.orgs.models import Organization
    from phoihop.programs.models import ProgramContent

MAX_ASKED = 200
MAX_RECIPIENTS = 100
SUBJECT_LIMIT = 300
TEXT_LIMIT = 20_000
REASON_LIMIT = 4_000
MAX_HOURS = 24 * 30
MAX_DAYS = 90
PAST_YEARS = 5

REQUEST_OWNER = "exchanges.inforequest"
SUPPLY_OWNER = "exchanges.infosupply"
QUICK_OWNER = "exchanges.quickreport"


def _text(value: Any, field: str, label: str, *, required: bool, limit: int) -> str:
    from phoihop.concerns.services import clean_text

    return clean_text(value, field, label, required=required, limit=limit)


def _int(value: Any, field: str, message: str, low: int, high: int) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise ValidationFailed(message, field=field)
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except (TypeError, ValueError):
        raise ValidationFailed(message, field=field) from None
    if not low <= number <= high:
        raise ValidationFailed(message, field=field)
    return number


def _choice(value: Any, choices, field: str, label: str) -> str:
    text = str(value or "")
    if text not in choices.values:
        raise ValidationFailed(f"{label} không hợp lệ.", field=field)
    return text


# --- periods -------------------------------------------------------------------------------------------

_MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.HALF_YEARLY: 6}


def period_of(frequency: str, day: dt.date) -> tuple[str, dt.date, dt.date]:
    """(label, first day, last day) of the period of `frequency` that contains `day`."""
    step = _MONTHS[frequency]
    first_month = (day.month - 1) // step * step + 1
    last_month = first_month + step - 1
    start = dt.date(day.year, first_month, 1)
    end = dt.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])
    index = (first_month - 1) // step + 1
    label = {1: f"{day.year}-{first_month:02d}", 3: f"{day.year}-Q{index}", 6: f"{day.year}-H{index}"}[step]
    return label, start, end


def period_name(label: str) -> str:
    """ "tháng 3/2026", "quý 1/2026", "6 tháng đầu năm 2026"; "" for a per-incident obligation."""
    if not label:
        return ""
    if "-Q" in label:
        return f"quý {label[-1]}/{label[:4]}"
    if "-H" in label:
        return f"6 tháng {'đầu' if label[-1] == '1' else 'cuối'} năm {label[:4]}"
    return f"tháng {int(label[5:])}/{label[:4]}"


def period_due_at(due_day: int, period_end: dt.date) -> dt.datetime:
    """The end (23:59:59, Vietnam time) of the due day in the period's last month, clipped to its length."""
    day = period_end.replace(day=min(due_day, period_end.day))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def _periods_until(request: InfoRequest, today: dt.date) -> list[tuple[str, dt.datetime]]:
    """(label, due time) of every period that has started by `today`, falls due on or after the request's
    first day and not after its last."""
    out = []
    label, start, end = period_of(request.frequency, request.starts_on)
    while start <= today:
        due_at = period_due_at(request.due_day, end)
        due_day = timezone.localtime(due_at).date()
        if request.ends_on and due_day > request.ends_on:
            break
        if due_day >= request.starts_on:
            out.append((label, due_at))
        label, start, end = period_of(request.frequency, end + dt.timedelta(days=1))
    return out


# --- requests ------------------------------------------------------------------------------------------


def _distinct_orgs(orgs, field: str, label: str, limit: int, exclude: Organization | None) -> list[Organization]:
    from phoihop.orgs.models import Organization

    seen, out = set(), []
    for org in orgs or []:
        if not isinstance(org, Organization):
            raise ValidationFailed(f"{label}: không có cơ quan này.", field=field)
        if org.pk not in seen:
            seen.add(org.pk)
            out.append(org)
    if not out:
        raise ValidationFailed(f"Hãy chọn ít nhất một {label.lower()}.", field=field)
    if len(out) > limit:
        raise ValidationFailed(f"{label}: tối đa {limit} cơ quan.", field=field)
    if exclude is not None and exclude.pk in seen:
        raise ValidationFailed(f"{label}: không gửi cho chính cơ quan mình.", field=field)
    return out


@transaction.atomic
def request_create(
    *,
    acting: Acting,
    subject: Any,
    asked: list[Organization],
    kind: Any,
    details: Any = "",
    content: ProgramContent | None = None,
    frequency: Any = "",
    due_day: Any = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    deadline: dt.datetime | None = None,
    within_hours: Any = None,
    within_days: Any = None,
    urgency: Any = Urgency.NORMAL,
    files=(),
    now: dt.datetime | None = None,
) -> InfoRequest:
    """Ask one or more organisations for information, periodically or once (per incident).

    Periodic: `frequency` and `due_day` (1-31, clipped to the month) are required; the obligations of
    the current period are created at once, the later ones by the daily job. Per incident: a deadline
    as a time (`deadline`), or `within_hours` / `within_days` from now; it may not be in the past."""
    if not perms.can_create_request(acting):
        raise NotFound()
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    subject = _text(subject, "subject", "Nội dung yêu cầu", required=True, limit=SUBJECT_LIMIT)
    details = _text(details, "details", "Thông tin cần cung cấp", required=False, limit=TEXT_LIMIT)
    kind = _choice(kind, RequestKind, "kind", "Loại yêu cầu")
    urgency = _choice(urgency or Urgency.NORMAL, Urgency, "urgency", "Độ khẩn")
    asked = _distinct_orgs(asked, "asked", "Cơ quan được yêu cầu", MAX_ASKED, acting.org)
    request = InfoRequest(
        requester=acting.org,
        requester_path=acting.org.unit_path,
        subject=subject,
        details=details,
        content=content,
        kind=kind,
        urgency=urgency,
        created_by=acting.user,
        search_key=fold(f"{subject} {details}")[:400],
    )
    if kind == RequestKind.PERIODIC:
        request.frequency = _choice(frequency, Frequency, "frequency", "Định kỳ")
        if not request.frequency:
            raise ValidationFailed("Yêu cầu định kỳ: hãy chọn hàng tháng, hàng quý hoặc 6 tháng.", field="frequency")
        request.due_day = _int(due_day, "due_day", "Ngày đến hạn là một ngày trong tháng, từ 1 đến 31.", 1, 31)
        if request.due_day is None:
            raise ValidationFailed("Yêu cầu định kỳ phải có ngày đến hạn trong kỳ (từ 1 đến 31).", field="due_day")
        request.starts_on = starts_on or today
        if not isinstance(request.starts_on, dt.date) or isinstance(request.starts_on, dt.datetime):
            raise ValidationFailed("Ngày áp dụng không hợp lệ.", field="starts_on")
        if request.starts_on.year < today.year - PAST_YEARS or request.starts_on > today + dt.timedelta(days=366):
            raise ValidationFailed(
                f"Ngày áp dụng phải từ năm {today.year - PAST_YEARS} đến một năm tới.", field="starts_on"
            )
        if ends_on is not None and ends_on < request.starts_on:
            raise ValidationFailed("Ngày kết thúc phải sau ngày áp dụng.", field="ends_on")
        request.ends_on = ends_on
    else:
        if frequency:
            raise ValidationFailed("Yêu cầu theo vụ việc không có định kỳ.", field="frequency")
        if due_day not in (None, ""):
            raise ValidationFailed("Yêu cầu theo vụ việc dùng thời hạn, không dùng ngày đến hạn.", field="due_day")
        hours = _int(within_hours, "within_hours", f"Số giờ phải từ 1 đến {MAX_HOURS}.", 1, MAX_HOURS)
        days = _int(within_days, "within_days", f"Số ngày phải từ 1 đến {MAX_DAYS}.", 1, MAX_DAYS)
        given = [v for v in (deadline, hours, days) if v is not None]
        if len(given) != 1:
            raise ValidationFailed(
                "Yêu cầu theo vụ việc cần đúng một thời hạn: số giờ, số ngày hoặc thời điểm.", field="deadline"
            )
        if deadline is not None:
            if not isinstance(deadline, dt.datetime):
                raise ValidationFailed("Thời hạn không hợp lệ.", field="deadline")
            if timezone.is_naive(deadline):
                deadline = timezone.make_aware(deadline)
            if deadline <= now:
                raise ValidationFailed("Thời hạn đã qua: hãy chọn một thời điểm sau bây giờ.", field="deadline")
            if deadline > now + dt.timedelta(days=366):
                raise ValidationFailed("Thời hạn quá xa (tối đa một năm).", field="deadline")
        elif hours is not None:
            deadline = now + dt.timedelta(hours=hours)
        else:
            deadline = now + dt.timedelta(days=days)
        request.deadline = deadline.replace(microsecond=0)
    request.save()
    InfoAsked.objects.bulk_create(
        InfoAsked(request=request, organization=org, unit_path=org.unit_path) for org in asked
    )
    if kind == RequestKind.INCIDENT:
        InfoObligation.objects.bulk_create(
            InfoObligation(request=request, organization=org, unit_path=org.unit_path, due_at=request.deadline)
            for org in asked
        )
    after = snapshot(request)
    after["asked"] = [org.pk for org in asked]
    audit_record(acting=acting, action="exchange.request_create", obj=request, after=after)
    _store_files(acting, files, REQUEST_OWNER, request.pk)
    if kind == RequestKind.PERIODIC:
        obligations_generate(today=today, requests=[request])
    when = (
        f"hạn {_local(request.deadline)}"
        if request.deadline
        else f"{request.get_frequency_display().lower()}, ngày {request.due_day}"
    )
    _notify(
        [o.pk for o in asked],
        acting,
        "exchange.requested",
        f"{_urgency_prefix(request)}Yêu cầu cung cấp thông tin: {subject} ({when})",
        f"/exchanges/{request.pk}/",
        request,
        body=f"Từ: {acting.org.name}",
    )
    return request


@transaction.atomic
def request_close(*, acting: Acting, request: InfoRequest, reason: Any = "") -> InfoRequest:
    """End a request: no more supplies; obligations not yet due are cancelled (not counted)."""
    request = InfoRequest.objects.select_for_update().get(pk=request.pk)
    if not perms.can_manage_request(acting, request):
        raise NotFound()
    reason = _text(reason, "reason", "Lý do", required=False, limit=REASON_LIMIT)
    if request.status == RequestStatus.CLOSED:
        raise ValidationFailed("Yêu cầu đã kết thúc.", code="invalid_transition")
    now = timezone.now()
    before = snapshot(request)
    request.status = RequestStatus.CLOSED
    request.closed_at = now
    request.version += 1
    request.save(update_fields=["status", "closed_at", "version", "updated_at"])
    cancelled = list(request.obligations.filter(status__in=UNSUPPLIED_STATUSES, due_at__gt=now))
    for obligation in cancelled:
        _move(acting, obligation, "cancel", reason=reason or "Yêu cầu đã kết thúc.")
    audit_record(
        acting=acting,
        action="exchange.request_close",
        obj=request,
        before=before,
        after={**snapshot(request), "cancelled": len(cancelled)},
        reason=reason,
    )
    org_ids = list(request.asked_rows.values_list("organization_id", flat=True))
    _notify(
        org_ids,
        acting,
        "exchange.closed",
        f"Đã kết thúc yêu cầu: {request.subject}",
        f"/exchanges/{request.pk}/",
        request,
    )
    return request


# --- obligations of each period ------------------------------------------------------------------------


def obligations_generate(*, today: dt.date | None = None, requests=None) -> int:
    """Create the missing obligations of every period started by `today` for open periodic requests
    (idempotent: the unique constraint (request, organization, period) absorbs repeats and races)."""
    today = today or timezone.localdate()
    if requests is None:
        requests = InfoRequest.objects.filter(kind=RequestKind.PERIODIC, status=RequestStatus.OPEN).filter(
            starts_on__lte=today
        )
    created = 0
    for request in requests:
        periods = _periods_until(request, today)
        if not periods:
            continue
        with transaction.atomic():
            asked = list(InfoAsked.objects.filter(request=request).values_list("organization_id", "unit_path"))
            labels = [label for label, _ in periods]
            existing = set(
                InfoObligation.objects.filter(request=request, period__in=labels).values_list(
                    "organization_id", "period"
                )
            )
            rows = [
                InfoObligation(request=request, organization_id=org_id, unit_path=path, period=label, due_at=due_at)
                for label, due_at in periods
                for org_id, path in asked
                if (org_id, label) not in existing
            ]
            if not rows:
                continue
            InfoObligation.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
            created += len(rows)
            audit_record(
                acting=None,
                action="exchange.obligations",
                obj=request,
                after={"created": len(rows), "periods": sorted({r.period for r in rows})},
            )
    return created


# --- supplies and review -------------------------------------------------------------------------------


def _move(acting: Acting | None, obligation: InfoObligation, action: str, *, reason: str = "", at=None) -> None:
    transition = TRANSITIONS[action]
    ObligationEvent.objects.create(
        obligation=obligation,
        action=action,
        from_status=obligation.status,
        to_status=transition.target,
        reason=reason,
        at=at or timezone.now(),
        by=acting.user if acting else None,
        organization=acting.org if acting else None,
    )
    obligation.status = transition.target
    obligation.save(update_fields=["status", "supplied_at", "updated_at"])


def _locked(obligation: InfoObligation) -> InfoObligation:
    return (
        InfoObligation.objects.select_for_update(of=("self",))
        .select_related("request", "request__requester", "organization")
        .get(pk=obligation.pk)
    )


@transaction.atomic
def supply_add(*, acting: Acting, obligation: InfoObligation, text: Any, complete: Any, files=()) -> InfoSupply:
    """The asked organisation supplies information (text and files), complete or partial."""
    obligation = _locked(obligation)
    if not perms.can_view_obligation(acting, obligation) or not perms.can_supply(acting, obligation):
        raise NotFound()
    if not isinstance(complete, bool):
        raise ValidationFailed("Hãy chọn cung cấp đầy đủ hay một phần.", field="complete")
    text = _text(text, "text", "Thông tin cung cấp", required=True, limit=TEXT_LIMIT)
    request = obligation.request
    if not request.is_open:
        raise ValidationFailed("Yêu cầu đã kết thúc: không cung cấp thêm thông tin được.", code="request_closed")
    action = "supply" if complete else "supply_partial"
    transition = TRANSITIONS[action]
    if obligation.status not in transition.sources:
        raise ValidationFailed(
            f"Không thể cung cấp khi nghĩa vụ đang “{obligation.get_status_display()}”.", code="invalid_transition"
        )
    now = timezone.now()
    before = snapshot(obligation)
    supply = InfoSupply.objects.create(
        obligation=obligation,
        text=text,
        completeness=Completeness.COMPLETE if complete else Completeness.PARTIAL,
        at=now,
        by=acting.user,
        organization=acting.org or obligation.organization,
    )
    if complete:
        obligation.supplied_at = now
    _move(acting, obligation, action, at=now)
    _store_files(acting, files, SUPPLY_OWNER, supply.pk, organization=obligation.organization)
    audit_record(
        acting=acting,
        action="exchange.supply",
        obj=obligation,
        before=before,
        after={**snapshot(obligation), "supply": supply.pk, "files": len(files)},
    )
    words = "đầy đủ" if complete else "một phần"
    _notify(
        [request.requester_id],
        acting,
        "exchange.supplied",
        f"{obligation.organization.short_name or obligation.organization.name} đã cung cấp thông tin ({words}): "
        f"{request.subject}",
        f"/exchanges/obligations/{obligation.pk}/",
        obligation,
        body=text[:300],
    )
    return supply


@transaction.atomic
def obligation_review(*, acting: Acting, obligation: InfoObligation, action: str, reason: Any = "") -> InfoObligation:
    """The requester acknowledges a supply, or asks for more with a reason (the clock starts again)."""
    if action not in REVIEW_ACTIONS:
        raise ValidationFailed("Thao tác không hợp lệ.", field="action")
    obligation = _locked(obligation)
    if not perms.can_view_obligation(acting, obligation) or not perms.can_manage_request(acting, obligation.request):
        raise NotFound()
    transition = TRANSITIONS[action]
    reason = _text(reason, "reason", "Lý do", required=transition.needs_reason, limit=REASON_LIMIT)
    if obligation.status not in transition.sources:
        raise ValidationFailed(
            f"Không thể “{transition.label}” khi nghĩa vụ đang “{obligation.get_status_display()}”.",
            code="invalid_transition",
        )
    if action == "ask_more" and not obligation.request.is_open:
        raise ValidationFailed("Yêu cầu đã kết thúc: không đề nghị bổ sung được.", code="request_closed")
    before = snapshot(obligation)
    if action == "acknowledge" and obligation.supplied_at is None:
        last = obligation.supplies.order_by("-at", "-id").values_list("at", flat=True).first()
        obligation.supplied_at = last or timezone.now()
    if action == "ask_more":
        obligation.supplied_at = None
    _move(acting, obligation, action, reason=reason)
    audit_record(
        acting=acting,
        action=f"exchange.{action}",
        obj=obligation,
        before=before,
        after=snapshot(obligation),
        reason=reason,
    )
    request = obligation.request
    if action == "ask_more":
        title = f"Đề nghị bổ sung thông tin: {request.subject}"
    else:
        title = f"Thông tin đã được tiếp nhận: {request.subject}"
    _notify(
        [obligation.organization_id],
        acting,
        f"exchange.{action}",
        title,
        f"/exchanges/obligations/{obligation.pk}/",
        obligation,
        body=reason,
    )
    return obligation


# --- quick reports -------------------------------------------------------------------------------------


@transaction.atomic
def quick_report_send(
    *,
    acting: Acting,
    subject: Any,
    text: Any,
    recipients: list[Organization],
    urgency: Any = Urgency.NORMAL,
    concern: Concern | None = None,
    files=(),
) -> QuickReport:
    """Báo cáo nhanh: information sent without a request to the chosen organisations."""
    if not perms.can_send_quick_report(acting):
        raise NotFound()
    subject = _text(subject, "subject", "Tiêu đề", required=True, limit=SUBJECT_LIMIT)
    text = _text(text, "text", "Nội dung báo cáo", required=True, limit=TEXT_LIMIT)
    urgency = _choice(urgency or Urgency.NORMAL, Urgency, "urgency", "Độ khẩn")
    recipients = _distinct_orgs(recipients, "recipients", "Cơ quan nhận", MAX_RECIPIENTS, acting.org)
    if concern is not None:
        from phoihop.concerns.permissions import can_view_concern

        if not can_view_concern(acting, concern):
            raise ValidationFailed("Không có vấn đề này hoặc bạn không xem được.", field="concern")
    report = QuickReport.objects.create(
        sender=acting.org,
        sender_path=acting.org.unit_path,
        subject=subject,
        text=text,
        urgency=urgency,
        concern=concern,
        by=acting.user,
    )
    QuickReportRecipient.objects.bulk_create(
        QuickReportRecipient(report=report, organization=org, unit_path=org.unit_path) for org in recipients
    )
    after = snapshot(report)
    after["recipients"] = [org.pk for org in recipients]
    audit_record(acting=acting, action="exchange.quick_report", obj=report, after=after)
    _store_files(acting, files, QUICK_OWNER, report.pk)
    _notify(
        [org.pk for org in recipients],
        acting,
        "exchange.quick_report",
        f"{_urgency_prefix(report)}Báo cáo nhanh của {acting.org.short_name or acting.org.name}: {subject}",
        f"/exchanges/quick/{report.pk}/",
        report,
        body=text[:300],
    )
    return report


# --- reminders and escalation --------------------------------------------------------------------------

REMIND_MAX = dt.timedelta(days=3)
REMIND_MIN = dt.timedelta(hours=1)
ESCALATE_WINDOW = dt.timedelta(days=30)


def notice(obligation: InfoObligation) -> dt.timedelta:
    """How long before the due time the reminder goes, and how long after it the leaders are told:
    a quarter of the time given, between one hour and three days (ADR 0016)."""
    quarter = dt.timedelta(minutes=round((obligation.due_at - obligation.created_at).total_seconds() / 240))
    return min(REMIND_MAX, max(REMIND_MIN, quarter))


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Hourly job: remind the asked organisation before the due time and at it; tell its leaders when an
    obligation is overdue by its notice. Each reminder once; obligations overdue for more than 30 days
    are left to the statistics."""
    now = now or timezone.now()
    sent = 0
    qs = (
        InfoObligation.objects.filter(
            status__in=UNSUPPLIED_STATUSES,
            request__status=RequestStatus.OPEN,
            due_at__gt=now - ESCALATE_WINDOW,
            due_at__lte=now + REMIND_MAX,
        )
        .select_related("request", "organization")
        .order_by("due_at", "id")
    )
    for obligation in qs.iterator(chunk_size=500):
        lead = notice(obligation)
        kinds = []
        if obligation.due_at > now:
            if obligation.due_at - lead <= now:
                kinds.append("before")
        else:
            kinds.append("due")
            if now >= obligation.due_at + lead:
                kinds.append("escalate")
        for kind in kinds:
            sent += _remind(obligation, kind, now)
    return sent


@transaction.atomic
def _remind(obligation: InfoObligation, kind: str, now: dt.datetime) -> int:
    _, created = ObligationReminder.objects.get_or_create(obligation=obligation, kind=kind, defaults={"sent_at": now})
    if not created:
        return 0
    request = obligation.request
    what = f"{request.subject}{' (' + period_name(obligation.period) + ')' if obligation.period else ''}"
    due = _local(obligation.due_at)
    url = f"/exchanges/obligations/{obligation.pk}/"
    if kind == "before":
        _notify(
            [obligation.organization_id],
            None,
            "exchange.reminder",
            f"Sắp đến hạn cung cấp thông tin: {what} (hạn {due})",
            url,
            obligation,
        )
    elif kind == "due":
        _notify(
            [obligation.organization_id],
            None,
            "exchange.due",
            f"Đến hạn cung cấp thông tin: {what} (hạn {due})",
            url,
            obligation,
        )
    else:
        from phoihop.accounts.models import Membership, Role, User

        leaders = User.objects.filter(
            pk__in=Membership.objects.active()
            .filter(organization_id=obligation.organization_id, role=Role.LEADER)
            .values("user_id")
        )
        title = f"Quá hạn cung cấp thông tin: {what} (hạn {due}, yêu cầu của {request.requester.name})"
        if leaders.exists():
            _notify_users(leaders, None, "exchange.overdue", title, url, obligation)
        else:  # no leader has an account: the organisation's people are told instead
            _notify([obligation.organization_id], None, "exchange.overdue", title, url, obligation)
        before = snapshot(obligation, fields=["escalated_at"])
        obligation.escalated_at = now
        obligation.save(update_fields=["escalated_at", "updated_at"])
        audit_record(
            acting=None,
            action="exchange.escalate",
            obj=obligation,
            before=before,
            after={"escalated_at": now.isoformat()},
        )
    return 1


# --- helpers -------------------------------------------------------------------------------------------


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def _urgency_prefix(obj) -> str:
    return {Urgency.URGENT: "[KHẨN] ", Urgency.FLASH: "[HỎA TỐC] "}.get(obj.urgency, "")


def _store_files(acting: Acting, files, owner_type: str, owner_id, organization=None) -> list:
    from phoihop.documents.services import attachment_store

    stored = []
    try:
        for upload in files or ():
            stored.append(
                attachment_store(
                    acting=acting,
                    upload=upload,
                    owner_type=owner_type,
                    owner_id=str(owner_id),
                    organization=organization or acting.org,
                )
            )
    except Exception:
        for attachment in stored:  # the transaction rolls back the rows; the files go too
            attachment.file.delete(save=False)
        raise
    return stored


def _notify(org_ids, acting, kind: str, title: str, url: str, obj, body: str = "") -> None:
    from phoihop.accounts.selectors import organization_recipients

    if org_ids:
        _notify_users(organization_recipients(org_ids), acting, kind, title, url, obj, body)


def _notify_users(users, acting, kind: str, title: str, url: str, obj, body: str = "") -> None:
    from phoihop.notifications.services import notify

    notify(
        recipients=users,
        kind=kind,
        title=title,
        body=body,
        url=url,
        obj=obj,
        organization=acting.org if acting else None,
        actor=acting.user if acting else None,
    )
