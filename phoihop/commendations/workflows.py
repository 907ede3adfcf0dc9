"""Commendation statuses as data: action → (label, from statuses, to status, who may, reason required).

who: "propose" — the proposing organisation's officers, leaders and administrators (commendation.propose);
"decide" — the proposing organisation's leaders (commendation.decide). "return" sends a submitted proposal
back to draft with a reason; "award" records the decision of the awarding authority (services.award)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from phoihop.commendations.models import CommendationStatus as S


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    who: str  # "propose" | "decide"
    needs_reason: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition("submit", _("Trình lãnh đạo duyệt"), (S.DRAFT,), S.SUBMITTED, "propose"),
        Transition("approve", _("Duyệt đề nghị"), (S.SUBMITTED,), S.APPROVED, "decide"),
        Transition("return", _("Trả lại để bổ sung"), (S.SUBMITTED,), S.DRAFT, "decide", True),
        Transition("reject", _("Không đề nghị"), (S.SUBMITTED,), S.REJECTED, "decide", True),
        Transition("award", _("Ghi nhận quyết định khen thưởng"), (S.APPROVED,), S.AWARDED, "propose"),
    ]
}

EDITABLE = (S.DRAFT,)
