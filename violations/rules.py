"""The legal rules the product applies, effective-dated, each with its legal basis beside it.

Every period, deadline and list of disciplinary forms that the law fixes lives here and nowhere else. The law
changed in 2020 (Law 52/2019/QH14), 2023 (Decree 71/2023, Decree 48/2023) and 2025 (Decree 172/2025/NĐ-CP),
so an incident is judged by the rule in force on the relevant date: the act's date for the limitation period,
the decision to handle for the handling time, the sanction decision's date for the catalogue of forms.
Each public function has a `*_rule_for` twin returning the rule itself, so the UI can cite `rule.basis`.
Rules marked `confirmed=False` are working assumptions awaiting a check against the official text.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from officials.models import Category
from units.months import add_months, add_years
from violations.models import SanctionTrack, Severity

Text = str | Promise

# The subject of a Party sanction can be an organisation; officials.Category has no value for it.
COLLECTIVE = "collective"
CATEGORIES = frozenset(Category.values) | {COLLECTIVE}
TRACKS = frozenset(SanctionTrack.values)
ADMINISTRATIVE = SanctionTrack.ADMINISTRATIVE.value
PARTY = SanctionTrack.PARTY.value
INDIVIDUALS = frozenset(Category.values)


@dataclass(frozen=True, kw_only=True)
class LegalRule:
    valid_from: dt.date | None = None  # None: since before the product's oldest data
    valid_until: dt.date | None = None  # inclusive; None: still in force
    basis: Text
    confirmed: bool = True

    def in_force_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


Rule = TypeVar("Rule", bound=LegalRule)


def _rule_on(rules: Iterable[Rule], day: dt.date) -> Rule | None:
    return next((rule for rule in rules if rule.in_force_on(day)), None)


# --- Disciplinary forms ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SanctionForm:
    code: str
    label: Text
    rank: int  # heavier forms rank higher; forms of different tracks share the scale


SANCTION_FORMS: dict[str, SanctionForm] = {
    form.code: form
    for form in (
        SanctionForm("khien_trach", _("Khiển trách"), 1),
        SanctionForm("canh_cao", _("Cảnh cáo"), 2),
        SanctionForm("ha_bac_luong", _("Hạ bậc lương"), 3),
        SanctionForm("giang_chuc", _("Giáng chức"), 4),
        SanctionForm("cach_chuc", _("Cách chức"), 5),
        # The heaviest form of each kind of subject: they never compete for the same person.
        SanctionForm("bai_nhiem", _("Bãi nhiệm"), 6),
        SanctionForm("buoc_thoi_viec", _("Buộc thôi việc"), 6),
        SanctionForm("khai_tru", _("Khai trừ"), 6),
        SanctionForm("giai_tan", _("Giải tán"), 6),
    )
}


@dataclass(frozen=True)
class AllowedForm:
    code: str
    # None: anyone in the category; True: only holders of a leadership or management post;
    # False: only those without one.
    needs_post: bool | None = None

    def allows(self, holds_post: bool) -> bool:
        return self.needs_post is None or self.needs_post == holds_post


@dataclass(frozen=True, kw_only=True)
class SanctionCatalogueRule(LegalRule):
    track: str
    categories: frozenset[str]
    forms: tuple[AllowedForm, ...]


BEFORE_DECREE_172 = dt.date(2025, 6, 30)
DECREE_172_FROM = dt.date(2025, 7, 1)

SANCTION_RULES: tuple[SanctionCatalogueRule, ...] = (
    SanctionCatalogueRule(
        track=ADMINISTRATIVE,
        categories=frozenset({Category.CAN_BO}),
        valid_until=BEFORE_DECREE_172,
        basis=_(
            "Luật Cán bộ, công chức 2008 (sửa đổi, bổ sung bởi Luật 52/2019/QH14), Điều 78; "
            "Nghị định 112/2020/NĐ-CP, sửa đổi bởi Nghị định 71/2023/NĐ-CP"
        ),
        forms=(
            AllowedForm("khien_trach"),
            AllowedForm("canh_cao"),
            AllowedForm("cach_chuc"),
            AllowedForm("bai_nhiem"),
        ),
    ),
    SanctionCatalogueRule(
        track=ADMINISTRATIVE,
        categories=frozenset({Category.CONG_CHUC}),
        valid_until=BEFORE_DECREE_172,
        basis=_(
            "Luật Cán bộ, công chức 2008 (sửa đổi, bổ sung bởi Luật 52/2019/QH14), Điều 79: hạ bậc "
            "lương chỉ áp dụng với công chức không giữ chức vụ lãnh đạo, quản lý; giáng chức, cách chức "
            "chỉ áp dụng với công chức giữ chức vụ; Nghị định 112/2020/NĐ-CP, sửa đổi bởi Nghị định "
            "71/2023/NĐ-CP"
        ),
        forms=(
            AllowedForm("khien_trach"),
            AllowedForm("canh_cao"),
            AllowedForm("ha_bac_luong", needs_post=False),
            AllowedForm("giang_chuc", needs_post=True),
            AllowedForm("cach_chuc", needs_post=True),
            AllowedForm("buoc_thoi_viec"),
        ),
    ),
    SanctionCatalogueRule(
        track=ADMINISTRATIVE,
        categories=frozenset({Category.CAN_BO}),
        valid_from=DECREE_172_FROM,
        basis=_("Nghị định 172/2025/NĐ-CP về xử lý kỷ luật cán bộ, công chức (hiệu lực từ 01/7/2025)"),
        forms=(
            AllowedForm("khien_trach"),
            AllowedForm("canh_cao"),
            AllowedForm("cach_chuc"),
            AllowedForm("bai_nhiem"),
        ),
    ),
    SanctionCatalogueRule(
        track=ADMINISTRATIVE,
        categories=frozenset({Category.CONG_CHUC}),
        valid_from=DECREE_172_FROM,
        basis=_(
            "Nghị định 172/2025/NĐ-CP về xử lý kỷ luật cán bộ, công chức (hiệu lực từ 01/7/2025): bỏ hạ bậc "
            "lương và giáng chức; cách chức chỉ áp dụng với công chức giữ chức vụ lãnh đạo, quản lý"
        ),
        forms=(
            AllowedForm("khien_trach"),
            AllowedForm("canh_cao"),
            AllowedForm("cach_chuc", needs_post=True),
            AllowedForm("buoc_thoi_viec"),
        ),
    ),
    SanctionCatalogueRule(
        track=ADMINISTRATIVE,
        categories=frozenset({Category.VIEN_CHUC}),
        basis=_("Luật Viên chức 2010 (sửa đổi, bổ sung 2019): cách chức chỉ áp dụng với viên chức quản lý"),
        confirmed=False,
        forms=(
            AllowedForm("khien_trach"),
            AllowedForm("canh_cao"),
            AllowedForm("cach_chuc", needs_post=True),
            AllowedForm("buoc_thoi_viec"),
        ),
    ),
    SanctionCatalogueRule(
        track=ADMINISTRATIVE,
        categories=frozenset({Category.HOP_DONG}),
        basis=_(
            "Người làm việc theo hợp đồng lao động không thuộc đối tượng kỷ luật hành chính của Luật Cán bộ, "
            "công chức và Luật Viên chức; xử lý kỷ luật lao động theo Bộ luật Lao động"
        ),
        confirmed=False,
        forms=(),
    ),
    SanctionCatalogueRule(
        track=PARTY,
        categories=INDIVIDUALS,
        basis=_("Quy định 69-QĐ/TW (2022) của Bộ Chính trị về kỷ luật tổ chức đảng, đảng viên vi phạm"),
        forms=(
            AllowedForm("khien_trach"),
            AllowedForm("canh_cao"),
            AllowedForm("cach_chuc", needs_post=True),
            AllowedForm("khai_tru"),
        ),
    ),
    SanctionCatalogueRule(
        track=PARTY,
        categories=frozenset({COLLECTIVE}),
        basis=_("Quy định 69-QĐ/TW (2022) của Bộ Chính trị: kỷ luật tổ chức đảng"),
        forms=(AllowedForm("khien_trach"), AllowedForm("canh_cao"), AllowedForm("giai_tan")),
    ),
)


def sanction_rule_for(track: str, category: str, on: dt.date) -> SanctionCatalogueRule | None:
    """The catalogue in force on the decision date; None where the law gives that track no forms for them."""
    if track not in TRACKS:
        raise ValueError(f"unknown sanction track {track!r}")
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}")
    candidates = (rule for rule in SANCTION_RULES if rule.track == track and category in rule.categories)
    return _rule_on(candidates, on)


def sanction_forms(track: str, category: str, holds_post: bool, on: dt.date) -> list[tuple[str, str]]:
    """(code, label) of the forms the law allowed on `on`, lightest first; empty where none apply."""
    rule = sanction_rule_for(track, category, on)
    if rule is None:
        return []
    return [(item.code, sanction_label(item.code)) for item in rule.forms if item.allows(holds_post)]


def sanction_form_choices() -> list[tuple[str, str]]:
    """Every form any rule knows, lightest first: for filters and for reading old decisions."""
    return [(form.code, str(form.label)) for form in sorted(SANCTION_FORMS.values(), key=lambda f: f.rank)]


def sanction_label(code: str) -> str:
    # A code no rule knows (typed by hand in old data) is shown as stored rather than hidden.
    form = SANCTION_FORMS.get(code)
    return str(form.label) if form else code


def sanction_rank(code: str) -> int:
    try:
        return SANCTION_FORMS[code].rank
    except KeyError:
        raise ValueError(f"unknown sanction form {code!r}") from None


# --- Limitation period (thời hiệu), counted from the act ------------------------------------------


@dataclass(frozen=True, kw_only=True)
class LimitationRule(LegalRule):
    # "Minor" is the level that warrants khiển trách; None would mean no limitation for that level.
    minor_years: int | None
    other_years: int | None
    note: Text = ""

    def years_for(self, severity: str) -> int | None:
        if severity not in Severity.values:
            raise ValueError(f"unknown severity {severity!r}")
        return self.minor_years if severity == Severity.MINOR else self.other_years


LAW_52_2019_FROM = dt.date(2020, 7, 1)

LIMITATION_RULES: tuple[LimitationRule, ...] = (
    LimitationRule(
        valid_until=LAW_52_2019_FROM - dt.timedelta(days=1),
        basis=_("Luật Cán bộ, công chức 2008, Điều 80, trước khi được sửa đổi bởi Luật 52/2019/QH14"),
        # The 2/5-year split is the project's working reading of the pre-2020 text.
        confirmed=False,
        minor_years=2,
        other_years=5,
    ),
    LimitationRule(
        valid_from=LAW_52_2019_FROM,
        basis=_(
            "Luật 52/2019/QH14 sửa đổi, bổ sung Luật Cán bộ, công chức và Luật Viên chức (hiệu lực từ "
            "01/7/2020): 5 năm với vi phạm đến mức khiển trách, 10 năm với vi phạm đến mức cảnh cáo trở lên"
        ),
        minor_years=5,
        other_years=10,
        note=_(
            "Vi phạm mới trong thời hạn này làm thời hiệu tính lại; một số vi phạm không áp dụng thời hiệu "
            "(danh sách chưa đối chiếu, chưa tự động áp dụng)."
        ),
    ),
)


def limitation_rule_for(day: dt.date) -> LimitationRule:
    rule = _rule_on(LIMITATION_RULES, day)
    assert rule is not None, "LIMITATION_RULES must cover every date"
    return rule


def limitation_deadline(occurred_on: dt.date, severity: str) -> dt.date | None:
    """The day the limitation period ends, by the rule in force on the day of the act.

    None if that rule sets no limitation for the severity.
    """
    years = limitation_rule_for(occurred_on).years_for(severity)
    return None if years is None else add_years(occurred_on, years)


# --- Handling time (thời hạn xử lý), from the decision to handle ----------------------------------


@dataclass(frozen=True, kw_only=True)
class HandlingRule(LegalRule):
    days: int
    max_days: int  # the ceiling an extension may reach, counted from the same start


HANDLING_RULES: tuple[HandlingRule, ...] = (
    HandlingRule(
        basis=_(
            "Luật Cán bộ, công chức (sửa đổi, bổ sung bởi Luật 52/2019/QH14); Nghị định 112/2020/NĐ-CP; "
            "Nghị định 172/2025/NĐ-CP: thời hạn xử lý kỷ luật không quá 90 ngày, vụ việc phức tạp được kéo "
            "dài nhưng không quá 150 ngày"
        ),
        days=90,
        max_days=150,
    ),
)


def handling_rule_for(day: dt.date) -> HandlingRule:
    rule = _rule_on(HANDLING_RULES, day)
    assert rule is not None, "HANDLING_RULES must cover every date"
    return rule


def handling_deadline(started_on: dt.date | None, extended_to: dt.date | None = None) -> dt.date | None:
    """The day handling must be finished by; an extension counts only up to the legal ceiling."""
    if started_on is None:
        return None
    rule = handling_rule_for(started_on)
    deadline = started_on + dt.timedelta(days=rule.days)
    if extended_to is None:
        return deadline
    # An "extension" earlier than the ordinary deadline shortens nothing; one past the ceiling stops there.
    return max(deadline, min(extended_to, max_extension(started_on)))


def max_extension(started_on: dt.date) -> dt.date:
    return started_on + dt.timedelta(days=handling_rule_for(started_on).max_days)


# --- How long a sanction stays in effect ----------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SanctionEffectRule(LegalRule):
    months: int
    temporary: frozenset[str]  # in effect for `months` from the decision
    permanent: frozenset[str]  # the relationship ends: the sanction never lapses


EFFECT_RULES: tuple[SanctionEffectRule, ...] = (
    SanctionEffectRule(
        basis=_(
            "Thời gian thi hành kỷ luật: 12 tháng kể từ ngày quyết định có hiệu lực "
            "(bản dựng tạm, chờ đối chiếu)"
        ),
        confirmed=False,
        months=12,
        temporary=frozenset({"khien_trach", "canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc"}),
        permanent=frozenset({"buoc_thoi_viec", "khai_tru", "bai_nhiem", "giai_tan"}),
    ),
)


def sanction_effect_rule_for(day: dt.date) -> SanctionEffectRule:
    rule = _rule_on(EFFECT_RULES, day)
    assert rule is not None, "EFFECT_RULES must cover every date"
    return rule


def sanction_effect_until(code: str, decided_on: dt.date) -> dt.date | None:
    """Last day the sanction is in effect; None for forms that never lapse."""
    rule = sanction_effect_rule_for(decided_on)
    if code in rule.permanent:
        return None
    if code not in rule.temporary:
        raise ValueError(f"unknown sanction form {code!r}")
    return add_months(decided_on, rule.months) - dt.timedelta(days=1)


def sanction_in_effect(code: str, decided_on: dt.date, on: dt.date) -> bool:
    if on < decided_on:
        return False
    until = sanction_effect_until(code, decided_on)
    return until is None or on <= until


# --- Annual quality rating ------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RatingRule(LegalRule):
    categories: frozenset[str]
    consequence: Text


DECREE_335_FROM = dt.date(2026, 1, 1)
DECREE_48_CONSEQUENCE = _(
    "Bị kỷ luật (Đảng hoặc hành chính) trong năm đánh giá: xếp loại chất lượng ở mức "
    "không hoàn thành nhiệm vụ."
)

RATING_RULES: tuple[RatingRule, ...] = (
    RatingRule(
        categories=frozenset({Category.CAN_BO, Category.VIEN_CHUC}),
        basis=_("Nghị định 90/2020/NĐ-CP, sửa đổi, bổ sung bởi Nghị định 48/2023/NĐ-CP"),
        consequence=DECREE_48_CONSEQUENCE,
    ),
    RatingRule(
        categories=frozenset({Category.CONG_CHUC}),
        valid_until=DECREE_335_FROM - dt.timedelta(days=1),
        basis=_("Nghị định 90/2020/NĐ-CP, sửa đổi, bổ sung bởi Nghị định 48/2023/NĐ-CP"),
        consequence=DECREE_48_CONSEQUENCE,
    ),
    RatingRule(
        categories=frozenset({Category.CONG_CHUC}),
        valid_from=DECREE_335_FROM,
        basis=_("Nghị định 335/2025/NĐ-CP (áp dụng với công chức từ 01/01/2026)"),
        consequence=_(
            "Bị kỷ luật từ khiển trách trở lên do vi phạm liên quan đến thực thi nhiệm vụ, công vụ "
            "trong năm đánh giá: xếp loại chất lượng ở mức không hoàn thành nhiệm vụ."
        ),
    ),
)


def rating_rule_for(category: str, on: dt.date) -> RatingRule | None:
    """The rating rule for someone of `category` rated on `on`; None where no rating decree applies."""
    return _rule_on((rule for rule in RATING_RULES if category in rule.categories), on)


def rating_consequence_note(category: str, on: dt.date) -> str:
    rule = rating_rule_for(category, on)
    return str(rule.consequence) if rule else ""
