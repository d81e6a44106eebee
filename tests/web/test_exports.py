import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.web.fixtures_list import NATIONAL_ID, Tree, build_tree, client_for
from violations.csv_export import END_MARK
from violations.models import IncidentParty, PartyRole

pytestmark = pytest.mark.django_db
CSV_URL = reverse("violations:incident_export_csv")
XLSX_URL = reverse("violations:incident_export_xlsx")
LIST_URL = reverse("violations:incident_list")
HEADER = [
    "Mã",
    "Tóm tắt",
    "Đơn vị",
    "Ngày xảy ra",
    "Ngày phát hiện",
    "Mức độ",
    "Nguồn",
    "Trạng thái",
    "Biểu hiện",
    "Cán bộ liên quan",
    "Hạn xử lý",
    "Hết thời hiệu",
]


@pytest.fixture
def tree(framework) -> Tree:
    return build_tree(framework)


def csv_text(tree: Tree, user=None, **params) -> str:
    response = client_for(user or tree.admin).get(CSV_URL, params)
    assert response.status_code == 200
    return response.getvalue().decode("utf-8")


def csv_rows(text: str) -> list[list[str]]:
    """The header and data rows of a whole file: its last line is the end mark with the row count."""
    *rows, end = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert end == [f"{END_MARK}: {len(rows) - 1} dòng."]
    return rows


def xlsx_rows(tree: Tree, user=None, **params) -> list[tuple]:
    response = client_for(user or tree.admin).get(XLSX_URL, params)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.getvalue()), read_only=True)
    return list(workbook.active.iter_rows(values_only=True))


def test_exports_redirect_anonymous_users_and_hide_from_users_without_scope(client, tree):
    assert client.get(CSV_URL).status_code == 302
    assert client.get(XLSX_URL).status_code == 302
    assert client_for(tree.outsider).get(CSV_URL).status_code == 404
    assert client_for(tree.outsider).get(XLSX_URL).status_code == 404


def test_the_csv_has_a_bom_a_header_and_one_row_per_incident(tree):
    incident = tree.incident(
        tree.commune_a,
        codes=("CT24-13", "CT24-01"),
        official=tree.official_a,
        title="Chậm trả hồ sơ đất đai",
        handling_deadline=dt.date(2024, 9, 1),
        limitation_deadline=dt.date(2029, 5, 10),
    )
    IncidentParty.objects.create(incident=incident, official=tree.official_b, role=PartyRole.HEAD_RESPONSIBLE)
    text = csv_text(tree)
    assert text.startswith("\ufeff")
    assert csv_rows(text) == [
        HEADER,
        [
            str(incident.pk),
            "Chậm trả hồ sơ đất đai",
            "Xã Bắc Hồng",
            "10/05/2024",
            "13/05/2024",
            "Ít nghiêm trọng",
            "Kiểm tra, giám sát",
            "Mới ghi nhận",
            "CT24-01, CT24-13 (chưa đối chiếu văn bản gốc)",  # item 13 is a working text, item 1 is not
            "Trần Văn Bình, Phạm Minh Châu",
            "01/09/2024",
            "10/05/2029",
        ],
    ]


def test_the_csv_is_named_by_date_and_never_carries_a_national_id(tree):
    tree.incident(tree.commune_a, official=tree.official_a)
    response = client_for(tree.admin).get(CSV_URL)
    assert response["Content-Disposition"].startswith('attachment; filename="vu-viec-')
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert NATIONAL_ID not in response.getvalue().decode("utf-8")


def test_exports_follow_the_filters_and_the_order_of_the_list(tree):
    old = tree.incident(tree.commune_a, severity="serious", occurred_on=dt.date(2023, 1, 1))
    new = tree.incident(tree.township_a, severity="serious", occurred_on=dt.date(2024, 1, 1))
    tree.incident(tree.commune_a, severity="minor")
    ids = [row[0] for row in csv_rows(csv_text(tree, severity="serious"))[1:]]
    assert ids == [str(new.pk), str(old.pk)]
    assert [row[0] for row in xlsx_rows(tree, severity="serious", sort="occurred_on")[1:]] == [old.pk, new.pk]


def test_an_inspector_of_district_a_never_exports_district_b(tree):
    mine = tree.incident(tree.commune_a)
    tree.incident(tree.ward_b)
    assert [row[0] for row in csv_rows(csv_text(tree, tree.inspector_a))[1:]] == [str(mine.pk)]
    assert [row[0] for row in xlsx_rows(tree, tree.inspector_a)[1:]] == [mine.pk]
    outside = client_for(tree.inspector_a).get(CSV_URL, {"unit": tree.ward_b.pk})
    assert outside.status_code == 400  # the same refusal as for a unit that does not exist
    assert "Phường Phúc Xá" not in outside.content.decode()


def test_the_workbook_reads_back_with_the_same_rows_as_the_list(tree):
    for day in range(1, 61):
        tree.incident(
            tree.commune_a,
            occurred_on=dt.date(2024, 3, 1) + dt.timedelta(days=day),
            official=tree.official_a if day % 2 else None,
        )
    listed = client_for(tree.admin).get(LIST_URL, {"q": "bac hong"}).context["count"]
    rows = xlsx_rows(tree, q="bac hong")
    assert rows[0] == tuple(HEADER)
    assert len(rows) - 1 == listed == 60
    assert isinstance(rows[1][3], dt.datetime)  # a real date cell, shown dd/mm/yyyy
    assert NATIONAL_ID not in repr(rows)


def test_text_that_looks_like_a_formula_stays_text(tree):
    tree.incident(tree.commune_a, title='=HYPERLINK("http://x")')
    assert csv_rows(csv_text(tree))[1][1] == '\'=HYPERLINK("http://x")'
    response = client_for(tree.admin).get(XLSX_URL)
    cell = load_workbook(io.BytesIO(response.getvalue())).active["B2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x")', "s")


def test_the_number_of_queries_does_not_grow_with_the_rows(tree):
    def queries_for_export() -> int:
        with CaptureQueriesContext(connection) as captured:
            csv_text(tree)
        return len(captured)

    tree.incident(tree.commune_a, official=tree.official_a)
    few = queries_for_export()
    for _ in range(40):
        tree.incident(tree.commune_a, codes=("CT24-01", "CT24-02"), official=tree.official_a)
    assert queries_for_export() == few
