import datetime as dt
from io import StringIO

import pytest
from django.forms.models import model_to_dict

from tests.web.world import build_world
from violations.models import (
    OpenCaseStat,
    PartyRole,
    Status,
    UnitMonthIndicatorStat,
    UnitMonthSanctionStat,
    UnitMonthStat,
)
from violations.services.incidents import PartySpec, incident_update
from violations.services.stats import stats_rebuild
from violations.services.workflow import incident_transition, sanction_record

pytestmark = pytest.mark.django_db


def _snapshot():
    def rows(model, *key):
        return sorted(
            tuple(sorted((k, v) for k, v in model_to_dict(r).items() if k != "id"))
            for r in model.objects.all()
            if any(getattr(r, c, 1) for c in key)
        )

    return (
        rows(UnitMonthStat, "total", "substantiated", "unsubstantiated"),
        rows(UnitMonthIndicatorStat, "count"),
        rows(UnitMonthSanctionStat, "count"),
        rows(OpenCaseStat, "count"),
    )


@pytest.fixture
def world(framework):
    return build_world(framework)


def test_each_write_keeps_the_rollups_equal_to_a_full_rebuild(world):
    first = world.incident_in(world.commune_a, world.official_a, occurred=dt.date(2024, 5, 10))
    world.incident_in(world.commune_b, world.official_b, occurred=dt.date(2024, 5, 20))
    incident_transition(user=world.admin, incident=first, target=Status.VERIFYING, on=dt.date(2024, 6, 1))
    incident_transition(
        user=world.admin,
        incident=first,
        target=Status.SUBSTANTIATED,
        note="Có vi phạm",
        on=dt.date(2024, 6, 20),
    )
    sanction_record(
        user=world.admin,
        party=first.parties.get(),
        track="administrative",
        form="khien_trach",
        decision_number="1/QĐ",
        decided_on=dt.date(2024, 7, 1),
        deciding_body="UBND huyện",
    )
    first.refresh_from_db()
    incident_update(
        user=world.admin,
        incident=first,
        expected_version=first.version,
        title="Sửa",
        description="x",
        occurred_on=dt.date(2024, 4, 2),
        detected_on=dt.date(2024, 5, 13),
        severity="serious",
        source="press",
        indicators=list(first.indicators.all()),
        parties=[PartySpec(world.official_a, PartyRole.INDIVIDUAL)],
    )
    incremental = _snapshot()
    stats_rebuild()
    assert _snapshot() == incremental


def test_the_city_row_sums_its_districts_and_the_district_row_its_communes(world):
    world.incident_in(world.commune_a, world.official_a, occurred=dt.date(2024, 5, 10))
    world.incident_in(world.commune_a, world.official_a, occurred=dt.date(2024, 5, 11))
    world.incident_in(world.commune_b, world.official_b, occurred=dt.date(2024, 5, 20))
    may = dt.date(2024, 5, 1)

    def total(unit):
        return UnitMonthStat.objects.get(unit=unit, tree=True, month=may).total

    assert (total(world.commune_a), total(world.district_a), total(world.district_b), total(world.city)) == (
        2,
        2,
        1,
        3,
    )
    indicator = world.framework.indicators.get(number=1)
    assert (
        UnitMonthIndicatorStat.objects.get(unit=world.city, tree=True, month=may, indicator=indicator).count
        == 3
    )


def _substantiate(world, incident):
    incident_transition(user=world.admin, incident=incident, target=Status.VERIFYING)
    incident_transition(user=world.admin, incident=incident, target=Status.SUBSTANTIATED, note="Có vi phạm")


def _repeat_tables():
    from violations.models import OfficialMonthStat, RepeatCountStat, RepeatOfficialStat, RepeatWindow

    return [
        sorted(OfficialMonthStat.objects.values_list("official_id", "unit_id", "month", "count")),
        sorted(RepeatCountStat.objects.values_list("window_end", "unit_id", "count", "officials")),
        sorted(RepeatOfficialStat.objects.values_list("window_end", "unit_id", "official_id", "count")),
        sorted(RepeatWindow.objects.values_list("window_end", flat=True)),
    ]


REPEAT_ENDS = [dt.date(2024, 3, 31), dt.date(2024, 6, 30), dt.date(2024, 12, 31), dt.date(2026, 2, 28)]


def _assert_repeats_equal_a_live_count(world):
    """Every scope and window end, read from the roll-ups (stored window, or summed per month), equals the
    live count over the incidents."""
    from reports.figures.people import repeat_officials
    from reports.figures.scope import ReportScope
    from reports.figures.source import FigureSource

    units = [
        world.city,
        world.district_a,
        world.district_b,
        world.commune_a,
        world.commune_b,
        world.commune_new,
    ]
    scopes = [ReportScope(u, ()) for u in units] + [ReportScope.of(world.commune_new)]
    assert scopes[-1].predecessors  # the merged commune: summed per month with its predecessor
    for scope in scopes:
        for end in REPEAT_ENDS:
            live = repeat_officials(scope.q("incident__unit"), end, limit=1)
            assert FigureSource(scope).repeat(end, 1) == live, (scope.unit, end)


@pytest.mark.parametrize("listed_from", [2, 5])
def test_repeat_rollups_equal_a_live_count_after_every_write_and_after_a_rebuild(
    world, monkeypatch, listed_from
):
    """listed_from=2: the top of each list is read from the officials stored one by one; 5: it closes
    below, and is summed from the per-month rows."""
    from violations.services import repeat

    monkeypatch.setattr(repeat, "LISTED_FROM", listed_from)
    first = world.incident_in(world.commune_a, world.official_a, occurred=dt.date(2024, 3, 1))
    second = world.incident_in(world.commune_a, world.official_a, occurred=dt.date(2024, 6, 1))
    third = world.incident_in(world.commune_b, world.official_b, occurred=dt.date(2024, 6, 2))
    _substantiate(world, first)
    repeat.repeat_rebuild(today=dt.date(2025, 1, 15))  # windows up to 31/12/2024; 2026 is summed
    _assert_repeats_equal_a_live_count(world)

    _substantiate(world, second)  # a conclusion
    _substantiate(world, third)
    _assert_repeats_equal_a_live_count(world)
    second.refresh_from_db()
    incident_update(  # a party change: head_a joins, official_a stays
        user=world.admin,
        incident=second,
        expected_version=second.version,
        title=second.title,
        description=second.description,
        occurred_on=dt.date(2023, 2, 1),  # and a date that moves it out of some windows
        detected_on=dt.date(2023, 2, 3),
        severity=second.severity,
        source=second.source,
        indicators=list(second.indicators.all()),
        parties=[
            PartySpec(world.official_a, PartyRole.INDIVIDUAL),
            PartySpec(world.head_a, PartyRole.INDIVIDUAL),
        ],
    )
    _assert_repeats_equal_a_live_count(world)
    from tests.factories import AssignmentFactory
    from tests.web.world import AFTER

    AssignmentFactory(official=world.official_a, unit=world.commune_new, start_date=AFTER)
    new = world.incident_in(world.commune_new, world.official_a, occurred=dt.date(2025, 8, 1))
    _substantiate(world, new)  # after the merger, with the predecessor's incidents
    _assert_repeats_equal_a_live_count(world)

    incremental = _repeat_tables()
    repeat.repeat_rebuild(today=dt.date(2025, 1, 15))
    assert _repeat_tables() == incremental
    _assert_repeats_equal_a_live_count(world)


def test_a_window_not_stored_is_summed_without_counting_over_incidents(world, django_assert_num_queries):
    from reports.figures.scope import ReportScope
    from reports.figures.source import FigureSource

    first = world.incident_in(world.commune_a, world.official_a, occurred=dt.date(2024, 3, 1))
    second = world.incident_in(world.commune_a, world.official_a, occurred=dt.date(2024, 6, 1))
    _substantiate(world, first)
    _substantiate(world, second)
    source = FigureSource(ReportScope(world.district_a, ()))
    with django_assert_num_queries(4):  # no histogram, no window: the monthly sum, the names
        rows, total = source.repeat(dt.date(2024, 10, 31), 10)
    assert (total, [(r["official"], r["count"]) for r in rows]) == (1, [(world.official_a, 2)])


def test_rebuild_stats_stores_every_past_window_and_headcount_and_they_equal_live_counts(world):
    from django.core.management import call_command

    from officials.headcount import _subtree_headcounts_live, subtree_headcounts
    from officials.models import HeadcountMonth
    from violations.models import RepeatWindow

    first = world.incident_in(world.commune_a, world.official_a, occurred=dt.date(2024, 3, 1))
    second = world.incident_in(world.commune_a, world.official_a, occurred=dt.date(2024, 6, 1))
    _substantiate(world, first)
    _substantiate(world, second)
    call_command("rebuild_stats", stdout=StringIO())

    assert RepeatWindow.objects.filter(window_end__in=REPEAT_ENDS[:3]).count() == 3  # every past month-end
    _assert_repeats_equal_a_live_count(world)
    units = [world.city, world.district_a, world.district_b, world.commune_a, world.commune_new]
    for day in (dt.date(2024, 5, 31), dt.date(2025, 6, 30), dt.date(2025, 7, 31)):
        assert HeadcountMonth.objects.filter(month_end=day).exists()
        assert subtree_headcounts(units, day) == _subtree_headcounts_live({u.pk: 0 for u in units}, day)
    assert subtree_headcounts([world.city], dt.date(2025, 6, 30)) == {world.city.pk: 3}


def test_the_month_just_ended_gets_its_window_as_a_rebuild_would_store_it(world, monkeypatch):
    from violations.services import repeat

    monkeypatch.setattr(repeat, "LISTED_FROM", 2)
    for day in (dt.date(2023, 6, 1), dt.date(2024, 3, 1), dt.date(2024, 12, 1), dt.date(2025, 2, 1)):
        _substantiate(world, world.incident_in(world.commune_a, world.official_a, occurred=day))
    repeat.repeat_rebuild(today=dt.date(2025, 1, 15))  # windows up to 31/12/2024

    assert repeat.repeat_windows_extend(today=dt.date(2025, 4, 10)) == 3  # January to March 2025
    assert repeat.repeat_windows_extend(today=dt.date(2025, 4, 11)) == 0
    extended = _repeat_tables()
    repeat.repeat_rebuild(today=dt.date(2025, 4, 10))
    assert _repeat_tables() == extended
