"""Thời hạn xử lý: from the detection of the violation to the disciplinary decision, with the periods of
criminal proceedings left out of the count."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from violations.rules.base import LAW_52_2019_FROM, LegalRule, day_before, rule_on


@dataclass(frozen=True, kw_only=True)
class HandlingRule(LegalRule):
    days: int
    max_days: int  # the ceiling an extension may reach, counted from the same start


HANDLING_BASIS = _(
    "Luật 52/2019/QH14 (Điều 80 Luật Cán bộ, công chức); Nghị định 112/2020/NĐ-CP, Điều 5 khoản 4; giữ "
    "nguyên bởi Nghị định 172/2025/NĐ-CP: thời hạn xử lý kỷ luật tính từ khi phát hiện hành vi vi phạm đến "
    "khi có quyết định xử lý kỷ luật, không quá 90 ngày; vụ việc phức tạp được kéo dài một lần, không quá "
    "150 ngày; thời gian điều tra, truy tố, xét xử theo thủ tục tố tụng hình sự không tính vào thời hạn"
)

HANDLING_RULES: tuple[HandlingRule, ...] = (
    HandlingRule(
        valid_until=day_before(LAW_52_2019_FROM),
        basis=_("Vi phạm phát hiện trước 01/7/2020: hệ thống áp dụng cùng thời hạn 90/150 ngày"),
        confirmed=False,
        days=90,
        max_days=150,
    ),
    HandlingRule(valid_from=LAW_52_2019_FROM, basis=HANDLING_BASIS, days=90, max_days=150),
)

SUSPENSION_RULE = LegalRule(
    basis=_(
        "Nghị định 112/2020/NĐ-CP, Điều 5 khoản 4; Nghị định 172/2025/NĐ-CP: thời gian điều tra, truy tố, "
        "xét xử theo thủ tục tố tụng hình sự (nếu có) không tính vào thời hạn xử lý kỷ luật"
    ),
)


@dataclass(frozen=True)
class Pause:
    """A period that does not count towards the handling time; an open one has no end yet."""

    starts_on: dt.date
    ends_on: dt.date | None

    @property
    def days(self) -> int:
        return 0 if self.ends_on is None else (self.ends_on - self.starts_on).days + 1


def handling_rule_for(detected_on: dt.date) -> HandlingRule:
    rule = rule_on(HANDLING_RULES, detected_on)
    assert rule is not None, "HANDLING_RULES must cover every date"
    return rule


def paused_days(pauses: Iterable[Pause]) -> int:
    return sum(pause.days for pause in pauses)


def is_paused(pauses: Iterable[Pause]) -> bool:
    return any(pause.ends_on is None for pause in pauses)


def handling_deadline(
    detected_on: dt.date, extended_to: dt.date | None = None, pauses: Iterable[Pause] = ()
) -> dt.date | None:
    """The day handling must be finished by; None while the clock is stopped by an open pause. An extension
    counts only up to the legal ceiling; an "extension" before the ordinary deadline shortens nothing."""
    pauses = list(pauses)
    if is_paused(pauses):
        return None
    deadline = detected_on + dt.timedelta(days=handling_rule_for(detected_on).days + paused_days(pauses))
    if extended_to is None:
        return deadline
    return max(deadline, min(extended_to, max_extension(detected_on, pauses)))


def max_extension(detected_on: dt.date, pauses: Iterable[Pause] = ()) -> dt.date:
    return detected_on + dt.timedelta(days=handling_rule_for(detected_on).max_days + paused_days(pauses))
