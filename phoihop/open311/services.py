"""Writing for Open311: issuing and revoking application keys, and filing a service request (one call
of `concerns.services.concern_intake`, plus the row that makes the request public and gives its token).

Errors carry the Open311 parameter they are about in `field` (service_code, address_string,
attribute[severity] …); the views turn them into the standard's `{code, description}` list."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from phoihop.concerns import services as concern_services
from phoihop.concerns.models import Channel, IntakeKey, Severity, Topic
from phoihop.core.audit import audit_record, snapshot
from phoihop.core.errors import NotFound, PermissionDenied, ValidationFailed
from phoihop.open311.models import ApiKey, ServiceRequest

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.geo.models import AdminUnit
    from phoihop.orgs.models import Organization

KEY_PREFIX = "o311_"
DEFAULT_CHANNEL = Channel.OTHER
TITLE_DEFAULT_CHARS = 120
EMERGENCY_NOTICE = (
    "Kênh này không dùng cho trường hợp khẩn cấp: gọi 113 (công an), 114 (cứu nạn, cứu hộ, cháy nổ), "
    "115 (cấp cứu y tế)."
)
MEDIA_NOTICE = (
    "Tệp qua media_url không được tiếp nhận (hệ thống không tải tệp từ địa chỉ bên ngoài); "
    "nếu cần, cơ quan tiếp nhận sẽ liên hệ để nhận bằng chứng."
)
FLAGS = concern_services.FLAGS
YES, NO = {"yes", "true", "1", "co", "có"}, {"no", "false", "0", "khong", "không"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]{1,40})\](\[\])?$")
_PHONE = re.compile(r"^[0-9+()./ \-]{3,30}$")
_PROVINCE = re.compile(r"^[0-9]{1,3}$")

# where a concern field's error is reported, as the Open311 parameter the client sent
PARAMETERS = {
    "topic": "service_code",
    "description": "description",
    "latitude": "lat",
    "longitude": "long",
    "place_given": "address_string",
    "contact.name": "first_name, last_name",
    "contact.phone": "phone",
    "contact.email": "email",
    "contact": "first_name, last_name, email, phone",
    "idempotency_key": "Idempotency-Key",
    "title": "attribute[title]",
    "channel": "attribute[channel]",
    "severity": "attribute[severity]",
    "people_affected": "attribute[people_affected]",
    "observed_on": "attribute[observed_on]",
    "source_ref": "attribute[source_ref]",
    **{flag: f"attribute[{flag}]" for flag in FLAGS},
}


# --- application keys --------------------------------------------------------------------------------------


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()


def _require_admin(acting: Acting | None) -> None:
    """Keys are issued by system administrators (or from the command line, acting=None)."""
    if acting is not None and not acting.is_system_admin:
        raise NotFound()


@transaction.atomic
def api_key_issue(*, acting: Acting | None, application: str, organization: Organization) -> tuple[str, ApiKey]:
    """A new key for an integrating application; the raw key is returned once and never stored."""
    _require_admin(acting)
    application = concern_services.clean_text(
        application, "application", "Tên ứng dụng tích hợp", required=True, limit=200
    )
    today = timezone.localdate()
    if organization is None or (organization.active_to is not None and organization.active_to < today):
        raise ValidationFailed("Cơ quan tiếp nhận: hãy chọn một cơ quan đang hoạt động.", field="organization")
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        application=application,
        organization=organization,
        prefix=raw[:12],
        key_hash=_hash(raw),
        created_by=acting.user if acting else None,
    )
    audit_record(acting=acting, action="open311.key_issue", kind="auth", obj=key, after=snapshot(key))
    return raw, key


@transaction.atomic
def api_key_revoke(*, acting: Acting | None, key: ApiKey) -> ApiKey:
    _require_admin(acting)
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked_at is None:
        before = snapshot(key)
        key.revoked_at, key.is_active = timezone.now(), False
        key.save(update_fields=["revoked_at", "is_active"])
        audit_record(
            acting=acting, action="open311.key_revoke", kind="auth", obj=key, before=before, after=snapshot(key)
        )
    return key


def api_key_authenticate(raw: str | None) -> ApiKey:
    """The usable key for `raw`; PermissionDenied (403) otherwise. Last use is written at most once a minute."""
    raw = (raw or "").strip()
    if not raw:
        raise PermissionDenied("Thiếu api_key: hãy gửi khóa API do quản trị hệ thống cấp cho ứng dụng.")
    key = None
    if len(raw) <= 200:
        key = ApiKey.objects.select_related("organization").filter(key_hash=_hash(raw)).first()
    today, now = timezone.localdate(), timezone.now()
    if key is None or not key.is_usable:
        raise PermissionDenied("api_key không hợp lệ hoặc đã bị thu hồi.")
    org = key.organization
    if org.active_to is not None and org.active_to < today:
        raise PermissionDenied("api_key không dùng được: cơ quan tiếp nhận đã ngừng hoạt động.")
    if key.last_used_at is None or now - key.last_used_at > dt.timedelta(minutes=1):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key


# --- filing a service request ------------------------------------------------------------------------------


@dataclass
class Filed:
    request: ServiceRequest
    created: bool
    notice: str


class _Params:
    """The form's values by name; every parameter at most once, no control characters except in text."""

    def __init__(self, lists: dict[str, list[str]]):
        self.lists = lists

    def get(self, name: str, *, multiline: bool = False) -> str:
        values = self.lists.get(name) or []
        if len(values) > 1:
            raise ValidationFailed(f"{name}: chỉ được gửi một lần.", field=name)
        value = values[0] if values else ""
        if not isinstance(value, str):
            raise ValidationFailed(f"{name}: phải là văn bản.", field=name)
        if "\x00" in value or (not multiline and _CONTROL.search(value)):
            raise ValidationFailed(f"{name}: có ký tự điều khiển không hợp lệ.", field=name)
        return value.strip()

    def attributes(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name in self.lists:
            match = _ATTRIBUTE.match(name)
            if match is None:
                if name.startswith("attribute"):
                    raise ValidationFailed(f"{name[:60]}: tên thuộc tính không hợp lệ.", field=name[:60])
                continue
            code = match.group(1)
            if code not in ATTRIBUTE_CODES:
                raise ValidationFailed(
                    f"attribute[{code}]: dịch vụ không có thuộc tính này (xem GET services/{{service_code}}).",
                    field=f"attribute[{code}]",
                )
            if code in out:
                raise ValidationFailed(f"attribute[{code}]: chỉ được gửi một lần.", field=f"attribute[{code}]")
            out[code] = self.get(name, multiline=False)
        return out


ATTRIBUTE_CODES = (
    "title",
    "channel",
    "severity",
    "people_affected",
    "observed_on",
    *FLAGS,
    "source_ref",
)


def open311_channels() -> list[tuple[str, str]]:
    """Channels an application may declare: all but denunciations, which never come through Open311."""
    return [(k, str(label)) for k, label in Channel.choices if k != Channel.DENUNCIATION]


def resolve_service(code: str) -> Topic | None:
    if not code or len(code) > 40:
        return None
    return Topic.objects.filter(code=code, is_active=True, parent__isnull=False).select_related("parent").first()


def province_of(unit: AdminUnit) -> str:
    return unit.path.split("/", 1)[0]


def resolve_jurisdiction(value: str) -> str | None:
    """A current province's code (e.g. 56 for Khánh Hòa), or None when not given."""
    from phoihop.geo.models import AdminUnit

    if not value:
        return None
    ok = (
        _PROVINCE.match(value)
        and AdminUnit.objects.filter(
            generation=AdminUnit.Generation.CURRENT, level=AdminUnit.Level.PROVINCE, path=value
        ).exists()
    )
    if not ok:
        raise ValidationFailed(
            f"jurisdiction_id “{value[:20]}”: không phải mã một tỉnh, thành phố hiện nay.", field="jurisdiction_id"
        )
    return value


def _unit_from_id(value: str) -> AdminUnit:
    """address_id: the code of an administrative unit (as GET requests gives it); a pre-2025 code maps to
    the unit that succeeded it."""
    from phoihop.geo.models import AdminUnit

    unit = None
    if value.isascii() and value.isdigit() and len(value) <= 8:
        units = AdminUnit.objects.filter(code=value)
        unit = units.filter(generation=AdminUnit.Generation.CURRENT).first() or units.first()
    if unit is None:
        raise ValidationFailed(
            f"address_id “{value[:20]}”: không có đơn vị hành chính mang mã này.", field="address_id"
        )
    try:
        return concern_services.resolve_unit(unit)[0]
    except ValidationFailed as e:
        raise ValidationFailed(str(e.message), field="address_id") from None


def _unit_from_string(value: str) -> AdminUnit:
    """address_string: a unit's name, current or pre-2025 ("Phường Ninh Hòa, Khánh Hòa"); a street address
    in front of it ("12 Lê Lợi, Phường Ninh Hòa, Khánh Hòa") is skipped part by part."""
    if len(value) > 200:
        raise ValidationFailed("address_string: tối đa 200 ký tự.", field="address_string")
    parts = [p.strip() for p in value.split(",") if p.strip()]
    errors = []
    for start in range(min(len(parts), 4)):
        try:
            return concern_services.resolve_unit(", ".join(parts[start:]))[0]
        except ValidationFailed as e:
            errors.append(str(e.message))
    # a name that matched several units (or a pre-2025 unit split in several) says more than "not found"
    message = next((m for m in errors if not m.startswith("Không tìm thấy địa bàn")), None)
    message = message or (errors[0] if errors else "Địa bàn: không được để trống.")
    raise ValidationFailed(
        f"address_string: {message} Ghi tên xã, phường và tỉnh, ví dụ “Phường Ninh Hòa, Khánh Hòa”.",
        field="address_string",
    )


def _location(params: _Params) -> tuple[AdminUnit, dict]:
    lat, long = params.get("lat"), params.get("long")
    address_id, address_string = params.get("address_id"), params.get("address_string")
    if bool(lat) != bool(long):
        raise ValidationFailed("lat, long: cần cả vĩ độ (lat) và kinh độ (long).", field="lat")
    if not address_id and not address_string:
        if lat:
            raise ValidationFailed(
                "Chưa xác định được địa bàn từ tọa độ: hãy gửi kèm address_string (tên xã, phường và tỉnh) "
                "hoặc address_id (mã đơn vị hành chính).",
                field="address_string",
            )
        raise ValidationFailed(
            "Thiếu vị trí: hãy gửi address_string (tên xã, phường và tỉnh) hoặc address_id "
            "(mã đơn vị hành chính), có thể kèm lat và long.",
            field="address_string",
        )
    unit = _unit_from_id(address_id) if address_id else _unit_from_string(address_string)
    return unit, {"place_given": address_string[:200], "latitude": lat or None, "longitude": long or None}


def _flag(value: str, code: str) -> bool:
    folded = value.lower()
    if folded in YES:
        return True
    if folded in NO or not folded:
        return False
    raise ValidationFailed(f"attribute[{code}]: chỉ nhận yes hoặc no.", field=f"attribute[{code}]")


def _observed_on(value: str):
    if not value:
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    return parsed or value  # a date (yyyy-mm-dd or dd/mm/yyyy) is read by concern_fields


def _default_title(description: str) -> str:
    line = " ".join(description.split())
    if len(line) <= TITLE_DEFAULT_CHARS:
        return line
    cut = line[:TITLE_DEFAULT_CHARS].rsplit(" ", 1)[0].rstrip(" ,.;:-")
    return (cut or line[: TITLE_DEFAULT_CHARS - 1]) + "…"


def _contact(params: _Params) -> dict | None:
    name = " ".join(p for p in (params.get("first_name"), params.get("last_name")) if p)
    email, phone = params.get("email"), params.get("phone")
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            raise ValidationFailed("email: địa chỉ thư điện tử không hợp lệ.", field="email") from None
    if phone and not (_PHONE.match(phone) and sum(c.isdigit() for c in phone) >= 3):
        raise ValidationFailed("phone: số điện thoại chỉ gồm chữ số, dấu +, (), -, khoảng trắng.", field="phone")
    if not (name or email or phone):
        return None
    return {"name": name, "phone": phone, "email": email, "address": ""}


def concern_data(params: _Params, topic: Topic) -> tuple[dict, dict | None]:
    """Concern fields (as concerns.services.concern_fields reads them) and the complainant's contact."""
    attributes = params.attributes()
    channel = attributes.get("channel") or DEFAULT_CHANNEL
    if channel == Channel.DENUNCIATION:
        raise ValidationFailed(
            "Đơn tố cáo không tiếp nhận qua Open311: người tố cáo được pháp luật bảo vệ danh tính (Luật Tố cáo "
            "2018); hãy gửi đơn trực tiếp đến cơ quan có thẩm quyền giải quyết.",
            field="attribute[channel]",
        )
    if channel not in dict(open311_channels()):
        raise ValidationFailed(
            f"attribute[channel] “{channel[:40]}”: không có trong danh sách giá trị của dịch vụ.",
            field="attribute[channel]",
        )
    severity = attributes.get("severity") or str(Severity.MEDIUM)
    if severity not in {str(v) for v in Severity.values}:
        raise ValidationFailed("attribute[severity]: chỉ nhận 1, 2, 3 hoặc 4.", field="attribute[severity]")
    description = params.get("description", multiline=True) or attributes.get("title", "")
    if not description:
        raise ValidationFailed("description: hãy mô tả vụ việc (tối đa 4.000 ký tự).", field="description")
    description = concern_services.clean_text(
        description, "description", "Mô tả", required=True, limit=concern_services.MAX_TEXT
    )
    unit, place = _location(params)
    data = {
        "topic": topic,
        "channel": channel,
        "unit": unit,
        **place,
        "title": attributes.get("title") or _default_title(description),
        "description": description,
        "severity": severity,
        "people_affected": attributes.get("people_affected"),
        "observed_on": _observed_on(attributes.get("observed_on", "")),
        "source_ref": attributes.get("source_ref", ""),
        **{flag: _flag(attributes.get(flag, ""), flag) for flag in FLAGS},
    }
    return data, _contact(params)


def request_submit(*, api_key: ApiKey, params: dict[str, list[str]], idempotency_key: str | None = None) -> Filed:
    """File one service request for `api_key`'s organisation. A repeated Idempotency-Key answers with the
    request filed first (and writes nothing new)."""
    form = _Params(params)
    code = form.get("service_code")
    if not code:
        raise ValidationFailed("service_code: thiếu mã dịch vụ (xem GET services).", field="service_code")
    topic = resolve_service(code)
    if topic is None:
        raise ValidationFailed(
            f"service_code “{code[:40]}”: không có dịch vụ này (xem GET services).", field="service_code"
        )
    jurisdiction = resolve_jurisdiction(form.get("jurisdiction_id"))
    for name in ("device_id", "account_id"):
        form.get(name)  # accepted and not kept; still refused when repeated or malformed
    media_url = form.get("media_url")
    data, contact = concern_data(form, topic)
    if jurisdiction and province_of(data["unit"]) != jurisdiction:
        raise ValidationFailed(
            f"jurisdiction_id {jurisdiction}: địa bàn “{data['unit'].name}” không thuộc tỉnh, thành phố này.",
            field="jurisdiction_id",
        )
    source = f"open311:{api_key.pk}"
    try:
        with transaction.atomic():
            concern, created = concern_services.concern_intake(
                acting=None,
                organization=api_key.organization,
                data=data,
                source=source,
                idempotency_key=idempotency_key,
                contact=contact,
            )
            request = _service_request(api_key, concern, created, source, idempotency_key)
    except ValidationFailed as e:
        raise ValidationFailed(e.message, field=PARAMETERS.get(e.field or "", e.field)) from None
    except DjangoValidationError as e:
        field, messages = next(iter(getattr(e, "message_dict", {"": e.messages}).items()))
        raise ValidationFailed("; ".join(messages), field=PARAMETERS.get(field, field or None)) from None
    notice = EMERGENCY_NOTICE + (" " + MEDIA_NOTICE if media_url else "")
    return Filed(request=request, created=created, notice=notice)


def _service_request(api_key, concern, created, source, idempotency_key) -> ServiceRequest:
    if not created:
        # a repeat: the request filed first under this key (its concern may have been merged since)
        first = IntakeKey.objects.filter(source=source, key=(idempotency_key or "").strip()).first()
        if first is not None:
            concern = first.concern
    request, _ = ServiceRequest.objects.select_related("concern").get_or_create(
        concern=concern,
        defaults={"api_key": api_key, "token": secrets.token_urlsafe(18), "requested_at": concern.received_at},
    )
    return request
