from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from phoihop.core.admin_site import AuditedAdmin
from phoihop.documents.models import Attachment, IssuedNumber, NumberRegister, PartyTerm


@admin.register(PartyTerm)
class PartyTermAdmin(AuditedAdmin):
    """Terms are data: a system administrator adds the next one before it starts."""

    list_display = ["name", "starts_on", "ends_on"]
    ordering = ["-starts_on"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written only by the services (numbers, uploads): visible to system administrators, never edited."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NumberRegister)
class NumberRegisterAdmin(ReadOnlyAdmin):
    list_display = ["organization", "doc_type", "period_key", "profile", "last_number"]
    list_filter = ["profile", "doc_type"]
    list_select_related = ["organization"]
    search_fields = ["organization__name", "doc_type", "period_key"]


@admin.register(IssuedNumber)
class IssuedNumberAdmin(ReadOnlyAdmin):
    list_display = ["symbol", "issued_on", "register", "object_type", "object_id", "created_at"]
    list_filter = ["register__profile", "register__doc_type"]
    list_select_related = ["register__organization"]
    search_fields = ["symbol", "object_id"]
    date_hierarchy = "issued_on"


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "content_type", "size", "owner_type", "owner_id", "organization", "created_at"]
    list_filter = ["content_type", "owner_type"]
    list_select_related = ["organization"]
    search_fields = ["original_name", "sha256", "owner_id"]
    # the stored path is not shown: files are served only through the checked download view
    exclude = ["file"]
    readonly_fields = ["download"]

    @admin.display(description="tải về")
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("documents:attachment", args=[obj.pk]), obj.download_name)
