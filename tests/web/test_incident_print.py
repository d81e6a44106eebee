"""The printable incident list (/incidents/print/): every matching row up to a cap, the total and the filters
in words, scoped exactly like the list; and the list's own printout (filters in words, the link to print)."""

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse

from tests.web.fixtures_list import Tree, build_tree, client_for
from violations.models import Status

pytestmark = pytest.mark.django_db
PRINT_URL = reverse("violations:incident_print")
LIST_URL = reverse("violations:incident_list")


@pytest.fixture
def tree(framework) -> Tree:
    return build_tree(framework)


def printed(tree: Tree, user=None, **params) -> tuple[list[int], str]:
    """The incident ids of the printed table, in order, and the page's text."""
    response = client_for(user or tree.admin).get(PRINT_URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    table = html.split('id="print-table"', 1)[1] if 'id="print-table"' in html else ""
    ids = [int(pk) for pk in re.findall(r'<td class="num" data-label="Mã">(\d+)</td>', table)]
    return ids, text_of(html)


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_anonymous_users_sign_in_and_users_without_scope_get_404(client, tree):
    assert client.get(PRINT_URL)["Location"].startswith(reverse("login"))
    assert client_for(tree.outsider).get(PRINT_URL).status_code == 404


def test_it_prints_every_matching_incident_not_just_a_page_of_the_list(tree):
    serious = [tree.incident(tree.commune_a, severity="serious") for _ in range(55)]
    tree.incident(tree.commune_a, severity="minor")
    ids, text = printed(tree, severity="serious", sort="id")
    assert ids == [incident.pk for incident in serious]  # all 55, in the chosen order
    assert "Tổng cộng: 55 vụ việc" in text


def test_it_applies_the_filters_and_the_sort_of_the_list(tree):
    early = tree.incident(tree.commune_a, status=Status.VERIFYING, occurred_on=dt.date(2024, 1, 5))
    late = tree.incident(tree.township_a, status=Status.VERIFYING, occurred_on=dt.date(2024, 6, 5))
    tree.incident(tree.commune_a, status=Status.CLOSED)
    tree.incident(tree.ward_b, status=Status.VERIFYING)
    ids, text = printed(tree, unit=tree.district_a.pk, status=Status.VERIFYING)
    assert ids == [late.pk, early.pk]  # the list's default order: newest first
    assert "Tổng cộng: 2 vụ việc" in text
    ids, _ = printed(tree, unit=tree.district_a.pk, status=Status.VERIFYING, sort="occurred_on")
    assert ids == [early.pk, late.pk]


def test_the_filters_are_named_in_words(tree):
    tree.incident(tree.commune_a, official=tree.official_a, status=Status.VERIFYING)
    _, text = printed(
        tree,
        q="hồ sơ",
        unit=tree.district_a.pk,
        status=[Status.VERIFYING, Status.REPORTED],
        severity="minor",
        occurred_from="01/01/2024",
        official=tree.official_a.pk,
    )
    assert (
        "Bộ lọc: Tìm kiếm: “hồ sơ”; Đơn vị (gồm cấp dưới): Huyện Đông Anh;"
        " Trạng thái: Mới ghi nhận, Đang xác minh; Mức độ: Ít nghiêm trọng; Xảy ra từ ngày: 01/01/2024;"
        f" Cán bộ liên quan: Trần Văn Bình ({tree.official_a.staff_code})"
    ) in text
    _, unfiltered = printed(tree)
    assert "Bộ lọc: không có (mọi vụ việc trong phạm vi được xem)" in unfiltered
    assert "Phạm vi được xem: Thành phố Hà Nội." in unfiltered


def test_an_official_outside_the_scope_is_named_by_number_only(tree):
    _, text = printed(tree, tree.inspector_a, official=tree.official_b.pk)
    assert f"Cán bộ liên quan: #{tree.official_b.pk}" in text
    assert tree.official_b.full_name not in text


def test_it_never_prints_an_incident_outside_the_users_scope(tree):
    mine = tree.incident(tree.commune_a, title="Vụ việc của Đông Anh")
    tree.incident(tree.ward_b, title="Vụ việc của Ba Đình")
    ids, text = printed(tree, tree.inspector_a)
    assert ids == [mine.pk]
    assert "Ba Đình" not in text
    ids, text = printed(tree, tree.inspector_a, q="Ba Đình")
    assert ids == [] and "Vụ việc của Ba Đình" not in text
    assert "Phạm vi được xem: Huyện Đông Anh." in text


def test_a_filter_that_cannot_be_read_is_refused_rather_than_ignored(tree):
    tree.incident(tree.ward_b, title="Vụ việc của Ba Đình")
    for params in ({"unit": tree.ward_b.pk}, {"occurred_from": "2024/13/45"}):  # out of scope; not a date
        response = client_for(tree.inspector_a).get(PRINT_URL, params)
        assert response.status_code == 400
        body = response.content.decode()
        assert "chưa in" in body
        assert "Vụ việc của Ba Đình" not in body


def test_beyond_the_cap_it_prints_the_first_rows_and_points_to_the_exports(tree, monkeypatch):
    monkeypatch.setattr("violations.views.incident_print.PRINT_CAP", 3)
    incidents = [tree.incident(tree.commune_a, severity="serious") for _ in range(4)]
    ids, text = printed(tree, severity="serious", sort="id")
    assert ids == [incident.pk for incident in incidents[:3]]
    assert "Hơn 3 vụ việc khớp bộ lọc" in text
    assert "Bản in chỉ gồm 3 vụ việc đầu tiên" in text
    html = client_for(tree.admin).get(PRINT_URL, {"severity": "serious"}).content.decode()
    assert f'href="{reverse("violations:incident_export_csv")}?severity=serious"' in html
    assert f'href="{reverse("violations:incident_export_xlsx")}?severity=serious"' in html


def test_at_the_cap_exactly_nothing_is_left_out(tree, monkeypatch):
    monkeypatch.setattr("violations.views.incident_print.PRINT_CAP", 3)
    for _ in range(3):
        tree.incident(tree.commune_a)
    ids, text = printed(tree)
    assert len(ids) == 3
    assert "Tổng cộng: 3 vụ việc" in text and "Bản in chỉ gồm" not in text


def test_the_list_links_to_the_print_view_with_its_filters_but_not_its_page(tree):
    for _ in range(51):
        tree.incident(tree.commune_a, severity="minor")
    client = client_for(tree.admin)
    first = client.get(LIST_URL, {"severity": "minor"}).content.decode()
    cursor = unescape(re.search(r'rel="next" href="\?([^"]+)"', first).group(1))
    html = client.get(f"{LIST_URL}?{cursor}").content.decode()
    assert f'id="print-list" href="{PRINT_URL}?severity=minor"' in html


def test_the_list_names_its_filters_in_words_and_unfolds_them_only_to_show_an_error(tree):
    tree.incident(tree.commune_a)
    client = client_for(tree.admin)
    html = client.get(LIST_URL, {"severity": "minor", "unit": tree.commune_a.pk}).content.decode()
    assert "Bộ lọc: Đơn vị (gồm cấp dưới): Xã Bắc Hồng; Mức độ: Ít nghiêm trọng" in text_of(html)
    assert '<details class="card filter-panel" id="filter-panel">' in html
    refused = client.get(LIST_URL, {"occurred_from": "2024/13/45"}).content.decode()
    assert '<details class="card filter-panel" id="filter-panel" open>' in refused


def test_the_unit_in_words_says_when_predecessors_are_included(tree):
    _, text = printed(tree, unit=tree.commune_a.pk, with_predecessors="1")
    assert "Đơn vị (gồm cấp dưới): Xã Bắc Hồng, gồm đơn vị tiền nhiệm" in text


def test_choices_read_from_a_function_are_named_too(tree):
    """The sanction form's choices come from the rules (a callable), the indicator's from a select widget."""
    _, text = printed(tree, sanction_form="canh_cao", indicator="CT24-13", deadline="overdue")
    assert "Hình thức kỷ luật: Cảnh cáo" in text
    assert "Biểu hiện vi phạm: CT24-13 — " in text
    assert "Thời hạn: Quá hạn" in text
