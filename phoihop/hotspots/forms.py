"""Forms of the hot spot pages: acknowledging and closing a warning with a note."""

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.hotspots.services import NOTE_LIMIT


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú (không bắt buộc)"),
        required=False,
        max_length=NOTE_LIMIT,
        help_text=_("Ví dụ: đã giao cán bộ theo dõi, đã báo cáo Thường trực."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú khi đóng"),
        max_length=NOTE_LIMIT,
        help_text=_("Tình hình đã được xử lý thế nào, thông tin đã cung cấp cho Nhân dân."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
