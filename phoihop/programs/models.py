"""Coordination programs (chương trình phối hợp): parties, numbered contents, legal bases, signing, versions."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.fields import SearchKeyField, SortKeyField
from phoihop.core.models import TimeStampedModel
from phoihop.core.text import vn_date_long


class LegalDocument(TimeStampedModel):
    """A shared register of the documents programs cite as their legal basis."""

    kind = models.CharField(_("loại văn bản"), max_length=60, help_text=_("Ví dụ: Quyết định, Công văn, Nghị quyết."))
    number_symbol = models.CharField(_("số, ký hiệu"), max_length=64, help_text=_("Ví dụ: 238-QĐ/TW"))
    issued_on = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    title = models.CharField(_("trích yếu"), max_length=500)
    search_key = SearchKeyField()

    class Meta:
        verbose_name = _("văn bản căn cứ")
        verbose_name_plural = _("văn bản căn cứ")
        ordering = ["-issued_on", "number_symbol"]
        constraints = [models.UniqueConstraint(fields=["number_symbol", "issued_on"], name="programs_legaldoc_unique")]

    def __str__(self) -> str:
        return f"{self.number_symbol} ({self.issued_on:%d/%m/%Y})"

    def citation(self) -> str:
        """'Quyết định số 238-QĐ/TW, ngày 30/9/2020 của Ban Bí thư … về …' as cited in a document."""
        day = f"{self.issued_on.day:02d}/{self.issued_on.month}/{self.issued_on.year}"
        if self.issued_on.month <= 2:
            day = f"{self.issued_on.day:02d}/{self.issued_on.month:02d}/{self.issued_on.year}"
        return f"{self.kind} số {self.number_symbol}, ngày {day} của {self.issuer} {self.title}".strip()


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    CIRCULATING = "circulating", _("Đang lấy ý kiến")
    EFFECTIVE = "effective", _("Đang hiệu lực")
    ENDED = "ended", _("Hết thời hạn")
    TERMINATED = "terminated", _("Chấm dứt")
    SUPERSEDED = "superseded", _("Được thay thế")


class Program(TimeStampedModel):
    title = models.CharField(_("tên chương trình"), max_length=500)
    period_start = models.PositiveSmallIntegerField(_("từ năm"))
    period_end = models.PositiveSmallIntegerField(_("đến năm"))
    lead = models.ForeignKey(
        "orgs.Organization", verbose_name=_("cơ quan chủ trì"), on_delete=models.PROTECT, related_name="led_programs"
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT
    )
    legal_bases = models.ManyToManyField(
        LegalDocument, through="ProgramLegalBasis", verbose_name=_("căn cứ"), blank=True
    )
    purpose = models.TextField(_("mục đích, yêu cầu"), blank=True)
    info_regime = models.TextField(_("chế độ thông tin"), blank=True)
    briefing_frequency = models.CharField(_("chế độ giao ban"), max_length=200, blank=True)
    methods = models.TextField(_("phương thức phối hợp khác"), blank=True)
    implementation = models.TextField(_("tổ chức thực hiện"), blank=True)
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    signed_place = models.CharField(_("nơi ký"), max_length=120, blank=True)
    signing_meeting = models.CharField(_("hội nghị ký kết"), max_length=300, blank=True)
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    end_reason = models.TextField(_("lý do kết thúc"), blank=True)
    superseded_by = models.ForeignKey(
        "self", verbose_name=_("được thay thế bởi"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # the printed number line from the lead's number register, set at signing ("Số: 05/CTr-BTGTU-HĐND")
    number_line = models.CharField(_("số, ký hiệu"), max_length=80, blank=True)
    revision = models.PositiveSmallIntegerField(_("lần sửa đổi"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    search_key = SearchKeyField()
    sort_key = SortKeyField()
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("chương trình phối hợp")
        verbose_name_plural = _("chương trình phối hợp")
        ordering = ["-period_start", "sort_key", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="programs_program_period_order"
            )
        ]
        indexes = [models.Index(fields=["status", "-period_start"], name="programs_status_period")]

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        return f"{self.period_start} - {self.period_end}"

    @property
    def is_editable(self) -> bool:
        return self.status in (ProgramStatus.DRAFT, ProgramStatus.CIRCULATING)

    def signed_line(self) -> str:
        return vn_date_long(self.signed_on) if self.signed_on else ""


class ProgramLegalBasis(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="legal_basis_links")
    document = models.ForeignKey(LegalDocument, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["program", "document"], name="programs_basis_unique")]

    def __str__(self) -> str:
        return f"{self.program_id}: {self.document}"


class PartyRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    PARTNER = "partner", _("Phối hợp")


class PartyResponse(models.TextChoices):
    PENDING = "pending", _("Chưa trả lời")
    AGREED = "agreed", _("Nhất trí")
    COMMENTED = "commented", _("Có ý kiến")


class ProgramParty(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="program_parties"
    )
    role = models.CharField(_("vai trò"), max_length=8, choices=PartyRole.choices, default=PartyRole.PARTNER)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    signatory_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signatory_title = models.CharField(_("chức vụ người ký"), max_length=160, blank=True)
    signing_authority = models.CharField(
        _("thẩm quyền ký"), max_length=120, blank=True, help_text=_("Ví dụ: T/M BAN THƯỜNG VỤ, TM. THƯỜNG TRỰC HĐND")
    )
    responsibilities = models.TextField(_("trách nhiệm"), blank=True)
    response = models.CharField(
        _("ý kiến"), max_length=10, choices=PartyResponse.choices, default=PartyResponse.PENDING
    )
    response_note = models.TextField(_("nội dung ý kiến"), blank=True)
    responded_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("bên tham gia")
        verbose_name_plural = _("bên tham gia")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["program", "organization"], name="programs_party_unique")]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class ProgramContent(models.Model):
    """A numbered coordination content (nội dung phối hợp)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="contents")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    title = models.TextField(_("nội dung"))

    class Meta:
        verbose_name = _("nội dung phối hợp")
        verbose_name_plural = _("nội dung phối hợp")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["program", "number"], name="programs_content_number")]

    def __str__(self) -> str:
        return f"({self.number}) {self.title[:80]}"


class ProgramRevision(models.Model):
    """A readable copy of a program as it was before a change of state or an amendment."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-revision", "-id"]
        constraints = [models.UniqueConstraint(fields=["program", "revision"], name="programs_revision_unique")]

    def __str__(self) -> str:
        return f"{self.program_id} v{self.revision}"


class ProgramStatusChange(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=ProgramStatus.choices)
    to_status = models.CharField(max_length=12, choices=ProgramStatus.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    organization = models.ForeignKey("orgs.Organization", null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
