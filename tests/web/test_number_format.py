"""One number format: grouped counts, fixed decimals per kind of figure, the language's separators."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from violations import numbers


@pytest.mark.parametrize(
    ("figure", "vi", "en"),
    [
        (lambda: numbers.count(1234567), "1.234.567", "1,234,567"),
        (lambda: numbers.count(0), "0", "0"),
        (lambda: numbers.percent(77.777), "77,8%", "77.8%"),
        (lambda: numbers.percent(10), "10,0%", "10.0%"),
        (lambda: numbers.signed_percent(-50), "−50,0%", "−50.0%"),
        (lambda: numbers.signed_percent(12.54), "+12,5%", "+12.5%"),
        (lambda: numbers.signed_percent(0), "0,0%", "0.0%"),
        (lambda: numbers.rate(10), "10,00", "10.00"),
        (lambda: numbers.rate(22.2222), "22,22", "22.22"),
        (lambda: numbers.rate(0.125), "0,13", "0.13"),  # half up, not cut off
        (lambda: numbers.rate(None), "—", "—"),
    ],
)
def test_each_kind_of_figure_has_one_format(figure, vi, en):
    with translation.override("vi"):
        assert figure() == vi
    with translation.override("en"):
        assert figure() == en


@pytest.mark.django_db
def test_the_dashboard_prints_figures_in_the_vietnamese_format(client, world):
    for day in ("10/05/2024", "12/05/2024"):
        incident = world.incident_in(world.commune_a, world.official_a)
        incident.occurred_on = incident.detected_on = dt.datetime.strptime(day, "%d/%m/%Y").date()
        incident.save()
    client.force_login(world.admin)
    html = client.get(reverse("dashboard"), {"period": "month", "year": 2024, "month": 5}).content.decode()
    assert not re.search(r"\d\.\d+%", html), "a percentage with a decimal point"
    assert not re.search(r"\(-\d", html), "a change with a hyphen instead of the minus sign"
    rates = re.findall(r'<td class="num" data-value="[^"]*">([^<]*)</td>\s*<td>', html)
    assert rates and all(re.fullmatch(r"\d+,\d\d|—", r) for r in rates), rates
