from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from phoihop.accounts.models import Role, User


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class OtpForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác thực (6 chữ số)"),
        max_length=10,
        widget=forms.TextInput(attrs={"autofocus": True, "inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Tên gợi nhớ"), max_length=100, required=False)
    days = forms.IntegerField(label=_("Thời hạn (ngày)"), min_value=1, max_value=365, initial=30)


class UserForm(forms.Form):
    username = forms.RegexField(
        label=_("Tên đăng nhập"),
        max_length=150,
        regex=r"^[A-Za-z0-9._-]+$",
        error_messages={"invalid": _("Chỉ dùng chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới.")},
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    job_title = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=40, required=False)
    role = forms.ChoiceField(label=_("Vai trò tại cơ quan"), choices=Role.choices, initial=Role.OFFICER)
    password = forms.CharField(
        label=_("Mật khẩu ban đầu"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "new-password"}),
        help_text=_("Để trống: hệ thống gửi thư để người dùng tự đặt mật khẩu."),
    )


class UserEditForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    job_title = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=40, required=False)
    is_active = forms.BooleanField(label=_("Đang hoạt động"), required=False)


class SetPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Mật khẩu mới"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    position = forms.CharField(label=_("Chức vụ tại cơ quan"), max_length=200, required=False)
    is_default = forms.BooleanField(label=_("Cơ quan mặc định khi đăng nhập"), required=False)
    active_from = forms.DateField(
        label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    active_to = forms.DateField(
        label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )

    def clean(self):
        data = super().clean()
        if data.get("active_from") and data.get("active_to") and data["active_to"] < data["active_from"]:
            self.add_error("active_to", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


class MembershipAddForm(MembershipForm):
    username = forms.CharField(label=_("Tên đăng nhập của người dùng"), max_length=150)

    field_order = ["username", "role", "position", "is_default", "active_from", "active_to"]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Không có người dùng đang hoạt động với tên đăng nhập này."))
        self.cleaned_data["user"] = user
        return username


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Also reaches accounts created without a password (their first link may have expired)."""

    def get_users(self, email):
        email_field = User.get_email_field_name()
        return User.objects.filter(**{f"{email_field}__iexact": email, "is_active": True})
