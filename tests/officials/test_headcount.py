import datetime as dt

import pytest
from django.core.cache import cache

from officials.headcount import PREFIX, headcount_by_unit, headcount_invalidate
from tests.factories import AssignmentFactory, OfficialFactory, UnitFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 6, 1)


def test_a_new_or_ended_post_is_counted_at_once_despite_the_cache():
    unit = UnitFactory()
    AssignmentFactory(official=OfficialFactory(), unit=unit, start_date=dt.date(2020, 1, 1))
    assert headcount_by_unit(DAY) == {unit.pk: 1}
    second = AssignmentFactory(official=OfficialFactory(), unit=unit, start_date=dt.date(2021, 1, 1))
    assert headcount_by_unit(DAY) == {unit.pk: 2}
    second.end_date = dt.date(2025, 12, 31)
    second.save()
    assert headcount_by_unit(DAY) == {unit.pk: 1}
    second.delete()
    assert headcount_by_unit(DAY) == {unit.pk: 1}


def test_the_keys_are_namespaced_and_a_bulk_load_invalidates_them():
    unit = UnitFactory()
    AssignmentFactory(official=OfficialFactory(), unit=unit, start_date=dt.date(2020, 1, 1))
    headcount_by_unit(DAY)
    assert not cache.get(f"headcount:{DAY.isoformat()}")  # the old, un-namespaced key
    generation = cache.get(f"{PREFIX}:generation")
    assert cache.get(f"{PREFIX}:{generation}:{DAY.isoformat()}") == {unit.pk: 1}
    headcount_invalidate()
    assert cache.get(f"{PREFIX}:generation") == generation + 1
