"""Notifications to users (in the application and by e-mail), their delivery log, each user's e-mail
preference, the private calendar feed token, and the record of periodic jobs already enqueued."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One notice for one user. Created by `services.notify`; e-mailed according to the recipient's preference."""

    class EmailState(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        SKIPPED = "skipped", _("Không gửi")
        FAILED = "failed", _("Gửi lỗi")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("loại"), max_length=64, help_text=_("Mã ngắn, ví dụ task.assigned"))
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=64, blank=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    read_at = models.DateTimeField(_("đọc lúc"), null=True, blank=True)
    email_state = models.CharField(
        _("thư điện tử"), max_length=8, choices=EmailState.choices, default=EmailState.PENDING
    )

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notif_recipient_read"),
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_created"),
            models.Index(
                fields=["recipient", "created_at"],
                condition=models.Q(email_state="pending"),
                name="notif_email_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("Gửi ngay từng thông báo")
    DIGEST = "digest", _("Gộp một thư mỗi ngày")
    OFF = "off", _("Không gửi thư")


class NotificationPreference(models.Model):
    """How a user wants notifications by e-mail. Without a row: immediately."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email_mode = models.CharField(
        _("gửi thư điện tử"), max_length=10, choices=EmailMode.choices, default=EmailMode.IMMEDIATE
    )
    digest_hour = models.PositiveSmallIntegerField(
        _("giờ gửi thư tổng hợp"),
        default=7,
        validators=[MinValueValidator(0), MaxValueValidator(23)],
        help_text=_("Giờ Việt Nam (0-23)."),
    )
    last_digest_on = models.DateField(_("ngày gửi thư tổng hợp gần nhất"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("tùy chọn thông báo")
        verbose_name_plural = _("tùy chọn thông báo")
        constraints = [
            models.CheckConstraint(condition=models.Q(digest_hour__lte=23), name="notif_pref_digest_hour"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_email_mode_display()}"


class NotificationLog(models.Model):
    """Every notification delivered, to whom, how and when (in the application, or an e-mail sent or failed)."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Thư điện tử")
        IN_APP = "in_app", _("Trong ứng dụng")

    class Status(models.TextChoices):
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Lỗi")

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("thông báo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="logs",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("kênh"), max_length=8, choices=Channel.choices)
    address = models.CharField(_("địa chỉ"), max_length=254, blank=True)
    subject = models.CharField(_("tiêu đề"), max_length=255)
    sent_at = models.DateTimeField(_("gửi lúc"), default=timezone.now, db_index=True)
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.SENT)
    error = models.TextField(_("lỗi"), blank=True)

    class Meta:
        verbose_name = _("nhật ký gửi thông báo")
        verbose_name_plural = _("nhật ký gửi thông báo")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient_id}: {self.subject}"


class CalendarToken(models.Model):
    """The secret of a user's private calendar feed. Only its SHA-256 is stored; the URL is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="+"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)

    class Meta:
        verbose_name = _("đường dẫn lịch riêng")
        verbose_name_plural = _("đường dẫn lịch riêng")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(revoked_at__isnull=True), name="notif_calendar_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"Lịch riêng #{self.pk} ({self.user_id})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class JobRun(models.Model):
    """A periodic job enqueued for one slot. Unique (name, slot): several schedulers enqueue it once."""

    name = models.CharField(_("công việc"), max_length=100)
    slot = models.CharField(_("kỳ"), max_length=32)
    enqueued_at = models.DateTimeField(_("đưa vào hàng đợi lúc"), default=timezone.now, db_index=True)
    task_result_id = models.CharField(_("mã kết quả"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("lần chạy định kỳ")
        verbose_name_plural = _("lần chạy định kỳ")
        ordering = ["-enqueued_at"]
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="notif_jobrun_name_slot")]

    def __str__(self) -> str:
        return f"{self.name} @ {self.slot}"
