"""Open311 GeoReport v2 (ADR 0014): the keys of integrating applications, and the service requests they
filed (the public subset of concerns that `GET requests` shows)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiKey(models.Model):
    """The key of one integrating application. Intake through it is recorded for `organization`.
    Only the key's SHA-256 is stored; the key itself is shown once, when it is issued."""

    application = models.CharField(_("ứng dụng tích hợp"), max_length=200)
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("cơ quan tiếp nhận"), on_delete=models.PROTECT, related_name="+"
    )
    prefix = models.CharField(_("đầu mã"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(_("cấp lúc"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa API Open311")
        verbose_name_plural = _("khóa API Open311")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.application} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.is_active and self.revoked_at is None


class ServiceRequest(models.Model):
    """A concern that came in through Open311: its token, the key that filed it, when it was requested.

    Only these concerns are listed by `GET requests` (never denunciations, which Open311 refuses)."""

    concern = models.OneToOneField("concerns.Concern", on_delete=models.CASCADE, related_name="open311")
    api_key = models.ForeignKey(ApiKey, on_delete=models.PROTECT, related_name="requests")
    token = models.CharField(max_length=40, unique=True)
    requested_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("yêu cầu Open311")
        verbose_name_plural = _("yêu cầu Open311")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["-requested_at", "-id"], name="open311_request_recent")]

    def __str__(self) -> str:
        return f"{self.concern_id} {self.token}"
