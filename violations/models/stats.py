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


class RepeatWindow(models.Model):
    """A 24-month window for which RepeatOfficialStat rows have been computed (possibly none)."""

    window_end = models.DateField(unique=True)
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"…–{self.window_end:%d/%m/%Y}"


class RepeatOfficialStat(models.Model):
    """Officials party to two or more substantiated incidents in a unit's subtree within a 24-month window.

    Only counts of 2 or more are stored: the city-wide list is then an index range, not a million-row join.
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
