"""How long a sanction runs: the period in which the person may not be promoted, planned, trained or
appointed, by form and by the rule in force on the day of the decision."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from units.months import add_months
from violations.rules.base import DECREE_172_FROM, LAW_52_2019_FROM, LegalRule, day_before, rule_on

# The relationship ends with these: the sanction never lapses.
PERMANENT_FORMS = frozenset({"buoc_thoi_viec", "khai_tru", "bai_nhiem", "giai_tan"})


@dataclass(frozen=True, kw_only=True)
class SanctionEffectRule(LegalRule):
    months: dict[str, int]  # form → months in effect from the decision


EFFECT_RULES: tuple[SanctionEffectRule, ...] = (
    SanctionEffectRule(
        valid_until=day_before(LAW_52_2019_FROM),
        basis=_("Quyết định trước 01/7/2020: hệ thống áp dụng 12 tháng cho mọi hình thức có thời hạn"),
        confirmed=False,
        months={"khien_trach": 12, "canh_cao": 12, "ha_bac_luong": 12, "giang_chuc": 12, "cach_chuc": 12},
    ),
    SanctionEffectRule(
        valid_from=LAW_52_2019_FROM,
        valid_until=day_before(DECREE_172_FROM),
        basis=_(
            "Luật 52/2019/QH14, Điều 82 Luật Cán bộ, công chức: khiển trách, cảnh cáo, hạ bậc lương — không "
            "được nâng ngạch, quy hoạch, đào tạo, bổ nhiệm trong 12 tháng; giáng chức, cách chức — 24 tháng "
            "(kéo dài nâng lương theo Thông tư 03/2021/TT-BNV: 6 tháng với khiển trách, cảnh cáo; "
            "12 tháng với giáng chức, cách chức)"
        ),
        months={"khien_trach": 12, "canh_cao": 12, "ha_bac_luong": 12, "giang_chuc": 24, "cach_chuc": 24},
    ),
    SanctionEffectRule(
        valid_from=DECREE_172_FROM,
        basis=_(
            "Từ 01/7/2025 (Luật Cán bộ, công chức 80/2025/QH15, Nghị định 172/2025/NĐ-CP): hệ thống giữ 12 "
            "tháng với khiển trách, cảnh cáo và 24 tháng với cách chức, chờ đối chiếu văn bản"
        ),
        confirmed=False,
        months={"khien_trach": 12, "canh_cao": 12, "cach_chuc": 24},
    ),
)


def sanction_effect_rule_for(day: dt.date) -> SanctionEffectRule:
    rule = rule_on(EFFECT_RULES, day)
    assert rule is not None, "EFFECT_RULES must cover every date"
    return rule


def sanction_effect_until(code: str, decided_on: dt.date) -> dt.date | None:
    """Last day the sanction is in effect; None for forms that never lapse. A form the rule in force no
    longer knows (giáng chức decided after 1/7/2025 cannot exist) runs as long as it did before."""
    if code in PERMANENT_FORMS:
        return None
    rule = sanction_effect_rule_for(decided_on)
    months = rule.months.get(code)
    if months is None:
        months = max((r.months[code] for r in EFFECT_RULES if code in r.months), default=None)
        if months is None:
            raise ValueError(f"unknown sanction form {code!r}")
    return add_months(decided_on, months) - dt.timedelta(days=1)


def sanction_in_effect(code: str, decided_on: dt.date, on: dt.date) -> bool:
    if on < decided_on:
        return False
    until = sanction_effect_until(code, decided_on)
    return until is None or on <= until
