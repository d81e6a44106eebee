"""6 and 9 months (cumulative from January): each report's figures are the sums of its months' frozen figures
wherever a figure counts events dated in the period, and only there (docs/DOMAIN.md, "Reporting periods").

Additive, because each counts incidents by the month they occurred in (or sanctions by the day they were
decided), and a day lies in exactly one month: the total, substantiated and unsubstantiated incidents, the
incidents sanctioned and those per sanction form, per group, per indicator, per severity, per source, and each
sub-unit's total and substantiated.

Not additive, by definition:
- the headcount and each sub-unit's staff: people in post on the period's last day (June's, not six months'
  worth of them), so the rate per 100 people is the summed total over that headcount, not a sum of rates;
- the share substantiated and the changes in %: ratios, recomputed from the summed counts;
- the comparisons: the period before and the same period a year earlier are other periods;
- open, due-soon and overdue cases: a state on the day the report was made;
- the 12-month trend and the repeat officials (24 months): windows ending with the period's last month, the
  same as the last month's report;
- people with a violation in the period: distinct people, one who offends in three months counts once.

The monthly snapshots here are frozen as a run on each 1st would freeze them, with no incident recorded or
concluded afterwards: a report frozen before a late record or a later conclusion does not count it, while
the 6-month report frozen on 1 July does (test_a_late_record_is_in_the_half_year_not_in_its_frozen_month).
"""

import datetime as dt
from collections import Counter
from typing import Any

import pytest

from reports.content.build import build_snapshot
from reports.periods import Period
from units.months import next_month
from violations.models import Incident, PartyRole, Status
from violations.services.incidents import PartySpec, incident_create
from violations.services.workflow import incident_transition, sanction_record

pytestmark = pytest.mark.django_db

YEAR = 2026


def _file(rw, unit, official, occurred: dt.date, severity: str, source: str, numbers: list[int]) -> Incident:
    world = rw.base
    return incident_create(
        user=world.admin,
        unit=unit,
        title="Chậm giải quyết hồ sơ của công dân",
        description="Quá hạn giải quyết tại bộ phận một cửa.",
        occurred_on=occurred,
        detected_on=occurred,
        severity=severity,
        source=source,
        indicators=list(world.framework.indicators.filter(number__in=numbers)),
        parties=[PartySpec(official, PartyRole.INDIVIDUAL)],
    )


def _conclude(rw, incident: Incident, substantiated: bool, on: dt.date) -> None:
    target = Status.SUBSTANTIATED if substantiated else Status.UNSUBSTANTIATED
    for step, note in ((Status.VERIFYING, ""), (target, "Kết luận kiểm tra")):
        incident_transition(user=rw.base.admin, incident=incident, target=step, note=note, on=on)


def _sanction(rw, incident: Incident, form: str, decided_on: dt.date) -> None:
    sanction_record(
        user=rw.base.admin,
        party=incident.parties.get(),
        track="administrative",
        form=form,
        decision_number=f"{incident.pk}/QĐ-UBND",
        decided_on=decided_on,
        deciding_body="Ủy ban nhân dân",
    )


def _year_of_incidents(rw) -> None:
    """2026 in the report world's two current communes, besides its September and October incidents:
    every month of the first half but April, boundary days, sanctions decided in a later month than the
    incident, one in July (outside the half year, inside the nine months). Đỗ Quang Dũng offends in January,
    March and June."""
    commune, ward = rw.base.commune_new, rw.commune_two
    dung, hai, anh = rw.base.official_new, rw.head_new, rw.official_two
    _file(rw, commune, dung, dt.date(2025, 12, 31), "minor", "inspection", [1])  # before the year
    january = _file(rw, commune, dung, dt.date(YEAR, 1, 1), "minor", "inspection", [1, 2])
    _conclude(rw, january, True, dt.date(YEAR, 1, 20))
    _sanction(rw, january, "khien_trach", dt.date(YEAR, 3, 5))
    february = _file(rw, ward, anh, dt.date(YEAR, 2, 14), "serious", "petition", [14])
    _conclude(rw, february, False, dt.date(YEAR, 2, 20))
    _file(rw, commune, hai, dt.date(YEAR, 2, 28), "very_serious", "press", [3])
    march = _file(rw, commune, dung, dt.date(YEAR, 3, 3), "minor", "self_review", [1])
    _conclude(rw, march, True, dt.date(YEAR, 3, 10))
    _sanction(rw, march, "canh_cao", dt.date(YEAR, 6, 30))
    may = _file(rw, ward, anh, dt.date(YEAR, 5, 31), "minor", "audit", [14, 15])
    _conclude(rw, may, True, dt.date(YEAR, 6, 2))
    _sanction(rw, may, "khien_trach", dt.date(YEAR, 7, 1))
    june = _file(rw, commune, dung, dt.date(YEAR, 6, 30), "serious", "inspection", [2])
    _conclude(rw, june, True, dt.date(YEAR, 6, 30))
    _file(rw, ward, anh, dt.date(YEAR, 7, 1), "minor", "other", [20])
    _file(rw, commune, hai, dt.date(YEAR, 9, 30), "minor", "petition", [1])


def _frozen_months(unit, last: int) -> list[dict[str, Any]]:
    """Each month's snapshot as the run on the next 1st freezes it."""
    months = [Period.month(YEAR, m) for m in range(1, last + 1)]
    return [build_snapshot(unit, month, next_month(month.start)) for month in months]


def _additive(s: dict[str, Any]) -> Counter[str]:
    """Every figure of a snapshot that counts events dated in the period, by a key naming it."""
    figures: Counter[str] = Counter()
    for key in ("total", "substantiated", "unsubstantiated", "sanctioned"):
        figures[f"summary {key}"] = s["summary"][key]
    for group in s["groups"]:
        figures[f"group {group['number']}"] = group["total"]
        for indicator in group["indicators"]:
            figures[f"indicator {indicator['code']}"] = indicator["count"]
    for name in ("severity", "source"):
        for row in s[name]:
            figures[f"{name} {row['key']}"] = row["count"]
    for row in s["sanctions"]:
        figures[f"sanction {row['form']}"] = row["count"]
    for row in s["sub_units"]:
        figures[f"sub-unit {row['name']} total"] = row["total"]
        figures[f"sub-unit {row['name']} substantiated"] = row["substantiated"]
    return figures


def _summed(snapshots: list[dict[str, Any]]) -> Counter[str]:
    total: Counter[str] = Counter()
    for s in snapshots:
        total.update(_additive(s))
    return total


@pytest.fixture
def city_year(rw):
    _year_of_incidents(rw)
    return rw


@pytest.mark.parametrize(
    ("kind", "last", "totals"),
    [
        # by hand: Jan 1, Feb 2, Mar 1, May 1, Jun 1 (the 31/12/2025 one is outside)
        ("six_months", 6, {"total": 6, "substantiated": 4, "unsubstantiated": 1, "sanctioned": 2}),
        # plus 1/7, the report world's 12/9 and 30/9; the sanction of 1/7 falls in
        ("nine_months", 9, {"total": 9, "substantiated": 4, "unsubstantiated": 1, "sanctioned": 3}),
    ],
)
def test_a_cumulative_report_is_the_sum_of_its_frozen_months(city_year, kind, last, totals):
    city = city_year.base.city
    months = _frozen_months(city, last)
    period = Period.cumulative(kind, YEAR)
    cumulative = build_snapshot(city, period, next_month(period.end))

    assert (period.start, period.end) == (dt.date(YEAR, 1, 1), dt.date(YEAR, last, 30))
    # The same framework version counts every month, so the groups and indicators are the same rows.
    assert {s["framework"]["version"] for s in [*months, cumulative]} == {cumulative["framework"]["version"]}
    assert {key: cumulative["summary"][key] for key in totals} == totals
    assert _additive(cumulative) == _summed(months)
    assert {row["name"] for row in cumulative["sub_units"]} == {"Xã Phúc Thịnh", "Phường Ba Đình"}


def test_the_figures_that_are_not_sums_follow_their_own_definitions(city_year):
    """What the half-year report shows instead of a sum, figure by figure (the module's docstring)."""
    city = city_year.base.city
    months = _frozen_months(city, 6)
    june = months[-1]
    half = build_snapshot(city, Period.cumulative("six_months", YEAR), dt.date(YEAR, 7, 1))
    m = half["summary"]

    # people in post on 30 June, not six months of them; the rate is the summed total over that headcount
    assert m["headcount"] == june["summary"]["headcount"] > 0
    assert sum(s["summary"]["headcount"] for s in months) == 6 * m["headcount"]
    assert m["rate_per_100"] == round(100 * m["total"] / m["headcount"], 2)
    assert [r["staff"] for r in half["sub_units"]] == [r["staff"] for r in june["sub_units"]]
    # ratios from the summed counts
    assert m["share_substantiated_pct"] == round(100 * 4 / 5, 1)
    # other periods: the six months before (a custom range) and the first half of 2025
    assert m["previous"]["label"] == "01/07/2025 – 31/12/2025"
    assert m["year_ago"]["label"] == "6 tháng đầu năm 2025"
    assert m["previous"]["total"] == 1  # 31/12/2025
    # windows ending with June: the same as June's report
    assert half["trend"] == june["trend"] and half["repeat"] == june["repeat"]
    # distinct people: Đỗ Quang Dũng (January, March, June) and Vũ Thị Ánh (May) are two, not four
    assert half["people"]["with_violation"] == 2
    assert sum(s["people"]["with_violation"] for s in months) == 4
    # a state on the day the report is made: each month's report saw the cases open on its own 1st
    assert half["cases"]["as_of"] == "2026-07-01" and june["cases"]["as_of"] == "2026-07-01"
    assert months[0]["cases"]["as_of"] == "2026-02-01"


def test_a_late_record_is_in_the_half_year_not_in_its_frozen_month(city_year):
    """An incident of February recorded in May: February's report, frozen on 1 March, never counts it; the
    6-month report frozen on 1 July does. The half year then exceeds the sum of the frozen months by it,
    and a regenerated February report (a new revision, counted afresh) would close the gap."""
    rw, city = city_year, city_year.base.city
    months = _frozen_months(city, 6)
    _file(rw, rw.commune_two, rw.official_two, dt.date(YEAR, 2, 10), "minor", "petition", [14])
    half = build_snapshot(city, Period.cumulative("six_months", YEAR), dt.date(YEAR, 7, 1))

    gap = _additive(half) - _summed(months)
    assert gap == Counter(
        {
            "summary total": 1,
            "group 2": 1,
            "indicator CT24-14": 1,
            "severity minor": 1,
            "source petition": 1,
            "sub-unit Phường Ba Đình total": 1,
        }
    )
    february = build_snapshot(city, Period.month(YEAR, 2), dt.date(YEAR, 7, 1))
    months[1] = february
    assert _additive(half) == _summed(months)
