"""The one place that decides who may see or change what.

Every view, list, export, download and task asks this module. Scope is a set of unit subtrees granted through
units.models.RoleGrant; an object outside it does not exist for the user (404, never 403: ids leak nothing).
An inspector linked to an official never sees an incident in which that official is involved (conflict of
interest, Directive 24's "rõ người, rõ việc").
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from officials.models import Assignment, Official
from units.models import Role, RoleGrant, Unit, UnitQuerySet, UnitSuccession
from units.selectors import territory_successors
from violations.models import Incident, Status
from violations.models.incident import OPEN_STATUSES
from violations.workflow import (
    Transition,
    accepts_extension,
    accepts_sanctions,
    limitation_passed,
    transitions_from,
)


class Action(StrEnum):
    VIEW_INCIDENTS = "view_incidents"
    CREATE_INCIDENT = "create_incident"
    HANDLE_INCIDENT = "handle_incident"  # edit, move through the workflow, record sanctions, attach evidence
    VIEW_DASHBOARD = "view_dashboard"
    VIEW_HISTORY = "view_history"
    VIEW_REPORTS = "view_reports"
    MANAGE_REPORTS = "manage_reports"
    VIEW_AUDIT = "view_audit"  # the change history of every record, browsed and exported (violations.audit)
    # Close a case as time-barred although the computed limitation has not passed (a recorded reason).
    OVERRIDE_LIMITATION = "override_limitation"
    # Load a new version of the identification framework (the Django admin's import); city level only.
    MANAGE_FRAMEWORK = "manage_framework"


ROLES_FOR_ACTION: dict[Action, frozenset[str]] = {
    Action.VIEW_INCIDENTS: frozenset({Role.INSPECTOR, Role.LEADER, Role.ADMIN, Role.AUDITOR}),
    Action.CREATE_INCIDENT: frozenset({Role.INSPECTOR, Role.ADMIN}),
    Action.HANDLE_INCIDENT: frozenset({Role.INSPECTOR, Role.ADMIN}),
    Action.VIEW_DASHBOARD: frozenset({Role.LEADER, Role.ADMIN, Role.AUDITOR, Role.INSPECTOR}),
    Action.VIEW_HISTORY: frozenset({Role.INSPECTOR, Role.LEADER, Role.ADMIN, Role.AUDITOR}),
    Action.VIEW_REPORTS: frozenset({Role.LEADER, Role.ADMIN, Role.AUDITOR}),
    Action.MANAGE_REPORTS: frozenset({Role.ADMIN}),
    Action.VIEW_AUDIT: frozenset({Role.ADMIN, Role.AUDITOR}),
    Action.OVERRIDE_LIMITATION: frozenset({Role.ADMIN}),
    Action.MANAGE_FRAMEWORK: frozenset({Role.ADMIN}),
}

User = AbstractBaseUser | AnonymousUser


def _grants(user: User) -> list[RoleGrant]:
    """The user's grants, read once per request object."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_kycuong_grants", None)
    if cached is None:
        cached = list(RoleGrant.objects.filter(user_id=user.pk).select_related("unit"))
        if getattr(user, "is_superuser", False):
            roots = Unit.objects.filter(parent=None)
            cached += [RoleGrant(user_id=user.pk, role=Role.ADMIN, unit=root) for root in roots]
        cached += _inherited_grants(cached)
        setattr(user, "_kycuong_grants", cached)  # noqa: B010 - a per-request cache on the user object
    return cached


def _inherited_grants(grants: list[RoleGrant]) -> list[RoleGrant]:
    """A unit created by the 2025 merger inherits the history of the units whose territory it mainly took
    (primary succession links only: a district that was split does not pass to each of its successors)."""
    inherited: list[RoleGrant] = []
    frontier: dict[int, list[RoleGrant]] = {}
    for grant in grants:
        frontier.setdefault(grant.unit_id, []).append(grant)
    seen = set(frontier)
    while frontier:
        links = UnitSuccession.objects.filter(successor_id__in=frontier, is_primary=True).select_related(
            "predecessor"
        )
        next_frontier: dict[int, list[RoleGrant]] = {}
        for link in links:
            if link.predecessor_id in seen:
                continue
            seen.add(link.predecessor_id)
            derived = [
                RoleGrant(user_id=g.user_id, role=g.role, unit=link.predecessor)
                for g in frontier[link.successor_id]
            ]
            inherited += derived
            next_frontier[link.predecessor_id] = derived
        frontier = next_frontier
    return inherited


def roles_of(user: User) -> set[str]:
    return {grant.role for grant in _grants(user)}


def root_units(user: User, action: Action) -> list[Unit]:
    """The tops of the subtrees in which the user may perform the action, without nested duplicates."""
    allowed = ROLES_FOR_ACTION[action]
    roots = sorted({g.unit.path: g.unit for g in _grants(user) if g.role in allowed}.items())
    kept: list[Unit] = []
    for path, unit in roots:
        if not any(path.startswith(top.path) for top in kept):
            kept.append(unit)
    return kept


def subtrees_q(roots: Iterable[Unit]) -> Q:
    """Units lying under any of the roots (an empty Q matching nothing when there are none)."""
    q = Q(pk__in=[])
    for root in roots:
        q |= Q(path__startswith=root.path)
    return q


def unit_filter(user: User, action: Action, field: str = "") -> Q:
    """A Q object restricting any queryset to rows whose unit lies in the user's scope for the action.

    For related rows the units are matched by id against a sub-query: PostgreSQL then hashes the few hundred
    unit ids instead of misjudging a LIKE on a joined table (which made it nest-loop over a million rows).
    """
    units = subtrees_q(root_units(user, action))
    if not field:
        return units
    return Q(**{f"{field}__in": Unit.objects.filter(units).values("pk")})


def scoped_units(user: User, action: Action) -> UnitQuerySet:
    return Unit.objects.filter(unit_filter(user, action))


def can_act_on_unit(user: User, action: Action, unit: Unit) -> bool:
    return has_role_over(user, ROLES_FOR_ACTION[action], unit)


def has_role_over(user: User, roles: frozenset[str], unit: Unit) -> bool:
    """Whether one of the user's grants in these roles covers the unit."""
    return any(g.role in roles and unit.path.startswith(g.unit.path) for g in _grants(user))


def _conflicted_official_id(user: User) -> int | None:
    if Role.INSPECTOR not in roles_of(user):
        return None
    official = getattr(user, "official", None)
    return official.pk if official is not None else None


def is_conflicted(user: User, official_ids: Iterable[int | None]) -> bool:
    """Whether the user would handle a case about their own official record."""
    conflicted = _conflicted_official_id(user)
    return conflicted is not None and conflicted in set(official_ids)


def scoped_incidents(user: User, action: Action = Action.VIEW_INCIDENTS) -> QuerySet[Incident]:
    qs = Incident.objects.filter(unit_filter(user, action, field="unit"))
    conflicted = _conflicted_official_id(user)
    if conflicted is not None:
        qs = qs.exclude(parties__official_id=conflicted)
    return qs


def get_incident_or_404(user: User, pk: int, action: Action = Action.VIEW_INCIDENTS) -> Incident:
    incident = scoped_incidents(user, action).select_related("unit", "framework").filter(pk=pk).first()
    if incident is None:
        raise Http404
    return incident


def get_unit_or_404(user: User, pk: int, action: Action = Action.VIEW_INCIDENTS) -> Unit:
    unit = scoped_units(user, action).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def can(user: User, action: Action, incident: Incident) -> bool:
    return scoped_incidents(user, action).filter(pk=incident.pk).exists()


def start_unit(user: User, day: dt.date | None = None) -> Unit | None:
    """The unit a user lands on: the top of their widest scope that still exists.

    A grant on a unit dissolved in a reorganisation leads to the current units that took its territory,
    those the user may also see: the old unit's figures stop on the day it ended. It stays the landing unit
    only when none of its successors is in the user's scope.
    """
    day = day or timezone.localdate()
    for action in (Action.VIEW_DASHBOARD, Action.VIEW_INCIDENTS):
        roots = root_units(user, action)
        if not roots:
            continue
        current = [unit for unit in roots if unit.is_valid_on(day)]
        for dissolved in (unit for unit in roots if not unit.is_valid_on(day)):
            current += successors_in_scope(user, action, dissolved, day)
        return min(current or roots, key=lambda u: (len(u.chain), u.sort_key))
    return None


def successors_in_scope(user: User, action: Action, unit: Unit, day: dt.date) -> list[Unit]:
    """The units existing on `day` that took the territory of `unit` (itself if it still exists) and on
    which the user may perform the action."""
    return [s for s in territory_successors(unit, on=day) if can_act_on_unit(user, action, s)]


def scoped_officials(user: User, action: Action = Action.VIEW_INCIDENTS) -> QuerySet[Official]:
    """Officials who held a post anywhere in the user's scope (their page shows only scoped incidents)."""
    in_scope = Assignment.objects.filter(unit_filter(user, action, field="unit")).values("official_id")
    return Official.objects.filter(pk__in=in_scope)


def get_official_or_404(user: User, pk: int) -> Official:
    official = scoped_officials(user).filter(pk=pk).first()
    if official is None:
        raise Http404
    return official


def hides_incidents_in_scope(user: User) -> bool:
    """True when some incidents inside the user's units are hidden from them (conflict of interest), so
    pre-aggregated figures over whole units would reveal more than the user may see."""
    return _conflicted_official_id(user) is not None


def covers_whole_city(user: User, action: Action) -> bool:
    """Whether the user's scope for the action includes a top of the unit tree (records without a unit, such
    as the framework, units themselves and role grants, are visible only at that level)."""
    return any(unit.parent_id is None for unit in root_units(user, action))


def require(user: User, action: Action, incident: Incident) -> None:
    """For services: refuse a write the user may not make, whoever called (a view, a task, the API)."""
    if not can(user, action, incident):
        raise PermissionDenied


@dataclass(frozen=True)
class IncidentPermissions:
    """What a user may do on one incident's page; templates show exactly these actions."""

    edit: bool = False
    upload: bool = False
    extend: bool = False
    suspend: bool = False
    resume: bool = False
    sanction: bool = False
    steps: list[Transition] = field(default_factory=list)


def incident_permissions(user: User, incident: Incident) -> IncidentPermissions:
    if not can(user, Action.HANDLE_INCIDENT, incident):
        return IncidentPermissions()
    paused = incident.suspensions.filter(ends_on__isnull=True).exists()
    return IncidentPermissions(
        edit=True,
        upload=True,
        extend=accepts_extension(incident) and not paused,
        suspend=incident.status in OPEN_STATUSES and not paused,
        resume=paused,
        sanction=accepts_sanctions(incident),
        steps=[step for step in transitions_from(incident.status) if _may_take(user, incident, step)],
    )


def may_close_as_time_barred(user: User, incident: Incident, day: dt.date) -> bool:
    """Once the limitation has passed; before that only an administrator, overriding with a reason."""
    return limitation_passed(incident, day) or can_act_on_unit(
        user, Action.OVERRIDE_LIMITATION, incident.unit
    )


def _may_take(user: User, incident: Incident, step: Transition) -> bool:
    if step.target == Status.TIME_BARRED:
        return may_close_as_time_barred(user, incident, timezone.localdate())
    return True


def may_manage_framework(user: User) -> bool:
    """Load a framework version: superusers and administrators of the whole city (it belongs to no unit)."""
    return getattr(user, "is_superuser", False) or covers_whole_city(user, Action.MANAGE_FRAMEWORK)


def may_manage_reports(user: User, unit: Unit | None = None) -> bool:
    """Generate, resend and regenerate reports: anywhere in scope, or for that unit."""
    if unit is None:
        return bool(root_units(user, Action.MANAGE_REPORTS))
    return can_act_on_unit(user, Action.MANAGE_REPORTS, unit)


def users_granted_on(unit: Unit, role: str) -> QuerySet[Any]:
    """Active users holding `role` on the unit itself (not through a grant on a unit above it)."""
    return get_user_model().objects.filter(is_active=True, role_grants__unit=unit, role_grants__role=role)
