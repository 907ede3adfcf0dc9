"""Administrative units: the current two-level structure (since 01/7/2025) and the pre-2025 one.

Both generations live in one table. `path` places every unit under the *current* province it belongs
to today, so that one prefix test answers "is this unit inside that one" across the 2025 reform:

    current province      56
    current commune       56/C22333
    legacy province       56/L56
    legacy district       56/L56/D572
    legacy commune        56/L56/D572/X22366

A current province's subtree therefore holds its communes and all the pre-2025 units it absorbed.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.core.fields import SearchKeyField, SortKeyField


class AdminUnit(models.Model):
    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Cấp tỉnh")
        DISTRICT = 2, _("Cấp huyện")
        COMMUNE = 3, _("Cấp xã")

    class Generation(models.TextChoices):
        CURRENT = "current", _("Hiện hành (từ 01/7/2025)")
        LEGACY = "legacy", _("Trước 01/7/2025")

    code = models.CharField(_("mã"), max_length=8)
    generation = models.CharField(_("thời kỳ"), max_length=8, choices=Generation.choices)
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level.choices)
    kind = models.CharField(_("loại"), max_length=32)
    name = models.CharField(_("tên"), max_length=120)
    short_name = models.CharField(_("tên ngắn"), max_length=100)
    parent = models.ForeignKey(
        "self", verbose_name=_("trực thuộc"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=40, unique=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    search_key = SearchKeyField()
    sort_key = SortKeyField()
    successors = models.ManyToManyField(
        "self",
        through="AdminUnitLink",
        through_fields=("old", "new"),
        symmetrical=False,
        related_name="predecessors",
        verbose_name=_("đơn vị kế thừa"),
    )

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["level", "sort_key"]
        constraints = [models.UniqueConstraint(fields=["generation", "code"], name="geo_unit_generation_code")]
        indexes = [models.Index(fields=["generation", "level", "sort_key"], name="geo_unit_list")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.generation == self.Generation.CURRENT


class AdminUnitLink(models.Model):
    """One pre-2025 unit whose area went (wholly or partly) into one current unit."""

    old = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="successor_links")
    new = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="predecessor_links")

    class Meta:
        verbose_name = _("liên kết đơn vị cũ → mới")
        verbose_name_plural = _("liên kết đơn vị cũ → mới")
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="geo_link_old_new")]

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"
