"""Concern status transitions as data: action → (from statuses, to status, who may, reason required).

who: "coordinator" — the organisation that took the concern in, and the propaganda departments whose
roll-up covers its area (they verify, route, reject, close, merge); "handler" — the lead agency (it
starts, refuses as not its competence, reports the result); "superior" — the organisation a concern
was escalated to (it routes again like a coordinator).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from phoihop.concerns.models import ConcernStatus as S


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    who: str  # "coordinator" | "handler"
    needs_reason: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition("verify", _("Xác minh"), (S.RECEIVED,), S.VERIFYING, "coordinator"),
        # "assign" (route) is a service of its own: it needs the lead, partners and the deadline
        Transition("start", _("Bắt đầu xử lý"), (S.ASSIGNED,), S.IN_HANDLING, "handler"),
        # "refuse" (not our competence) goes back to the coordinators: a service of its own
        Transition("resolve", _("Báo cáo kết quả"), (S.ASSIGNED, S.IN_HANDLING), S.RESOLVED, "handler"),
        Transition("close", _("Kết thúc"), (S.RESOLVED,), S.CLOSED, "coordinator"),
        Transition("reject", _("Không thụ lý"), (S.RECEIVED, S.VERIFYING), S.REJECTED, "coordinator", True),
        Transition(
            "reopen", _("Mở lại"), (S.RESOLVED, S.CLOSED, S.REJECTED), S.VERIFYING, "coordinator", needs_reason=True
        ),
    ]
}

ROUTABLE = (S.RECEIVED, S.VERIFYING, S.ASSIGNED, S.IN_HANDLING, S.ESCALATED)
ESCALATABLE = (S.ASSIGNED, S.IN_HANDLING)


def available(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]
