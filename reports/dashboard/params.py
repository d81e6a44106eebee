"""Reading the dashboard's unit and period from the query string, with forgiving defaults."""

import datetime as dt
from collections.abc import Mapping

from reports.periods import Period


def _int(raw: str | None, default: int, low: int, high: int) -> int:
    try:
        value = int(raw or "")
    except ValueError:
        return default
    return value if low <= value <= high else default


def _date(raw: str | None) -> dt.date | None:
    try:
        return dt.datetime.strptime(raw or "", "%d/%m/%Y").date()
    except ValueError:
        return None


def period_from(params: Mapping[str, str], today: dt.date) -> Period:
    """The requested period; by default the last complete month (the one a monthly report covers)."""
    kind = params.get("period", "month")
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    year = _int(params.get("year"), last_month.year, 2000, today.year)
    if kind == "year":
        return Period.year(year)
    if kind == "quarter":
        return Period.quarter(year, _int(params.get("quarter"), (last_month.month - 1) // 3 + 1, 1, 4))
    if kind == "custom":
        start, end = _date(params.get("start")), _date(params.get("end"))
        if start and end and start <= end:
            return Period("custom", start, end)
    return Period.month(year, _int(params.get("month"), last_month.month, 1, 12))
