"""Reading identification frameworks: which version applies on a day, and its indicators by group."""

import datetime as dt

from violations.models import Framework, Indicator, IndicatorGroup


def framework_in_force(day: dt.date) -> Framework | None:
    """The framework an incident that happened on `day` is tagged against (drafts never count)."""
    return Framework.objects.in_force_on(day)


def indicators_by_group(framework: Framework) -> list[tuple[IndicatorGroup, list[Indicator]]]:
    """Groups in order, each with its indicators in order: the shape of the tagging form and the reports."""
    groups = framework.groups.order_by("number")
    indicators = Indicator.objects.filter(framework=framework).order_by("number")
    by_group: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        by_group.setdefault(indicator.group_id, []).append(indicator)
    return [(group, by_group.get(group.pk, [])) for group in groups]
