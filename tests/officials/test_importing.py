import datetime as dt
import logging
from pathlib import Path

import pytest

from officials.importing import ImportResult, import_officials
from officials.models import Assignment, Category, Official
from tests.factories import AssignmentFactory, OfficialFactory, UnitFactory
from tests.officials.sheets import HEADER, NATIONAL_ID, official_row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def run_import(path: Path) -> ImportResult:
    with path.open("rb") as handle:
        return import_officials(handle, filename=path.name)


def messages(result: ImportResult) -> list[str]:
    return [error.message for error in result.errors]


@pytest.fixture
def ward():
    return UnitFactory(key="hn:phuong-ba-dinh", registry_code="00004", name="Phường Ba Đình")


@pytest.fixture
def good_rows(ward):
    return [
        official_row(ward.key),
        official_row(
            ward.registry_code,
            staff_code="CB0002",
            full_name="Trần Thị Bình",
            national_id="001190054321",
            category="cán bộ",
            is_party_member="x",
            post_title="Chủ tịch UBND",
            is_head="có",
        ),
        official_row(
            ward.key,
            staff_code="CB0003",
            full_name="Lê Văn Cường",
            national_id="",
            category="Hợp đồng",
            is_party_member="0",
            birth_year="",
        ),
    ]


@pytest.mark.parametrize(("delimiter", "bom"), [(",", False), (";", True)])
def test_a_good_csv_creates_every_official_with_the_current_post(tmp_path, ward, good_rows, delimiter, bom):
    path = write_csv(tmp_path / "can-bo.csv", good_rows, delimiter=delimiter, bom=bom)

    result = run_import(path)

    assert result.errors == []
    assert (result.created, result.updated, result.assignments_created) == (3, 0, 3)
    an = Official.objects.get(staff_code="CB0001")
    assert (an.full_name, an.category, an.is_party_member, an.birth_year) == (
        "Nguyễn Văn An",
        Category.CONG_CHUC,
        True,
        1980,
    )
    assert an.national_id == NATIONAL_ID
    assert an.name_folded == "nguyen van an"
    chairwoman = Assignment.objects.get(official__staff_code="CB0002")
    assert (chairwoman.unit, chairwoman.is_head, chairwoman.start_date) == (ward, True, dt.date(2021, 3, 1))
    contract = Official.objects.get(staff_code="CB0003")
    assert (contract.category, contract.is_party_member, contract.birth_year, contract.national_id) == (
        Category.HOP_DONG,
        False,
        None,
        "",
    )


def test_a_good_xlsx_with_typed_cells_creates_the_officials(tmp_path, ward):
    # What Excel really stores: dates as dates, years as numbers, and an ID typed as a number loses its zeros.
    row = official_row(
        ward.key,
        national_id=int(NATIONAL_ID),
        birth_year=1975,
        start_date=dt.datetime(2022, 5, 9),
        end_date=dt.datetime(2024, 5, 8),
        is_deputy=1,
        is_head=0,
    )
    path = write_xlsx(tmp_path / "can-bo.xlsx", [row])

    result = run_import(path)

    assert result.errors == []
    official = Official.objects.get(staff_code="CB0001")
    assert (official.national_id, official.birth_year) == (NATIONAL_ID, 1975)
    post = official.assignments.get()
    assert (post.start_date, post.end_date, post.is_deputy, post.is_head) == (
        dt.date(2022, 5, 9),
        dt.date(2024, 5, 8),
        True,
        False,
    )


def test_headers_match_without_diacritics_in_any_case_or_in_english(tmp_path, ward):
    header = [
        "MA CAN BO",
        "ho va ten (*)",
        "national_id",
        "Category",
        "party member",
        "Birth year",
        "unit",
        "Chuc vu",
        "head",
        "deputy",
        "start date",
        "end date",
    ]
    row = official_row(ward.key, category="civil servant", is_party_member="yes")
    path = write_csv(tmp_path / "english.csv", [row], header=header)

    result = run_import(path)

    assert result.errors == []
    assert Official.objects.get(staff_code="CB0001").category == Category.CONG_CHUC


def test_one_bad_row_among_good_rows_imports_nothing_and_names_its_row(tmp_path, good_rows):
    rows = [good_rows[0], official_row("KHONG-CO", staff_code="CB0009"), *good_rows[1:]]
    path = write_csv(tmp_path / "mot-dong-sai.csv", rows)

    result = run_import(path)

    assert messages(result) == ["Dòng 3: Mã đơn vị 'KHONG-CO' không tồn tại."]
    assert (result.created, result.assignments_created) == (0, 0)
    assert not Official.objects.exists()
    assert not Assignment.objects.exists()


def test_every_problem_of_every_row_is_reported_at_once(tmp_path, ward):
    rows = [
        official_row(ward.key, staff_code="", category="giáo viên"),
        official_row(ward.key, staff_code="CB0002", start_date="2021-03-01", birth_year="1890"),
        official_row(ward.key, staff_code="CB0003", start_date="01/03/2021", end_date="01/01/2021"),
        official_row(ward.key, staff_code="CB0004", is_head="có", is_deputy="có", is_party_member="có lẽ"),
    ]
    path = write_csv(tmp_path / "nhieu-loi.csv", rows)

    result = run_import(path)

    assert messages(result) == [
        "Dòng 2: Thiếu Mã cán bộ.",
        "Dòng 2: Phân loại 'giáo viên' không hợp lệ (dùng: cán bộ, công chức, viên chức, hợp đồng).",
        f"Dòng 3: Năm sinh '1890' không hợp lệ (từ 1940 đến {dt.date.today().year - 16}).",
        "Dòng 3: Từ ngày phải có dạng dd/mm/yyyy (đang là '2021-03-01').",
        "Dòng 4: Đến ngày (01/01/2021) trước Từ ngày (01/03/2021).",
        "Dòng 5: Đảng viên chỉ nhận có/không, x, 1/0 (đang là 'có lẽ').",
        "Dòng 5: Một chức vụ không thể vừa là người đứng đầu vừa là cấp phó.",
    ]
    assert not Official.objects.exists()


def test_a_staff_code_repeated_in_the_file_is_refused_naming_both_rows(tmp_path, ward):
    rows = [
        official_row(ward.key, staff_code="CB0001", national_id=""),
        official_row(ward.key, staff_code="CB0002", national_id=""),
        official_row(ward.key, staff_code="CB0001", national_id="", full_name="Người Khác"),
    ]
    path = write_csv(tmp_path / "trung-ma.csv", rows)

    result = run_import(path)

    assert messages(result) == ["Dòng 4: Mã cán bộ 'CB0001' trùng với dòng 2."]
    assert not Official.objects.exists()


def test_reimporting_the_same_file_changes_nothing(tmp_path, good_rows):
    path = write_csv(tmp_path / "can-bo.csv", good_rows)
    run_import(path)
    history_rows = Official.history.count() + Assignment.history.count()

    again = run_import(path)

    assert again.errors == []
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert (again.assignments_created, again.assignments_updated) == (0, 0)
    assert Official.objects.count() == 3
    assert Assignment.objects.count() == 3
    assert Official.history.count() + Assignment.history.count() == history_rows


def test_an_existing_staff_code_updates_the_official_and_adds_the_new_post(tmp_path, ward):
    official = OfficialFactory(staff_code="CB0001", full_name="Nguyễn Văn Ân", birth_year=1979)
    old_post = AssignmentFactory(
        official=official, unit=UnitFactory(), start_date=dt.date(2015, 1, 1), end_date=dt.date(2021, 2, 28)
    )
    path = write_csv(tmp_path / "cap-nhat.csv", [official_row(ward.key)])

    result = run_import(path)

    assert (result.created, result.updated, result.assignments_created) == (0, 1, 1)
    official.refresh_from_db()
    assert (official.full_name, official.birth_year) == ("Nguyễn Văn An", 1980)
    assert set(official.assignments.all()) == {old_post, Assignment.objects.get(unit=ward)}


def test_a_known_post_gets_its_new_end_date_instead_of_a_duplicate(tmp_path, ward):
    path = write_csv(tmp_path / "dang-lam.csv", [official_row(ward.key)])
    run_import(path)
    path = write_csv(tmp_path / "da-nghi.csv", [official_row(ward.key, end_date="31/12/2024")])

    result = run_import(path)

    assert (result.assignments_created, result.assignments_updated) == (0, 1)
    assert Assignment.objects.get().end_date == dt.date(2024, 12, 31)


def test_blank_optional_cells_keep_what_is_stored(tmp_path, ward):
    OfficialFactory(
        staff_code="CB0001",
        full_name="Nguyễn Văn An",
        national_id=NATIONAL_ID,
        birth_year=1980,
        is_party_member=True,
        category=Category.CONG_CHUC,
    )
    path = write_csv(
        tmp_path / "thieu.csv", [official_row(ward.key, national_id="", birth_year="", is_party_member="")]
    )

    result = run_import(path)

    assert (result.updated, result.unchanged) == (0, 1)
    official = Official.objects.get()
    assert (official.national_id, official.birth_year, official.is_party_member) == (NATIONAL_ID, 1980, True)


def test_a_registry_code_shared_by_successive_units_picks_the_one_valid_on_the_start_date(tmp_path):
    old = UnitFactory(registry_code="09999", valid_until=dt.date(2025, 6, 30))
    new = UnitFactory(registry_code="09999", valid_from=dt.date(2025, 7, 1))
    rows = [
        official_row("09999", staff_code="CB0001", national_id="", start_date="01/01/2024"),
        official_row("09999", staff_code="CB0002", national_id="", start_date="01/07/2025"),
    ]
    path = write_csv(tmp_path / "hai-thoi-ky.csv", rows)

    assert run_import(path).errors == []
    assert Assignment.objects.get(official__staff_code="CB0001").unit == old
    assert Assignment.objects.get(official__staff_code="CB0002").unit == new


def test_a_missing_required_column_is_reported_on_row_1(tmp_path, ward):
    header = [label for label in HEADER if label != "Mã đơn vị"]
    path = write_csv(tmp_path / "thieu-cot.csv", [["x"] * len(header)], header=header)

    assert messages(run_import(path)) == ["Dòng 1: Thiếu cột 'Mã đơn vị'."]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "Tệp Excel cũ (.xls) không được hỗ trợ"),
        ("hong.xlsx", b"PK\x03\x04 not really a zip", "Không đọc được tệp Excel"),
        ("windows-1258.csv", b"M\xe3 c\xe1n b\xf4;H\xf4\n", "Tệp CSV phải được lưu với bảng mã UTF-8"),
        ("rong.csv", b"", "Dòng 1 của tệp phải là dòng tiêu đề các cột"),
    ],
)
def test_an_unreadable_file_is_refused_with_a_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)

    result = run_import(path)

    assert len(result.errors) == 1
    assert result.errors[0].message.startswith(message)


def test_the_national_id_never_appears_in_errors_or_logs(tmp_path, ward, caplog):
    OfficialFactory(staff_code="CB7777", national_id="001190054321")
    rows = [
        official_row(ward.key, staff_code="CB0001", national_id="00108501234"),  # 11 digits
        official_row(NATIONAL_ID, staff_code="CB0002", national_id=""),  # the ID typed in the unit column
        official_row(ward.key, staff_code="CB0003", national_id="001190054321"),  # someone else's ID
        official_row(ward.key, staff_code="CB0004", national_id="001085099999"),
        official_row(ward.key, staff_code="CB0005", national_id="001085099999", category=NATIONAL_ID),
    ]
    path = write_csv(tmp_path / "dinh-danh.csv", rows)

    with caplog.at_level(logging.DEBUG):
        result = run_import(path)

    assert messages(result) == [
        "Dòng 2: Số định danh phải gồm đúng 12 chữ số.",
        "Dòng 3: Mã đơn vị '•••' không tồn tại.",
        "Dòng 4: Số định danh đã được dùng cho cán bộ mã 'CB7777'.",
        "Dòng 6: Phân loại '•••' không hợp lệ (dùng: cán bộ, công chức, viên chức, hợp đồng).",
    ]
    shown = "\n".join(messages(result)) + caplog.text
    for secret in (NATIONAL_ID, "00108501234", "001190054321", "001085099999", "108501234"):
        assert secret not in shown


def test_a_national_id_given_to_two_staff_codes_in_the_file_is_refused(tmp_path, ward):
    rows = [official_row(ward.key, staff_code="CB0001"), official_row(ward.key, staff_code="CB0002")]
    path = write_csv(tmp_path / "hai-ma.csv", rows)

    assert messages(run_import(path)) == ["Dòng 3: Số định danh trùng với dòng 2."]


def test_a_registry_code_shared_by_two_units_on_the_same_day_is_refused_as_ambiguous(tmp_path):
    UnitFactory(registry_code="08888")
    UnitFactory(registry_code="08888")
    path = write_csv(tmp_path / "mo-ho.csv", [official_row("08888", national_id="")])

    assert messages(run_import(path)) == [
        "Dòng 2: Mã đơn vị '08888' ứng với nhiều đơn vị; hãy dùng khóa đơn vị."
    ]


def test_a_unit_key_is_accepted_even_for_a_post_dated_outside_the_unit_validity(tmp_path):
    # Old records are often dated before the unit row's valid_from; the key still names exactly one unit.
    unit = UnitFactory(valid_from=dt.date(2025, 7, 1))
    path = write_csv(tmp_path / "cu.csv", [official_row(unit.key, national_id="", start_date="01/01/2020")])

    assert run_import(path).errors == []
    assert Assignment.objects.get().unit == unit
