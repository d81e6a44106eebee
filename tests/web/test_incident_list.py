import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UnitFactory
from tests.web.fixtures_list import Tree, build_tree, client_for
from units.models import UnitKind
from violations.models import Status

pytestmark = pytest.mark.django_db
URL = reverse("violations:incident_list")


@pytest.fixture
def tree(framework) -> Tree:
    return build_tree(framework)


def listed(tree: Tree, user=None, **params) -> list[int]:
    response = client_for(user or tree.admin).get(URL, params)
    assert response.status_code == 200
    return [incident.pk for incident in response.context["page"].object_list]


def test_it_redirects_anonymous_users_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_user_without_any_scope_gets_404(tree):
    assert client_for(tree.outsider).get(URL).status_code == 404


def test_an_inspector_of_district_a_never_sees_district_b(tree):
    mine = tree.incident(tree.commune_a)
    tree.incident(tree.ward_b)
    assert listed(tree, tree.inspector_a) == [mine.pk]


def test_a_unit_outside_the_scope_cannot_be_chosen_and_does_not_widen_the_list(tree):
    mine = tree.incident(tree.commune_a)
    tree.incident(tree.ward_b)
    response = client_for(tree.inspector_a).get(URL, {"unit": tree.ward_b.pk})
    assert response.context["filter"].form.errors["unit"]
    assert [i.pk for i in response.context["page"].object_list] == [mine.pk]


def test_the_unit_filter_covers_the_whole_subtree(tree):
    in_commune = tree.incident(tree.commune_a)
    in_township = tree.incident(tree.township_a)
    tree.incident(tree.ward_b)
    assert set(listed(tree, unit=tree.district_a.pk)) == {in_commune.pk, in_township.pk}
    assert listed(tree, unit=tree.commune_a.pk) == [in_commune.pk]


def test_searching_without_diacritics_finds_the_unit(tree):
    found = tree.incident(tree.township_a)
    tree.incident(tree.commune_a)
    assert listed(tree, q="dong anh") == [found.pk]
    assert listed(tree, q="Đông Anh") == [found.pk]


def test_searching_finds_a_party_by_name_and_words_in_the_title(tree):
    with_party = tree.incident(tree.commune_a, official=tree.official_a)
    titled = tree.incident(tree.ward_b, title="Uống rượu trong giờ làm việc")
    assert listed(tree, q="tran van binh") == [with_party.pk]
    assert listed(tree, q="rượu") == [titled.pk]
    assert listed(tree, q=f"#{titled.pk}") == [titled.pk]


def test_searching_title_and_description_ignores_accents_and_case(tree):
    titled = tree.incident(tree.commune_a, title="Chậm giải quyết hồ sơ tại bộ phận MỘT CỬA", description="x")
    described = tree.incident(tree.commune_a, title="Khác", description="Uống rượu trong giờ làm việc")
    tree.incident(tree.commune_a, title="Khác", description="Không liên quan")
    assert listed(tree, q="mot cua") == [titled.pk]
    assert listed(tree, q="Một Cửa") == [titled.pk]
    assert listed(tree, q="RUOU") == [described.pk]
    assert listed(tree, q="(ruou") == []  # regular-expression characters are taken literally


def test_every_search_word_must_match(tree):
    both = tree.incident(tree.township_a, official=tree.official_a)
    tree.incident(tree.commune_a, official=tree.official_a)
    assert listed(tree, q="binh dong anh") == [both.pk]


def test_the_indicator_filter_accepts_a_code_or_an_id(tree):
    first = tree.incident(tree.commune_a, codes=("CT24-01", "CT24-13"))
    tree.incident(tree.commune_a, codes=("CT24-02",))
    indicator = tree.framework.indicators.get(code="CT24-13")
    assert listed(tree, indicator="CT24-13") == [first.pk]
    assert listed(tree, indicator=str(indicator.pk)) == [first.pk]


def test_the_group_filter_matches_any_indicator_in_the_group_without_duplicates(tree):
    group_two = tree.incident(tree.commune_a, codes=("CT24-13", "CT24-14"))  # both in group II (13–21)
    tree.incident(tree.commune_a, codes=("CT24-01", "CT24-02"))
    assert listed(tree, group="2") == [group_two.pk]


def test_status_accepts_several_values(tree):
    reported = tree.incident(tree.commune_a)
    verifying = tree.incident(tree.commune_a, status=Status.VERIFYING)
    tree.incident(tree.commune_a, status=Status.CLOSED)
    assert set(listed(tree, status=[Status.REPORTED, Status.VERIFYING])) == {reported.pk, verifying.pk}


def test_severity_and_source_narrow_the_list(tree):
    serious = tree.incident(tree.commune_a, severity="serious", source="press")
    tree.incident(tree.commune_a, severity="minor", source="press")
    tree.incident(tree.commune_a, severity="serious", source="petition")
    assert listed(tree, severity="serious", source="press") == [serious.pk]


def test_date_ranges_take_vietnamese_dates(tree):
    early = tree.incident(tree.commune_a, occurred_on=dt.date(2024, 1, 5), detected_on=dt.date(2024, 1, 20))
    late = tree.incident(tree.commune_a, occurred_on=dt.date(2024, 6, 5), detected_on=dt.date(2024, 9, 1))
    assert listed(tree, occurred_from="01/03/2024") == [late.pk]
    assert listed(tree, occurred_to="31/01/2024") == [early.pk]
    assert listed(tree, detected_from="01/01/2024", detected_to="31/08/2024") == [early.pk]


def test_a_bad_date_is_reported_in_vietnamese(tree):
    response = client_for(tree.admin).get(URL, {"occurred_from": "2024/13/45"})
    assert "dd/mm/yyyy" in response.context["filter"].form.errors["occurred_from"][0]


def test_the_official_filter_lists_incidents_the_official_is_party_to(tree):
    theirs = tree.incident(tree.commune_a, official=tree.official_a)
    tree.incident(tree.commune_a, official=tree.official_b)
    tree.incident(tree.commune_a)
    response = client_for(tree.admin).get(URL, {"official": tree.official_a.pk})
    assert [i.pk for i in response.context["page"].object_list] == [theirs.pk]
    assert response.context["chosen_official"] == tree.official_a


def test_deadline_states(tree):
    today = timezone.localdate()
    due = tree.incident(
        tree.commune_a, status=Status.VERIFYING, handling_deadline=today + dt.timedelta(days=10)
    )
    due_limit = tree.incident(tree.commune_a, limitation_deadline=today + dt.timedelta(days=30))
    late = tree.incident(
        tree.commune_a, status=Status.SUBSTANTIATED, handling_deadline=today - dt.timedelta(days=1)
    )
    late_limit = tree.incident(tree.commune_a, limitation_deadline=today - dt.timedelta(days=200))
    tree.incident(tree.commune_a, handling_deadline=today + dt.timedelta(days=31))
    tree.incident(tree.commune_a, status=Status.CLOSED, handling_deadline=today - dt.timedelta(days=1))
    tree.incident(tree.commune_a, status=Status.SANCTIONED, handling_deadline=today + dt.timedelta(days=5))
    assert set(listed(tree, deadline="due30")) == {due.pk, due_limit.pk}
    assert set(listed(tree, deadline="overdue")) == {late.pk, late_limit.pk}


def test_the_deadline_badge_shows_on_the_row(tree):
    today = timezone.localdate()
    tree.incident(tree.commune_a, handling_deadline=today - dt.timedelta(days=1))
    response = client_for(tree.admin).get(URL)
    assert response.context["page"].object_list[0].deadline_state == "overdue"
    assert 'class="badge overdue"' in response.content.decode()


def test_sorting_by_unit_follows_vietnamese_alphabetical_order(tree):
    names = ["Xã Đại Mạch", "Xã Bình Minh", "Xã Duyên Thái", "Xã Ân Thịnh"]
    for name in names:
        tree.incident(UnitFactory(name=name, kind=UnitKind.COMMUNE, parent=tree.district_a))
    response = client_for(tree.admin).get(URL, {"sort": "unit"})
    shown = [incident.unit.name for incident in response.context["page"].object_list]
    assert shown == ["Xã Ân Thịnh", "Xã Bình Minh", "Xã Duyên Thái", "Xã Đại Mạch"]
    descending = client_for(tree.admin).get(URL, {"sort": "-unit"}).context["page"].object_list
    assert [incident.unit.name for incident in descending] == shown[::-1]


def test_the_default_order_is_newest_first_and_severity_sorts_by_gravity(tree):
    old = tree.incident(tree.commune_a, occurred_on=dt.date(2023, 1, 1), severity="extremely_serious")
    new = tree.incident(tree.commune_a, occurred_on=dt.date(2024, 1, 1), severity="minor")
    middle = tree.incident(tree.commune_a, occurred_on=dt.date(2023, 6, 1), severity="serious")
    assert listed(tree) == [new.pk, middle.pk, old.pk]
    assert listed(tree, sort="-severity") == [old.pk, middle.pk, new.pk]


def test_pages_hold_fifty_and_keep_the_filters(tree):
    for _ in range(53):
        tree.incident(tree.commune_a, severity="serious")
    tree.incident(tree.commune_a, severity="minor")
    client = client_for(tree.admin)
    first = client.get(URL, {"severity": "serious"})
    assert len(first.context["page"].object_list) == 50
    assert first.context["count"] == 53
    html = first.content.decode()
    assert 'id="result-count" data-count="53"' in html
    next_url = unescape(re.search(r'rel="next" href="\?([^"]+)"', html).group(1))
    assert next_url.startswith("severity=serious&cursor=")
    second = client.get(f"{URL}?{next_url}")
    assert len(second.context["page"].object_list) == 3


def test_headers_and_export_links_carry_the_filters(tree):
    tree.incident(tree.commune_a)
    html = client_for(tree.admin).get(URL, {"severity": "minor", "sort": "unit"}).content.decode()
    assert f"{reverse('violations:incident_export_csv')}?severity=minor&amp;sort=unit" in html
    assert f"{reverse('violations:incident_export_xlsx')}?severity=minor&amp;sort=unit" in html
    assert "?severity=minor&amp;sort=-unit" in html  # clicking the sorted column again reverses it
