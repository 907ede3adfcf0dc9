"""Commendations (khen thưởng) and good models (mô hình hay, cách làm hiệu quả), domain.md §3.9.

A commendation is proposed by an organisation for a collective (an organisation of its own administrative
subtree, or itself) or an individual (named, with their job title and organisation, same rule), goes through
the status table of workflows.py and ends with the award decision (form, number, date, authority).
A good model is a practice of an organisation, recorded so others can copy it: published models are read by
every working user, and other organisations record that they apply it (Adoption)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.core.fields import SearchKeyField, SortKeyField
from phoihop.core.models import TimeStampedModel


class AwardForm(models.Model):
    """A form of award (hình thức khen thưởng), kept as data: giấy khen, bằng khen, cờ thi đua, …"""

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("hình thức khen thưởng")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class CommendationKind(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class CommendationStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Chờ lãnh đạo duyệt")
    APPROVED = "approved", _("Lãnh đạo đã duyệt")
    REJECTED = "rejected", _("Không đề nghị")
    AWARDED = "awarded", _("Đã khen thưởng")


class Commendation(TimeStampedModel):
    proposer = models.ForeignKey(
        "orgs.Organization", verbose_name=_("cơ quan đề nghị"), on_delete=models.PROTECT, related_name="+"
    )
    proposer_path = models.CharField(max_length=40, editable=False, default="")
    kind = models.CharField(_("đối tượng"), max_length=10, choices=CommendationKind.choices)
    nominee_org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("tập thể / cơ quan của cá nhân"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    nominee_path = models.CharField(max_length=40, editable=False, default="")
    full_name = models.CharField(_("họ và tên"), max_length=120, blank=True)
    job_title = models.CharField(_("chức vụ"), max_length=200, blank=True)
    achievements = models.TextField(_("thành tích"), max_length=10000)
    year_from = models.PositiveSmallIntegerField(_("từ năm"))
    year_to = models.PositiveSmallIntegerField(_("đến năm"))
    occasion = models.CharField(_("dịp khen thưởng"), max_length=300, blank=True)
    proposed_form = models.ForeignKey(
        AwardForm,
        verbose_name=_("hình thức đề nghị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("chương trình phối hợp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("hội nghị sơ kết, tổng kết"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=CommendationStatus.choices, default=CommendationStatus.DRAFT
    )
    reason = models.TextField(_("lý do trả lại / không đề nghị"), blank=True, max_length=2000)
    submitted_at = models.DateTimeField(_("trình lúc"), null=True, blank=True)
    decided_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    award_form = models.ForeignKey(
        AwardForm,
        verbose_name=_("hình thức khen thưởng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_number = models.CharField(_("số quyết định"), max_length=80, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    awarding_authority = models.CharField(_("cấp khen thưởng"), max_length=300, blank=True)
    search_key = SearchKeyField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["-year_to", "-pk"]
        indexes = [
            models.Index(fields=["proposer", "status"], name="commendation_proposer_status"),
            models.Index(fields=["decision_date"], name="commendation_decision_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_to__gte=models.F("year_from")), name="commendation_years_ordered"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="collective") | ~models.Q(full_name=""), name="commendation_individual_named"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="awarded")
                | (models.Q(award_form__isnull=False) & models.Q(decision_date__isnull=False)),
                name="commendation_awarded_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return self.nominee_label

    @property
    def nominee_label(self) -> str:
        if self.kind == CommendationKind.INDIVIDUAL:
            return f"{self.full_name}, {self.job_title}" if self.job_title else self.full_name
        return self.nominee_org.name

    @property
    def period_label(self) -> str:
        return str(self.year_from) if self.year_from == self.year_to else f"{self.year_from} - {self.year_to}"


class GoodModelTopic(models.Model):
    """The field of a good model (lĩnh vực), kept as data: the work of Quy chế 238, not the concerns' topics."""

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("lĩnh vực mô hình")
        verbose_name_plural = _("lĩnh vực mô hình")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class GoodModelStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PUBLISHED = "published", _("Đã công bố")


class GoodModel(TimeStampedModel):
    title = models.CharField(_("tên mô hình"), max_length=300)
    description = models.TextField(_("mô tả, cách làm"), max_length=20000)
    results = models.TextField(_("kết quả"), blank=True, max_length=10000)
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("cơ quan ghi nhận"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "orgs.Organization", verbose_name=_("đơn vị thực hiện"), on_delete=models.PROTECT, related_name="+"
    )
    topic = models.ForeignKey(GoodModelTopic, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("địa bàn"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(_("bắt đầu thực hiện"), null=True, blank=True)
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("chương trình phối hợp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=GoodModelStatus.choices, default=GoodModelStatus.DRAFT
    )
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    search_key = SearchKeyField(max_length=600)
    sort_key = SortKeyField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("mô hình hay, cách làm hiệu quả")
        verbose_name_plural = _("mô hình hay, cách làm hiệu quả")
        ordering = ["sort_key", "pk"]
        indexes = [models.Index(fields=["status", "sort_key"], name="goodmodel_status_sort")]

    def __str__(self) -> str:
        return self.title


class Adoption(models.Model):
    """An organisation records that it applies (follows) a good model."""

    good_model = models.ForeignKey(GoodModel, on_delete=models.CASCADE, related_name="adoptions")
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("cơ quan áp dụng"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True, max_length=2000)
    adopted_on = models.DateField(_("áp dụng từ ngày"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("áp dụng mô hình")
        verbose_name_plural = _("áp dụng mô hình")
        ordering = ["adopted_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["good_model", "organization"], name="adoption_org_once")]

    def __str__(self) -> str:
        return f"{self.organization_id} → {self.good_model_id}"
