"""Forms of opinion reports. The report form has no field for any person: topic, mood, what people say,
what they propose; the area is one of the collaborator's own."""

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.opinions.models import Mood, Sector

MIN_ROWS = 3


class ReportForm(forms.Form):
    """Head fields plus `rows` topic blocks named items-<i>-topic / mood / summary / proposals."""

    def __init__(self, *args, topics, units, rows=MIN_ROWS, quick=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.quick = quick
        if quick:
            self.fields["title"] = forms.CharField(
                label=_("Sự việc gì vừa xảy ra?"),
                max_length=300,
                widget=forms.TextInput(
                    attrs={"autocomplete": "off", "placeholder": _("ví dụ: Tin đồn thất thiệt về thu hồi đất")}
                ),
            )
            self.fields["happened_on"] = forms.DateField(
                label=_("Ngày xảy ra"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            )
            self.fields["open_concern"] = forms.BooleanField(
                label=_("Mở luôn một vấn đề để ban theo dõi, giao xử lý"), required=False
            )
        else:
            self.fields["month"] = forms.CharField(
                label=_("Tháng"), max_length=7, widget=forms.TextInput(attrs={"type": "month"})
            )
        self.fields["unit"] = forms.ChoiceField(label=_("Địa bàn"), choices=[(u.pk, u.name) for u in units])
        topic_choices = [("", "— chọn chủ đề —")] + [(t.code, t.name) for t in topics]
        for i in range(rows):
            self.fields[f"items-{i}-topic"] = forms.ChoiceField(
                label=_("Chủ đề"), choices=topic_choices, required=False
            )
            self.fields[f"items-{i}-mood"] = forms.ChoiceField(
                label=_("Tâm trạng chung"), choices=Mood.choices, required=False, widget=forms.RadioSelect
            )
            self.fields[f"items-{i}-summary"] = forms.CharField(
                label=_("Nhân dân nói gì?"),
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 3, "maxlength": 3000}),
                help_text=_("Ghi chủ đề và tâm trạng chung; không ghi tên, số điện thoại, biển số xe của ai."),
            )
            self.fields[f"items-{i}-proposals"] = forms.CharField(
                label=_("Đề xuất, kiến nghị"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": 2000}),
            )

    def blocks(self):
        return [
            {k: self[f"items-{i}-{k}"] for k in ("topic", "mood", "summary", "proposals")} | {"n": i + 1}
            for i in range(self.rows)
        ]

    def data_for_service(self) -> dict:
        d = self.cleaned_data
        items = []
        for i in range(self.rows):
            topic = d.get(f"items-{i}-topic")
            if not topic and not d.get(f"items-{i}-summary"):
                continue
            items.append(
                {
                    "topic": topic,
                    "mood": d.get(f"items-{i}-mood") or "",
                    "summary": d.get(f"items-{i}-summary") or "",
                    "proposals": d.get(f"items-{i}-proposals") or "",
                }
            )
        out = {"unit": d["unit"], "items": items}
        if self.quick:
            out |= {"kind": "quick", "title": d["title"], "happened_on": d["happened_on"]}
        else:
            out |= {"kind": "monthly", "month": d["month"]}
        return out


class NarrativeForm(forms.Form):
    due_on = forms.DateField(
        label=_("Hạn gửi báo cáo tháng"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    overview = forms.CharField(
        label=_("Tình hình chung"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )
    notable = forms.CharField(
        label=_("Dư luận nổi lên"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )
    forecast = forms.CharField(
        label=_("Dự báo tình hình"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 3})
    )
    proposals = forms.CharField(
        label=_("Đề xuất, kiến nghị"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CollaboratorForm(forms.Form):
    user = forms.ChoiceField(label=_("Cộng tác viên"))
    units = forms.CharField(
        label=_("Địa bàn (mã đơn vị, cách nhau bởi dấu phẩy)"),
        max_length=2000,
        help_text=_("Ví dụ: 22528, 22525 — mã xã, phường trong danh mục đơn vị hành chính."),
    )
    sectors = forms.MultipleChoiceField(
        label=_("Đối tượng nắm bắt"), choices=Sector.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    active_from = forms.DateField(label=_("Bắt đầu"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    active_to = forms.DateField(
        label=_("Kết thúc"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [(u.pk, u.full_name) for u in candidates]
