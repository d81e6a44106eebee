"""Every legal rule the product applies, as rows for the /quy-dinh/ page: what it decides, from when to
when, on what legal basis, and whether the text has been checked against the source (violations.rules)."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from officials.models import Category
from violations import rules
from violations.models import SanctionTrack

CATEGORY_LABELS = dict(Category.choices) | {rules.COLLECTIVE: _("Tổ chức đảng, tập thể")}


@dataclass(frozen=True)
class RuleRow:
    rule: rules.LegalRule
    decides: str

    @property
    def valid_from(self) -> Any:
        return self.rule.valid_from

    @property
    def valid_until(self) -> Any:
        return self.rule.valid_until


def _years(n: int | None) -> str:
    return _("không áp dụng thời hiệu") if n is None else _("%(n)s năm") % {"n": n}


def _limitation(rule: rules.LimitationRule) -> str:
    return _("Đến mức khiển trách: %(minor)s; cảnh cáo trở lên: %(other)s. %(note)s") % {
        "minor": _years(rule.minor_years),
        "other": _years(rule.other_years),
        "note": rule.note,
    }


def _forms(rule: rules.SanctionCatalogueRule) -> str:
    def one(form: rules.AllowedForm) -> str:
        label = rules.sanction_label(form.code)
        if form.needs_post is True:
            return _("%(form)s (chỉ người giữ chức vụ)") % {"form": label}
        if form.needs_post is False:
            return _("%(form)s (người không giữ chức vụ)") % {"form": label}
        return label

    who = ", ".join(str(CATEGORY_LABELS.get(c, c)) for c in sorted(rule.categories))
    track = dict(SanctionTrack.choices)[rule.track]
    return f"{track} — {who}: " + ", ".join(one(f) for f in rule.forms)


def rule_sections() -> list[tuple[str, list[RuleRow]]]:
    return [
        (_("Thời hiệu xử lý kỷ luật"), [RuleRow(r, _limitation(r)) for r in rules.LIMITATION_RULES]),
        (
            _("Thời hạn xử lý kỷ luật"),
            [
                RuleRow(
                    r,
                    _("%(days)s ngày, gia hạn một lần tới tối đa %(max)s ngày")
                    % {"days": r.days, "max": r.max_days},
                )
                for r in rules.HANDLING_RULES
            ],
        ),
        (_("Hình thức kỷ luật được áp dụng"), [RuleRow(r, _forms(r)) for r in rules.SANCTION_RULES]),
        (
            _("Thời gian chịu kỷ luật"),
            [
                RuleRow(r, _("%(months)s tháng kể từ ngày quyết định") % {"months": r.months})
                for r in rules.EFFECT_RULES
            ],
        ),
        (
            _("Xếp loại chất lượng hằng năm"),
            [
                RuleRow(
                    r,
                    ", ".join(str(CATEGORY_LABELS[c]) for c in sorted(r.categories))
                    + ": "
                    + str(r.consequence),
                )
                for r in rules.RATING_RULES
            ],
        ),
    ]
