"""A read-only snapshot of what the demo generator builds on: the unit tree over time and the frameworks.

Everything is read once, ordered by stable keys (never by database id), so that the same seed gives the same
data whatever ids the rows happened to get.
"""

import datetime as dt
from dataclasses import dataclass, field

from units.models import Unit, UnitLevel, UnitSuccession
from violations.models import Framework, FrameworkStatus, Indicator

# Dates are handled as proleptic ordinals inside the generator: integer arithmetic is much faster than date
# objects in the million-row loops.
NEVER = dt.date.max.toordinal()
STAFFED_LEVELS = (UnitLevel.CITY, UnitLevel.DISTRICT, UnitLevel.COMMUNE)


@dataclass(frozen=True, slots=True)
class UnitInfo:
    id: int
    key: str
    name: str
    kind: str
    level: str
    parent_id: int | None
    start: int  # first valid day (ordinal); 1 when open-ended
    end: int  # last valid day (ordinal); NEVER when open-ended

    def valid_on(self, day: int) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class IndicatorInfo:
    id: int
    code: str
    group: int  # the group's number, used to pick text templates


@dataclass(frozen=True, slots=True)
class FrameworkInfo:
    id: int
    code: str
    version: int
    effective_from: int
    indicators: tuple[IndicatorInfo, ...]


@dataclass
class World:
    units: list[UnitInfo]  # territorial units, sorted by key
    by_id: dict[int, UnitInfo]
    # predecessor id → [(successor id, is_primary)], successors in key order
    successors: dict[int, list[tuple[int, bool]]]
    frameworks: list[FrameworkInfo]  # in force order: effective_from, then version
    children: dict[int, list[int]] = field(default_factory=dict)

    def framework_on(self, day: int) -> FrameworkInfo | None:
        """Same rule as Framework.objects.in_force_on: latest effective_from, then highest version."""
        found = None
        for framework in self.frameworks:
            if framework.effective_from <= day:
                found = framework
        return found


def load_world() -> World:
    units = [_unit_info(u) for u in Unit.objects.filter(level__in=STAFFED_LEVELS).order_by("key")]
    by_id = {u.id: u for u in units}
    children: dict[int, list[int]] = {}
    for unit in units:
        if unit.parent_id in by_id:
            children.setdefault(unit.parent_id, []).append(unit.id)
    return World(units, by_id, _successors(by_id), _frameworks(), children)


def _unit_info(unit: Unit) -> UnitInfo:
    return UnitInfo(
        id=unit.pk,
        key=unit.key,
        name=unit.name,
        kind=unit.kind,
        level=unit.level,
        parent_id=unit.parent_id,
        start=unit.valid_from.toordinal() if unit.valid_from else 1,
        end=unit.valid_until.toordinal() if unit.valid_until else NEVER,
    )


def _successors(by_id: dict[int, UnitInfo]) -> dict[int, list[tuple[int, bool]]]:
    rows = UnitSuccession.objects.values_list("predecessor_id", "successor_id", "is_primary")
    result: dict[int, list[tuple[int, bool]]] = {}
    for predecessor, successor, primary in rows:
        if predecessor in by_id and successor in by_id:
            result.setdefault(predecessor, []).append((successor, primary))
    for links in result.values():
        links.sort(key=lambda link: by_id[link[0]].key)
    return result


def _frameworks() -> list[FrameworkInfo]:
    frameworks = Framework.objects.exclude(status=FrameworkStatus.DRAFT).order_by("effective_from", "version")
    result = []
    for framework in frameworks:
        indicators = (
            Indicator.objects.filter(framework=framework).select_related("group").order_by("number", "code")
        )
        result.append(
            FrameworkInfo(
                id=framework.pk,
                code=framework.code,
                version=framework.version,
                effective_from=framework.effective_from.toordinal(),
                indicators=tuple(IndicatorInfo(i.pk, i.code, i.group.number) for i in indicators),
            )
        )
    return result
