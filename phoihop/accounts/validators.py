from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class DemoPasswordValidator:
    """The published demo password may not be chosen when the system runs for real."""

    def validate(self, password, user=None):
        if not settings.DEBUG and password == settings.DEMO_PASSWORD:
            raise ValidationError(_("Mật khẩu mẫu không được dùng khi hệ thống chạy thật."), code="demo_password")

    def get_help_text(self):
        return _("Không dùng mật khẩu mẫu của dữ liệu thử.")


class MinimumLengthValidator:
    """Django's length rule with a Vietnamese message (Django's own catalogue lacks it)."""

    def __init__(self, min_length: int = 10):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                _("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length},
                code="password_too_short",
            )

    def get_help_text(self):
        return _("Mật khẩu cần ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}
