from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from phoihop.accounts import permissions as perms
from phoihop.core.errors import NotFound
from phoihop.core.web import changed, paginate, parse_id, query_without_page, render_page, submit, xlsx_response
from phoihop.geo.models import AdminUnit
from phoihop.orgs import selectors, services
from phoihop.orgs.forms import FocalPointForm, OrgForm, unit_label
from phoihop.orgs.models import Organization, OrgLevel, OrgType


def org_list(request):
    acting = request.acting
    q, type_code, level = request.GET.get("q", "")[:100], request.GET.get("type", "")[:40], request.GET.get("level", "")
    unit = request.GET.get("unit", "")
    qs = selectors.org_list(
        acting=acting,
        q=q,
        type_code=type_code or None,
        level=level if level in OrgLevel.values else None,
        unit_id=parse_id(unit),
    )
    if request.GET.get("format") == "xlsx":
        rows = (
            [
                o.name,
                o.short_name,
                o.type.name,
                o.get_level_display(),
                o.unit.name if o.unit else "",
                o.doc_symbol,
                o.get_doc_profile_display(),
                o.phone,
                o.email,
            ]
            for o in qs[:50000]
        )
        return xlsx_response(
            "co-quan-don-vi",
            "Cơ quan, đơn vị",
            ["Tên", "Viết tắt", "Loại", "Cấp", "Địa bàn", "Ký hiệu", "Thể thức", "Điện thoại", "Thư điện tử"],
            rows,
        )
    context = {
        "page": paginate(request, qs),
        "q": q,
        "type_code": type_code,
        "level": level,
        "types": selectors.org_types(),
        "levels": OrgLevel.choices,
        "query": query_without_page(request),
        "can_create": perms.can_create_orgs(acting),
    }
    return render_page(request, "orgs/org_list.html", context, partial="results")


def org_detail(request, org_id):
    acting = request.acting
    org = selectors.org_get(acting=acting, org_id=org_id)
    members = selectors.org_members(acting=acting, org=org) if perms.can_view_members(acting, org) else None
    context = {
        "org": org,
        "focal_points": list(org.focal_points.all()),
        "members": members,
        "children": selectors.org_children(org=org)[:200],
        "can_edit": perms.can_update_org(acting, org),
        "can_manage_focal_points": perms.can_manage_focal_points(acting, org),
        "can_manage_members": perms.can_manage_members(acting, org),
    }
    return render(request, "orgs/org_detail.html", context)


def _choice(qs, pk, label):
    obj = qs.filter(pk=parse_id(pk)).first() if parse_id(pk) else None
    return [("", "—")] + ([(obj.pk, label(obj))] if obj else [])


def _form(request, acting, org=None):
    """The organisation form; its unit and parent selects carry the current choice only (search fills them)."""
    data = request.POST or None
    initial = {f: getattr(org, f) for f in OrgForm.base_fields} if org else None
    unit = request.POST.get("unit") if data else (org.unit_id if org else None)
    parent = request.POST.get("parent") if data else (org.parent_id if org else None)
    types = None
    if not acting.is_system_admin:  # only system administrators create or retype propaganda departments
        types = OrgType.objects.filter(Q(sees_rollup=False) | Q(pk=org.type_id if org else None))
    form = OrgForm(
        data,
        initial=initial,
        unit_choices=_choice(AdminUnit.objects.select_related("parent"), unit, unit_label),
        parent_choices=_choice(Organization.objects.all(), parent, str),
        type_queryset=types,
    )
    return form, initial


def org_create(request):
    acting = request.acting
    if not perms.can_create_orgs(acting):
        raise NotFound()
    form, _ = _form(request, acting)
    fields = [f for f in OrgForm.base_fields if f != "version"]
    outcome = submit(request, form, lambda d: services.org_create(acting=acting, **{k: d[k] for k in fields}))
    if outcome.ok:
        messages.success(request, f"Đã thêm {outcome.value.name}.")
        return redirect("orgs:detail", org_id=outcome.value.pk)
    return render(request, "orgs/org_form.html", {"form": form}, status=outcome.status)


def org_edit(request, org_id):
    acting = request.acting
    org = selectors.org_get(acting=acting, org_id=org_id)
    if not perms.can_update_org(acting, org):
        raise NotFound()
    form, initial = _form(request, acting, org)
    outcome = submit(
        request,
        form,
        lambda d: services.org_update(acting=acting, org=org, version=d["version"], **changed(form, initial)),
    )
    if outcome.ok:
        messages.success(request, "Đã lưu.")
        return redirect("orgs:detail", org_id=org.pk)
    return render(request, "orgs/org_form.html", {"form": form, "org": org}, status=outcome.status)


def org_options(request):
    """<option>s for the parent picker of the organisation form: accent-insensitive search, 30 best."""
    q = request.GET.get("parent_q", "")[:100]
    orgs = selectors.org_list(acting=request.acting, q=q)[:30] if q else []
    return render(request, "orgs/org_options.html", {"orgs": orgs})


def focal_point_create(request, org_id):
    acting = request.acting
    org = selectors.org_get(acting=acting, org_id=org_id)
    if not perms.can_manage_focal_points(acting, org):
        raise NotFound()
    form = FocalPointForm(request.POST or None)
    outcome = submit(request, form, lambda d: services.focal_point_create(acting=acting, organization=org, **d))
    if outcome.ok:
        messages.success(request, "Đã thêm đầu mối.")
        return redirect("orgs:detail", org_id=org.pk)
    return render(request, "orgs/focal_point_form.html", {"form": form, "org": org}, status=outcome.status)


def focal_point_edit(request, focal_point_id):
    acting = request.acting
    fp = selectors.focal_point_get(acting=acting, focal_point_id=focal_point_id)
    initial = {f: getattr(fp, f) for f in FocalPointForm.base_fields}
    form = FocalPointForm(request.POST or None, initial=initial)
    outcome = submit(
        request, form, lambda d: services.focal_point_update(acting=acting, focal_point=fp, **changed(form, initial))
    )
    if outcome.ok:
        messages.success(request, "Đã lưu.")
        return redirect("orgs:detail", org_id=fp.organization_id)
    context = {"form": form, "org": fp.organization, "focal_point": fp}
    return render(request, "orgs/focal_point_form.html", context, status=outcome.status)


@require_POST
def focal_point_delete(request, focal_point_id):
    acting = request.acting
    fp = selectors.focal_point_get(acting=acting, focal_point_id=focal_point_id)
    services.focal_point_delete(acting=acting, focal_point=fp)
    messages.success(request, "Đã xóa đầu mối.")
    return redirect("orgs:detail", org_id=fp.organization_id)
