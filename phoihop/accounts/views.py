import time

import segno
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from phoihop.accounts import permissions as perms
from phoihop.accounts import selectors, services
from phoihop.accounts.acting import SESSION_KEY, Acting, client_ip
from phoihop.accounts.forms import (
    LoginForm,
    MembershipAddForm,
    MembershipForm,
    OtpForm,
    SetPasswordForm,
    TokenForm,
    UserEditForm,
    UserForm,
)
from phoihop.accounts.models import User
from phoihop.core.errors import AuthFailed, DomainError, NotFound
from phoihop.core.web import add_errors, changed, paginate, query_without_page, render_page, submit
from phoihop.orgs.selectors import org_get

PENDING = "pending_login"  # user id + time between the password and the second factor
PENDING_SECONDS = 300


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("core:home")


def _finish_login(request, user: User, method: str):
    request.session.pop(PENDING, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    services.login_succeeded(user=user, ip=client_ip(request), method=method)
    return redirect(_next_url(request))


def _pending_user(request) -> User | None:
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=pending["user"], is_active=True).first()


@login_not_required
def login_view(request):
    form = LoginForm(request.POST or None)
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_check(
                username=form.cleaned_data["username"], password=form.cleaned_data["password"], ip=client_ip(request)
            )
        except AuthFailed as e:
            form.add_error(None, str(e.message))
            status = e.status
        else:
            if not user.needs_totp and not user.has_totp:
                return _finish_login(request, user, "password")
            request.session[PENDING] = {"user": user.pk, "at": time.time()}
            step = "accounts:login_otp" if user.has_totp else "accounts:totp_setup"
            return redirect(f"{reverse(step)}?{urlencode({'next': _next_url(request)})}")
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request)}, status=status)


@login_not_required
def login_otp(request):
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:login")
    form = OtpForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if services.totp_verify(user=user, code=form.cleaned_data["code"], ip=client_ip(request)):
            return _finish_login(request, user, "password+totp")
        user.refresh_from_db(fields=["locked_until"])
        if user.is_locked():
            request.session.pop(PENDING, None)
            locked = services.AccountLocked(user.locked_until)
            form.add_error(None, str(locked.message))
            status = locked.status
        else:
            form.add_error("code", "Mã xác thực không đúng hoặc đã hết hạn.")
            status = 401
    return render(request, "accounts/login_otp.html", {"form": form, "next": _next_url(request)}, status=status)


@login_not_required
def totp_setup(request):
    """Enrol an authenticator app: during sign-in (required for administrators) or from one's profile."""
    user = request.user if request.user.is_authenticated else _pending_user(request)
    if user is None:
        return redirect("accounts:login")
    acting = Acting(user=user, ip=client_ip(request))
    if user.has_totp:
        return redirect("accounts:profile")
    if not user.totp_secret:
        services.totp_begin(acting=acting)
    form = OtpForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_confirm(acting=acting, code=form.cleaned_data["code"])
        except DomainError as e:
            add_errors(form, e)
            status = 400
        else:
            if request.user.is_authenticated:
                messages.success(request, "Đã bật xác thực hai lớp.")
                return redirect("accounts:profile")
            return _finish_login(request, user, "password+totp")
    uri = services.totp_uri(user)
    qr = segno.make(uri, error="m").svg_data_uri(scale=4)
    context = {
        "form": form,
        "secret": user.totp_secret,
        "qr": qr,
        "next": _next_url(request),
        "required": user.needs_totp,
    }
    return render(request, "accounts/totp_setup.html", context, status=status)


@require_POST
@login_not_required
def logout_view(request):
    services.logout_recorded(acting=request.acting)
    logout(request)
    return redirect("accounts:login")


@require_POST
def switch_org(request):
    membership = services.acting_switch(acting=request.acting, org_id=request.POST.get("organization"))
    request.session[SESSION_KEY] = membership.organization_id
    messages.info(request, f"Đang làm việc nhân danh: {membership.organization.name}")
    return redirect(_next_url(request))


def profile(request):
    acting = request.acting
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        new_token, _ = services.token_create(
            acting=acting, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
        )
        form = TokenForm()
    tokens = selectors.token_list(acting=acting)
    return render(request, "accounts/profile.html", {"form": form, "tokens": tokens, "new_token": new_token})


@require_POST
def token_revoke(request, token_id):
    acting = request.acting
    services.token_revoke(acting=acting, token=selectors.token_get(acting=acting, token_id=token_id))
    messages.success(request, "Đã thu hồi mã truy cập.")
    return redirect("accounts:profile")


# --- administration of users and memberships ------------------------------------------------------------


def user_list(request):
    qs = selectors.user_list(acting=request.acting, q=request.GET.get("q"))
    page = paginate(request, qs)
    for u in page:
        u.shown_memberships = selectors.memberships_shown(acting=request.acting, user=u)
    context = {"page": page, "q": request.GET.get("q", ""), "query": query_without_page(request)}
    return render_page(request, "accounts/user_list.html", context, partial="results")


def user_create(request):
    acting = request.acting
    selectors.user_list(acting=acting)  # 404 unless the caller administers users
    form = UserForm(request.POST or None)
    outcome = submit(request, form, lambda d: services.user_create_with_membership(acting=acting, **d))
    if outcome.ok:
        messages.success(request, f"Đã tạo tài khoản {outcome.value.username}.")
        return redirect("accounts:user_detail", user_id=outcome.value.pk)
    return render(request, "accounts/user_form.html", {"form": form, "creating": True}, status=outcome.status)


def user_detail(request, user_id):
    user = services.user_contact_view(acting=request.acting, user_id=user_id)
    memberships = selectors.memberships_shown(acting=request.acting, user=user)
    return render(request, "accounts/user_detail.html", {"subject": user, "memberships": memberships})


def user_edit(request, user_id):
    acting = request.acting
    user = services.user_contact_view(acting=acting, user_id=user_id) if request.method == "GET" else None
    user = user or selectors.user_get(acting=acting, user_id=user_id)
    initial = {f: getattr(user, f) for f in UserEditForm.base_fields}
    form = UserEditForm(request.POST or None, initial=initial)
    outcome = submit(request, form, lambda d: services.user_update(acting=acting, user=user, **changed(form, initial)))
    if outcome.ok:
        messages.success(request, "Đã lưu.")
        return redirect("accounts:user_detail", user_id=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "subject": user}, status=outcome.status)


def user_password(request, user_id):
    acting = request.acting
    user = selectors.user_get(acting=acting, user_id=user_id)
    form = SetPasswordForm(request.POST or None)
    outcome = submit(
        request, form, lambda d: services.user_set_password(acting=acting, user=user, password=d["password"])
    )
    if outcome.ok:
        messages.success(request, "Đã đặt mật khẩu mới.")
        return redirect("accounts:user_detail", user_id=user.pk)
    return render(request, "accounts/user_password.html", {"form": form, "subject": user}, status=outcome.status)


@require_POST
def user_unlock(request, user_id):
    user = selectors.user_get(acting=request.acting, user_id=user_id)
    services.user_unlock(acting=request.acting, user=user)
    messages.success(request, "Đã mở khóa tài khoản.")
    return redirect("accounts:user_detail", user_id=user.pk)


@require_POST
def user_totp_reset(request, user_id):
    user = selectors.user_get(acting=request.acting, user_id=user_id)
    services.totp_reset(acting=request.acting, user=user)
    messages.success(request, "Đã xóa xác thực hai lớp; người dùng sẽ đăng ký lại khi đăng nhập.")
    return redirect("accounts:user_detail", user_id=user.pk)


def membership_add(request, org_id):
    acting = request.acting
    org = org_get(acting=acting, org_id=org_id)
    if not perms.can_manage_members(acting, org):
        raise NotFound()
    form = MembershipAddForm(request.POST or None)
    fields = [f for f in MembershipForm.base_fields] + ["user"]
    outcome = submit(
        request, form, lambda d: services.membership_add(acting=acting, organization=org, **{k: d[k] for k in fields})
    )
    if outcome.ok:
        messages.success(request, "Đã thêm thành viên.")
        return redirect("orgs:detail", org_id=org.pk)
    return render(request, "accounts/membership_form.html", {"form": form, "org": org}, status=outcome.status)


def membership_edit(request, membership_id):
    acting = request.acting
    m = selectors.membership_get(acting=acting, membership_id=membership_id)
    initial = {f: getattr(m, f) for f in MembershipForm.base_fields}
    form = MembershipForm(request.POST or None, initial=initial)
    outcome = submit(
        request, form, lambda d: services.membership_update(acting=acting, membership=m, **changed(form, initial))
    )
    if outcome.ok:
        messages.success(request, "Đã lưu.")
        return redirect("orgs:detail", org_id=m.organization_id)
    context = {"form": form, "org": m.organization, "membership": m}
    return render(request, "accounts/membership_form.html", context, status=outcome.status)


@require_POST
def membership_remove(request, membership_id):
    acting = request.acting
    m = selectors.membership_get(acting=acting, membership_id=membership_id)
    try:
        services.membership_remove(acting=acting, membership=m)
    except DomainError as e:
        messages.error(request, str(e.message))
    else:
        messages.success(request, f"Đã gỡ {m.user} khỏi {m.organization.short_name or m.organization.name}.")
    return redirect("orgs:detail", org_id=m.organization_id)


class AuditedPasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_form.html"
    extra_context = {"title": gettext_lazy("Đổi mật khẩu")}
    success_url = reverse_lazy("accounts:profile")

    @transaction.atomic
    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed_record(acting=self.request.acting, user=form.user, how="change")
        messages.success(self.request, "Đã đổi mật khẩu.")
        return response


@method_decorator(login_not_required, name="dispatch")
class AuditedPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_form.html"
    extra_context = {"title": gettext_lazy("Đặt mật khẩu mới")}
    success_url = reverse_lazy("accounts:password_reset_complete")

    @transaction.atomic
    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed_record(
            acting=Acting(user=form.user, ip=client_ip(self.request)), user=form.user, how="reset"
        )
        return response
