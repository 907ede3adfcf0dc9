"""Who may read and write reports (docs/visibility.md).

The reporting organisation's staff read and prepare its reports; its leaders approve them. A superior
department (roll-up) reads the *submitted* reports of the organisations in its subtree and of the calls it
issued, never their drafts. System administrators read everything. Everything else is missing (404).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from phoihop.accounts.permissions import has_action
from phoihop.orgs.visibility import in_rollup, rollup_prefix

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.reports.models import Report, ReportCall


def own(acting: Acting, org_id: int) -> bool:
    return acting.org is not None and acting.org.pk == org_id


def reads(acting: Acting, report: Report) -> bool:
    if acting.is_system_admin:
        return True
    if acting.org is None or not has_action(acting, "report.read"):
        return False
    if own(acting, report.organization_id):
        return True
    if not report.frozen:
        return False
    return in_rollup(acting.org, report.organization) or (
        report.call_id is not None and report.call.requester_id == acting.org.pk
    )


def prepares(acting: Acting, report: Report) -> bool:
    return own(acting, report.organization_id) and has_action(acting, "report.prepare")


def may(acting: Acting, report: Report, permission: str) -> bool:
    return own(acting, report.organization_id) and has_action(acting, permission)


def issues_calls(acting: Acting) -> bool:
    return acting.org is not None and rollup_prefix(acting.org) is not None and has_action(acting, "report.prepare")


def reads_call(acting: Acting, call: ReportCall) -> bool:
    if acting.is_system_admin:
        return True
    if acting.org is None or not has_action(acting, "report.read"):
        return False
    if call.requester_id == acting.org.pk or in_rollup(acting.org, call.requester):
        return True
    return call.addressees.filter(pk=acting.org.pk).exists()
