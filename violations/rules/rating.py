"""The annual quality rating a sanction caps: who is rated "không hoàn thành nhiệm vụ" and on what basis."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from officials.models import Category
from violations.rules.base import DECREE_335_FROM, LegalRule, Text, rule_on


@dataclass(frozen=True, kw_only=True)
class RatingRule(LegalRule):
    categories: frozenset[str]
    consequence: Text


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
    return rule_on((rule for rule in RATING_RULES if category in rule.categories), on)


def rating_consequence_note(category: str, on: dt.date) -> str:
    rule = rating_rule_for(category, on)
    return str(rule.consequence) if rule else ""
