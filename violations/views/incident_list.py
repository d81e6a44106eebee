"""The incident list: the user's scope, filtered, sorted and paged by keyset (violations.paging)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from violations import numbers
from violations.filter_summary import applied_filters
from violations.filters import DEFAULT_ORDERING, incident_filter_for
from violations.selectors import incident_list as rows
from violations.selectors.incidents import within_scope_dates

CURSOR = "cursor"
# "page" is what links of the numbered pager carried; a bookmarked one now opens the first page.
PAGING_PARAMS = (CURSOR, "page")
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
    filtered = within_scope_dates(incident_filter.qs, request.user)
    page, count = rows.list_page(filtered, request.GET.get(CURSOR), timezone.localdate())
    chosen_official = incident_filter.chosen_official()
    return render(
        request,
        "violations/incident_list.html",
        {
            "filter": incident_filter,
            "page": page,
            "count": count,
            "count_capped": count > rows.COUNT_CAP,
            "count_cap": numbers.count(rows.COUNT_CAP),
            "chosen_official": chosen_official,
            "applied": applied_filters(incident_filter, chosen_official),
            "query": query_without(request.GET, *PAGING_PARAMS),
            "columns": sort_headers(request.GET),
            "incident_url": id_url_prefix("violations:incident_detail"),
            "unit_url": id_url_prefix("violations:unit_detail"),
        },
    )


def id_url_prefix(name: str) -> str:
    """The URL of `name` for an id, minus the id and its slash: 50 rows build their links from it rather than
    resolving 100 URLs one by one (a tenth of the page's rendering)."""
    url = reverse(name, args=[0])
    if not url.endswith("/0/"):
        raise ValueError(f"{name} does not end with its id")
    return url[: -len("0/")]


def query_without(params: QueryDict, *names: str) -> str:
    kept = params.copy()
    for name in names:
        kept.pop(name, None)
    return kept.urlencode()


def sort_headers(params: QueryDict) -> list[dict[str, Any]]:
    """Column headers that sort by themselves; a second click on the sorted column reverses it. A new sort
    starts at its first page: a cursor belongs to the sort it was made in."""
    current = params.get("sort") or DEFAULT_ORDERING
    headers = []
    for key, label in SORTABLE_COLUMNS:
        kept = params.copy()
        for name in PAGING_PARAMS:
            kept.pop(name, None)
        kept["sort"] = f"-{key}" if current == key else key
        arrow = {key: "▲", f"-{key}": "▼"}.get(current, "")
        headers.append({"key": key, "label": label, "query": kept.urlencode(), "arrow": arrow})
    return headers
