"""/quy-dinh/: the rules behind every deadline and sanction form the application computes, for inspectors."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from violations.access import Action, root_units
from violations.selectors.rule_catalogue import rule_sections


@login_required
def rules_page(request: HttpRequest) -> HttpResponse:
    if not root_units(request.user, Action.VIEW_INCIDENTS):
        raise Http404
    return render(request, "violations/rules.html", {"sections": rule_sections()})
