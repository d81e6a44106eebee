import datetime as dt

import pytest

from units.months import add_months, add_years, last_months, month_start, months_before, next_month

D = dt.date


@pytest.mark.parametrize(
    "day,months,expected",
    [
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 3, 31), -1, D(2024, 2, 29)),
        (D(2024, 12, 15), 1, D(2025, 1, 15)),
        (D(2025, 1, 15), -13, D(2023, 12, 15)),
    ],
)
def test_add_months_keeps_the_day_or_falls_back_to_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


def test_the_month_steps():
    assert add_years(D(2024, 2, 29), 5) == D(2029, 2, 28)
    assert month_start(D(2026, 11, 30)) == D(2026, 11, 1)
    assert next_month(D(2026, 12, 31)) == D(2027, 1, 1)
    assert months_before(D(2026, 11, 30), 23) == D(2024, 12, 1)
    assert last_months(D(2026, 2, 10), 3) == [D(2025, 12, 1), D(2026, 1, 1), D(2026, 2, 1)]
