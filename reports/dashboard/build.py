"""A leader's dashboard: figures, comparisons, breakdowns, people and map, each with its list link."""

from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import quote

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join

from officials.selectors import unit_heads_on
from reports.content.scope import ReportScope
from reports.dashboard.figures import (
    Figures,
    live_figures,
    monthly_totals,
    monthly_totals_live,
    rollup_figures,
    rollup_open_counts,
    totals_by_unit,
)
from reports.dashboard.people import repeat_officials, stored_repeat_officials, subtree_headcounts
from reports.periods import Period
from units.models import Unit, UnitLevel
from units.months import last_months
from violations import rules
from violations.access import User, hides_incidents_in_scope, scoped_incidents, subtrees_q
from violations.models import Incident, Severity, Source
from violations.models.incident import OPEN_STATUSES
from violations.models.stats import GROUP_COLUMNS, SEVERITY_COLUMNS, SOURCE_COLUMNS
from violations.selectors.framework import framework_in_force, indicators_by_group
from violations.selectors.incidents import open_case_counts
from violations.services.repeat import has_window, repeat_window

TREND_MONTHS = 24


class Scope(ReportScope):
    """The unit a dashboard is about, optionally with the units it succeeded (before 1/7/2025): the same
    scope as a report's, plus the parameters that make the incident list show exactly its incidents."""

    def incident_q(self) -> Q:
        return self.q("unit")

    def list_params(self) -> dict[str, Any]:
        params: dict[str, Any] = {"unit": self.unit.pk}
        if self.predecessors:
            params["with_predecessors"] = "1"
        return params


@cache
def _list_path() -> str:
    return reverse("violations:incident_list")


def list_url(scope: Scope, period: Period | None = None, /, **params: Any) -> str:
    """The incident list filtered to exactly the incidents behind a figure.

    Built by hand rather than with urlencode: a city dashboard has some 500 links, and dates keep their
    readable slashes."""
    query = scope.list_params()
    if period is not None:
        query |= {"occurred_from": f"{period.start:%d/%m/%Y}", "occurred_to": f"{period.end:%d/%m/%Y}"}
    query |= params
    pairs = []
    for key, value in query.items():
        for item in value if isinstance(value, list | tuple) else (value,):
            pairs.append(f"{key}={quote(str(item), safe='/')}")
    return f"{_list_path()}?{'&'.join(pairs)}"


def _figures(user: User, scope: Scope, incidents: QuerySet[Incident], period: Period) -> Figures:
    if period.is_whole_months and not hides_incidents_in_scope(user):
        return rollup_figures(scope.ids, period)
    return live_figures(incidents, period)


def build_dashboard(user: User, scope: Scope, period: Period) -> dict[str, Any]:
    incidents = scoped_incidents(user).filter(scope.incident_q())
    current = _figures(user, scope, incidents, period)
    previous, year_ago = period.previous(), period.year_before()
    headcount = subtree_headcounts(scope.units, period.end)
    staff = sum(headcount.values())
    trend = _trend(user, scope, incidents, period)
    by_group = _by_group(scope, period, current)
    return {
        "scope": scope,
        "period": period,
        "figures": current,
        "total": _link(current.total, list_url(scope, period)),
        "previous": _comparison(user, scope, incidents, previous, current.total),
        "year_ago": _comparison(user, scope, incidents, year_ago, current.total),
        "by_group": by_group,
        "by_severity": _by_choice(scope, period, current, SEVERITY_COLUMNS, Severity, "severity"),
        "by_source": _by_choice(scope, period, current, SOURCE_COLUMNS, Source, "source"),
        "cases": _cases(user, scope, incidents),
        "substantiated": _substantiated(scope, period, current),
        "sanctions": _sanctions(scope, period, current),
        "headcount": staff,
        "rate": _rate(current.total, staff),
        "percentile": _percentile(scope.unit, period, _rate(current.total, staff)),
        "trend": trend,
        "trend_chart": {
            "labels": [f"{r['month']:%m/%Y}" for r in trend],
            "values": [r["figure"].value for r in trend],
        },
        "indicator_chart": {
            "labels": [row["indicator"].code for g in by_group for row in g["indicators"]],
            "values": [row["figure"].value for g in by_group for row in g["indicators"]],
        },
        "sub_units": _sub_units(user, scope, incidents, period),
        "repeat": _repeat(user, scope, incidents, period),
        "map": _map_points(scope, period),
    }


@dataclass
class Figure:
    value: int
    url: str


def _link(value: int, url: str) -> Figure:
    return Figure(value, url)


def _comparison(user: User, scope: Scope, incidents: QuerySet[Incident], period: Period, now: int) -> dict:
    total = _figures(user, scope, incidents, period).total
    change = None if total == 0 else round(100 * (now - total) / total, 1)
    return {"period": period, "figure": _link(total, list_url(scope, period)), "change_pct": change}


def _by_group(scope: Scope, period: Period, figures: Figures) -> list[dict]:
    framework = framework_in_force(period.end) or framework_in_force(timezone.localdate())
    if framework is None:
        return []
    groups = []
    for group, indicators in indicators_by_group(framework):
        rows = [
            {
                "indicator": i,
                "figure": _link(figures.by_indicator.get(i.pk, 0), list_url(scope, period, indicator=i.code)),
            }
            for i in indicators
        ]
        total = figures.counts.get(GROUP_COLUMNS.get(group.number, ""), 0)
        groups.append(
            {
                "group": group,
                "figure": _link(total, list_url(scope, period, group=group.number)),
                "indicators": rows,
            }
        )
    return groups


def _by_choice(
    scope: Scope, period: Period, figures: Figures, columns: dict, choices: Any, param: str
) -> list:
    labels = dict(choices.choices)
    return [
        {
            "key": key,
            "label": labels[key],
            "figure": _link(figures.counts.get(col, 0), list_url(scope, period, **{param: key})),
        }
        for key, col in columns.items()
    ]


def _cases(user: User, scope: Scope, incidents: QuerySet[Incident]) -> dict[str, Figure]:
    today = timezone.localdate()
    exact = not hides_incidents_in_scope(user)
    counts = rollup_open_counts(scope.ids, today) if exact else open_case_counts(incidents, today)
    open_statuses = [str(s) for s in OPEN_STATUSES]
    return {
        "open": _link(counts["open"], list_url(scope, status=open_statuses)),
        "due": _link(counts["due"], list_url(scope, deadline="due30")),
        "overdue": _link(counts["overdue"], list_url(scope, deadline="overdue")),
    }


def _substantiated(scope: Scope, period: Period, figures: Figures) -> dict:
    share = figures.share_substantiated()
    return {
        "yes": _link(figures.counts.get("substantiated", 0), list_url(scope, period, conclusion="yes")),
        "no": _link(figures.counts.get("unsubstantiated", 0), list_url(scope, period, conclusion="no")),
        "share_pct": None if share is None else round(100 * share, 1),
    }


def _sanctions(scope: Scope, period: Period, figures: Figures) -> list[dict]:
    window = {"sanctioned_from": f"{period.start:%d/%m/%Y}", "sanctioned_to": f"{period.end:%d/%m/%Y}"}
    rows = sorted(figures.sanctions_by_form.items(), key=lambda item: rules.sanction_rank(item[0]))
    return [
        {
            "form": form,
            "label": rules.sanction_label(form),
            "figure": _link(n, list_url(scope, sanction_form=form, **window)),
        }
        for form, n in rows
    ]


def _rate(total: int, staff: int) -> float | None:
    return round(100 * total / staff, 2) if staff else None


def _peers(unit: Unit, period: Period) -> list[Unit]:
    return list(Unit.objects.filter(level=unit.level).valid_on(period.end) | Unit.objects.filter(pk=unit.pk))


def _percentile(unit: Unit, period: Period, rate: float | None) -> dict | None:
    """Where the unit's rate stands among units of its level existing at the period's end (0 = fewest)."""
    if rate is None or unit.level == UnitLevel.CITY:
        return None
    peers = _peers(unit, period)
    if not period.is_whole_months or len(peers) < 2:
        return None
    totals = totals_by_unit([p.pk for p in peers], period, ("total",))
    staff = subtree_headcounts(peers, period.end)
    rates = [100 * totals.get(p.pk, {}).get("total", 0) / staff[p.pk] for p in peers if staff.get(p.pk)]
    below = sum(1 for r in rates if r < rate)
    return {"value": round(100 * below / len(rates)), "peers": len(rates)} if rates else None


def _trend(user: User, scope: Scope, incidents: QuerySet[Incident], period: Period) -> list[dict]:
    months = last_months(period.end, TREND_MONTHS)
    if hides_incidents_in_scope(user):
        values = monthly_totals_live(incidents, months)
    else:
        values = monthly_totals(scope.ids, months)
    return [
        {"month": m, "figure": _link(v, list_url(scope, Period.month(m.year, m.month)))}
        for m, v in zip(months, values, strict=True)
    ]


def _overlapping(qs: QuerySet[Unit], period: Period) -> QuerySet[Unit]:
    return qs.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=period.end),
        Q(valid_until__isnull=True) | Q(valid_until__gte=period.start),
    )


def _sub_units(user: User, scope: Scope, incidents: QuerySet[Incident], period: Period) -> list[dict]:
    """Children as they were during the period (a former district shows its former communes)."""
    children = list(_overlapping(scope.unit.children.all(), period).order_by("sort_key"))
    if not children:
        return []
    if period.is_whole_months and not hides_incidents_in_scope(user):
        totals = totals_by_unit([c.pk for c in children], period, ("total", "substantiated"))
    else:
        totals = {
            c.pk: live_figures(
                incidents.filter(unit__in=Unit.objects.filter(subtrees_q([c])).values("pk")), period
            ).counts
            for c in children
        }
    staff = subtree_headcounts(children, period.end)
    heads = unit_heads_on({c: min(period.end, c.valid_until or period.end) for c in children})
    rows = []
    for child in children:
        child_scope = Scope(child, ())
        counts = totals.get(child.pk, {})
        rows.append(
            {
                "unit": child,
                "total": _link(counts.get("total", 0), list_url(child_scope, period)),
                "substantiated": _link(
                    counts.get("substantiated", 0), list_url(child_scope, period, conclusion="yes")
                ),
                "staff": staff.get(child.pk, 0),
                "rate": _rate(counts.get("total", 0), staff.get(child.pk, 0)),
                "head": heads.get(child.pk),
            }
        )
    return rows


def _repeat(user: User, scope: Scope, incidents: QuerySet[Incident], period: Period) -> dict:
    start, end = repeat_window(period.end)
    hidden = hides_incidents_in_scope(user)
    if not scope.predecessors and not hidden and has_window(end):
        rows, total = stored_repeat_officials(scope.unit, end)
    else:
        # Joined straight to the units when the user sees every incident in them; else through their scope.
        where = Q(incident__in=incidents) if hidden else scope.q("incident__unit")
        rows, total = repeat_officials(where, end)
    window = {"occurred_from": f"{start:%d/%m/%Y}", "occurred_to": f"{end:%d/%m/%Y}", "conclusion": "yes"}
    for row in rows:
        row["url"] = list_url(scope, official=row["official"].pk, **window)
    return {"rows": rows, "total": total, "start": start, "end": end}


def _map_points(scope: Scope, period: Period) -> dict:
    """Communes as points on a plain SVG, sized by incidents per 100 officials: no tile server needed."""
    communes = list(
        _overlapping(Unit.objects.filter(level=UnitLevel.COMMUNE), period).filter(
            Q(path__startswith=scope.unit.path), latitude__isnull=False, longitude__isnull=False
        )
    )
    if not communes or not period.is_whole_months:
        return {"points": []}
    totals = totals_by_unit([c.pk for c in communes], period, ("total",))
    staff = subtree_headcounts(communes, period.end)
    coords = {c.pk: (float(c.longitude or 0), float(c.latitude or 0)) for c in communes}
    lons, lats = [lon for lon, _ in coords.values()], [lat for _, lat in coords.values()]
    box = (min(lons), max(lons), min(lats), max(lats))
    points = []
    for commune in communes:
        total = totals.get(commune.pk, {}).get("total", 0)
        rate = _rate(total, staff.get(commune.pk, 0)) or 0.0
        x, y = _project(*coords[commune.pk], box)
        points.append(
            {
                "unit": commune,
                "x": x,
                "y": y,
                "total": total,
                "rate": rate,
                "r": round(2 + min(rate, 50) / 5, 1),
                "url": list_url(Scope(commune, ()), period),
            }
        )
    return {"points": points, "width": 600, "height": 600, "circles": _circles(points)}


def _circles(points: list[dict]) -> str:
    """The SVG marks, drawn here rather than in the template: a city map has hundreds of them."""
    return format_html_join(
        "",
        '<a href="{}"><circle cx="{}" cy="{}" r="{}" class="pt"><title>{}: {} ({}/100)</title></circle></a>',
        ((p["url"], p["x"], p["y"], p["r"], p["unit"].name, p["total"], p["rate"]) for p in points),
    )


def _project(lon: float, lat: float, box: tuple[float, float, float, float]) -> tuple[float, float]:
    west, east, south, north = box
    span = max(east - west, north - south) or 1.0
    return round(20 + 560 * (lon - west) / span, 1), round(580 - 560 * (lat - south) / span, 1)
