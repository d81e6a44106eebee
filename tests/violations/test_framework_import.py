"""The framework admin's import: upload JSON or XLSX → preview of the changes (nothing saved) → confirm."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tests.factories import RoleGrantFactory, UnitFactory, UserFactory
from units.models import Role
from violations.framework_import import SESSION_KEY
from violations.models import Framework, FrameworkStatus, Indicator, IndicatorMapping
from violations.services.framework import DEFAULT_FRAMEWORK_FILES

pytestmark = pytest.mark.django_db

IMPORT = "admin:violations_framework_import"
CONFIRM = "admin:violations_framework_import_confirm"
CHANGELIST = "admin:violations_framework_changelist"


@pytest.fixture
def admin_client(client, framework):
    client.force_login(UserFactory(username="quan-tri", is_staff=True, is_superuser=True))
    return client


def v3_data() -> dict:
    """The official text arrives: item 6 worded differently, item 12 in group II, a new item 26."""
    data = json.loads(DEFAULT_FRAMEWORK_FILES[1].read_text(encoding="utf-8"))
    data["version"] = 3
    data["indicators"][5].update(text_vi="Văn bản chính thức của biểu hiện 6.", provenance="confirmed")
    data["indicators"][11]["group"] = 2
    data["indicators"].append(
        {
            "code": "CT24-26",
            "number": 26,
            "group": 3,
            "provenance": "confirmed",
            "text_vi": "Biểu hiện mới số 26.",
            "text_en": "New item 26.",
        }
    )
    data["indicator_count"] = 26
    codes = [item["code"] for item in data["indicators"][:25]]
    data["mapping_from"] = {"framework": "CT24-TU", "version": 2, "indicators": {c: [c] for c in codes}}
    data["mapping_from"]["indicators"]["CT24-25"] = ["CT24-25", "CT24-26"]
    return data


def json_upload(data: dict, name: str = "ct24_v3.json") -> SimpleUploadedFile:
    content = json.dumps(data, ensure_ascii=False, indent=2).encode()
    return SimpleUploadedFile(name, content, content_type="application/json")


def xlsx_upload(data: dict, name: str = "ct24_v3.xlsx") -> SimpleUploadedFile:
    """The README's layout: sheets Khung, Nhom, Bieu_hien, Anh_xa, column names in row 1."""
    book = Workbook()
    khung = book.active
    khung.title = "Khung"
    khung.append(["truong", "gia_tri"])
    for field, key in (
        ("ma_khung", "code"),
        ("phien_ban", "version"),
        ("ten_van_ban", "title"),
        ("co_quan_ban_hanh", "issuer"),
        ("ngay_ban_hanh", "issued_on"),
        ("ap_dung_tu", "effective_from"),
        ("ghi_chu_nguon", "source_note"),
    ):
        khung.append([field, data[key]])
    khung.append(["anh_xa_tu_khung", data["mapping_from"]["framework"]])
    khung.append(["anh_xa_tu_phien_ban", data["mapping_from"]["version"]])
    groups = book.create_sheet("Nhom")
    groups.append(["so", "ten", "ten_en", "nguon_goc"])
    for g in data["groups"]:
        groups.append([g["number"], g["name_vi"], g["name_en"], g["provenance"]])
    items = book.create_sheet("Bieu_hien")
    items.append(["ma", "so_thu_tu", "nhom", "nguon_goc", "noi_dung", "noi_dung_en"])
    for i in data["indicators"]:
        items.append([i["code"], i["number"], i["group"], i["provenance"], i.get("text_vi"), i["text_en"]])
    mapping = book.create_sheet("Anh_xa")
    mapping.append(["ma_cu", "ma_moi"])
    for old, new in data["mapping_from"]["indicators"].items():
        mapping.append([old, ", ".join(new)])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def stored() -> tuple[int, int, int]:
    return Framework.objects.count(), Indicator.objects.count(), IndicatorMapping.objects.count()


def test_the_changelist_links_to_the_import_page(admin_client):
    assert reverse(IMPORT) in admin_client.get(reverse(CHANGELIST)).content.decode()


def test_only_superusers_and_city_administrators_may_import(client, framework):
    staff = UserFactory(username="nhan-vien", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse(IMPORT)).status_code == 403
    RoleGrantFactory(user=staff, role=Role.ADMIN, unit=UnitFactory(name="Xã Bất Kỳ", parent=UnitFactory()))
    client.force_login(staff)
    assert client.get(reverse(IMPORT)).status_code == 403  # an administrator of one commune only
    city_admin = UserFactory(username="quan-tri-tp", is_staff=True)
    RoleGrantFactory(user=city_admin, role=Role.ADMIN, unit=UnitFactory(name="Thành phố Hà Nội"))
    client.force_login(city_admin)
    assert client.get(reverse(IMPORT)).status_code == 200


def test_the_import_needs_the_second_factor(client, framework):
    client.force_login(
        UserFactory(username="chua-xac-thuc", is_staff=True, is_superuser=True), second_factor=False
    )
    response = client.get(reverse(IMPORT))
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp_enrol"))


def test_the_preview_shows_the_changes_and_saves_nothing(admin_client):
    before = stored()
    response = admin_client.post(reverse(IMPORT), {"file": json_upload(v3_data())})

    assert response.status_code == 200
    changes = response.context["changes"]
    assert changes.label == "CT24-TU v3" and not changes.reload and changes.in_force_after
    assert [(c.code, c.old, c.new) for c in changes.moved] == [("CT24-12", 1, 2)]
    assert [c.code for c in changes.texts_changed] == ["CT24-06"]
    assert [c.code for c in changes.provenance_changed] == ["CT24-06"]
    assert [i.code for i in changes.added] == ["CT24-26"] and not changes.removed
    assert ("CT24-25", ["CT24-25", "CT24-26"]) in changes.mapping
    html = response.content.decode()
    assert "Văn bản chính thức của biểu hiện 6." in html and "Chuyển nhóm" in html
    assert stored() == before
    assert not Framework.objects.filter(version=3).exists()


def test_confirming_saves_the_new_version_once(admin_client):
    preview = admin_client.post(reverse(IMPORT), {"file": json_upload(v3_data())})
    token = preview.context["confirm_form"].initial["token"]

    response = admin_client.post(reverse(CONFIRM), {"token": token}, follow=True)

    v3 = Framework.objects.get(code="CT24-TU", version=3)
    assert response.redirect_chain == [(reverse("admin:violations_framework_change", args=[v3.pk]), 302)]
    assert "CT24-TU v3: đã tạo" in response.content.decode()
    assert v3.status == FrameworkStatus.ACTIVE
    assert Framework.objects.get(version=2).status == FrameworkStatus.SUPERSEDED
    assert v3.indicators.get(code="CT24-12").group.number == 2
    assert IndicatorMapping.objects.filter(to_indicator__framework=v3).count() == 26
    assert v3.history.first().history_user.username == "quan-tri"
    assert SESSION_KEY not in admin_client.session
    again = admin_client.post(reverse(CONFIRM), {"token": token}, follow=True)
    assert "hãy tải tệp lên lại" in again.content.decode()
    assert Framework.objects.filter(version=3).count() == 1


def test_a_wrong_token_saves_nothing(admin_client):
    admin_client.post(reverse(IMPORT), {"file": json_upload(v3_data())})
    before = stored()
    admin_client.post(reverse(CONFIRM), {"token": "khong-dung"})
    assert stored() == before


def test_a_bad_json_file_is_refused_with_row_level_vietnamese_errors(admin_client):
    data = v3_data()
    del data["indicators"][6]["text_vi"]
    data["indicators"][2]["group"] = 4
    before = stored()

    response = admin_client.post(reverse(IMPORT), {"file": json_upload(data)})

    errors = response.context["errors"]
    assert "Dòng 79 (biểu hiện thứ 7): thiếu nội dung biểu hiện" in errors
    assert "Dòng 47 (biểu hiện thứ 3): nhóm 4 không có trong danh sách nhóm (groups)" in errors
    assert "Tệp có 2 lỗi, chưa lưu gì." in response.content.decode()
    assert stored() == before and SESSION_KEY not in admin_client.session


def test_a_bad_xlsx_file_is_refused_with_row_level_vietnamese_errors(admin_client):
    data = v3_data()
    data["indicators"][5]["text_vi"] = None  # sheet row 7
    data["indicators"][1]["group"] = 4  # sheet row 3
    data["mapping_from"]["indicators"]["CT24-09"] = ["CT24-99"]  # Anh_xa row 10
    before = stored()

    response = admin_client.post(reverse(IMPORT), {"file": xlsx_upload(data)})

    assert response.context["errors"] == [
        "Dòng 3 (sheet Bieu_hien): nhóm 4 không có trong sheet Nhom",
        "Dòng 7 (sheet Bieu_hien): thiếu nội dung biểu hiện",
        "Dòng 10 (sheet Anh_xa): mã mới CT24-99 không có trong danh sách biểu hiện",
    ]
    assert stored() == before and SESSION_KEY not in admin_client.session


def test_an_xlsx_without_its_sheets_or_columns_is_refused(admin_client):
    book = Workbook()
    book.active.title = "Khung"
    buffer = io.BytesIO()
    book.save(buffer)
    response = admin_client.post(
        reverse(IMPORT), {"file": SimpleUploadedFile("khung.xlsx", buffer.getvalue())}
    )
    assert response.context["errors"] == ["thiếu sheet Nhom", "thiếu sheet Bieu_hien"]


def test_a_good_xlsx_file_goes_through_the_same_preview_and_confirmation(admin_client):
    preview = admin_client.post(reverse(IMPORT), {"file": xlsx_upload(v3_data())})
    changes = preview.context["changes"]
    assert [(c.code, c.old, c.new) for c in changes.moved] == [("CT24-12", 1, 2)]
    assert not Framework.objects.filter(version=3).exists()

    admin_client.post(reverse(CONFIRM), {"token": preview.context["confirm_form"].initial["token"]})

    v3 = Framework.objects.get(version=3)
    assert v3.indicators.count() == 26 and v3.effective_from.isoformat() == "2023-08-07"
    assert v3.indicators.get(code="CT24-06").text_vi == "Văn bản chính thức của biểu hiện 6."


def test_reuploading_the_version_in_force_previews_a_reload_without_changes(admin_client):
    data = json.loads(DEFAULT_FRAMEWORK_FILES[1].read_text(encoding="utf-8"))
    changes = admin_client.post(reverse(IMPORT), {"file": json_upload(data, "v2.json")}).context["changes"]
    assert changes.reload and changes.indicator_changes == 0
