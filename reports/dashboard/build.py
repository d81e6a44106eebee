"""A leader's dashboard: the figures of reports.figures (the same rows the unit's report freezes), each
number linked to the incident list that shows exactly its incidents; plus the peers' ranking and the map."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.html import format_html_join

from officials.headcount import subtree_headcounts
from reports.dashboard.links import list_url, unit_dashboard_urls, unit_list_urls
from reports.figures import rows
from reports.figures.counts import totals_by_unit
from reports.figures.scope import ReportScope
from reports.figures.source import FigureSource
from reports.periods import Period
from units.models import Unit, UnitLevel
from violations.access import User
from violations.models.incident import OPEN_STATUSES

TREND_MONTHS = 24
REPEAT_LISTED = 20


@dataclass
class Figure:
    value: int
    url: str


def build_dashboard(user: User, scope: ReportScope, period: Period) -> dict[str, Any]:
    source = FigureSource(scope, user)
    today = timezone.localdate()
    framework = rows.framework_for(period, today)
    current = source.figures(period, framework)
    summary = rows.summary(source, period, current)
    by_group = _by_group(scope, period, rows.groups(framework, current))
    trend = _trend(scope, rows.trend(source, period, TREND_MONTHS))
    return {
        "scope": scope,
        "period": period,
        "figures": current,
        "total": Figure(summary["total"], list_url(scope, period)),
        "previous": _comparison(scope, summary["previous"]),
        "year_ago": _comparison(scope, summary["year_ago"]),
        "by_group": by_group,
        "by_severity": _by_choice(scope, period, rows.by_severity(current), "severity"),
        "by_source": _by_choice(scope, period, rows.by_source(current), "source"),
        "cases": _cases(scope, rows.cases(source, today)),
        "substantiated": _substantiated(scope, period, summary),
        "sanctions": _sanctions(scope, period, rows.sanctions(current)),
        "headcount": summary["headcount"],
        "rate": summary["rate_per_100"],
        "percentile": _percentile(scope.unit, period, summary["rate_per_100"]),
        "trend": trend,
        "trend_chart": {
            "labels": [f"{r['month']:%m/%Y}" for r in trend],
            "values": [r["figure"].value for r in trend],
        },
        "indicator_chart": {
            "labels": [row["code"] for g in by_group for row in g["indicators"]],
            "values": [row["figure"].value for g in by_group for row in g["indicators"]],
        },
        "sub_units": _sub_units(period, rows.sub_units(source, period)),
        "repeat": _repeat(scope, rows.repeat(source, period, REPEAT_LISTED)),
        "map": _map_points(scope, period),
    }


def _comparison(scope: ReportScope, other: dict[str, Any]) -> dict[str, Any]:
    return {
        "period": other["period"],
        "figure": Figure(other["total"], list_url(scope, other["period"])),
        "change_pct": other["change_pct"],
    }


def _by_group(scope: ReportScope, period: Period, groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **group,
            "figure": Figure(group["total"], list_url(scope, period, group=group["number"])),
            "indicators": [
                {**row, "figure": Figure(row["count"], list_url(scope, period, indicator=row["code"]))}
                for row in group["indicators"]
            ],
        }
        for group in groups
    ]


def _by_choice(scope: ReportScope, period: Period, breakdown: list[dict], param: str) -> list[dict]:
    return [
        {**row, "figure": Figure(row["count"], list_url(scope, period, **{param: row["key"]}))}
        for row in breakdown
    ]


def _cases(scope: ReportScope, cases: dict[str, Any]) -> dict[str, Figure]:
    open_statuses = [str(s) for s in OPEN_STATUSES]
    return {
        "open": Figure(cases["open"], list_url(scope, status=open_statuses)),
        "due": Figure(cases["due_soon"], list_url(scope, deadline="due30")),
        "overdue": Figure(cases["overdue"], list_url(scope, deadline="overdue")),
    }


def _substantiated(scope: ReportScope, period: Period, summary: dict[str, Any]) -> dict[str, Any]:
    return {
        "yes": Figure(summary["substantiated"], list_url(scope, period, conclusion="yes")),
        "no": Figure(summary["unsubstantiated"], list_url(scope, period, conclusion="no")),
        "share_pct": summary["share_substantiated_pct"],
    }


def _sanctions(scope: ReportScope, period: Period, sanctions: list[dict]) -> list[dict]:
    window = {"sanctioned_from": f"{period.start:%d/%m/%Y}", "sanctioned_to": f"{period.end:%d/%m/%Y}"}
    return [
        {**row, "figure": Figure(row["count"], list_url(scope, sanction_form=row["form"], **window))}
        for row in sanctions
    ]


def _trend(scope: ReportScope, trend: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "month": r["month"],
            "figure": Figure(r["total"], list_url(scope, Period.month(r["month"].year, r["month"].month))),
        }
        for r in trend
    ]


def _sub_units(period: Period, sub_units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row linked to its own dashboard and lists (a city has some 130 rows: the links share a prefix)."""
    dashboard, everything, substantiated = (
        unit_dashboard_urls(period),
        unit_list_urls(period),
        unit_list_urls(period, conclusion="yes"),
    )
    linked = []
    for row in sub_units:
        pk = row["unit"].pk
        linked.append(
            {
                **row,
                "dashboard_url": dashboard(pk),
                "total": Figure(row["total"], everything(pk)),
                "substantiated": Figure(row["substantiated"], substantiated(pk)),
                "rate": row["rate_per_100"],
            }
        )
    return linked


def _repeat(scope: ReportScope, repeat: dict[str, Any]) -> dict[str, Any]:
    window = {
        "occurred_from": f"{repeat['start']:%d/%m/%Y}",
        "occurred_to": f"{repeat['end']:%d/%m/%Y}",
        "conclusion": "yes",
    }
    for row in repeat["rows"]:
        row["url"] = list_url(scope, official=row["official"].pk, **window)
    return repeat


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


def _overlapping(qs: QuerySet[Unit], period: Period) -> QuerySet[Unit]:
    return qs.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=period.end),
        Q(valid_until__isnull=True) | Q(valid_until__gte=period.start),
    )


def _map_points(scope: ReportScope, period: Period) -> dict:
    """Communes as points on a plain SVG, sized by incidents per 100 officials: no tile server needed."""
    communes = list(
        _overlapping(Unit.objects.filter(level=UnitLevel.COMMUNE), period)
        .filter(Q(path__startswith=scope.unit.path), latitude__isnull=False, longitude__isnull=False)
        .only("pk", "name", "latitude", "longitude")
    )
    if not communes or not period.is_whole_months:
        return {"points": []}
    totals = totals_by_unit([c.pk for c in communes], period, ("total",))
    staff = subtree_headcounts(communes, period.end)
    coords = {c.pk: (float(c.longitude or 0), float(c.latitude or 0)) for c in communes}
    lons, lats = [lon for lon, _ in coords.values()], [lat for _, lat in coords.values()]
    box = (min(lons), max(lons), min(lats), max(lats))
    url = unit_list_urls(period)
    points = []
    for commune in communes:
        total = totals.get(commune.pk, {}).get("total", 0)
        rate = rows.rate_per_100(total, staff.get(commune.pk, 0)) or 0.0
        x, y = _project(*coords[commune.pk], box)
        points.append(
            {
                "unit": commune,
                "x": x,
                "y": y,
                "total": total,
                "rate": rate,
                "r": round(2 + min(rate, 50) / 5, 1),
                "url": url(commune.pk),
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
