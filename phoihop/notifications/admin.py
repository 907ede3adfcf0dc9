"""Read-only views for system administrators: what was notified, and every delivery."""

from django.contrib import admin

from phoihop.notifications.models import CalendarToken, JobRun, Notification, NotificationLog, NotificationPreference


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written only by the services and tasks; system administrators look, nobody edits here."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "read_at", "email_state"]
    list_filter = ["email_state", "kind"]
    search_fields = ["title", "kind", "recipient__username", "object_id"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "organization"]


@admin.register(NotificationLog)
class NotificationLogAdmin(ReadOnlyAdmin):
    list_display = ["sent_at", "recipient", "channel", "address", "subject", "status"]
    list_filter = ["channel", "status"]
    search_fields = ["subject", "address", "recipient__username"]
    date_hierarchy = "sent_at"
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "notification"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdmin):
    list_display = ["user", "email_mode", "digest_hour", "last_digest_on", "updated_at"]
    list_filter = ["email_mode"]
    search_fields = ["user__username"]
    list_select_related = ["user"]


@admin.register(CalendarToken)
class CalendarTokenAdmin(ReadOnlyAdmin):
    list_display = ["user", "created_at", "revoked_at", "last_used_at"]
    exclude = ["key_hash"]
    list_select_related = ["user"]
    search_fields = ["user__username"]


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    list_display = ["name", "slot", "enqueued_at", "task_result_id"]
    list_filter = ["name"]
    search_fields = ["name", "slot"]
