"""Writes for opinion reports: the collaborator network, drafts and submission (identifiers refused),
quick reports that open a concern, the month's compilation and its closing."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from phoihop.accounts.models import Membership, Role, User
from phoihop.concerns.services import clean_text
from phoihop.core.audit import audit_record, snapshot
from phoihop.core.errors import NotFound, ValidationFailed
from phoihop.core.validation import check_version
from phoihop.geo.models import AdminUnit
from phoihop.opinions import permissions as perms
from phoihop.opinions.identifiers import refuse_identifiers
from phoihop.opinions.models import (
    Collaborator,
    Mood,
    OpinionItem,
    OpinionMonth,
    OpinionReport,
    OpinionTopic,
    Sector,
)

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.orgs.models import Organization

MAX_ITEMS = 12


# --- months -----------------------------------------------------------------------------------------------


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def previous_month(month: dt.date) -> dt.date:
    return month_of(month - dt.timedelta(days=1))


def parse_month(value: Any, field: str = "month") -> dt.date:
    """'2026-11' or '11/2026' (or a date) → the first day of that month."""
    if isinstance(value, dt.date):
        return month_of(value)
    raw = str(value or "").strip()
    parts = raw.split("-") if "-" in raw else raw.split("/")[::-1]
    if len(parts) in (2, 3) and all(p.isdigit() and len(p) <= 4 for p in parts[:2]):
        year, month = int(parts[0]), int(parts[1])
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return dt.date(year, month, 1)
    raise ValidationFailed("Tháng: hãy ghi theo dạng 2026-11 hoặc 11/2026.", field=field)


def default_due(month: dt.date) -> dt.date:
    day = min(int(getattr(settings, "PHOIHOP_OPINION_DUE_DAY", 20)), calendar.monthrange(month.year, month.month)[1])
    return month.replace(day=day)


def month_row(org: Organization, month: dt.date) -> OpinionMonth:
    row, _ = OpinionMonth.objects.get_or_create(organization=org, month=month, defaults={"due_on": default_due(month)})
    return row


def _open_month(org: Organization, month: dt.date, field: str = "month") -> None:
    today = timezone.localdate()
    if month > month_of(today):
        raise ValidationFailed(
            f"Tháng {month:%m/%Y} chưa đến: chỉ báo cáo cho tháng này hoặc tháng trước.", field=field
        )
    row = OpinionMonth.objects.filter(organization=org, month=month).first()
    if row is not None and row.status == OpinionMonth.Status.CLOSED:
        raise ValidationFailed(
            f"Tháng {month:%m/%Y} đã chốt số liệu, không nhận thêm báo cáo: hãy báo cáo vào tháng hiện tại.",
            field=field,
        )


# --- the network ------------------------------------------------------------------------------------------


def _units_in_area(org: Organization, values) -> list[AdminUnit]:
    ids = []
    for v in values or []:
        text = str(getattr(v, "pk", v)).strip()
        if not text.isdigit() or len(text) > 12:
            raise ValidationFailed("Địa bàn: mã đơn vị không hợp lệ.", field="units")
        ids.append(int(text))
    if not ids:
        raise ValidationFailed("Địa bàn: hãy chọn ít nhất một xã, phường (hoặc cả địa bàn của ban).", field="units")
    units = list(AdminUnit.objects.filter(pk__in=ids))
    if len(units) != len(set(ids)):
        raise ValidationFailed("Địa bàn: có đơn vị không tồn tại.", field="units")
    base = org.unit_path or ""
    outside = [u.name for u in units if not (u.path == base or u.path.startswith(base + "/"))]
    if outside:
        raise ValidationFailed(f"Địa bàn ngoài phạm vi của {org.name}: {', '.join(outside[:3])}.", field="units")
    return units


def _sectors(values) -> list[str]:
    codes = [str(v) for v in (values or [])]
    unknown = [c for c in codes if c not in Sector.values]
    if unknown:
        raise ValidationFailed(f"Đối tượng nắm bắt không có trong danh mục: {unknown[0][:40]}.", field="sectors")
    return sorted(set(codes), key=Sector.values.index)


@transaction.atomic
def collaborator_save(
    *,
    acting: Acting,
    user: User | None = None,
    collaborator: Collaborator | None = None,
    units=(),
    sectors=(),
    active_from: dt.date | None = None,
    active_to: dt.date | None = None,
    version: int | None = None,
) -> Collaborator:
    """Put a collaborator-role member of the acting department into its network, or change their area."""
    if not perms.manages_network(acting) or acting.org is None:
        raise NotFound()
    org = acting.org
    if collaborator is not None:
        collaborator = Collaborator.objects.select_for_update().filter(pk=collaborator.pk, organization=org).first()
        if collaborator is None:
            raise NotFound()
        user = collaborator.user
    if user is None or not Membership.objects.filter(user=user, organization=org, role=Role.COLLABORATOR).exists():
        raise ValidationFailed(
            "Chỉ thêm được người có vai trò cộng tác viên trong ban: hãy thêm thành viên với vai trò đó trước.",
            field="user",
        )
    start = active_from or timezone.localdate()
    if active_to is not None and active_to < start:
        raise ValidationFailed("Ngày kết thúc phải sau ngày bắt đầu.", field="active_to")
    unit_list = _units_in_area(org, units)
    sector_list = _sectors(sectors)
    if collaborator is None:
        if Collaborator.objects.filter(organization=org, user=user).exists():
            raise ValidationFailed(f"{user.full_name} đã có trong mạng lưới cộng tác viên của ban.", field="user")
        collaborator = Collaborator.objects.create(
            organization=org, user=user, sectors=sector_list, active_from=start, active_to=active_to
        )
        before = None
    else:
        sent = {"sectors": sector_list, "active_from": start, "active_to": active_to}
        check_version(collaborator, version, sent)
        before = snapshot(collaborator, ["sectors", "active_from", "active_to"])
        collaborator.sectors, collaborator.active_from, collaborator.active_to = sector_list, start, active_to
        collaborator.version += 1
        collaborator.save(update_fields=["sectors", "active_from", "active_to", "version", "updated_at"])
    collaborator.units.set(unit_list)
    after = snapshot(collaborator, ["sectors", "active_from", "active_to"]) | {"units": [u.pk for u in unit_list]}
    audit_record(acting=acting, action="opinion.collaborator_save", obj=collaborator, before=before, after=after)
    return collaborator


def collaborator_of(acting: Acting) -> Collaborator:
    """The acting collaborator's place in the department's network (they must be in it to report)."""
    if not perms.is_collaborator(acting):
        raise NotFound()
    collab = Collaborator.objects.filter(organization=acting.org, user=acting.user).prefetch_related("units").first()
    if collab is None:
        raise ValidationFailed(
            f"Bạn chưa được {acting.org.name} phân công địa bàn: hãy liên hệ lãnh đạo ban.", code="not_in_network"
        )
    return collab


# --- reports ----------------------------------------------------------------------------------------------


def _covered_unit(collab: Collaborator, value: Any) -> AdminUnit:
    text = str(getattr(value, "pk", value) or "").strip()
    units = list(collab.units.all())
    if not text and len(units) == 1:
        return units[0]
    unit = AdminUnit.objects.filter(pk=int(text)).first() if text.isdigit() and len(text) < 12 else None
    if unit is None:
        raise ValidationFailed("Địa bàn: hãy chọn một địa bàn bạn phụ trách.", field="unit")
    if not any(unit.path == u.path or unit.path.startswith(u.path + "/") for u in units):
        names = ", ".join(u.name for u in units[:4])
        raise ValidationFailed(
            f"Bạn không phụ trách địa bàn {unit.name}: chỉ báo cáo cho địa bàn được phân công ({names}).",
            field="unit",
        )
    return unit


def _topic(value: Any, field: str) -> OpinionTopic:
    text = str(getattr(value, "pk", value) or "").strip()
    topic = OpinionTopic.objects.filter(code=text[:40], is_active=True).first()
    if topic is None and text.isdigit() and len(text) < 12:
        topic = OpinionTopic.objects.filter(pk=int(text), is_active=True).first()
    if topic is None:
        raise ValidationFailed(
            f"Chủ đề “{text[:40]}” không có trong danh mục chủ đề dư luận." if text else "Hãy chọn chủ đề.",
            field=field,
        )
    return topic


def _items(raw: Any) -> list[dict]:
    if raw is None:
        raw = []
    if not isinstance(raw, list | tuple):
        raise ValidationFailed("Nội dung báo cáo: phải là danh sách chủ đề.", field="items")
    if len(raw) > MAX_ITEMS:
        raise ValidationFailed(f"Mỗi báo cáo tối đa {MAX_ITEMS} chủ đề.", field="items")
    items, seen = [], set()
    for i, entry in enumerate(raw):
        if not isinstance(entry, dict):
            raise ValidationFailed(f"Chủ đề thứ {i + 1}: dữ liệu không hợp lệ.", field=f"items-{i}-topic")
        topic = _topic(entry.get("topic"), f"items-{i}-topic")
        if topic.pk in seen:
            raise ValidationFailed(
                f"Chủ đề “{topic.name}” đã có ở trên: gộp ý kiến vào một mục.", field=f"items-{i}-topic"
            )
        seen.add(topic.pk)
        mood = str(entry.get("mood") or "")
        if mood not in Mood.values:
            raise ValidationFailed(
                "Tâm trạng chung: chọn đồng tình, quan tâm, lo lắng hoặc bức xúc.", field=f"items-{i}-mood"
            )
        items.append(
            {
                "topic": topic,
                "mood": mood,
                "summary": clean_text(
                    entry.get("summary"), f"items-{i}-summary", "Ý kiến của Nhân dân", required=False, limit=3000
                ),
                "proposals": clean_text(
                    entry.get("proposals"), f"items-{i}-proposals", "Đề xuất, kiến nghị", required=False, limit=2000
                ),
            }
        )
    return items


@transaction.atomic
def report_save(
    *, acting: Acting, data: dict, report: OpinionReport | None = None, version: int | None = None
) -> OpinionReport:
    """Create or change a draft. Drafts keep whatever was typed (they are checked when sent) and are seen
    by their author only."""
    collab = collaborator_of(acting)
    if report is not None:
        report = OpinionReport.objects.select_for_update().filter(pk=report.pk, author=acting.user).first()
        if report is None:
            raise NotFound()
        if report.status != OpinionReport.Status.DRAFT:
            raise ValidationFailed("Báo cáo đã gửi, không sửa được nữa.", code="not_draft")
        kind = report.kind
    else:
        kind = str(data.get("kind") or OpinionReport.Kind.MONTHLY)
        if kind not in OpinionReport.Kind.values:
            raise ValidationFailed("Loại báo cáo: báo cáo tháng (monthly) hoặc báo cáo nhanh (quick).", field="kind")
    if kind == OpinionReport.Kind.QUICK:
        happened = data.get("happened_on") or timezone.localdate()
        if not isinstance(happened, dt.date):
            try:
                happened = dt.date.fromisoformat(str(happened)[:10])
            except ValueError:
                raise ValidationFailed("Ngày xảy ra: hãy ghi theo dạng 2026-11-30.", field="happened_on") from None
        if happened > timezone.localdate():
            raise ValidationFailed("Ngày xảy ra không được sau hôm nay.", field="happened_on")
        month = month_of(happened)
        title = clean_text(data.get("title"), "title", "Sự việc", required=True, limit=300)
    else:
        happened = None
        month = parse_month(data.get("month") or timezone.localdate())
        title = ""
    _open_month(acting.org, month)
    unit = _covered_unit(collab, data.get("unit"))
    items = _items(data.get("items"))
    fields = {
        "kind": kind,
        "month": month,
        "unit": unit,
        "unit_path": unit.path,
        "title": title,
        "happened_on": happened,
    }
    if report is None:
        if kind == OpinionReport.Kind.MONTHLY:
            existing = OpinionReport.objects.filter(
                organization=acting.org, author=acting.user, month=month, kind=kind
            ).first()
            if existing is not None:
                raise ValidationFailed(
                    f"Bạn đã có báo cáo tháng {month:%m/%Y} ({existing.get_status_display().lower()}): "
                    "hãy mở báo cáo đó để sửa.",
                    code="duplicate",
                    field="month",
                )
        report = OpinionReport.objects.create(organization=acting.org, author=acting.user, **fields)
        before = None
    else:
        check_version(report, version, {})
        before = snapshot(report, ["month", "unit", "title"])
        for k, v in fields.items():
            setattr(report, k, v)
        report.version += 1
        report.save(update_fields=[*fields, "version", "updated_at"])
        report.items.all().delete()
    OpinionItem.objects.bulk_create(OpinionItem(report=report, order=i, **item) for i, item in enumerate(items))
    audit_record(
        acting=acting,
        action="opinion.report_save",
        obj=report,
        before=before,
        after={"kind": kind, "month": month.isoformat(), "items": len(items)},
    )
    return report


def _check_submittable(acting: Acting, report: OpinionReport, collab: Collaborator) -> None:
    items = list(report.items.select_related("topic"))
    if not items:
        raise ValidationFailed("Hãy ghi ít nhất một chủ đề với ý kiến của Nhân dân.", field="items")
    empty = [i for i, it in enumerate(items) if not it.summary]
    if empty:
        raise ValidationFailed(
            f"Chủ đề “{items[empty[0]].topic.name}”: hãy ghi tóm tắt ý kiến của Nhân dân.",
            field=f"items-{empty[0]}-summary",
        )
    inactive = [t for t in {it.topic for it in items} if not t.is_active]
    if inactive:
        raise ValidationFailed(f"Chủ đề “{inactive[0].name}” không còn dùng: hãy chọn chủ đề khác.", field="items")
    if not collab.active_in(report.month, month_end(report.month)):
        raise ValidationFailed(
            f"Bạn không hoạt động như cộng tác viên trong tháng {report.month:%m/%Y}.", field="month"
        )
    _open_month(report.organization, report.month)
    _covered_unit(collab, report.unit_id)
    texts: dict[str, tuple[str, str]] = {}
    if report.title:
        texts["title"] = ("Sự việc", report.title)
    for i, it in enumerate(items):
        texts[f"items-{i}-summary"] = (f"Ý kiến về “{it.topic.name}”", it.summary)
        texts[f"items-{i}-proposals"] = (f"Đề xuất về “{it.topic.name}”", it.proposals)
    refuse_identifiers(texts)


@transaction.atomic
def report_submit(
    *,
    acting: Acting,
    report: OpinionReport,
    version: int | None = None,
    open_concern: bool = False,
    severity: int = 2,
) -> OpinionReport:
    """Send a draft to the department. Text with a personal identifier is refused, pointing at it; the draft
    stays as it was. A quick report can open a concern in the same step (recorded for the department)."""
    collab = collaborator_of(acting)
    report = OpinionReport.objects.select_for_update().filter(pk=report.pk, author=acting.user).first()
    if report is None:
        raise NotFound()
    if report.status != OpinionReport.Status.DRAFT:
        raise ValidationFailed("Báo cáo này đã gửi rồi.", code="not_draft")
    check_version(report, version, {})
    _check_submittable(acting, report, collab)
    if open_concern:
        if report.kind != OpinionReport.Kind.QUICK:
            raise ValidationFailed("Chỉ báo cáo nhanh mới mở được vấn đề.", field="open_concern")
        report.concern = _open_concern(report, severity)
    report.status = OpinionReport.Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.version += 1
    report.save(update_fields=["status", "submitted_at", "concern", "version", "updated_at"])
    month_row(report.organization, report.month)
    audit_record(acting=acting, action="opinion.report_submit", obj=report, after={"status": report.status})
    if report.kind == OpinionReport.Kind.QUICK:
        _tell_department(report)
    return report


def _open_concern(report: OpinionReport, severity: int):
    """A concern recorded for the department from the quick report (no author attached to it)."""
    from phoihop.concerns.classifier import suggest_topics
    from phoihop.concerns.models import Channel, Topic
    from phoihop.concerns.services import concern_intake

    items = list(report.items.select_related("topic__concern_topic"))
    description = "\n".join(f"{it.topic.name}: {it.summary}" for it in items)
    groups = {it.topic.concern_topic.code for it in items if it.topic.concern_topic_id}
    ranked = [code for code, _ in suggest_topics(f"{report.title}. {description}", limit=8)]
    leaf = next((c for c in ranked if c.split(".")[0] in groups), None) or (ranked[0] if ranked else None)
    if leaf is None:
        leaf = Topic.objects.filter(parent__isnull=False, is_active=True).values_list("code", flat=True).first()
    if severity not in (1, 2, 3, 4):
        raise ValidationFailed("Mức độ: từ 1 đến 4.", field="severity")
    data = {
        "title": report.title,
        "description": description[:4000],
        "unit": report.unit,
        "topic": leaf,
        "channel": Channel.COLLABORATOR,
        "severity": severity,
        "observed_on": report.happened_on,
    }
    concern, _ = concern_intake(acting=None, data=data, source="opinion", organization=report.organization)
    return concern


def _tell_department(report: OpinionReport) -> None:
    from phoihop.notifications.services import notify

    staff = User.objects.filter(
        is_active=True,
        memberships__organization_id=report.organization_id,
        memberships__role__in=[Role.LEADER, Role.OFFICER],
    )
    notify(
        recipients=staff,
        kind="opinion.quick",
        title=f"Báo cáo nhanh dư luận: {report.title}",
        body=f"Địa bàn: {report.unit.name}.",
        url=f"/opinion/reports/{report.pk}/",
        obj=report,
        organization=report.organization,
    )


# --- the month's compilation ------------------------------------------------------------------------------

NARRATIVE = {
    "overview": "Tình hình chung",
    "notable": "Dư luận nổi lên",
    "forecast": "Dự báo tình hình",
    "proposals": "Đề xuất, kiến nghị",
}


def _compiling_org(acting: Acting) -> Organization:
    if not perms.compiles(acting) or acting.org is None:
        raise NotFound()
    return acting.org


@transaction.atomic
def month_update(*, acting: Acting, month: dt.date, data: dict, version: int | None = None) -> OpinionMonth:
    """The officer's narrative of the month (and its due day, while open)."""
    org = _compiling_org(acting)
    row = month_row(org, month)
    row = OpinionMonth.objects.select_for_update().get(pk=row.pk)
    if row.status == OpinionMonth.Status.CLOSED:
        raise ValidationFailed(f"Tháng {month:%m/%Y} đã chốt: không sửa được nữa.", code="closed")
    values = {
        k: clean_text(data.get(k, getattr(row, k)), k, label, required=False, limit=20000)
        for k, label in NARRATIVE.items()
    }
    due = data.get("due_on", row.due_on)
    if not isinstance(due, dt.date):
        try:
            due = dt.date.fromisoformat(str(due)[:10])
        except ValueError:
            raise ValidationFailed("Hạn gửi báo cáo: hãy ghi theo dạng 2026-11-20.", field="due_on") from None
    if month_of(due) != month:
        raise ValidationFailed(f"Hạn gửi báo cáo phải là một ngày trong tháng {month:%m/%Y}.", field="due_on")
    refuse_identifiers({k: (NARRATIVE[k], v) for k, v in values.items()})
    sent = {**values, "due_on": due}
    check_version(row, version, sent)
    before = snapshot(row, list(sent))
    for k, v in sent.items():
        setattr(row, k, v)
    row.version += 1
    row.save(update_fields=[*sent, "version", "updated_at"])
    audit_record(acting=acting, action="opinion.month_update", obj=row, before=before, after=snapshot(row, list(sent)))
    return row


@transaction.atomic
def month_close(*, acting: Acting, month: dt.date, version: int | None = None) -> OpinionMonth:
    """Close the month: its figures are stored as they are, the report gets its number, later reports for
    the month are refused."""
    from phoihop.documents.services import number_issue
    from phoihop.opinions.selectors import month_figures

    org = _compiling_org(acting)
    row = OpinionMonth.objects.select_for_update().get(pk=month_row(org, month).pk)
    if row.status == OpinionMonth.Status.CLOSED:
        raise ValidationFailed(f"Tháng {month:%m/%Y} đã chốt rồi.", code="closed")
    check_version(row, version, {})
    today = timezone.localdate()
    if today < row.due_on:
        raise ValidationFailed(
            f"Chưa đến hạn gửi báo cáo tháng ({row.due_on:%d/%m/%Y}): chốt sau hạn để cộng tác viên kịp gửi.",
            field="month",
        )
    row.figures = month_figures(org_ids=[org.pk], month=month)
    issued = number_issue(acting=acting, organization=org, doc_type="BC", on=today, obj=row)
    from phoihop.documents.services import number_line

    row.number_line = number_line(issued)
    row.issued_on = today
    row.status = OpinionMonth.Status.CLOSED
    row.closed_at = timezone.now()
    row.version += 1
    row.save(update_fields=["figures", "number_line", "issued_on", "status", "closed_at", "version", "updated_at"])
    audit_record(acting=acting, action="opinion.month_close", obj=row, after={"number_line": row.number_line})
    return row


# --- reminders --------------------------------------------------------------------------------------------

REMIND_BEFORE_DAYS = 3


def remind_collaborators(today: dt.date | None = None) -> dict[str, int]:
    """Three days before the due day, on it and the day after: remind active collaborators without a sent
    monthly report (the month stays open until the department closes it, so a late report still counts)."""
    from phoihop.notifications.services import notify

    today = today or timezone.localdate()
    month = month_of(today)
    sent = 0
    collabs = (
        Collaborator.objects.filter(active_from__lte=today).exclude(active_to__lt=month).select_related("organization")
    )
    by_org: dict[int, list[Collaborator]] = {}
    for c in collabs:
        by_org.setdefault(c.organization_id, []).append(c)
    for org_id, members in by_org.items():
        org = members[0].organization
        row = month_row(org, month)
        if row.status == OpinionMonth.Status.CLOSED:
            continue
        days_left = (row.due_on - today).days
        if days_left not in (REMIND_BEFORE_DAYS, 0, -1):
            continue
        done = set(
            OpinionReport.objects.filter(
                organization_id=org_id,
                month=month,
                kind=OpinionReport.Kind.MONTHLY,
                status=OpinionReport.Status.SUBMITTED,
            ).values_list("author_id", flat=True)
        )
        waiting = [c.user_id for c in members if c.user_id not in done]
        if not waiting:
            continue
        when = {0: "hôm nay", -1: f"đã quá hạn ngày {row.due_on:%d/%m/%Y}"}.get(
            days_left, f"ngày {row.due_on:%d/%m/%Y}"
        )
        sent += len(
            notify(
                recipients=waiting,
                kind="opinion.reminder",
                title=f"Nhắc gửi báo cáo dư luận xã hội tháng {month:%m/%Y} (hạn {when})",
                url="/opinion/reports/new/",
                organization=org,
            )
        )
    return {"reminded": sent}
