"""Task status transitions as data: action → (from statuses, to status, who may, reason required).

"doer": the lead organisation's members (officer, leader, org admin) and the people assigned;
"owner": the organisation that gave the task and accepts it (for plan tasks: the program's lead).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from phoihop.plans.models import TaskStatus as S


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    who: str  # "doer" | "owner"
    needs_reason: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition("start", _("Bắt đầu thực hiện"), (S.NOT_STARTED,), S.IN_PROGRESS, "doer"),
        Transition("submit", _("Gửi nghiệm thu"), (S.NOT_STARTED, S.IN_PROGRESS), S.SUBMITTED, "doer"),
        Transition("accept", _("Nghiệm thu, hoàn thành"), (S.SUBMITTED,), S.DONE, "owner"),
        Transition("return", _("Trả lại"), (S.SUBMITTED,), S.IN_PROGRESS, "owner", needs_reason=True),
        Transition(
            "cancel",
            _("Hủy nhiệm vụ"),
            (S.NOT_STARTED, S.IN_PROGRESS, S.SUBMITTED),
            S.CANCELLED,
            "owner",
            needs_reason=True,
        ),
        Transition("reopen", _("Mở lại"), (S.DONE, S.CANCELLED), S.IN_PROGRESS, "owner", needs_reason=True),
    ]
}


def available(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]
