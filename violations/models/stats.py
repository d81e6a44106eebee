"""Monthly roll-ups that make leaders' dashboards cheap at Hanoi scale.

Two kinds of row per (unit, month): `tree=False` counts the incidents filed on that very unit; `tree=True`
counts its whole subtree (the sum of the own rows beneath it). A dashboard for any unit reads its few tree
rows instead of scanning a million incidents. All rows are derived data: violations.services.stats keeps
them current on every write and can rebuild them from scratch.
"""

from django.db import models

from officials.models import Official
from units.models import Unit
from violations.models.framework import Indicator

# Columns of UnitMonthStat that count incidents, by what they count. Keys are the values the incident list
# filters on, so a dashboard figure and its list link are built from the same names.
SEVERITY_COLUMNS = {
    "minor": "sev_minor",
    "serious": "sev_serious",
    "very_serious": "sev_very_serious",
    "extremely_serious": "sev_extremely_serious",
}
SOURCE_COLUMNS = {
    "inspection": "src_inspection",
    "petition": "src_petition",
    "press": "src_press",
    "self_review": "src_self_review",
    "audit": "src_audit",
    "other": "src_other",
}
GROUP_COLUMNS = {1: "group_1", 2: "group_2", 3: "group_3"}
CONCLUSION_COLUMNS = {"yes": "substantiated", "no": "unsubstantiated"}
COUNT_COLUMNS = [
    "total",
    *SEVERITY_COLUMNS.values(),
    *SOURCE_COLUMNS.values(),
    *GROUP_COLUMNS.values(),
    *CONCLUSION_COLUMNS.values(),
]


class MonthRow(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    tree = models.BooleanField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{'subtree' if self.tree else 'own'} {self.unit_id} {self.month:%m/%Y}"


class UnitMonthStat(MonthRow):
    total = models.PositiveIntegerField(default=0)
    sev_minor = models.PositiveIntegerField(default=0)
    sev_serious = models.PositiveIntegerField(default=0)
    sev_very_serious = models.PositiveIntegerField(default=0)
    sev_extremely_serious = models.PositiveIntegerField(default=0)
    src_inspection = models.PositiveIntegerField(default=0)
    src_petition = models.PositiveIntegerField(default=0)
    src_press = models.PositiveIntegerField(default=0)
    src_self_review = models.PositiveIntegerField(default=0)
    src_audit = models.PositiveIntegerField(default=0)
    src_other = models.PositiveIntegerField(default=0)
    group_1 = models.PositiveIntegerField(default=0)
    group_2 = models.PositiveIntegerField(default=0)
    group_3 = models.PositiveIntegerField(default=0)
    substantiated = models.PositiveIntegerField(default=0)
    unsubstantiated = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "tree", "month"], name="unique_unit_month_stat")
        ]


class UnitMonthIndicatorStat(MonthRow):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "tree", "month", "indicator"], name="unique_unit_month_indicator_stat"
            )
        ]


class UnitMonthSanctionStat(MonthRow):
    """Incidents with at least one sanction of a form decided in the month (by the incident's unit)."""

    form = models.CharField(max_length=32)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "tree", "month", "form"], name="unique_unit_month_sanction"
            )
        ]


class OfficialMonthStat(models.Model):
    """Substantiated incidents an official is party to, per unit the incident was filed on and month it
    occurred in: what every repeat-official figure is summed from (violations.services.repeat)."""

    # No index of their own: the unique constraint leads with the official, official_month_by_unit with
    # the unit.
    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="+", db_index=False)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField()
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["official", "unit", "month"], name="unique_official_month_stat")
        ]
        # A scope's window is an index-only range per unit (PostgreSQL; other databases ignore `include`).
        indexes = [
            models.Index(
                fields=["unit", "month"], include=["official", "count"], name="official_month_by_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.official_id} {self.unit_id} {self.month:%m/%Y}: {self.count}"


class RepeatWindow(models.Model):
    """A 24-month window (one per past month-end) whose RepeatCountStat and RepeatOfficialStat rows exist."""

    window_end = models.DateField(unique=True)
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"…–{self.window_end:%d/%m/%Y}"


class RepeatCountStat(models.Model):
    """How many officials have exactly `count` (two or more) substantiated incidents in a unit's subtree
    within a window: the number of repeat officials is their sum, and the one who closes a top-N list is
    found without reading the officials themselves."""

    window_end = models.DateField()
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField()
    officials = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["window_end", "unit", "count"], name="unique_repeat_count")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.window_end:%m/%Y}: {self.officials} × {self.count}"


class RepeatOfficialStat(models.Model):
    """Officials with many substantiated incidents (violations.services.repeat.LISTED_FROM or more) in a
    unit's subtree within a window: the head of the list, where a top-N is read as an index range.

    Lower counts are not stored (at a million incidents most officials of a window have two or more, and one
    row per window, unit level and official would be tens of millions); a list that reaches below
    LISTED_FROM is summed from OfficialMonthStat over the unit's own rows instead.
    """

    window_end = models.DateField()
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["window_end", "unit", "official"], name="unique_repeat_official")
        ]
        indexes = [models.Index(fields=["window_end", "unit", "-count"], name="repeat_official_rank")]

    def __str__(self) -> str:
        return f"{self.official_id}: {self.count}"


class OpenCaseStat(models.Model):
    """Open cases of a unit (own, or its whole subtree) by their nearest deadline (null: none yet).

    Overdue and due-soon change with the calendar, not only with writes; keyed by date, the counts for any
    "today" are a sum over a few hundred rows.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    tree = models.BooleanField()
    next_deadline = models.DateField(null=True)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "tree", "next_deadline"], name="unique_open_case_stat", nulls_distinct=False
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.next_deadline}: {self.count}"
