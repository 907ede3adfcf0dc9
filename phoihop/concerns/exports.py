"""The filtered concern list as an Excel workbook: every recorded field of each concern, and no personal
data (complainants' contacts are never read here; people are not named, only organisations)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone

from phoihop.concerns.models import ConcernParty
from phoihop.core.web import xlsx_response

MAX_ROWS = 50_000

HEADERS = [
    "Mã theo dõi",
    "Tiêu đề",
    "Nội dung",
    "Nhóm lĩnh vực",
    "Lĩnh vực",
    "Lĩnh vực gợi ý",
    "Nguồn tiếp nhận",
    "Địa bàn",
    "Địa danh đã khai",
    "Vĩ độ",
    "Kinh độ",
    "Số người liên quan",
    "Mức độ",
    "Khiếu kiện đông người",
    "Dân tộc, tôn giáo",
    "An ninh, trật tự",
    "Thông tin sai sự thật",
    "Ngày phát hiện",
    "Số hồ sơ, tham chiếu",
    "Tiếp nhận lúc",
    "Cơ quan tiếp nhận",
    "Trạng thái",
    "Quá hạn",
    "Cơ quan chủ trì xử lý",
    "Cơ quan phối hợp",
    "Hạn xử lý",
    "Chuyển cấp trên đến",
    "Kết quả xử lý",
    "Trả lời công khai",
    "Có kết quả lúc",
    "Kết thúc lúc",
    "Số lượt phản ánh",
    "Đã gộp vào",
]


def _yes(value: bool) -> str:
    return "Có" if value else ""


def _day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y") if value else ""


def concern_rows(qs):
    partners = ConcernParty.objects.filter(role=ConcernParty.Role.PARTNER).select_related("organization")
    qs = qs.select_related("suggested_topic", "escalated_to", "merged_into").prefetch_related(
        Prefetch("parties", queryset=partners, to_attr="partner_parties")
    )
    today = timezone.localdate()
    for c in qs[:MAX_ROWS]:
        yield [
            c.tracking_code,
            c.title,
            c.description,
            c.topic.parent.name if c.topic.parent_id else "",
            c.topic.name,
            c.suggested_topic.name if c.suggested_topic_id else "",
            c.get_channel_display(),
            c.unit.name,
            c.place_given,
            float(c.latitude) if c.latitude is not None else "",
            float(c.longitude) if c.longitude is not None else "",
            c.people_affected if c.people_affected is not None else "",
            c.get_severity_display(),
            _yes(c.mass_complaint),
            _yes(c.ethnic_religious),
            _yes(c.security_order),
            _yes(c.false_information),
            _day(c.observed_on),
            c.source_ref,
            _moment(c.received_at),
            c.organization.name,
            c.get_status_display(),
            _yes(c.is_overdue(today)),
            c.lead.name if c.lead_id else "",
            "; ".join(p.organization.name for p in c.partner_parties),
            _day(c.deadline),
            c.escalated_to.name if c.escalated_to_id else "",
            c.result,
            c.public_answer,
            _moment(c.resolved_at),
            _moment(c.closed_at),
            c.reports_count,
            c.merged_into.tracking_code if c.merged_into_id else "",
        ]


def concerns_xlsx(qs):
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(f"van-de-{stamp}", "Vấn đề", HEADERS, concern_rows(qs))
