from django.contrib import admin

from phoihop.geo.models import AdminUnit


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    """Reference data loaded from vietnam-provinces (manage.py load_units): read-only here."""

    list_display = ["code", "name", "level", "kind", "generation", "parent"]
    list_filter = ["generation", "level", "kind"]
    search_fields = ["search_key", "code"]
    list_select_related = ["parent"]
    readonly_fields = [f.name for f in AdminUnit._meta.concrete_fields]

    def get_search_results(self, request, queryset, search_term):
        from phoihop.core.text import fold

        return super().get_search_results(request, queryset, fold(search_term))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
