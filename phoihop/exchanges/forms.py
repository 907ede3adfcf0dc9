"""Forms of the information-supply pages. Forms check shape (required, lengths, numbers, dates); the
services check meaning, and their refusals go next to the fields (core.web.submit)."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phoihop.exchanges.models import Frequency, RequestKind, Urgency
from phoihop.orgs.models import Organization
from phoihop.plans.forms import MultipleFileField
from phoihop.programs.forms import DATE_WIDGET

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
MAX_CHOICES = 500
FILE_HELP = _("Có thể chọn nhiều tệp: PDF, DOCX, XLSX, JPG, PNG. Tài liệu có dấu mật không được tải lên.")


def counterparts(acting) -> Q:
    """The organisations offered in the pickers: those of the acting organisation's province (all for a
    central one), the acting organisation itself excluded."""
    org = acting.org
    if org is None:
        return Q(pk__in=[])
    province = (org.unit_path or "").split("/")[0]
    q = Q(unit_path=province) | Q(unit_path__startswith=f"{province}/") if province else Q()
    return q & ~Q(pk=org.pk)


class OrgsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name

    def _check_values(self, value):
        """Only ids reach the database: "abc", NUL bytes and 30-digit numbers are refused here."""
        from django.core.exceptions import ValidationError

        from phoihop.core.web import parse_id

        for v in value:
            if parse_id(v) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": ""}
                )
        return super()._check_values(value)


def _orgs_field(label, acting):
    qs = Organization.objects.filter(counterparts(acting)).order_by("unit_path", "name")[:MAX_CHOICES]
    field = OrgsField(
        label=label,
        queryset=Organization.objects.filter(pk__in=list(qs.values_list("pk", flat=True))).order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={
            "required": _("Hãy chọn ít nhất một cơ quan."),
            "invalid_choice": _("Không có cơ quan này."),
            "invalid_pk_value": _("Không có cơ quan này."),
            "invalid_list": _("Hãy chọn các cơ quan trong danh sách."),
        },
        help_text=_("Giữ Ctrl (hoặc Cmd) để chọn nhiều cơ quan."),
    )
    return field


class RequestForm(forms.Form):
    subject = forms.CharField(label=_("Nội dung yêu cầu"), max_length=300)
    details = forms.CharField(
        label=_("Thông tin cần cung cấp"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    kind = forms.ChoiceField(label=_("Loại"), choices=RequestKind.choices, widget=forms.RadioSelect)
    urgency = forms.ChoiceField(label=_("Độ khẩn"), choices=Urgency.choices, initial=Urgency.NORMAL)
    frequency = forms.ChoiceField(
        label=_("Định kỳ"), choices=[("", "—"), *[c for c in Frequency.choices if c[0]]], required=False
    )
    due_day = forms.IntegerField(
        label=_("Ngày đến hạn trong kỳ"),
        required=False,
        min_value=1,
        max_value=31,
        help_text=_("Ngày trong tháng cuối của mỗi kỳ (31: ngày cuối tháng)."),
        error_messages={"invalid": _("Ngày đến hạn là số từ 1 đến 31.")},
    )
    starts_on = forms.DateField(
        label=_("Áp dụng từ ngày"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.TextInput(attrs=DATE_WIDGET),
    )
    ends_on = forms.DateField(
        label=_("Áp dụng đến ngày"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.TextInput(attrs=DATE_WIDGET),
    )
    within_hours = forms.IntegerField(
        label=_("Thời hạn (số giờ)"), required=False, min_value=1, max_value=720,
        error_messages={"invalid": _("Số giờ là số nguyên.")},
    )  # fmt: skip
    within_days = forms.IntegerField(
        label=_("hoặc thời hạn (số ngày)"), required=False, min_value=1, max_value=90,
        error_messages={"invalid": _("Số ngày là số nguyên.")},
    )  # fmt: skip
    content = forms.ChoiceField(label=_("Phục vụ nội dung phối hợp"), required=False)
    file = MultipleFileField(label=_("Tệp đính kèm"), required=False, help_text=FILE_HELP)

    def __init__(self, *args, acting, programs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asked"] = _orgs_field(_("Cơ quan được yêu cầu"), acting)
        self.order_fields(["subject", "asked"])
        self.contents = {}
        choices = [("", _("— Không gắn với nội dung nào —"))]
        for p in programs:
            group = []
            for c in p.contents.all():
                self.contents[str(c.pk)] = c
                group.append((str(c.pk), f"{c.number}. {c.title[:90]}"))
            if group:
                choices.append((f"{p.title[:70]} ({p.period_label})", group))
        self.fields["content"].choices = choices

    def clean_content(self):
        value = self.cleaned_data.get("content") or ""
        return self.contents.get(value)


class SupplyForm(forms.Form):
    text = forms.CharField(label=_("Thông tin cung cấp"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5}))
    completeness = forms.ChoiceField(
        label=_("Mức độ"),
        choices=[("complete", _("Đầy đủ")), ("partial", _("Một phần (sẽ bổ sung)"))],
        initial="complete",
        widget=forms.RadioSelect,
    )
    file = MultipleFileField(label=_("Tệp đính kèm"), required=False, help_text=FILE_HELP)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required


class QuickReportForm(forms.Form):
    subject = forms.CharField(label=_("Tiêu đề"), max_length=300)
    text = forms.CharField(label=_("Nội dung báo cáo"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6}))
    urgency = forms.ChoiceField(label=_("Độ khẩn"), choices=Urgency.choices, initial=Urgency.NORMAL)
    concern = forms.CharField(
        label=_("Vấn đề liên quan (mã theo dõi)"), max_length=20, required=False, help_text=_("Không bắt buộc.")
    )
    file = MultipleFileField(label=_("Tệp đính kèm"), required=False, help_text=FILE_HELP)

    def __init__(self, *args, acting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"] = _orgs_field(_("Gửi tới"), acting)
        self.order_fields(["subject", "recipients"])
