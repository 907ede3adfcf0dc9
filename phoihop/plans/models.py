"""Annual coordination plans, tasks traced to program contents, progress reports, comments."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.fields import SearchKeyField
from phoihop.core.models import TimeStampedModel


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    CIRCULATING = "circulating", _("Đang lấy ý kiến")
    APPROVED = "approved", _("Đã thống nhất ban hành")
    CLOSED = "closed", _("Đã kết thúc")


class Plan(TimeStampedModel):
    program = models.ForeignKey(
        "programs.Program", verbose_name=_("chương trình"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên kế hoạch"), max_length=500)
    status = models.CharField(_("trạng thái"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    approved_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    number_line = models.CharField(_("số, ký hiệu"), max_length=80, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("kế hoạch phối hợp")
        verbose_name_plural = _("kế hoạch phối hợp")
        ordering = ["-year", "id"]
        constraints = [models.UniqueConstraint(fields=["program", "year"], name="plans_plan_program_year")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status in (PlanStatus.DRAFT, PlanStatus.CIRCULATING)


class PlanApproval(models.Model):
    """One party's answer to the draft plan."""

    class State(models.TextChoices):
        PENDING = "pending", _("Chưa trả lời")
        APPROVED = "approved", _("Nhất trí")
        COMMENTED = "commented", _("Có ý kiến")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="approvals")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    note = models.TextField(blank=True)
    at = models.DateTimeField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["plan", "organization"], name="plans_approval_unique")]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.organization_id} {self.state}"


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    SUBMITTED = "submitted", _("Chờ nghiệm thu")
    DONE = "done", _("Hoàn thành")
    CANCELLED = "cancelled", _("Hủy")


OPEN_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED)


class TaskKind(models.TextChoices):
    REGULAR = "regular", _("Thường xuyên")
    ADHOC = "adhoc", _("Đột xuất")


class Recurrence(models.TextChoices):
    NONE = "", _("Không lặp lại")
    MONTHLY = "monthly", _("Hàng tháng")
    QUARTERLY = "quarterly", _("Hàng quý")
    HALF_YEARLY = "half_yearly", _("6 tháng một lần")
    YEARLY = "yearly", _("Hàng năm")


class Task(TimeStampedModel):
    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    content = models.ForeignKey(
        "programs.ProgramContent",
        verbose_name=_("nội dung phối hợp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    title = models.CharField(_("nhiệm vụ"), max_length=500)
    description = models.TextField(_("mô tả"), blank=True)
    lead = models.ForeignKey(
        "orgs.Organization", verbose_name=_("cơ quan chủ trì"), on_delete=models.PROTECT, related_name="led_tasks"
    )
    owner = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("cơ quan theo dõi, nghiệm thu"),
        on_delete=models.PROTECT,
        related_name="owned_tasks",
        help_text=_("Cơ quan giao việc: nhận báo cáo và nghiệm thu."),
    )
    partners = models.ManyToManyField(
        "orgs.Organization", verbose_name=_("cơ quan phối hợp"), blank=True, related_name="partner_tasks"
    )
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), blank=True, related_name="assigned_tasks"
    )
    kind = models.CharField(_("loại"), max_length=8, choices=TaskKind.choices, default=TaskKind.REGULAR)
    recurrence = models.CharField(
        _("lặp lại"), max_length=12, choices=Recurrence.choices, default=Recurrence.NONE, blank=True
    )
    due_day = models.PositiveSmallIntegerField(_("ngày đến hạn trong kỳ"), null=True, blank=True)
    series = models.ForeignKey(
        "self",
        verbose_name=_("nhiệm vụ lặp lại gốc"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="occurrences",
    )
    period = models.CharField(
        _("kỳ"), max_length=10, blank=True, help_text=_("Kỳ của lần lặp: 2022-03, 2022-Q1, 2022-H1, 2022")
    )
    deadline = models.DateField(_("thời hạn"), null=True, blank=True, db_index=True)
    expected_output = models.CharField(_("sản phẩm dự kiến"), max_length=500, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    search_key = SearchKeyField()
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["deadline", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "period"], condition=models.Q(series__isnull=False), name="plans_task_occurrence"
            ),
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="plans_task_percent"),
            models.CheckConstraint(
                condition=models.Q(due_day__isnull=True) | models.Q(due_day__gte=1, due_day__lte=31),
                name="plans_task_due_day",
            ),
        ]
        indexes = [
            models.Index(fields=["lead", "status", "deadline"], name="plans_task_lead_status"),
            models.Index(fields=["owner", "status", "deadline"], name="plans_task_owner_status"),
            models.Index(fields=["status", "deadline"], name="plans_task_status_deadline"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return bool(self.deadline and self.is_open and self.deadline < (today or timezone.localdate()))


class TaskParty(models.Model):
    """Who a task involves, flattened for fast scoping: lead, owner, partner organisations
    (with the unit path of each, for roll-ups) — kept by the services."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Chủ trì")
        OWNER = "owner", _("Theo dõi")
        PARTNER = "partner", _("Phối hợp")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=8, choices=Role.choices)
    unit_path = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "organization", "role"], name="plans_taskparty_unique")]
        indexes = [
            models.Index(fields=["organization", "task"], name="plans_taskparty_org"),
            # pattern ops: roll-up filters are `unit_path LIKE '56/%'`, whatever the database's collation
            models.Index(
                fields=["unit_path", "task"], name="plans_taskparty_path", opclasses=["varchar_pattern_ops", "int8_ops"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.organization_id} ({self.role})"


class TaskStatusChange(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=TaskStatus.choices)
    to_status = models.CharField(max_length=12, choices=TaskStatus.choices)
    action = models.CharField(max_length=16)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    organization = models.ForeignKey("orgs.Organization", null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class ProgressReport(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress_reports")
    text = models.TextField(_("nội dung báo cáo"))
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    organization = models.ForeignKey("orgs.Organization", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(percent__lte=100), name="plans_progress_percent")]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.percent}%"


class TaskComment(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(_("ý kiến"))
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    organization = models.ForeignKey("orgs.Organization", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class TaskReminder(models.Model):
    """A reminder already sent (so the daily job sends each one once)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)  # "due-3", "due-1", "overdue"
    sent_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "kind"], name="plans_reminder_unique")]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.kind}"
