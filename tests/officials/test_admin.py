import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from officials.models import Official
from tests.factories import OfficialFactory, UnitFactory, UserFactory
from tests.officials.sheets import NATIONAL_ID, official_row, write_csv

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:officials_official_import"
CHANGELIST_URL = "admin:officials_official_changelist"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="quan-tri", is_staff=True, is_superuser=True))
    return client


def upload(tmp_path, rows):
    path = write_csv(tmp_path / "danh-sach.csv", rows)
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")


def test_the_upload_page_shows_the_form_to_a_superuser(admin_client):
    response = admin_client.get(reverse(IMPORT_URL))

    assert response.status_code == 200
    assert "Nhập danh sách cán bộ" in response.content.decode()


def test_the_changelist_links_to_the_upload_page(admin_client):
    response = admin_client.get(reverse(CHANGELIST_URL))

    assert reverse(IMPORT_URL) in response.content.decode()


def test_uploading_a_good_file_imports_it_and_reports_success(admin_client, tmp_path):
    unit = UnitFactory()

    response = admin_client.post(
        reverse(IMPORT_URL), {"file": upload(tmp_path, [official_row(unit.key)])}, follow=True
    )

    assert response.redirect_chain == [(reverse(CHANGELIST_URL), 302)]
    assert "Đã nhập: 1 cán bộ mới" in response.content.decode()
    assert Official.objects.get().staff_code == "CB0001"


def test_uploading_a_bad_file_shows_the_row_errors_in_vietnamese_and_imports_nothing(admin_client, tmp_path):
    unit = UnitFactory()
    rows = [official_row(unit.key), official_row("KHONG-CO", staff_code="CB0002", national_id="12345")]

    response = admin_client.post(reverse(IMPORT_URL), {"file": upload(tmp_path, rows)})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Dòng 3: Mã đơn vị &#x27;KHONG-CO&#x27; không tồn tại." in html
    assert "Dòng 3: Số định danh phải gồm đúng 12 chữ số." in html
    assert "Tệp có 2 lỗi, chưa nhập dòng nào." in html
    assert NATIONAL_ID not in html
    assert not Official.objects.exists()


def test_the_upload_page_refuses_other_file_types(admin_client):
    document = SimpleUploadedFile("danh-sach.docx", b"PK\x03\x04...")

    response = admin_client.post(reverse(IMPORT_URL), {"file": document})

    assert "Chỉ nhận tệp .csv hoặc .xlsx." in response.content.decode()


def test_staff_without_the_add_permission_cannot_open_the_upload_page(client):
    viewer = UserFactory(username="chi-xem", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_official"))
    client.force_login(viewer)

    assert client.get(reverse(IMPORT_URL)).status_code == 403


def test_the_changelist_never_shows_the_national_id(admin_client):
    OfficialFactory(full_name="Nguyễn Văn An", national_id=NATIONAL_ID)

    html = admin_client.get(reverse(CHANGELIST_URL)).content.decode()

    assert "Nguyễn Văn An" in html
    assert NATIONAL_ID not in html
    assert "••••••••2345" not in html  # not even masked


def test_searching_the_changelist_by_name_ignores_diacritics_but_not_by_national_id(admin_client):
    OfficialFactory(full_name="Nguyễn Văn An", national_id=NATIONAL_ID)

    by_name = admin_client.get(reverse(CHANGELIST_URL), {"q": "nguyen an"})
    by_id = admin_client.get(reverse(CHANGELIST_URL), {"q": NATIONAL_ID})

    assert by_name.context["cl"].result_count == 1
    assert by_id.context["cl"].result_count == 0


def test_the_change_form_shows_the_national_id_only_masked(admin_client):
    official = OfficialFactory(national_id=NATIONAL_ID)

    html = admin_client.get(reverse("admin:officials_official_change", args=[official.pk])).content.decode()

    assert "••••••••2345" in html
    assert NATIONAL_ID not in html


def change_form_data(official, **extra):
    data = {
        "full_name": official.full_name,
        "staff_code": official.staff_code,
        "category": official.category,
        "is_party_member": "on",
        "assignments-TOTAL_FORMS": "0",
        "assignments-INITIAL_FORMS": "0",
    }
    return data | extra


def test_saving_the_change_form_with_a_blank_new_id_keeps_the_stored_one(admin_client):
    official = OfficialFactory(national_id=NATIONAL_ID)
    url = reverse("admin:officials_official_change", args=[official.pk])

    response = admin_client.post(url, change_form_data(official, full_name="Tên Mới"))

    assert response.status_code == 302
    official.refresh_from_db()
    assert (official.full_name, official.national_id) == ("Tên Mới", NATIONAL_ID)


def test_a_new_id_typed_in_the_change_form_replaces_the_stored_one(admin_client):
    official = OfficialFactory(national_id=NATIONAL_ID)
    url = reverse("admin:officials_official_change", args=[official.pk])

    admin_client.post(url, change_form_data(official, new_national_id="001099000111"))

    official.refresh_from_db()
    assert official.national_id == "001099000111"
