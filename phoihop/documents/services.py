"""Writing document numbers and attachments. Each service validates, writes and audits in one transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction

from phoihop.core.audit import audit_record, snapshot
from phoihop.core.errors import NotFound, ValidationFailed
from phoihop.core.records import record_create
from phoihop.core.text import vn_number
from phoihop.core.validation import validate_instance
from phoihop.documents import inspection
from phoihop.documents.models import Attachment, IssuedNumber, NumberRegister, PartyTerm
from phoihop.documents.owners import is_registered, owner_can_view
from phoihop.orgs.models import DocProfile, Organization

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting

# ---------------------------------------------------------------------------------------------------
# Number registers
# ---------------------------------------------------------------------------------------------------

# a type abbreviation ("CTr", "KH", "QĐ") or an issuer's symbol ("BTGTU", "HĐND", "TTVHTT-TT&DL"): no
# spaces, no slash (it separates the parts of the printed symbol), no control characters
_SYMBOL_PART = re.compile(r"[^\s/\\\x00-\x1f\x7f]+")


def _symbol_part(value: str, *, field: str, label: str, max_length: int) -> str:
    text = unicodedata.normalize("NFC", str(value or "")).strip()
    if (
        not text
        or len(text) > max_length
        or not _SYMBOL_PART.fullmatch(text)
        or text.startswith("-")
        or text.endswith("-")
    ):
        raise ValidationFailed(
            f"{label} không hợp lệ: không có dấu cách hoặc dấu gạch chéo (tối đa {max_length} ký tự).",
            field=field,
            errors={field: [f"{label} không hợp lệ."]},
        )
    return text


def party_term_on(day: dt.date) -> PartyTerm | None:
    return PartyTerm.objects.filter(starts_on__lte=day, ends_on__gte=day).order_by("starts_on").first()


def _period(profile: str, day: dt.date) -> str:
    if profile == DocProfile.PARTY:
        term = party_term_on(day)
        if term is None:
            raise ValidationFailed(
                f"Chưa có nhiệm kỳ nào chứa ngày {day:%d/%m/%Y}; quản trị hệ thống cần khai báo nhiệm kỳ trước khi cấp số.",
                field="on",
                errors={"on": ["Ngày không thuộc nhiệm kỳ nào."]},
            )
        return term.period_key
    return str(day.year)


def _locked_register(*, organization: Organization, doc_type: str, period_key: str, profile: str) -> NumberRegister:
    """The register row, created if missing and locked until the caller's transaction ends.

    Two first requests may both try to create it: the loser's INSERT waits for the winner, fails on
    the unique constraint, and then reads and locks the winner's row.
    """
    lookup = {"organization": organization, "doc_type": doc_type, "period_key": period_key}
    for attempt in range(2):
        try:
            with transaction.atomic():
                register, _created = NumberRegister.objects.select_for_update().get_or_create(
                    **lookup, defaults={"profile": profile}
                )
            return register
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def format_symbol(*, profile: str, number: int, doc_type: str, issuer_symbol: str, joint_symbols: Sequence[str] = ()):
    """'05/CTr-BTGTU-HĐND' (State) or '05-CTr/BTGTU-HĐND' (Party); numbers below 10 get a leading zero."""
    issuers = "-".join([issuer_symbol, *joint_symbols])
    if profile == DocProfile.PARTY:
        return f"{number:02d}-{doc_type}/{issuers}"
    return f"{number:02d}/{doc_type}-{issuers}"


def number_line(issued: IssuedNumber) -> str:
    """The number line as printed: 'Số: 05/CTr-BTGTU' (State, colon) or 'Số 05-CTr/BTGTU' (Party)."""
    return number_line_for(issued.register.profile, issued.symbol)


def number_line_for(profile: str, symbol: str) -> str:
    return f"Số {symbol}" if profile == DocProfile.PARTY else f"Số: {symbol}"


@transaction.atomic
def number_issue(
    *,
    acting: Acting | None,
    organization: Organization,
    doc_type: str,
    on: dt.date,
    joint_symbols: Sequence[str] = (),
    obj: models.Model | None = None,
) -> IssuedNumber:
    """Give `organization` the next number for documents of `doc_type` dated `on`.

    The State profile counts per calendar year, the Party profile per Party-committee term (PartyTerm).
    The register row is locked until the caller's transaction ends, so concurrent requests get
    consecutive, distinct numbers, and a rolled-back caller leaves no gap. The caller's service checks
    whether the document may be issued; here `acting` must be a member of `organization` (or None for
    system jobs, or a system administrator).
    """
    if acting is not None and not acting.is_system_admin and organization.pk not in acting.org_ids:
        raise NotFound
    if not isinstance(on, dt.date):
        raise ValidationFailed("Ngày văn bản không hợp lệ.", field="on", errors={"on": ["Ngày không hợp lệ."]})
    if isinstance(on, dt.datetime):
        on = on.date()
    doc_type = _symbol_part(doc_type, field="doc_type", label="Ký hiệu loại văn bản", max_length=10)
    issuer_symbol = _symbol_part(
        organization.doc_symbol, field="organization", label="Ký hiệu của cơ quan ban hành", max_length=32
    )
    if isinstance(joint_symbols, str):
        joint_symbols = [joint_symbols]
    joint = [
        _symbol_part(s, field="joint_symbols", label="Ký hiệu cơ quan phối hợp", max_length=32) for s in joint_symbols
    ]
    profile = organization.doc_profile or DocProfile.STATE
    period_key = _period(profile, on)

    register = _locked_register(organization=organization, doc_type=doc_type, period_key=period_key, profile=profile)
    register.last_number += 1
    register.save(update_fields=["last_number"])
    symbol = format_symbol(
        profile=register.profile,
        number=register.last_number,
        doc_type=doc_type,
        issuer_symbol=issuer_symbol,
        joint_symbols=joint,
    )
    issued = IssuedNumber(
        register=register,
        number=register.last_number,
        symbol=symbol[:120],
        issued_on=on,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
    )
    return record_create(acting=acting, obj=issued, action="number.issue")


# ---------------------------------------------------------------------------------------------------
# Attachments
# ---------------------------------------------------------------------------------------------------

ACCEPTED_MESSAGE = "Chỉ nhận tệp PDF, DOCX, XLSX, JPG, PNG."
_CONTROL = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def _size_label(n: int) -> str:
    mb = n / (1024 * 1024)
    if mb >= 1:
        text = vn_number(mb, 1)
        return (text[:-2] if text.endswith(",0") else text) + " MB"
    return f"{vn_number(n / 1024, 0)} KB"


def clean_filename(name: str, *, ext: str = "") -> str:
    """A display name without directories or control characters, NFC, at most 200 characters."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = re.split(r"[/\\]", text)[-1]
    text = "".join(
        " " if unicodedata.category(c) in {"Zs"} else c for c in text if unicodedata.category(c) not in _CONTROL
    )
    text = re.sub(r"\s+", " ", text).strip().strip(".").strip()
    if not text:
        text = f"tep-dinh-kem.{ext}" if ext else "tep-dinh-kem"
    if len(text) > 200:
        stem, dot, suffix = text.rpartition(".")
        if dot and 0 < len(suffix) <= 10:
            text = stem[: 200 - len(suffix) - 1].rstrip() + "." + suffix
        else:
            text = text[:200].rstrip()
    return text


def _refuse(message: str) -> ValidationFailed:
    return ValidationFailed(message, field="file", errors={"file": [message]})


def _read_upload(upload) -> bytes:
    limit = settings.ATTACHMENT_MAX_BYTES
    too_big = _refuse(f"Tệp quá lớn (tối đa {_size_label(limit)}).")
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise too_big
    if hasattr(upload, "seek"):
        upload.seek(0)
    chunks, total = [], 0
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(1024 * 1024), b""):
        total += len(chunk)
        if total > limit:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


def inspect_upload(data: bytes) -> inspection.Kind:
    """The accepted kind of `data`, or ValidationFailed with the reason it is refused."""
    if not data:
        raise _refuse("Tệp rỗng. " + ACCEPTED_MESSAGE)
    try:
        kind = inspection.detect(data)
        mark = inspection.secrecy_mark(inspection.text_lines(data, kind))
    except inspection.Unsupported:
        raise _refuse(ACCEPTED_MESSAGE) from None
    except inspection.Unreadable as e:
        if e.reason == "có mật khẩu":
            raise _refuse(
                "Tệp PDF được đặt mật khẩu nên không kiểm tra được nội dung; hãy tải lên bản không đặt mật khẩu."
            ) from None
        detail = f" ({e.reason})" if e.reason else ""
        raise _refuse(
            f"Tệp {e.kind.label} bị hỏng hoặc không đọc được{detail}; hãy mở bằng phần mềm soạn thảo, lưu lại rồi tải lên."
        ) from None
    if mark:
        raise _refuse(f"Tài liệu có dấu mật ({mark}) không được tải lên hệ thống (Luật Bảo vệ bí mật nhà nước).")
    return kind


@transaction.atomic
def attachment_store(
    *,
    acting: Acting | None,
    upload,
    owner_type: str,
    owner_id: str | int,
    organization: Organization | None = None,
) -> Attachment:
    """Check and keep an uploaded file for the record `owner_type`/`owner_id`.

    `upload` is a Django `UploadedFile` (or any `File`). The type is read from the content; secret-marked,
    oversized, corrupt or other files are refused with ValidationFailed (field "file") and nothing is
    stored. `acting` must be able to see the owner (the registered check); `organization` defaults to
    the organisation `acting` acts for. The caller's service decides whether the owner may get files.
    """
    owner_id = str(owner_id).strip()
    if not is_registered(owner_type) or not owner_id:
        raise ValidationFailed("Loại đối tượng đính kèm không hợp lệ.", field="owner_type")
    if acting is not None and not owner_can_view(acting, owner_type, owner_id):
        raise NotFound
    data = _read_upload(upload)
    kind = inspect_upload(data)

    attachment = Attachment(
        original_name=clean_filename(getattr(upload, "name", ""), ext=kind.code),
        content_type=kind.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        owner_type=owner_type,
        owner_id=owner_id,
        organization=organization if organization is not None else (acting.org if acting else None),
        uploaded_by=acting.user if acting else None,
    )
    attachment.file.name = "pending"  # validated before anything reaches the storage
    validate_instance(attachment)
    attachment.file.save(f"{uuid.uuid4().hex}.{kind.code}", ContentFile(data), save=False)
    try:
        attachment.save()
        after = snapshot(attachment, fields=[f.name for f in Attachment._meta.concrete_fields if f.name != "file"])
        after["file"] = attachment.file.name
        audit_record(acting=acting, action="attachment.upload", obj=attachment, after=after)
    except Exception:
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment
