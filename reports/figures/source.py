"""FigureSource: the one place that decides how a figure is counted.

The monthly roll-ups (violations.services.stats keeps them exact on every write) answer a whole-months
period over whole units in a few rows. They cannot answer a custom period that cuts through a month, nor a
viewer from whom some incidents in those units are hidden (an inspector with a conflict of interest): those
are counted live from the incidents the viewer may see. Both paths give the same Figures for the same
incidents, so a dashboard and a report agree whichever path each took.
"""

import datetime as dt
from functools import cached_property

from django.db.models import Q, QuerySet

from reports.figures.counts import (
    Figures,
    live_figures,
    monthly_totals,
    monthly_totals_live,
    rollup_figures,
    rollup_open_counts,
    rollup_total,
    totals_by_unit,
)
from reports.figures.people import repeat_officials, stored_repeat_officials, summed_repeat_officials
from reports.figures.scope import ReportScope
from reports.periods import Period
from units.models import Unit
from violations.access import User, hides_incidents_in_scope, scoped_incidents
from violations.models import Framework, Incident
from violations.selectors.framework import counting_framework, counting_groups
from violations.selectors.incidents import open_case_counts
from violations.services.repeat import is_month_end


class FigureSource:
    """Figures over a scope, as seen by a user (a dashboard) or by nobody in particular (a report)."""

    def __init__(self, scope: ReportScope, user: User | None = None) -> None:
        self.scope = scope
        self.user = user

    @cached_property
    def sees_everything(self) -> bool:
        """No incident in the scope is hidden from the viewer: totals over whole units are theirs."""
        return self.user is None or not hides_incidents_in_scope(self.user)

    @cached_property
    def incidents(self) -> QuerySet[Incident]:
        """The incidents the figures count, for the live path."""
        base = Incident.objects.all() if self.user is None else scoped_incidents(self.user)
        return base.filter(self.scope.q("unit"))

    def rollups_answer(self, period: Period) -> bool:
        return period.is_whole_months and self.sees_everything

    def figures(self, period: Period, framework: Framework | None = None) -> Figures:
        """The period's figures, the group totals in `framework`'s groups. The roll-ups count groups in the
        counting framework's only (violations.selectors.framework): for another one the count is live."""
        other = framework is not None and framework != counting_framework()
        if self.rollups_answer(period) and not other:
            return rollup_figures(self.scope.ids, period)
        return live_figures(self.incidents, period, counting_groups(framework) if other else None)

    def total(self, period: Period) -> int:
        """Only the number of incidents (a comparison period): one sum instead of every breakdown."""
        if self.rollups_answer(period):
            return rollup_total(self.scope.ids, period)
        return live_figures(self.incidents, period).total

    def monthly(self, months: list[dt.date]) -> list[int]:
        if self.sees_everything:
            return monthly_totals(self.scope.ids, months)
        return monthly_totals_live(self.incidents, months)

    def open_cases(self, today: dt.date) -> dict[str, int]:
        if self.sees_everything:
            return rollup_open_counts(self.scope.ids, today)
        return open_case_counts(self.incidents, today)

    def per_unit(self, units: list[Unit], period: Period) -> dict[int, dict[str, int]]:
        """Total and substantiated per unit's subtree (the sub-units table)."""
        if self.rollups_answer(period):
            return totals_by_unit([u.pk for u in units], period, ("total", "substantiated"))
        return {
            u.pk: live_figures(self.incidents.filter(ReportScope(u, ()).q("unit")), period).counts
            for u in units
        }

    def own(self, period: Period) -> dict[str, int]:
        """Total and substantiated of the incidents filed on the scope's unit itself, not on one below."""
        if self.rollups_answer(period):
            own = totals_by_unit([self.scope.unit.pk], period, ("total", "substantiated"), tree=False)
            return own.get(self.scope.unit.pk, {"total": 0, "substantiated": 0})
        counts = live_figures(self.incidents.filter(unit_id=self.scope.unit.pk), period).counts
        return {"total": counts.get("total", 0), "substantiated": counts.get("substantiated", 0)}

    def repeat(self, end: dt.date, limit: int) -> tuple[list[dict], int]:
        """Officials in two or more substantiated incidents in the window ending with `end`'s month. A window
        ending on a month's last day is read from the roll-ups: the stored window for a unit's own subtree,
        else summed per month (a merged commune with its predecessors); another end, or hidden incidents,
        need a live count."""
        if self.sees_everything and is_month_end(end):
            stored = None if self.scope.predecessors else stored_repeat_officials(self.scope.unit, end, limit)
            return stored or summed_repeat_officials(self.scope.q("unit"), end, limit=limit)
        where = self.scope.q("incident__unit")
        if not self.sees_everything:
            where &= Q(incident__in=self.incidents)
        return repeat_officials(where, end, limit=limit)
