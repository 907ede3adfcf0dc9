"""Users, their memberships in organisations (user × organisation × role) and API tokens."""

import datetime as dt

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.fields import SearchKeyField, SortKeyField
from phoihop.core.models import TimeStampedModel


class Role(models.TextChoices):
    """Roles inside one organisation. The system administrator is `User.is_superuser`, not a role."""

    ORG_ADMIN = "org_admin", _("Quản trị cơ quan")
    LEADER = "leader", _("Lãnh đạo")
    OFFICER = "officer", _("Chuyên viên")
    COLLABORATOR = "collaborator", _("Cộng tác viên")
    VIEWER = "viewer", _("Người xem")


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150)
    job_title = models.CharField(_("chức vụ"), max_length=200, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    is_demo = models.BooleanField(
        _("tài khoản mẫu"), default=False, help_text=_("Chỉ đăng nhập được khi hệ thống chạy ở chế độ thử (DEBUG).")
    )
    failed_login_count = models.PositiveSmallIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(_("khóa đến"), null=True, blank=True, editable=False)
    totp_secret = models.CharField(max_length=64, blank=True, editable=False)
    totp_confirmed_at = models.DateTimeField(_("bật xác thực hai lớp lúc"), null=True, blank=True, editable=False)
    totp_last_step = models.BigIntegerField(default=0, editable=False)  # a code is accepted once
    search_key = SearchKeyField()
    sort_key = SortKeyField()

    objects = UserManager()
    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["sort_key", "id"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[-1] if self.full_name else self.username

    @property
    def is_system_admin(self) -> bool:
        return self.is_active and self.is_superuser

    @property
    def has_totp(self) -> bool:
        return bool(self.totp_secret and self.totp_confirmed_at)

    @property
    def needs_totp(self) -> bool:
        """Two-factor authentication is required for system administrators."""
        return self.is_superuser

    def is_locked(self, now: dt.datetime | None = None) -> bool:
        return bool(self.locked_until and self.locked_until > (now or timezone.now()))


class MembershipQuerySet(models.QuerySet):
    def active(self, on: dt.date | None = None):
        on = on or timezone.localdate()
        return self.filter(
            models.Q(active_from__isnull=True) | models.Q(active_from__lte=on),
            models.Q(active_to__isnull=True) | models.Q(active_to__gte=on),
            user__is_active=True,
        )


class Membership(TimeStampedModel):
    user = models.ForeignKey(User, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    position = models.CharField(_("chức vụ tại cơ quan"), max_length=200, blank=True)
    is_default = models.BooleanField(_("cơ quan mặc định khi đăng nhập"), default=False)
    active_from = models.DateField(_("từ ngày"), null=True, blank=True)
    active_to = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("thành viên")
        verbose_name_plural = _("thành viên")
        ordering = ["organization__sort_key", "user__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="accounts_membership_user_org"),
            models.CheckConstraint(
                condition=models.Q(active_to__isnull=True)
                | models.Q(active_from__isnull=True)
                | models.Q(active_to__gte=models.F("active_from")),
                name="accounts_membership_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organization} ({self.get_role_display()})"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100, blank=True)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Mã truy cập #{self.pk} ({self.user})"

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now
