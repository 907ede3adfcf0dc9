"""Forms of meetings. Organisations are picked with the search-to-fill pattern of concerns.forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.concerns.forms import OrgChoiceField, narrow_org_choices
from phoihop.meetings.models import Invitation, MeetingKind
from phoihop.plans.forms import MultipleFileField

INVITE_ROWS = 8
DT = {"type": "datetime-local"}


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Tên cuộc họp"), max_length=300)
    starts_at = forms.DateTimeField(label=_("Bắt đầu"), widget=forms.DateTimeInput(attrs=DT, format="%Y-%m-%dT%H:%M"))
    ends_at = forms.DateTimeField(label=_("Kết thúc"), widget=forms.DateTimeInput(attrs=DT, format="%Y-%m-%dT%H:%M"))
    place = forms.CharField(label=_("Địa điểm"), max_length=300)
    chair = forms.CharField(label=_("Chủ trì"), max_length=300, required=False, help_text=_("Họ tên, chức vụ"))
    agenda = forms.CharField(
        label=_("Chương trình họp"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
    plan = forms.ChoiceField(label=_("Kế hoạch nhận nhiệm vụ từ kết luận"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plans=(), orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", "— không —")] + [(p.pk, f"{p.title} ({p.year})") for p in plans]
        self.plans = {p.pk: p for p in plans}
        for i in range(INVITE_ROWS):
            self.fields[f"invite_{i}"] = OrgChoiceField(label=_("Cơ quan được mời"), required=False)
        narrow_org_choices(self, [f"invite_{i}" for i in range(INVITE_ROWS)], orgs or {})

    def invite_fields(self):
        return [self[f"invite_{i}"] for i in range(INVITE_ROWS)]

    def invited(self):
        return [self.cleaned_data[f"invite_{i}"] for i in range(INVITE_ROWS) if self.cleaned_data.get(f"invite_{i}")]

    def clean_plan(self):
        value = self.cleaned_data.get("plan")
        return self.plans.get(int(value)) if value else None


class DocumentsForm(forms.Form):
    file = MultipleFileField(label=_("Tài liệu (PDF, DOCX, XLSX, JPG, PNG)"))


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Trả lời giấy mời"),
        choices=[c for c in Invitation.Answer.choices if c[0] != Invitation.Answer.PENDING],
        widget=forms.RadioSelect,
    )
    deputy = forms.CharField(label=_("Người dự thay (nếu cử người)"), max_length=200, required=False)


class MinutesForm(forms.Form):
    secretary = forms.CharField(label=_("Thư ký"), max_length=200, required=False)
    minutes = forms.CharField(
        label=_("Diễn biến, ý kiến phát biểu"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ConclusionForm(forms.Form):
    text = forms.CharField(label=_("Nội dung kết luận"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    lead = OrgChoiceField(label=_("Cơ quan chủ trì thực hiện"), required=False)
    deadline = forms.DateField(
        label=_("Thời hạn"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        narrow_org_choices(self, ["lead"], orgs or {})
