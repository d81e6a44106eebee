"""Reporting periods: a month, quarter, year or custom range, and the periods a figure is compared with.

Besides these, Party inspection practice reports "6 tháng đầu năm" and "9 tháng năm": cumulative periods
from 1 January to 30 June and to 30 September (a sơ kết at mid-year, and the figures the year-end review
is prepared from). Their figures are the sums of their months' where a figure is a count of events in the
period (docs/DOMAIN.md, "Reporting periods")."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from units.months import add_months, month_start, next_month

KINDS = {
    "month": _("Tháng"),
    "quarter": _("Quý"),
    "six_months": _("6 tháng"),
    "nine_months": _("9 tháng"),
    "year": _("Năm"),
    "custom": _("Tùy chọn"),
}
# The cumulative kinds, by their number of months from 1 January.
CUMULATIVE = {"six_months": 6, "nine_months": 9}


def _year_earlier(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date  # inclusive

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        start = dt.date(year, month, 1)
        return cls("month", start, next_month(start) - dt.timedelta(days=1))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        start = dt.date(year, 3 * (quarter - 1) + 1, 1)
        return cls("quarter", start, add_months(start, 3) - dt.timedelta(days=1))

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls("year", dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def cumulative(cls, kind: str, year: int) -> "Period":
        """The first 6 or 9 months of the year ("six_months", "nine_months")."""
        start = dt.date(year, 1, 1)
        return cls(kind, start, add_months(start, CUMULATIVE[kind]) - dt.timedelta(days=1))

    @classmethod
    def containing(cls, kind: str, day: dt.date) -> "Period":
        """The month, quarter or year the day falls in; for a cumulative kind, the one of the day's year
        (which may have ended before the day: see last_ended)."""
        if kind == "quarter":
            return cls.quarter(day.year, (day.month - 1) // 3 + 1)
        if kind == "year":
            return cls.year(day.year)
        if kind in CUMULATIVE:
            return cls.cumulative(kind, day.year)
        return cls.month(day.year, day.month)

    @classmethod
    def last_ended(cls, kind: str, today: dt.date) -> "Period":
        """The latest period of the kind that ended before today: what a run on `today` reports on."""
        if kind in CUMULATIVE:
            this_year = cls.cumulative(kind, today.year)
            return this_year if this_year.end < today else cls.cumulative(kind, today.year - 1)
        return cls.containing(kind, today).previous()

    @property
    def is_cumulative(self) -> bool:
        return self.kind in CUMULATIVE

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def is_whole_months(self) -> bool:
        return self.start.day == 1 and (self.end + dt.timedelta(days=1)).day == 1

    def shifted(self, months: int) -> "Period":
        if not self.is_whole_months:
            days = (self.end - self.start).days + 1
            offset = dt.timedelta(days=days) if months < 0 else dt.timedelta(days=-days)
            return Period(self.kind, self.start - offset, self.end - offset)
        start = add_months(month_start(self.start), months)
        return Period(self.kind, start, add_months(start, self.months) - dt.timedelta(days=1))

    def previous(self) -> "Period":
        """The period of the same length just before. Before a cumulative period those months are not a
        period of its kind (the 6 months before January–June are July–December): a custom period, labelled
        by its dates. The same period a year earlier (year_before) is the one those reports lead with."""
        if self.is_cumulative:
            before = self.shifted(-self.months)
            return Period("custom", before.start, before.end)
        return self.shifted(-self.months) if self.is_whole_months else self.shifted(-1)

    def year_before(self) -> "Period":
        if self.is_whole_months:
            return self.shifted(-12)
        return Period(self.kind, _year_earlier(self.start), _year_earlier(self.end))

    def label(self) -> str:
        if self.kind == "month":
            return self.start.strftime("%m/%Y")
        if self.kind == "quarter":
            return f"Q{(self.start.month - 1) // 3 + 1}/{self.start.year}"
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "six_months":
            return gettext("6 tháng đầu năm %(year)d") % {"year": self.start.year}
        if self.kind == "nine_months":
            return gettext("9 tháng năm %(year)d") % {"year": self.start.year}
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    def title(self) -> str:
        """The kind and the label, e.g. "Tháng 10/2026", "Quý Q3/2026"; a cumulative label already says
        its kind ("6 tháng đầu năm 2025")."""
        return self.label() if self.is_cumulative else f"{KINDS[self.kind]} {self.label()}"

    def as_params(self) -> dict[str, str]:
        """The query string that selects this period on a dashboard (reports.dashboard.params reads it)."""
        if self.kind == "custom":
            return {"period": "custom", "start": f"{self.start:%d/%m/%Y}", "end": f"{self.end:%d/%m/%Y}"}
        params = {"period": self.kind, "year": str(self.start.year)}  # the cumulative kinds need no more
        if self.kind == "month":
            params["month"] = str(self.start.month)
        elif self.kind == "quarter":
            params["quarter"] = str((self.start.month - 1) // 3 + 1)
        return params

    def month_starts(self) -> list[dt.date]:
        return [add_months(month_start(self.start), i) for i in range(self.months)]
