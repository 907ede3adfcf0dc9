"""Forms of the program pages: the draft (fields, legal bases, parties, contents), amendment, lifecycle actions."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.orgs.models import Organization
from phoihop.programs.models import LegalDocument

DATE_WIDGET = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
_NUMBERING = re.compile(r"^\s*(?:\(?\d{1,3}[.)]|[-–•+*])\s*")


def contents_from_text(text: str) -> list[str]:
    """One content per non-empty line, in order; a typed leading number ('1.', '2)', '- ') is dropped."""
    lines = [_NUMBERING.sub("", line).strip() for line in (text or "").splitlines()]
    return [line for line in lines if line]


def contents_to_text(titles) -> str:
    return "\n".join(titles)


class LegalDocumentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.kind} {obj.number_symbol} ngày {obj.issued_on:%d/%m/%Y} — {obj.title}"


class ProgramFieldsForm(forms.Form):
    """The fields shared by the draft and the amendment."""

    title = forms.CharField(
        label=_("Tên chương trình"),
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("Chương trình phối hợp công tác …")}),
    )
    period_start = forms.IntegerField(label=_("Từ năm"), min_value=2000, max_value=2100)
    period_end = forms.IntegerField(label=_("Đến năm"), min_value=2000, max_value=2100)
    purpose = forms.CharField(label=_("Mục đích, yêu cầu"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    info_regime = forms.CharField(label=_("Chế độ thông tin"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    briefing_frequency = forms.CharField(
        label=_("Chế độ giao ban"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ: 6 tháng một lần, luân phiên chủ trì."),
    )
    methods = forms.CharField(
        label=_("Phương thức phối hợp khác"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    implementation = forms.CharField(
        label=_("Tổ chức thực hiện"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Để trống để dùng đoạn mặc định (hiệu lực từ ngày ký, sơ kết hằng năm…)."),
    )
    contents = forms.CharField(
        label=_("Nội dung phối hợp"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Mỗi dòng một nội dung. Các nội dung được đánh số 1, 2, 3… theo thứ tự các dòng; không cần gõ số thứ tự."
        ),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Năm kết thúc phải bằng hoặc sau năm bắt đầu."))
        if "contents" in data:
            data["contents"] = contents_from_text(data["contents"])
            if not data["contents"]:
                self.add_error("contents", _("Cần ít nhất một nội dung."))
        return data


class ProgramForm(ProgramFieldsForm):
    """The draft: the shared fields, the legal bases and (for errors only) the parties."""

    legal_bases = LegalDocumentChoiceField(
        label=_("Căn cứ"),
        queryset=LegalDocument.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # never rendered as an input: carries the service's errors about the parties next to their table
    parties = forms.CharField(required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    field_order = ["title", "period_start", "period_end", "legal_bases"]

    def __init__(self, *args, legal_documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        if legal_documents is not None:
            self.fields["legal_bases"].queryset = legal_documents


class LeadPartyForm(forms.Form):
    """The lead's row: the organisation acted for; its signatory and responsibilities."""

    signatory_name = forms.CharField(label=_("Người ký"), max_length=120, required=False)
    signatory_title = forms.CharField(label=_("Chức vụ người ký"), max_length=160, required=False)
    signing_authority = forms.CharField(
        label=_("Thẩm quyền ký"),
        max_length=120,
        required=False,
        help_text=_("Ví dụ: T/M BAN THƯỜNG VỤ, TM. THƯỜNG TRỰC HĐND"),
    )
    responsibilities = forms.CharField(label=_("Trách nhiệm"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PartnerForm(LeadPartyForm):
    """A partner's row: an organisation found by search, its signatory and responsibilities."""

    organization = forms.ModelChoiceField(
        label=_("Cơ quan phối hợp"), queryset=Organization.objects.all(), required=False
    )

    field_order = ["organization"]

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        # the select carries only the chosen organisation; the search box above it fills it
        value = self.data.get(self.add_prefix("organization")) if self.is_bound else self.initial.get("organization")
        chosen = (orgs or {}).get(_as_int(value))
        self.fields["organization"].widget.choices = [("", "—")] + ([(chosen.pk, chosen.name)] if chosen else [])
        self.fields["organization"].widget.attrs["class"] = "org-choice"

    def clean(self):
        data = super().clean()
        filled = any(
            data.get(f) for f in ("signatory_name", "signatory_title", "signing_authority", "responsibilities")
        )
        if filled and not data.get("organization") and "organization" not in self.errors:
            self.add_error("organization", _("Hãy chọn cơ quan cho dòng này (gõ tên để tìm)."))
        return data


class BasePartnerFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            org = form.cleaned_data.get("organization")
            if org is None:
                continue
            if org.pk in seen:
                form.add_error("organization", _("Cơ quan này đã có ở dòng khác."))
            seen.add(org.pk)


PartnerFormSet = forms.formset_factory(PartnerForm, formset=BasePartnerFormSet, extra=3, max_num=50, validate_max=True)


def _as_int(value):
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 19 else None


class AmendForm(ProgramFieldsForm):
    reason = forms.CharField(
        label=_("Lý do sửa đổi, bổ sung"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ví dụ: Bổ sung nội dung theo Kết luận hội nghị sơ kết."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    field_order = ["reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contents"].help_text = _(
            "Mỗi dòng một nội dung. Nội dung đã có nhiệm vụ giữ nguyên số thứ tự: sửa câu chữ tại chỗ, "
            "nội dung mới thêm vào cuối."
        )


class LegalDocumentForm(forms.Form):
    kind = forms.CharField(
        label=_("Loại văn bản"), max_length=60, help_text=_("Ví dụ: Quyết định, Công văn, Nghị quyết.")
    )
    number_symbol = forms.CharField(label=_("Số, ký hiệu"), max_length=64, help_text=_("Ví dụ: 238-QĐ/TW"))
    issued_on = forms.DateField(label=_("Ngày ban hành"), widget=forms.DateInput(attrs=DATE_WIDGET))
    issuer = forms.CharField(
        label=_("Cơ quan ban hành"), max_length=200, help_text=_("Ví dụ: Ban Bí thư Trung ương Đảng (khóa XII)")
    )
    title = forms.CharField(
        label=_("Trích yếu"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ví dụ: về việc ban hành Quy chế phối hợp …"),
    )


class RespondForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Ý kiến của cơ quan"),
        choices=[("agree", _("Nhất trí")), ("comment", _("Có ý kiến"))],
        widget=forms.RadioSelect,
        initial="agree",
    )
    note = forms.CharField(
        label=_("Nội dung ý kiến"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi có ý kiến."),
    )


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Ngày ký"), widget=forms.DateInput(attrs=DATE_WIDGET))
    signed_place = forms.CharField(label=_("Nơi ký"), max_length=120, required=False)
    signing_meeting = forms.CharField(
        label=_("Hội nghị ký kết"),
        max_length=300,
        required=False,
        help_text=_("Ví dụ: Hội nghị ký kết chương trình phối hợp giai đoạn 2026-2030"),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Ghi chú"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PlanCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Năm kế hoạch"), min_value=2000, max_value=2100)
    title = forms.CharField(
        label=_("Tên kế hoạch"),
        max_length=500,
        required=False,
        help_text=_("Để trống: “Kế hoạch phối hợp công tác năm …”."),
    )
