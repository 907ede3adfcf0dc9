"""Hot spots (điểm nóng): warnings raised when concerns on one topic group in one area rise clearly above
their own history, or when one concern is grave (severity ≥ 3) or a mass complaint.

The detection rule is in `hotspots.rules` and docs/adr/0015-hot-spots.md. A warning is owned by the
propaganda department responsible for its area (the deepest roll-up organisation covering it); people
acknowledge it, then close it with a note. `unit_path` copies the area's path for the visibility rule.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.core.models import TimeStampedModel


class HotSpotKind(models.TextChoices):
    TREND = "trend", _("Gia tăng bất thường")
    SEVERE = "severe", _("Vụ việc nghiêm trọng")
    MASS_COMPLAINT = "mass_complaint", _("Khiếu kiện đông người")


class HotSpotStatus(models.TextChoices):
    ACTIVE = "active", _("Đang cảnh báo")
    ACKNOWLEDGED = "acknowledged", _("Đã tiếp nhận")
    CLOSED = "closed", _("Đã đóng")


OPEN_STATUSES = (HotSpotStatus.ACTIVE, HotSpotStatus.ACKNOWLEDGED)


class HotSpot(TimeStampedModel):
    kind = models.CharField(_("loại cảnh báo"), max_length=16, choices=HotSpotKind.choices)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=HotSpotStatus.choices, default=HotSpotStatus.ACTIVE
    )
    # the topic group (a Topic whose parent is None): leaf topics of one group are counted together
    topic = models.ForeignKey(
        "concerns.Topic", verbose_name=_("nhóm lĩnh vực"), on_delete=models.PROTECT, related_name="+"
    )
    # a commune (or the unit the concerns were recorded at) or, for a spread-out rise, the province
    area = models.ForeignKey("geo.AdminUnit", verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=40, editable=False)
    department = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("ban tuyên giáo phụ trách"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("mở lúc"))
    last_seen_at = models.DateTimeField(_("dấu hiệu gần nhất lúc"))
    computed_at = models.DateTimeField(_("tính lại lúc"))
    rising = models.BooleanField(_("còn vượt ngưỡng"), default=True)
    window_start = models.DateTimeField(_("cửa sổ theo dõi từ"))
    # numbers of the last computation: the current window (14 days) against the history (12 weeks)
    current_count = models.PositiveIntegerField(_("số vấn đề trong cửa sổ hiện tại"), default=0)
    baseline_mean = models.FloatField(_("mức nền (trung bình mỗi cửa sổ)"), default=0)
    baseline_std = models.FloatField(_("độ lệch chuẩn của mức nền"), default=0)
    ratio = models.FloatField(_("tỷ lệ so với mức nền"), null=True, blank=True)
    z_score = models.FloatField(_("chỉ số z"), null=True, blank=True)
    peak_count = models.PositiveIntegerField(_("số cao nhất trong cửa sổ"), default=0)
    # counts per week, oldest first; the first week starts at `series_start`
    series = models.JSONField(_("số vấn đề theo tuần"), default=list)
    series_start = models.DateTimeField(_("tuần đầu tiên bắt đầu lúc"))
    concerns = models.ManyToManyField("concerns.Concern", verbose_name=_("vấn đề"), related_name="hotspots")
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    acknowledge_note = models.TextField(_("ghi chú khi tiếp nhận"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    close_note = models.TextField(_("ghi chú khi đóng"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("điểm nóng")
        verbose_name_plural = _("điểm nóng")
        ordering = ["-last_seen_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "topic", "area"],
                condition=~models.Q(status="closed"),
                name="hotspot_one_open_per_kind_topic_area",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-last_seen_at"], name="hotspot_status_recent"),
            models.Index(fields=["unit_path", "status"], name="hotspot_path_status"),
            models.Index(fields=["department", "status"], name="hotspot_department_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.topic_id} @ {self.unit_path}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
