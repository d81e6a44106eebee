"""The dashboard and the emailed report say the same, for every current commune and the city.

Both read reports.figures; this holds them to it on Hanoi's real units with seeded data (the issue that
asked for it: Xã Phúc Thịnh, 11/2026, "Đang xử lý 2, Quá hạn 0" on screen, "3 / 1" in the PDF).
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.utils import timezone

from devtools.demo.seed import seed_demo
from reports.content.build import build_snapshot
from reports.dashboard.build import build_dashboard
from reports.dashboard.params import scope_from
from reports.periods import Period
from units.models import Unit, UnitLevel

pytestmark = pytest.mark.django_db
NOVEMBER = Period.month(2026, 11)


@pytest.fixture(scope="module")
def seeded(hanoi_tree, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(DEBUG=True):
        seed_demo(officials=1200, incidents=2500, seed=5, progress=False)


def _dashboard_figures(context: dict) -> dict:
    return {
        "total": context["total"].value,
        "previous": context["previous"]["figure"].value,
        "year_ago": context["year_ago"]["figure"].value,
        "groups": [(g["number"], g["figure"].value) for g in context["by_group"]],
        "indicators": [(r["code"], r["figure"].value) for g in context["by_group"] for r in g["indicators"]],
        "severity": [(r["key"], r["figure"].value) for r in context["by_severity"]],
        "source": [(r["key"], r["figure"].value) for r in context["by_source"]],
        "sanctions": [(r["form"], r["figure"].value) for r in context["sanctions"]],
        "cases": [context["cases"][k].value for k in ("open", "due", "overdue")],
        "headcount": context["headcount"],
        "rate": context["rate"],
        "trend": [r["figure"].value for r in context["trend"]][-12:],
        "sub_units": [
            (r["unit"].name, r["total"].value, r["substantiated"].value, r["staff"])
            for r in context["sub_units"]
        ],
        "repeat": context["repeat"]["total"],
    }


def _report_figures(snapshot: dict) -> dict:
    summary = snapshot["summary"]
    return {
        "total": summary["total"],
        "previous": summary["previous"]["total"],
        "year_ago": summary["year_ago"]["total"],
        "groups": [(g["number"], g["total"]) for g in snapshot["groups"]],
        "indicators": [(r["code"], r["count"]) for g in snapshot["groups"] for r in g["indicators"]],
        "severity": [(r["key"], r["count"]) for r in snapshot["severity"]],
        "source": [(r["key"], r["count"]) for r in snapshot["source"]],
        "sanctions": [(r["form"], r["count"]) for r in snapshot["sanctions"]],
        "cases": [snapshot["cases"][k] for k in ("open", "due_soon", "overdue")],
        "headcount": summary["headcount"],
        "rate": summary["rate_per_100"],
        "trend": [r["total"] for r in snapshot["trend"]],
        "sub_units": [(r["name"], r["total"], r["substantiated"], r["staff"]) for r in snapshot["sub_units"]],
        "repeat": snapshot["repeat"]["total"],
    }


def test_every_current_commune_and_the_city_show_the_same_figures_on_screen_and_in_the_report(seeded):
    admin = get_user_model().objects.get(username="quantri")
    units = list(Unit.objects.filter(level=UnitLevel.COMMUNE).valid_on(NOVEMBER.end)) + [
        Unit.objects.get(level=UnitLevel.CITY)
    ]
    assert len(units) > 100
    differing = []
    today = timezone.localdate()
    for unit in units:
        scope, _predecessors, _included = scope_from(admin, unit, {})  # the dashboard as first opened
        shown = _dashboard_figures(build_dashboard(admin, scope, NOVEMBER))
        reported = _report_figures(build_snapshot(unit, NOVEMBER, today))
        if shown != reported:
            differing.append(
                (unit.name, {k: (shown[k], reported[k]) for k in shown if shown[k] != reported[k]})
            )
    assert differing == []
    assert any(_report_figures(build_snapshot(u, NOVEMBER, today))["total"] for u in units[:20])
