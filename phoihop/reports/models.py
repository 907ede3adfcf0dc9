"""Reports (báo cáo): kinds as data, calls for reports set by a superior department, the reports
themselves with their narrative, figures (live while drafted, frozen when submitted), approval and
submission, versions, and roll-ups over the subordinates' submitted reports (ADR 0019)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.models import TimeStampedModel


class ReportKind(models.Model):
    """Monthly, quarterly, 6-month, yearly, interim review (sơ kết), final review (tổng kết): data."""

    class Period(models.TextChoices):
        MONTH = "month", _("Tháng")
        QUARTER = "quarter", _("Quý")
        HALF = "half", _("6 tháng")
        YEAR = "year", _("Năm")
        FREE = "free", _("Theo giai đoạn")

    code = models.SlugField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("loại báo cáo"), max_length=120)
    period = models.CharField(_("kỳ"), max_length=8, choices=Period.choices)
    title_prefix = models.CharField(_("trích yếu mở đầu"), max_length=200)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("loại báo cáo")
        verbose_name_plural = _("loại báo cáo")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class ReportCall(TimeStampedModel):
    """A superior department asks its subordinates for a report of a kind and period, with a data
    cut-off and a deadline; it then rolls their submissions up."""

    requester = models.ForeignKey(
        "orgs.Organization", verbose_name=_("cơ quan yêu cầu"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.ForeignKey(ReportKind, verbose_name=_("loại báo cáo"), on_delete=models.PROTECT, related_name="+")
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("chương trình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("tên kỳ báo cáo"), max_length=300)
    date_from = models.DateField(_("từ ngày"))
    date_to = models.DateField(_("đến ngày"))
    cutoff = models.DateField(_("số liệu tính đến ngày"))
    deadline = models.DateField(_("hạn gửi báo cáo"))
    instructions = models.TextField(_("hướng dẫn"), blank=True, max_length=5000)
    addressees = models.ManyToManyField("orgs.Organization", verbose_name=_("cơ quan phải báo cáo"), related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-deadline", "-id"]

    def __str__(self) -> str:
        return self.title


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PENDING = "pending", _("Chờ lãnh đạo duyệt")
    APPROVED = "approved", _("Lãnh đạo đã duyệt")
    SUBMITTED = "submitted", _("Đã gửi")
    REPLACED = "replaced", _("Đã thay bằng bản mới")


NARRATIVE_FIELDS = ("results", "limitations", "lessons", "directions", "proposals")


class Report(TimeStampedModel):
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("cơ quan báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.ForeignKey(ReportKind, verbose_name=_("loại báo cáo"), on_delete=models.PROTECT, related_name="+")
    call = models.ForeignKey(
        ReportCall,
        verbose_name=_("kỳ báo cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("chương trình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rollup = models.BooleanField(_("báo cáo tổng hợp của cấp dưới"), default=False)
    subtree = models.BooleanField(_("tính cả địa bàn cấp dưới"), default=False)
    title = models.CharField(_("trích yếu"), max_length=400)
    date_from = models.DateField(_("từ ngày"))
    date_to = models.DateField(_("đến ngày"))
    cutoff = models.DateField(_("số liệu tính đến ngày"))
    deadline = models.DateField(_("hạn gửi"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    results = models.TextField(_("kết quả đạt được"), blank=True, max_length=50000)
    limitations = models.TextField(_("hạn chế, nguyên nhân"), blank=True, max_length=50000)
    lessons = models.TextField(_("bài học kinh nghiệm"), blank=True, max_length=50000)
    directions = models.TextField(_("phương hướng, nhiệm vụ kỳ tới"), blank=True, max_length=50000)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True, max_length=50000)
    figures = models.JSONField(_("số liệu"), default=dict, blank=True)
    compiled_at = models.DateTimeField(_("tổng hợp số liệu lúc"), null=True, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=160, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    number_line = models.CharField(_("số, ký hiệu"), max_length=80, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    revision = models.PositiveSmallIntegerField(_("lần gửi"), default=1)
    previous_version = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    revision_reason = models.TextField(_("lý do gửi lại"), blank=True, max_length=2000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-date_to", "-id"]
        indexes = [
            models.Index(fields=["organization", "kind", "status"], name="reports_org_kind_status"),
            models.Index(fields=["call", "organization"], name="reports_call_org"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def frozen(self) -> bool:
        return self.status in (ReportStatus.SUBMITTED, ReportStatus.REPLACED)

    @property
    def editable(self) -> bool:
        return self.status == ReportStatus.DRAFT

    @property
    def submitted_late(self) -> bool:
        return bool(self.submitted_at and timezone.localdate(self.submitted_at) > self.deadline)


class ReportStatusChange(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="history")
    action = models.CharField(max_length=16)
    from_status = models.CharField(max_length=10, choices=ReportStatus.choices)
    to_status = models.CharField(max_length=10, choices=ReportStatus.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.from_status} → {self.to_status}"
