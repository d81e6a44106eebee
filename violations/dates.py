"""The calendar the application accepts from its users.

Dates typed into a form or a query string are read as dd/mm/yyyy and must fall between EARLIEST_DAY and
LATEST_DAY. Python's dates run from year 1 to 9999, so a date typed at either end overflowed the first
"day after" or "month before" computed from it (a 500 on the dashboard and the audit log). No record of the
political system predates 1945 or lies beyond this century, so the bounds lose nothing real and leave every
computation on a typed date centuries of room.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

INPUT_FORMAT = "%d/%m/%Y"
EARLIEST_DAY = dt.date(1945, 1, 1)
LATEST_DAY = dt.date(2099, 12, 31)


def out_of_range_message() -> str:
    return _("Ngày phải từ %(first)s đến %(last)s.") % {
        "first": EARLIEST_DAY.strftime(INPUT_FORMAT),
        "last": LATEST_DAY.strftime(INPUT_FORMAT),
    }


def in_range(day: dt.date) -> bool:
    return EARLIEST_DAY <= day <= LATEST_DAY


def validate_in_range(day: dt.date) -> None:
    if not in_range(day):
        raise ValidationError(out_of_range_message(), code="out_of_range")


def parse_day(raw: str | None) -> dt.date | None:
    """A dd/mm/yyyy date within the accepted range, or None for anything else."""
    try:
        day = dt.datetime.strptime((raw or "").strip(), INPUT_FORMAT).date()
    except ValueError:
        return None
    return day if in_range(day) else None
