from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from reports.dashboard.build import build_dashboard
from reports.dashboard.params import period_from, scope_from
from reports.forms import DashboardUnitForm
from reports.periods import KINDS
from units.models import Unit
from violations.access import Action, get_unit_or_404, root_units, start_unit, successors_in_scope
from violations.ids import parse_id


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    roots = root_units(request.user, Action.VIEW_DASHBOARD)
    if not roots:
        raise Http404
    unit_id = parse_id(request.GET.get("unit"))
    unit = (
        get_unit_or_404(request.user, unit_id, Action.VIEW_DASHBOARD)
        if unit_id is not None
        else start_unit(request.user)
    )
    assert unit is not None  # roots is not empty
    scope, predecessors, with_predecessors = scope_from(request.user, unit, request.GET)
    context = build_dashboard(request.user, scope, period_from(request.GET, timezone.localdate()))
    context |= {
        "roots": roots,
        "unit_form": DashboardUnitForm(initial={"unit": unit.pk}, user=request.user),
        "successors": _successors_in_scope(request, unit),
        "kinds": KINDS,
        "has_predecessors": bool(predecessors),
        "with_predecessors": with_predecessors,
        "months": range(1, 13),
        "quarters": range(1, 5),
    }
    return render(request, "reports/dashboard.html", context)


def _successors_in_scope(request: HttpRequest, unit: Unit) -> list[Unit]:
    """For a dissolved unit, the current units that took its territory and that the viewer may see."""
    today = timezone.localdate()
    if unit.is_valid_on(today):
        return []
    return successors_in_scope(request.user, Action.VIEW_DASHBOARD, unit, today)
