"""Keyset paging of the incident list (violations.paging): every sort pages through ties without repeats or
gaps, forwards and backwards; cursors cannot be forged; the count stops at its cap; exports walk the same rows
by the same keys; scope holds on every page."""

import csv
import datetime as dt
import io
import re
from html import unescape
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.web.fixtures_list import Tree, build_tree, client_for
from violations.filters import IncidentFilter
from violations.models import Incident, Severity, Status
from violations.paging import KeysetPaginator, keyset_chunks
from violations.selectors import incident_export
from violations.selectors import incident_list as list_rows

pytestmark = pytest.mark.django_db
URL = reverse("violations:incident_list")
CSV_URL = reverse("violations:incident_export_csv")
PAGE = 3
SORTS = ["id", "unit", "occurred_on", "severity", "status"]


@pytest.fixture
def tree(framework, monkeypatch) -> Tree:
    monkeypatch.setattr(list_rows, "PAGE_SIZE", PAGE)
    return build_tree(framework)


@pytest.fixture
def tied(tree: Tree) -> list[Incident]:
    """Eleven incidents (not a multiple of the page) in two units, two days, two severities, two statuses:
    every sort key is tied many times over, so only the pk tie-break orders them."""
    made = []
    for i in range(11):
        made.append(
            tree.incident(
                tree.commune_a if i % 2 else tree.township_a,
                occurred_on=dt.date(2024, 5, 10) if i % 3 else dt.date(2024, 6, 1),
                severity=Severity.SERIOUS if i % 4 else Severity.MINOR,
                status=Status.VERIFYING if i % 5 else Status.REPORTED,
            )
        )
    tree.incident(tree.ward_b)  # in the admin's scope, not the inspector's
    return made


def expected_order(sort: str) -> list[int]:
    """The order the list promises, computed in Python: the column, then pk, in the column's direction."""
    field = sort.lstrip("-")
    rank = {
        "id": lambda i: i.pk,
        "unit": lambda i: i.unit.sort_key,
        "occurred_on": lambda i: i.occurred_on,
        "severity": lambda i: Severity.values.index(i.severity),
        "status": lambda i: Status.values.index(i.status),
    }[field]
    incidents = Incident.objects.select_related("unit")
    return [i.pk for i in sorted(incidents, key=lambda i: (rank(i), i.pk), reverse=sort.startswith("-"))]


def links(html: str) -> dict[str, str]:
    found = re.findall(r'rel="(first|prev|next|last)" href="([^"]*)"', html)
    return {rel: unescape(href) for rel, href in found}


def shown(response) -> list[int]:
    assert response.status_code == 200
    return [incident.pk for incident in response.context["page"].object_list]


def walk(client, params: dict, start: str = "", towards: str = "next") -> list[list[int]]:
    """Follow one link kind from a page until it disappears; the pages seen, in the order visited."""
    response = client.get(f"{URL}{start}", params if not start else None)
    pages = [shown(response)]
    while towards in (found := links(response.content.decode())):
        response = client.get(f"{URL}{found[towards]}")
        pages.append(shown(response))
        assert len(pages) < 20, "the pager loops"
    return pages


@pytest.mark.parametrize("sort", [*SORTS, *[f"-{column}" for column in SORTS]])
def test_every_sort_pages_through_ties_forwards_and_back(tree, tied, sort):
    client = client_for(tree.admin)
    order = expected_order(sort)
    forwards = walk(client, {"sort": sort})
    assert [pk for page in forwards for pk in page] == order
    assert [len(page) for page in forwards] == [3, 3, 3, 3]
    last_link = links(client.get(URL, {"sort": sort}).content.decode())["last"]
    backwards = walk(client, {}, start=last_link, towards="prev")
    assert backwards[0] == order[-PAGE:]  # the last page: the reversed order's first page, reversed back
    assert [pk for page in reversed(backwards) for pk in page][-len(order) :] == order
    assert backwards[-1] == order[:PAGE]  # going back ends on a whole first page, not a short one


def test_a_sort_on_several_columns_in_mixed_directions_still_pages(tree, tied):
    client = client_for(tree.admin)
    pages = walk(client, {"sort": "unit,-occurred_on"})
    incidents = Incident.objects.select_related("unit")
    by_unit = sorted(incidents, key=lambda i: i.pk)  # pk ascending: the first column's direction
    by_unit.sort(key=lambda i: i.occurred_on, reverse=True)
    by_unit.sort(key=lambda i: i.unit.sort_key)
    assert [pk for page in pages for pk in page] == [i.pk for i in by_unit]


def test_the_first_and_last_pages_link_only_where_there_is_somewhere_to_go(tree, tied):
    client = client_for(tree.admin)
    first = client.get(URL, {"severity": "serious"})
    assert set(links(first.content.decode())) == {"next", "last"}
    last_link = links(first.content.decode())["last"]
    assert "severity=serious" in last_link  # filters stay in the links
    last = client.get(f"{URL}{last_link}")
    assert set(links(last.content.decode())) == {"first", "prev"}
    assert links(last.content.decode())["first"] == "?severity=serious"
    middle = client.get(f"{URL}{links(first.content.decode())['next']}")
    assert set(links(middle.content.decode())) == {"first", "prev", "next", "last"}
    assert "Trang" not in first.content.decode()  # no page numbers: counting them is what keyset avoids


def test_one_page_has_no_pager(tree):
    tree.incident(tree.commune_a)
    html = client_for(tree.admin).get(URL).content.decode()
    assert links(html) == {}
    assert 'class="pager"' not in html


@pytest.mark.parametrize(
    "cursor",
    ["garbage", "", "eyJkIjoibGFzdCJ9:1abc:xyz", "%00", "a" * 3000],
    ids=["garbage", "empty", "unsigned", "nul", "long"],
)
def test_a_forged_cursor_gives_the_first_page_with_a_message(tree, tied, cursor):
    response = client_for(tree.admin).get(URL, {"cursor": cursor})
    assert shown(response) == expected_order("-occurred_on")[:PAGE]
    if cursor:
        assert "Liên kết phân trang không hợp lệ" in response.content.decode()


def test_an_edited_cursor_or_one_from_another_sort_is_refused(tree, tied):
    client = client_for(tree.admin)
    next_link = links(client.get(URL, {"sort": "severity"}).content.decode())["next"]
    cursor = unquote(next_link.split("cursor=")[1])
    edited = cursor[:-3] + ("AAA" if not cursor.endswith("AAA") else "BBB")
    response = client.get(URL, {"sort": "severity", "cursor": edited})
    assert shown(response) == expected_order("severity")[:PAGE]
    assert "Liên kết phân trang không hợp lệ" in response.content.decode()
    other = client.get(URL, {"sort": "status", "cursor": cursor})
    assert shown(other) == expected_order("status")[:PAGE]
    assert "Liên kết phân trang không hợp lệ" in other.content.decode()
    assert shown(client.get(URL, {"sort": "severity", "cursor": cursor})) == expected_order("severity")[3:6]


def test_an_old_numbered_page_link_opens_the_first_page(tree, tied):
    response = client_for(tree.admin).get(URL, {"page": "3"})
    assert shown(response) == expected_order("-occurred_on")[:PAGE]
    assert not any("page=" in link for link in links(response.content.decode()).values())


@pytest.mark.parametrize("made,text", [(3, "Tổng cộng: 3 vụ việc"), (4, "Hơn 3 vụ việc")])
def test_the_count_is_exact_up_to_the_cap_then_more_than(tree, monkeypatch, made, text):
    monkeypatch.setattr(list_rows, "COUNT_CAP", 3)
    for _ in range(made):
        tree.incident(tree.commune_a)
    tree.incident(tree.ward_b)
    response = client_for(tree.inspector_a).get(URL)  # the out-of-scope one is not counted
    html = response.content.decode()
    assert text in html
    count = re.search(r'id="result-count" data-count="([^"]+)"', html).group(1)
    assert count == ("3" if made == 3 else "3+")


def test_the_default_cap_reads_as_vietnamese_thousands(tree):
    from django.utils import translation

    from violations.numbers import count

    with translation.override("vi"):
        assert count(list_rows.COUNT_CAP) == "1.000"
    html = client_for(tree.admin).get(URL).content.decode()
    assert "Tổng cộng: 0 vụ việc" in html


def test_the_count_reads_at_most_cap_plus_one_ids_and_a_short_result_pages_among_them(tree, monkeypatch):
    monkeypatch.setattr(list_rows, "COUNT_CAP", 3)
    made = [tree.incident(tree.commune_a) for _ in range(3)]
    with CaptureQueriesContext(connection) as captured:
        page, count = list_rows.list_page(Incident.objects.order_by("-pk"), None, dt.date(2025, 1, 1))
    assert count == 3 and [i.pk for i in page.object_list] == [i.pk for i in reversed(made)]
    assert "LIMIT 4" in captured[0]["sql"]
    assert all(str(i.pk) in captured[1]["sql"] for i in made)  # the page is read among the ids found
    tree.incident(tree.commune_a)
    with CaptureQueriesContext(connection) as captured:
        page, count = list_rows.list_page(Incident.objects.order_by("-pk"), None, dt.date(2025, 1, 1))
    assert count == 4 and len(page.object_list) == list_rows.PAGE_SIZE and page.has_next
    assert '"violations_incident"."id" IN (' not in captured[1]["sql"]  # past the cap: the filter itself


def csv_ids(client, params: dict) -> list[int]:
    text = client.get(CSV_URL, params).getvalue().decode("utf-8").removeprefix("\ufeff")
    return [int(row[0]) for row in list(csv.reader(io.StringIO(text)))[1:-1]]


@pytest.mark.parametrize("sort", ["-occurred_on", "unit", "-severity", "status", "unit,-occurred_on"])
def test_the_export_has_the_lists_rows_in_the_lists_order_across_chunks(tree, tied, monkeypatch, sort):
    monkeypatch.setattr(incident_export, "CHUNK_SIZE", 2)  # chunks of 2, 3, 3, 3: boundaries inside ties
    monkeypatch.setattr(incident_export, "MAX_CHUNK_SIZE", 3)
    client = client_for(tree.admin)
    params = {"sort": sort, "unit": tree.district_a.pk}
    listed = [pk for page in walk(client, params) for pk in page]
    assert len(listed) == 11
    assert csv_ids(client, params) == listed


@pytest.mark.parametrize("sort", ["id", "-unit", "occurred_on", "-status", "severity,-id"])
def test_each_chunk_names_exactly_its_own_rows_for_the_related_queries(tree, tied, sort):
    filterset = IncidentFilter({"sort": sort}, queryset=Incident.objects.all())
    chunks = list(keyset_chunks(filterset.qs, ["id"], 2, 4))
    assert [len(chunk.rows) for chunk in chunks] == [2, 4, 4, 2]
    if sort == "severity,-id":  # mixed directions: the column ascending, then id descending
        expected = sorted(Incident.objects.all(), key=lambda i: (Severity.values.index(i.severity), -i.pk))
        assert [row[0] for chunk in chunks for row in chunk.rows] == [i.pk for i in expected]
    else:
        assert [row[0] for chunk in chunks for row in chunk.rows] == expected_order(sort)
    for chunk in chunks:
        assert sorted(chunk.pks.values_list("pk", flat=True)) == sorted(row[0] for row in chunk.rows)


def test_scope_holds_on_every_page_and_in_every_chunk(tree, tied, monkeypatch):
    monkeypatch.setattr(incident_export, "CHUNK_SIZE", 2)
    monkeypatch.setattr(incident_export, "MAX_CHUNK_SIZE", 2)
    outside = Incident.objects.get(unit=tree.ward_b)
    admin, inspector = client_for(tree.admin), client_for(tree.inspector_a)
    seen = [pk for page in walk(inspector, {"sort": "unit"}) for pk in page]
    assert outside.pk not in seen and len(seen) == 11
    assert outside.pk not in csv_ids(inspector, {"sort": "unit"})
    # Cursors made by the admin, whose pages hold the out-of-scope incident, move the inspector along the
    # same order but never widen the scope.
    admin_first = admin.get(URL, {"sort": "unit"})
    assert outside.pk in shown(admin_first)
    for cursor in links(admin_first.content.decode()).values():
        assert outside.pk not in shown(inspector.get(f"{URL}{cursor}"))
    admin_last = links(admin.get(URL, {"sort": "-unit"}).content.decode())["last"]
    assert outside.pk in shown(admin.get(f"{URL}{admin_last}"))
    assert outside.pk not in shown(inspector.get(f"{URL}{admin_last}"))


def test_the_paginator_refuses_an_order_without_the_pk_tie_break():
    with pytest.raises(ValueError, match="primary key"):
        KeysetPaginator(Incident.objects.order_by("occurred_on"), 10)


def test_the_list_reads_only_the_columns_it_shows(tree):
    tree.incident(tree.commune_a)
    with CaptureQueriesContext(connection) as captured:
        client_for(tree.admin).get(URL)
    page_query = next(q["sql"] for q in captured if "seek_0" in q["sql"])
    assert "description" not in page_query and "search_folded" not in page_query
    assert "OFFSET" not in page_query
