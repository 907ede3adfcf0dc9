"""Pages to record concerns from an Excel summary of a voter meeting or a citizen reception."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from phoihop.concerns import imports
from phoihop.concerns import permissions as perms
from phoihop.concerns.models import Channel
from phoihop.core.errors import DomainError, NotFound

CHANNEL_DEFAULTS = [
    ("", _("Theo cột “Nguồn tiếp nhận” của từng dòng")),
    (Channel.VOTER_MEETING.value, Channel.VOTER_MEETING.label),
    (Channel.RECEPTION.value, Channel.RECEPTION.label),
    *((value, label) for value, label in Channel.choices if value not in (Channel.VOTER_MEETING, Channel.RECEPTION)),
]


class ConcernImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx) theo mẫu"),
        help_text=_(
            "Mọi dòng được kiểm tra trước: nếu có dòng sai thì không nhập dòng nào và mọi dòng sai được liệt kê."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{imports.XLSX}"}),
    )
    channel = forms.ChoiceField(
        label=_("Nguồn tiếp nhận mặc định"),
        choices=CHANNEL_DEFAULTS,
        required=False,
        help_text=_("Dùng cho các dòng để trống cột “Nguồn tiếp nhận”."),
    )


def _may_import(request) -> bool:
    acting = getattr(request, "acting", None)
    return acting is not None and perms.can_report(acting)


def _url(name: str, fallback: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


def _list_url() -> str:
    """The concern list, showing what was received today (the imported rows among them)."""
    base = _url("concerns:list", "/concerns/")
    return f"{base}?{urlencode({'received_from': timezone.localdate().isoformat()})}"


@require_http_methods(["GET", "HEAD", "POST"])
def concern_import(request):
    """GET: the form; POST: import all rows or none (400 with every bad row listed)."""
    if not _may_import(request):
        raise NotFound()
    row_errors: list[str] = []
    status = 200
    if request.method == "POST":
        form = ConcernImportForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > imports.MAX_IMPORT_BYTES:
                form.add_error("file", "Tệp Excel quá lớn (tối đa 5 MB).")
            else:
                try:
                    concerns = imports.concern_import(
                        acting=request.acting, data=upload.read(), channel_default=form.cleaned_data["channel"] or None
                    )
                except NotFound:
                    raise
                except DomainError as e:
                    form.add_error("file", str(e.message))
                    row_errors = [str(m) for ms in e.errors.values() for m in ms if str(m) != str(e.message)]
                else:
                    messages.success(request, f"Đã nhập {len(concerns)} vấn đề từ tệp Excel.")
                    return redirect(_list_url())
    else:
        form = ConcernImportForm(initial={"channel": request.GET.get("channel", "")})
    context = {
        "form": form,
        "import_errors": row_errors,
        "max_rows": imports.MAX_IMPORT_ROWS,
        "template_url": _url("concerns:import_template", "/concerns/import/template.xlsx"),
        "list_url": _url("concerns:list", "/concerns/"),
    }
    return render(request, "concerns/import.html", context, status=status)


@require_safe
def import_template(request):
    if not _may_import(request):
        raise NotFound()
    response = HttpResponse(imports.template_xlsx(), content_type=imports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{imports.TEMPLATE_NAME}"'
    return response
