from django.contrib import admin

from phoihop.core.admin_site import AuditedAdmin
from phoihop.documents.models import Attachment, IssuedNumber, NumberRegister, PartyTerm


@admin.register(PartyTerm)
class PartyTermAdmin(AuditedAdmin):
    """Party-committee terms: the Party profile numbers documents per term."""

    list_display = ["name", "starts_on", "ends_on"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NumberRegister)
class NumberRegisterAdmin(ReadOnlyAdmin):
    list_display = ["organization", "doc_type", "period_key", "last_number"]
    list_select_related = ["organization"]
    list_filter = ["doc_type"]


@admin.register(IssuedNumber)
class IssuedNumberAdmin(ReadOnlyAdmin):
    list_display = ["symbol", "issued_on", "object_type", "object_id", "created_at"]
    search_fields = ["symbol"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "content_type", "size", "owner_type", "owner_id", "organization", "created_at"]
    exclude = ["file"]
