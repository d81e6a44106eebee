from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from reports.dashboard.build import Scope, build_dashboard
from reports.dashboard.params import period_from
from reports.periods import KINDS
from units.selectors import primary_predecessors
from violations.access import Action, can_act_on_unit, get_unit_or_404, root_units, start_unit
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
    with_predecessors = request.GET.get("with_predecessors") == "1"
    predecessors = [
        p for p in primary_predecessors(unit) if can_act_on_unit(request.user, Action.VIEW_DASHBOARD, p)
    ]
    scope = Scope(unit, tuple(predecessors) if with_predecessors else ())
    context = build_dashboard(request.user, scope, period_from(request.GET, timezone.localdate()))
    context |= {
        "roots": roots,
        "kinds": KINDS,
        "has_predecessors": bool(predecessors),
        "with_predecessors": with_predecessors,
        "months": range(1, 13),
        "quarters": range(1, 5),
    }
    return render(request, "reports/dashboard.html", context)
