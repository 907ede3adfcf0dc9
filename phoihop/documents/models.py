"""Number registers (sổ đăng ký số văn bản), Party-committee terms, and uploaded attachments."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.orgs.models import DocProfile


class PartyTerm(models.Model):
    """A Party-committee term (nhiệm kỳ); Party-profile numbers run from its first to its last day."""

    name = models.CharField(_("tên nhiệm kỳ"), max_length=80, unique=True, help_text=_("Ví dụ: Nhiệm kỳ 2020-2025."))
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))

    class Meta:
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="documents_partyterm_period"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def period_key(self) -> str:
        return f"term-{self.starts_on.year}-{self.ends_on.year}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on:
            if self.ends_on < self.starts_on:
                raise ValidationError({"ends_on": _("Ngày kết thúc phải sau ngày bắt đầu.")})
            overlapping = PartyTerm.objects.filter(starts_on__lte=self.ends_on, ends_on__gte=self.starts_on).exclude(
                pk=self.pk
            )
            if other := overlapping.first():
                raise ValidationError({"starts_on": _("Trùng thời gian với %(name)s.") % {"name": other.name}})


class NumberRegister(models.Model):
    """The running number of one organisation's documents of one type in one period (year or term)."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="number_registers"
    )
    doc_type = models.CharField(_("loại văn bản (viết tắt)"), max_length=10, help_text=_("Ví dụ: CTr, KH, BC."))
    period_key = models.CharField(_("kỳ đánh số"), max_length=20, help_text=_("Năm (2022) hoặc nhiệm kỳ."))
    profile = models.CharField(_("thể thức"), max_length=8, choices=DocProfile.choices)
    last_number = models.PositiveIntegerField(_("số cuối cùng đã cấp"), default=0)

    class Meta:
        verbose_name = _("sổ đăng ký số văn bản")
        verbose_name_plural = _("sổ đăng ký số văn bản")
        ordering = ["organization_id", "doc_type", "-period_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "doc_type", "period_key"], name="documents_register_org_type_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.doc_type} {self.period_key} ({self.organization_id})"


class IssuedNumber(models.Model):
    """One number given out; never given twice in the same register."""

    register = models.ForeignKey(NumberRegister, verbose_name=_("sổ"), on_delete=models.PROTECT, related_name="issued")
    number = models.PositiveIntegerField(_("số"))
    symbol = models.CharField(_("số và ký hiệu"), max_length=120, help_text=_("Ví dụ: 05/CTr-BTGTU-HĐND."))
    issued_on = models.DateField(_("ngày văn bản"))
    object_type = models.CharField(_("loại đối tượng"), max_length=64, blank=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("cấp lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("số văn bản đã cấp")
        verbose_name_plural = _("số văn bản đã cấp")
        ordering = ["register_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["register", "number"], name="documents_issued_register_number"),
        ]
        indexes = [models.Index(fields=["object_type", "object_id"], name="documents_issued_object")]

    def __str__(self) -> str:
        return self.symbol


class Attachment(models.Model):
    """A file attached to some record of another app (`owner_type` "plans.progressreport", `owner_id` "12")."""

    file = models.FileField(_("tệp"), upload_to="attachments/%Y/%m/", max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=200)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64, db_index=True)
    owner_type = models.CharField(_("loại đối tượng"), max_length=64)
    owner_id = models.CharField(_("mã đối tượng"), max_length=64)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="documents_attachment_owner")]

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return self.file.name.rsplit(".", 1)[-1].lower() if "." in self.file.name else ""

    @property
    def download_name(self) -> str:
        """The original name, made to end with the extension of what the file really is."""
        ext = self.extension
        name = self.original_name or "tep-dinh-kem"
        current = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if ext and current != ext and not (ext == "jpg" and current == "jpeg"):
            name = f"{name}.{ext}"
        return name
