"""Links from a dashboard figure: to the incident list showing exactly its incidents, and to the dashboard
of a sub-unit for the same period."""

from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import quote

from django.urls import reverse

from reports.figures.scope import ReportScope
from reports.periods import Period
from violations.filters import IncidentFilter


@cache
def _path(name: str) -> str:
    return reverse(name)


def _query(params: dict[str, Any]) -> str:
    """Built by hand rather than with urlencode: a city dashboard has some 500 links, and dates keep their
    readable slashes."""
    pairs = []
    for key, value in params.items():
        for item in value if isinstance(value, list | tuple) else (value,):
            pairs.append(f"{key}={quote(str(item), safe='/')}")
    return "&".join(pairs)


def scope_params(scope: ReportScope) -> dict[str, Any]:
    params: dict[str, Any] = {"unit": scope.unit.pk}
    if scope.predecessors:
        params["with_predecessors"] = "1"
    return params


def period_params(period: Period) -> dict[str, str]:
    return {"occurred_from": f"{period.start:%d/%m/%Y}", "occurred_to": f"{period.end:%d/%m/%Y}"}


def list_url(scope: ReportScope, period: Period | None = None, /, **params: Any) -> str:
    """The incident list filtered to exactly the incidents behind a figure. Every parameter must be one of
    the list's own filters (IncidentFilter): a renamed filter fails here, not as an unfiltered list."""
    query = scope_params(scope) | (period_params(period) if period is not None else {}) | params
    unknown = set(query) - set(IncidentFilter.base_filters)
    if unknown:
        raise ValueError(f"not filters of the incident list: {sorted(unknown)}")
    return f"{_path('violations:incident_list')}?{_query(query)}"


def unit_list_urls(period: Period, /, **params: Any) -> Callable[[int], str]:
    """list_url(ReportScope(unit, ()), period, **params) for many units (a city's communes on the map): the
    part they share is checked and built once."""
    shared = period_params(period) | params
    unknown = set(shared) - set(IncidentFilter.base_filters)
    if unknown:
        raise ValueError(f"not filters of the incident list: {sorted(unknown)}")
    prefix, rest = f"{_path('violations:incident_list')}?unit=", _query(shared)
    return lambda unit_id: f"{prefix}{unit_id}&{rest}"


def unit_dashboard_urls(period: Period) -> Callable[[int], str]:
    """dashboard_url(ReportScope(unit, ()), period) for many units."""
    prefix, rest = f"{_path('dashboard')}?unit=", _query(period.as_params())
    return lambda unit_id: f"{prefix}{unit_id}&{rest}"


def dashboard_url(scope: ReportScope, period: Period) -> str:
    """The same period on another unit's dashboard (month, quarter, year or custom range alike)."""
    query = {"unit": scope.unit.pk, **period.as_params()}
    if scope.predecessors:
        query["with_predecessors"] = "1"
    return f"{_path('dashboard')}?{_query(query)}"
