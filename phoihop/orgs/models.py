"""Organisations (agencies) taking part in coordination, their types and focal points."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.core.fields import SearchKeyField, SortKeyField
from phoihop.core.models import TimeStampedModel


class DocProfile(models.TextChoices):
    STATE = "state", _("Nhà nước (Nghị định 30/2020/NĐ-CP)")
    PARTY = "party", _("Đảng (Hướng dẫn 36-HD/VPTW)")


class OrgLevel(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")


class OrgType(models.Model):
    """Kinds of organisation, kept as data (seeded by a migration, editable by administrators)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên loại"), max_length=120)
    doc_profile = models.CharField(_("thể thức văn bản mặc định"), max_length=8, choices=DocProfile.choices)
    sees_rollup = models.BooleanField(
        _("xem tổng hợp cấp dưới"),
        default=False,
        help_text=_("Cơ quan loại này xem được số liệu tổng hợp của các cơ quan thuộc địa bàn cấp dưới."),
    )
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)

    class Meta:
        verbose_name = _("loại cơ quan")
        verbose_name_plural = _("loại cơ quan")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Organization(TimeStampedModel):
    name = models.CharField(_("tên cơ quan, đơn vị"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    type = models.ForeignKey(OrgType, verbose_name=_("loại cơ quan"), on_delete=models.PROTECT)
    level = models.CharField(_("cấp"), max_length=10, choices=OrgLevel.choices)
    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    # copy of unit.path, kept by the services: roll-up filters need no join
    unit_path = models.CharField(max_length=40, blank=True, db_index=True, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    doc_symbol = models.CharField(_("ký hiệu trên văn bản"), max_length=32, help_text=_("Ví dụ: BTGTU, UBND, HĐND."))
    doc_profile = models.CharField(_("thể thức văn bản"), max_length=8, choices=DocProfile.choices)
    superior_name = models.CharField(
        _("cơ quan chủ quản (dòng trên tên cơ quan)"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: TỈNH ỦY KHÁNH HÒA, UBND TỈNH THÁI NGUYÊN."),
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    active_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    active_to = models.DateField(_("hoạt động đến"), null=True, blank=True)
    search_key = SearchKeyField()
    sort_key = SortKeyField()
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["sort_key", "id"]
        indexes = [models.Index(fields=["type", "sort_key"], name="orgs_org_type_sort")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level="central") | models.Q(unit__isnull=False),
                name="orgs_org_unit_required_below_central",
            ),
            models.CheckConstraint(
                condition=models.Q(active_to__isnull=True)
                | models.Q(active_from__isnull=True)
                | models.Q(active_to__gte=models.F("active_from")),
                name="orgs_org_active_period",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sees_rollup(self) -> bool:
        return self.type.sees_rollup


class FocalPoint(TimeStampedModel):
    """The person who receives requests and reminders for an organisation (đầu mối)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="focal_points"
    )
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="focal_points",
    )
    full_name = models.CharField(_("họ và tên"), max_length=120)
    job_title = models.CharField(_("chức vụ"), max_length=160, blank=True)
    area = models.CharField(
        _("phụ trách"), max_length=160, blank=True, help_text=_("Ví dụ: cung cấp thông tin, dư luận xã hội.")
    )
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_primary = models.BooleanField(_("đầu mối chính"), default=False)
    is_active = models.BooleanField(_("đang làm đầu mối"), default=True)

    class Meta:
        verbose_name = _("đầu mối")
        verbose_name_plural = _("đầu mối")
        ordering = ["-is_primary", "full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.organization.short_name or self.organization.name})"
