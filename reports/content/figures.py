"""Counts for the period from the monthly roll-ups: summary, the 25 indicators in their groups, severity,
source, sanctions decided and the 12-month trend."""

from collections import Counter
from typing import Any

from reports.content.scope import ReportScope
from reports.dashboard.figures import Figures, monthly_totals, rollup_figures
from reports.dashboard.people import subtree_headcounts
from reports.periods import Period
from units.months import last_months
from violations import rules
from violations.models import Framework, Indicator, Severity, Source
from violations.models.stats import GROUP_COLUMNS, SEVERITY_COLUMNS, SOURCE_COLUMNS
from violations.selectors.framework import indicators_by_group

TREND_MONTHS = 12


def _change_pct(now: int, before: int) -> float | None:
    return None if before == 0 else round(100 * (now - before) / before, 1)


def _rate(total: int, staff: int) -> float | None:
    return round(100 * total / staff, 2) if staff else None


def summary(scope: ReportScope, period: Period, current: Figures) -> dict[str, Any]:
    """The period against the previous one and the same period a year earlier."""
    comparisons = {}
    for key, other in (("previous", period.previous()), ("year_ago", period.year_before())):
        total = rollup_figures(scope.ids, other).total
        comparisons[key] = {
            "label": other.label(),
            "total": total,
            "change_pct": _change_pct(current.total, total),
        }
    staff = sum(subtree_headcounts(scope.units, period.end).values())
    share = current.share_substantiated()
    return {
        "total": current.total,
        **comparisons,
        "substantiated": current.counts.get("substantiated", 0),
        "unsubstantiated": current.counts.get("unsubstantiated", 0),
        "share_substantiated_pct": None if share is None else round(100 * share, 1),
        "sanctioned": sum(current.sanctions_by_form.values()),
        "headcount": staff,
        "rate_per_100": _rate(current.total, staff),
    }


def _counts_by_code(by_indicator: dict[int, int]) -> Counter[str]:
    """Incidents tagged against an older framework version count under the same stable code."""
    codes = dict(Indicator.objects.filter(pk__in=by_indicator).values_list("pk", "code"))
    counts: Counter[str] = Counter()
    for indicator_id, n in by_indicator.items():
        counts[codes[indicator_id]] += n
    return counts


def groups(framework: Framework | None, current: Figures) -> list[dict[str, Any]]:
    if framework is None:
        return []
    by_code = _counts_by_code(current.by_indicator)
    return [
        {
            "number": group.number,
            "roman": group.roman,
            "name": group.name_vi,
            "total": current.counts.get(GROUP_COLUMNS.get(group.number, ""), 0),
            "indicators": [
                {"code": i.code, "number": i.number, "text": i.text_vi, "count": by_code[i.code]}
                for i in indicators
            ],
        }
        for group, indicators in indicators_by_group(framework)
    ]


def breakdown(current: Figures, columns: dict[str, str], choices: Any) -> list[dict[str, Any]]:
    labels = dict(choices.choices)
    return [
        {"key": key, "label": str(labels[key]), "count": current.counts.get(col, 0)}
        for key, col in columns.items()
    ]


def by_severity(current: Figures) -> list[dict[str, Any]]:
    return breakdown(current, SEVERITY_COLUMNS, Severity)


def by_source(current: Figures) -> list[dict[str, Any]]:
    return breakdown(current, SOURCE_COLUMNS, Source)


def sanctions(current: Figures) -> list[dict[str, Any]]:
    """Incidents with a sanction of each form decided in the period, lightest form first."""
    rows = sorted(current.sanctions_by_form.items(), key=lambda item: (_rank(item[0]), item[0]))
    return [{"form": form, "label": rules.sanction_label(form), "count": n} for form, n in rows]


def _rank(form: str) -> int:
    try:
        return rules.sanction_rank(form)
    except ValueError:  # a form typed by hand in old data: listed last rather than dropped
        return 99


def trend(scope: ReportScope, period: Period) -> list[dict[str, Any]]:
    months = last_months(period.end, TREND_MONTHS)
    totals = monthly_totals(scope.ids, months)
    return [{"month": f"{m:%m/%Y}", "total": n} for m, n in zip(months, totals, strict=True)]


def framework_info(framework: Framework | None) -> dict[str, Any] | None:
    if framework is None:
        return None
    return {
        "code": framework.code,
        "version": framework.version,
        "title": framework.title,
        "issuer": framework.issuer,
        "issued_on": framework.issued_on.isoformat(),
    }
