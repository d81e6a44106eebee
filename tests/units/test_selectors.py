"""Tree, validity and text logic of units.selectors over a small hand-built tree."""

import datetime as dt

import pytest

from tests.factories import UnitFactory, city
from units.models import REORGANISATION_DATE, Unit, UnitKind, UnitSuccession
from units.selectors import ancestors, current_successors, search_units, units_under

pytestmark = pytest.mark.django_db

LAST_LEGACY_DAY = dt.date(2025, 6, 30)
AFTER = dt.date(2025, 8, 1)


def district(parent: Unit, name: str = "Huyện Đông Anh") -> Unit:
    return UnitFactory(name=name, kind=UnitKind.RURAL_DISTRICT, parent=parent, valid_until=LAST_LEGACY_DAY)


def legacy_commune(parent: Unit, name: str, kind: str = UnitKind.COMMUNE) -> Unit:
    return UnitFactory(name=name, kind=kind, parent=parent, valid_until=LAST_LEGACY_DAY)


def new_commune(parent: Unit, name: str) -> Unit:
    return UnitFactory(name=name, kind=UnitKind.COMMUNE, parent=parent, valid_from=REORGANISATION_DATE)


def succeed(predecessor: Unit, successor: Unit, *, primary: bool = True) -> None:
    UnitSuccession.objects.create(
        predecessor=predecessor, successor=successor, effective_on=REORGANISATION_DATE, is_primary=primary
    )


@pytest.fixture
def tree() -> dict[str, Unit]:
    """Hà Nội with one old district, two old communes and one new commune."""
    hanoi = city()
    dong_anh = district(hanoi)
    township = legacy_commune(dong_anh, "Thị trấn Đông Anh", UnitKind.TOWNSHIP)
    uy_no = legacy_commune(dong_anh, "Xã Uy Nỗ")
    phuc_thinh = new_commune(hanoi, "Xã Phúc Thịnh")
    other = district(hanoi, "Huyện Sóc Sơn")
    return {
        "hanoi": hanoi,
        "dong_anh": dong_anh,
        "township": township,
        "uy_no": uy_no,
        "phuc_thinh": phuc_thinh,
        "soc_son": other,
    }


def names(units) -> set[str]:
    return {unit.name for unit in units}


def test_units_under_a_date_before_the_reorganisation_lists_districts_and_old_communes(tree):
    units = units_under(tree["hanoi"], on=LAST_LEGACY_DAY)

    assert names(units) == {
        "Thành phố Hà Nội",
        "Huyện Đông Anh",
        "Huyện Sóc Sơn",
        "Thị trấn Đông Anh",
        "Xã Uy Nỗ",
    }


def test_units_under_a_date_after_the_reorganisation_lists_only_new_communes(tree):
    units = units_under(tree["hanoi"], on=REORGANISATION_DATE, include_root=False)

    assert names(units) == {"Xã Phúc Thịnh"}


def test_units_under_without_a_date_lists_the_whole_history_of_the_subtree(tree):
    assert units_under(tree["hanoi"]).count() == 6
    assert names(units_under(tree["dong_anh"])) == {"Huyện Đông Anh", "Thị trấn Đông Anh", "Xã Uy Nỗ"}


def test_units_under_a_district_does_not_leak_into_a_sibling_district(tree):
    legacy_commune(tree["soc_son"], "Xã Phù Linh")

    assert "Xã Phù Linh" not in names(units_under(tree["dong_anh"]))


def test_ancestors_run_from_the_city_down_to_the_parent(tree):
    assert ancestors(tree["township"]) == [tree["hanoi"], tree["dong_anh"]]


def test_the_city_has_no_ancestors(tree):
    assert ancestors(tree["hanoi"]) == []


def test_a_unit_still_valid_is_its_own_current_successor(tree):
    assert current_successors(tree["phuc_thinh"], on=AFTER) == [tree["phuc_thinh"]]
    assert current_successors(tree["township"], on=LAST_LEGACY_DAY) == [tree["township"]]


def test_a_merged_commune_points_to_the_commune_that_took_it_over(tree):
    succeed(tree["township"], tree["phuc_thinh"])

    assert current_successors(tree["township"], on=AFTER) == [tree["phuc_thinh"]]


def test_current_successors_follow_a_chain_of_reorganisations(tree):
    # A commune merged in 2020 into Uy Nỗ, which itself went into Phúc Thịnh in 2025.
    older = legacy_commune(tree["dong_anh"], "Xã Cũ")
    Unit.objects.filter(pk=older.pk).update(valid_until=dt.date(2019, 12, 31))
    older.refresh_from_db()
    succeed(older, tree["uy_no"])
    succeed(tree["uy_no"], tree["phuc_thinh"])

    assert current_successors(older, on=AFTER) == [tree["phuc_thinh"]]
    assert current_successors(older, on=dt.date(2022, 1, 1)) == [tree["uy_no"]]


def test_a_split_ward_has_every_receiving_commune_as_current_successor_in_vietnamese_order(tree):
    thu_lam = new_commune(tree["hanoi"], "Xã Thư Lâm")
    dong_anh_commune = new_commune(tree["hanoi"], "Xã Đông Anh")
    succeed(tree["township"], tree["phuc_thinh"], primary=True)
    succeed(tree["township"], thu_lam, primary=False)
    succeed(tree["township"], dong_anh_commune, primary=False)

    assert current_successors(tree["township"], on=AFTER) == [dong_anh_commune, tree["phuc_thinh"], thu_lam]


def test_current_successors_survive_a_cycle_in_the_links(tree):
    succeed(tree["township"], tree["uy_no"])
    succeed(tree["uy_no"], tree["township"])

    assert current_successors(tree["township"], on=AFTER) == []


def test_search_ignores_diacritics_and_case_so_dong_anh_finds_dong_anh(tree):
    UnitFactory(name="Phường Đông Ngạc")

    found = search_units(Unit.objects.all(), "dong anh")

    assert names(found) == {"Huyện Đông Anh", "Thị trấn Đông Anh"}
    assert names(search_units(Unit.objects.all(), "  ĐÔNG   ANH ")) == names(found)


def test_search_needs_every_word_to_match(tree):
    assert names(search_units(Unit.objects.all(), "thi tran dong anh")) == {"Thị trấn Đông Anh"}
    assert not search_units(Unit.objects.all(), "dong anh soc").exists()


def test_units_sort_in_vietnamese_alphabetical_order_not_byte_order():
    # Byte order would put Ô (U+00D4) before Đ (U+0110) and both after every unmarked letter.
    for name in [
        "Xã Ứng Hòa",
        "Xã Ô Diên",
        "Xã Đông Anh",
        "Xã Dương Liễu",
        "Xã Ba Vì",
        "Xã An Khánh",
        "Xã Ân Thi",
    ]:
        UnitFactory(name=name)

    ordered = [u.name for u in Unit.objects.vietnamese_order()]

    assert ordered == [
        "Xã An Khánh",
        "Xã Ân Thi",
        "Xã Ba Vì",
        "Xã Dương Liễu",
        "Xã Đông Anh",
        "Xã Ô Diên",
        "Xã Ứng Hòa",
    ]


def test_tones_only_break_ties_between_otherwise_equal_names():
    for name in ["Xã Họa", "Xã Hoa Sơn", "Xã Hòa", "Xã Hoa"]:
        UnitFactory(name=name)

    ordered = [u.name for u in Unit.objects.vietnamese_order()]

    assert ordered == ["Xã Hoa", "Xã Hòa", "Xã Họa", "Xã Hoa Sơn"]


def test_a_name_sorts_before_the_longer_names_that_start_with_it():
    for name in ["Xã Anh Sơn", "Xã Anh", "Xã An Phú", "Xã An"]:
        UnitFactory(name=name)

    ordered = [u.name for u in Unit.objects.vietnamese_order()]

    assert ordered == ["Xã An", "Xã An Phú", "Xã Anh", "Xã Anh Sơn"]
