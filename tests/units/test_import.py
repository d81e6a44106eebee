"""`manage.py import_units`: Hà Nội before and after 1/7/2025, succession links and idempotency."""

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from units.models import REORGANISATION_DATE, Unit, UnitLevel, UnitSuccession
from units.selectors import ancestors, current_successors, units_under
from units.text import fold, sort_key

pytestmark = pytest.mark.django_db

LAST_LEGACY_DAY = dt.date(2025, 6, 30)


def run_import(*args: str) -> str:
    out = StringIO()
    call_command("import_units", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def hanoi() -> Unit:
    run_import()
    return Unit.objects.get(key="province:01")


def level_counts(units) -> Counter:
    return Counter(units.values_list("level", flat=True))


def kind_counts(units) -> Counter:
    return Counter(units.values_list("kind", flat=True))


def test_the_city_is_created_once_without_validity_bounds(hanoi):
    assert hanoi.name == "Thành phố Hà Nội"
    assert hanoi.registry_code == "01"
    assert hanoi.parent is None
    assert (hanoi.valid_from, hanoi.valid_until) == (None, None)


def test_before_the_reorganisation_hanoi_has_30_districts_and_526_communes(hanoi):
    units = units_under(hanoi, on=LAST_LEGACY_DAY, include_root=False)

    assert level_counts(units) == {UnitLevel.DISTRICT: 30, UnitLevel.COMMUNE: 526}
    assert kind_counts(units.filter(level=UnitLevel.DISTRICT)) == {"quan": 12, "huyen": 17, "thi_xa": 1}
    assert kind_counts(units.filter(level=UnitLevel.COMMUNE)) == {"phuong": 160, "xa": 345, "thi_tran": 21}


def test_after_the_reorganisation_hanoi_has_126_communes_51_wards_and_75_communes(hanoi):
    units = units_under(hanoi, on=REORGANISATION_DATE, include_root=False)

    assert units.count() == 126
    assert kind_counts(units) == {"phuong": 51, "xa": 75}
    assert set(units.values_list("parent_id", flat=True)) == {hanoi.pk}


def test_old_units_end_on_30_june_2025_and_new_communes_start_on_1_july(hanoi):
    old = Unit.objects.filter(key__startswith="legacy-")
    new = Unit.objects.filter(key__startswith="ward2025:")

    assert set(old.values_list("valid_from", "valid_until")) == {(None, LAST_LEGACY_DAY)}
    assert set(new.values_list("valid_from", "valid_until")) == {(REORGANISATION_DATE, None)}


def test_dong_anh_township_keeps_its_district_and_passes_to_phuc_thinh(hanoi):
    township = Unit.objects.get(key="legacy-ward:00454")

    assert township.name == "Thị trấn Đông Anh"
    assert township.registry_code == "00454"
    assert [u.name for u in ancestors(township)] == ["Thành phố Hà Nội", "Huyện Đông Anh"]
    assert township.succession_out.get(is_primary=True).successor.name == "Xã Phúc Thịnh"
    assert "Xã Phúc Thịnh" in {u.name for u in current_successors(township, on=REORGANISATION_DATE)}


def test_a_split_ward_links_to_every_receiving_commune_with_exactly_one_primary(hanoi):
    # Thị trấn Đông Anh was divided between three new communes.
    links = UnitSuccession.objects.filter(predecessor__key="legacy-ward:00454")

    assert {(s.successor.name, s.is_primary) for s in links} == {
        ("Xã Phúc Thịnh", True),
        ("Xã Đông Anh", False),
        ("Xã Thư Lâm", False),
    }
    assert set(links.values_list("effective_on", flat=True)) == {REORGANISATION_DATE}


def test_every_old_commune_has_exactly_one_primary_successor(hanoi):
    old_communes = Unit.objects.filter(key__startswith="legacy-ward:")
    primaries = Counter(
        UnitSuccession.objects.filter(predecessor__in=old_communes, is_primary=True).values_list(
            "predecessor_id", flat=True
        )
    )

    assert len(primaries) == 526
    assert set(primaries.values()) == {1}


def test_every_new_commune_has_at_least_one_predecessor(hanoi):
    new = Unit.objects.filter(key__startswith="ward2025:")

    assert not new.filter(succession_in__isnull=True).exists()


def test_an_old_district_links_to_every_commune_that_received_one_of_its_wards(hanoi):
    district = Unit.objects.get(key="legacy-district:017")
    fed = UnitSuccession.objects.filter(predecessor__parent=district).values_list("successor_id", flat=True)

    links = district.succession_out.all()

    assert set(links.values_list("successor_id", flat=True)) == set(fed)
    assert not links.filter(is_primary=True).exists()
    assert {u.name for u in current_successors(district, on=REORGANISATION_DATE)} >= {"Xã Phúc Thịnh"}


def test_bulk_created_units_carry_the_fields_that_save_would_compute(hanoi):
    township = Unit.objects.get(key="legacy-ward:00454")
    district = township.parent

    assert township.path == f"{hanoi.pk:07d}/{district.pk:07d}/{township.pk:07d}/"
    assert (township.level, district.level, hanoi.level) == ("commune", "district", "city")
    assert township.name_folded == fold("Thị trấn Đông Anh")
    assert township.sort_key == sort_key("Thị trấn Đông Anh")
    assert township.latitude and township.longitude


def test_the_import_records_one_history_row_per_created_unit(hanoi):
    assert Unit.history.filter(history_type="+").count() == Unit.objects.count() == 683


def test_the_summary_line_reports_what_was_created():
    output = run_import()

    assert output.strip().splitlines() == [
        "Đơn vị: 683 mới, 0 cập nhật, 0 không đổi; "
        f"liên kết kế thừa: {UnitSuccession.objects.count()} mới, 0 cập nhật, 0 không đổi"
    ]


def test_a_second_run_changes_nothing_and_says_so(hanoi):
    before = (Unit.objects.count(), UnitSuccession.objects.count(), Unit.history.count())

    output = run_import()

    assert (Unit.objects.count(), UnitSuccession.objects.count(), Unit.history.count()) == before
    assert "Đơn vị: 0 mới, 0 cập nhật, 683 không đổi" in output
    assert "liên kết kế thừa: 0 mới, 0 cập nhật" in output


def test_a_rerun_restores_a_unit_and_a_link_edited_by_hand(hanoi):
    Unit.objects.filter(key="legacy-ward:00454").update(name="Tên sai", sort_key="x", latitude=None)
    UnitSuccession.objects.filter(predecessor__key="legacy-ward:00454", is_primary=True).update(
        is_primary=False
    )

    output = run_import()

    township = Unit.objects.get(key="legacy-ward:00454")
    assert (township.name, township.sort_key) == ("Thị trấn Đông Anh", sort_key("Thị trấn Đông Anh"))
    assert township.latitude is not None
    assert "0 mới, 1 cập nhật, 682 không đổi" in output
    assert "liên kết kế thừa: 0 mới, 1 cập nhật" in output


def test_another_province_imports_with_its_own_name_and_its_merged_provinces():
    run_import("--province", "08")

    province = Unit.objects.get(key="province:08")
    ha_giang = Unit.objects.get(key="legacy-province:02")
    assert province.name == "Tỉnh Tuyên Quang"
    assert ha_giang.name == "Tỉnh Hà Giang"
    assert current_successors(ha_giang, on=REORGANISATION_DATE) == [province]
    assert Unit.objects.filter(parent=ha_giang, valid_until=LAST_LEGACY_DAY).exists()
    assert not Unit.objects.filter(key="province:01").exists()


def test_an_unknown_province_is_refused_without_writing_anything():
    with pytest.raises(CommandError, match="02"):
        run_import("--province", "02")  # Hà Giang no longer exists as a province in 2025

    assert not Unit.objects.exists()


def test_a_province_code_that_is_not_a_number_is_refused():
    with pytest.raises(CommandError):
        run_import("--province", "01' OR '1'='1")
