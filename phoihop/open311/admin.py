"""Open311 keys in the admin: system administrators issue them (the key is shown once, on the page that
follows) and revoke them; nothing else about a key can be changed."""

from django import forms
from django.contrib import admin
from django.template.response import TemplateResponse

from phoihop.core.admin_site import ServiceAdmin
from phoihop.open311 import services
from phoihop.open311.models import ApiKey


class ApiKeyIssueForm(forms.ModelForm):
    class Meta:
        model = ApiKey
        fields = ["application", "organization"]


@admin.register(ApiKey)
class ApiKeyAdmin(ServiceAdmin):
    form = ApiKeyIssueForm
    list_display = ["application", "organization", "prefix", "is_active", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["is_active"]
    list_select_related = ["organization"]
    search_fields = ["application", "prefix"]
    autocomplete_fields = ["organization"]
    readonly_fields = [
        "application", "organization", "prefix", "is_active", "created_at", "created_by", "last_used_at",
        "revoked_at",
    ]  # fmt: skip
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        return ["application", "organization"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the key stays on record with the requests it filed

    def service_create(self, request, data):
        raw, key = services.api_key_issue(
            acting=request.acting, application=data["application"], organization=data["organization"]
        )
        request._open311_raw_key = raw  # shown by response_add, on this response only
        return key

    def response_add(self, request, obj, post_url_continue=None):
        raw = getattr(request, "_open311_raw_key", None)
        if raw is None:
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Đã cấp khóa API Open311",
            "key": ApiKey.objects.select_related("organization").get(pk=obj.pk),
            "raw_key": raw,
        }
        response = TemplateResponse(request, "open311/admin/key_issued.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description="Thu hồi các khóa đã chọn")
    def revoke(self, request, queryset):
        for key in queryset:
            services.api_key_revoke(acting=request.acting, key=key)
        self.message_user(request, f"Đã thu hồi {queryset.count()} khóa.")
