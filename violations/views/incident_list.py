"""The incident list: the user's scope, filtered, sorted and paged."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from violations.filters import DEFAULT_ORDERING, incident_filter_for
from violations.models import Indicator
from violations.selectors.incidents import with_deadline_state, within_scope_dates

PAGE_SIZE = 50
SORTABLE_COLUMNS = [
    ("id", _("Mã")),
    ("unit", _("Đơn vị")),
    ("occurred_on", _("Ngày xảy ra")),
    ("severity", _("Mức độ")),
    ("status", _("Trạng thái")),
]


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    incident_filter = incident_filter_for(request)
    qs = within_scope_dates(incident_filter.qs, request.user)
    qs = with_deadline_state(qs, timezone.localdate()).prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("number").only("id", "code", "number"))
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "violations/incident_list.html",
        {
            "filter": incident_filter,
            "page": page,
            "chosen_official": incident_filter.chosen_official(),
            "query": query_without(request.GET, "page"),
            "columns": sort_headers(request.GET),
        },
    )


def query_without(params: QueryDict, *names: str) -> str:
    kept = params.copy()
    for name in names:
        kept.pop(name, None)
    return kept.urlencode()


def sort_headers(params: QueryDict) -> list[dict[str, Any]]:
    """Column headers that sort by themselves; a second click on the sorted column reverses it."""
    current = params.get("sort") or DEFAULT_ORDERING
    headers = []
    for key, label in SORTABLE_COLUMNS:
        kept = params.copy()
        kept.pop("page", None)
        kept["sort"] = f"-{key}" if current == key else key
        arrow = {key: "▲", f"-{key}": "▼"}.get(current, "")
        headers.append({"key": key, "label": label, "query": kept.urlencode(), "arrow": arrow})
    return headers
