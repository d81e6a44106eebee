"""The incident list to print: every matching incident up to a cap, with the filters and the total in words.

Its rows come from the same FilterSet, scope and date bounds as the list (views.incident_list), so an
outsider's filters never show another unit's incidents.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from violations import numbers
from violations.access import Action, root_units
from violations.filter_summary import applied_filters
from violations.filters import incident_filter_for
from violations.selectors.incident_print import PRINT_CAP, print_rows
from violations.selectors.incidents import within_scope_dates
from violations.views.incident_list import PAGING_PARAMS, id_url_prefix, query_without
from violations.views.refusals import refused_filters


@login_required
def incident_print(request: HttpRequest) -> HttpResponse:
    incident_filter = incident_filter_for(request)
    if not incident_filter.is_valid():
        # A list printed without a filter it was asked for would hold other rows than its heading says.
        refusal = _("Bộ lọc có giá trị không hợp lệ nên chưa in.")
        return refused_filters(request, incident_filter.form, refusal)
    filtered = within_scope_dates(incident_filter.qs, request.user)
    found = print_rows(filtered, timezone.localdate(), PRINT_CAP)
    query = query_without(request.GET, *PAGING_PARAMS)
    return render(
        request,
        "violations/incident_print.html",
        {
            "incidents": found.incidents,
            "more": found.more,
            "total": numbers.count(len(found.incidents)),
            "cap": numbers.count(PRINT_CAP),
            "applied": applied_filters(incident_filter, incident_filter.chosen_official()),
            "scope": root_units(request.user, Action.VIEW_INCIDENTS),
            "printed_at": timezone.localtime(),
            "query": query,
            "incident_url": id_url_prefix("violations:incident_detail"),
            "unit_url": id_url_prefix("violations:unit_detail"),
        },
    )
