"""Writes for reports: calls for reports, reports (create, edit the narrative, compile the figures, the
approval workflow, submission that freezes them, new versions) and roll-ups (ADR 0019)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from phoihop.concerns.services import clean_text
from phoihop.core.audit import audit_record, snapshot
from phoihop.core.errors import NotFound, ValidationFailed
from phoihop.core.validation import check_version
from phoihop.orgs.models import Organization
from phoihop.orgs.visibility import in_rollup
from phoihop.reports import permissions as perms
from phoihop.reports.indicators import compile_figures
from phoihop.reports.models import NARRATIVE_FIELDS, Report, ReportCall, ReportKind, ReportStatus, ReportStatusChange
from phoihop.reports.rollup import sum_figures
from phoihop.reports.scope import Scope
from phoihop.reports.workflows import TRANSITIONS

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting

MAX_ADDRESSEES = 500


def _day(value: Any, field: str, label: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise ValidationFailed(
            f"{label}: hãy ghi ngày theo dạng năm-tháng-ngày, ví dụ 2022-12-31.", field=field
        ) from None


def _period(data: dict) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    date_from = _day(data.get("date_from"), "date_from", "Từ ngày")
    date_to = _day(data.get("date_to"), "date_to", "Đến ngày")
    cutoff = _day(data.get("cutoff") or date_to, "cutoff", "Số liệu tính đến ngày")
    deadline = _day(data.get("deadline"), "deadline", "Hạn gửi báo cáo")
    if date_to < date_from:
        raise ValidationFailed("Kỳ báo cáo: ngày kết thúc phải sau ngày bắt đầu.", field="date_to")
    if (date_to - date_from).days > 366 * 10:
        raise ValidationFailed("Kỳ báo cáo dài quá 10 năm.", field="date_to")
    if not date_from <= cutoff <= date_to:
        raise ValidationFailed("Ngày chốt số liệu phải nằm trong kỳ báo cáo (từ ngày đến ngày).", field="cutoff")
    if cutoff > deadline:
        raise ValidationFailed(
            f"Ngày chốt số liệu ({cutoff:%d/%m/%Y}) không được sau hạn gửi báo cáo ({deadline:%d/%m/%Y}).",
            field="cutoff",
        )
    return date_from, date_to, cutoff, deadline


def _kind(value: Any) -> ReportKind:
    if isinstance(value, ReportKind):
        return value
    kind = ReportKind.objects.filter(code=str(value or "")).first()
    if kind is None:
        raise ValidationFailed("Loại báo cáo không có trong danh mục.", field="kind")
    return kind


def _program(acting: Acting, value: Any):
    if value in (None, "", 0):
        return None
    from phoihop.programs.selectors import program_get

    try:
        return program_get(acting=acting, program_id=value)
    except NotFound:
        raise ValidationFailed("Không có chương trình này (hoặc cơ quan không tham gia).", field="program") from None


def _history(report: Report, action: str, before: str, acting: Acting | None, reason: str = "") -> None:
    ReportStatusChange.objects.create(
        report=report,
        action=action,
        from_status=before,
        to_status=report.status,
        by=acting.user if acting else None,
        reason=reason,
    )


# --- calls ---------------------------------------------------------------------------------------------


@transaction.atomic
def call_create(*, acting: Acting, data: dict) -> ReportCall:
    """A superior department asks organisations of its subtree for a report."""
    if not perms.issues_calls(acting):
        raise NotFound
    kind = _kind(data.get("kind"))
    date_from, date_to, cutoff, deadline = _period(data)
    title = clean_text(data.get("title"), "title", "Tên kỳ báo cáo", required=True, limit=300)
    instructions = clean_text(data.get("instructions"), "instructions", "Hướng dẫn", required=False, limit=5000)
    ids = data.get("addressees") or []
    if not isinstance(ids, list | tuple) or not ids:
        raise ValidationFailed("Chọn ít nhất một cơ quan phải báo cáo.", field="addressees")
    if len(ids) > MAX_ADDRESSEES:
        raise ValidationFailed(f"Tối đa {MAX_ADDRESSEES} cơ quan trong một kỳ báo cáo.", field="addressees")
    try:
        ids = {int(i) for i in ids}
    except (TypeError, ValueError):
        raise ValidationFailed("Danh sách cơ quan không hợp lệ.", field="addressees") from None
    orgs = list(Organization.objects.filter(pk__in=ids).select_related("type"))
    outside = [o for o in orgs if not in_rollup(acting.org, o)]
    if len(orgs) != len(ids) or outside:
        raise ValidationFailed(
            "Chỉ yêu cầu báo cáo các cơ quan thuộc địa bàn cấp dưới của cơ quan mình"
            + (f" ({outside[0].name} không thuộc)." if outside else "."),
            field="addressees",
        )
    call = ReportCall.objects.create(
        requester=acting.org,
        kind=kind,
        program=_program(acting, data.get("program")),
        title=title,
        date_from=date_from,
        date_to=date_to,
        cutoff=cutoff,
        deadline=deadline,
        instructions=instructions,
        created_by=acting.user,
    )
    call.addressees.set(orgs)
    audit_record(
        acting=acting, action="report_call.create", obj=call, after={**snapshot(call), "addressees": sorted(ids)}
    )
    from phoihop.accounts.selectors import organization_recipients
    from phoihop.notifications.services import notify

    transaction.on_commit(
        lambda: notify(
            recipients=organization_recipients(sorted(ids)),
            kind="report.call",
            title=f"Yêu cầu báo cáo: {call.title} (hạn {deadline:%d/%m/%Y})",
            url=f"/reports/calls/{call.pk}/",
            obj=call,
            organization=acting.org,
            actor=acting.user,
        )
    )
    return call


# --- reports ---------------------------------------------------------------------------------------------


def _title(kind: ReportKind, date_from: dt.date, date_to: dt.date, program) -> str:
    from phoihop.reports.sentences import period_name

    period = period_name(date_from, date_to)
    if kind.period == ReportKind.Period.FREE:
        return f"{kind.title_prefix} {period}"
    subject = "Chương trình phối hợp" if program else "Quy chế 238-QĐ/TW"
    return f"{kind.title_prefix} thực hiện {subject} {period}"


def _overlap_refusal(report: Report) -> None:
    """A period overlapping an already submitted report of the same kind (other than the one this new
    version replaces) is refused."""
    clash = (
        Report.objects.filter(
            organization_id=report.organization_id,
            kind_id=report.kind_id,
            program_id=report.program_id,
            rollup=report.rollup,
            status=ReportStatus.SUBMITTED,
            date_from__lte=report.date_to,
            date_to__gte=report.date_from,
        )
        .exclude(pk=report.pk)
        .exclude(pk=report.previous_version_id or 0)
        .first()
    )
    if clash:
        raise ValidationFailed(
            f"Kỳ báo cáo trùng với báo cáo đã gửi “{clash.title}” ({clash.date_from:%d/%m/%Y} - "
            f"{clash.date_to:%d/%m/%Y}). Muốn sửa, hãy lập bản mới của báo cáo đó và ghi lý do.",
            field="date_from",
            code="overlap",
        )


def scope_of(report: Report) -> Scope:
    return Scope.of(
        report.organization,
        report.date_from,
        report.date_to,
        subtree=report.subtree,
        program_id=report.program_id,
    )


def figures_of(report: Report) -> dict:
    """The figures the report shows: computed from the data up to the cut-off (with the previous period),
    or, for a roll-up, the sum of its subordinates' submitted figures."""
    if report.rollup:
        return rollup_figures(report)
    base = scope_of(report)
    figures = compile_figures(replace(base, date_to=report.cutoff))
    before = base.previous()
    figures["previous_period"] = {"from": before.date_from.isoformat(), "to": before.date_to.isoformat()}
    from phoihop.reports.indicators import INDICATORS

    figures["previous"] = {name: f(before) for name, f in INDICATORS.items() if name != "hotspots"}
    return figures


def rollup_figures(report: Report) -> dict:
    from phoihop.reports.selectors import call_submissions

    rows = call_submissions(report.call)
    parts = [r["report"].figures for r in rows if r["report"] is not None and r["report"].frozen]
    figures = sum_figures(parts)
    figures["period"] = {"from": report.date_from.isoformat(), "to": report.cutoff.isoformat()}
    figures["submissions"] = [
        {
            "organization": r["organization"].name,
            "state": r["state"],
            "submitted_at": r["report"].submitted_at.isoformat() if r["report"] and r["report"].submitted_at else None,
            "number_line": r["report"].number_line if r["report"] and r["report"].frozen else "",
            "tasks_done": ((r["report"].figures.get("current", {}).get("tasks", {}) or {}).get("total", {}) or {}).get(
                "done", 0
            )
            if r["report"] and r["report"].frozen
            else None,
        }
        for r in rows
    ]
    return figures


@transaction.atomic
def report_create(*, acting: Acting, data: dict) -> Report:
    """A report of the acting organisation (for itself, its subtree, a program, or answering a call);
    its figures are compiled at once."""
    if acting.org is None or not perms.may(acting, Report(organization_id=acting.org.pk), "report.prepare"):
        raise NotFound
    call = None
    rollup = bool(data.get("rollup"))
    if data.get("call"):
        from phoihop.reports.selectors import call_get

        call = call_get(acting=acting, call_id=data["call"])
        is_addressee = call.addressees.filter(pk=acting.org.pk).exists()
        if rollup and call.requester_id != acting.org.pk:
            raise ValidationFailed("Chỉ cơ quan yêu cầu báo cáo mới lập báo cáo tổng hợp của kỳ này.", field="rollup")
        if not rollup and not is_addressee:
            raise ValidationFailed("Cơ quan không có trong danh sách phải báo cáo của kỳ này.", field="call")
        existing = (
            Report.objects.filter(call=call, organization=acting.org, rollup=rollup)
            .exclude(status=ReportStatus.REPLACED)
            .first()
        )
        if existing:
            return existing  # one report per organisation and call: open the one there is
        kind, program = call.kind, call.program
        date_from, date_to, cutoff, deadline = call.date_from, call.date_to, call.cutoff, call.deadline
    else:
        if rollup:
            raise ValidationFailed("Báo cáo tổng hợp phải gắn với một kỳ báo cáo đã yêu cầu cấp dưới.", field="rollup")
        kind = _kind(data.get("kind"))
        program = _program(acting, data.get("program"))
        date_from, date_to, cutoff, deadline = _period(data)
    subtree = bool(data.get("subtree")) and not rollup and program is None
    if subtree and perms.rollup_prefix(acting.org) is None:
        raise ValidationFailed("Cơ quan không có địa bàn cấp dưới để tổng hợp.", field="subtree")
    title = clean_text(data.get("title"), "title", "Trích yếu", required=False, limit=400) or _title(
        kind, date_from, date_to, program
    )
    report = Report(
        organization=acting.org,
        kind=kind,
        call=call,
        program=program,
        rollup=rollup,
        subtree=subtree,
        title=title[:400],
        date_from=date_from,
        date_to=date_to,
        cutoff=cutoff,
        deadline=deadline,
        created_by=acting.user,
    )
    _overlap_refusal(report)
    report.figures = figures_of(report)
    report.compiled_at = timezone.now()
    report.save()
    audit_record(
        acting=acting,
        action="report.create",
        obj=report,
        after=snapshot(report, ["title", "date_from", "date_to", "cutoff", "deadline"]),
    )
    return report


EDITABLE = (*NARRATIVE_FIELDS, "title", "signer_name", "signer_title")


@transaction.atomic
def report_update(*, acting: Acting, report: Report, data: dict, version: int | None = None) -> Report:
    """Edit the narrative sections (and the title, signer) of a draft; nothing typed is lost: a refused
    save names the field and keeps the draft as it was."""
    report = Report.objects.select_for_update(of=("self",)).get(pk=report.pk)
    if not perms.prepares(acting, report):
        raise NotFound
    if not report.editable:
        raise ValidationFailed(
            f"Báo cáo đang ở trạng thái “{report.get_status_display()}”: chỉ sửa được dự thảo "
            "(mở lại để sửa nếu lãnh đạo đã duyệt).",
            code="not_editable",
        )
    check_version(report, version, {k: v for k, v in data.items() if k in EDITABLE})
    before = snapshot(report, list(EDITABLE))
    changed = []
    limits = {"title": 400, "signer_name": 120, "signer_title": 160}
    labels = {f: str(Report._meta.get_field(f).verbose_name).capitalize() for f in EDITABLE}
    for name in EDITABLE:
        if name not in data:
            continue
        value = clean_text(data[name], name, labels[name], required=name == "title", limit=limits.get(name, 50000))
        if value != getattr(report, name):
            setattr(report, name, value)
            changed.append(name)
    if changed:
        report.version += 1
        report.save(update_fields=[*changed, "version", "updated_at"])
        audit_record(acting=acting, action="report.update", obj=report, before=before, after=snapshot(report, changed))
    return report


@transaction.atomic
def report_compile(*, acting: Acting, report: Report) -> Report:
    """Compile the figures again from the data (drafts only: a submitted report keeps its figures)."""
    report = Report.objects.select_for_update(of=("self",)).get(pk=report.pk)
    if not perms.prepares(acting, report):
        raise NotFound
    if not report.editable:
        raise ValidationFailed("Chỉ tổng hợp lại số liệu của dự thảo.", code="not_editable")
    report.figures = figures_of(report)
    report.compiled_at = timezone.now()
    report.version += 1
    report.save(update_fields=["figures", "compiled_at", "version", "updated_at"])
    audit_record(
        acting=acting, action="report.compile", obj=report, after={"compiled_at": report.compiled_at.isoformat()}
    )
    return report


@transaction.atomic
def report_transition(
    *, acting: Acting, report: Report, action: str, reason: str = "", version: int | None = None
) -> Report:
    transition = TRANSITIONS.get(str(action))
    if transition is None:
        raise ValidationFailed("Thao tác không hợp lệ.", field="action")
    report = Report.objects.select_for_update(of=("self",)).select_related("organization", "call").get(pk=report.pk)
    if not perms.reads(acting, report) or not perms.own(acting, report.organization_id):
        raise NotFound
    if not perms.may(acting, report, transition.permission):
        if transition.permission == "report.approve":
            raise ValidationFailed("Chỉ lãnh đạo cơ quan được duyệt hoặc trả lại báo cáo.", code="forbidden_action")
        raise NotFound
    check_version(report, version, {})
    if report.status not in transition.sources:
        if action == "submit":
            raise ValidationFailed(
                "Báo cáo chưa được lãnh đạo duyệt: trình lãnh đạo duyệt trước khi gửi.", code="not_approved"
            )
        raise ValidationFailed(
            f"Không thể “{transition.label}” khi báo cáo đang “{report.get_status_display()}”.", code="bad_status"
        )
    reason = clean_text(reason, "reason", "Lý do", required=transition.needs_reason, limit=2000)
    before = report.status
    report.status = transition.target
    fields = ["status", "version", "updated_at"]
    now = timezone.now()
    if action == "approve":
        report.approved_by, report.approved_at = acting.user, now
        if not report.signer_name and acting.user is not None:
            report.signer_name = acting.user.full_name
            fields.append("signer_name")
        fields += ["approved_by", "approved_at"]
    elif action in ("return", "reopen"):
        report.approved_by, report.approved_at = None, None
        fields += ["approved_by", "approved_at"]
    elif action == "submit":
        _overlap_refusal(report)
        _submit(acting, report)
        fields += ["submitted_by", "submitted_at", "number_line", "issued_on"]
    report.version += 1
    report.save(update_fields=fields)
    _history(report, action, before, acting, reason)
    audit_record(
        acting=acting,
        action=f"report.{action}",
        obj=report,
        before={"status": before},
        after={"status": report.status, "reason": reason},
    )
    _tell(acting, report, action, reason)
    return report


def _submit(acting: Acting, report: Report) -> None:
    """Freeze: the figures stay as the leader approved them; a number from the BC register; the version it
    replaces is marked replaced."""
    from phoihop.documents.services import number_issue, number_line

    today = timezone.localdate()
    issued = number_issue(acting=acting, organization=report.organization, doc_type="BC", on=today, obj=report)
    report.number_line = number_line(issued)
    report.issued_on = today
    report.submitted_by, report.submitted_at = acting.user, timezone.now()
    if report.previous_version_id:
        old = Report.objects.select_for_update().get(pk=report.previous_version_id)
        old_status = old.status
        old.status = ReportStatus.REPLACED
        old.version += 1
        old.save(update_fields=["status", "version", "updated_at"])
        _history(old, "replace", old_status, acting, report.revision_reason)


def _tell(acting: Acting, report: Report, action: str, reason: str) -> None:
    from phoihop.accounts.models import Role
    from phoihop.accounts.selectors import organization_recipients
    from phoihop.notifications.services import notify

    url = f"/reports/{report.pk}/"
    if action == "request_approval":
        recipients = organization_recipients([report.organization_id]).filter(
            memberships__organization_id=report.organization_id, memberships__role=Role.LEADER
        )
        title = f"Báo cáo chờ duyệt: {report.title}"
    elif action in ("approve", "return"):
        recipients = [report.created_by] if report.created_by else []
        title = f"{'Lãnh đạo đã duyệt' if action == 'approve' else 'Lãnh đạo trả lại'}: {report.title}" + (
            f" — {reason}" if reason else ""
        )
    elif action == "submit" and report.call_id:
        recipients = organization_recipients([report.call.requester_id])
        title = f"{report.organization.name} đã gửi báo cáo: {report.title}"
    else:
        return
    transaction.on_commit(
        lambda: notify(
            recipients=recipients,
            kind=f"report.{action}",
            title=title[:300],
            url=url,
            obj=report,
            organization=acting.org,
            actor=acting.user,
        )
    )


@transaction.atomic
def report_new_version(*, acting: Acting, report: Report, reason: str) -> Report:
    """A submitted report is corrected by a new version, submitted with a reason; the old one stays as it
    was until the new one is submitted, then it is marked replaced."""
    report = Report.objects.select_for_update(of=("self",)).get(pk=report.pk)
    if not perms.prepares(acting, report):
        raise NotFound
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationFailed("Chỉ lập bản mới cho báo cáo đã gửi.", code="bad_status")
    if Report.objects.filter(previous_version=report).exists():
        raise ValidationFailed("Báo cáo này đã có bản mới đang soạn.", code="exists")
    reason = clean_text(reason, "reason", "Lý do gửi lại", required=True, limit=2000)
    new = Report.objects.get(pk=report.pk)
    new.pk = None
    new.status = ReportStatus.DRAFT
    new.previous_version = report
    new.revision = report.revision + 1
    new.revision_reason = reason
    new.approved_by = new.approved_at = new.submitted_by = new.submitted_at = new.issued_on = None
    new.number_line = ""
    new.version = 1
    new.created_by = acting.user
    new.figures = figures_of(new)
    new.compiled_at = timezone.now()
    new.save()
    audit_record(acting=acting, action="report.new_version", obj=new, after={"previous": report.pk, "reason": reason})
    return new
