"""Writing concerns: intake from every channel (with idempotency and duplicates absorbed as reports),
routing with a deadline in working days, refusal and re-routing, handling, escalation, merges, the
communication response, complainants' sealed contacts and their deletion after the retention period."""

from __future__ import annotations

import datetime as dt
import logging
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from phoihop.concerns import permissions as perms
from phoihop.concerns.crypto import CONTACT_FIELDS, seal, unseal
from phoihop.concerns.models import (
    Channel,
    CommunicationResponse,
    Concern,
    ConcernContact,
    ConcernMerge,
    ConcernParty,
    ConcernReminder,
    ConcernReport,
    ConcernRouting,
    ConcernStatus,
    ConcernStatusChange,
    IntakeKey,
    ResponsePhase,
    Severity,
    SlaRule,
    Topic,
)
from phoihop.concerns.workflows import ESCALATABLE, ROUTABLE, TRANSITIONS
from phoihop.core.audit import audit_record, audit_view, snapshot
from phoihop.core.errors import NotFound, ValidationFailed
from phoihop.core.text import fold, sort_key
from phoihop.core.validation import check_version

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.geo.models import AdminUnit
    from phoihop.orgs.models import Organization

logger = logging.getLogger(__name__)

MAX_TEXT = 4000
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FLAGS = ("mass_complaint", "ethnic_religious", "security_order", "false_information")


# --- validation of what comes in ---------------------------------------------------------------------------


def clean_text(value: Any, field: str, label: str, *, required: bool, limit: int) -> str:
    """A user's text: a string, no control characters or HTML, within `limit` characters."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationFailed(f"{label}: phải là văn bản.", field=field)
    if _CONTROL.search(value):
        raise ValidationFailed(f"{label}: có ký tự điều khiển không hợp lệ.", field=field)
    value = value.strip()
    if required and not value:
        raise ValidationFailed(f"{label}: không được để trống.", field=field)
    if len(value) > limit:
        raise ValidationFailed(
            f"{label}: tối đa {limit:,} ký tự (đang có {len(value):,}).".replace(",", "."), field=field
        )
    if _HTML.search(value):
        raise ValidationFailed(f"{label}: không được chứa mã HTML (thẻ <…>); hãy gõ văn bản thường.", field=field)
    return value


def resolve_topic(value: Any) -> Topic:
    if isinstance(value, Topic):
        topic = value
    else:
        code = str(value or "").strip()
        if not code:
            raise ValidationFailed("Lĩnh vực: hãy chọn một lĩnh vực.", field="topic")
        active = Topic.objects.select_related("parent").filter(is_active=True)  # the group is shown with it
        topic = active.filter(code=code).first()
        if topic is None and code.isdigit():
            topic = active.filter(pk=int(code)).first()
    if topic is None:
        raise ValidationFailed(f"Lĩnh vực “{str(value)[:60]}” không có trong danh mục.", field="topic")
    if topic.parent_id is None:
        raise ValidationFailed(
            f"Lĩnh vực “{topic.name}” là một nhóm: hãy chọn lĩnh vực cụ thể trong nhóm.", field="topic"
        )
    return topic


def resolve_channel(value: Any) -> str:
    code = str(value or "").strip()
    if code in Channel.values:
        return code
    by_label = {fold(str(label)): key for key, label in Channel.choices}
    if fold(code) in by_label:
        return by_label[fold(code)]
    if not code:
        raise ValidationFailed("Nguồn tiếp nhận: hãy chọn một nguồn.", field="channel")
    raise ValidationFailed(f"Nguồn tiếp nhận “{code[:60]}” không có trong danh mục.", field="channel")


def resolve_unit(value: Any) -> tuple[AdminUnit, str]:
    """The current unit for an id, a code, or a name ("Phường Nha Trang" or "Xã Ninh Đa, Khánh Hòa");
    a pre-2025 name is mapped to its successor. Returns (unit, the place as given when it was a name)."""
    from phoihop.geo.models import AdminUnit

    if isinstance(value, AdminUnit):
        unit, given = value, ""
    else:
        raw = str(value if value is not None else "").strip()
        if not raw:
            raise ValidationFailed("Địa bàn: hãy chọn xã, phường hoặc tỉnh nơi xảy ra vụ việc.", field="unit")
        if len(raw) > 200 or _CONTROL.search(raw):
            raise ValidationFailed("Địa bàn: tên không hợp lệ.", field="unit")
        unit, given = None, ""
        if raw.isdigit():  # a unit code (current first), else a row id
            unit = (
                AdminUnit.objects.filter(code=raw, generation=AdminUnit.Generation.CURRENT).first()
                or AdminUnit.objects.filter(code=raw).first()
                or (AdminUnit.objects.filter(pk=int(raw)).first() if len(raw) < 12 else None)
            )
        if unit is None:
            unit, given = _unit_by_name(raw), raw
    if not unit.is_current:
        successors = list(unit.successors.filter(generation=AdminUnit.Generation.CURRENT))
        if len(successors) != 1:
            names = ", ".join(s.name for s in successors[:5])
            raise ValidationFailed(
                f"“{unit.name}” (trước sắp xếp 2025) nay thuộc nhiều đơn vị ({names}): hãy chọn đơn vị hiện nay."
                if successors
                else f"Không tìm thấy đơn vị hiện nay kế thừa “{unit.name}”: hãy chọn đơn vị hiện nay.",
                field="unit",
            )
        given = given or unit.name
        unit = successors[0]
    return unit, given


def _unit_by_name(raw: str) -> AdminUnit:
    from phoihop.geo.models import AdminUnit

    parts = [p.strip() for p in raw.split(",") if p.strip()]
    name, within = fold(parts[0]), [fold(p) for p in parts[1:]]
    qs = AdminUnit.objects.filter(Q(search_key=name) | Q(search_key__endswith=" " + name))
    matches = list(qs.select_related("parent")[:50])
    if within:
        matches = [u for u in matches if all(w in _ancestry_key(u) for w in within)]
    current = [u for u in matches if u.is_current]
    chosen = current or matches
    if len(chosen) == 1:
        return chosen[0]
    if not chosen:
        raise ValidationFailed(f"Không tìm thấy địa bàn “{raw[:80]}”.", field="unit")
    examples = "; ".join(f"{u.name} ({u.parent.name if u.parent else ''})" for u in chosen[:4])
    raise ValidationFailed(
        f"“{raw[:80]}” trùng tên nhiều địa bàn ({examples}…): hãy ghi thêm tỉnh, ví dụ “{parts[0]}, Khánh Hòa”.",
        field="unit",
    )


def _ancestry_key(unit: AdminUnit) -> str:
    from phoihop.geo.models import AdminUnit

    province_code = unit.path.split("/", 1)[0]
    province = AdminUnit.objects.filter(path=province_code).only("search_key").first()
    return " ".join(
        filter(
            None,
            [unit.search_key, unit.parent.search_key if unit.parent else "", province.search_key if province else ""],
        )
    )


def _coordinate(value: Any, field: str, label: str, low: float, high: float) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(f"{label}: phải là số thập phân.", field=field) from None
    if not number.is_finite() or not low <= number <= high:
        raise ValidationFailed(f"{label}: phải trong khoảng {low} đến {high}.", field=field)
    return number.quantize(Decimal("0.000001"))


def _integer(value: Any, field: str, label: str, low: int, high: int, default=None) -> int | None:
    if value in (None, ""):
        return default
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationFailed(f"{label}: phải là số nguyên.", field=field) from None
    if not low <= number <= high:
        raise ValidationFailed(f"{label}: phải từ {low} đến {high:,}.".replace(",", "."), field=field)
    return number


def _date(value: Any, field: str, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationFailed(f"{label}: ngày không hợp lệ (dd/mm/yyyy).", field=field)


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in {"1", "true", "on", "yes", "co", "có", "x"}


def clean_contact(contact: dict | None, channel: str) -> dict | None:
    """A complainant's contact (name, phone, e-mail, address), refused outright for denunciations."""
    if not contact:
        return None
    values = {k: contact.get(k) for k in CONTACT_FIELDS}
    if not any(str(v or "").strip() for v in values.values()):
        return None
    if channel == Channel.DENUNCIATION:
        raise ValidationFailed(
            "Đơn tố cáo: không ghi thông tin người tố cáo vào hệ thống (Luật Tố cáo 2018). "
            "Chỉ ghi số hồ sơ của cơ quan giải quyết.",
            field="contact",
        )
    labels = {"name": "Họ tên", "phone": "Điện thoại", "email": "Thư điện tử", "address": "Địa chỉ"}
    return {k: clean_text(v, f"contact.{k}", labels[k], required=False, limit=200) for k, v in values.items()}


def concern_fields(data: dict) -> dict:
    """Validated concern fields from user input (keys as in the model; topic, unit, channel resolved)."""
    channel = resolve_channel(data.get("channel"))
    unit, given = resolve_unit(data.get("unit"))
    out = {
        "title": clean_text(data.get("title"), "title", "Tiêu đề", required=True, limit=300),
        "description": clean_text(data.get("description"), "description", "Nội dung", required=True, limit=MAX_TEXT),
        "topic": resolve_topic(data.get("topic")),
        "channel": channel,
        "unit": unit,
        "place_given": data.get("place_given") or given,
        "latitude": _coordinate(data.get("latitude"), "latitude", "Vĩ độ", -90, 90),
        "longitude": _coordinate(data.get("longitude"), "longitude", "Kinh độ", -180, 180),
        "people_affected": _integer(
            data.get("people_affected"), "people_affected", "Số người liên quan", 0, 10_000_000
        ),
        "severity": _integer(data.get("severity"), "severity", "Mức độ", 1, 4, default=Severity.MEDIUM),
        "observed_on": _date(data.get("observed_on"), "observed_on", "Ngày phát hiện"),
        "source_ref": clean_text(
            data.get("source_ref"), "source_ref", "Số hồ sơ, tham chiếu", required=False, limit=100
        ),
    }
    if (out["latitude"] is None) != (out["longitude"] is None):
        raise ValidationFailed("Tọa độ: cần cả vĩ độ và kinh độ.", field="latitude")
    if out["observed_on"] and out["observed_on"] > timezone.localdate():
        raise ValidationFailed("Ngày phát hiện không được ở tương lai.", field="observed_on")
    out["place_given"] = clean_text(out["place_given"], "place_given", "Địa danh", required=False, limit=200)
    for flag in FLAGS:
        out[flag] = _bool(data.get(flag))
    return out


# --- derived fields --------------------------------------------------------------------------------------


def _derive(concern: Concern) -> list[str]:
    from phoihop.concerns.similarity import signature

    concern.unit_path = concern.unit.path
    concern.search_text = fold(f"{concern.title} {concern.description}")
    concern.signature = signature(f"{concern.title}. {concern.description}")
    concern.sort_key = sort_key(concern.title)[:240]
    return ["unit_path", "search_text", "signature", "sort_key"]


def _next_tracking_code(day: dt.date) -> str:
    """The day's next code: one statement that creates the day's counter or moves it on, and returns it
    (the row lock it takes serialises concurrent intakes of the same day until commit)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO concerns_trackingcounter (day, last) VALUES (%s, 1) "
            "ON CONFLICT (day) DO UPDATE SET last = concerns_trackingcounter.last + 1 RETURNING last",
            [day],
        )
        last = cursor.fetchone()[0]
    return f"PH.{day:%Y%m%d}.{last:04d}"


def _history(concern: Concern, *, acting: Acting | None, action: str, before: str, reason: str = "") -> None:
    ConcernStatusChange.objects.create(
        concern=concern,
        action=action,
        from_status=before,
        to_status=concern.status,
        by=acting.user if acting else None,
        organization=acting.org if acting else None,
        reason=reason,
    )


def _party(concern: Concern, org: Organization, role: str) -> None:
    ConcernParty.objects.get_or_create(
        concern=concern,
        organization=org,
        role=role,
        defaults={"unit_path": org.unit_path or "", "concern_path": concern.unit_path},
    )


def _live(concern: Concern) -> Concern:
    """Later updates to a merged concern go to the concern it was merged into."""
    seen = set()
    while concern.merged_into_id and concern.id not in seen:
        seen.add(concern.id)
        concern = Concern.objects.select_related("unit", "organization", "lead").get(pk=concern.merged_into_id)
    return concern


def _locked(concern: Concern) -> Concern:
    return (
        Concern.objects.select_for_update(of=("self",))
        .select_related("unit", "organization", "lead", "topic")
        .get(pk=concern.pk)
    )


def _bump(concern: Concern, *fields: str) -> None:
    concern.version += 1
    concern.save(update_fields=[*fields, "version", "updated_at"])


def _notify_orgs(org_ids, *, acting: Acting | None, kind: str, title: str, concern: Concern) -> None:
    from phoihop.accounts.selectors import organization_recipients
    from phoihop.notifications.services import notify

    ids = [i for i in org_ids if i]
    if not ids:
        return
    notify(
        recipients=organization_recipients(ids),
        kind=kind,
        title=title,
        url=f"/concerns/{concern.pk}/",
        obj=concern,
        actor=acting.user if acting else None,
    )


# --- intake ----------------------------------------------------------------------------------------------


@transaction.atomic
def concern_intake(
    *,
    acting: Acting,
    data: dict,
    source: str = "form",
    idempotency_key: str | None = None,
    attach_to: Concern | None = None,
    contact: dict | None = None,
    organization: Organization | None = None,
) -> tuple[Concern, bool]:
    """Record a concern (or, with `attach_to`, one more report of an existing one). Returns (concern, created).

    A repeated `idempotency_key` from the same `source` returns the first result and writes nothing."""
    org = organization or (acting.org if acting else None)
    if acting is not None and organization is None and not perms.can_report(acting):
        raise NotFound()
    if org is None:
        raise ValidationFailed("Hãy chọn cơ quan bạn làm việc trước khi ghi nhận vấn đề.")
    key = (idempotency_key or "").strip()
    if key:
        if len(key) > 120 or _CONTROL.search(key):
            raise ValidationFailed(
                "Idempotency-Key: tối đa 120 ký tự, không có ký tự điều khiển.", field="idempotency_key"
            )
        done = IntakeKey.objects.filter(source=source, key=key).select_related("concern").first()
        if done is not None:
            return _live(done.concern), False
    fields = concern_fields(data)
    sealed = clean_contact(contact, fields["channel"])
    now = timezone.now()
    if attach_to is not None:
        concern = _locked(_live(attach_to))
        if acting is not None and not perms.can_view_concern(acting, concern):
            raise NotFound()
        report = ConcernReport.objects.create(
            concern=concern,
            channel=fields["channel"],
            text=f"{fields['title']}\n{fields['description']}",
            unit=fields["unit"],
            source_ref=fields["source_ref"],
            at=now,
            organization=org,
            created_by=acting.user if acting else None,
            source=source,
        )
        concern.reports_count = F("reports_count") + 1
        _bump(concern, "reports_count")
        concern.refresh_from_db()
        _party(concern, org, ConcernParty.Role.INTAKE)
        audit_record(
            acting=acting, action="concern.report_add", obj=concern, after={"reports_count": concern.reports_count}
        )
        created = False
    else:
        from phoihop.concerns.classifier import suggest_topics

        suggestions = suggest_topics(f"{fields['title']}. {fields['description']}", limit=1)
        suggested = None
        if suggestions:  # most often the topic given: no query then
            code = suggestions[0][0]
            suggested = fields["topic"] if code == fields["topic"].code else Topic.objects.filter(code=code).first()
        concern = Concern(
            **fields,
            tracking_code=_next_tracking_code(timezone.localdate(now)),
            suggested_topic=suggested,
            received_at=now,
            organization=org,
            created_by=acting.user if acting else None,
        )
        _derive(concern)
        concern.save()  # every field was validated by concern_fields
        ConcernParty.objects.create(
            concern=concern,
            organization=org,
            role=ConcernParty.Role.INTAKE,
            unit_path=org.unit_path or "",
            concern_path=concern.unit_path,
        )
        report = ConcernReport.objects.create(
            concern=concern,
            channel=concern.channel,
            text=f"{concern.title}\n{concern.description}",
            unit=concern.unit,
            source_ref=concern.source_ref,
            at=now,
            organization=org,
            created_by=concern.created_by,
            source=source,
        )
        _history(concern, acting=acting, action="receive", before="")
        audit_record(acting=acting, action="concern.create", obj=concern, after=snapshot(concern, _AUDITED))
        created = True
    if sealed:
        ConcernContact.objects.create(concern=concern, report=report, sealed=seal(sealed))
        audit_record(acting=acting, action="concern.contact_store", obj=concern, after={"contact": "sealed"})
    if key:
        try:
            with transaction.atomic():
                IntakeKey.objects.create(source=source, key=key, concern=concern)
        except IntegrityError:  # a parallel request with the same key won: answer with its concern, drop ours
            done = IntakeKey.objects.select_related("concern").get(source=source, key=key)
            winner = _live(done.concern)
            transaction.set_rollback(True)
            return winner, False
    if created:
        from phoihop.concerns import signals

        transaction.on_commit(
            lambda: signals.concern_received.send(
                sender=Concern, concern_id=concern.pk, severity=concern.severity, mass_complaint=concern.mass_complaint
            )
        )
    return concern, created


_AUDITED = [
    "tracking_code", "title", "description", "topic", "channel", "unit", "place_given", "latitude", "longitude",
    "people_affected", "severity", *FLAGS, "observed_on", "source_ref", "status", "lead", "deadline",
    "result", "public_answer",
]  # fmt: skip


@transaction.atomic
def concern_update(*, acting: Acting, concern: Concern, data: dict, version: int | None = None) -> Concern:
    """Correct what was recorded (coordinators): every field of intake except the channel."""
    concern = _locked(_live(concern))
    if not perms.can_view_concern(acting, concern):
        raise NotFound()
    if not perms.can_coordinate(acting, concern):
        raise NotFound()  # forbidden answers like missing
    merged = {f: getattr(concern, f) for f in _EDITABLE}
    merged["topic"], merged["unit"], merged["channel"] = concern.topic, concern.unit, concern.channel
    incoming = {k: v for k, v in data.items() if k in _EDITABLE}
    merged.update(incoming)
    fields = concern_fields(merged)
    check_version(concern, version, {k: fields[k] for k in incoming})  # resolved values: a code is its topic
    before = snapshot(concern, _AUDITED)
    changed = [f for f in _EDITABLE if getattr(concern, f) != fields[f]]
    if "public_answer" in data:
        answer = clean_text(data["public_answer"], "public_answer", "Trả lời công khai", required=False, limit=MAX_TEXT)
        if answer != concern.public_answer:
            concern.public_answer = answer
            changed.append("public_answer")
    if not changed:
        return concern
    for f in changed:
        if f != "public_answer":
            setattr(concern, f, fields[f])
    _bump(concern, *changed, *_derive(concern))
    if "unit" in changed:  # the parties' copy of the concern's place follows it
        ConcernParty.objects.filter(concern=concern).update(concern_path=concern.unit_path)
    audit_record(acting=acting, action="concern.update", obj=concern, before=before, after=snapshot(concern, _AUDITED))
    if {"severity", "mass_complaint"} & set(changed):  # it may now be a hot spot on its own
        from phoihop.concerns import signals

        transaction.on_commit(
            lambda: signals.concern_received.send(
                sender=Concern, concern_id=concern.pk, severity=concern.severity, mass_complaint=concern.mass_complaint
            )
        )
    return concern


_EDITABLE = [
    "title", "description", "topic", "unit", "place_given", "latitude", "longitude", "people_affected",
    "severity", *FLAGS, "observed_on", "source_ref",
]  # fmt: skip


# --- routing and handling ----------------------------------------------------------------------------------


def sla_deadline(severity: int, start: dt.date | None = None) -> dt.date:
    """The handling deadline: the SLA's working days after `start` (weekends and holidays skipped)."""
    from phoihop.core.workdays import add_working_days

    rule = SlaRule.objects.filter(severity=severity).first()
    days = rule.working_days if rule else 10
    return add_working_days(start or timezone.localdate(), days)


@transaction.atomic
def concern_route(
    *,
    acting: Acting,
    concern: Concern,
    lead: Organization,
    partners: list[Organization] | None = None,
    deadline: dt.date | None = None,
    note: str = "",
) -> Concern:
    """Send the concern to a lead agency (and co-operating ones) with a deadline (default: the SLA)."""
    concern = _locked(_live(concern))
    if not perms.can_view_concern(acting, concern):
        raise NotFound()
    if not perms.can_coordinate(acting, concern):
        raise NotFound()  # forbidden answers like missing
    if concern.status not in ROUTABLE:
        raise ValidationFailed(f"Vấn đề đang “{concern.get_status_display()}”: không giao xử lý được.", field="status")
    if lead is None or (lead.active_to is not None and lead.active_to < timezone.localdate()):
        raise ValidationFailed("Cơ quan chủ trì xử lý: hãy chọn một cơ quan đang hoạt động.", field="lead")
    partners = [p for p in dict.fromkeys(partners or []) if p.pk != lead.pk]
    note = clean_text(note, "note", "Ghi chú", required=False, limit=MAX_TEXT)
    today = timezone.localdate()
    deadline = deadline or sla_deadline(concern.severity, today)
    if deadline < today:
        raise ValidationFailed("Hạn xử lý không được trước hôm nay.", field="deadline")
    before, old_status = snapshot(concern, _AUDITED), concern.status
    ConcernParty.objects.filter(concern=concern, role__in=[ConcernParty.Role.LEAD, ConcernParty.Role.PARTNER]).delete()
    _party(concern, lead, ConcernParty.Role.LEAD)
    for p in partners:
        _party(concern, p, ConcernParty.Role.PARTNER)
    ConcernRouting.objects.create(
        concern=concern,
        kind=ConcernRouting.Kind.ASSIGN,
        organization=lead,
        deadline=deadline,
        reason=note,
        by=acting.user,
    )
    concern.lead, concern.deadline, concern.status = lead, deadline, ConcernStatus.ASSIGNED
    _bump(concern, "lead", "deadline", "status")
    _history(concern, acting=acting, action="assign", before=old_status, reason=note)
    audit_record(acting=acting, action="concern.assign", obj=concern, before=before, after=snapshot(concern, _AUDITED))
    _notify_orgs(
        [lead.pk, *(p.pk for p in partners)],
        acting=acting,
        kind="concern.assigned",
        title=f"Giao xử lý {concern.tracking_code}: {concern.title}",
        concern=concern,
    )
    return concern


@transaction.atomic
def concern_refuse(*, acting: Acting, concern: Concern, reason: str, suggested: Organization | None = None) -> Concern:
    """The lead agency refuses: not its competence. The concern goes back to its coordinators, the
    refusal (reason, the agency it should go to) is kept in the routing record."""
    concern = _locked(_live(concern))
    if not perms.can_view_concern(acting, concern):
        raise NotFound()
    if not perms.can_handle(acting, concern):
        raise NotFound()  # forbidden answers like missing
    if concern.status not in (ConcernStatus.ASSIGNED, ConcernStatus.IN_HANDLING):
        raise ValidationFailed(f"Vấn đề đang “{concern.get_status_display()}”: không từ chối được.", field="status")
    reason = clean_text(reason, "reason", "Lý do", required=True, limit=MAX_TEXT)
    if suggested is not None and suggested.pk == concern.lead_id:
        raise ValidationFailed("Cơ quan đề nghị chuyển đến phải khác cơ quan đang từ chối.", field="suggested")
    before, old_status, refusing = snapshot(concern, _AUDITED), concern.status, concern.lead
    ConcernRouting.objects.create(
        concern=concern,
        kind=ConcernRouting.Kind.REFUSE,
        organization=refusing,
        suggested=suggested,
        reason=reason,
        by=acting.user,
    )
    ConcernParty.objects.filter(concern=concern, role=ConcernParty.Role.LEAD).delete()
    _party(concern, refusing, ConcernParty.Role.REFUSED)  # it still sees what it refused, and why
    concern.lead, concern.deadline, concern.status = None, None, ConcernStatus.VERIFYING
    _bump(concern, "lead", "deadline", "status")
    _history(concern, acting=acting, action="refuse", before=old_status, reason=reason)
    audit_record(acting=acting, action="concern.refuse", obj=concern, before=before, after=snapshot(concern, _AUDITED))
    hint = f" — đề nghị chuyển {suggested.name}" if suggested else ""
    _notify_orgs(
        [concern.organization_id, concern.escalated_to_id],
        acting=acting,
        kind="concern.refused",
        title=f"{refusing.name} từ chối {concern.tracking_code}{hint}",
        concern=concern,
    )
    return concern


@transaction.atomic
def concern_transition(
    *, acting: Acting, concern: Concern, action: str, reason: str = "", result: str = "", public_answer: str = ""
) -> Concern:
    """verify, start, resolve (with the result), close (only once a response is recorded), reject, reopen."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValidationFailed(f"Thao tác “{str(action)[:40]}” không có.", field="action")
    concern = _locked(_live(concern))
    if not perms.can_view_concern(acting, concern):
        raise NotFound()
    allowed = perms.can_coordinate if transition.who == "coordinator" else perms.can_handle
    if not allowed(acting, concern):
        raise NotFound()  # forbidden answers like missing
    if concern.status not in transition.sources:
        raise ValidationFailed(
            f"Không thể “{transition.label}” khi vấn đề đang “{concern.get_status_display()}”.", field="status"
        )
    reason = clean_text(reason, "reason", "Lý do", required=transition.needs_reason, limit=MAX_TEXT)
    before, old_status = snapshot(concern, _AUDITED), concern.status
    fields = ["status"]
    if action == "resolve":
        concern.result = clean_text(result, "result", "Kết quả xử lý", required=True, limit=MAX_TEXT)
        concern.resolved_at = timezone.now()
        fields += ["result", "resolved_at"]
    if public_answer:
        concern.public_answer = clean_text(
            public_answer, "public_answer", "Trả lời công khai", required=False, limit=MAX_TEXT
        )
        fields.append("public_answer")
    if action == "close":
        _require_response(concern)
        concern.closed_at = timezone.now()
        fields.append("closed_at")
    if action == "reopen":
        concern.closed_at = None
        fields.append("closed_at")
    concern.status = transition.target
    _bump(concern, *fields)
    _history(concern, acting=acting, action=action, before=old_status, reason=reason)
    audit_record(
        acting=acting, action=f"concern.{action}", obj=concern, before=before, after=snapshot(concern, _AUDITED)
    )
    if action == "resolve":
        _notify_orgs(
            [concern.organization_id, concern.escalated_to_id],
            acting=acting,
            kind="concern.resolved",
            title=f"Đã có kết quả xử lý {concern.tracking_code}",
            concern=concern,
        )
    return concern


def _require_response(concern: Concern) -> None:
    done = CommunicationResponse.objects.filter(concern=concern, done_on__isnull=False)
    if not done.exists():
        raise ValidationFailed(
            "Chưa ghi nhận thông tin, phản hồi với Nhân dân: hãy ghi kết quả thông tin trước khi kết thúc vấn đề.",
            field="responses",
        )
    if concern.false_information and not done.exclude(official_answer="").exclude(published_at="").exists():
        raise ValidationFailed(
            "Vấn đề thông tin sai sự thật: cần ghi thông tin chính thức và nơi đã đăng tải trước khi kết thúc.",
            field="responses",
        )
    if not concern.public_answer:
        raise ValidationFailed("Hãy ghi nội dung trả lời công khai trước khi kết thúc vấn đề.", field="public_answer")


def superior_of(concern: Concern, org: Organization | None) -> Organization | None:
    """Where an overdue concern goes up: the propaganda department of the level above `org` covering the
    concern's area (the deepest roll-up organisation whose unit is strictly above `org`'s), else org.parent."""
    from phoihop.orgs.models import Organization

    base = (org.unit_path if org else "") or concern.unit_path
    prefixes = []
    parts = base.split("/")
    for i in range(len(parts) - 1, 0, -1):
        prefixes.append("/".join(parts[:i]))
    candidates_paths = prefixes if org is not None and org.type.sees_rollup else [base, *prefixes]
    today = timezone.localdate()
    rollups = (
        Organization.objects.filter(type__sees_rollup=True, unit_path__in=candidates_paths)
        .exclude(pk=org.pk if org else None)
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=today))
        .select_related("type")
    )
    best = max(rollups, key=lambda o: (len(o.unit_path), -o.pk), default=None)
    if best is None and org is not None and org.parent_id:
        return org.parent
    return best


@transaction.atomic
def concern_escalate(
    *, acting: Acting | None, concern: Concern, reason: str, to: Organization | None = None
) -> Concern:
    """Send the concern to the superior level (manually, or by the overdue job with acting=None)."""
    concern = _locked(_live(concern))
    if acting is not None:
        if not perms.can_view_concern(acting, concern):
            raise NotFound()
        if not (perms.can_coordinate(acting, concern) or perms.can_handle(acting, concern)):
            raise NotFound()  # forbidden answers like missing
    if concern.status not in (*ESCALATABLE, ConcernStatus.RECEIVED, ConcernStatus.VERIFYING):
        raise ValidationFailed(
            f"Vấn đề đang “{concern.get_status_display()}”: không chuyển cấp trên được.", field="status"
        )
    reason = clean_text(reason, "reason", "Lý do", required=True, limit=MAX_TEXT)
    target = to or superior_of(concern, concern.escalated_to or concern.lead or concern.organization)
    if target is None:
        raise ValidationFailed("Không xác định được cơ quan cấp trên để chuyển.", field="to")
    before, old_status = snapshot(concern, _AUDITED), concern.status
    ConcernRouting.objects.create(
        concern=concern,
        kind=ConcernRouting.Kind.ESCALATE,
        organization=target,
        reason=reason,
        by=acting.user if acting else None,
    )
    _party(concern, target, ConcernParty.Role.ESCALATED)
    concern.escalated_to, concern.status = target, ConcernStatus.ESCALATED
    _bump(concern, "escalated_to", "status")
    _history(concern, acting=acting, action="escalate", before=old_status, reason=reason)
    audit_record(
        acting=acting, action="concern.escalate", obj=concern, before=before, after=snapshot(concern, _AUDITED)
    )
    _notify_orgs(
        [target.pk, concern.lead_id],
        acting=acting,
        kind="concern.escalated",
        title=f"Chuyển cấp trên {concern.tracking_code}: {concern.title}",
        concern=concern,
    )
    return concern


def escalate_overdue(today: dt.date | None = None) -> dict:
    """The daily job: concerns overdue by more than their SLA margin (working days) go up one level."""
    from phoihop.core.workdays import working_days_between

    today = today or timezone.localdate()
    margins = {r.severity: r.escalate_after for r in SlaRule.objects.all()}
    due = Concern.objects.filter(status__in=ESCALATABLE, deadline__lt=today, merged_into__isnull=True)
    escalated, skipped = 0, 0
    for concern in due.select_related("lead", "organization", "unit").iterator(chunk_size=500):
        late = working_days_between(concern.deadline, today)
        if late <= margins.get(concern.severity, 3):
            continue
        try:
            concern_escalate(
                acting=None,
                concern=concern,
                reason=f"Tự động: quá hạn xử lý {late} ngày làm việc (hạn {concern.deadline:%d/%m/%Y}).",
            )
            escalated += 1
        except ValidationFailed:
            skipped += 1
    return {"escalated": escalated, "skipped": skipped}


# --- deadline reminders ------------------------------------------------------------------------------------

REMINDERS = (
    ("due-2", "Còn 2 ngày làm việc đến hạn xử lý"),
    ("due-0", "Hôm nay đến hạn xử lý"),
    ("overdue", "Quá hạn xử lý"),
)


def reminders_send(today: dt.date | None = None) -> int:
    """The daily job, on working days: tell the lead agency of a concern in its hands two working days before
    the deadline and on the day, and once it is overdue (then the organisation that took it in as well).
    Each reminder once per deadline: a concern given a new deadline is reminded again."""
    from phoihop.core.workdays import add_working_days, is_working_day

    today = today or timezone.localdate()
    if not is_working_day(today):
        return 0
    handled = Concern.objects.filter(
        status__in=ESCALATABLE, lead__isnull=False, deadline__isnull=False, merged_into__isnull=True
    )
    due = {
        "due-2": handled.filter(deadline=add_working_days(today, 2)),
        "due-0": handled.filter(deadline=today),
        "overdue": handled.filter(deadline__lt=today),
    }
    sent = 0
    for kind, words in REMINDERS:
        for concern in due[kind].only("id", "tracking_code", "title", "deadline", "lead", "organization"):
            with transaction.atomic():
                _, created = ConcernReminder.objects.get_or_create(
                    concern=concern, kind=kind, deadline=concern.deadline, defaults={"sent_on": today}
                )
                if not created:
                    continue
                orgs = [concern.lead_id] + ([concern.organization_id] if kind == "overdue" else [])
                title = f"{words}: {concern.tracking_code} {concern.title} (hạn {concern.deadline:%d/%m/%Y})"
                _notify_orgs(
                    orgs, acting=None, kind=f"concern.{kind.split('-')[0]}", title=title[:250], concern=concern
                )
                sent += 1
    return sent


# --- merges ----------------------------------------------------------------------------------------------


@transaction.atomic
def concern_merge(*, acting: Acting, original: Concern, duplicate: Concern) -> Concern:
    """`duplicate` becomes part of `original`: its reports count there, later updates go there."""
    original, duplicate = _locked(_live(original)), _locked(duplicate)
    for c in (original, duplicate):
        if not perms.can_view_concern(acting, c):
            raise NotFound()
        if not perms.can_coordinate(acting, c):
            raise NotFound()  # forbidden answers like missing
    if duplicate.merged_into_id:
        raise ValidationFailed(f"{duplicate.tracking_code} đã được gộp trước đó.", field="duplicate")
    if original.pk == duplicate.pk:
        raise ValidationFailed("Không gộp một vấn đề vào chính nó.", field="duplicate")
    duplicate.merged_into = original
    _bump(duplicate, "merged_into")
    original.reports_count = F("reports_count") + duplicate.reports_count
    _bump(original, "reports_count")
    original.refresh_from_db()
    for c in (original, duplicate):
        c_reason = f"Gộp {duplicate.tracking_code} vào {original.tracking_code}"
        ConcernStatusChange.objects.create(
            concern=c,
            action="merge",
            from_status=c.status,
            to_status=c.status,
            by=acting.user,
            organization=acting.org,
            reason=c_reason,
        )
    ConcernMerge.objects.create(original=original, duplicate=duplicate, by=acting.user)
    audit_record(acting=acting, action="concern.merge", obj=duplicate, after={"merged_into": original.tracking_code})
    return original


@transaction.atomic
def concern_unmerge(*, acting: Acting, duplicate: Concern) -> Concern:
    duplicate = _locked(duplicate)
    merge = ConcernMerge.objects.filter(duplicate=duplicate, undone_at__isnull=True).select_related("original").last()
    if not perms.can_view_concern(acting, duplicate):
        raise NotFound()
    if merge is None or duplicate.merged_into_id is None:
        raise ValidationFailed(f"{duplicate.tracking_code} chưa được gộp vào vấn đề nào.", field="duplicate")
    original = _locked(merge.original)
    if not (perms.can_coordinate(acting, original) and perms.can_coordinate(acting, duplicate)):
        raise NotFound()  # forbidden answers like missing
    duplicate.merged_into = None
    _bump(duplicate, "merged_into")
    original.reports_count = F("reports_count") - duplicate.reports_count
    _bump(original, "reports_count")
    original.refresh_from_db()
    merge.undone_at, merge.undone_by = timezone.now(), acting.user
    merge.save(update_fields=["undone_at", "undone_by"])
    for c in (original, duplicate):
        ConcernStatusChange.objects.create(
            concern=c,
            action="unmerge",
            from_status=c.status,
            to_status=c.status,
            by=acting.user,
            organization=acting.org,
            reason=f"Tách {duplicate.tracking_code} khỏi {original.tracking_code}",
        )
    audit_record(acting=acting, action="concern.unmerge", obj=duplicate, before={"merged_into": original.tracking_code})
    return duplicate


# --- communication response --------------------------------------------------------------------------------


_RESPONSE_TEXT = {
    "message": ("Nội dung thông tin", True),
    "spokesperson": ("Người phát ngôn", False),
    "channel": ("Kênh thông tin", False),
    "claim": ("Thông tin sai sự thật", False),
    "facts": ("Sự thật đã xác minh", False),
    "official_answer": ("Thông tin chính thức", False),
    "published_at": ("Nơi đăng tải", False),
}


def _response_fields(data: dict) -> dict:
    phase = str(data.get("phase") or "").strip()
    if phase not in ResponsePhase.values:
        raise ValidationFailed("Giai đoạn: trước, trong hoặc sau khi xử lý.", field="phase")
    out: dict[str, Any] = {"phase": phase}
    for name, (label, required) in _RESPONSE_TEXT.items():
        limit = 200 if name in ("spokesperson", "channel") else 500 if name == "published_at" else MAX_TEXT
        out[name] = clean_text(data.get(name), name, label, required=required, limit=limit)
    out["planned_on"] = _date(data.get("planned_on"), "planned_on", "Ngày dự kiến")
    out["done_on"] = _date(data.get("done_on"), "done_on", "Ngày thực hiện")
    if out["done_on"] and out["done_on"] > timezone.localdate():
        raise ValidationFailed("Ngày đã thực hiện không được ở tương lai.", field="done_on")
    return out


@transaction.atomic
def response_add(*, acting: Acting, concern: Concern, data: dict) -> CommunicationResponse:
    concern = _locked(_live(concern))
    if not perms.can_view_concern(acting, concern):
        raise NotFound()
    if not perms.can_respond(acting, concern):
        raise NotFound()  # forbidden answers like missing
    response = CommunicationResponse.objects.create(
        concern=concern, organization=acting.org, created_by=acting.user, **_response_fields(data)
    )
    _bump(concern)
    audit_record(acting=acting, action="concern.response_add", obj=response, after=snapshot(response))
    return response


@transaction.atomic
def response_update(*, acting: Acting, response: CommunicationResponse, data: dict) -> CommunicationResponse:
    concern = _locked(response.concern)
    if not perms.can_view_concern(acting, concern):
        raise NotFound()
    if not perms.can_respond(acting, concern):
        raise NotFound()  # forbidden answers like missing
    merged = {f: getattr(response, f) for f in ("phase", "planned_on", "done_on", *_RESPONSE_TEXT)}
    merged.update({k: v for k, v in data.items() if k in merged})
    before = snapshot(response)
    fields = _response_fields(merged)
    changed = [k for k, v in fields.items() if getattr(response, k) != v]
    for k in changed:
        setattr(response, k, fields[k])
    if changed:
        response.save(update_fields=changed)
        _bump(concern)
        audit_record(
            acting=acting, action="concern.response_update", obj=response, before=before, after=snapshot(response)
        )
    return response


# --- complainants' contacts ----------------------------------------------------------------------------------


def contact_read(*, acting: Acting, concern: Concern) -> list[dict]:
    """The sealed contacts (one per report that left one), opened for an officer handling the concern; every view is in the audit log."""
    if not perms.can_view_concern(acting, concern):
        raise NotFound()
    if not perms.can_view_contact(acting, concern):
        raise NotFound()
    records = list(ConcernContact.objects.filter(concern=concern).select_related("report").order_by("report__at"))
    if not records:
        return []
    audit_view(acting=acting, obj=concern, action="concern.contact_view")
    return [unseal(r.sealed) | {"report_at": r.report.at, "channel": r.report.get_channel_display()} for r in records]


@transaction.atomic
def contacts_purge(now: dt.datetime | None = None) -> dict:
    """Delete contacts of concerns closed (or rejected) more than the retention period ago."""
    now = now or timezone.now()
    months = settings.CONTACT_RETENTION_MONTHS
    year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
    cutoff = now.replace(year=year, month=month + 1, day=min(now.day, 28))
    old = ConcernContact.objects.filter(
        Q(concern__closed_at__lt=cutoff) | Q(concern__status=ConcernStatus.REJECTED, concern__updated_at__lt=cutoff)
    )
    ids = list(old.values_list("concern_id", flat=True))
    deleted = old.delete()[0] if ids else 0
    if deleted:
        audit_record(
            acting=None,
            action="concern.contact_purge",
            obj=None,
            after={"count": deleted, "cutoff": cutoff.isoformat()},
        )
    return {"deleted": deleted}
