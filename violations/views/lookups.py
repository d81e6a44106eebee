"""JSON look-ups behind the incident form's search boxes, scoped by the access module."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse

from officials.selectors import assignments_on, search_officials
from units.selectors import search_units
from violations.access import Action, get_unit_or_404, scoped_officials, scoped_units
from violations.ids import parse_id

LIMIT = 30


def _day(raw: str | None) -> dt.date | None:
    try:
        return dt.datetime.strptime(raw or "", "%d/%m/%Y").date()
    except ValueError:
        return None


@login_required
def unit_lookup(request: HttpRequest) -> JsonResponse:
    units = scoped_units(request.user, Action.CREATE_INCIDENT)
    day = _day(request.GET.get("on"))
    if day:
        units = units.valid_on(day)
    found = search_units(units, request.GET.get("q", "")).vietnamese_order()[:LIMIT]
    return JsonResponse({"results": [{"id": u.pk, "name": u.name} for u in found]})


@login_required
def official_lookup(request: HttpRequest) -> JsonResponse:
    """Officials serving in the chosen unit on the chosen date, matched on name without diacritics or code."""
    unit_id = parse_id(request.GET.get("unit"))
    day = _day(request.GET.get("on"))
    if unit_id is None or day is None:
        return JsonResponse({"results": []})
    unit = get_unit_or_404(request.user, unit_id, Action.CREATE_INCIDENT)
    posts = assignments_on(day).filter(unit=unit).select_related("official")
    officials = scoped_officials(request.user, Action.CREATE_INCIDENT).filter(
        pk__in=posts.values("official_id")
    )
    found = search_officials(officials, request.GET.get("q", "")).order_by("sort_key")[:LIMIT]
    titles = {a.official_id: a.post_title for a in posts.filter(official__in=found)}
    return JsonResponse(
        {
            "results": [
                {"id": o.pk, "name": f"{o.full_name} — {o.staff_code}", "post": titles.get(o.pk, "")}
                for o in found
            ]
        }
    )
