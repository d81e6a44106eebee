"""Pages for an official and for a unit, limited to what the viewer's scope covers."""

from collections.abc import Iterable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from violations.access import (
    Action,
    User,
    get_official_or_404,
    get_unit_or_404,
    scoped_incidents,
    scoped_units,
)
from violations.selectors import people


@login_required
def official_detail(request: HttpRequest, pk: int) -> HttpResponse:
    official = get_official_or_404(request.user, pk)
    visible = scoped_incidents(request.user)
    posts = list(people.posts_of(official))
    return render(
        request,
        "violations/official_detail.html",
        {
            "official": official,
            "posts": posts,
            "linkable_units": visible_unit_ids(request.user, [post.unit_id for post in posts]),
            "parties": people.parties_of(official, visible),
            "sanctions": people.sanctions_of(official, visible, timezone.localdate()),
        },
    )


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_or_404(request.user, pk)
    before, after = list(people.predecessors_of(unit)), list(people.successors_of(unit))
    neighbours = [unit.parent_id, *(s.predecessor_id for s in before), *(s.successor_id for s in after)]
    incidents = people.subtree_incidents(unit, scoped_incidents(request.user), timezone.localdate())
    return render(
        request,
        "violations/unit_detail.html",
        {
            "unit": unit,
            "predecessors": before,
            "successors": after,
            "linkable_units": visible_unit_ids(request.user, neighbours),
            "heads": people.heads_of(unit),
            "children": unit.children.vietnamese_order(),  # type: ignore[attr-defined]
            "incidents": incidents[: people.RECENT_INCIDENTS],
            "incident_count": incidents.count(),
        },
    )


def visible_unit_ids(user: User, ids: Iterable[int | None]) -> set[int]:
    """Which of these units the viewer may open: the others are named but not linked."""
    wanted = {pk for pk in ids if pk is not None}
    return set(scoped_units(user, Action.VIEW_INCIDENTS).filter(pk__in=wanted).values_list("pk", flat=True))
