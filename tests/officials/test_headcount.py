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


# --- the stored roll-up (officials.models.HeadcountStat) ---------------------------------------------------


def _tree():
    from tests.factories import city

    root = city()
    district = UnitFactory(parent=root, name="Quận Thử")
    commune_a = UnitFactory(parent=district)
    commune_b = UnitFactory(parent=district)
    return [root, district, commune_a, commune_b]


MONTH_ENDS = [
    dt.date(2019, 12, 31),
    dt.date(2020, 1, 31),
    dt.date(2021, 2, 28),
    dt.date(2023, 6, 30),
    dt.date(2025, 12, 31),
    dt.date(2026, 6, 30),
]


def _stored_equals_live(units):
    """Every stored month-end answers from the roll-up, and equals the live count of the posts."""
    from officials.headcount import _subtree_headcounts_live, subtree_headcounts
    from officials.models import HeadcountMonth

    cache.clear()
    for day in MONTH_ENDS:
        assert HeadcountMonth.objects.filter(month_end=day).exists(), day
        live = _subtree_headcounts_live({u.pk: 0 for u in units}, day)
        assert subtree_headcounts(units, day) == live, day


def test_the_stored_headcounts_equal_the_live_count_after_every_kind_of_post_change():
    from officials.headcount import subtree_headcounts
    from officials.services import headcount_rebuild

    units = _tree()
    root, district, commune_a, commune_b = units
    same = OfficialFactory()
    AssignmentFactory(official=same, unit=commune_a, start_date=dt.date(2019, 12, 31))
    # Two posts held at once in one unit: one person, counted once.
    AssignmentFactory(
        official=same, unit=commune_a, start_date=dt.date(2021, 1, 1), end_date=dt.date(2023, 6, 30)
    )
    AssignmentFactory(unit=district, start_date=dt.date(2020, 2, 1), end_date=dt.date(2021, 2, 27))
    headcount_rebuild()
    _stored_equals_live(units)
    assert list(subtree_headcounts(units, dt.date(2021, 3, 31)).values()) == [1, 1, 1, 0]
    assert list(subtree_headcounts(units, dt.date(2020, 6, 30)).values()) == [2, 2, 1, 0]

    moved = AssignmentFactory(unit=commune_b, start_date=dt.date(2020, 1, 15))  # created
    _stored_equals_live(units)
    moved.end_date = dt.date(2023, 6, 29)  # ended the day before a month-end
    moved.save()
    _stored_equals_live(units)
    moved.unit = commune_a  # moved to another unit: both recounted
    moved.save()
    _stored_equals_live(units)
    moved.delete()
    _stored_equals_live(units)
    incremental = _rows()
    headcount_rebuild()
    assert _rows() == incremental


def _rows():
    from officials.models import HeadcountStat

    return sorted(HeadcountStat.objects.exclude(count=0).values_list("unit_id", "tree", "month_end", "count"))


def test_a_day_that_is_not_a_stored_month_end_is_counted_live():
    from officials.headcount import subtree_headcounts
    from officials.services import headcount_rebuild

    units = _tree()
    AssignmentFactory(unit=units[2], start_date=dt.date(2020, 1, 1))
    headcount_rebuild()
    assert subtree_headcounts(units[:1], dt.date(2024, 3, 15)) == {units[0].pk: 1}  # mid-month
    assert subtree_headcounts(units[:1], dt.date(2014, 12, 31)) == {units[0].pk: 0}  # before the range
    assert subtree_headcounts(units[:1], dt.date(2040, 12, 31)) == {units[0].pk: 1}  # after it


def test_post_writes_deferred_to_the_end_of_a_batch_agree_with_the_live_count():
    from officials.services import headcount_rebuild, headcounts_deferred

    units = _tree()
    headcount_rebuild()
    with headcounts_deferred():
        for n in range(5):
            AssignmentFactory(unit=units[2 + n % 2], start_date=dt.date(2020 + n, 1, 1))
    _stored_equals_live(units)
