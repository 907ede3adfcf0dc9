"""Django admin for system administrators and organisation administrators.

Sign-in goes through the application's own login (lock-out, two-factor authentication). Organisation
administrators see only their own organisation's records; every change goes through the services, so
it is validated and audited like a change made in the application.
"""

from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from phoihop.core.audit import audit_record, snapshot
from phoihop.core.errors import DomainError


class PhoiHopAdminSite(admin.AdminSite):
    site_header = "PhốiHợp — Quản trị"
    site_title = "PhốiHợp"
    index_title = "Quản trị dữ liệu"

    def has_permission(self, request):
        user = request.user
        if not (user.is_active and user.is_authenticated):
            return False
        return user.is_superuser or request.acting.role == "org_admin"

    def password_change(self, request, extra_context=None):
        return redirect("accounts:password_change")

    def login(self, request, extra_context=None):
        target = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")


class AuditedAdmin(admin.ModelAdmin):
    """Plain models (no service of their own): every admin change is still audited."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
            super().save_model(request, obj, form, change)
            action = f"{obj._meta.model_name}.{'update' if change else 'create'}"
            audit_record(acting=request.acting, action=action, obj=obj, before=before, after=snapshot(obj))

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(acting=request.acting, action=f"{obj._meta.model_name}.delete", obj=obj, before=snapshot(obj))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class ServiceAdmin(admin.ModelAdmin):
    """Models written by services: subclasses implement `service_create`, `service_update`, `service_delete`.

    A service refusal (validation, permission, stale version) comes back as a message on the form page.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as e:
            messages.error(request, str(e.message))
            return redirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        if change:
            fields = {name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data}
            saved = self.service_update(request, obj, fields)
        else:
            saved = self.service_create(request, form.cleaned_data)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        self.service_delete(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.service_delete(request, obj)

    def service_delete(self, request, obj):  # pragma: no cover - overridden where deletion is allowed
        raise DomainError("Không xóa được bản ghi này; hãy đánh dấu ngừng hoạt động.")

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class OrgScopedAdmin(ServiceAdmin):
    """Records that belong to one organisation (`organization` field): an organisation's administrator
    manages those of the organisation they act for; system administrators manage all."""

    def can_manage(self, request, obj) -> bool:  # pragma: no cover - every subclass says who may
        raise NotImplementedError

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(organization=request.acting.org)

    def has_module_permission(self, request):
        return request.user.is_superuser or request.acting.role == "org_admin"

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request) if obj is None else self.can_manage(request, obj)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)
