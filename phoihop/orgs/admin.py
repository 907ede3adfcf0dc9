from django.contrib import admin

from phoihop.accounts import permissions as perms
from phoihop.core.admin_site import AuditedAdmin, OrgScopedAdmin, ServiceAdmin
from phoihop.core.text import fold
from phoihop.orgs import services
from phoihop.orgs.models import FocalPoint, Organization, OrgType
from phoihop.orgs.visibility import visible_orgs_q


@admin.register(OrgType)
class OrgTypeAdmin(AuditedAdmin):
    list_display = ["name", "code", "doc_profile", "sees_rollup", "sort_order"]
    list_editable = ["sort_order"]


class FocalPointInline(admin.TabularInline):
    model = FocalPoint
    extra = 0
    fields = ["full_name", "job_title", "area", "phone", "email", "is_primary", "is_active"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organization)
class OrganizationAdmin(ServiceAdmin):
    list_display = ["name", "short_name", "type", "level", "unit", "doc_symbol", "doc_profile"]
    list_filter = ["type", "level", "doc_profile"]
    search_fields = ["search_key"]
    list_select_related = ["type", "unit"]
    autocomplete_fields = ["unit", "parent"]
    readonly_fields = ["level", "version"]
    fields = [
        "name",
        "short_name",
        "type",
        "unit",
        "parent",
        "doc_symbol",
        "doc_profile",
        "superior_name",
        "address",
        "phone",
        "email",
        "active_from",
        "active_to",
        "level",
        "version",
    ]
    inlines = [FocalPointInline]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(visible_orgs_q(request.acting))

    def has_module_permission(self, request):
        return request.user.is_superuser or request.acting.role == "org_admin"

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return (obj is None and self.has_module_permission(request)) or (
            obj is not None and perms.can_update_org(request.acting, obj)
        )

    def has_add_permission(self, request):
        return perms.can_create_orgs(request.acting)

    def service_create(self, request, data):
        return services.org_create(acting=request.acting, **{k: data.get(k) for k in services.ORG_FIELDS})

    def service_update(self, request, obj, fields):
        original = Organization.objects.get(pk=obj.pk)
        return services.org_update(acting=request.acting, org=original, **fields)


@admin.register(FocalPoint)
class FocalPointAdmin(OrgScopedAdmin):
    list_display = ["full_name", "organization", "job_title", "phone", "email", "is_primary", "is_active"]
    list_filter = ["is_primary", "is_active"]
    search_fields = ["full_name", "organization__search_key"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization", "user"]

    def can_manage(self, request, obj) -> bool:
        return perms.can_manage_focal_points(request.acting, obj.organization)

    def service_create(self, request, data):
        return services.focal_point_create(
            acting=request.acting, **{k: v for k, v in data.items() if v is not None or k == "user"}
        )

    def service_update(self, request, obj, fields):
        return services.focal_point_update(
            acting=request.acting, focal_point=FocalPoint.objects.get(pk=obj.pk), **fields
        )

    def service_delete(self, request, obj):
        services.focal_point_delete(acting=request.acting, focal_point=obj)
