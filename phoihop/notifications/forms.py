from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.notifications.models import EmailMode

HOURS = [(h, f"{h:02d}:00") for h in range(24)]


class PreferenceForm(forms.Form):
    email_mode = forms.ChoiceField(
        label=_("Nhận thông báo qua thư điện tử"), choices=EmailMode.choices, widget=forms.RadioSelect
    )
    digest_hour = forms.TypedChoiceField(
        label=_("Giờ gửi thư tổng hợp"),
        choices=HOURS,
        coerce=int,
        help_text=_("Giờ Việt Nam; chỉ dùng khi chọn gộp một thư mỗi ngày."),
    )
