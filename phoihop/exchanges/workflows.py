"""Obligation status transitions as data: action → (from statuses, to status, who may, reason required).

who: "asked" — the asked organisation's officers, leaders, administrators (they supply);
"requester" — the requesting organisation's (it acknowledges or asks for more). A supply goes to
"supplied" or "partial" by the completeness its sender marks; "cancel" is the system's when a request
is closed before the obligation fell due.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from phoihop.exchanges.models import ObligationStatus as S


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    who: str  # "asked" | "requester" | "system"
    needs_reason: bool = False


SUPPLIABLE = (S.PENDING, S.PARTIAL, S.MORE_REQUESTED)

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition("supply", _("Cung cấp đầy đủ"), SUPPLIABLE, S.SUPPLIED, "asked"),
        Transition("supply_partial", _("Cung cấp một phần"), SUPPLIABLE, S.PARTIAL, "asked"),
        Transition("acknowledge", _("Xác nhận đã tiếp nhận"), (S.PARTIAL, S.SUPPLIED), S.ACKNOWLEDGED, "requester"),
        Transition("ask_more", _("Đề nghị bổ sung"), (S.PARTIAL, S.SUPPLIED), S.MORE_REQUESTED, "requester", True),
        Transition("cancel", _("Hủy (yêu cầu đã kết thúc)"), SUPPLIABLE, S.CANCELLED, "system"),
    ]
}

REVIEW_ACTIONS = ("acknowledge", "ask_more")


def available(status: str, who: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources and t.who == who]
