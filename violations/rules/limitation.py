"""Thời hiệu: how long after an act a sanction may still be decided, by track, by the form the act warrants
and by the rule in force on the day of the act; the acts that have none; a new violation restarting it.

The law keys the period on the form the act *warrants* (a repeated minor act may warrant cảnh cáo), not on
a severity label, so an incident records its warranted form and these rules read it.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from units.months import add_months
from violations.models import NoLimitationGround
from violations.rules.base import (
    ADMINISTRATIVE,
    LAW_52_2019_FROM,
    PARTY,
    REGULATION_69_2022_FROM,
    RESOLUTION_76_2022_FROM,
    TRACKS,
    LegalRule,
    day_before,
    rule_on,
)
from violations.rules.forms import SANCTION_FORMS

ALL_GROUNDS = frozenset(NoLimitationGround.values)


@dataclass(frozen=True, kw_only=True)
class LimitationRule(LegalRule):
    track: str
    light_months: int  # the act warrants khiển trách
    heavy_months: int  # the act warrants cảnh cáo or heavier
    unlimited_forms: frozenset[str] = frozenset()  # warranting one of these, the act has no limitation
    unlimited_grounds: frozenset[str] = frozenset()  # kinds of act with no limitation

    def months_for(self, warranted_form: str) -> int | None:
        if warranted_form not in SANCTION_FORMS:
            raise ValueError(f"unknown warranted form {warranted_form!r}")
        if warranted_form in self.unlimited_forms:
            return None
        return self.light_months if warranted_form == "khien_trach" else self.heavy_months


GROUNDS_TEXT = _(
    "không áp dụng thời hiệu với vi phạm về bảo vệ chính trị nội bộ; xâm hại lợi ích quốc gia trong lĩnh vực "
    "quốc phòng, an ninh, đối ngoại; sử dụng văn bằng, chứng chỉ giả hoặc không hợp pháp"
)

LIMITATION_RULES: tuple[LimitationRule, ...] = (
    LimitationRule(
        track=ADMINISTRATIVE,
        valid_until=day_before(LAW_52_2019_FROM),
        basis=_(
            "Luật Cán bộ, công chức 2008, Điều 80 và Luật Viên chức 2010, Điều 53 (trước khi sửa đổi): 24 "
            "tháng kể từ thời điểm có hành vi vi phạm, với mọi vi phạm"
        ),
        light_months=24,
        heavy_months=24,
    ),
    LimitationRule(
        track=ADMINISTRATIVE,
        valid_from=LAW_52_2019_FROM,
        valid_until=day_before(RESOLUTION_76_2022_FROM),
        basis=format_lazy(
            "{}{}",
            _(
                "Luật 52/2019/QH14 sửa đổi Luật Cán bộ, công chức và Luật Viên chức (hiệu lực 01/7/2020), "
                "Điều 80: "
                "2 năm với vi phạm đến mức khiển trách, 5 năm với vi phạm đến mức cảnh cáo trở lên; "
            ),
            GROUNDS_TEXT,
        ),
        light_months=24,
        heavy_months=60,
        unlimited_grounds=ALL_GROUNDS,
    ),
    LimitationRule(
        track=ADMINISTRATIVE,
        valid_from=RESOLUTION_76_2022_FROM,
        basis=format_lazy(
            "{}{}",
            _(
                "Nghị quyết 76/2022/QH15 (hiệu lực 15/11/2022), đưa vào Nghị định 112/2020/NĐ-CP bởi Nghị "
                "định "
                "71/2023/NĐ-CP, giữ nguyên bởi Luật Cán bộ, công chức 80/2025/QH15: 5 năm với vi phạm đến "
                "mức khiển "
                "trách, 10 năm với vi phạm đến mức cảnh cáo trở lên; "
            ),
            GROUNDS_TEXT,
        ),
        light_months=60,
        heavy_months=120,
        unlimited_grounds=ALL_GROUNDS,
    ),
    LimitationRule(
        track=PARTY,
        valid_until=day_before(REGULATION_69_2022_FROM),
        basis=format_lazy(
            "{}{}",
            _(
                "Quy định 102-QĐ/TW (2017), trước Quy định 69-QĐ/TW: hệ thống áp dụng như Quy định 69 — 5 "
                "năm "
                "(khiển trách), 10 năm (cảnh cáo, cách chức), không áp dụng thời hiệu với vi phạm đến mức "
                "khai trừ; "
            ),
            GROUNDS_TEXT,
        ),
        confirmed=False,
        light_months=60,
        heavy_months=120,
        unlimited_forms=frozenset({"khai_tru"}),
        unlimited_grounds=ALL_GROUNDS,
    ),
    LimitationRule(
        track=PARTY,
        valid_from=REGULATION_69_2022_FROM,
        basis=format_lazy(
            "{}{}",
            _(
                "Quy định 69-QĐ/TW ngày 06/7/2022 (sửa đổi bởi Quy định 264-QĐ/TW): 5 năm với vi phạm đến "
                "mức "
                "khiển trách, 10 năm với vi phạm đến mức cảnh cáo, cách chức; không áp dụng thời hiệu với "
                "đảng viên "
                "vi phạm đến mức khai trừ; "
            ),
            GROUNDS_TEXT,
        ),
        light_months=60,
        heavy_months=120,
        unlimited_forms=frozenset({"khai_tru"}),
        unlimited_grounds=ALL_GROUNDS,
    ),
)

# Which rule governs an act that was still in time when the law changed: not settled by the sources the
# product was checked against, so it is a named, visible and tested choice rather than an accident of code.
TRANSITION_RULE = LegalRule(
    basis=_(
        "Thời hiệu của một hành vi theo quy định có hiệu lực vào ngày xảy ra hành vi (không áp dụng hồi tố "
        "quy định bất lợi hơn — Luật Ban hành văn bản quy phạm pháp luật); vi phạm xảy ra trước 15/11/2022 "
        "còn trong thời hiệu vào ngày đó vẫn tính theo Luật 52/2019/QH14"
    ),
    confirmed=False,
)

RESTART_RULE = LegalRule(
    basis=_(
        "Trong thời hiệu, nếu người đó có vi phạm mới (đã được kết luận) thì thời hiệu của vi phạm cũ được "
        "tính "
        "lại từ ngày xảy ra vi phạm mới (Luật 52/2019/QH14, Nghị định 112/2020/NĐ-CP, Quy định 69-QĐ/TW); "
        "độ dài thời hiệu vẫn theo quy định áp dụng cho vi phạm cũ"
    ),
    confirmed=False,
)


def limitation_rule_for(track: str, occurred_on: dt.date) -> LimitationRule:
    if track not in TRACKS:
        raise ValueError(f"unknown sanction track {track!r}")
    rule = rule_on((r for r in LIMITATION_RULES if r.track == track), occurred_on)
    assert rule is not None, "LIMITATION_RULES must cover every date of every track"
    return rule


@dataclass(frozen=True)
class Limitation:
    track: str
    rule: LimitationRule
    occurred_on: dt.date
    counted_from: dt.date  # the act, or the later violation that restarted the clock
    ends_on: dt.date | None  # the last day a sanction may be decided; None: no limitation
    unlimited_because: str = ""

    @property
    def restarted(self) -> bool:
        return self.counted_from != self.occurred_on


def restarted_from(occurred_on: dt.date, months: int, later_violations: Iterable[dt.date]) -> dt.date:
    """The day the clock counts from once each later violation inside the running period restarts it."""
    start = occurred_on
    for day in sorted(later_violations):
        if day <= start:
            continue
        if day > add_months(start, months):
            break
        start = day
    return start


def limitation_for(
    track: str,
    occurred_on: dt.date,
    warranted_form: str,
    ground: str = "",
    later_violations: Iterable[dt.date] = (),
) -> Limitation:
    """The limitation of one act on one track."""
    rule = limitation_rule_for(track, occurred_on)
    if ground:
        if ground not in ALL_GROUNDS:
            raise ValueError(f"unknown no-limitation ground {ground!r}")
        if ground in rule.unlimited_grounds:
            reason = gettext("Không áp dụng thời hiệu: %(ground)s.") % {
                "ground": NoLimitationGround(ground).label
            }
            return Limitation(track, rule, occurred_on, occurred_on, None, reason)
    months = rule.months_for(warranted_form)
    if months is None:
        reason = gettext("Không áp dụng thời hiệu: vi phạm đến mức %(form)s.") % {
            "form": SANCTION_FORMS[warranted_form].label
        }
        return Limitation(track, rule, occurred_on, occurred_on, None, reason)
    start = restarted_from(occurred_on, months, later_violations)
    return Limitation(track, rule, occurred_on, start, add_months(start, months))


def lasting(limitation: Limitation) -> dt.date:
    """Sort key for how long a limitation runs: one that never ends outlasts any date."""
    return dt.date.max if limitation.ends_on is None else limitation.ends_on


def case_limitation_end(limitations: Iterable[Limitation]) -> dt.date | None:
    """A case is time-barred once every track that applies to it is: the latest end, or None if any track has
    no limitation."""
    longest = max(limitations, key=lasting, default=None)
    return None if longest is None else longest.ends_on


# --- a case: its parties, each on the tracks that can reach them ----------------------------------------


@dataclass(frozen=True)
class Subject:
    """A party as the limitation rules see them: a person (category, Party member) or a collective (None)."""

    category: str | None
    is_party_member: bool = False
    later_violations: tuple[dt.date, ...] = ()  # their concluded violations after this act

    @property
    def tracks(self) -> list[str]:
        """A Party organisation only the Party's track; a person the administrative one (unless on a labour
        contract, Bộ luật Lao động) and the Party's if a member."""
        if self.category is None:
            return [PARTY]
        tracks = [] if self.category == "hop_dong" else [ADMINISTRATIVE]
        if self.is_party_member:
            tracks.append(PARTY)
        return tracks or [ADMINISTRATIVE]


def subject_limitations(
    subjects: Iterable[Subject], occurred_on: dt.date, warranted_form: str, ground: str = ""
) -> list[tuple[Subject, Limitation]]:
    """Every subject's limitation on every track that can reach them."""
    return [
        (subject, limitation_for(track, occurred_on, warranted_form, ground, subject.later_violations))
        for subject in subjects
        for track in subject.tracks
    ]


def case_limitation(
    subjects: Iterable[Subject], occurred_on: dt.date, warranted_form: str, ground: str = ""
) -> tuple[dt.date | None, dt.date]:
    """(last day of the case's limitation or None, the latest day it counts from). A case with no party yet
    is judged on the administrative track."""
    limitations = [
        item for _subject, item in subject_limitations(subjects, occurred_on, warranted_form, ground)
    ]
    if not limitations:
        limitations = [limitation_for(ADMINISTRATIVE, occurred_on, warranted_form, ground)]
    return case_limitation_end(limitations), max(item.counted_from for item in limitations)
