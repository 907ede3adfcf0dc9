"""Errors a user can cause, with a stable code and a Vietnamese message.

Services raise these; views turn them into form errors or messages, the API into JSON
`{"code": ..., "message": ..., "field": ...}` with the status below.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message, *, code: str | None = None, field: str | None = None, errors=None):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        self.field = field
        self.errors = errors or {}

    def as_dict(self) -> dict:
        body = {"code": self.code, "message": str(self.message)}
        field = self.field or next((k for k in self.errors if k != "__all__"), None)
        if field:
            body["field"] = field
        if self.errors:
            body["errors"] = {k: [str(m) for m in v] for k, v in self.errors.items()}
        return body


class ValidationFailed(DomainError):
    """One or more fields are wrong; `errors` maps field → messages."""

    code = "validation_error"


class NotFound(DomainError):
    """Missing, or not visible to the caller: the two answer the same."""

    status = 404
    code = "not_found"

    def __init__(self, message=None, **kwargs):
        super().__init__(message or _("Không tìm thấy hoặc bạn không có quyền xem."), **kwargs)


class PermissionDenied(DomainError):
    """The caller sees the object but may not do this to it."""

    status = 403
    code = "forbidden"


class Conflict(DomainError):
    """Someone else changed the record first (stale version) or a uniqueness rule."""

    status = 409
    code = "conflict"


class AuthFailed(DomainError):
    status = 401
    code = "unauthorized"
