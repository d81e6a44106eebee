"""Every legal rule the product applies, as rows for the /quy-dinh/ page: what it decides, from when to
when, on what legal basis, and whether the text has been checked against the source (violations.rules)."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from officials.models import Category
from violations import rules
from violations.models import NoLimitationGround, SanctionTrack, Severity

# Lazy: read when a page is drawn, in its language (gettext here would fix the language of the import).
CATEGORY_LABELS = dict(Category.choices) | {rules.COLLECTIVE: gettext_lazy("Tổ chức đảng, tập thể")}
PARTY_STATUS_LABELS = {
    rules.PARTY_FULL: gettext_lazy("đảng viên chính thức"),
    rules.PARTY_PROBATIONARY: gettext_lazy("đảng viên dự bị"),
}


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


def _period(months: int | None) -> str:
    if months is None:
        return _("không áp dụng thời hiệu")
    if months % 12:
        return _("%(n)s tháng") % {"n": months}
    return _("%(n)s năm") % {"n": months // 12}


def _limitation(rule: rules.LimitationRule) -> str:
    track = dict(SanctionTrack.choices)[rule.track]
    text = _("%(track)s — vi phạm đến mức khiển trách: %(light)s; cảnh cáo trở lên: %(heavy)s.") % {
        "track": track,
        "light": _period(rule.light_months),
        "heavy": _period(rule.heavy_months),
    }
    if rule.unlimited_forms:
        forms = ", ".join(rules.sanction_label(code) for code in sorted(rule.unlimited_forms))
        text += " " + _("Đến mức %(forms)s: không áp dụng thời hiệu.") % {"forms": forms}
    if rule.unlimited_grounds:
        grounds = "; ".join(str(NoLimitationGround(g).label) for g in sorted(rule.unlimited_grounds))
        text += " " + _("Không áp dụng thời hiệu: %(grounds)s.") % {"grounds": grounds}
    return text


def _effects(rule: rules.SanctionEffectRule) -> str:
    parts = [
        _("%(form)s: %(n)s tháng") % {"form": rules.sanction_label(code), "n": months}
        for code, months in sorted(rule.months.items(), key=lambda item: rules.sanction_rank(item[0]))
    ]
    return _("Kể từ ngày quyết định — %(parts)s.") % {"parts": "; ".join(parts)}


def _levels(rule: rules.SeverityRule) -> str:
    return ", ".join(str(Severity(level).label) for level in rule.levels)


def _forms(rule: rules.SanctionCatalogueRule) -> str:
    def one(form: rules.AllowedForm) -> str:
        label = rules.sanction_label(form.code)
        if form.needs_post is True:
            return _("%(form)s (chỉ người giữ chức vụ)") % {"form": label}
        if form.needs_post is False:
            return _("%(form)s (người không giữ chức vụ)") % {"form": label}
        return label

    who = ", ".join(str(CATEGORY_LABELS.get(c, c)) for c in sorted(rule.categories))
    if rule.track == rules.PARTY and rules.COLLECTIVE not in rule.categories:
        who = str(PARTY_STATUS_LABELS[rule.party_status])
    track = dict(SanctionTrack.choices)[rule.track]
    return f"{track} — {who}: " + (", ".join(one(f) for f in rule.forms) or _("không áp dụng"))


def rule_sections() -> list[tuple[str, list[RuleRow]]]:
    return [
        (
            _("Thời hiệu xử lý kỷ luật (tính từ ngày xảy ra hành vi, theo hình thức kỷ luật tương xứng)"),
            [RuleRow(r, _limitation(r)) for r in rules.LIMITATION_RULES]
            + [
                RuleRow(rules.TRANSITION_RULE, _("Quy định nào áp dụng cho một hành vi")),
                RuleRow(rules.RESTART_RULE, _("Vi phạm mới trong thời hiệu")),
            ],
        ),
        (
            _("Thời hạn xử lý kỷ luật (tính từ ngày phát hiện)"),
            [
                RuleRow(
                    r,
                    _("%(days)s ngày, gia hạn một lần tới tối đa %(max)s ngày")
                    % {"days": r.days, "max": r.max_days},
                )
                for r in rules.HANDLING_RULES
            ]
            + [RuleRow(rules.SUSPENSION_RULE, _("Thời gian không tính vào thời hạn xử lý"))],
        ),
        (_("Hình thức kỷ luật được áp dụng"), [RuleRow(r, _forms(r)) for r in rules.SANCTION_RULES]),
        (_("Mức độ vi phạm"), [RuleRow(r, _levels(r)) for r in rules.SEVERITY_RULES]),
        (_("Thời gian chịu kỷ luật"), [RuleRow(r, _effects(r)) for r in rules.EFFECT_RULES]),
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
