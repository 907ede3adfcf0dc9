from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.geo.models import AdminUnit
from phoihop.orgs.models import DocProfile, Organization, OrgType


def unit_label(unit: AdminUnit) -> str:
    parent = f" — {unit.parent.short_name}" if unit.parent_id else ""
    era = "" if unit.is_current else " (trước 2025)"
    return f"{unit.name}{parent}{era}"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return unit_label(obj)


class OrgForm(forms.Form):
    name = forms.CharField(label=_("Tên cơ quan, đơn vị"), max_length=200)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=80, required=False)
    type = forms.ModelChoiceField(
        label=_("Loại cơ quan"), queryset=OrgType.objects.all(), empty_label=_("— Chọn loại —")
    )
    unit = UnitChoiceField(
        label=_("Địa bàn"),
        queryset=AdminUnit.objects.select_related("parent"),
        required=False,
        help_text=_("Gõ tên để tìm (không cần dấu). Để trống nếu là cơ quan Trung ương."),
    )
    parent = forms.ModelChoiceField(
        label=_("Cơ quan cấp trên"),
        queryset=Organization.objects.all(),
        required=False,
        help_text=_("Gõ tên để tìm (không cần dấu)."),
    )
    doc_symbol = forms.CharField(
        label=_("Ký hiệu trên văn bản"), max_length=32, help_text=_("Ví dụ: BTGTU, UBND, HĐND.")
    )
    doc_profile = forms.ChoiceField(
        label=_("Thể thức văn bản"), choices=[("", _("Theo loại cơ quan")), *DocProfile.choices], required=False
    )
    superior_name = forms.CharField(label=_("Cơ quan chủ quản (dòng trên tên cơ quan)"), max_length=200, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=40, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    active_from = forms.DateField(
        label=_("Hoạt động từ"), required=False, widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    active_to = forms.DateField(
        label=_("Hoạt động đến"), required=False, widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, unit_choices=None, parent_choices=None, type_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        # the unit and parent selects carry only the chosen value; their search boxes fill them
        # (14,000 units, 20,000 organisations)
        self.fields["unit"].widget.choices = unit_choices or []
        self.fields["parent"].widget.choices = parent_choices or []
        if type_queryset is not None:
            self.fields["type"].queryset = type_queryset

    def clean(self):
        data = super().clean()
        if data.get("active_from") and data.get("active_to") and data["active_to"] < data["active_from"]:
            self.add_error("active_to", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


class FocalPointForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    job_title = forms.CharField(label=_("Chức vụ"), max_length=160, required=False)
    area = forms.CharField(label=_("Phụ trách"), max_length=160, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=40, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    is_primary = forms.BooleanField(label=_("Đầu mối chính"), required=False)
