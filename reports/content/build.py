"""Assembling a report's snapshot: one plain-JSON dict, labels already in Vietnamese."""

import datetime as dt
import hashlib
import json
from typing import Any

from django.utils import translation

from reports.content import people
from reports.figures import rows
from reports.figures.scope import ReportScope
from reports.figures.source import FigureSource
from reports.issuers import issuer_snapshot
from reports.narratives import narrative_text
from reports.periods import Period
from reports.recipients import recipient_lines
from units.models import Unit
from violations.models import Framework

# Bumped when the shape changes, so the PDF template can still draw snapshots frozen in an older shape.
# 2: groups and indicators carry their provenance (a working text is flagged in the PDF).
# 3: the issuing body and signer of the unit's own (reports.issuers), the "Nơi nhận", the unit's narrative,
#    and the sub-units table's row of incidents filed on the unit itself.
SNAPSHOT_SCHEMA = 3
TREND_MONTHS = 12
REPEAT_LISTED = 10


def build_snapshot(unit: Unit, period: Period, today: dt.date) -> dict[str, Any]:
    """Everything the report shows about `unit` for `period`, counted on `today` (open cases as of then).

    The figures are reports.figures' rows, the same the unit's dashboard shows; here they become plain JSON
    (names instead of objects, ISO dates), frozen with the report."""
    scope = ReportScope.of(unit)
    source = FigureSource(scope)
    framework = rows.framework_for(period, today)
    with translation.override("vi"):
        current = source.figures(period, framework)
        sub_units = rows.sub_units(source, period)
        return {
            "schema": SNAPSHOT_SCHEMA,
            "generated_on": today.isoformat(),
            "issuer": issuer_snapshot(unit, today),
            "recipients": recipient_lines(unit, today),
            "narrative": narrative_text(unit, period),
            "unit": _unit(unit),
            "predecessors": [p.name for p in scope.predecessors],
            "period": _period(period),
            "framework": _framework(framework),
            "summary": _summary(rows.summary(source, period, current)),
            "groups": rows.groups(framework, current),
            "severity": rows.by_severity(current),
            "source": rows.by_source(current),
            "sanctions": rows.sanctions(current),
            "trend": [
                {"month": f"{r['month']:%m/%Y}", "total": r["total"]}
                for r in rows.trend(source, period, TREND_MONTHS)
            ],
            "sub_units": [_sub_unit(r) for r in sub_units],
            # Incidents filed on the unit itself (a city's own departments): their own row in the table.
            "sub_units_direct": source.own(period) if sub_units else None,
            "cases": _cases(source, today),
            "people": people.people_table(scope, period),
            "repeat": _repeat(rows.repeat(source, period, REPEAT_LISTED)),
        }


def _summary(summary: dict[str, Any]) -> dict[str, Any]:
    for key in ("previous", "year_ago"):
        other = summary[key]
        summary[key] = {
            "label": other["period"].label(),
            "total": other["total"],
            "change_pct": other["change_pct"],
        }
    return summary


def _sub_unit(row: dict[str, Any]) -> dict[str, Any]:
    head = row["head"]
    return {
        "name": row["unit"].name,
        "total": row["total"],
        "substantiated": row["substantiated"],
        "staff": row["staff"],
        "rate_per_100": row["rate_per_100"],
        "head": head.full_name if head else "",
    }


def _cases(source: FigureSource, today: dt.date) -> dict[str, Any]:
    cases = rows.cases(source, today)
    cases["as_of"] = today.isoformat()
    cases["overdue_rows"] = [
        {
            "id": r["incident"].pk,
            "title": r["incident"].title,
            "unit": r["incident"].unit.name,
            "status": str(r["incident"].get_status_display()),
            "due": r["due"].isoformat(),
            "days_late": r["days_late"],
        }
        for r in rows.oldest_overdue(source, today)
    ]
    return cases


def _repeat(repeat: dict[str, Any]) -> dict[str, Any]:
    return {
        "start": f"{repeat['start']:%m/%Y}",
        "end": f"{repeat['end']:%m/%Y}",
        "total": repeat["total"],
        "rows": [
            {"name": r["official"].full_name, "staff_code": r["official"].staff_code, "count": r["count"]}
            for r in repeat["rows"]
        ],
    }


def _framework(framework: Framework | None) -> dict[str, Any] | None:
    if framework is None:
        return None
    return {
        "code": framework.code,
        "version": framework.version,
        "title": framework.title,
        "issuer": framework.issuer,
        "issued_on": framework.issued_on.isoformat(),
    }


def snapshot_digest(snapshot: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON: key order and spacing fixed, so the database's JSON storage (jsonb
    reorders keys) does not change it. Printed in the PDF footer and on the archive page."""
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


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
