from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class AuditEventQuerySet(models.QuerySet):
    """Bulk changes are refused like single ones: the log is append-only."""

    def update(self, **kwargs):
        raise RuntimeError("Nhật ký hệ thống chỉ được ghi thêm, không được sửa.")

    def delete(self):
        raise RuntimeError("Nhật ký hệ thống chỉ được ghi thêm, không được xóa.")

    delete.queryset_only = True


class AuditEvent(models.Model):
    """One line of the audit log: who did what, when, acting for which organisation, before and after.

    Append-only: the application never updates or deletes a row (model guards below, read-only admin,
    and a database trigger that refuses UPDATE).
    """

    class Kind(models.TextChoices):
        WRITE = "write", _("Ghi")
        VIEW = "view", _("Xem dữ liệu được bảo vệ")
        AUTH = "auth", _("Đăng nhập, xác thực")

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices, default=Kind.WRITE)
    action = models.CharField(_("hành động"), max_length=64, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("nhân danh cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    object_type = models.CharField(_("loại đối tượng"), max_length=64, blank=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    object_repr = models.CharField(_("đối tượng"), max_length=255, blank=True)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    reason = models.TextField(_("ghi chú"), blank=True)
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký hệ thống")
        verbose_name_plural = _("nhật ký hệ thống")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["organization", "-at"], name="audit_org_at"),
            models.Index(fields=["actor", "-at"], name="audit_actor_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise RuntimeError("Nhật ký hệ thống chỉ được ghi thêm, không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Nhật ký hệ thống chỉ được ghi thêm, không được xóa.")

    def changed_fields(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field whose value differs."""
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class Holiday(TimeStampedModel):
    """A day the yearly announcements move: a day off the computation does not know, or a day that is a
    working day although the computation says otherwise (core/workdays.py, ADR 0012)."""

    class Kind(models.TextChoices):
        OFF = "off", _("Nghỉ")
        WORK = "work", _("Làm việc (làm bù)")

    date = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=4, choices=Kind.choices, default=Kind.OFF)
    note = models.TextField(_("ghi chú"), blank=True, help_text=_("Căn cứ: số, ngày của thông báo, quyết định."))

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("ngày nghỉ, ngày làm bù")
        ordering = ["-date"]
        constraints = [models.CheckConstraint(condition=models.Q(kind__in=["off", "work"]), name="core_holiday_kind")]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name} ({self.get_kind_display()})"
