"""Every API error is JSON `{"code": ..., "message": ...}` with a Vietnamese message."""

import logging

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import DataError
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError, ValidationError

from phoihop.core.errors import DomainError

logger = logging.getLogger("phoihop.api")

_PLACES = {"query": "Tham số", "path": "Tham số đường dẫn", "body": "Trường", "form": "Trường", "header": "Tiêu đề"}
_REASONS = {
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "float_parsing": "phải là số",
    "bool_parsing": "phải là true hoặc false",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "datetime_parsing": "phải là thời điểm ISO 8601",
    "datetime_from_date_parsing": "phải là thời điểm ISO 8601",
    "missing": "là bắt buộc",
    "string_too_long": "quá dài",
    "string_too_short": "quá ngắn",
    "string_type": "phải là chuỗi ký tự",
    "greater_than_equal": "quá nhỏ",
    "less_than_equal": "quá lớn",
    "greater_than": "quá nhỏ",
    "less_than": "quá lớn",
    "literal_error": "không thuộc các giá trị cho phép",
    "enum": "không thuộc các giá trị cho phép",
    "json_invalid": "không phải JSON hợp lệ",
    "model_attributes_type": "không đúng kiểu",
    "dict_type": "không đúng kiểu",
}


def _describe(err: dict) -> tuple[str, str]:
    loc = [str(p) for p in err.get("loc", [])]
    place = _PLACES.get(loc[0], "Tham số") if loc else "Tham số"
    names = [p for p in loc[1:] if p not in {"payload", "filters", "data"}] or loc[1:] or ["?"]
    name = ".".join(names)
    reason = _REASONS.get(err.get("type", ""), "không hợp lệ")
    ctx = err.get("ctx") or {}
    if err.get("type") in {"greater_than_equal", "less_than_equal"}:
        bound = ctx.get("ge", ctx.get("le"))
        reason = f"phải {'≥' if 'ge' in ctx else '≤'} {bound}"
    elif err.get("type") == "literal_error" and ctx.get("expected"):
        reason = f"phải là một trong: {ctx['expected']}"
    elif err.get("type") == "string_too_long" and ctx.get("max_length"):
        reason = f"dài quá {ctx['max_length']} ký tự"
    return name, f"{place} “{name}” {reason}."


def install(api) -> None:
    def body(code, message, **extra):
        return {"code": code, "message": str(message), **extra}

    @api.exception_handler(ValidationError)
    def validation_error(request, exc):
        described = [_describe(e) for e in exc.errors]
        name, message = described[0] if described else ("", "Dữ liệu gửi lên không hợp lệ.")
        errors = {}
        for n, m in described:
            errors.setdefault(n, []).append(m)
        return api.create_response(request, body("invalid_parameter", message, field=name, errors=errors), status=400)

    @api.exception_handler(DomainError)
    def domain_error(request, exc):
        return api.create_response(request, exc.as_dict(), status=exc.status)

    @api.exception_handler(AuthenticationError)
    def auth_error(request, exc):
        return api.create_response(
            request, body("unauthorized", "Cần đăng nhập: gửi Authorization: Bearer <mã truy cập>."), status=401
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(
            request, body("not_found", "Không tìm thấy hoặc bạn không có quyền xem."), status=404
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        messages = {
            403: ("forbidden", "Yêu cầu bị từ chối (thiếu mã CSRF hoặc không có quyền)."),
            405: ("method_not_allowed", "Phương thức không được hỗ trợ."),
            429: ("throttled", "Quá nhiều yêu cầu; hãy thử lại sau."),
        }
        code, message = messages.get(exc.status_code, ("bad_request", "Yêu cầu không hợp lệ."))
        return api.create_response(request, body(code, message), status=exc.status_code)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return api.create_response(request, body("too_large", "Dữ liệu gửi lên quá lớn."), status=413)

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request, exc):
        return api.create_response(request, body("bad_request", "Yêu cầu không hợp lệ."), status=400)

    @api.exception_handler(DataError)
    def data_error(request, exc):
        # e.g. a NUL byte that PostgreSQL text cannot hold: the input is at fault, nothing was written
        return api.create_response(
            request, body("invalid_data", "Dữ liệu gửi lên chứa ký tự không hợp lệ."), status=400
        )

    @api.exception_handler(Exception)
    def unexpected(request, exc):
        logger.exception("API error on %s %s", request.method, request.path)
        return api.create_response(
            request, body("server_error", "Lỗi hệ thống; yêu cầu chưa được thực hiện. Hãy thử lại sau."), status=500
        )
