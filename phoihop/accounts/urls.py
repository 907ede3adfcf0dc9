from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from phoihop.accounts import views
from phoihop.accounts.forms import PasswordResetForm

app_name = "accounts"


def _public(view):
    return login_not_required(view)


urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/otp/", views.login_otp, name="login_otp"),
    path("2fa/setup/", views.totp_setup, name="totp_setup"),
    path("logout/", views.logout_view, name="logout"),
    path("acting/", views.switch_org, name="switch_org"),
    path("me/", views.profile, name="profile"),
    path("me/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:user_id>/", views.user_detail, name="user_detail"),
    path("users/<int:user_id>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:user_id>/password/", views.user_password, name="user_password"),
    path("users/<int:user_id>/unlock/", views.user_unlock, name="user_unlock"),
    path("users/<int:user_id>/2fa-reset/", views.user_totp_reset, name="user_totp_reset"),
    path("memberships/<int:membership_id>/edit/", views.membership_edit, name="membership_edit"),
    path("memberships/<int:membership_id>/remove/", views.membership_remove, name="membership_remove"),
    path(
        "password/reset/",
        _public(
            auth_views.PasswordResetView.as_view(
                template_name="accounts/password_form.html",
                form_class=PasswordResetForm,
                extra_context={
                    "title": _("Quên mật khẩu"),
                    "intro": _("Nhập thư điện tử của tài khoản; hệ thống gửi đường dẫn đặt lại mật khẩu."),
                },
                email_template_name="accounts/password_reset_email.txt",
                subject_template_name="accounts/password_reset_subject.txt",
                success_url=reverse_lazy("accounts:password_reset_done"),
            )
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        _public(auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.AuditedPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        _public(auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")),
        name="password_reset_complete",
    ),
    path(
        "password/change/",
        views.AuditedPasswordChangeView.as_view(),
        name="password_change",
    ),
]
