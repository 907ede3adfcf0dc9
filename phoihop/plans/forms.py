"""Forms of the plan and task pages."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from phoihop.accounts.models import User
from phoihop.orgs.models import Organization
from phoihop.plans.models import Recurrence, TaskKind
from phoihop.programs.forms import DATE_WIDGET
from phoihop.programs.models import ProgramContent

PARTNER_ROWS = 5


class IssueForm(forms.Form):
    approved_on = forms.DateField(label=_("Ngày ban hành"), widget=forms.DateInput(attrs=DATE_WIDGET))


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx) theo mẫu"),
        help_text=_(
            "Mọi dòng được kiểm tra trước: nếu có dòng sai thì không nhập dòng nào và mọi dòng sai được liệt kê."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )


class ContentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        title = obj.title if len(obj.title) <= 140 else obj.title[:139] + "…"
        return f"{obj.number}. {title}"


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class UserChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name or obj.username}{f' — {obj.job_title}' if obj.job_title else ''}"


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=500)
    description = forms.CharField(label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    content = ContentChoiceField(
        label=_("Nội dung phối hợp"),
        queryset=ProgramContent.objects.none(),
        required=False,
        empty_label=_("— Chọn nội dung —"),
    )
    lead = OrgChoiceField(
        label=_("Cơ quan chủ trì"),
        queryset=Organization.objects.all(),
        help_text=_("Gõ tên để tìm (không cần dấu)."),
    )
    assignees = UserChoiceField(
        label=_("Người thực hiện"),
        queryset=User.objects.none(),
        required=False,
        help_text=_(
            "Cán bộ của cơ quan chủ trì và cơ quan phối hợp; danh sách cập nhật khi chọn cơ quan. "
            "Giữ Ctrl (⌘ trên máy Mac) để chọn nhiều người."
        ),
    )
    kind = forms.ChoiceField(label=_("Loại nhiệm vụ"), choices=TaskKind.choices, initial=TaskKind.REGULAR)
    recurrence = forms.ChoiceField(label=_("Lặp lại"), choices=Recurrence.choices, required=False)
    due_day = forms.IntegerField(
        label=_("Ngày đến hạn trong kỳ"),
        min_value=1,
        max_value=31,
        required=False,
        help_text=_("Với nhiệm vụ lặp lại: ngày trong tháng cuối của mỗi kỳ (1-31)."),
    )
    deadline = forms.DateField(label=_("Thời hạn"), required=False, widget=forms.DateInput(attrs=DATE_WIDGET))
    expected_output = forms.CharField(
        label=_("Sản phẩm dự kiến"),
        max_length=500,
        required=False,
        help_text=_("Ví dụ: Tin, bài, phóng sự; Báo cáo kết quả."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plan=None, orgs=None, assignee_queryset=None, partner_rows=PARTNER_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        orgs = orgs or {}
        if plan is not None:
            self.fields["content"].queryset = plan.program.contents.all()
            self.fields["content"].required = True
        else:
            del self.fields["content"]
        self.partner_names = [f"partner_{i}" for i in range(1, partner_rows + 1)]
        for i, name in enumerate(self.partner_names, start=1):
            self.fields[name] = OrgChoiceField(
                label=_("Cơ quan phối hợp %(n)s") % {"n": i}, queryset=Organization.objects.all(), required=False
            )
        for name in ["lead", *self.partner_names]:
            value = self.data.get(self.add_prefix(name)) if self.is_bound else self.initial.get(name)
            chosen = orgs.get(_as_int(value))
            field = self.fields[name]
            field.widget.choices = [("", "—")] + ([(chosen.pk, chosen.name)] if chosen else [])
            field.widget.attrs["class"] = "org-choice"
        if assignee_queryset is not None:
            self.fields["assignees"].queryset = assignee_queryset
        # the list of plausible people follows the organisations chosen above (htmx)
        self.fields["assignees"].widget.attrs.update(
            {
                "size": 6,
                "hx-get": reverse("plans:assignee_options"),
                "hx-trigger": "change from:.org-choice, htmx:afterSwap from:.org-choice",
                "hx-include": ".org-choice, #id_assignees, #plan-id",
                "hx-target": "this",
                "hx-swap": "innerHTML",
                "hx-sync": "this:queue last",  # replace would abort a request in flight: an error in the console
            }
        )

    def partner_fields(self):
        return [self[name] for name in self.partner_names]

    def clean(self):
        data = super().clean()
        partners, seen = [], set()
        for name in self.partner_names:
            org = data.get(name)
            if org is None:
                continue
            if org.pk in seen:
                self.add_error(name, _("Cơ quan này đã được chọn ở dòng khác."))
                continue
            seen.add(org.pk)
            partners.append(org)
        data["partners"] = partners
        if data.get("due_day") and not data.get("recurrence"):
            self.add_error("due_day", _("Chỉ dùng cho nhiệm vụ lặp lại: hãy chọn cách lặp lại hoặc để trống ô này."))
        return data


def _as_int(value):
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 19 else None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ProgressForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung báo cáo"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Đã làm gì, kết quả, khó khăn (nếu có)."),
    )
    percent = forms.IntegerField(
        label=_("Tiến độ (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("Tiến độ là số phần trăm từ 0 đến 100."),
            "max_value": _("Tiến độ là số phần trăm từ 0 đến 100."),
            "invalid": _("Tiến độ là số phần trăm từ 0 đến 100."),
        },
    )
    file = MultipleFileField(
        label=_("Tệp minh chứng"),
        required=False,
        help_text=_("Có thể chọn nhiều tệp: PDF, DOCX, XLSX, JPG, PNG. Tài liệu có dấu mật không được tải lên."),
    )


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Ý kiến"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class TaskReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
