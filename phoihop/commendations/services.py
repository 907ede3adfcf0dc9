"""Writes for commendations (propose, edit the draft, submit, approve, return, reject, record the award) and
good models (record, edit, publish, attach files, record an adoption). Every write is audited."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from phoihop.commendations import permissions as perms
from phoihop.commendations.models import (
    Adoption,
    AwardForm,
    Commendation,
    CommendationKind,
    GoodModel,
    GoodModelStatus,
    GoodModelTopic,
)
from phoihop.commendations.workflows import EDITABLE, TRANSITIONS
from phoihop.concerns.services import clean_text
from phoihop.core.audit import audit_record, snapshot
from phoihop.core.errors import Conflict, NotFound, ValidationFailed
from phoihop.core.text import fold, sort_key
from phoihop.core.validation import check_version
from phoihop.core.web import parse_id
from phoihop.orgs.models import Organization

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting

OUT_OF_SCOPE = (
    "Chỉ đề nghị khen thưởng tập thể, cá nhân thuộc phạm vi quản lý của cơ quan mình "
    "(hoặc cơ quan cùng tham gia chương trình phối hợp được chọn)."
)
MIN_YEAR, MAX_YEAR = 2000, 2100
GOOD_MODEL_OWNER = "commendations.goodmodel"


# --- resolving input ----------------------------------------------------------------------------------------


def _org(value: Any, field: str, label: str) -> Organization:
    if isinstance(value, Organization):
        return value
    pk = parse_id(value)
    org = Organization.objects.select_related("type").filter(pk=pk).first() if pk else None
    if org is None:
        raise ValidationFailed(f"{label}: cơ quan không tồn tại.", field=field)
    return org


def _year(value: Any, field: str, label: str) -> int:
    if isinstance(value, bool):
        value = None
    try:
        year = int(str(value).strip()) if value not in (None, "") else None
    except ValueError:
        year = None
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationFailed(f"{label}: hãy ghi năm từ {MIN_YEAR} đến {MAX_YEAR}.", field=field)
    return year


def _date(value: Any, field: str, label: str, *, required: bool) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise ValidationFailed(f"{label}: không được để trống.", field=field)
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            raise ValidationFailed(f"{label}: hãy ghi ngày dạng 2023-01-05.", field=field) from None
    if not dt.date(MIN_YEAR, 1, 1) <= value <= dt.date(MAX_YEAR, 12, 31):
        raise ValidationFailed(f"{label}: ngày không hợp lệ.", field=field)
    return value


def _award_form(value: Any, field: str, label: str, *, required: bool) -> AwardForm | None:
    if value in (None, ""):
        if required:
            raise ValidationFailed(f"{label}: hãy chọn một hình thức.", field=field)
        return None
    if isinstance(value, AwardForm):
        return value
    text = str(value).strip()
    form = AwardForm.objects.filter(code=text, is_active=True).first()
    if form is None and parse_id(text):
        form = AwardForm.objects.filter(pk=parse_id(text), is_active=True).first()
    if form is None:
        raise ValidationFailed(f"{label}: hình thức khen thưởng không tồn tại.", field=field)
    return form


def _program(acting: Acting, value: Any):
    from phoihop.programs.models import Program
    from phoihop.programs.permissions import can_view_program

    if value in (None, ""):
        return None
    program = value if isinstance(value, Program) else None
    if program is None:
        pk = parse_id(value)
        program = Program.objects.filter(pk=pk).first() if pk else None
    if program is None or not can_view_program(acting, program):
        raise ValidationFailed("Chương trình không tồn tại hoặc bạn không xem được.", field="program")
    return program


def _meeting(acting: Acting, value: Any):
    from phoihop.meetings.models import Meeting
    from phoihop.meetings.permissions import can_view

    if value in (None, ""):
        return None
    meeting = value if isinstance(value, Meeting) else None
    if meeting is None:
        pk = parse_id(value)
        meeting = Meeting.objects.filter(pk=pk).first() if pk else None
    if meeting is None or not can_view(acting, meeting):
        raise ValidationFailed("Hội nghị không tồn tại hoặc bạn không xem được.", field="meeting")
    return meeting


# --- commendations --------------------------------------------------------------------------------------------


def _fields(acting: Acting, data: dict, current: Commendation | None = None) -> dict:
    def get(name, default=None):
        if name in data:
            return data[name]
        return getattr(current, name) if current is not None else default

    kind = str(get("kind") or "")
    if kind not in CommendationKind.values:
        raise ValidationFailed("Đối tượng: tập thể (collective) hoặc cá nhân (individual).", field="kind")
    nominee = _org(get("nominee_org"), "nominee_org", "Tập thể / cơ quan của cá nhân")
    program = _program(acting, get("program"))
    if not perms.in_scope(acting.org, nominee, program):
        raise ValidationFailed(OUT_OF_SCOPE, field="nominee_org", code="out_of_scope")
    individual = kind == CommendationKind.INDIVIDUAL
    out = {
        "kind": kind,
        "nominee_org": nominee,
        "full_name": clean_text(get("full_name", ""), "full_name", "Họ và tên", required=individual, limit=120),
        "job_title": clean_text(get("job_title", ""), "job_title", "Chức vụ", required=individual, limit=200),
        "achievements": clean_text(get("achievements"), "achievements", "Thành tích", required=True, limit=10000),
        "occasion": clean_text(get("occasion", ""), "occasion", "Dịp khen thưởng", required=False, limit=300),
        "year_from": _year(get("year_from"), "year_from", "Từ năm"),
        "year_to": _year(get("year_to") or get("year_from"), "year_to", "Đến năm"),
        "proposed_form": _award_form(get("proposed_form"), "proposed_form", "Hình thức đề nghị", required=False),
        "program": program,
        "meeting": _meeting(acting, get("meeting")),
    }
    if not individual:
        out["full_name"] = out["job_title"] = ""
    if out["year_to"] < out["year_from"]:
        raise ValidationFailed("Đến năm phải sau hoặc bằng từ năm.", field="year_to")
    if out["year_to"] - out["year_from"] > 10:
        raise ValidationFailed("Một đợt khen thưởng tính tối đa 10 năm.", field="year_to")
    return out


def _search_key(c: Commendation) -> str:
    return fold(" ".join([c.full_name, c.job_title, c.nominee_org.name, c.occasion, c.achievements[:200]]))[:400]


@transaction.atomic
def commendation_create(*, acting: Acting, data: dict) -> Commendation:
    if not perms.can_propose(acting):
        raise NotFound()
    fields = _fields(acting, data)
    c = Commendation(
        **fields,
        proposer=acting.org,
        proposer_path=acting.org.unit_path or "",
        nominee_path=fields["nominee_org"].unit_path or "",
        created_by=acting.user,
    )
    c.search_key = _search_key(c)
    c.save()
    audit_record(acting=acting, action="commendation.create", obj=c, after=snapshot(c))
    return c


def _locked(c: Commendation) -> Commendation:
    return Commendation.objects.select_for_update().select_related("proposer__type", "nominee_org").get(pk=c.pk)


@transaction.atomic
def commendation_update(*, acting: Acting, commendation: Commendation, data: dict, version: int | None = None):
    c = _locked(commendation)
    if not perms.can_view(acting, c) or not perms.can_propose(acting, c):
        raise NotFound()
    if c.status not in EDITABLE:
        raise ValidationFailed(
            f"Chỉ sửa được đề nghị ở trạng thái dự thảo (đang “{c.get_status_display()}”).", code="not_editable"
        )
    fields = _fields(acting, data, c)
    check_version(c, version, {k: v for k, v in fields.items() if k in data})
    before = snapshot(c)
    for k, v in fields.items():
        setattr(c, k, v)
    c.nominee_path = c.nominee_org.unit_path or ""
    c.search_key = _search_key(c)
    c.version += 1
    c.save()
    audit_record(acting=acting, action="commendation.update", obj=c, before=before, after=snapshot(c))
    return c


@transaction.atomic
def commendation_transition(
    *, acting: Acting, commendation: Commendation, action: str, reason: Any = "", version: int | None = None
) -> Commendation:
    t = TRANSITIONS.get(action)
    if t is None or action == "award":
        raise ValidationFailed("Thao tác không hợp lệ.", field="action")
    c = _locked(commendation)
    if not perms.can_view(acting, c) or not perms.can_do(acting, c, t.who):
        raise NotFound()
    if version is not None and int(version) != c.version:
        check_version(c, version, {})
    if c.status not in t.sources:
        raise ValidationFailed(f"Không thể “{t.label}” khi đề nghị ở trạng thái “{c.get_status_display()}”.")
    reason = clean_text(reason, "reason", "Lý do", required=t.needs_reason, limit=2000)
    before = c.status
    c.status = t.target
    now = timezone.now()
    fields = ["status", "version", "updated_at"]
    if action == "submit":
        c.submitted_at = now
        c.reason = ""
        fields += ["submitted_at", "reason"]
    else:
        c.decided_at, c.decided_by = now, acting.user
        fields += ["decided_at", "decided_by"]
        if t.needs_reason:
            c.reason = reason
            fields.append("reason")
    c.version += 1
    c.save(update_fields=fields)
    audit_record(
        acting=acting,
        action=f"commendation.{action}",
        obj=c,
        before={"status": before},
        after={"status": c.status},
        reason=reason,
    )
    return c


@transaction.atomic
def commendation_award(*, acting: Acting, commendation: Commendation, data: dict) -> Commendation:
    """Record the awarding authority's decision on an approved proposal."""
    t = TRANSITIONS["award"]
    c = _locked(commendation)
    if not perms.can_view(acting, c) or not perms.can_do(acting, c, t.who):
        raise NotFound()
    if c.status not in t.sources:
        raise ValidationFailed(f"Không thể “{t.label}” khi đề nghị ở trạng thái “{c.get_status_display()}”.")
    form = _award_form(data.get("award_form"), "award_form", "Hình thức khen thưởng", required=True)
    number = clean_text(data.get("decision_number"), "decision_number", "Số quyết định", required=True, limit=80)
    day = _date(data.get("decision_date"), "decision_date", "Ngày quyết định", required=True)
    if day > timezone.localdate():
        raise ValidationFailed("Ngày quyết định không được sau hôm nay.", field="decision_date")
    authority = clean_text(
        data.get("awarding_authority"), "awarding_authority", "Cấp khen thưởng", required=True, limit=300
    )
    before = snapshot(c)
    c.status = t.target
    c.award_form, c.decision_number, c.decision_date, c.awarding_authority = form, number, day, authority
    c.version += 1
    c.save(
        update_fields=[
            "status",
            "award_form",
            "decision_number",
            "decision_date",
            "awarding_authority",
            "version",
            "updated_at",
        ]
    )
    audit_record(acting=acting, action="commendation.award", obj=c, before=before, after=snapshot(c))
    return c


# --- good models -------------------------------------------------------------------------------------------


def _topic(value: Any) -> GoodModelTopic:
    if isinstance(value, GoodModelTopic):
        return value
    text = str(value or "").strip()
    topic = GoodModelTopic.objects.filter(code=text, is_active=True).first() if text else None
    if topic is None and parse_id(text):
        topic = GoodModelTopic.objects.filter(pk=parse_id(text), is_active=True).first()
    if topic is None:
        raise ValidationFailed("Lĩnh vực: hãy chọn một lĩnh vực trong danh mục.", field="topic")
    return topic


def _area(value: Any):
    from phoihop.geo.models import AdminUnit

    if value in (None, ""):
        return None
    if isinstance(value, AdminUnit):
        return value
    pk = parse_id(value)
    unit = AdminUnit.objects.filter(pk=pk).first() if pk else None
    if unit is None:
        raise ValidationFailed("Địa bàn: đơn vị hành chính không tồn tại.", field="area")
    return unit


def _model_fields(acting: Acting, data: dict, current: GoodModel | None = None) -> dict:
    def get(name, default=None):
        if name in data:
            return data[name]
        return getattr(current, name) if current is not None else default

    unit = _org(get("unit") or acting.org, "unit", "Đơn vị thực hiện")
    if not perms.in_scope(acting.org, unit):
        raise ValidationFailed(
            "Đơn vị thực hiện phải là cơ quan mình hoặc cơ quan thuộc phạm vi quản lý của cơ quan mình.",
            field="unit",
            code="out_of_scope",
        )
    started = _date(get("started_on"), "started_on", "Bắt đầu thực hiện", required=False)
    if started and started > timezone.localdate():
        raise ValidationFailed("Bắt đầu thực hiện: không được sau hôm nay.", field="started_on")
    return {
        "title": clean_text(get("title"), "title", "Tên mô hình", required=True, limit=300),
        "description": clean_text(get("description"), "description", "Mô tả, cách làm", required=True, limit=20000),
        "results": clean_text(get("results", ""), "results", "Kết quả", required=False, limit=10000),
        "unit": unit,
        "topic": _topic(get("topic")),
        "area": _area(get("area")),
        "started_on": started,
        "program": _program(acting, get("program")),
    }


def _model_keys(m: GoodModel) -> None:
    area = m.area.name if m.area_id else ""
    m.search_key = fold(" ".join([m.title, m.unit.name, area, m.description[:300]]))[:600]
    m.sort_key = sort_key(m.title)[:240]


@transaction.atomic
def model_create(*, acting: Acting, data: dict) -> GoodModel:
    if not perms.can_manage_models(acting):
        raise NotFound()
    m = GoodModel(**_model_fields(acting, data), organization=acting.org, created_by=acting.user)
    _model_keys(m)
    m.save()
    audit_record(acting=acting, action="good_model.create", obj=m, after=snapshot(m))
    return m


def _managed(acting: Acting, m: GoodModel) -> GoodModel:
    m = GoodModel.objects.select_for_update(of=("self",)).select_related("unit", "organization", "area").get(pk=m.pk)
    if not perms.can_view_model(acting, m) or not perms.can_manage_model(acting, m):
        raise NotFound()
    return m


@transaction.atomic
def model_update(*, acting: Acting, good_model: GoodModel, data: dict, version: int | None = None) -> GoodModel:
    m = _managed(acting, good_model)
    fields = _model_fields(acting, data, m)
    check_version(m, version, {k: v for k, v in fields.items() if k in data})
    before = snapshot(m)
    for k, v in fields.items():
        setattr(m, k, v)
    _model_keys(m)
    m.version += 1
    m.save()
    audit_record(acting=acting, action="good_model.update", obj=m, before=before, after=snapshot(m))
    return m


@transaction.atomic
def model_publish(*, acting: Acting, good_model: GoodModel) -> GoodModel:
    m = _managed(acting, good_model)
    if m.status == GoodModelStatus.PUBLISHED:
        raise ValidationFailed("Mô hình đã được công bố.", code="already_published")
    m.status, m.published_at = GoodModelStatus.PUBLISHED, timezone.now()
    m.version += 1
    m.save(update_fields=["status", "published_at", "version", "updated_at"])
    audit_record(
        acting=acting, action="good_model.publish", obj=m, before={"status": "draft"}, after={"status": m.status}
    )
    return m


@transaction.atomic
def model_adopt(*, acting: Acting, good_model: GoodModel, note: Any = "", adopted_on: Any = None) -> Adoption:
    """The acting organisation records that it applies a published model of another organisation."""
    m = GoodModel.objects.select_related("unit", "organization").get(pk=good_model.pk)
    if not perms.can_view_model(acting, m) or not perms.can_manage_models(acting):
        raise NotFound()
    if not perms.can_adopt(acting, m):
        raise ValidationFailed(
            "Chỉ cơ quan khác áp dụng được mô hình đã công bố (không phải đơn vị thực hiện hay cơ quan ghi nhận).",
            code="not_adoptable",
        )
    note = clean_text(note, "note", "Ghi chú", required=False, limit=2000)
    day = _date(adopted_on, "adopted_on", "Áp dụng từ ngày", required=False) or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationFailed("Áp dụng từ ngày: không được sau hôm nay.", field="adopted_on")
    if Adoption.objects.filter(good_model=m, organization=acting.org).exists():
        raise Conflict("Cơ quan đã ghi nhận áp dụng mô hình này.", code="already_adopted")
    try:
        with transaction.atomic():
            a = Adoption.objects.create(
                good_model=m, organization=acting.org, note=note, adopted_on=day, created_by=acting.user
            )
    except IntegrityError:
        raise Conflict("Cơ quan đã ghi nhận áp dụng mô hình này.", code="already_adopted") from None
    audit_record(
        acting=acting,
        action="good_model.adopt",
        obj=m,
        after={"adoption": a.pk, "organization": acting.org.pk, "adopted_on": day.isoformat(), "note": note},
    )
    return a


@transaction.atomic
def model_files_add(*, acting: Acting, good_model: GoodModel, files) -> list:
    """Attach files (types by content, size limit, classified stamps refused: documents app); all or none."""
    from phoihop.documents.services import attachment_store

    m = _managed(acting, good_model)
    files = list(files or [])
    if not files:
        raise ValidationFailed("Hãy chọn ít nhất một tệp.", field="file")
    if len(files) > 20:
        raise ValidationFailed("Mỗi lần tải lên tối đa 20 tệp.", field="file")
    stored = []
    try:
        for upload in files:
            stored.append(
                attachment_store(
                    acting=acting,
                    upload=upload,
                    owner_type=GOOD_MODEL_OWNER,
                    owner_id=str(m.pk),
                    organization=m.organization,
                )
            )
    except Exception:
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    audit_record(acting=acting, action="good_model.files_add", obj=m, after={"files": [a.pk for a in stored]})
    return stored
