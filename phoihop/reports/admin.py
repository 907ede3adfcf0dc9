"""Report kinds are data: system administrators add or rename them here (audited)."""

from django.contrib import admin

from phoihop.core.admin_site import AuditedAdmin
from phoihop.reports.models import ReportKind


@admin.register(ReportKind)
class ReportKindAdmin(AuditedAdmin):
    list_display = ["name", "code", "period", "title_prefix", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code"]

    def has_delete_permission(self, request, obj=None):
        return False  # kinds in use by reports stay
