"""Which disciplinary forms the law allows, for whom and when; and the severity levels in force."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from officials.models import Category
from violations.models import Severity
from violations.rules.base import (
    ADMINISTRATIVE,
    BEFORE_DECREE_172,
    CATEGORIES,
    COLLECTIVE,
    DECREE_172_FROM,
    INDIVIDUALS,
    PARTY,
    REGULATION_264_2025_FROM,
    TRACKS,
    LegalRule,
    Text,
    day_before,
    rule_on,
)


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

# Party status of an individual on the day of a decision (officials.Official.party_status_on).
PARTY_FULL = "full"
PARTY_PROBATIONARY = "probationary"
PARTY_NONE = "none"


@dataclass(frozen=True)
class AllowedForm:
    code: str
    # None: anyone in the category; True: only holders of a post (leadership, management, or a post they
    # were approved, appointed or designated to); False: only those without one.
    needs_post: bool | None = None

    def allows(self, holds_post: bool) -> bool:
        return self.needs_post is None or self.needs_post == holds_post


@dataclass(frozen=True, kw_only=True)
class SanctionCatalogueRule(LegalRule):
    track: str
    categories: frozenset[str]
    forms: tuple[AllowedForm, ...]
    # Party track only: which members the catalogue is for.
    party_status: str = PARTY_FULL


KT, CC = AllowedForm("khien_trach"), AllowedForm("canh_cao")

SANCTION_RULES: tuple[SanctionCatalogueRule, ...] = (
    SanctionCatalogueRule(
        track=ADMINISTRATIVE,
        categories=frozenset({Category.CAN_BO}),
        valid_until=BEFORE_DECREE_172,
        basis=_(
            "Luật Cán bộ, công chức 2008 (sửa đổi, bổ sung bởi Luật 52/2019/QH14), Điều 78: cách chức chỉ áp "
            "dụng với cán bộ được phê chuẩn, bổ nhiệm hoặc chỉ định giữ chức vụ, chức danh; Nghị định "
            "112/2020/NĐ-CP, sửa đổi bởi Nghị định 71/2023/NĐ-CP"
        ),
        forms=(KT, CC, AllowedForm("cach_chuc", needs_post=True), AllowedForm("bai_nhiem")),
    ),
    SanctionCatalogueRule(
        track=ADMINISTRATIVE,
        categories=frozenset({Category.CONG_CHUC}),
        valid_until=BEFORE_DECREE_172,
        basis=_(
            "Luật Cán bộ, công chức 2008 (sửa đổi, bổ sung bởi Luật 52/2019/QH14), Điều 79; Nghị định "
            "112/2020/NĐ-CP, Điều 7: hạ bậc lương chỉ áp dụng với công chức không giữ chức vụ lãnh đạo, quản "
            "lý; giáng chức, cách chức chỉ áp dụng với công chức giữ chức vụ"
        ),
        forms=(
            KT,
            CC,
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
        basis=_(
            "Nghị định 172/2025/NĐ-CP (hiệu lực từ 01/7/2025): cách chức chỉ áp dụng với cán bộ được phê "
            "chuẩn, bổ nhiệm hoặc chỉ định giữ chức vụ, chức danh"
        ),
        forms=(KT, CC, AllowedForm("cach_chuc", needs_post=True), AllowedForm("bai_nhiem")),
    ),
    SanctionCatalogueRule(
        track=ADMINISTRATIVE,
        categories=frozenset({Category.CONG_CHUC}),
        valid_from=DECREE_172_FROM,
        basis=_(
            "Nghị định 172/2025/NĐ-CP (hiệu lực từ 01/7/2025): bỏ hạ bậc lương và giáng chức; cách chức chỉ "
            "áp dụng với công chức giữ chức vụ lãnh đạo, quản lý"
        ),
        forms=(KT, CC, AllowedForm("cach_chuc", needs_post=True), AllowedForm("buoc_thoi_viec")),
    ),
    SanctionCatalogueRule(
        track=ADMINISTRATIVE,
        categories=frozenset({Category.VIEN_CHUC}),
        basis=_(
            "Luật Viên chức 2010 (sửa đổi, bổ sung 2019), Điều 52: cách chức chỉ áp dụng với viên chức quản "
            "lý"
        ),
        forms=(KT, CC, AllowedForm("cach_chuc", needs_post=True), AllowedForm("buoc_thoi_viec")),
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
        basis=_(
            "Quy định 69-QĐ/TW ngày 06/7/2022 (sửa đổi bởi Quy định 264-QĐ/TW ngày 14/02/2025): đảng viên "
            "chính thức — khiển trách, cảnh cáo, cách chức (nếu có chức vụ), khai trừ"
        ),
        forms=(KT, CC, AllowedForm("cach_chuc", needs_post=True), AllowedForm("khai_tru")),
    ),
    SanctionCatalogueRule(
        track=PARTY,
        categories=INDIVIDUALS,
        party_status=PARTY_PROBATIONARY,
        valid_until=day_before(REGULATION_264_2025_FROM),
        basis=_(
            "Đảng viên dự bị trước ngày 14/02/2025: hệ thống áp dụng khiển trách, cảnh cáo như Quy định "
            "264-QĐ/TW (quy định trước đó chưa được xác minh)"
        ),
        confirmed=False,
        forms=(KT, CC),
    ),
    SanctionCatalogueRule(
        track=PARTY,
        categories=INDIVIDUALS,
        party_status=PARTY_PROBATIONARY,
        valid_from=REGULATION_264_2025_FROM,
        basis=_(
            "Quy định 69-QĐ/TW, sửa đổi bởi Quy định 264-QĐ/TW ngày 14/02/2025: đảng viên dự bị chỉ bị "
            "khiển trách hoặc cảnh cáo"
        ),
        forms=(KT, CC),
    ),
    SanctionCatalogueRule(
        track=PARTY,
        categories=frozenset({COLLECTIVE}),
        basis=_("Quy định 69-QĐ/TW ngày 06/7/2022: kỷ luật tổ chức đảng — khiển trách, cảnh cáo, giải tán"),
        forms=(KT, CC, AllowedForm("giai_tan")),
    ),
)


def sanction_rule_for(
    track: str, category: str, on: dt.date, party_status: str = PARTY_FULL
) -> SanctionCatalogueRule | None:
    """The catalogue in force on the decision date; None where the law gives that track no forms for them
    (a Party sanction for someone who is not a Party member, for one)."""
    if track not in TRACKS:
        raise ValueError(f"unknown sanction track {track!r}")
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}")
    if track == PARTY and category != COLLECTIVE:
        if party_status == PARTY_NONE:
            return None
    else:
        party_status = PARTY_FULL
    candidates = (
        rule
        for rule in SANCTION_RULES
        if rule.track == track and category in rule.categories and rule.party_status == party_status
    )
    return rule_on(candidates, on)


def sanction_forms(
    track: str, category: str, holds_post: bool, on: dt.date, party_status: str = PARTY_FULL
) -> list[tuple[str, str]]:
    """(code, label) of the forms the law allowed on `on`, lightest first; empty where none apply."""
    rule = sanction_rule_for(track, category, on, party_status)
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


# --- Severity levels ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SeverityRule(LegalRule):
    levels: tuple[str, ...]


SEVERITY_RULES: tuple[SeverityRule, ...] = (
    SeverityRule(
        valid_until=BEFORE_DECREE_172,
        basis=_(
            "Nghị định 112/2020/NĐ-CP: bốn mức — ít nghiêm trọng, nghiêm trọng, rất nghiêm trọng, đặc biệt "
            "nghiêm trọng"
        ),
        levels=tuple(Severity.values),
    ),
    SeverityRule(
        valid_from=DECREE_172_FROM,
        basis=_(
            "Nghị định 172/2025/NĐ-CP, theo các bản tóm tắt báo chí: ba mức — ít nghiêm trọng, nghiêm trọng, "
            "rất nghiêm trọng (không còn mức đặc biệt nghiêm trọng)"
        ),
        confirmed=False,
        levels=(Severity.MINOR.value, Severity.SERIOUS.value, Severity.VERY_SERIOUS.value),
    ),
)


def severity_rule_for(detected_on: dt.date) -> SeverityRule:
    """Levels are those of the decree the case is handled under; handling starts at detection."""
    rule = rule_on(SEVERITY_RULES, detected_on)
    assert rule is not None, "SEVERITY_RULES must cover every date"
    return rule


def severity_levels(detected_on: dt.date) -> tuple[str, ...]:
    return severity_rule_for(detected_on).levels
