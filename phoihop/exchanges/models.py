"""Information supply (cung cấp thông tin): requests, the obligations they create for each asked
organisation and period, the supplies that answer them, and quick reports sent without a request.

Times are aware datetimes stored in UTC; pages show them in Asia/Ho_Chi_Minh (ADR 0016).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.fields import SearchKeyField
from phoihop.core.models import TimeStampedModel


class RequestKind(models.TextChoices):
    PERIODIC = "periodic", _("Định kỳ")
    INCIDENT = "incident", _("Theo vụ việc")


class Frequency(models.TextChoices):
    NONE = "", _("Không định kỳ")
    MONTHLY = "monthly", _("Hàng tháng")
    QUARTERLY = "quarterly", _("Hàng quý")
    HALF_YEARLY = "half_yearly", _("6 tháng một lần")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Thường")
    URGENT = "urgent", _("Khẩn")
    FLASH = "flash", _("Hỏa tốc")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Đang thực hiện")
    CLOSED = "closed", _("Đã kết thúc")


class InfoRequest(TimeStampedModel):
    """Yêu cầu cung cấp thông tin: one organisation asks one or more organisations."""

    requester = models.ForeignKey(
        "orgs.Organization", verbose_name=_("cơ quan yêu cầu"), on_delete=models.PROTECT, related_name="+"
    )
    requester_path = models.CharField(max_length=40, blank=True, editable=False)
    subject = models.CharField(_("nội dung yêu cầu"), max_length=300)
    details = models.TextField(_("thông tin cần cung cấp"), blank=True)
    content = models.ForeignKey(
        "programs.ProgramContent",
        verbose_name=_("nội dung phối hợp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("loại"), max_length=10, choices=RequestKind.choices)
    frequency = models.CharField(_("định kỳ"), max_length=12, choices=Frequency.choices, blank=True, default="")
    due_day = models.PositiveSmallIntegerField(_("ngày đến hạn trong kỳ"), null=True, blank=True)
    starts_on = models.DateField(_("áp dụng từ"), null=True, blank=True)
    ends_on = models.DateField(_("áp dụng đến"), null=True, blank=True)
    deadline = models.DateTimeField(_("thời hạn"), null=True, blank=True)
    urgency = models.CharField(_("độ khẩn"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(_("trạng thái"), max_length=8, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    asked = models.ManyToManyField(
        "orgs.Organization", verbose_name=_("cơ quan được yêu cầu"), through="InfoAsked", related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    search_key = SearchKeyField()
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("yêu cầu cung cấp thông tin")
        verbose_name_plural = _("yêu cầu cung cấp thông tin")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_day__isnull=True) | models.Q(due_day__gte=1, due_day__lte=31),
                name="exchanges_request_due_day",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="periodic") & ~models.Q(frequency="") & models.Q(due_day__isnull=False))
                | (models.Q(kind="incident") & models.Q(frequency="") & models.Q(deadline__isnull=False)),
                name="exchanges_request_kind_fields",
            ),
        ]
        indexes = [models.Index(fields=["requester", "status"], name="exchanges_request_requester")]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN


class InfoAsked(models.Model):
    """An organisation asked by a request (with its unit path, for roll-up scoping without a join)."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="asked_rows")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "organization"], name="exchanges_asked_unique")]
        indexes = [
            models.Index(fields=["organization", "request"], name="exchanges_asked_org"),
            models.Index(
                fields=["unit_path", "request"],
                name="exchanges_asked_path",
                opclasses=["varchar_pattern_ops", "int8_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.organization_id}"


class ObligationStatus(models.TextChoices):
    PENDING = "pending", _("Chưa cung cấp")
    PARTIAL = "partial", _("Đã cung cấp một phần")
    SUPPLIED = "supplied", _("Đã cung cấp đầy đủ")
    MORE_REQUESTED = "more_requested", _("Được đề nghị bổ sung")
    ACKNOWLEDGED = "acknowledged", _("Đã tiếp nhận")
    CANCELLED = "cancelled", _("Không còn yêu cầu")


UNSUPPLIED_STATUSES = (ObligationStatus.PENDING, ObligationStatus.PARTIAL, ObligationStatus.MORE_REQUESTED)


class InfoObligation(TimeStampedModel):
    """Nghĩa vụ cung cấp: what one asked organisation owes for one period (periodic) or once (per incident).

    `supplied_at` is the time that decides "on time": the supply marked complete (or acknowledged) that
    still stands; asking for more clears it (ADR 0016)."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="obligations")
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("cơ quan cung cấp"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=40, blank=True)
    period = models.CharField(
        _("kỳ"), max_length=10, blank=True, help_text=_("2026-03, 2026-Q1, 2026-H1; trống: theo vụ việc")
    )
    due_at = models.DateTimeField(_("hạn cung cấp"))
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=ObligationStatus.choices, default=ObligationStatus.PENDING
    )
    supplied_at = models.DateTimeField(_("cung cấp đầy đủ lúc"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("báo lãnh đạo lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("nghĩa vụ cung cấp thông tin")
        verbose_name_plural = _("nghĩa vụ cung cấp thông tin")
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "organization", "period"], name="exchanges_obligation_unique")
        ]
        indexes = [
            models.Index(fields=["organization", "due_at"], name="exchanges_obl_org_due"),
            models.Index(fields=["status", "due_at"], name="exchanges_obl_status_due"),
            models.Index(fields=["request", "due_at"], name="exchanges_obl_request_due"),
            models.Index(
                fields=["unit_path", "due_at"],
                name="exchanges_obl_path",
                opclasses=["varchar_pattern_ops", "timestamptz_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}/{self.organization_id}/{self.period or '—'}"

    @property
    def period_label(self) -> str:
        """ "tháng 3/2026", "quý 1/2026"…; "" for a per-incident obligation."""
        from phoihop.exchanges.services import period_name

        return period_name(self.period)

    @property
    def is_unsupplied(self) -> bool:
        return self.status in UNSUPPLIED_STATUSES

    def is_overdue(self, now=None) -> bool:
        return self.supplied_at is None and self.is_unsupplied and self.due_at < (now or timezone.now())

    @property
    def on_time(self) -> bool | None:
        return None if self.supplied_at is None else self.supplied_at <= self.due_at


class Completeness(models.TextChoices):
    COMPLETE = "complete", _("Đầy đủ")
    PARTIAL = "partial", _("Một phần")


class InfoSupply(models.Model):
    """Cung cấp thông tin: one answer of the asked organisation (text and files)."""

    obligation = models.ForeignKey(InfoObligation, on_delete=models.CASCADE, related_name="supplies")
    text = models.TextField(_("thông tin cung cấp"))
    completeness = models.CharField(_("mức độ"), max_length=8, choices=Completeness.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    organization = models.ForeignKey("orgs.Organization", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("cung cấp thông tin")
        verbose_name_plural = _("cung cấp thông tin")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class ObligationEvent(models.Model):
    """The history of an obligation: supplies, acknowledgement, requests for more, cancellation."""

    obligation = models.ForeignKey(InfoObligation, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=16)
    from_status = models.CharField(max_length=16, choices=ObligationStatus.choices)
    to_status = models.CharField(max_length=16, choices=ObligationStatus.choices)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    organization = models.ForeignKey("orgs.Organization", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class ObligationReminder(models.Model):
    """A reminder already sent ("before", "due", "escalate"), so the hourly job sends each once."""

    obligation = models.ForeignKey(InfoObligation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["obligation", "kind"], name="exchanges_reminder_unique")]

    def __str__(self) -> str:
        return f"{self.obligation_id}: {self.kind}"


class QuickReport(models.Model):
    """Báo cáo nhanh: sent without a request when something happens, optionally about a concern."""

    sender = models.ForeignKey(
        "orgs.Organization", verbose_name=_("cơ quan gửi"), on_delete=models.PROTECT, related_name="+"
    )
    sender_path = models.CharField(max_length=40, blank=True, editable=False)
    subject = models.CharField(_("tiêu đề"), max_length=300)
    text = models.TextField(_("nội dung báo cáo"))
    urgency = models.CharField(_("độ khẩn"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    concern = models.ForeignKey(
        "concerns.Concern",
        verbose_name=_("vấn đề liên quan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recipients = models.ManyToManyField(
        "orgs.Organization", verbose_name=_("gửi tới"), through="QuickReportRecipient", related_name="+"
    )
    sent_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("báo cáo nhanh")
        verbose_name_plural = _("báo cáo nhanh")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class QuickReportRecipient(models.Model):
    report = models.ForeignKey(QuickReport, on_delete=models.CASCADE, related_name="recipient_rows")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "organization"], name="exchanges_quickreport_recipient")
        ]
        indexes = [models.Index(fields=["organization", "report"], name="exchanges_qr_org")]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.organization_id}"
