import datetime as dt

import pytest

from officials.selectors import unit_head_on
from tests.factories import AssignmentFactory, OfficialFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_unit_head_on_gives_the_head_before_and_after_a_change_of_head():
    unit = UnitFactory()
    former, successor = OfficialFactory(), OfficialFactory()
    AssignmentFactory(
        unit=unit,
        official=former,
        post_title="Chủ tịch",
        is_head=True,
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2025, 6, 30),
    )
    AssignmentFactory(
        unit=unit, official=successor, post_title="Chủ tịch", is_head=True, start_date=dt.date(2025, 7, 1)
    )

    assert unit_head_on(unit, dt.date(2025, 6, 30)) == former
    assert unit_head_on(unit, dt.date(2025, 7, 1)) == successor


def test_unit_head_on_is_none_while_the_head_post_is_vacant():
    unit = UnitFactory()
    AssignmentFactory(
        unit=unit,
        post_title="Chủ tịch",
        is_head=True,
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2024, 12, 31),
    )
    AssignmentFactory(unit=unit, post_title="Phó Chủ tịch", is_deputy=True, start_date=dt.date(2020, 1, 1))

    assert unit_head_on(unit, dt.date(2025, 3, 1)) is None
    assert unit_head_on(unit, dt.date(2019, 12, 31)) is None
