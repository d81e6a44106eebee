import datetime as dt

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


def test_stored_repeat_officials_equal_the_live_count_and_follow_new_conclusions(world):
    from django.db.models import Q

    from reports.figures.people import repeat_officials, stored_repeat_officials
    from violations.services.repeat import repeat_window_rebuild

    end = dt.date(2024, 10, 31)
    first = world.incident_in(world.commune_a, world.official_a, occurred=dt.date(2024, 3, 1))
    second = world.incident_in(world.commune_a, world.official_a, occurred=dt.date(2024, 6, 1))
    _substantiate(world, first)
    repeat_window_rebuild(end)
    assert stored_repeat_officials(world.city, end) == ([], 0)

    _substantiate(world, second)  # the write refreshes the stored window for this official

    stored = stored_repeat_officials(world.district_a, end)
    live = repeat_officials(Q(incident__unit__in=[world.commune_a.pk]), end)
    assert stored == live
    assert [(row["official"], row["count"]) for row in stored[0]] == [(world.official_a, 2)]
    assert stored_repeat_officials(world.district_b, end) == ([], 0)
