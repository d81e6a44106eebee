"""What every legal rule has: the dates it applies and its legal basis, and whether that basis was checked."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.utils.functional import Promise

from officials.models import Category
from violations.models import SanctionTrack
from violations.models.framework import UNVERIFIED_FLAG

Text = str | Promise

# The subject of a Party sanction can be an organisation; officials.Category has no value for it.
COLLECTIVE = "collective"
CATEGORIES = frozenset(Category.values) | {COLLECTIVE}
TRACKS = frozenset(SanctionTrack.values)
ADMINISTRATIVE = SanctionTrack.ADMINISTRATIVE.value
PARTY = SanctionTrack.PARTY.value
INDIVIDUALS = frozenset(Category.values)

# Shown beside every rule whose text has not been checked against the source (DOMAIN.md marks it so): the
# same words as on a working indicator text.
UNCONFIRMED_NOTE = UNVERIFIED_FLAG

# The dates on which the rules changed, named once so tests and rules agree on the boundaries.
LAW_52_2019_FROM = dt.date(2020, 7, 1)  # Luật 52/2019/QH14
RESOLUTION_76_2022_FROM = dt.date(2022, 11, 15)  # Nghị quyết 76/2022/QH15
REGULATION_69_2022_FROM = dt.date(2022, 7, 6)  # Quy định 69-QĐ/TW
REGULATION_264_2025_FROM = dt.date(2025, 2, 14)  # Quy định 264-QĐ/TW amending 69-QĐ/TW
DECREE_172_FROM = dt.date(2025, 7, 1)  # Nghị định 172/2025/NĐ-CP, Luật Cán bộ, công chức 80/2025/QH15
BEFORE_DECREE_172 = DECREE_172_FROM - dt.timedelta(days=1)
DECREE_335_FROM = dt.date(2026, 1, 1)  # Nghị định 335/2025/NĐ-CP (rating of công chức)


def day_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=1)


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

    @property
    def cited(self) -> str:
        """The basis as users read it: an unchecked one says so."""
        if self.confirmed:
            return str(self.basis)
        return f"{self.basis} ({UNCONFIRMED_NOTE})"


Rule = TypeVar("Rule", bound=LegalRule)


def rule_on(rules: Iterable[Rule], day: dt.date) -> Rule | None:
    return next((rule for rule in rules if rule.in_force_on(day)), None)


def format_day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")
