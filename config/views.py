from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from violations.access import roles_of


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Leaders and auditors start on their dashboard; inspectors and administrators on the incident list."""
    if roles_of(request.user) & {"leader", "auditor"}:
        return redirect("dashboard")
    return redirect("violations:incident_list")
