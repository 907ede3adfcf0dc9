"""Forms of commendations and good models. Organisations are picked with the search-to-fill pattern of
concerns.forms; programs, meetings, award forms, fields and areas are small lists."""

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.commendations.models import CommendationKind
from phoihop.concerns.forms import OrgChoiceField, narrow_org_choices
from phoihop.plans.forms import MultipleFileField

DATE = {"type": "date"}


def _choices(items, empty="— không —"):
    return [("", empty)] + [(str(k), v) for k, v in items]


class CommendationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Đối tượng"), choices=CommendationKind.choices, widget=forms.RadioSelect)
    nominee_org = OrgChoiceField(
        label=_("Tập thể được đề nghị / cơ quan của cá nhân"),
        help_text=_("Cơ quan mình hoặc cơ quan thuộc phạm vi quản lý của cơ quan mình."),
    )
    full_name = forms.CharField(label=_("Họ và tên (cá nhân)"), max_length=120, required=False)
    job_title = forms.CharField(label=_("Chức vụ (cá nhân)"), max_length=200, required=False)
    achievements = forms.CharField(
        label=_("Thành tích"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6, "maxlength": 10000})
    )
    year_from = forms.IntegerField(label=_("Từ năm"), min_value=2000, max_value=2100)
    year_to = forms.IntegerField(label=_("Đến năm"), min_value=2000, max_value=2100, required=False)
    occasion = forms.CharField(
        label=_("Dịp khen thưởng"),
        max_length=300,
        required=False,
        help_text=_("Ví dụ: Sơ kết 3 năm thực hiện Chương trình phối hợp giai đoạn 2022 - 2026"),
    )
    proposed_form = forms.ChoiceField(label=_("Hình thức đề nghị"), required=False)
    program = forms.ChoiceField(label=_("Chương trình phối hợp"), required=False)
    meeting = forms.ChoiceField(label=_("Hội nghị sơ kết, tổng kết"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, orgs=None, award_forms=(), programs=(), meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        narrow_org_choices(self, ["nominee_org"], orgs or {})
        self.fields["proposed_form"].choices = _choices((f.code, f.name) for f in award_forms)
        self.fields["program"].choices = _choices((p.pk, p.title) for p in programs)
        self.fields["meeting"].choices = _choices((m.pk, f"{m.title} ({m.starts_at:%d/%m/%Y})") for m in meetings)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=2000, required=False)


class AwardForm(forms.Form):
    award_form = forms.ChoiceField(label=_("Hình thức khen thưởng"))
    decision_number = forms.CharField(
        label=_("Số quyết định"), max_length=80, help_text=_("Ví dụ: 125-QĐ/TU hoặc 1234/QĐ-UBND")
    )
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    awarding_authority = forms.CharField(
        label=_("Cấp khen thưởng"), max_length=300, help_text=_("Ví dụ: Ban Thường vụ Tỉnh ủy Khánh Hòa")
    )

    def __init__(self, *args, award_forms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_form"].choices = _choices(((f.code, f.name) for f in award_forms), "— chọn —")


class GoodModelForm(forms.Form):
    title = forms.CharField(label=_("Tên mô hình, cách làm"), max_length=300)
    topic = forms.ChoiceField(label=_("Lĩnh vực"))
    unit = OrgChoiceField(
        label=_("Đơn vị thực hiện"),
        required=False,
        help_text=_("Để trống: cơ quan mình. Có thể chọn cơ quan thuộc phạm vi quản lý."),
    )
    area = forms.ChoiceField(label=_("Địa bàn"), required=False)
    started_on = forms.DateField(
        label=_("Bắt đầu thực hiện"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    description = forms.CharField(
        label=_("Mô tả, cách làm"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6, "maxlength": 20000})
    )
    results = forms.CharField(
        label=_("Kết quả"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 10000}),
    )
    program = forms.ChoiceField(label=_("Chương trình phối hợp"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, orgs=None, topics=(), areas=(), programs=(), **kwargs):
        super().__init__(*args, **kwargs)
        narrow_org_choices(self, ["unit"], orgs or {})
        self.fields["topic"].choices = _choices(((t.code, t.name) for t in topics), "— chọn —")
        self.fields["area"].choices = _choices((a.pk, a.name) for a in areas)
        self.fields["program"].choices = _choices((p.pk, p.title) for p in programs)


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(
        label=_("Áp dụng từ ngày"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("Cách cơ quan áp dụng"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FilesForm(forms.Form):
    file = MultipleFileField(label=_("Tệp (PDF, DOCX, XLSX, JPG, PNG)"))
