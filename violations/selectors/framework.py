"""Reading identification frameworks: which version applies on a day, its indicators by group, and under
which indicators and groups of a version an incident tagged against any version is counted."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from violations.models import Framework, FrameworkStatus, Indicator, IndicatorGroup, IndicatorMapping


def framework_in_force(day: dt.date) -> Framework | None:
    """The framework an incident that happened on `day` is tagged against (drafts never count). An act from
    before the directive (an inspection reaches back as far as the limitation does, to 2020 and earlier) is
    tagged against the version in force on the day the first one came into force."""
    framework = Framework.objects.in_force_on(day)
    if framework is not None:
        return framework
    first = (
        Framework.objects.exclude(status=FrameworkStatus.DRAFT)
        .order_by("effective_from")
        .values_list("effective_from", flat=True)
        .first()
    )
    return Framework.objects.in_force_on(first) if first is not None and day < first else None


def indicators_by_group(framework: Framework) -> list[tuple[IndicatorGroup, list[Indicator]]]:
    """Groups in order, each with its indicators in order: the shape of the tagging form and the reports."""
    groups = framework.groups.order_by("number")
    indicators = Indicator.objects.filter(framework=framework).order_by("number")
    by_group: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        by_group.setdefault(indicator.group_id, []).append(indicator)
    return [(group, by_group.get(group.pk, [])) for group in groups]


# --- counting across versions ------------------------------------------------------------------------------
#
# Incidents keep the indicators they were tagged with, in whatever version. Figures count them in the terms
# of one version: an old indicator counts under every indicator of that version its declared mappings lead
# to (through any intermediate versions); one with no mapping path counts under the indicator with its code.


def counting_framework() -> Framework | None:
    """The version the monthly roll-ups and the incident list's group filter count in: the newest version
    in force or set to come into force. A corrected reading of the directive, loaded with the directive's own
    effective date, thus replaces the old reading for every period at once."""
    return (
        Framework.objects.exclude(status=FrameworkStatus.DRAFT)
        .order_by("-effective_from", "-version")
        .first()
    )


def counting_targets(framework: Framework) -> dict[int, frozenset[int]]:
    """For each indicator id of any version, the ids of the indicators of `framework` it counts under
    (absent: it counts under none of them)."""
    rows = list(Indicator.objects.values_list("pk", "framework_id", "code"))
    own = {pk for pk, framework_id, _ in rows if framework_id == framework.pk}
    by_code = {code: pk for pk, framework_id, code in rows if framework_id == framework.pk}
    successors: dict[int, list[int]] = defaultdict(list)
    for from_id, to_id in IndicatorMapping.objects.values_list("from_indicator_id", "to_indicator_id"):
        successors[from_id].append(to_id)
    targets = {}
    for pk, _, code in rows:
        reached = _follow(pk, successors, own) or ({by_code[code]} if code in by_code else set())
        if reached:
            targets[pk] = frozenset(reached)
    return targets


def _follow(start: int, successors: dict[int, list[int]], own: set[int]) -> set[int]:
    """The indicators of `own` reached from `start` along the mappings (breadth first, each node once)."""
    if start in own:
        return {start}
    reached: set[int] = set()
    seen, frontier = {start}, [start]
    while frontier:
        following = []
        for node in frontier:
            for successor in successors.get(node, ()):
                if successor in seen:
                    continue
                seen.add(successor)
                if successor in own:
                    reached.add(successor)
                else:
                    following.append(successor)
        frontier = following
    return reached


def counting_groups(framework: Framework | None = None) -> dict[int, frozenset[int]]:
    """Group number of `framework` (by default the counting framework) → ids of the indicators, of any
    version, that count in it. An incident counts in a group when one of its indicators is listed there."""
    framework = framework or counting_framework()
    if framework is None:
        return {}
    group_of = dict(Indicator.objects.filter(framework=framework).values_list("pk", "group__number"))
    members: dict[int, set[int]] = defaultdict(set)
    for indicator_id, targets in counting_targets(framework).items():
        for target in targets:
            members[group_of[target]].add(indicator_id)
    return {number: frozenset(ids) for number, ids in sorted(members.items())}


def counted_under(framework: Framework, codes: Iterable[str]) -> list[int]:
    """Ids of the indicators, of any version, that count under the indicators of `framework` with these codes
    (the incident list's indicator filter, so that it lists what a dashboard's indicator figure counts)."""
    wanted = set(
        Indicator.objects.filter(framework=framework, code__in=list(codes)).values_list("pk", flat=True)
    )
    return [pk for pk, targets in counting_targets(framework).items() if targets & wanted]
