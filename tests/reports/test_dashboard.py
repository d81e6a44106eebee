import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse

from tests.factories import RoleGrantFactory, UserFactory
from tests.web.world import build_world
from units.models import Role
from violations.models import Status
from violations.services.workflow import incident_transition, sanction_record

pytestmark = pytest.mark.django_db
SEPT = {"period": "month", "year": "2024", "month": "9"}


@pytest.fixture
def world(framework):
    world = build_world(framework)
    a1 = world.incident_in(world.commune_a, world.official_a, occurred=dt.date(2024, 9, 3))
    world.incident_in(world.commune_a, world.head_a, occurred=dt.date(2024, 9, 20))
    world.incident_in(world.commune_a, world.official_a, occurred=dt.date(2024, 8, 9))
    world.incident_in(world.commune_a, world.official_a, occurred=dt.date(2023, 9, 9))
    world.incident_in(world.commune_b, world.official_b, occurred=dt.date(2024, 9, 15))
    for step, note in ((Status.VERIFYING, ""), (Status.SUBSTANTIATED, "Có vi phạm")):
        incident_transition(user=world.admin, incident=a1, target=step, note=note, on=dt.date(2024, 9, 10))
    sanction_record(
        user=world.admin,
        party=a1.parties.get(),
        track="administrative",
        form="khien_trach",
        decision_number="7/QĐ",
        decided_on=dt.date(2024, 9, 28),
        deciding_body="UBND huyện Đông Anh",
    )
    world.a1 = a1
    return world


def _dashboard(client, user, **params):
    client.force_login(user)
    return client.get(reverse("dashboard"), {**SEPT, **params})


def test_the_figures_equal_hand_counted_ones(client, world):
    response = _dashboard(client, world.admin, unit=world.district_a.pk)
    context = response.context
    assert response.status_code == 200
    assert context["total"].value == 2  # two in September 2024 under Huyện Đông Anh
    assert context["previous"]["figure"].value == 1  # August 2024
    assert context["year_ago"]["figure"].value == 1  # September 2023
    assert context["year_ago"]["change_pct"] == 100.0
    severities = {row["key"]: row["figure"].value for row in context["by_severity"]}
    assert severities == {"minor": 2, "serious": 0, "very_serious": 0, "extremely_serious": 0}
    groups = [g["figure"].value for g in context["by_group"]]
    assert groups == [2, 0, 0]
    first_two = [row["figure"].value for row in context["by_group"][0]["indicators"][:3]]
    assert first_two == [2, 2, 0]
    assert context["substantiated"]["yes"].value == 1
    assert context["substantiated"]["share_pct"] == 100.0
    assert [(s["form"], s["figure"].value) for s in context["sanctions"]] == [("khien_trach", 1)]
    assert context["headcount"] == 2
    assert context["rate"] == 100.0
    assert context["cases"]["open"].value == 4  # everything but the substantiated-and-sanctioned one is open
    assert [row["unit"].name for row in context["sub_units"]] == ["Thị trấn Đông Anh"]
    assert context["sub_units"][0]["head"] == world.head_a
    assert context["trend"][-1]["figure"].value == 2 and context["trend"][-2]["figure"].value == 1


def test_every_number_equals_the_count_of_the_list_it_links_to(client, world):
    html = _dashboard(client, world.admin, unit=world.city.pk).content.decode()
    links = re.findall(r'<a href="(/incidents/\?[^"]+)"[^>]*>(\d+)</a>', html)
    assert len(links) > 40
    for url, shown in links:
        listing = client.get(unescape(url)).content.decode()
        count = re.search(r'data-count="(\d+)"', listing).group(1)
        assert int(count) == int(shown), url


def test_a_past_period_shows_the_district_communes_as_they_were(client, world):
    context = _dashboard(client, world.admin, unit=world.city.pk).context
    names = [row["unit"].name for row in context["sub_units"]]
    assert names == ["Huyện Đông Anh", "Quận Ba Đình"]
    later = _dashboard(client, world.admin, unit=world.city.pk, year="2025", month="8").context
    assert [row["unit"].name for row in later["sub_units"]] == ["Xã Phúc Thịnh"]


def test_a_current_commune_includes_its_predecessors_unless_unticked(client, world):
    """As its report does: the dashboard and the emailed PDF of a 2025 commune show the same figures."""
    leader = UserFactory(username="lanhdao_moi")
    RoleGrantFactory(user=leader, role=Role.LEADER, unit=world.commune_new)
    alone = _dashboard(client, leader, unit=world.commune_new.pk, with_predecessors="0").context
    assert alone["total"].value == 0
    merged = _dashboard(client, leader, unit=world.commune_new.pk).context
    assert merged["total"].value == 2
    ticked = _dashboard(client, leader, unit=world.commune_new.pk, with_predecessors=["0", "1"]).context
    assert ticked["total"].value == 2  # the form sends the hidden 0 and the ticked 1
    listing = client.get(merged["total"].url).content.decode()
    assert 'data-count="2"' in listing


def test_a_commune_leader_gets_404_on_another_communes_dashboard(client, world):
    assert _dashboard(client, world.leader_a, unit=world.commune_b.pk).status_code == 404
    assert _dashboard(client, world.leader_a, unit=world.commune_a.pk).status_code == 200


def test_a_custom_period_is_counted_live_and_agrees(client, world):
    context = _dashboard(
        client, world.admin, unit=world.district_a.pk, period="custom", start="01/09/2024", end="10/09/2024"
    ).context
    assert context["total"].value == 1
    assert 'data-count="1"' in client.get(context["total"].url).content.decode()


@pytest.mark.parametrize(
    "period",
    [
        {"period": "month", "year": "2024", "month": "9"},
        {"period": "quarter", "year": "2024", "quarter": "3"},
        {"period": "year", "year": "2024"},
        {"period": "six_months", "year": "2024"},
        {"period": "nine_months", "year": "2024"},
        {"period": "custom", "start": "05/08/2024", "end": "18/09/2024"},
    ],
    ids=["month", "quarter", "year", "six_months", "nine_months", "custom"],
)
def test_drilling_down_keeps_the_period_and_every_count(client, world, period):
    """City → sub-unit → incident list: the sub-unit's dashboard covers the same period (quarters and
    custom ranges were dropped before), its total is the row's, and every list shows the linked count."""
    client.force_login(world.admin)
    city = client.get(reverse("dashboard"), {"unit": world.city.pk, **period}).context
    assert city["sub_units"]
    for row in city["sub_units"]:
        child = client.get(unescape(row["dashboard_url"])).context
        assert (child["scope"].unit, child["period"]) == (row["unit"], city["period"])
        assert child["total"].value == row["total"].value
        for figure in (row["total"], child["total"], child["previous"]["figure"]):
            listing = client.get(unescape(figure.url)).content.decode()
            assert f'data-count="{figure.value}"' in listing, figure.url


def test_a_link_to_a_filter_the_list_does_not_have_fails_loudly(world):
    from reports.dashboard.links import list_url
    from reports.figures.scope import ReportScope

    with pytest.raises(ValueError, match="not filters of the incident list"):
        list_url(ReportScope(world.city, ()), None, severityy="minor")
