"""The search document stays exact through every write that changes what it is built from."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.web.fixtures_list import Tree, build_tree, client_for
from units.importing import _update_units
from units.text import fold
from violations.models import Incident, IncidentParty, PartyRole
from violations.selectors.incidents import search_incidents
from violations.services.search import search_document, search_documents_refresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(framework) -> Tree:
    return build_tree(framework)


def document_of(incident: Incident) -> str:
    return Incident.objects.values_list("search_document", flat=True).get(pk=incident.pk)


def expected(incident: Incident) -> list[str]:
    """The document recomputed from the rows, as a sorted word list (party order is not part of it)."""
    incident.refresh_from_db()
    names = [p.official.name_folded for p in incident.parties.select_related("official") if p.official]
    return sorted(search_document(incident.search_folded, incident.unit.name_folded, names).split())


def assert_exact(incident: Incident) -> None:
    assert sorted(document_of(incident).split()) == expected(incident)


def found(text: str) -> set[int]:
    return set(search_incidents(Incident.objects.all(), text).values_list("pk", flat=True))


def test_a_new_incident_carries_its_text_unit_and_officials(tree):
    incident = tree.incident(tree.commune_a, official=tree.official_a, title="Uống rượu")
    assert document_of(incident).split() == [
        *fold(f"Uống rượu {incident.description}").split(),
        *["xa", "bac", "hong"],
        *["tran", "van", "binh"],
    ]


def test_editing_the_title_or_moving_the_unit_rewrites_it(tree):
    incident = tree.incident(tree.commune_a, title="Uống rượu")
    incident.title = "Gây phiền hà"
    incident.unit = tree.ward_b
    incident.save()
    assert "gay phien ha" in document_of(incident) and "phuc xa" in document_of(incident)
    assert "ruou" not in document_of(incident) and "bac hong" not in document_of(incident)
    assert_exact(incident)


def test_adding_and_removing_a_party_rewrites_it(tree):
    incident = tree.incident(tree.commune_a)
    party = IncidentParty.objects.create(
        incident=incident, official=tree.official_b, role=PartyRole.INDIVIDUAL
    )
    assert found("pham minh chau") == {incident.pk}
    party.delete()
    assert found("pham minh chau") == set()
    assert_exact(incident)


def test_renaming_an_official_or_a_unit_rewrites_every_incident_they_are_in(tree):
    first = tree.incident(tree.commune_a, official=tree.official_a)
    second = tree.incident(tree.ward_b, official=tree.official_a)
    tree.official_a.full_name = "Trần Văn Bính Mới"
    tree.official_a.save()
    assert found("binh moi") == {first.pk, second.pk}
    tree.commune_a.name = "Xã Bắc Hồng Mới"
    tree.commune_a.save()
    assert found("bac hong moi") == {first.pk}
    assert_exact(first)
    assert_exact(second)


def test_a_bulk_rename_by_the_unit_import_rewrites_it_too(tree):
    incident = tree.incident(tree.ward_b)
    tree.ward_b.name, tree.ward_b.name_folded = "Phường Ba Đình", fold("Phường Ba Đình")
    _update_units([tree.ward_b], {"name", "name_folded"})
    assert found("phuong ba dinh") == {incident.pk}
    assert found("phuc xa") == set()


def test_saves_that_change_nothing_searchable_write_no_document(tree):
    incident = tree.incident(tree.commune_a, official=tree.official_a)
    with CaptureQueriesContext(connection) as queries:
        incident.save(update_fields=["status"])
        tree.official_a.save()  # same name
    assert not [
        q for q in queries.captured_queries if "search_document" in q["sql"] and q["sql"].startswith("UPDATE")
    ]


def test_a_rebuild_reproduces_what_the_writes_kept(tree):
    incidents = [
        tree.incident(tree.commune_a, official=tree.official_a),
        tree.incident(tree.ward_b),
        tree.incident(tree.township_a, official=tree.official_b),
    ]
    kept = {i.pk: document_of(i) for i in incidents}
    Incident.objects.update(search_document="")
    assert search_documents_refresh(Incident.objects.all()) == 3
    assert {i.pk: document_of(i) for i in incidents} == kept


@pytest.mark.parametrize("text", ["dong anh", "TRẦN văn", "rượu bac", "#1", "zq", "ho so"])
def test_the_scoped_check_finds_what_the_index_finds(tree, text):
    """A narrow scope tests each row instead of using the index: the same rows must come back."""
    tree.incident(tree.township_a, official=tree.official_a, title="Uống rượu")
    tree.incident(tree.commune_a, official=tree.official_b, description="Hồ sơ chậm")
    tree.incident(tree.ward_b)
    everything = Incident.objects.all()
    indexed = set(search_incidents(everything, text).values_list("pk", flat=True))
    checked = set(search_incidents(everything, text, use_index=False).values_list("pk", flat=True))
    assert indexed == checked


def test_a_district_inspector_searches_without_the_city_index(tree):
    """The index serves the whole city; a district's rows are checked one by one (the column is not
    compared directly, so PostgreSQL cannot pick the trigram index)."""
    mine = tree.incident(tree.commune_a, official=tree.official_a)
    other = tree.incident(tree.ward_b, official=tree.official_a)
    direct = re.compile(r'"violations_incident"\."search_document"(::text)? LIKE')  # ::text on PostgreSQL
    for user, expected, indexed in ((tree.inspector_a, [mine.pk], False), (tree.admin, None, True)):
        with CaptureQueriesContext(connection) as queries:
            response = client_for(user).get(reverse("violations:incident_list"), {"q": "tran van"})
        listed = [i.pk for i in response.context["page"].object_list]
        assert listed == (expected or sorted([mine.pk, other.pk], reverse=True))
        assert any(direct.search(q["sql"]) for q in queries.captured_queries) is indexed
