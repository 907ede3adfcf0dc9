"""The concern taxonomy and the handling times are data: system administrators edit them here (audited)."""

from django.contrib import admin

from phoihop.concerns.models import SlaRule, Topic
from phoihop.core.admin_site import AuditedAdmin


@admin.register(Topic)
class TopicAdmin(AuditedAdmin):
    list_display = ["name", "code", "parent", "order", "is_active"]
    list_filter = ["is_active", "parent"]
    list_editable = ["order", "is_active"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]

    def has_delete_permission(self, request, obj=None):
        return False  # topics in use are deactivated, not deleted


@admin.register(SlaRule)
class SlaRuleAdmin(AuditedAdmin):
    list_display = ["severity", "working_days", "escalate_after"]
    list_editable = ["working_days", "escalate_after"]
    list_display_links = ["severity"]
