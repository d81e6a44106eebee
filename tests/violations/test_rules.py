import datetime as dt
import itertools

import pytest

from officials.models import Category
from violations import rules
from violations.models import NoLimitationGround, SanctionTrack

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
        # cách chức only for cán bộ approved, appointed or designated to a post (Law 52/2019; 172/2025)
        ("can_bo", False, ["khien_trach", "canh_cao", "bai_nhiem"], ["khien_trach", "canh_cao", "bai_nhiem"]),
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
    assert "Luật Viên chức 2010" in str(
        rules.sanction_rule_for("administrative", "vien_chuc", AFTER_172).basis
    )
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
        (rules.SANCTION_RULES, lambda r: [(r.track, c, r.party_status) for c in r.categories]),
        (rules.LIMITATION_RULES, lambda r: [r.track]),
        (rules.SEVERITY_RULES, lambda r: [None]),
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


KT, CC, CACH, KHAI_TRU = "khien_trach", "canh_cao", "cach_chuc", "khai_tru"
ADMIN, PARTY = "administrative", "party"


@pytest.mark.parametrize(
    "track, occurred_on, warranted, ends_on",
    [
        # until 30/6/2020: 24 months for every act (Luật CBCC 2008 Art. 80)
        (ADMIN, D(2020, 6, 30), KT, D(2022, 6, 30)),
        (ADMIN, D(2020, 6, 30), CC, D(2022, 6, 30)),
        (ADMIN, D(2020, 6, 30), CACH, D(2022, 6, 30)),
        # 1/7/2020 – 14/11/2022: 2 years (khiển trách) / 5 years (heavier) (Law 52/2019)
        (ADMIN, D(2020, 7, 1), KT, D(2022, 7, 1)),
        (ADMIN, D(2020, 7, 1), CC, D(2025, 7, 1)),
        (ADMIN, D(2022, 11, 14), KT, D(2024, 11, 14)),
        (ADMIN, D(2022, 11, 14), CACH, D(2027, 11, 14)),
        # from 15/11/2022: 5 / 10 years (Resolution 76/2022)
        (ADMIN, D(2022, 11, 15), KT, D(2027, 11, 15)),
        (ADMIN, D(2022, 11, 15), CC, D(2032, 11, 15)),
        (ADMIN, D(2025, 6, 30), KT, D(2030, 6, 30)),
        (ADMIN, D(2025, 7, 1), KT, D(2030, 7, 1)),
        (ADMIN, D(2025, 7, 1), "buoc_thoi_viec", D(2035, 7, 1)),
        (ADMIN, D(2024, 2, 29), KT, D(2029, 2, 28)),
        # the administrative track knows no khai trừ: heavier than khiển trách
        (ADMIN, D(2025, 7, 1), KHAI_TRU, D(2035, 7, 1)),
        # Party track: 5 / 10 years, none for khai trừ (Regulation 69-QĐ/TW)
        (PARTY, D(2020, 7, 1), KT, D(2025, 7, 1)),
        (PARTY, D(2022, 7, 6), CC, D(2032, 7, 6)),
        (PARTY, D(2025, 7, 1), CACH, D(2035, 7, 1)),
        (PARTY, D(2025, 7, 1), KHAI_TRU, None),
        (PARTY, D(2019, 1, 1), KHAI_TRU, None),
    ],
)
def test_limitation_by_track_warranted_form_and_the_rule_on_the_day_of_the_act(
    track, occurred_on, warranted, ends_on
):
    assert rules.limitation_for(track, occurred_on, warranted).ends_on == ends_on


@pytest.mark.parametrize(
    "occurred_on, fragment, confirmed",
    [
        (D(2020, 6, 30), "Luật Cán bộ, công chức 2008", True),
        (D(2020, 7, 1), "52/2019/QH14", True),
        (D(2022, 11, 14), "52/2019/QH14", True),
        (D(2022, 11, 15), "76/2022/QH15", True),
        (D(2026, 1, 1), "76/2022/QH15", True),
    ],
)
def test_each_limitation_cites_its_basis(occurred_on, fragment, confirmed):
    rule = rules.limitation_rule_for(ADMIN, occurred_on)
    assert fragment in str(rule.basis) and rule.confirmed is confirmed
    assert "69-QĐ/TW" in rules.limitation_rule_for(PARTY, D(2023, 1, 1)).cited
    assert "chưa đối chiếu văn bản gốc" in rules.limitation_rule_for(PARTY, D(2021, 1, 1)).cited


@pytest.mark.parametrize("ground", NoLimitationGround.values)
@pytest.mark.parametrize("track", [ADMIN, PARTY])
def test_no_limitation_for_the_kinds_of_act_the_law_names(ground, track):
    limitation = rules.limitation_for(track, D(2023, 3, 1), KT, ground)
    assert limitation.ends_on is None
    assert str(NoLimitationGround(ground).label) in limitation.unlimited_because


def test_before_law_52_every_administrative_act_had_24_months_whatever_its_kind():
    assert rules.limitation_for(ADMIN, D(2020, 6, 30), KT, "fake_diploma").ends_on == D(2022, 6, 30)


def test_a_new_violation_inside_the_period_restarts_the_clock():
    occurred = D(2023, 1, 10)  # khiển trách: 5 years, to 10/01/2028
    restarted = rules.limitation_for(ADMIN, occurred, KT, later_violations=[D(2027, 6, 1)])
    assert restarted.counted_from == D(2027, 6, 1) and restarted.restarted
    assert restarted.ends_on == D(2032, 6, 1)
    # a later violation after the period ran out restarts nothing; an earlier one is no "new" violation
    assert rules.limitation_for(ADMIN, occurred, KT, later_violations=[D(2028, 1, 11)]).ends_on == D(
        2028, 1, 10
    )
    assert rules.limitation_for(ADMIN, occurred, KT, later_violations=[D(2022, 1, 1)]).ends_on == D(
        2028, 1, 10
    )
    # each new violation inside the running period restarts it again
    chained = rules.limitation_for(ADMIN, occurred, KT, later_violations=[D(2032, 5, 1), D(2027, 6, 1)])
    assert chained.ends_on == D(2037, 5, 1)


def test_a_case_is_time_barred_when_every_track_that_reaches_its_parties_is():
    member = rules.Subject("cong_chuc", is_party_member=True)
    contract = rules.Subject("hop_dong")
    assert member.tracks == [ADMIN, PARTY] and contract.tracks == [ADMIN]
    assert rules.Subject(None).tracks == [PARTY]
    # khiển trách in 2021: 2 years administrative, 5 years Party — the Party track keeps the case open
    assert rules.case_limitation([member], D(2021, 3, 1), KT)[0] == D(2026, 3, 1)
    assert rules.case_limitation([rules.Subject("cong_chuc")], D(2021, 3, 1), KT)[0] == D(2023, 3, 1)
    # a Party member whose act warrants khai trừ: no limitation for the case
    assert rules.case_limitation([member], D(2021, 3, 1), KHAI_TRU)[0] is None
    assert rules.case_limitation([], D(2021, 3, 1), KT)[0] == D(2023, 3, 1)


D90 = dt.timedelta(days=90)


@pytest.mark.parametrize("detected", [D(2020, 6, 30), D(2020, 7, 1), D(2025, 6, 30), D(2025, 7, 1)])
def test_handling_takes_90_days_from_detection_and_an_extension_stops_at_150(detected):
    assert rules.handling_deadline(detected) == detected + D90
    assert rules.max_extension(detected) == detected + dt.timedelta(days=150)
    assert rules.handling_deadline(detected, detected + dt.timedelta(days=120)) == detected + dt.timedelta(
        days=120
    )
    assert rules.handling_deadline(detected, D(2099, 1, 1)) == detected + dt.timedelta(days=150)
    assert rules.handling_deadline(detected, detected + dt.timedelta(days=10)) == detected + D90
    assert "150" in str(rules.handling_rule_for(detected).basis)


def test_criminal_proceedings_do_not_count_towards_the_handling_time():
    detected = D(2025, 1, 10)
    closed = rules.Pause(D(2025, 2, 1), D(2025, 2, 10))  # 10 days
    assert rules.handling_deadline(detected, pauses=[closed]) == detected + dt.timedelta(days=100)
    assert rules.max_extension(detected, [closed]) == detected + dt.timedelta(days=160)
    # while proceedings run, the clock is stopped: no deadline
    assert rules.handling_deadline(detected, pauses=[closed, rules.Pause(D(2025, 3, 1), None)]) is None
    assert "tố tụng hình sự" in str(rules.SUSPENSION_RULE.basis)


@pytest.mark.parametrize(
    "form, decided, last_day, confirmed",
    [
        ("canh_cao", D(2020, 6, 30), D(2021, 6, 29), False),
        ("cach_chuc", D(2020, 6, 30), D(2021, 6, 29), False),
        ("canh_cao", D(2020, 7, 1), D(2021, 6, 30), True),
        ("ha_bac_luong", D(2020, 7, 1), D(2021, 6, 30), True),
        ("giang_chuc", D(2020, 7, 1), D(2022, 6, 30), True),
        ("cach_chuc", D(2025, 6, 30), D(2027, 6, 29), True),
        ("khien_trach", D(2025, 7, 1), D(2026, 6, 30), False),
        ("cach_chuc", D(2025, 7, 1), D(2027, 6, 30), False),
        ("khai_tru", D(2025, 7, 1), None, False),
    ],
)
def test_sanction_effects_by_form_and_the_rule_on_the_day_of_the_decision(form, decided, last_day, confirmed):
    assert rules.sanction_effect_until(form, decided) == last_day
    assert rules.sanction_effect_rule_for(decided).confirmed is confirmed
    assert rules.sanction_in_effect(form, decided, decided)
    assert not rules.sanction_in_effect(form, decided, decided - dt.timedelta(days=1))


@pytest.mark.parametrize(
    "status, on, expected",
    [
        ("full", D(2025, 2, 14), ["khien_trach", "canh_cao", "cach_chuc", "khai_tru"]),
        ("probationary", D(2025, 2, 13), ["khien_trach", "canh_cao"]),
        ("probationary", D(2025, 2, 14), ["khien_trach", "canh_cao"]),
        ("none", D(2025, 2, 14), []),
    ],
)
def test_probationary_members_get_only_khien_trach_or_canh_cao(status, on, expected):
    assert [c for c, _l in rules.sanction_forms(PARTY, "cong_chuc", True, on, status)] == expected
    if status == "probationary":
        rule = rules.sanction_rule_for(PARTY, "cong_chuc", on, status)
        assert rule.confirmed is (on >= rules.REGULATION_264_2025_FROM)


@pytest.mark.parametrize(
    "detected, levels, confirmed",
    [
        (D(2025, 6, 30), ["minor", "serious", "very_serious", "extremely_serious"], True),
        (D(2025, 7, 1), ["minor", "serious", "very_serious"], False),
    ],
)
def test_severity_levels_by_the_decree_in_force(detected, levels, confirmed):
    assert list(rules.severity_levels(detected)) == levels
    assert rules.severity_rule_for(detected).confirmed is confirmed


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
