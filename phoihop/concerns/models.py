"""Public concerns (vấn đề nổi cộm, bức xúc): intake from every channel, routing to agencies with a
deadline in working days, handling, the communication response, duplicates and merges.

Personal data of complainants lives apart (ConcernContact, encrypted); denunciations carry none.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.fields import SortKeyField
from phoihop.core.models import TimeStampedModel


class Topic(models.Model):
    """Two-level taxonomy kept as data: a group (parent None) and its topics."""

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    parent = models.ForeignKey(
        "self", verbose_name=_("nhóm"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_leaf(self) -> bool:
        return self.parent_id is not None


class Channel(models.TextChoices):
    VOTER_MEETING = "voter_meeting", _("Tiếp xúc cử tri")
    RECEPTION = "reception", _("Tiếp công dân")
    COMPLAINT = "complaint", _("Đơn khiếu nại")
    PETITION = "petition", _("Đơn kiến nghị")
    FEEDBACK = "feedback", _("Đơn phản ánh")
    DENUNCIATION = "denunciation", _("Đơn tố cáo")
    COLLABORATOR = "collaborator", _("Cộng tác viên dư luận xã hội")
    PRESS = "press", _("Báo chí")
    HOTLINE = "hotline", _("Đường dây nóng")
    SOCIAL = "social", _("Mạng xã hội")
    FRONT = "front", _("Mặt trận Tổ quốc")
    SECTOR = "sector", _("Báo cáo ngành")
    OTHER = "other", _("Khác")


class ConcernStatus(models.TextChoices):
    RECEIVED = "received", _("Mới tiếp nhận")
    VERIFYING = "verifying", _("Đang xác minh")
    ASSIGNED = "assigned", _("Đã giao xử lý")
    IN_HANDLING = "in_handling", _("Đang xử lý")
    RESOLVED = "resolved", _("Đã có kết quả")
    CLOSED = "closed", _("Đã kết thúc")
    REJECTED = "rejected", _("Không thụ lý")
    ESCALATED = "escalated", _("Chuyển cấp trên")


OPEN_STATUSES = (
    ConcernStatus.RECEIVED,
    ConcernStatus.VERIFYING,
    ConcernStatus.ASSIGNED,
    ConcernStatus.IN_HANDLING,
    ConcernStatus.ESCALATED,
)


class Severity(models.IntegerChoices):
    LOW = 1, _("1 - Thấp")
    MEDIUM = 2, _("2 - Trung bình")
    HIGH = 3, _("3 - Cao")
    CRITICAL = 4, _("4 - Nghiêm trọng")


class SlaRule(models.Model):
    """Handling time by severity, in working days, and the overdue margin after which the worker escalates."""

    severity = models.PositiveSmallIntegerField(_("mức độ"), choices=Severity.choices, unique=True)
    working_days = models.PositiveSmallIntegerField(_("thời hạn xử lý (ngày làm việc)"))
    escalate_after = models.PositiveSmallIntegerField(_("tự chuyển cấp trên khi quá hạn (ngày làm việc)"), default=3)

    class Meta:
        verbose_name = _("thời hạn xử lý theo mức độ")
        verbose_name_plural = _("thời hạn xử lý theo mức độ")
        ordering = ["severity"]

    def __str__(self) -> str:
        return f"{self.get_severity_display()}: {self.working_days}"


class Concern(TimeStampedModel):
    tracking_code = models.CharField(_("mã theo dõi"), max_length=20, unique=True)
    title = models.CharField(_("tiêu đề"), max_length=300)
    description = models.TextField(_("nội dung"), max_length=4000)
    topic = models.ForeignKey(Topic, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="+")
    suggested_topic = models.ForeignKey(
        Topic, verbose_name=_("lĩnh vực gợi ý"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(_("nguồn tiếp nhận"), max_length=16, choices=Channel.choices)
    unit = models.ForeignKey("geo.AdminUnit", verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=40, editable=False)
    place_given = models.CharField(_("địa danh đã khai"), max_length=200, blank=True)
    latitude = models.DecimalField(_("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    people_affected = models.PositiveIntegerField(_("số người liên quan"), null=True, blank=True)
    severity = models.PositiveSmallIntegerField(_("mức độ"), choices=Severity.choices, default=Severity.MEDIUM)
    mass_complaint = models.BooleanField(_("khiếu kiện đông người"), default=False)
    ethnic_religious = models.BooleanField(_("dân tộc, tôn giáo"), default=False)
    security_order = models.BooleanField(_("an ninh, trật tự"), default=False)
    false_information = models.BooleanField(_("thông tin sai sự thật"), default=False)
    observed_on = models.DateField(_("ngày phát hiện"), null=True, blank=True)
    source_ref = models.CharField(_("số hồ sơ, tham chiếu"), max_length=100, blank=True)
    received_at = models.DateTimeField(_("tiếp nhận lúc"), default=timezone.now)
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("cơ quan tiếp nhận"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=ConcernStatus.choices, default=ConcernStatus.RECEIVED
    )
    lead = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("cơ quan chủ trì xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField(_("hạn xử lý"), null=True, blank=True)
    escalated_to = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("chuyển cấp trên đến"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    result = models.TextField(_("kết quả xử lý"), blank=True)
    public_answer = models.TextField(_("trả lời công khai"), blank=True)
    resolved_at = models.DateTimeField(_("có kết quả lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("đã gộp vào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
        db_index=False,  # almost every row is NULL: a partial index below serves "merged into X"
    )
    reports_count = models.PositiveIntegerField(_("số lượt phản ánh"), default=1)
    # folded title + description (core.text.fold), searched accent-insensitively (ADR 0013)
    search_text = models.TextField(editable=False, default="")
    # compact folded signature for duplicate detection (concerns.similarity.signature)
    signature = models.CharField(max_length=600, editable=False, default="")
    sort_key = SortKeyField()
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("vấn đề")
        verbose_name_plural = _("vấn đề")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "-received_at"], name="concern_unit_recent"),
            models.Index(fields=["unit_path", "-received_at"], name="concern_path_recent"),
            models.Index(fields=["topic", "-received_at"], name="concern_topic_recent"),
            models.Index(fields=["status", "deadline"], name="concern_status_deadline"),
            models.Index(fields=["-received_at", "-id"], name="concern_recent"),
            models.Index(fields=["lead", "status"], name="concern_lead_status"),
            models.Index(
                fields=["merged_into"], name="concern_merged_into", condition=models.Q(merged_into__isnull=False)
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(severity__gte=1, severity__lte=4), name="concern_severity_range"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.deadline is not None and self.deadline < today

    @property
    def flags(self) -> list[str]:
        return [
            str(Concern._meta.get_field(name).verbose_name)
            for name in ("mass_complaint", "ethnic_religious", "security_order", "false_information")
            if getattr(self, name)
        ]


class ConcernParty(models.Model):
    """Organisations party to a concern (visibility, docs/visibility.md): who took it in, the lead and
    co-operating agencies, the superior it was escalated to. `unit_path` copies the organisation's,
    `concern_path` the concern's: a roll-up finds the concerns outside its area that its organisations are
    party to from this table's indexes alone, without visiting the concerns of its own area."""

    class Role(models.TextChoices):
        INTAKE = "intake", _("Tiếp nhận")
        LEAD = "lead", _("Chủ trì xử lý")
        PARTNER = "partner", _("Phối hợp")
        ESCALATED = "escalated", _("Cấp trên")
        REFUSED = "refused", _("Đã từ chối (không thuộc thẩm quyền)")

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=10, choices=Role.choices)
    unit_path = models.CharField(max_length=40, blank=True)
    concern_path = models.CharField(max_length=40, blank=True, default="", editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["concern", "organization", "role"], name="concern_party_unique")]
        indexes = [
            models.Index(fields=["organization", "concern"], name="concern_party_org"),
            models.Index(fields=["unit_path", "concern"], name="concern_party_path"),
            # "handled jointly": the few co-operating rows, found without reading every party row
            models.Index(fields=["concern"], condition=models.Q(role="partner"), name="concern_party_partner"),
        ]

    def __str__(self) -> str:
        return f"{self.concern_id} {self.role} {self.organization_id}"


class ConcernReport(models.Model):
    """One time the matter reached us (a voter's opinion, a petition, a post…). A concern has one or more;
    adding a report to an existing concern is how duplicates are absorbed at intake."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="reports")
    channel = models.CharField(_("nguồn tiếp nhận"), max_length=16, choices=Channel.choices)
    text = models.TextField(_("nội dung"), max_length=4000)
    unit = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    source_ref = models.CharField(_("số hồ sơ, tham chiếu"), max_length=100, blank=True)
    at = models.DateTimeField(_("tiếp nhận lúc"), default=timezone.now)
    organization = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=40, blank=True)  # "form", "api", "open311:<app>", "import", "quick"

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.concern_id} {self.at:%d/%m/%Y}"


class ConcernStatusChange(models.Model):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="history")
    action = models.CharField(max_length=16)
    from_status = models.CharField(max_length=12, choices=ConcernStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ConcernStatus.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    organization = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.concern_id} {self.from_status} → {self.to_status}"


class ConcernRouting(models.Model):
    """A routing decision: sent to a lead agency (with partners), or refused by it as not its competence."""

    class Kind(models.TextChoices):
        ASSIGN = "assign", _("Giao xử lý")
        REFUSE = "refuse", _("Từ chối (không thuộc thẩm quyền)")
        ESCALATE = "escalate", _("Chuyển cấp trên")

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="routings")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    suggested = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.concern_id} {self.kind} {self.organization_id}"


class ConcernMerge(models.Model):
    """`duplicate` was merged into `original` (and maybe later undone)."""

    original = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="+")
    duplicate = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.duplicate_id} → {self.original_id}"


class ResponsePhase(models.TextChoices):
    BEFORE = "before", _("Trước khi xử lý")
    DURING = "during", _("Trong khi xử lý")
    AFTER = "after", _("Sau khi xử lý")


class CommunicationResponse(models.Model):
    """What the public is told about a concern: what, by whom, in which channel, when (planned and done).
    For false information also the claim, the verified facts, the official answer and where it was published."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="responses")
    phase = models.CharField(_("giai đoạn"), max_length=8, choices=ResponsePhase.choices)
    message = models.TextField(_("nội dung thông tin"), max_length=4000)
    spokesperson = models.CharField(_("người phát ngôn, cung cấp thông tin"), max_length=200, blank=True)
    channel = models.CharField(_("kênh thông tin"), max_length=200, blank=True)
    planned_on = models.DateField(_("dự kiến"), null=True, blank=True)
    done_on = models.DateField(_("đã thực hiện ngày"), null=True, blank=True)
    claim = models.TextField(_("thông tin sai sự thật"), max_length=4000, blank=True)
    facts = models.TextField(_("sự thật đã xác minh"), max_length=4000, blank=True)
    official_answer = models.TextField(_("thông tin chính thức"), max_length=4000, blank=True)
    published_at = models.CharField(_("nơi đăng tải"), max_length=500, blank=True)
    organization = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["planned_on", "id"]

    def __str__(self) -> str:
        return f"{self.concern_id} {self.phase}"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class ConcernContact(models.Model):
    """A complainant's or petitioner's contact, encrypted at rest (concerns.crypto), never for denunciations.
    Deleted by the retention job `retention_months` after the concern is closed."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="contacts")
    report = models.OneToOneField(ConcernReport, on_delete=models.CASCADE, related_name="contact")
    sealed = models.BinaryField()  # Fernet token of a JSON object {name, phone, email, address}
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("thông tin liên hệ người phản ánh")

    def __str__(self) -> str:
        return f"{self.concern_id}"


class IntakeKey(models.Model):
    """Idempotency: a repeated POST with the same key from the same source creates nothing new."""

    source = models.CharField(max_length=60)
    key = models.CharField(max_length=120)
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="concern_intake_key_unique")]

    def __str__(self) -> str:
        return f"{self.source}:{self.key}"


class TrackingCounter(models.Model):
    """The daily sequence behind tracking codes PH.yyyymmdd.nnnn (row-locked while issuing)."""

    day = models.DateField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day} {self.last}"


class ConcernReminder(models.Model):
    """A deadline reminder already sent to the lead (so the daily job sends each one once per deadline)."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)  # "due-2", "due-0", "overdue"
    deadline = models.DateField()
    sent_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["concern", "kind", "deadline"], name="concern_reminder_unique")]

    def __str__(self) -> str:
        return f"{self.concern_id}: {self.kind} {self.deadline}"
