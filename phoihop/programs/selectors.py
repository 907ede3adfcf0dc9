"""Reading programs and the register of legal documents, scoped to the parties and their roll-up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from phoihop.core.errors import NotFound
from phoihop.core.search import search_filter
from phoihop.orgs.visibility import visible_orgs_q
from phoihop.programs.models import LegalDocument, Program, ProgramLegalBasis, ProgramParty
from phoihop.programs.permissions import can_view_program

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting


def _visible(acting: Acting) -> QuerySet[Program]:
    qs = Program.objects.all()
    if acting.is_system_admin:
        return qs
    parties = ProgramParty.objects.filter(program=OuterRef("pk")).filter(visible_orgs_q(acting, "organization"))
    return qs.filter(Exists(parties))


def program_list(
    *,
    acting: Acting,
    q: str | None = None,
    status: str | None = None,
    org_id: int | None = None,
    year: int | None = None,
) -> QuerySet[Program]:
    qs = _visible(acting).select_related("lead").annotate(parties_count=Count("parties", distinct=True))
    if status:
        qs = qs.filter(status=status)
    if org_id:
        qs = qs.filter(parties__organization_id=org_id)
    if year:
        qs = qs.filter(period_start__lte=year, period_end__gte=year)
    if q:
        return search_filter(qs, q).order_by("rank", "-period_start", "sort_key", "id")
    return qs.order_by("-period_start", "sort_key", "id")


def program_get(*, acting: Acting, program_id) -> Program:
    try:
        program = (
            Program.objects.select_related("lead__type", "lead__unit")
            .prefetch_related(
                Prefetch(
                    "parties", queryset=ProgramParty.objects.select_related("organization__type", "organization__unit")
                ),
                "parties__organization__focal_points",
                "contents",
                Prefetch("legal_basis_links", queryset=ProgramLegalBasis.objects.select_related("document")),
                "status_changes",
                "revisions",
            )
            .get(pk=int(program_id))
        )
    except (Program.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
    if not can_view_program(acting, program):
        raise NotFound()
    return program


def legal_document_list(*, q: str | None = None) -> QuerySet[LegalDocument]:
    qs = LegalDocument.objects.all()
    if q:
        return search_filter(qs, q).order_by("rank", "-issued_on")
    return qs.order_by("-issued_on", "number_symbol")
