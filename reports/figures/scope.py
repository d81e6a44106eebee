"""The units a report counts: the unit's subtree plus, for a commune created by the 2025 merger, the units
whose territory it mainly took (their history and still-open cases are now its own, as on the dashboard)."""

from dataclasses import dataclass

from django.db.models import Q

from units.models import Unit
from units.selectors import primary_predecessors
from violations.access import subtrees_q


@dataclass(frozen=True)
class ReportScope:
    unit: Unit
    predecessors: tuple[Unit, ...]

    @classmethod
    def of(cls, unit: Unit) -> "ReportScope":
        return cls(unit, tuple(primary_predecessors(unit)))

    @property
    def units(self) -> list[Unit]:
        return [self.unit, *self.predecessors]

    @property
    def ids(self) -> list[int]:
        return [u.pk for u in self.units]

    def q(self, field: str) -> Q:
        """Rows whose unit (reached through `field`, e.g. "incident__unit") lies in one of the subtrees.
        Matched by id against a sub-query, as violations.access does: PostgreSQL hashes a few hundred unit
        ids instead of misjudging a LIKE on a joined table over a million incidents."""
        return Q(**{f"{field}__in": Unit.objects.filter(subtrees_q(self.units)).values("pk")})
