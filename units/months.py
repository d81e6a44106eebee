"""Month arithmetic, in one place, on python-dateutil.

Roll-ups are kept per calendar month, reports cover months, quarters and years, and the law counts limitation
and sanction periods in months and years: all of them step through months here.
"""

import datetime as dt

from dateutil.relativedelta import relativedelta


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later (or earlier); the 31st or 29 February falls back to the month's last day."""
    return day + relativedelta(months=months)


def add_years(day: dt.date, years: int) -> dt.date:
    return day + relativedelta(years=years)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    """The first day of the month after `day`'s."""
    return month_start(day) + relativedelta(months=1)


def months_before(day: dt.date, count: int) -> dt.date:
    """The first day of the month `count` months before `day`'s."""
    return month_start(day) - relativedelta(months=count)


def last_months(end: dt.date, count: int) -> list[dt.date]:
    """The first days of the `count` months ending with `end`'s month, oldest first."""
    return [months_before(end, back) for back in reversed(range(count))]
