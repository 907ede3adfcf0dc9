"""Meetings (hội nghị, giao ban, kỳ họp): who is invited and how they answered, who attended, the minutes
and the conclusions — each of which can become a task — and private calendar feeds of organisations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.core.models import TimeStampedModel


class MeetingKind(models.TextChoices):
    SIGNING = "signing", _("Hội nghị ký kết")
    BRIEFING = "briefing", _("Giao ban định kỳ")
    REVIEW = "review", _("Hội nghị sơ kết, tổng kết")
    SPEAKERS = "speakers", _("Hội nghị báo cáo viên")
    PRESS = "press", _("Họp báo")
    HDND_SESSION = "hdnd_session", _("Kỳ họp HĐND")
    VOTERS = "voters", _("Tiếp xúc cử tri")
    WORKING = "working", _("Buổi làm việc")
    OTHER = "other", _("Khác")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Sắp diễn ra")
    HELD = "held", _("Đã họp")
    CANCELLED = "cancelled", _("Đã hủy")


class Meeting(TimeStampedModel):
    kind = models.CharField(_("loại"), max_length=16, choices=MeetingKind.choices)
    title = models.CharField(_("tên"), max_length=300)
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"))
    place = models.CharField(_("địa điểm"), max_length=300)
    chair = models.CharField(_("chủ trì"), max_length=300, blank=True)
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("cơ quan tổ chức"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=40, editable=False, default="")
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("chương trình"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("kế hoạch nhận nhiệm vụ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agenda = models.TextField(_("chương trình họp"), blank=True, max_length=10000)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    minutes = models.TextField(_("biên bản (diễn biến)"), blank=True, max_length=50000)
    secretary = models.CharField(_("thư ký"), max_length=200, blank=True)
    minutes_number_line = models.CharField(max_length=80, blank=True)
    notice_number_line = models.CharField(max_length=80, blank=True)
    notice_issued_on = models.DateField(null=True, blank=True)
    search_key = models.CharField(max_length=400, editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("cuộc họp")
        verbose_name_plural = _("cuộc họp")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["organization", "starts_at"], name="meeting_org_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """An invited organisation (answered by its people) or an invited person; the answer and attendance."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("Chưa trả lời")
        ATTEND = "attend", _("Tham dự")
        DEPUTY = "deputy", _("Cử người dự thay")
        DECLINE = "decline", _("Không tham dự")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    organization = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.CharField(_("trả lời"), max_length=8, choices=Answer.choices, default=Answer.PENDING)
    deputy = models.CharField(_("người dự thay"), max_length=200, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attended = models.BooleanField(_("có mặt"), null=True, blank=True)
    attendee = models.CharField(_("người dự"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organization__isnull=False) | models.Q(user__isnull=False), name="invitation_someone"
            ),
            models.UniqueConstraint(fields=["meeting", "organization"], name="invitation_org_once"),
            models.UniqueConstraint(fields=["meeting", "user"], name="invitation_user_once"),
        ]

    def __str__(self) -> str:
        return str(self.organization or self.user)


class Conclusion(models.Model):
    """A numbered conclusion of the meeting; with a lead and a deadline it becomes a task (linked both ways)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="conclusions")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    text = models.TextField(_("nội dung kết luận"), max_length=5000)
    lead = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("cơ quan chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    task = models.OneToOneField(
        "plans.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="conclusion"
    )

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="conclusion_number_once")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class OrgCalendarToken(models.Model):
    """The private meeting feed of an organisation: a hashed token, revocable (a new one revokes the old)."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.organization_id}"
