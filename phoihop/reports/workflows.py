"""Report status transitions as data: action → (from statuses, to status, permission, reason required).

An officer prepares the report and asks for approval; a leader approves it or returns it with a reason;
an approved report can be reopened for editing (its approval lapses) or submitted upward, which freezes
it (figures as they were, a number from the BC register). A submitted report is replaced only by a new
version submitted with a reason (services.report_new_version)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from phoihop.reports.models import ReportStatus as S


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    permission: str  # an action of accounts.permissions.ROLE_ACTIONS
    needs_reason: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition("request_approval", _("Trình lãnh đạo duyệt"), (S.DRAFT,), S.PENDING, "report.prepare"),
        Transition("approve", _("Duyệt báo cáo"), (S.PENDING,), S.APPROVED, "report.approve"),
        Transition("return", _("Trả lại để sửa"), (S.PENDING,), S.DRAFT, "report.approve", True),
        Transition("reopen", _("Mở lại để sửa"), (S.APPROVED,), S.DRAFT, "report.prepare"),
        Transition("submit", _("Gửi báo cáo"), (S.APPROVED,), S.SUBMITTED, "report.prepare"),
    ]
}


def available(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]
