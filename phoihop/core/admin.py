from django.contrib import admin

from phoihop.accounts.acting import acting_for
from phoihop.core import selectors
from phoihop.core.admin_site import AuditedAdmin
from phoihop.core.models import AuditEvent, Holiday


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "action", "actor_label", "organization", "object_type", "object_repr"]
    list_filter = ["kind", "object_type"]
    search_fields = ["action", "actor_label", "object_repr", "object_id"]
    date_hierarchy = "at"
    list_select_related = ["organization"]

    def get_queryset(self, request):
        return selectors.audit_list(acting=acting_for(request))

    def has_module_permission(self, request):
        return request.user.is_superuser or request.acting.role == "org_admin"

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


@admin.register(Holiday)
class HolidayAdmin(AuditedAdmin):
    """The yearly announcements' days off and làm bù days (system administrators; audited)."""

    list_display = ["date", "weekday", "name", "kind", "note"]
    list_filter = ["kind"]
    search_fields = ["name", "note"]
    date_hierarchy = "date"
    fields = ["date", "kind", "name", "note"]

    @admin.display(description="thứ")
    def weekday(self, obj):
        return WEEKDAYS[obj.date.weekday()]
