"""The figures a report freezes equal the ones counted by hand on tests/reports_pdf/world.py."""

import datetime as dt
import json

import pytest

from reports.content import people
from reports.content.build import build_snapshot, snapshot_digest
from tests.reports_pdf.world import OCTOBER, TODAY

pytestmark = pytest.mark.django_db


def _indicator_counts(snapshot: dict) -> dict[str, int]:
    return {i["code"]: i["count"] for g in snapshot["groups"] for i in g["indicators"] if i["count"]}


def test_a_commune_report_counts_the_month_against_the_previous_one(rw):
    s = build_snapshot(rw.base.commune_new, OCTOBER, TODAY)

    assert s["unit"]["name"] == "Xã Phúc Thịnh"
    assert s["predecessors"] == ["Thị trấn Đông Anh"]
    assert s["period"] == {"kind": "month", "start": "2026-10-01", "end": "2026-10-31", "label": "10/2026"}
    summary = s["summary"]
    assert summary["total"] == 2
    assert summary["previous"] == {"label": "09/2026", "total": 1, "change_pct": 100.0}
    assert summary["year_ago"] == {"label": "10/2025", "total": 0, "change_pct": None}
    assert (summary["substantiated"], summary["unsubstantiated"], summary["sanctioned"]) == (1, 0, 1)
    assert (summary["headcount"], summary["rate_per_100"]) == (2, 100.0)
    assert [g["total"] for g in s["groups"]] == [2, 0, 0]
    assert sum(len(g["indicators"]) for g in s["groups"]) == 25
    assert _indicator_counts(s) == {"CT24-01": 2, "CT24-02": 1}
    assert {r["key"]: r["count"] for r in s["severity"] if r["count"]} == {"minor": 1, "serious": 1}
    assert s["sanctions"] == [{"form": "khien_trach", "label": "Khiển trách", "count": 1}]
    assert [(r["month"], r["total"]) for r in s["trend"][-3:]] == [
        ("08/2026", 0),
        ("09/2026", 1),
        ("10/2026", 2),
    ]
    assert len(s["trend"]) == 12
    assert s["framework"]["code"] == "CT24-TU" and s["framework"]["version"] == 2


def test_open_and_overdue_cases_include_the_merged_predecessors_history(rw):
    cases = build_snapshot(rw.base.commune_new, OCTOBER, TODAY)["cases"]

    # the handling time runs from detection: the case of 12/09/2026 is due within 30 days of 29/11/2026
    assert (cases["open"], cases["overdue"], cases["due_soon"]) == (4, 1, 1)
    rw.open_old.refresh_from_db()
    assert cases["overdue_rows"] == [
        {
            "id": rw.open_old.pk,
            "title": rw.open_old.title,
            "unit": "Thị trấn Đông Anh",
            "status": "Đang xác minh",
            "due": rw.open_old.handling_deadline.isoformat(),
            "days_late": (TODAY - rw.open_old.handling_deadline).days,
        }
    ]


def test_the_per_person_table_lists_everyone_in_a_small_unit_with_yes_or_no(rw):
    table = build_snapshot(rw.base.commune_new, OCTOBER, TODAY)["people"]

    assert (table["staff"], table["with_violation"], table["complete"]) == (2, 1, True)
    assert table["rows"] == [
        {
            "name": "Đỗ Quang Dũng",
            "post": "Chuyên viên",
            "unit": "Xã Phúc Thịnh",
            "violation": True,
            "count": 1,
        },
        {
            "name": "Ngô Đức Hải",
            "post": "Chủ tịch UBND",
            "unit": "Xã Phúc Thịnh",
            "violation": False,
            "count": 0,
        },
    ]


def test_a_large_unit_lists_only_the_people_with_a_violation(rw, monkeypatch):
    monkeypatch.setattr(people, "FULL_LIST_MAX", 2)
    table = build_snapshot(rw.base.city, OCTOBER, TODAY)["people"]

    assert (table["staff"], table["with_violation"], table["complete"], table["listed"]) == (3, 1, False, 1)
    assert [row["name"] for row in table["rows"]] == ["Đỗ Quang Dũng"]


def test_the_city_report_sums_its_communes_and_lists_them(rw):
    s = build_snapshot(rw.base.city, OCTOBER, TODAY)

    assert (s["summary"]["total"], s["summary"]["previous"]["total"]) == (3, 1)
    assert [g["total"] for g in s["groups"]] == [2, 1, 0]
    assert s["sub_units"] == [
        {
            "name": "Phường Ba Đình",
            "total": 1,
            "substantiated": 0,
            "staff": 1,
            "rate_per_100": 100.0,
            "head": "",
        },
        {
            "name": "Xã Phúc Thịnh",
            "total": 2,
            "substantiated": 1,
            "staff": 2,
            "rate_per_100": 100.0,
            "head": "Ngô Đức Hải",
        },
    ]
    assert s["sub_units_direct"] == {"total": 0, "substantiated": 0}  # nothing filed on the city itself
    assert (s["cases"]["open"], s["cases"]["overdue"]) == (5, 1)
    assert s["people"]["staff"] == 3


def test_the_snapshot_is_plain_json_and_its_digest_ignores_key_order(rw):
    s = build_snapshot(rw.commune_two, OCTOBER, TODAY)
    reordered = json.loads(json.dumps(dict(reversed(list(s.items())))))

    assert json.loads(json.dumps(s)) == s
    assert snapshot_digest(reordered) == snapshot_digest(s)
    assert s["issuer"]["place"] == "Ba Đình"  # the unit's own place: "Ba Đình, ngày … tháng … năm …"


def test_repeat_officials_agree_whether_counted_live_or_read_from_the_precomputed_window(rw):
    from reports.figures.people import repeat_officials
    from reports.figures.rows import repeat
    from reports.figures.scope import ReportScope
    from reports.figures.source import FigureSource
    from tests.reports_pdf.world import _file, _substantiate_and_sanction
    from violations.services.repeat import repeat_rebuild

    second = _file(
        rw.base, rw.base.commune_new, rw.base.official_new, OCTOBER.start.replace(day=2), "minor", [3]
    )
    _substantiate_and_sanction(rw.base, second)
    scope = ReportScope(rw.base.city, ())
    live = repeat_officials(scope.q("incident__unit"), OCTOBER.end, limit=10)
    summed = repeat(FigureSource(scope), OCTOBER, 10)  # no stored window yet: summed per month
    repeat_rebuild(today=OCTOBER.end + dt.timedelta(days=1))

    assert repeat(FigureSource(scope), OCTOBER, 10) == summed
    assert (summed["rows"], summed["total"]) == live
    assert summed["total"] == 1
    assert [(r["official"], r["count"]) for r in summed["rows"]] == [(rw.base.official_new, 2)]
