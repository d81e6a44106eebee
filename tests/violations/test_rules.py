import datetime as dt
import itertools

import pytest

from officials.models import Category
from violations import rules
from violations.models import SanctionTrack, Severity

D = dt.date
BEFORE_172 = D(2025, 6, 30)
AFTER_172 = D(2025, 7, 1)


def codes(track: str, category: str, holds_post: bool, on: dt.date) -> list[str]:
    return [code for code, _label in rules.sanction_forms(track, category, holds_post, on)]


@pytest.mark.parametrize(
    "category, holds_post, before, after",
    [
        (
            "can_bo",
            True,
            ["khien_trach", "canh_cao", "cach_chuc", "bai_nhiem"],
            ["khien_trach", "canh_cao", "cach_chuc", "bai_nhiem"],
        ),
        (
            "cong_chuc",
            True,
            ["khien_trach", "canh_cao", "giang_chuc", "cach_chuc", "buoc_thoi_viec"],
            ["khien_trach", "canh_cao", "cach_chuc", "buoc_thoi_viec"],
        ),
        (
            "cong_chuc",
            False,
            ["khien_trach", "canh_cao", "ha_bac_luong", "buoc_thoi_viec"],
            ["khien_trach", "canh_cao", "buoc_thoi_viec"],
        ),
        (
            "vien_chuc",
            True,
            ["khien_trach", "canh_cao", "cach_chuc", "buoc_thoi_viec"],
            ["khien_trach", "canh_cao", "cach_chuc", "buoc_thoi_viec"],
        ),
        (
            "vien_chuc",
            False,
            ["khien_trach", "canh_cao", "buoc_thoi_viec"],
            ["khien_trach", "canh_cao", "buoc_thoi_viec"],
        ),
        ("hop_dong", False, [], []),
        ("collective", False, [], []),
    ],
)
def test_administrative_forms_change_on_1_july_2025(category, holds_post, before, after):
    assert codes("administrative", category, holds_post, BEFORE_172) == before
    assert codes("administrative", category, holds_post, AFTER_172) == after


def test_the_catalogue_cites_the_decree_in_force_on_the_decision_date():
    assert "112/2020" in str(rules.sanction_rule_for("administrative", "cong_chuc", BEFORE_172).basis)
    assert "172/2025" in str(rules.sanction_rule_for("administrative", "cong_chuc", AFTER_172).basis)
    assert rules.sanction_rule_for("administrative", "vien_chuc", AFTER_172).confirmed is False
    assert rules.sanction_rule_for("administrative", "collective", AFTER_172) is None


@pytest.mark.parametrize("category", ["can_bo", "cong_chuc", "vien_chuc", "hop_dong"])
def test_party_members_face_the_party_forms_whatever_their_category(category):
    assert codes("party", category, True, AFTER_172) == ["khien_trach", "canh_cao", "cach_chuc", "khai_tru"]
    assert codes("party", category, False, AFTER_172) == ["khien_trach", "canh_cao", "khai_tru"]
    assert "69-QĐ/TW" in str(rules.sanction_rule_for("party", category, AFTER_172).basis)


def test_party_organisations_can_be_dissolved():
    assert codes("party", "collective", False, D(2024, 1, 1)) == ["khien_trach", "canh_cao", "giai_tan"]


def test_labels_are_vietnamese_and_ranks_order_the_forms():
    assert dict(rules.sanction_forms("administrative", "can_bo", True, AFTER_172))["bai_nhiem"] == "Bãi nhiệm"
    assert rules.sanction_label("giang_chuc") == "Giáng chức"
    assert rules.sanction_label("typed_by_hand") == "typed_by_hand"
    ladder = ["khien_trach", "canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc", "buoc_thoi_viec"]
    assert sorted(reversed(ladder), key=rules.sanction_rank) == ladder
    with pytest.raises(ValueError):
        rules.sanction_rank("unknown")


def test_unknown_track_or_category_is_refused():
    with pytest.raises(ValueError, match="track"):
        rules.sanction_forms("criminal", "can_bo", False, AFTER_172)
    with pytest.raises(ValueError, match="category"):
        rules.sanction_forms("party", "citizen", False, AFTER_172)


def test_codes_match_the_model_choices():
    assert set(SanctionTrack.values) == rules.TRACKS
    assert set(Category.values) | {"collective"} == rules.CATEGORIES
    every_code = {item.code for rule in rules.SANCTION_RULES for item in rule.forms}
    assert every_code <= set(rules.SANCTION_FORMS)


@pytest.mark.parametrize(
    "table, key",
    [
        (rules.SANCTION_RULES, lambda r: [(r.track, c) for c in r.categories]),
        (rules.LIMITATION_RULES, lambda r: [None]),
        (rules.HANDLING_RULES, lambda r: [None]),
        (rules.EFFECT_RULES, lambda r: [None]),
        (rules.RATING_RULES, lambda r: list(r.categories)),
    ],
)
def test_no_two_rules_for_the_same_subject_overlap(table, key):
    for first, second in itertools.combinations(table, 2):
        if set(key(first)) & set(key(second)):
            assert _disjoint(first, second), (first.basis, second.basis)


def _disjoint(a: rules.LegalRule, b: rules.LegalRule) -> bool:
    a_from, b_from = a.valid_from or D.min, b.valid_from or D.min
    a_until, b_until = a.valid_until or D.max, b.valid_until or D.max
    return a_until < b_from or b_until < a_from


@pytest.mark.parametrize(
    "occurred_on, severity, deadline",
    [
        (D(2020, 7, 1), Severity.MINOR, D(2025, 7, 1)),
        (D(2020, 7, 1), Severity.SERIOUS, D(2030, 7, 1)),
        (D(2020, 7, 1), Severity.EXTREMELY_SERIOUS, D(2030, 7, 1)),
        (D(2020, 6, 30), Severity.MINOR, D(2022, 6, 30)),
        (D(2020, 6, 30), Severity.VERY_SERIOUS, D(2025, 6, 30)),
        (D(2024, 2, 29), Severity.MINOR, D(2029, 2, 28)),
    ],
)
def test_limitation_is_judged_by_the_rule_in_force_on_the_act(occurred_on, severity, deadline):
    assert rules.limitation_deadline(occurred_on, severity) == deadline


def test_limitation_rule_cites_law_52_2019_from_july_2020():
    assert "52/2019/QH14" in str(rules.limitation_rule_for(D(2020, 7, 1)).basis)
    assert rules.limitation_rule_for(D(2020, 6, 30)).confirmed is False
    with pytest.raises(ValueError):
        rules.limitation_deadline(D(2021, 1, 1), "catastrophic")


def test_handling_takes_90_days_and_an_extension_stops_at_150():
    start = D(2025, 1, 10)
    assert rules.handling_deadline(start) == D(2025, 4, 10)
    assert rules.max_extension(start) == D(2025, 6, 9)
    assert rules.handling_deadline(start, D(2025, 5, 1)) == D(2025, 5, 1)
    assert rules.handling_deadline(start, D(2025, 12, 31)) == D(2025, 6, 9)
    assert rules.handling_deadline(start, D(2025, 2, 1)) == D(2025, 4, 10)
    assert rules.handling_deadline(None) is None
    assert "150" in str(rules.handling_rule_for(start).basis)


def test_temporary_sanctions_lapse_after_12_months_and_permanent_ones_never():
    decided = D(2024, 3, 15)
    assert rules.sanction_in_effect("canh_cao", decided, D(2025, 3, 14))
    assert not rules.sanction_in_effect("canh_cao", decided, D(2025, 3, 15))
    assert not rules.sanction_in_effect("canh_cao", decided, D(2024, 3, 14))
    assert rules.sanction_in_effect("khai_tru", decided, D(2040, 1, 1))
    assert rules.sanction_effect_rule_for(decided).confirmed is False


def test_rating_rule_changes_for_cong_chuc_in_2026():
    assert "48/2023" in str(rules.rating_rule_for("cong_chuc", D(2025, 12, 31)).basis)
    assert "335/2025" in str(rules.rating_rule_for("cong_chuc", D(2026, 1, 1)).basis)
    assert "48/2023" in str(rules.rating_rule_for("can_bo", D(2026, 1, 1)).basis)
    assert rules.rating_consequence_note("hop_dong", D(2026, 1, 1)) == ""
    assert "không hoàn thành nhiệm vụ" in rules.rating_consequence_note("vien_chuc", D(2024, 12, 31))


def test_month_arithmetic_clamps_to_the_end_of_the_month():
    assert rules.add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert rules.add_months(D(2025, 11, 30), 3) == D(2026, 2, 28)
    assert rules.add_years(D(2024, 2, 29), 4) == D(2028, 2, 29)
