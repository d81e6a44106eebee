"""The unit picker on the dashboard and the report generator; where a user whose grant is on a dissolved unit
lands; and the page-wide uniqueness of element ids that ties each label to its own field."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from tests.factories import RoleGrantFactory, UnitFactory, UserFactory
from units.models import Role, UnitKind, UnitSuccession
from violations.access import start_unit

from .world import AFTER

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _options(html: str, select_id: str) -> str:
    match = re.search(rf'<select name="\w+" id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert match, select_id
    return match.group(1)


def test_an_inspector_granted_a_dissolved_district_lands_on_its_current_successor(client, world):
    client.force_login(world.inspector_a)
    html = _text(client.get(reverse("dashboard")))
    assert "<h1>Xã Phúc Thịnh ·" in html
    assert start_unit(world.inspector_a) == world.commune_new


def test_a_dissolved_unit_points_to_the_successors_the_viewer_may_see(client, world):
    client.force_login(world.inspector_a)
    html = _text(client.get(reverse("dashboard"), {"unit": world.district_a.pk}))
    notice = re.search(r'<p class="card notice" role="note">(.*?)</p>', html, re.S)
    assert notice, "no successor notice on a dissolved unit"
    assert "30/06/2025" in notice.group(1)
    assert f'<a href="?unit={world.commune_new.pk}">Xã Phúc Thịnh</a>' in notice.group(1)


def test_a_grant_whose_successors_are_out_of_scope_stays_on_the_dissolved_unit(world):
    elsewhere = UnitFactory(key="w:new-b", name="Phường Ba Đình", kind=UnitKind.WARD, parent=world.city)
    UnitSuccession.objects.create(predecessor=world.commune_b, successor=elsewhere, effective_on=AFTER)
    assert start_unit(world.inspector_b) == world.district_b
    RoleGrantFactory(user=world.inspector_b, role=Role.INSPECTOR, unit=elsewhere)
    world.inspector_b = type(world.inspector_b).objects.get(pk=world.inspector_b.pk)  # drop the grant cache
    assert start_unit(world.inspector_b) == elsewhere


def test_the_dashboard_picker_lists_the_scope_current_units_first_and_marks_former_ones(client, world):
    client.force_login(world.inspector_a)
    html = _text(client.get(reverse("dashboard")))
    options = _options(html, "id_unit")
    current, former = re.findall(r'<optgroup label="([^"]+)">', options)
    assert (current, former) == ("Đơn vị hiện nay", "Đơn vị cũ (đã giải thể, sáp nhập)")
    assert options.index("Xã Phúc Thịnh") < options.index("Thị trấn Đông Anh")
    assert "Thị trấn Đông Anh — Huyện Đông Anh (đến 30/06/2025)" in options
    assert f'<option value="{world.commune_new.pk}" selected>Xã Phúc Thịnh</option>' in options
    assert "Phường Phúc Xá" not in options  # another inspector's district
    assert 'data-unit-filter aria-controls="id_unit"' in html


def test_the_dashboard_shows_each_period_field_with_its_kind(client, world):
    client.force_login(world.admin)
    html = _text(client.get(reverse("dashboard")))
    assert re.search(r'data-period-kinds="month"><label for="id_month">', html)
    assert re.search(r'data-period-kinds="quarter"><label for="id_quarter">', html)
    assert re.search(r'data-period-kinds="custom"><label for="id_start">', html)
    assert 'id="id_period" data-period-select' in html


def test_the_report_generator_picks_scoped_units_with_their_validity(client, world):
    client.force_login(world.admin)
    html = _text(client.get(reverse("report_list")))
    options = _options(html, "generate-unit")
    assert "Huyện Đông Anh — Thành phố Hà Nội (đến 30/06/2025)" in options
    assert 'data-unit-filter aria-controls="generate-unit"' in html
    assert re.search(r'data-period-kinds="month">\s*<label for="generate-month">', html)
    assert re.search(r'data-period-kinds="quarter">\s*<label for="generate-quarter">', html)
    assert "Periodic tasks" not in html


def test_a_unit_outside_the_generators_scope_is_refused_with_a_field_message(client, world):
    commune_admin = UserFactory(username="quantri_xa")
    RoleGrantFactory(user=commune_admin, role=Role.ADMIN, unit=world.commune_new)
    client.force_login(commune_admin)
    response = client.post(
        reverse("report_generate"), {"unit": world.commune_b.pk, "kind": "month", "year": 2025, "month": 8}
    )
    assert response.status_code == 400
    assert "Đơn vị không có hoặc nằm ngoài phạm vi được giao." in response.content.decode()


@pytest.mark.parametrize(
    "page", ["dashboard", "report_list", "violations:incident_create", "violations:incident_list"]
)
def test_every_element_id_on_a_page_is_unique(client, world, page):
    client.force_login(world.admin)
    html = _text(client.get(reverse(page)))
    repeated = [i for i, n in Counter(re.findall(r'\sid="([^"]+)"', html)).items() if n > 1]
    assert repeated == []
