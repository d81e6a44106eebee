"""Assembling a report's snapshot: one plain-JSON dict, labels already in Vietnamese."""

import datetime as dt
import hashlib
import json
from typing import Any

from django.conf import settings
from django.utils import translation

from reports.content import cases, figures, people, units
from reports.content.scope import ReportScope
from reports.dashboard.figures import rollup_figures
from reports.periods import Period
from units.models import Unit
from violations.selectors.framework import framework_in_force

# Bumped when the shape changes, so the PDF template can still draw snapshots frozen in an older shape.
SNAPSHOT_SCHEMA = 1


def build_snapshot(unit: Unit, period: Period, today: dt.date) -> dict[str, Any]:
    """Everything the report shows about `unit` for `period`, counted on `today` (open cases as of then)."""
    scope = ReportScope.of(unit)
    framework = framework_in_force(period.end) or framework_in_force(today)
    with translation.override("vi"):
        current = rollup_figures(scope.ids, period)
        return {
            "schema": SNAPSHOT_SCHEMA,
            "generated_on": today.isoformat(),
            "issuer": _issuer(),
            "unit": _unit(unit),
            "predecessors": [p.name for p in scope.predecessors],
            "period": _period(period),
            "framework": figures.framework_info(framework),
            "summary": figures.summary(scope, period, current),
            "groups": figures.groups(framework, current),
            "severity": figures.by_severity(current),
            "source": figures.by_source(current),
            "sanctions": figures.sanctions(current),
            "trend": figures.trend(scope, period),
            "sub_units": units.sub_units(scope, period),
            "cases": cases.cases(scope, today),
            "people": people.people_table(scope, period),
            "repeat": people.repeat(scope, period),
        }


def snapshot_digest(snapshot: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON: key order and spacing fixed, so the database's JSON storage (jsonb
    reorders keys) does not change it. Printed in the PDF footer and on the archive page."""
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _issuer() -> dict[str, str]:
    return {
        "parent": settings.REPORTS_ISSUER_PARENT,
        "name": settings.REPORTS_ISSUER,
        "motto": settings.REPORTS_MOTTO,
        "place": settings.REPORTS_PLACE,
    }


def _unit(unit: Unit) -> dict[str, Any]:
    return {
        "id": unit.pk,
        "key": unit.key,
        "name": unit.name,
        "kind": str(unit.get_kind_display()),
        "level": unit.level,
        "parent": unit.parent.name if unit.parent_id and unit.parent else "",
    }


def _period(period: Period) -> dict[str, Any]:
    return {
        "kind": period.kind,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "label": period.label(),
    }
