from django.shortcuts import render

from phoihop.core.web import paginate, query_without_page, render_page, xlsx_response
from phoihop.geo import selectors
from phoihop.geo.models import AdminUnit


def _filters(request) -> dict:
    level = request.GET.get("level", "")
    generation = request.GET.get("generation", "")
    return {
        "q": request.GET.get("q", "")[:100],
        "level": int(level) if level in {"1", "2", "3"} else None,
        "generation": generation if generation in AdminUnit.Generation.values else None,
    }


def unit_list(request):
    f = _filters(request)
    qs = selectors.unit_list(q=f["q"], level=f["level"], generation=f["generation"])
    if request.GET.get("format") == "xlsx":
        rows = (
            [
                u.code,
                u.name,
                u.get_level_display(),
                u.kind,
                u.parent.name if u.parent else "",
                u.get_generation_display(),
            ]
            for u in qs[:20000]
        )
        return xlsx_response(
            "don-vi-hanh-chinh", "Đơn vị hành chính", ["Mã", "Tên", "Cấp", "Loại", "Trực thuộc", "Thời kỳ"], rows
        )
    context = {
        "page": paginate(request, qs),
        "f": f,
        "query": query_without_page(request),
        "levels": AdminUnit.Level.choices,
        "generations": AdminUnit.Generation.choices,
    }
    return render_page(request, "geo/unit_list.html", context, partial="results")


def unit_detail(request, unit_id):
    unit = selectors.unit_get(unit_id=unit_id)
    context = {
        "unit": unit,
        "ancestors": selectors.unit_ancestors(unit),
        "successors": selectors.unit_successors(unit),
        "predecessors": selectors.unit_predecessors(unit),
        "children": paginate(request, selectors.unit_children(unit), per_page=50),
        "organizations": unit.organizations.select_related("type").order_by("sort_key")[:100],
    }
    return render(request, "geo/unit_detail.html", context)


def unit_options(request):
    """<option>s for the unit picker of a form: accent-insensitive search, 30 best."""
    units = selectors.unit_list(q=request.GET.get("unit_q", "")[:100])[:30] if request.GET.get("unit_q") else []
    return render(request, "geo/unit_options.html", {"units": units})
