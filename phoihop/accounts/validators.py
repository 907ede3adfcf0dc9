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
