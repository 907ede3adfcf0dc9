"""Who may see and act on commendations and good models (docs/visibility.md, ADR 0020).

A commendation is seen by the proposing organisation, the nominee's organisation and the roll-up above
either, by users whose role reads commendations (not collaborators). The proposer's officers, leaders and
administrators draft, submit and record the award; its leaders approve, return or reject.
A published good model is read by every working user (a register others copy); a draft by the organisation
that recorded it and the unit that runs it. The recording organisation's staff manage it; any other
organisation's staff record that they apply it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from phoihop.accounts.permissions import has_action
from phoihop.commendations.models import GoodModelStatus
from phoihop.orgs.visibility import in_rollup

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.commendations.models import Commendation, GoodModel
    from phoihop.orgs.models import Organization
    from phoihop.programs.models import Program


def in_scope(proposer: Organization, org: Organization, program: Program | None = None) -> bool:
    """May `proposer` propose `org` (a collective, or an individual's organisation)? Itself, its administrative
    subtree, or — for a proposal tied to a coordination program both are parties to — a partner of that program
    (a department proposes the same-level partners it coordinated with at the program's review)."""
    if org.pk == proposer.pk or in_rollup(proposer, org):
        return True
    if program is None:
        return False
    parties = {p.organization_id for p in program.parties.all()}
    return proposer.pk in parties and org.pk in parties


def can_read(acting: Acting) -> bool:
    return acting.is_system_admin or (acting.org is not None and has_action(acting, "commendation.read"))


def can_view(acting: Acting, c: Commendation) -> bool:
    if acting.is_system_admin:
        return True
    if not can_read(acting):
        return False
    org = acting.org
    return any(o.pk == org.pk or in_rollup(org, o) for o in (c.proposer, c.nominee_org))


def can_propose(acting: Acting, c: Commendation | None = None) -> bool:
    if acting.org is None or not has_action(acting, "commendation.propose"):
        return False
    return c is None or c.proposer_id == acting.org.pk


def can_decide(acting: Acting, c: Commendation) -> bool:
    return acting.org is not None and c.proposer_id == acting.org.pk and has_action(acting, "commendation.decide")


def can_do(acting: Acting, c: Commendation, who: str) -> bool:
    return can_decide(acting, c) if who == "decide" else can_propose(acting, c)


def can_view_model(acting: Acting, m: GoodModel) -> bool:
    if acting.is_system_admin:
        return True
    if not can_read(acting):
        return False
    if m.status == GoodModelStatus.PUBLISHED:
        return True
    return acting.org.pk in (m.organization_id, m.unit_id)


def can_manage_models(acting: Acting) -> bool:
    return acting.org is not None and has_action(acting, "good_model.manage")


def can_manage_model(acting: Acting, m: GoodModel) -> bool:
    return can_manage_models(acting) and m.organization_id == acting.org.pk


def can_adopt(acting: Acting, m: GoodModel) -> bool:
    return (
        can_manage_models(acting)
        and m.status == GoodModelStatus.PUBLISHED
        and acting.org.pk not in (m.organization_id, m.unit_id)
    )
