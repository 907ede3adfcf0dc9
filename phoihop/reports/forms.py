"""Forms of reports: a new report, its narrative sections, a call for reports."""

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.reports.models import ReportKind

DATE = {"type": "date"}


def _date(label, required=True, help_text=""):
    return forms.DateField(
        label=label, required=required, help_text=help_text, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại báo cáo"))
    date_from = _date(_("Từ ngày"))
    date_to = _date(_("Đến ngày"))
    cutoff = _date(_("Số liệu tính đến ngày"), required=False, help_text=_("Bỏ trống: hết kỳ báo cáo."))
    deadline = _date(_("Hạn gửi"))
    program = forms.ChoiceField(label=_("Về chương trình phối hợp"), required=False)
    subtree = forms.BooleanField(label=_("Tính cả các cơ quan thuộc địa bàn cấp dưới"), required=False)
    title = forms.CharField(
        label=_("Trích yếu"), max_length=400, required=False, help_text=_("Bỏ trống: đặt theo loại và kỳ báo cáo.")
    )

    def __init__(self, *args, programs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.code, k.name) for k in ReportKind.objects.all()]
        self.fields["program"].choices = [("", _("— mọi chương trình cơ quan tham gia —"))] + [
            (str(p.pk), p.title) for p in programs
        ]


class NarrativeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Trích yếu"), max_length=400)
    results = forms.CharField(
        label=_("Đánh giá chung về kết quả"), required=False, max_length=50000, widget=forms.Textarea(attrs={"rows": 5})
    )
    limitations = forms.CharField(
        label=_("Hạn chế, nguyên nhân"), required=False, max_length=50000, widget=forms.Textarea(attrs={"rows": 5})
    )
    lessons = forms.CharField(
        label=_("Bài học kinh nghiệm"), required=False, max_length=50000, widget=forms.Textarea(attrs={"rows": 4})
    )
    directions = forms.CharField(
        label=_("Phương hướng, nhiệm vụ kỳ tới"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    proposals = forms.CharField(
        label=_("Đề xuất, kiến nghị"), required=False, max_length=50000, widget=forms.Textarea(attrs={"rows": 4})
    )
    signer_name = forms.CharField(label=_("Người ký"), max_length=120, required=False)
    signer_title = forms.CharField(
        label=_("Chức vụ người ký"), max_length=160, required=False, help_text=_("Ví dụ: Trưởng ban, Phó Trưởng ban")
    )


class CallForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại báo cáo"))
    title = forms.CharField(label=_("Tên kỳ báo cáo"), max_length=300)
    date_from = _date(_("Từ ngày"))
    date_to = _date(_("Đến ngày"))
    cutoff = _date(_("Số liệu tính đến ngày"), required=False)
    deadline = _date(_("Hạn gửi báo cáo"))
    instructions = forms.CharField(
        label=_("Hướng dẫn"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    addressees = forms.MultipleChoiceField(
        label=_("Cơ quan phải báo cáo"), widget=forms.CheckboxSelectMultiple, required=True
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.code, k.name) for k in ReportKind.objects.all()]
        self.fields["addressees"].choices = [(str(o.pk), o.name) for o in candidates]
