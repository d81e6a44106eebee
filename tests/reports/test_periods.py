"""6 and 9 months, cumulative from January, wherever a period kind is chosen: the period itself, the report
generator, the dashboard, the archive filter, the scheduled run, the command and the file names."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from reports.dashboard.params import period_from
from reports.forms import ArchiveFilterForm, GenerateForm
from reports.management.commands.run_monthly_reports import _start
from reports.models import PeriodKind, Report, period_of
from reports.periods import KINDS, Period
from reports.render import period_phrase
from reports.targets import previous_period
from tests.factories import UnitFactory
from tests.web.world import build_world

H1_2025 = Period.cumulative("six_months", 2025)
M9_2025 = Period.cumulative("nine_months", 2025)


def test_six_and_nine_months_run_from_january():
    assert (H1_2025.start, H1_2025.end, H1_2025.months) == (dt.date(2025, 1, 1), dt.date(2025, 6, 30), 6)
    assert (M9_2025.start, M9_2025.end, M9_2025.months) == (dt.date(2025, 1, 1), dt.date(2025, 9, 30), 9)
    assert H1_2025.is_whole_months and H1_2025.is_cumulative and not Period.year(2025).is_cumulative
    assert period_of("nine_months", dt.date(2025, 1, 1)) == M9_2025
    with pytest.raises(ValueError, match="does not start"):
        period_of("six_months", dt.date(2025, 7, 1))  # there is no "6 months from July" kind


def test_labels_say_the_period_as_vietnamese_reports_do():
    with translation.override("vi"):
        assert H1_2025.label() == "6 tháng đầu năm 2025"
        assert M9_2025.label() == "9 tháng năm 2025"
        assert H1_2025.title() == "6 tháng đầu năm 2025"  # the kind is in the label already
        assert Period.quarter(2025, 3).title() == "Quý Q3/2025"
    with translation.override("en"):
        assert H1_2025.label() == "first 6 months of 2025"
        assert str(KINDS["nine_months"]) == "9 months"
    assert period_phrase({"kind": "six_months", "start": "2025-01-01"}) == "6 tháng đầu năm 2025"
    assert period_phrase({"kind": "nine_months", "start": "2025-01-01"}) == "9 tháng năm 2025"
    assert set(PeriodKind.values) == set(KINDS) - {"custom"}


def test_a_cumulative_period_compares_with_the_same_months_a_year_earlier_and_the_months_before():
    assert H1_2025.year_before() == Period.cumulative("six_months", 2024)
    assert M9_2025.year_before().label() == "9 tháng năm 2024"
    # the months just before are not a period of the kind: a custom range, labelled by its dates
    assert H1_2025.previous() == Period("custom", dt.date(2024, 7, 1), dt.date(2024, 12, 31))
    assert M9_2025.previous() == Period("custom", dt.date(2024, 4, 1), dt.date(2024, 12, 31))


@pytest.mark.parametrize(
    ("kind", "today", "reported"),
    [
        ("six_months", dt.date(2026, 7, 1), Period.cumulative("six_months", 2026)),
        ("six_months", dt.date(2026, 6, 30), Period.cumulative("six_months", 2025)),
        ("nine_months", dt.date(2026, 10, 1), Period.cumulative("nine_months", 2026)),
        ("nine_months", dt.date(2026, 9, 30), Period.cumulative("nine_months", 2025)),
        ("quarter", dt.date(2026, 7, 1), Period.quarter(2026, 2)),
        ("year", dt.date(2027, 1, 1), Period.year(2026)),
    ],
)
def test_a_run_reports_on_the_last_period_that_ended(kind, today, reported):
    assert previous_period(kind, today) == reported


def test_the_command_names_a_cumulative_period_by_its_year():
    assert _start("six_months", "2026") == _start("nine_months", "2026") == "2026-01-01"
    assert _start("month", "2026-10") == "2026-10-01"


@pytest.mark.parametrize("period", [H1_2025, M9_2025])
def test_the_dashboard_reads_back_the_period_it_links_to(period):
    assert period_from(period.as_params(), dt.date(2026, 12, 4)) == period
    assert period.as_params() == {"period": period.kind, "year": "2025"}


def test_file_names_say_six_or_nine_months():
    def name(kind: str) -> str:
        unit = UnitFactory.build(name="Xã Phúc Thịnh")
        report = Report(unit=unit, period_kind=kind, period_start=dt.date(2025, 1, 1), revision=2)
        return report.pdf_filename()

    assert name("six_months") == "bao-cao-xa-phuc-thinh-2025-6-thang-r2.pdf"
    assert name("nine_months") == "bao-cao-xa-phuc-thinh-2025-9-thang-r2.pdf"


@pytest.mark.django_db
def test_the_generator_needs_only_the_year_for_six_or_nine_months(framework):
    world = build_world(framework)
    unit = world.commune_new.pk
    form = GenerateForm({"unit": unit, "kind": "six_months", "year": 2025, "month": ""}, user=world.admin)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["period"] == H1_2025

    this_year = dt.date.today().year + 1  # not over yet, whatever today is
    later = GenerateForm({"unit": unit, "kind": "nine_months", "year": this_year}, user=world.admin)
    assert not later.is_valid() and "Kỳ báo cáo chưa kết thúc." in str(later.errors)
    assert "six_months" in dict(ArchiveFilterForm().fields["kind"].choices)


@pytest.mark.django_db
def test_the_pages_offer_the_new_kinds_with_only_the_year_field(client, framework):
    world = build_world(framework)
    client.force_login(world.admin)

    generator = client.get(reverse("report_list")).content.decode()
    assert '<option value="six_months">6 tháng</option>' in generator
    assert '<option value="nine_months">9 tháng</option>' in generator
    dashboard = client.get(reverse("dashboard"), {"period": "nine_months", "year": "2024"})
    html = dashboard.content.decode()
    assert dashboard.context["period"] == Period.cumulative("nine_months", 2024)
    assert '<option value="nine_months" selected>9 tháng</option>' in html
    assert 'data-period-kinds="month quarter six_months nine_months year"><label for="id_year">' in html
    assert "9 tháng năm 2024" in html
