"""The Open311 GeoReport v2 endpoints (ADR 0014): discovery, services, service definitions, filing and
reading service requests, tokens. Every answer in XML or JSON by the resource's extension; errors as
the standard's list of {code, description}. No session, no CSRF (the key is a form parameter); what a
client sends never causes a 500."""

from __future__ import annotations

import datetime as dt
import functools
import re

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.db import DataError
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.csrf import csrf_exempt

from phoihop.concerns.models import OPEN_STATUSES, Severity, Topic
from phoihop.core.errors import DomainError, NotFound, PermissionDenied
from phoihop.open311 import selectors, services
from phoihop.open311.rendering import FORMATS, error_response, fmt_datetime, respond

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-06-01T00:00:00+07:00"  # the date of the last change to what these endpoints answer
DEADLINE_TIME = dt.time(17, 0)  # a deadline day ends at the close of office hours
_TRACKING = re.compile(r"^PH\.[0-9]{8}\.[0-9]{4,6}$")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
_CODE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")


class BadParameter(DomainError):
    status = 400


def endpoint(*methods: str):
    """login_not_required, csrf_exempt, the format from the extension, the method, errors in the standard's
    shape. The view gets (request, fmt, **kwargs)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, fmt: str = "xml", **kwargs):
            fmt_key = (fmt or "").lower()
            if fmt_key not in FORMATS:
                return error_response(
                    "xml", 404, f"Định dạng “{str(fmt)[:12]}” không có: dùng phần mở rộng .xml hoặc .json."
                )
            if request.method not in (*methods, "HEAD" if "GET" in methods else ""):
                return error_response(
                    fmt_key,
                    405,
                    f"Phương thức {request.method[:10]} không dùng được ở địa chỉ này; được phép: {', '.join(methods)}.",
                    headers={"Allow": ", ".join(methods)},
                )
            try:
                with translation.override("vi"):
                    return view(request, fmt_key, **kwargs)
            except NotFound as e:
                return error_response(fmt_key, 404, str(e.message))
            except PermissionDenied as e:
                return error_response(fmt_key, 403, str(e.message))
            except DomainError as e:
                return error_response(fmt_key, 400, *_descriptions(e))
            except DataError:
                return error_response(fmt_key, 400, "Dữ liệu gửi lên chứa ký tự hoặc giá trị không hợp lệ.")
            except (SuspiciousOperation, MultiPartParserError, BadRequest, UnicodeDecodeError):
                return error_response(
                    fmt_key, 400, "Yêu cầu không đọc được (quá lớn, quá nhiều tham số hoặc sai định dạng)."
                )

        return login_not_required(csrf_exempt(wrapper))

    return decorate


def _descriptions(e: DomainError) -> list[str]:
    def one(field, message: str) -> str:
        message = str(message)
        if field and not message.startswith(str(field).split(",")[0]):
            return f"{field}: {message}"
        return message

    if e.errors:
        return [one(field, m) for field, messages in e.errors.items() for m in messages]
    return [one(e.field, e.message)]


@login_not_required
@csrf_exempt
def not_found(request, path: str = ""):
    fmt = "json" if path.lower().endswith(".json") else "xml"
    return error_response(
        fmt, 404, "Không có tài nguyên này. Danh sách địa chỉ: /open311/discovery.xml hoặc /open311/discovery.json."
    )


# --- discovery and services --------------------------------------------------------------------------------


@endpoint("GET")
def discovery(request, fmt):
    contact = getattr(settings, "OPEN311_CONTACT", "") or f"Quản trị hệ thống PhốiHợp: {settings.DEFAULT_FROM_EMAIL}"
    payload = {
        "changeset": CHANGESET,
        "contact": contact,
        "key_service": (
            "Khóa API (api_key) do quản trị hệ thống PhốiHợp cấp cho từng ứng dụng tích hợp, gắn với một cơ quan "
            f"tiếp nhận; đề nghị cấp khóa: {contact}."
        ),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": f"{settings.PHOIHOP_BASE_URL}/open311/v2",
                "changeset": CHANGESET,
                "type": "test" if settings.DEBUG else "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond(fmt, "discovery", payload)


def _keywords(topic: Topic) -> str:
    words = []
    for text in (topic.parent.name, topic.name):
        for part in re.split(r"[,;()]", text):
            part = part.strip().lower()
            if part and part not in words:
                words.append(part)
    return ", ".join(words)


@endpoint("GET")
def service_list(request, fmt):
    _jurisdiction(request)
    payload = [
        {
            "service_code": t.code,
            "service_name": t.name,
            "description": t.description or t.name,
            "metadata": True,
            "type": "realtime",
            "keywords": _keywords(t),
            "group": t.parent.name,
        }
        for t in selectors.service_list()
    ]
    return respond(fmt, "services", payload)


def _attribute(order, code, datatype, description, datatype_description="", values=()):
    return {
        "variable": True,
        "code": code,
        "datatype": datatype,
        "required": False,
        "datatype_description": datatype_description,
        "order": order,
        "description": description,
        "values": [{"key": k, "name": n} for k, n in values],
    }


def attributes() -> list[dict]:
    """Our concern fields beyond the standard's, in the order a form would ask for them."""
    yes_no = [("yes", "Có"), ("no", "Không")]
    flags = {
        "mass_complaint": "Khiếu kiện đông người",
        "ethnic_religious": "Liên quan dân tộc, tôn giáo",
        "security_order": "Liên quan an ninh, trật tự",
        "false_information": "Liên quan thông tin sai sự thật",
    }
    out = [
        _attribute(
            1, "title", "string", "Tiêu đề ngắn của phản ánh",
            "Tối đa 300 ký tự; bỏ trống thì lấy 120 ký tự đầu của mô tả.",
        ),
        _attribute(
            2, "channel", "singlevaluelist", "Nguồn tiếp nhận ban đầu",
            "Mặc định: Khác. Đơn tố cáo không tiếp nhận qua Open311.", services.open311_channels(),
        ),
        _attribute(
            3, "severity", "singlevaluelist", "Mức độ", "Mặc định: 2 - Trung bình.",
            [(str(v), str(label)) for v, label in Severity.choices],
        ),
        _attribute(4, "people_affected", "number", "Số người liên quan", "Số nguyên từ 0 đến 10.000.000."),
        _attribute(
            5, "observed_on", "datetime", "Thời điểm phát hiện",
            "ISO 8601, ví dụ 2026-11-20T08:00:00+07:00 hoặc 2026-11-20; không được ở tương lai.",
        ),
    ]  # fmt: skip
    for i, (code, label) in enumerate(flags.items(), start=6):
        out.append(_attribute(i, code, "singlevaluelist", label, "yes hoặc no; mặc định: no.", yes_no))
    out.append(
        _attribute(10, "source_ref", "string", "Số hồ sơ, mã tham chiếu trong ứng dụng gửi", "Tối đa 100 ký tự.")
    )
    return out


@endpoint("GET")
def service_definition(request, fmt, code: str):
    _jurisdiction(request)
    topic = services.resolve_service(code) if _CODE.match(code) else None
    if topic is None:
        raise NotFound(f"Không có dịch vụ “{code[:40]}” (xem GET services).")
    return respond(fmt, "service_definition", {"service_code": topic.code, "attributes": attributes()})


# --- service requests --------------------------------------------------------------------------------------


@endpoint("GET", "POST")
def request_collection(request, fmt):
    if request.method == "POST":
        return _submit(request, fmt)
    query = _request_query(request)
    return respond(fmt, "service_requests", [request_item(sr) for sr in selectors.request_list(query)])


def _submit(request, fmt):
    params = {name: request.POST.getlist(name) for name in request.POST}
    raw_key = request.POST.get("api_key") or request.GET.get("api_key")
    if len(params.get("api_key") or []) > 1:
        raise PermissionDenied("api_key: chỉ được gửi một lần.")
    key = services.api_key_authenticate(raw_key)
    filed = services.request_submit(api_key=key, params=params, idempotency_key=request.headers.get("Idempotency-Key"))
    item = {
        "service_request_id": filed.request.concern.tracking_code,
        "token": filed.request.token,
        "service_notice": filed.notice,
        "account_id": "",
    }
    return respond(fmt, "service_requests", [item], status=201 if filed.created else 200)


@endpoint("GET")
def request_detail(request, fmt, code: str):
    code = code.strip().upper()
    sr = selectors.request_by_id(code) if _TRACKING.match(code) else None
    if sr is None:
        raise NotFound(f"Không có yêu cầu “{code[:30]}”.")
    return respond(fmt, "service_requests", [request_item(sr)])


@endpoint("GET")
def token_detail(request, fmt, token: str):
    sr = selectors.request_by_token(token) if _TOKEN.match(token) else None
    if sr is None:
        raise NotFound(f"Không có token “{token[:40]}”.")
    return respond(fmt, "service_requests", [{"service_request_id": sr.concern.tracking_code, "token": sr.token}])


def request_item(sr) -> dict:
    """One request as the public sees it: the matter, its place (a unit), who handles it, the state.
    Never the complainant (no name, phone, e-mail) nor the place as typed."""
    concern = live = sr.concern
    seen = set()
    while live.merged_into_id and live.pk not in seen:
        seen.add(live.pk)
        live = live.merged_into
    is_open = live.status in OPEN_STATUSES
    notes = [f"{live.get_status_display()}."]
    if concern.merged_into_id:
        notes.append("Đã gộp với một phản ánh cùng nội dung; trạng thái là của vấn đề chung.")
    if live.public_answer:
        notes.append(f"Trả lời công khai: {live.public_answer}")
    if is_open and live.deadline:
        notice = f"Hạn xử lý: {live.deadline:%d/%m/%Y}."
    elif is_open:
        notice = "Đang xem xét, giao cơ quan xử lý."
    else:
        notice = ""
    expected = None
    if live.deadline:
        expected = timezone.make_aware(dt.datetime.combine(live.deadline, DEADLINE_TIME))
    agency = live.lead or live.organization
    unit = concern.unit
    return {
        "service_request_id": concern.tracking_code,
        "status": "open" if is_open else "closed",
        "status_notes": " ".join(notes),
        "service_name": concern.topic.name,
        "service_code": concern.topic.code,
        "description": concern.description,
        "agency_responsible": agency.name if agency else "",
        "service_notice": notice,
        "requested_datetime": fmt_datetime(concern.received_at),
        "updated_datetime": fmt_datetime(max(concern.updated_at, live.updated_at)),
        "expected_datetime": fmt_datetime(expected),
        "address": f"{unit.name}, {unit.parent.name}" if unit.parent_id else unit.name,
        "address_id": unit.code,
        "zipcode": "",
        "lat": float(concern.latitude) if concern.latitude is not None else None,
        "long": float(concern.longitude) if concern.longitude is not None else None,
        "media_url": "",
    }


# --- parameters of GET requests ----------------------------------------------------------------------------


def _param(request, name: str) -> str:
    values = request.GET.getlist(name)
    if len(values) > 1:
        raise BadParameter(f"{name}: chỉ được gửi một lần (nhiều giá trị: phân cách bằng dấu phẩy).", field=name)
    value = (values[0] if values else "").strip()
    if re.search(r"[\x00-\x1f\x7f]", value):
        raise BadParameter(f"{name}: có ký tự điều khiển không hợp lệ.", field=name)
    if len(value) > 4000:
        raise BadParameter(f"{name}: quá dài.", field=name)
    return value


def _jurisdiction(request) -> str | None:
    return services.resolve_jurisdiction(_param(request, "jurisdiction_id"))


def _list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _moment(value: str, name: str, *, end: bool) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            moment = dt.datetime.combine(day, dt.time.max if end else dt.time.min) if day else None
    except ValueError:
        moment = None
    if moment is None or not 1900 <= moment.year <= 2200:
        raise BadParameter(
            f"{name}: thời điểm không hợp lệ; dùng ISO 8601, ví dụ 2026-11-01T00:00:00+07:00.", field=name
        )
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _positive(value: str, name: str, default: int, high: int) -> int:
    if not value:
        return default
    if not (value.isascii() and value.isdigit() and len(value) <= 7 and 1 <= int(value) <= high):
        raise BadParameter(f"{name}: phải là số nguyên từ 1 đến {high:,}.".replace(",", "."), field=name)
    return int(value)


def _request_query(request) -> selectors.RequestQuery:
    province = _jurisdiction(request)
    ids = _param(request, "service_request_id")
    page = _positive(_param(request, "page"), "page", 1, 1_000_000)
    page_size = _positive(_param(request, "page_size"), "page_size", selectors.MAX_ROWS, selectors.MAX_ROWS)
    if ids:
        wanted = [i.upper() for i in _list(ids)]
        if len(wanted) > selectors.MAX_IDS:
            raise BadParameter(
                f"service_request_id: tối đa {selectors.MAX_IDS} mã mỗi lần.", field="service_request_id"
            )
        return selectors.RequestQuery(ids=[i for i in wanted if _TRACKING.match(i)])
    codes = []
    for code in _list(_param(request, "service_code")):
        topics = list(Topic.objects.filter(code=code, is_active=True)) if _CODE.match(code) else []
        if not topics:
            raise BadParameter(f"service_code “{code[:40]}”: không có dịch vụ này.", field="service_code")
        topic = topics[0]
        if topic.parent_id is None:  # a group: every service in it
            codes += list(topic.children.values_list("code", flat=True))
        else:
            codes.append(topic.code)
    statuses = set(_list(_param(request, "status").lower()))
    if statuses - {"open", "closed"}:
        raise BadParameter("status: chỉ nhận open, closed (hoặc cả hai, phân cách bằng dấu phẩy).", field="status")
    return selectors.RequestQuery(
        service_codes=codes or None,
        start=_moment(_param(request, "start_date"), "start_date", end=False),
        end=_moment(_param(request, "end_date"), "end_date", end=True),
        statuses=statuses or None,
        province=province,
        page=page,
        page_size=page_size,
    )
