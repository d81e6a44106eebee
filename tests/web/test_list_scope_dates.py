"""The list's date bounds (within_scope_dates) are a hint to the planner, never a filter."""

import datetime as dt

import pytest
from django.urls import reverse

from units.models import Unit
from violations.access import scoped_incidents
from violations.models import Incident
from violations.selectors.incidents import scope_dates, within_scope_dates

pytestmark = pytest.mark.django_db


def test_the_bounds_are_the_first_and_last_dates_in_the_users_units(world):
    world.incident_in(world.commune_a, world.official_a, occurred=dt.date(2023, 9, 1))
    world.incident_in(world.commune_a, world.official_a, occurred=dt.date(2025, 6, 20))
    world.incident_in(world.commune_b, world.official_b, occurred=dt.date(2025, 6, 29))
    units = Unit.objects.filter(pk__in=[world.district_a.pk, world.commune_a.pk])
    assert scope_dates(units) == (dt.date(2023, 9, 1), dt.date(2025, 6, 20))


def test_a_district_inspector_sees_exactly_the_same_rows_with_the_bounds(world):
    for day in (dt.date(2023, 9, 1), dt.date(2024, 12, 31), dt.date(2025, 6, 30)):
        world.incident_in(world.commune_a, world.official_a, occurred=day)
    world.incident_in(world.commune_b, world.official_b, occurred=dt.date(2025, 6, 1))
    everything = Incident.objects.all()
    scoped = scoped_incidents(world.inspector_a)
    assert set(within_scope_dates(scoped, world.inspector_a)) == set(scoped)
    assert set(within_scope_dates(everything, world.auditor)) == set(everything)  # city-wide: untouched


def test_a_user_whose_units_have_no_incident_gets_an_empty_list(client, world):
    world.incident_in(world.commune_b, world.official_b)
    client.force_login(world.leader_a)
    response = client.get(reverse("violations:incident_list"))
    assert response.status_code == 200
    assert response.context["count"] == 0
