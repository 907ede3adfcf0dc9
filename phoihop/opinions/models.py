"""Public-opinion reports from collaborators (dư luận xã hội): topics and moods, never persons.

A propaganda department keeps a network of collaborators (users with the collaborator role there, each
with the area and sectors they cover). They send a monthly report and quick reports; the department
compiles each month (OpinionMonth) and superiors see only aggregates. The author of a report is shown to
the receiving department's leaders only (permissions.py).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.core.models import TimeStampedModel


class OpinionTopic(models.Model):
    """What a report is about: a group of the concern taxonomy, or a policy / event (kept as data)."""

    class Kind(models.TextChoices):
        CONCERN = "concern", _("Lĩnh vực đời sống")
        POLICY = "policy", _("Chủ trương, chính sách, sự kiện")

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("nhóm"), max_length=10, choices=Kind.choices)
    concern_topic = models.ForeignKey(
        "concerns.Topic",
        verbose_name=_("lĩnh vực vấn đề"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("chủ đề dư luận")
        verbose_name_plural = _("chủ đề dư luận")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Mood(models.TextChoices):
    """The prevailing mood, from calm to upset (the order is the order of the compilation's columns)."""

    AGREE = "agree", _("Đồng tình")
    INTEREST = "interest", _("Quan tâm")
    WORRY = "worry", _("Lo lắng")
    UPSET = "upset", _("Bức xúc")


class Sector(models.TextChoices):
    CADRES = "cadres", _("Cán bộ, đảng viên")
    WORKERS = "workers", _("Công nhân, người lao động")
    FARMERS = "farmers", _("Nông dân")
    INTELLECTUALS = "intellectuals", _("Trí thức, văn nghệ sĩ")
    BUSINESS = "business", _("Doanh nhân, tiểu thương")
    YOUTH = "youth", _("Thanh niên, học sinh, sinh viên")
    VETERANS = "veterans", _("Cựu chiến binh")
    WOMEN = "women", _("Phụ nữ")
    ELDERLY = "elderly", _("Người cao tuổi")
    ETHNIC = "ethnic", _("Đồng bào dân tộc thiểu số")
    RELIGIOUS = "religious", _("Đồng bào có đạo")


class Collaborator(TimeStampedModel):
    """A collaborator of one department: the area (administrative units) and sectors covered, when active."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("ban tuyên giáo"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    units = models.ManyToManyField("geo.AdminUnit", verbose_name=_("địa bàn"), related_name="+")
    sectors = models.JSONField(_("lĩnh vực, đối tượng nắm bắt"), default=list, blank=True)
    active_from = models.DateField(_("bắt đầu"))
    active_to = models.DateField(_("kết thúc"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("cộng tác viên dư luận xã hội")
        verbose_name_plural = _("cộng tác viên dư luận xã hội")
        constraints = [models.UniqueConstraint(fields=["organization", "user"], name="opinion_collaborator_once")]

    def __str__(self) -> str:
        return self.user.full_name

    def active_in(self, first_day, last_day) -> bool:
        return self.active_from <= last_day and (self.active_to is None or self.active_to >= first_day)


class OpinionMonth(TimeStampedModel):
    """A department's month: the due day of the monthly reports, the compilation's narrative, and — once
    closed — the figures as they were (closing refuses further reports for the month)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang nhận báo cáo")
        CLOSED = "closed", _("Đã chốt")

    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("tháng"))  # the first day
    due_on = models.DateField(_("hạn gửi báo cáo tháng"))
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.OPEN)
    overview = models.TextField(_("tình hình chung"), blank=True, max_length=20000)
    notable = models.TextField(_("dư luận nổi lên"), blank=True, max_length=20000)
    forecast = models.TextField(_("dự báo tình hình"), blank=True, max_length=20000)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True, max_length=20000)
    figures = models.JSONField(null=True, blank=True, editable=False)
    number_line = models.CharField(_("số, ký hiệu"), max_length=80, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("tổng hợp dư luận tháng")
        verbose_name_plural = _("tổng hợp dư luận tháng")
        constraints = [models.UniqueConstraint(fields=["organization", "month"], name="opinion_month_once")]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y}"


class OpinionReport(TimeStampedModel):
    """A collaborator's report: monthly (one per collaborator, department and month) or quick."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Báo cáo tháng")
        QUICK = "quick", _("Báo cáo nhanh")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        SUBMITTED = "submitted", _("Đã gửi")

    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices)
    month = models.DateField(_("tháng"))
    unit = models.ForeignKey("geo.AdminUnit", verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=40, editable=False, default="")
    title = models.CharField(_("sự việc"), max_length=300, blank=True)
    happened_on = models.DateField(_("ngày xảy ra"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    concern = models.ForeignKey(
        "concerns.Concern",
        verbose_name=_("vấn đề đã mở"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("báo cáo dư luận")
        verbose_name_plural = _("báo cáo dư luận")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "author", "month"],
                condition=models.Q(kind="monthly"),
                name="opinion_monthly_once",
            )
        ]
        indexes = [models.Index(fields=["organization", "month", "status"], name="opinion_report_month")]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} {self.month:%m/%Y}"


class OpinionItem(models.Model):
    """One topic of a report: the prevailing mood, what people say, what they propose."""

    report = models.ForeignKey(OpinionReport, on_delete=models.CASCADE, related_name="items")
    topic = models.ForeignKey(OpinionTopic, verbose_name=_("chủ đề"), on_delete=models.PROTECT, related_name="+")
    mood = models.CharField(_("tâm trạng chung"), max_length=10, choices=Mood.choices)
    summary = models.TextField(_("ý kiến của Nhân dân"), max_length=3000)
    proposals = models.TextField(_("đề xuất, kiến nghị"), max_length=2000, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["report", "topic"], name="opinion_item_topic_once")]

    def __str__(self) -> str:
        return f"{self.topic}: {self.get_mood_display()}"
