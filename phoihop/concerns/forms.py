"""Forms of the concern pages: intake by an officer, the collaborator's quick report, correction, the
workflow actions, the communication response and the public tracking form.

Forms check shape only (required, lengths, numbers, dates); the services check meaning (topics, units,
channels, coordinates) and their refusals are put next to the fields by `core.web.submit`."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from phoihop.concerns.models import Channel, ResponsePhase, Severity
from phoihop.orgs.models import Organization
from phoihop.programs.forms import DATE_WIDGET

FLAG_FIELDS = ("mass_complaint", "ethnic_religious", "security_order", "false_information")
CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email", "contact_address")
DUP_WATCH = "dup-watch"  # inputs whose change re-checks duplicates and the topic suggestion (htmx)


def topic_choices(tree, *, empty: str) -> list:
    """Grouped <select> choices: one <optgroup> per group, its leaf topics inside."""
    return [("", empty)] + [(group.name, [(t.code, t.name) for t in children]) for group, children in tree]


def unit_suggest_attrs(field) -> None:
    """The unit box fills its <datalist> with matching names while typing (htmx)."""
    field.widget.attrs.update(
        {
            "hx-get": reverse("concerns:unit_suggestions"),
            "hx-trigger": "input changed delay:250ms",
            "hx-target": "#unit-suggestions",
            "hx-swap": "innerHTML",
            "hx-sync": "this:replace",
        }
    )


def _text(label, limit, *, required=True, rows=None, **attrs):
    widget = forms.Textarea(attrs={"rows": rows, **attrs}) if rows else forms.TextInput(attrs=attrs)
    return forms.CharField(label=label, max_length=limit, required=required, widget=widget, strip=True)


class OrgChoiceField(forms.ModelChoiceField):
    """An organisation chosen with the search-to-fill pattern: the <select> only carries the chosen one."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Organization.objects.all())
        kwargs.setdefault("empty_label", "—")
        super().__init__(**kwargs)
        self.widget.attrs["class"] = "org-choice"

    def label_from_instance(self, obj):
        return obj.name


def narrow_org_choices(form, names, orgs: dict) -> None:
    """Limit each org <select> to the organisation chosen (or prefilled), so pages do not list them all."""
    for name in names:
        value = form.data.get(form.add_prefix(name)) if form.is_bound else form.initial.get(name)
        value = getattr(value, "pk", value)
        chosen = orgs.get(int(value)) if str(value or "").isdigit() and len(str(value)) < 19 else None
        field = form.fields[name]
        field.widget.choices = [("", "—")] + ([(chosen.pk, chosen.name)] if chosen else [])


class ConcernForm(forms.Form):
    """An officer records a concern (or one more report of an existing one)."""

    title = _text(_("Tiêu đề"), 300, **{"class": DUP_WATCH, "autocomplete": "off"})
    description = forms.CharField(
        label=_("Nội dung phản ánh"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5, "class": DUP_WATCH, "maxlength": 4000}),
        help_text=_("Tối đa 4.000 ký tự. Ghi sự việc, không ghi thông tin cá nhân của người phản ánh ở đây."),
    )
    topic = forms.ChoiceField(label=_("Lĩnh vực"), choices=())
    channel = forms.ChoiceField(label=_("Nguồn tiếp nhận"), choices=[("", _("— Chọn nguồn —")), *Channel.choices])
    unit = _text(
        _("Địa bàn (xã, phường hoặc tỉnh)"),
        200,
        **{"class": DUP_WATCH, "autocomplete": "off", "list": "unit-suggestions"},
    )
    latitude = _text(_("Vĩ độ"), 30, required=False, inputmode="decimal", placeholder="12,2388")
    longitude = _text(_("Kinh độ"), 30, required=False, inputmode="decimal", placeholder="109,1967")
    people_affected = forms.IntegerField(
        label=_("Số người liên quan"),
        required=False,
        min_value=0,
        max_value=10_000_000,
        error_messages={"invalid": _("Hãy nhập một số nguyên, ví dụ 25.")},
    )
    severity = forms.TypedChoiceField(label=_("Mức độ"), choices=Severity.choices, coerce=int, initial=Severity.MEDIUM)
    mass_complaint = forms.BooleanField(label=_("Khiếu kiện đông người"), required=False)
    ethnic_religious = forms.BooleanField(label=_("Liên quan dân tộc, tôn giáo"), required=False)
    security_order = forms.BooleanField(label=_("Ảnh hưởng an ninh, trật tự"), required=False)
    false_information = forms.BooleanField(label=_("Thông tin sai sự thật"), required=False)
    observed_on = forms.DateField(
        label=_("Ngày phát hiện"),
        required=False,
        widget=forms.DateInput(attrs=DATE_WIDGET),
        error_messages={"invalid": _("Ngày không hợp lệ: hãy ghi theo dạng dd/mm/yyyy.")},
    )
    source_ref = _text(
        _("Số hồ sơ, tham chiếu"), 100, required=False, placeholder=_("ví dụ: số đơn, số hồ sơ của cơ quan giải quyết")
    )
    contact_name = _text(_("Họ tên"), 200, required=False, autocomplete="off")
    contact_phone = _text(_("Điện thoại"), 200, required=False, autocomplete="off", inputmode="tel")
    contact_email = _text(_("Thư điện tử"), 200, required=False, autocomplete="off")
    contact_address = _text(_("Địa chỉ"), 200, required=False, autocomplete="off")

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = topic_choices(topics, empty=_("— Chọn lĩnh vực —"))
        self.fields["topic"].widget.attrs["class"] = DUP_WATCH
        unit_suggest_attrs(self.fields["unit"])

    def flag_fields(self):
        return [self[n] for n in FLAG_FIELDS]

    def contact_fields(self):
        return [self[n] for n in CONTACT_FIELDS]

    @property
    def is_denunciation(self) -> bool:
        value = self.data.get("channel") if self.is_bound else self.initial.get("channel")
        return value == Channel.DENUNCIATION

    def clean(self):
        data = super().clean()
        if data.get("channel") == Channel.DENUNCIATION and any(data.get(n) for n in CONTACT_FIELDS):
            self.add_error(
                "contact_name",
                _(
                    "Đơn tố cáo: không ghi thông tin người tố cáo vào hệ thống (Luật Tố cáo 2018). "
                    "Hãy xóa các ô liên hệ; chỉ ghi số hồ sơ của cơ quan giải quyết."
                ),
            )
        return data

    def service_data(self) -> tuple[dict, dict | None]:
        d = self.cleaned_data
        data = {k: d.get(k) for k in ("title", "description", "topic", "channel", "unit", "latitude", "longitude")}
        data |= {k: d.get(k) for k in ("people_affected", "severity", "observed_on", "source_ref", *FLAG_FIELDS)}
        contact = {n.removeprefix("contact_"): d.get(n) or "" for n in CONTACT_FIELDS}
        return data, (contact if any(contact.values()) else None)


class QuickReportForm(forms.Form):
    """A collaborator's quick report: a few big fields, no contact at all."""

    title = _text(
        _("Chuyện gì đang xảy ra?"),
        300,
        autocomplete="off",
        placeholder=_("ví dụ: Dân bức xúc vì nước sinh hoạt bị đục"),
    )
    description = forms.CharField(
        label=_("Người dân nói gì?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 4000}),
        help_text=_("Ghi ý kiến, tâm trạng của người dân; không ghi tên người."),
    )
    unit = _text(
        _("Ở đâu? (xã, phường)"),
        200,
        autocomplete="off",
        list="unit-suggestions",
        placeholder=_("ví dụ: Phường Ninh Hòa"),
    )
    topic = forms.ChoiceField(
        label=_("Lĩnh vực (không bắt buộc)"),
        choices=(),
        required=False,
        help_text=_("Để trống: hệ thống tự chọn theo nội dung và cho bạn biết đã chọn lĩnh vực nào."),
    )
    severity = forms.TypedChoiceField(
        label=_("Mức độ"),
        choices=Severity.choices,
        coerce=int,
        initial=Severity.MEDIUM,
        widget=forms.RadioSelect(attrs={"class": "big-radio"}),
    )

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = topic_choices(topics, empty=_("— Tự chọn theo nội dung —"))
        unit_suggest_attrs(self.fields["unit"])


class ConcernEditForm(ConcernForm):
    """Correct what was recorded (every intake field except the channel and the contact) and the public answer."""

    public_answer = forms.CharField(
        label=_("Trả lời công khai"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nội dung người dân xem được khi tra cứu bằng mã theo dõi."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("channel", *CONTACT_FIELDS):
            del self.fields[name]


# --- actions on one concern ----------------------------------------------------------------------------------


class EmptyForm(forms.Form):
    pass


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required


class RouteForm(forms.Form):
    lead = OrgChoiceField(label=_("Cơ quan chủ trì xử lý"))
    partner_1 = OrgChoiceField(label=_("Cơ quan phối hợp 1"), required=False)
    partner_2 = OrgChoiceField(label=_("Cơ quan phối hợp 2"), required=False)
    partner_3 = OrgChoiceField(label=_("Cơ quan phối hợp 3"), required=False)
    deadline = forms.DateField(
        label=_("Hạn xử lý"),
        required=False,
        widget=forms.DateInput(attrs=DATE_WIDGET),
        help_text=_("Mặc định theo mức độ (ngày làm việc, không tính nghỉ cuối tuần, lễ, Tết)."),
        error_messages={"invalid": _("Ngày không hợp lệ: hãy ghi theo dạng dd/mm/yyyy.")},
    )
    note = forms.CharField(
        label=_("Ghi chú"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    ORG_FIELDS = ("lead", "partner_1", "partner_2", "partner_3")

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        narrow_org_choices(self, self.ORG_FIELDS, orgs or {})

    def partner_fields(self):
        return [self[n] for n in self.ORG_FIELDS[1:]]

    def clean(self):
        data = super().clean()
        data["partners"] = [data[n] for n in self.ORG_FIELDS[1:] if data.get(n)]
        return data


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do (vì sao không thuộc thẩm quyền)"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    suggested = OrgChoiceField(label=_("Đề nghị chuyển đến cơ quan"), required=False)

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        narrow_org_choices(self, ("suggested",), orgs or {})


class ResolveForm(forms.Form):
    result = forms.CharField(label=_("Kết quả xử lý"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    public_answer = forms.CharField(
        label=_("Trả lời công khai"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Người dân xem được nội dung này khi tra cứu bằng mã theo dõi."),
    )


class CloseForm(forms.Form):
    public_answer = forms.CharField(
        label=_("Trả lời công khai"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MergeForm(forms.Form):
    duplicate = forms.CharField(
        label=_("Mã theo dõi của vấn đề trùng"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "PH.20260105.0001", "autocomplete": "off"}),
        help_text=_("Vấn đề trùng được gộp vào vấn đề này: các lượt phản ánh của nó được cộng vào đây."),
    )


class ResponseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Giai đoạn"), choices=ResponsePhase.choices)
    message = forms.CharField(label=_("Nội dung thông tin"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    spokesperson = forms.CharField(label=_("Người phát ngôn, cung cấp thông tin"), max_length=200, required=False)
    channel = forms.CharField(
        label=_("Kênh thông tin"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("ví dụ: Báo Khánh Hòa, họp báo, loa truyền thanh")}),
    )
    planned_on = forms.DateField(label=_("Dự kiến ngày"), required=False, widget=forms.DateInput(attrs=DATE_WIDGET))
    done_on = forms.DateField(label=_("Đã thực hiện ngày"), required=False, widget=forms.DateInput(attrs=DATE_WIDGET))
    claim = forms.CharField(
        label=_("Thông tin sai sự thật (nội dung lan truyền)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    facts = forms.CharField(
        label=_("Sự thật đã xác minh"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    official_answer = forms.CharField(
        label=_("Thông tin chính thức"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    published_at = forms.CharField(label=_("Nơi đăng tải"), max_length=500, required=False)

    FALSE_INFO = ("claim", "facts", "official_answer", "published_at")

    def main_fields(self):
        return [self[n] for n in self.fields if n not in self.FALSE_INFO]

    def false_info_fields(self):
        return [self[n] for n in self.FALSE_INFO]


class ResponseDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Đã thực hiện ngày"), widget=forms.DateInput(attrs=DATE_WIDGET))


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Mã theo dõi"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"placeholder": "PH.20260105.0001", "autocomplete": "off", "autocapitalize": "characters"}
        ),
    )
