from django import forms
from django.contrib import admin

from phoihop.accounts import permissions as perms
from phoihop.accounts import services
from phoihop.accounts.models import ApiToken, Membership, User
from phoihop.core.admin_site import OrgScopedAdmin, ServiceAdmin
from phoihop.core.audit import audit_view
from phoihop.core.text import fold


class UserCreateForm(forms.ModelForm):
    password = forms.CharField(label="Mật khẩu ban đầu", widget=forms.PasswordInput, required=False, strip=False)

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "job_title", "phone", "is_superuser"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    fields = ["organization", "role", "position", "is_default", "active_from", "active_to"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(ServiceAdmin):
    list_display = ["username", "full_name", "email", "job_title", "is_active", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_superuser", "is_demo"]
    search_fields = ["search_key", "username"]
    readonly_fields = ["username", "is_superuser", "last_login", "date_joined", "locked_until", "totp_confirmed_at"]
    fields = [
        "username",
        "full_name",
        "email",
        "job_title",
        "phone",
        "is_active",
        "is_superuser",
        "last_login",
        "date_joined",
        "locked_until",
        "totp_confirmed_at",
    ]
    inlines = [MembershipInline]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = UserCreateForm
            kwargs["fields"] = [*UserCreateForm._meta.fields, "password"]
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_fields(self, request, obj=None):
        return [*UserCreateForm._meta.fields, "password"] if obj is None else self.fields

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and str(object_id).isascii() and str(object_id).isdigit():
            user = self.get_queryset(request).filter(pk=object_id).first()
            if user is not None and user.pk != request.user.pk:
                audit_view(acting=request.acting, obj=user, action="user.view")
        return super().change_view(request, object_id, form_url, extra_context)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(memberships__organization=request.acting.org).distinct()

    def has_module_permission(self, request):
        return request.user.is_superuser or request.acting.role == "org_admin"

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request) if obj is None else perms.can_manage_user(request.acting, obj)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def service_create(self, request, data):
        return services.user_create(acting=request.acting, **{k: v for k, v in data.items() if v is not None})

    def service_update(self, request, obj, fields):
        return services.user_update(acting=request.acting, user=User.objects.get(pk=obj.pk), **fields)


@admin.register(Membership)
class MembershipAdmin(OrgScopedAdmin):
    list_display = ["user", "organization", "role", "position", "is_default", "active_from", "active_to"]
    list_filter = ["role"]
    search_fields = ["user__search_key", "organization__search_key"]
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["user", "organization"]

    def can_manage(self, request, obj) -> bool:
        return perms.can_manage_members(request.acting, obj.organization)

    def get_readonly_fields(self, request, obj=None):
        return ["user", "organization"] if obj is not None else []

    def service_create(self, request, data):
        return services.membership_add(acting=request.acting, **data)

    def service_update(self, request, obj, fields):
        return services.membership_update(acting=request.acting, membership=Membership.objects.get(pk=obj.pk), **fields)

    def service_delete(self, request, obj):
        services.membership_remove(acting=request.acting, membership=obj)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = ["prefix", "user", "name", "created_at", "expires_at", "revoked_at", "last_used_at"]
    exclude = ["key_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the token stays on record

    @admin.action(description="Thu hồi các mã đã chọn")
    def revoke(self, request, queryset):
        for token in queryset:
            services.token_revoke(acting=request.acting, token=token)
