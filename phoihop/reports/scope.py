"""What a report, a dashboard or a roll-up counts: one organisation (or a program), optionally with the
organisations of its administrative subtree, over a period that ends at a data cut-off.

Every indicator (reports/indicators.py) takes a `Scope` and nothing else, so the report, the dashboard and
the roll-up ask the same question the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.db.models import Q
from django.utils import timezone

from phoihop.orgs.visibility import rollup_prefix


@dataclass(frozen=True)
class Scope:
    organization_id: int
    date_from: dt.date
    date_to: dt.date  # the data cut-off: nothing after the end of this day counts
    # unit-path prefix of the subtree counted with the organisation: None = the organisation alone,
    # "" = every organisation (central level), "56/" = everything under unit path 56
    prefix: str | None = None
    program_id: int | None = None

    @classmethod
    def of(cls, org, date_from: dt.date, date_to: dt.date, *, subtree: bool = False, program_id=None) -> Scope:
        return cls(
            organization_id=org.pk,
            date_from=date_from,
            date_to=date_to,
            prefix=rollup_prefix(org) if subtree else None,
            program_id=program_id,
        )

    # --- time --------------------------------------------------------------------------------------

    @property
    def start(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.date_from, dt.time.min))

    @property
    def end(self) -> dt.datetime:
        """The first instant after the cut-off day."""
        return timezone.make_aware(dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time.min))

    def previous(self) -> Scope:
        """The period of the same length just before (a year before a year, a quarter before a quarter)."""
        f, t = self.date_from, self.date_to
        if f.day == 1 and (t + dt.timedelta(days=1)).day == 1:  # whole months: shift by as many months
            months = (t.year - f.year) * 12 + t.month - f.month + 1
            start = _add_months(f, -months)
            return replace(self, date_from=start, date_to=f - dt.timedelta(days=1))
        length = (t - f).days + 1
        return replace(self, date_from=f - dt.timedelta(days=length), date_to=f - dt.timedelta(days=1))

    # --- organisations -----------------------------------------------------------------------------

    @property
    def everything(self) -> bool:
        return self.prefix == ""

    def party_ids(self) -> list[int]:
        """A program's parties (a program report counts what its parties did together)."""
        from phoihop.programs.models import ProgramParty

        return list(ProgramParty.objects.filter(program_id=self.program_id).values_list("organization_id", flat=True))

    def orgs_q(self, org_field: str, path_field: str | None = None) -> Q:
        """Rows whose organisation (`org_field`, an FK to Organization) is in the scope; `path_field`
        names a copy of that organisation's unit path on the row (no join). For a program: its parties."""
        if self.program_id:
            return Q(**{f"{org_field}__in": self.party_ids()})
        if self.everything:
            return Q()
        q = Q(**{f"{org_field}__id": self.organization_id})
        if self.prefix:
            q |= Q(**{f"{path_field or org_field + '__unit_path'}__startswith": self.prefix})
        return q

    def key(self) -> str:
        """A cache key part."""
        return f"{self.organization_id}:{self.prefix}:{self.program_id}:{self.date_from}:{self.date_to}"


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1, day=1)
