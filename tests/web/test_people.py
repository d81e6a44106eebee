import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import AssignmentFactory, OfficialFactory, UnitFactory
from tests.web.fixtures_list import NATIONAL_ID, Tree, build_tree, client_for
from units.models import UnitKind, UnitSuccession
from violations.models import Sanction, SanctionTrack

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(framework) -> Tree:
    return build_tree(framework)


def official_url(official) -> str:
    return reverse("violations:official_detail", args=[official.pk])


def unit_url(unit) -> str:
    return reverse("violations:unit_detail", args=[unit.pk])


def test_people_pages_redirect_anonymous_users_to_login(client, tree):
    for url in (official_url(tree.official_a), unit_url(tree.commune_a)):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def test_an_official_outside_the_scope_does_not_exist(tree):
    assert client_for(tree.inspector_a).get(official_url(tree.official_b)).status_code == 404
    assert client_for(tree.outsider).get(official_url(tree.official_a)).status_code == 404


def test_the_official_page_shows_the_person_but_never_the_national_id(tree):
    response = client_for(tree.inspector_a).get(official_url(tree.official_a))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Trần Văn Bình" in html and tree.official_a.staff_code in html
    assert "Công chức Địa chính" in html and "Xã Bắc Hồng" in html
    assert NATIONAL_ID not in html and NATIONAL_ID[-4:] not in html


def test_the_official_page_lists_incidents_from_every_post_but_only_within_the_scope(tree):
    AssignmentFactory(
        official=tree.official_a,
        unit=tree.ward_b,
        post_title="Chuyên viên",
        start_date=dt.date(2015, 1, 1),
        end_date=dt.date(2019, 12, 31),
    )
    in_a = tree.incident(tree.commune_a, official=tree.official_a, title="Vụ ở Bắc Hồng")
    in_b = tree.incident(tree.ward_b, official=tree.official_a, title="Vụ ở Phúc Xá")
    tree.incident(tree.commune_a, title="Vụ không liên quan")
    for user, shown, hidden in ((tree.inspector_a, in_a, in_b), (tree.inspector_b, in_b, in_a)):
        response = client_for(user).get(official_url(tree.official_a))
        assert [party.incident_id for party in response.context["parties"]] == [shown.pk]
        assert hidden.title not in response.content.decode()
    admin_view = client_for(tree.admin).get(official_url(tree.official_a))
    assert {party.incident_id for party in admin_view.context["parties"]} == {in_a.pk, in_b.pk}


def test_a_post_outside_the_scope_is_named_but_not_linked(tree):
    AssignmentFactory(
        official=tree.official_a,
        unit=tree.ward_b,
        post_title="Chuyên viên",
        start_date=dt.date(2015, 1, 1),
        end_date=dt.date(2019, 12, 31),
    )
    html = client_for(tree.inspector_a).get(official_url(tree.official_a)).content.decode()
    assert "Phường Phúc Xá" in html
    assert unit_url(tree.ward_b) not in html
    assert unit_url(tree.commune_a) in html


def test_sanctions_show_their_decision_form_and_whether_they_are_in_effect(tree):
    incident = tree.incident(tree.commune_a, official=tree.official_a)
    party = incident.parties.get()
    today = timezone.localdate()
    Sanction.objects.create(
        party=party,
        track=SanctionTrack.ADMINISTRATIVE,
        form="khien_trach",
        decision_number="125/QĐ-UBND",
        decided_on=today - dt.timedelta(days=30),
        deciding_body="UBND huyện Đông Anh",
    )
    Sanction.objects.create(
        party=party,
        track=SanctionTrack.PARTY,
        form="canh_cao",
        decision_number="07-QĐ/UBKT",
        decided_on=today - dt.timedelta(days=800),
        deciding_body="UBKT Huyện ủy",
    )
    response = client_for(tree.inspector_a).get(official_url(tree.official_a))
    entries = {entry.sanction.decision_number: entry for entry in response.context["sanctions"]}
    assert (entries["125/QĐ-UBND"].label, entries["125/QĐ-UBND"].in_effect) == ("Khiển trách", True)
    assert (entries["07-QĐ/UBKT"].label, entries["07-QĐ/UBKT"].in_effect) == ("Cảnh cáo", False)
    html = response.content.decode()
    assert "125/QĐ-UBND" in html and "Đang thi hành" in html


def test_a_unit_outside_the_scope_does_not_exist(tree):
    assert client_for(tree.inspector_a).get(unit_url(tree.ward_b)).status_code == 404
    assert client_for(tree.inspector_a).get(unit_url(tree.city)).status_code == 404
    assert client_for(tree.outsider).get(unit_url(tree.commune_a)).status_code == 404


def test_the_unit_page_shows_children_in_vietnamese_order_and_the_subtree_incidents(tree):
    UnitFactory(name="Xã Ân Thịnh", kind=UnitKind.COMMUNE, parent=tree.district_a)
    mine = tree.incident(tree.commune_a)
    theirs = tree.incident(tree.ward_b)
    response = client_for(tree.inspector_a).get(unit_url(tree.district_a))
    assert response.status_code == 200
    assert [c.name for c in response.context["children"]] == [
        "Thị trấn Đông Anh",
        "Xã Ân Thịnh",
        "Xã Bắc Hồng",
    ]
    assert [i.pk for i in response.context["incidents"]] == [mine.pk]
    html = response.content.decode()
    assert theirs.title not in html
    assert f"{reverse('violations:incident_list')}?unit={tree.district_a.pk}" in html
    assert "Thành phố Hà Nội" in html and unit_url(tree.city) not in html  # parent named, not linked


def test_the_unit_page_shows_heads_over_time_and_the_reorganisation(tree):
    new_commune = UnitFactory(
        name="Xã Phúc Thịnh", kind=UnitKind.COMMUNE, parent=tree.city, valid_from=dt.date(2025, 7, 1)
    )
    UnitSuccession.objects.create(
        predecessor=tree.township_a, successor=new_commune, effective_on=dt.date(2025, 7, 1)
    )
    later, earlier = OfficialFactory(full_name="Lê Thị Hoa"), OfficialFactory(full_name="Ngô Văn Tú")
    AssignmentFactory(
        official=later,
        unit=tree.township_a,
        post_title="Chủ tịch UBND",
        is_head=True,
        start_date=dt.date(2021, 1, 1),
        end_date=dt.date(2025, 6, 30),
    )
    AssignmentFactory(
        official=earlier,
        unit=tree.township_a,
        post_title="Chủ tịch UBND",
        is_head=True,
        start_date=dt.date(2016, 1, 1),
        end_date=dt.date(2020, 12, 31),
    )
    response = client_for(tree.admin).get(unit_url(tree.township_a))
    assert [post.official.full_name for post in response.context["heads"]] == ["Ngô Văn Tú", "Lê Thị Hoa"]
    assert [link.successor for link in response.context["successors"]] == [new_commune]
    assert unit_url(new_commune) in response.content.decode()
    # An inspector whose scope ends with the old district sees the successor's name, not a link to it.
    html = client_for(tree.inspector_a).get(unit_url(tree.township_a)).content.decode()
    assert "Xã Phúc Thịnh" in html and unit_url(new_commune) not in html
    back = client_for(tree.admin).get(unit_url(new_commune))
    assert [link.predecessor for link in back.context["predecessors"]] == [tree.township_a]
