"""Who receives a unit's periodic report: its current leaders and the people subscribed to it."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Q

from officials.selectors import assignments_on
from reports.models import Subscription
from units.models import Role, Unit
from violations.access import users_granted_on


def _leaders_by_post(unit: Unit, day: dt.date) -> set[str]:
    """Heads and deputies holding a post in the unit on the day, through their user accounts."""
    posts = assignments_on(day).filter(Q(is_head=True) | Q(is_deputy=True), unit=unit)
    users = (
        get_user_model()
        .objects.filter(is_active=True, official__assignments__in=posts.values("pk"))
        .exclude(email="")
    )
    return set(users.values_list("email", flat=True))


def _leaders_by_role(unit: Unit) -> set[str]:
    # Only grants on the unit itself: a city leader's grant covers every commune, but the city's own report is
    # the one meant for them, not 126 commune reports a month.
    users = users_granted_on(unit, Role.LEADER).exclude(email="")
    return set(users.values_list("email", flat=True))


def _subscribers(unit: Unit) -> set[str]:
    return set(Subscription.objects.filter(unit=unit, active=True).values_list("email", flat=True))


def recipients_for(unit: Unit, day: dt.date) -> list[str]:
    """Distinct addresses, lower-cased (one person with two roles gets one email), in a stable order."""
    emails = _leaders_by_post(unit, day) | _leaders_by_role(unit) | _subscribers(unit)
    return sorted({e.strip().lower() for e in emails if e.strip()})
