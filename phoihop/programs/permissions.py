"""Who may read and change coordination programs (docs/visibility.md: parties see their programs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from phoihop.accounts.permissions import has_action
from phoihop.orgs.visibility import org_visible
from phoihop.programs.models import ProgramStatus

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.programs.models import Program


def can_view_program(acting: Acting, program: Program) -> bool:
    if acting.is_system_admin:
        return True
    return any(org_visible(acting, p.organization) for p in program.parties.all())


def can_create_program(acting: Acting) -> bool:
    return acting.org is not None and has_action(acting, "program.manage")


def can_manage_program(acting: Acting, program: Program) -> bool:
    """The lead organisation's officers, leaders and administrators run the program's life cycle."""
    return acting.org is not None and acting.org.id == program.lead_id and has_action(acting, "program.manage")


def can_edit_program(acting: Acting, program: Program) -> bool:
    return program.is_editable and can_manage_program(acting, program)


def can_respond_program(acting: Acting, program: Program) -> bool:
    return (
        program.status == ProgramStatus.CIRCULATING
        and acting.org is not None
        and acting.org.id != program.lead_id
        and has_action(acting, "program.respond")
        and any(p.organization_id == acting.org.id for p in program.parties.all())
    )
