"""Small pieces every page view uses: htmx-aware rendering, pagination, errors into forms, XLSX lists."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import DataError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils.text import slugify

from phoihop.core.errors import DomainError, NotFound

PAGE_SIZE = 25


def render_page(request, template: str, context: dict, *, partial: str | None = None, status: int = 200):
    """The full page, or only `partial` (a `{% partialdef %}` of the same template) for htmx requests."""
    if partial and getattr(request, "htmx", False) and not request.htmx.boosted:
        return render(request, f"{template}#{partial}", context, status=status)
    return render(request, template, context, status=status)


_ID = re.compile(r"[0-9]{1,18}")


def parse_id(value) -> int | None:
    """A positive database id from user input, or None ("²", "-1", "1e3", huge numbers are not ids)."""
    text = str(value or "").strip()
    return int(text) if _ID.fullmatch(text) else None


def paginate(request, qs, per_page: int = PAGE_SIZE, count: int | None = None):
    """A page of `qs`; `count`, when the caller has a cheaper way to know it, saves the COUNT query."""
    paginator = Paginator(qs, per_page)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached property: a given number stands in for it
    try:
        return paginator.page(request.GET.get("page") or 1)
    except (PageNotAnInteger, EmptyPage):
        return paginator.page(paginator.num_pages if parse_id(request.GET.get("page")) else 1)


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def add_errors(form, exc: DomainError) -> None:
    """Put a service's validation errors next to the fields of the form that sent them."""
    if exc.errors:
        if str(exc.message) not in {str(m) for messages in exc.errors.values() for m in messages}:
            form.add_error(None, str(exc.message))  # what happened, above the per-field details
        for field, messages in exc.errors.items():
            target = field if field in form.fields else None
            for m in messages:
                form.add_error(target, m)
    else:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


def xlsx_response(filename: str, title: str, headers: list[str], rows: Iterable[Iterable]) -> HttpResponse:
    """A one-sheet workbook with a bold header row, frozen below the header, columns sized to content."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = title[:31]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in headers]
    for row in rows:
        values = ["" if v is None else v for v in row]
        ws.append(values)
        widths = [max(w, min(60, len(str(v)))) for w, v in zip(widths, values, strict=False)]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = w + 2
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(
        buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename) or "danh-sach"}.xlsx"'
    return response


class DomainErrorMiddleware:
    """NotFound anywhere in a page view answers 404; another DomainError a 4xx page with its message."""

    def __init__(self, get_response: Callable):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.path.startswith("/api/"):
            return None
        if isinstance(exception, NotFound):
            return TemplateResponse(request, "404.html", {"message": exception.message}, status=404).render()
        if isinstance(exception, DataError):
            message = "Dữ liệu gửi lên chứa ký tự không hợp lệ."
            return TemplateResponse(request, "error.html", {"message": message, "status": 400}, status=400).render()
        if isinstance(exception, DomainError):
            return TemplateResponse(
                request,
                "error.html",
                {"message": exception.message, "status": exception.status},
                status=exception.status,
            ).render()
        return None


@dataclass
class Outcome:
    """What happened to a submitted form: `ok` with the service's `value`, or the status to show it again with."""

    ok: bool = False
    value: object = None
    status: int = 200


def submit(request, form, perform: Callable[[dict], object]) -> Outcome:
    """On POST, run `perform(cleaned_data)` if the form is valid. Service refusals go next to the fields;
    the form is shown again with 400 (or the refusal's own 4xx, e.g. 409 for a stale version), keeping
    everything that was typed."""
    if request.method != "POST":
        return Outcome()
    if not form.is_valid():
        return Outcome(status=400)
    try:
        return Outcome(ok=True, value=perform(form.cleaned_data))
    except NotFound:
        raise
    except DomainError as e:
        add_errors(form, e)
        return Outcome(status=max(400, e.status))


def changed(form, initial: dict, exclude: Iterable[str] = ("version",)) -> dict:
    """The cleaned values that differ from what the form started with (the version travels apart)."""
    return {k: v for k, v in form.cleaned_data.items() if k in initial and k not in exclude and v != initial[k]}
